//! `expand` and `platform calls` of a view or handler block, resolved against the block's own
//! `calls` and the catalogue's expansion table (`stdlib/expansions.toml`).
//!
//! An expansion makes Stripe return an object in place of its id, which reads that object:
//! its read permission is needed (and counts as a use of it, for W0201). A platform call is made
//! with the app owner's own key on the owner's account, so no permission of the installing
//! account applies to it; in a view, which runs in the merchant's browser with the merchant's
//! session, it is an error.

use super::fixes::offer_replacement;
use super::names::{Resolved, Site};
use super::suggest::did_you_mean;
use crate::ast::{CallExtras, Name};
use crate::catalogue::{self, ExpandError, ExpandableInfo};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::expand::{ExpandProblem, UnservedBlock};
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
            diags.push(ExpandProblem::PlatformCallInView { span: stmt.span }.into());
            continue;
        }
        for c in &stmt.calls {
            match catalogue::method(&c.text) {
                Some(info) => out.platform_calls.push(info),
                None => {
                    let suggestion = super::suggest::method(&c.text);
                    let d = ExpandProblem::UnknownPlatformMethod {
                        span: c.span,
                        method: c.text.clone(),
                        suggestion,
                    };
                    diags.push(offer_replacement(d.into(), c.span, suggestion));
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
            let suggestion = did_you_mean(&e.method.text, calls.iter().map(|c| c.text.as_str()));
            let d = ExpandProblem::WithoutCall {
                span: e.method.span,
                method: e.method.text.clone(),
                suggestion: suggestion.map(str::to_string),
            };
            diags.push(offer_replacement(d.into(), e.method.span, suggestion));
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
pub fn platform_unsupported(
    extras: &CallExtras,
    block: UnservedBlock,
    diags: &mut Vec<Diagnostic>,
) {
    for stmt in &extras.platform {
        diags.push(
            ExpandProblem::PlatformCallsUnserved {
                span: stmt.span,
                block,
            }
            .into(),
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
        ExpandError::UnknownReturn => ExpandProblem::UnknownReturn {
            span: path.span,
            method: method.to_string(),
        }
        .into(),
        ExpandError::ListNeedsData { object } => {
            let fixed = format!("data.{}", path.text);
            let fixed = catalogue::expansion(method, &fixed)
                .is_ok()
                .then_some(fixed);
            let d = Diagnostic::from(ExpandProblem::ListNeedsData {
                span: path.span,
                method: method.to_string(),
                object,
                fixed: fixed.clone(),
            });
            offer_replacement(d, path.span, fixed.as_deref())
        }
        ExpandError::UnknownField {
            index,
            objects,
            candidates,
        } => {
            let span = segment_span(index);
            let field = path.text.split('.').nth(index).unwrap_or("");
            let suggestion = did_you_mean(field, candidates.iter().copied());
            let d = ExpandProblem::UnknownField {
                span,
                field: field.to_string(),
                objects,
                candidates,
                suggestion,
            };
            offer_replacement(d.into(), span, suggestion)
        }
        ExpandError::TooDeep => ExpandProblem::TooDeep { span: path.span }.into(),
    }
}
