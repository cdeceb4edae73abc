//! `expand` and `platform calls` of a view or handler block, resolved against the block's own
//! `calls` and the catalogue's expansion table (`stdlib/expansions.toml`).
//!
//! An expansion makes Stripe return an object in place of its id, which reads that object:
//! its read permission is needed (and counts as a use of it, for W0201). A platform call is made
//! with the app owner's own key on the owner's account, so no permission of the installing
//! account applies to it; in a view, which runs in the merchant's browser with the merchant's
//! session, it is an error.

use super::names::{Resolved, Site};
use super::suggest::did_you_mean;
use crate::ast::{CallExtras, Name};
use crate::catalogue::{self, ExpandError, ExpandableInfo};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Expansion;

/// One resolved `expand` path: what the permission pass checks.
pub struct ResolvedExpansion<'a> {
    pub method: &'a Name,
    pub path: &'a Name,
    /// Each expanded field, outermost first.
    pub steps: Vec<&'static ExpandableInfo>,
}

/// What a block's extras add to the model.
pub struct Extras {
    pub expand: Vec<Expansion>,
    pub platform_calls: Vec<&'static catalogue::MethodInfo>,
}

/// Resolves a block's `expand` and `platform calls` statements; `calls` are the block's own.
pub fn resolve<'a>(
    extras: &'a CallExtras,
    calls: &[Name],
    site: Site,
    r: &mut Resolved<'a>,
    diags: &mut Vec<Diagnostic>,
) -> Extras {
    let mut out = Extras {
        expand: Vec::new(),
        platform_calls: Vec::new(),
    };
    let platform_names: Vec<&Name> = extras.platform.iter().flat_map(|p| &p.calls).collect();
    for stmt in &extras.platform {
        if site == Site::View {
            diags.push(
                Diagnostic::new(
                    Code::PlatformCallInView,
                    stmt.span,
                    "`platform calls` are not allowed in a view",
                )
                .help("platform calls use your own secret key, and a view runs in the merchant's browser: move these calls to a backend endpoint the view `uses`, and declare them there"),
            );
            continue;
        }
        for c in &stmt.calls {
            match catalogue::method(&c.text) {
                Some(info) => out.platform_calls.push(info),
                None => {
                    let mut d = Diagnostic::new(
                        Code::UnknownMethod,
                        c.span,
                        format!("unknown Stripe API method `{}`", c.text),
                    );
                    d = match super::suggest::method(&c.text) {
                        Some(s) => d
                            .help(format!("did you mean `{s}`?"))
                            .with_fix(super::fixes::replace_name(c.span, s)),
                        None => d.help("methods are named as in stripe-node (`invoiceItems.create`); see `stripeapp catalog methods`"),
                    };
                    diags.push(d);
                }
            }
        }
    }
    for e in &extras.expand {
        let declared = calls.iter().any(|c| c.text == e.method.text);
        let on_platform = platform_names.iter().any(|c| c.text == e.method.text);
        if !declared && !on_platform {
            // Which call was meant is unknown, and so is the permission it would use.
            r.unresolved_call = true;
            let mut d = Diagnostic::new(
                Code::ExpandWithoutCall,
                e.method.span,
                format!(
                    "`expand` names `{}`, which this block does not call",
                    e.method.text
                ),
            );
            d = match did_you_mean(&e.method.text, calls.iter().map(|c| c.text.as_str())) {
                Some(s) => d
                    .help(format!("did you mean `{s}`?"))
                    .with_fix(super::fixes::replace_name(e.method.span, s)),
                None => d.help(format!(
                    "an expansion belongs to a call of the same block: add `calls {}` (or `platform calls {}` in a backend block), or remove this line",
                    e.method.text, e.method.text
                )),
            };
            diags.push(d);
            continue;
        }
        if catalogue::method(&e.method.text).is_none() {
            // Reported where it is called.
            continue;
        }
        let mut paths = Vec::new();
        for path in &e.paths {
            match catalogue::expansion(&e.method.text, &path.text) {
                Ok(steps) => {
                    paths.push(path.text.clone());
                    // A platform call's expansions read the owner's account: no permission.
                    if declared {
                        r.expansions.push(ResolvedExpansion {
                            method: &e.method,
                            path,
                            steps,
                        });
                    }
                }
                Err(err) => {
                    r.unresolved_call = true;
                    diags.push(unknown_path(&e.method.text, path, err));
                }
            }
        }
        out.expand.push(Expansion {
            method: e.method.text.clone(),
            paths,
        });
    }
    out
}

/// `platform calls` where the generated backends give no platform client yet: a syntax
/// error (E0001) that says what to do instead, rather than a declaration nothing serves.
pub fn platform_unsupported(extras: &CallExtras, what: &str, diags: &mut Vec<Diagnostic>) {
    for stmt in &extras.platform {
        diags.push(
            Diagnostic::new(
                Code::Syntax,
                stmt.span,
                format!("`platform calls` is not supported in {what}"),
            )
            .help("declare them in an `endpoint`, `on` or `job` block; a `public` route's `calls` already run on your own account"),
        );
    }
}

/// E0110 for a path the expansion table does not have, pointing at the segment that fails.
fn unknown_path(method: &str, path: &Name, err: ExpandError) -> Diagnostic {
    let segment_span = |index: usize| {
        let mut start = path.span.start;
        for (i, seg) in path.text.split('.').enumerate() {
            if i == index {
                return crate::ast::Span::new(start, start + seg.len());
            }
            start += seg.len() + 1;
        }
        path.span
    };
    match err {
        ExpandError::UnknownReturn => Diagnostic::new(
            Code::UnknownExpansion,
            path.span,
            format!("the catalogue does not know what `{method}` returns, so nothing of it can be expanded"),
        )
        .help("expansions are known for the methods of top-level resources (`stripeapp catalog methods`); remove this line or expand in a call of such a method"),
        ExpandError::ListNeedsData { object } => {
            let fixed = format!("data.{}", path.text);
            let ok = catalogue::expansion(method, &fixed).is_ok();
            let d = Diagnostic::new(
                Code::UnknownExpansion,
                path.span,
                format!("`{method}` returns a list of `{object}` objects: their fields are under `data.`"),
            );
            if ok {
                d.help(format!("write `{fixed}`"))
                    .with_fix(super::fixes::replace_name(path.span, &fixed))
            } else {
                d.help(format!("write `data.<field>`; see `stripeapp catalog methods {method}`"))
            }
        }
        ExpandError::UnknownField {
            index,
            objects,
            candidates,
        } => {
            let span = segment_span(index);
            let field = path.text.split('.').nth(index).unwrap_or("");
            let object = objects.join("` or `");
            let mut d = Diagnostic::new(
                Code::UnknownExpansion,
                span,
                format!("`{field}` is not an expandable field of `{object}`"),
            );
            d = match did_you_mean(field, candidates.iter().copied()) {
                Some(s) => d
                    .help(format!("did you mean `{s}`?"))
                    .with_fix(super::fixes::replace_name(span, s)),
                None if candidates.is_empty() => {
                    d.help(format!("`{object}` has no field that expands to an object"))
                }
                None => d.help(format!(
                    "the expandable fields of `{object}` are {}",
                    candidates
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            d
        }
        ExpandError::TooDeep => Diagnostic::new(
            Code::UnknownExpansion,
            path.span,
            format!(
                "Stripe expands at most {} levels deep",
                catalogue::MAX_EXPANSION_DEPTH
            ),
        )
        .help("expand fewer levels, and retrieve the innermost object with a call of its own"),
    }
}
