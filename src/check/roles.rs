//! Role names in an endpoint's `roles` list are checked against the Dashboard's built-in
//! roles (`crate::roles`): the generated backend compares them with the signed roles of the
//! caller exactly, so `"suport_specialist"` would turn away every user with a 403.

use super::Ctx;
use super::suggest::did_you_mean;
use crate::ast::Span;
use crate::diagnostics::problem::roles::RoleProblem;
use crate::diagnostics::{Diagnostic, Edit, FixKind};

pub(crate) fn check(ctx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) {
    for b in &ctx.backends {
        for ep in &b.endpoints {
            // `custom "<name>"` says the role is the account's own: nothing to compare.
            for role in ep
                .roles
                .iter()
                .filter(|r| !ep.custom_roles.contains(&r.span))
            {
                check_role(role, diags);
            }
        }
    }
}

fn check_role(role: &crate::ast::Str, diags: &mut Vec<Diagnostic>) {
    let written = role.value.as_str();
    if crate::roles::role(written).is_some() {
        return;
    }
    // Compared case-insensitively for the suggestion: `"Admin"` is probably `admin`.
    let folded = crate::roles::spellings().find(|s| s.eq_ignore_ascii_case(written));
    let near = folded.or_else(|| did_you_mean(written, crate::roles::spellings()));
    let span = role.inner_span();
    let written = written.to_string();
    match near {
        Some(near) => diags.push(
            Diagnostic::from(RoleProblem::Misspelt {
                span,
                written,
                near,
            })
            .suggestion(
                FixKind::ReplaceName {
                    with: near.to_string(),
                },
                vec![Edit {
                    span: role.span,
                    new_text: crate::syntax::print::quote(near),
                }],
            ),
        ),
        None => diags.push(
            Diagnostic::from(RoleProblem::NotBuiltIn {
                span,
                written: written.clone(),
            })
            .suggestion(
                FixKind::MarkCustomRole { role: written },
                vec![Edit {
                    span: Span::point(role.span.start),
                    new_text: "custom ".to_string(),
                }],
            ),
        ),
    }
}
