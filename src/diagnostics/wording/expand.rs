use super::names::{did_you_mean_or, unknown_method};
use super::ticked_list;
use crate::catalogue::MAX_EXPANSION_DEPTH;
use crate::diagnostics::problem::expand::{ExpandProblem, UnservedBlock};
use crate::diagnostics::{Code, Diagnostic};

impl From<ExpandProblem> for Diagnostic {
    fn from(problem: ExpandProblem) -> Diagnostic {
        match problem {
            ExpandProblem::PlatformCallInView { span } => Diagnostic::new(
                Code::PlatformCallInView,
                span,
                "`platform calls` are not allowed in a view",
            )
            .help("platform calls use your own secret key, and a view runs in the merchant's browser: move these calls to a backend endpoint the view `uses`, and declare them there"),
            ExpandProblem::PlatformCallsUnserved { span, block } => {
                let what = match block {
                    UnservedBlock::Public => "a `public` route",
                    UnservedBlock::OauthCallback => "the `oauth_callback`",
                };
                Diagnostic::new(
                    Code::Syntax,
                    span,
                    format!("`platform calls` is not supported in {what}"),
                )
                .help("declare them in an `endpoint`, `on` or `job` block; a `public` route's `calls` already run on your own account")
            }
            ExpandProblem::UnknownPlatformMethod {
                span,
                method,
                suggestion,
            } => unknown_method(span, &method, suggestion, "`invoiceItems.create`"),
            ExpandProblem::WithoutCall {
                span,
                method,
                suggestion,
            } => did_you_mean_or(
                Diagnostic::new(
                    Code::ExpandWithoutCall,
                    span,
                    format!("`expand` names `{method}`, which this block does not call"),
                ),
                suggestion.as_deref(),
                format!(
                    "an expansion belongs to a call of the same block: add `calls {method}` (or `platform calls {method}` in a backend block), or remove this line"
                ),
            ),
            ExpandProblem::UnknownReturn { span, method } => Diagnostic::new(
                Code::UnknownExpansion,
                span,
                format!("the catalogue does not know what `{method}` returns, so nothing of it can be expanded"),
            )
            .help("expansions are known for the methods of top-level resources (`stripeapp catalog methods`); remove this line or expand in a call of such a method"),
            ExpandProblem::ListNeedsData {
                span,
                method,
                object,
                fixed,
            } => {
                let d = Diagnostic::new(
                    Code::UnknownExpansion,
                    span,
                    format!("`{method}` returns a list of `{object}` objects: their fields are under `data.`"),
                );
                match fixed {
                    Some(fixed) => d.help(format!("write `{fixed}`")),
                    None => d.help(format!(
                        "write `data.<field>`; see `stripeapp catalog methods {method}`"
                    )),
                }
            }
            ExpandProblem::UnknownField {
                span,
                field,
                objects,
                candidates,
                suggestion,
            } => {
                let object = objects.join("` or `");
                let d = Diagnostic::new(
                    Code::UnknownExpansion,
                    span,
                    format!("`{field}` is not an expandable field of `{object}`"),
                );
                let fallback = if candidates.is_empty() {
                    format!("`{object}` has no field that expands to an object")
                } else {
                    format!(
                        "the expandable fields of `{object}` are {}",
                        ticked_list(candidates)
                    )
                };
                did_you_mean_or(d, suggestion, fallback)
            }
            ExpandProblem::TooDeep { span } => Diagnostic::new(
                Code::UnknownExpansion,
                span,
                format!("Stripe expands at most {MAX_EXPANSION_DEPTH} levels deep"),
            )
            .help("expand fewer levels, and retrieve the innermost object with a call of its own"),
        }
    }
}
