//! Role names in an endpoint's `roles` list are checked against the Dashboard's built-in
//! roles (`crate::roles`): the generated backend compares them with the signed roles of the
//! caller exactly, so `"suport_specialist"` would turn away every user with a 403.

use super::Ctx;
use super::suggest::did_you_mean;
use crate::ast::Span;
use crate::diagnostics::{Code, Diagnostic, Edit, FixKind};

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
    match near {
        Some(s) => diags.push(
            Diagnostic::new(
                Code::UnknownRole,
                role.inner_span(),
                format!("`{written}` is not a Dashboard role"),
            )
            .help(format!(
                "did you mean `{s}`? A role matches a Dashboard role's id or name exactly; a custom role of your account is written `custom \"{written}\"`"
            ))
            .suggestion(
                FixKind::ReplaceName {
                    with: s.to_string(),
                },
                vec![Edit {
                    span: role.span,
                    new_text: crate::syntax::print::quote(s),
                }],
            ),
        ),
        None => diags.push(
            Diagnostic::new(
                Code::RoleNotInCatalogue,
                role.inner_span(),
                format!("`{written}` is not a built-in Dashboard role"),
            )
            .help(format!("a custom role of your account is written `custom \"{written}\"`; otherwise see `stripeapp catalog roles` for the built-in roles"))
            .suggestion(
                FixKind::MarkCustomRole {
                    role: written.to_string(),
                },
                vec![Edit {
                    span: Span::point(role.span.start),
                    new_text: "custom ".to_string(),
                }],
            ),
        ),
    }
}
