use super::ticked_list;
use crate::diagnostics::problem::permissions::PermissionProblem;
use crate::diagnostics::{Code, Diagnostic};

/// "`a` and `b`".
fn ticked_and(names: &[String]) -> String {
    names
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

impl From<PermissionProblem> for Diagnostic {
    fn from(problem: PermissionProblem) -> Diagnostic {
        match problem {
            PermissionProblem::UnknownCallNeeds { span, call, why } => Diagnostic::new(
                Code::UnknownMapping,
                span,
                format!("the permission `{call}` needs is not known, so it is not checked"),
            )
            .help(format!("{why} Check Stripe's API reference before relying on this call (unused-permission warnings are off while a call's needs are unknown)")),
            PermissionProblem::InferredCallNeeds {
                span,
                call,
                permission,
                derivation,
            } => Diagnostic::new(
                Code::InferredMapping,
                span,
                format!("`{call}` needing `{permission}` is inferred, not documented by Stripe"),
            )
            .help(format!(
                "the permission check still applies ({derivation}); if Stripe asks for another permission at run time, declare that one"
            )),
            PermissionProblem::CallMissing {
                span,
                call,
                missing,
                refused,
                returns_other,
            } => {
                let noun = if missing.len() > 1 {
                    "permissions"
                } else {
                    "permission"
                };
                let d = Diagnostic::new(
                    Code::CallMissingPermission,
                    span,
                    format!(
                        "`{call}` needs {noun} {}, which the app does not request",
                        ticked_and(&missing)
                    ),
                );
                if let Some((p, source)) = refused {
                    return d.help(format!(
                        "Stripe does not grant `{p}` to apps ({source}); remove this call"
                    ));
                }
                let why_also = if returns_other {
                    " (it returns another object's data, which needs that object's permission too)"
                } else {
                    ""
                };
                d.help(format!(
                    "add {}; without it Stripe answers this call with an error{why_also}",
                    missing
                        .iter()
                        .map(|p| format!("`permission {p} \"…\"`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ))
            }
            PermissionProblem::ExpansionMissing {
                span,
                method,
                path,
                missing,
                one_of,
            } => {
                let mut parts = Vec::new();
                if !missing.is_empty() {
                    let noun = if missing.len() > 1 {
                        "permissions"
                    } else {
                        "permission"
                    };
                    parts.push(format!("{noun} {}", ticked_and(&missing)));
                }
                if !one_of.is_empty() {
                    parts.push(format!("one of {}", ticked_list(&one_of)));
                }
                Diagnostic::new(
                    Code::CallMissingPermission,
                    span,
                    format!(
                        "expanding `{path}` of `{method}` needs {}, which the app does not request",
                        parts.join(" and ")
                    ),
                )
                .help("an expansion returns the expanded object itself, which Stripe only does for an app that may read it; add the permission or remove the expansion")
            }
            PermissionProblem::UnknownEventNeeds { span, event, why } => Diagnostic::new(
                Code::UnknownMapping,
                span,
                format!("the permission event `{event}` needs is not known, so only `event_read` is checked"),
            )
            .help(why),
            PermissionProblem::InferredEventNeeds {
                span,
                event,
                any_of,
                derivation,
            } => Diagnostic::new(
                Code::InferredMapping,
                span,
                format!(
                    "the permission for event `{event}` ({}) is inferred, not documented by Stripe",
                    any_of.join(" or ")
                ),
            )
            .help(format!("the check still applies ({derivation})")),
            PermissionProblem::EventMissing {
                span,
                event,
                missing,
                object_any_of,
            } => {
                let mut parts: Vec<String> = missing.iter().map(|p| format!("`{p}`")).collect();
                match object_any_of.as_slice() {
                    [] => {}
                    [one] => parts.push(format!("`{one}`")),
                    many => parts.push(format!("one of {}", ticked_list(many))),
                }
                Diagnostic::new(
                    Code::EventMissingPermission,
                    span,
                    format!(
                        "receiving `{event}` needs {}, which the app does not request",
                        parts.join(" and ")
                    ),
                )
                .help("Stripe only delivers an event to an app that has `event_read` and may read the event's object")
            }
            PermissionProblem::ImpliedWriteNotGranted { span, read, write } => Diagnostic::new(
                Code::ImpliedWriteNotGranted,
                span,
                format!("`{read}` does not grant `{write}`, although Stripe's reference lists it as implied"),
            )
            .help(format!(
                "stripeapp never counts a read permission as granting a write, so installers see every write the app makes: declare `permission {write}` for the calls that need it"
            )),
            PermissionProblem::RedundantRead { span, name, write } => Diagnostic::new(
                Code::RedundantRead,
                span,
                format!("`{name}` is redundant: `{write}` already grants it"),
            )
            .help(format!(
                "remove `permission {name}`; every `_write` permission includes its `_read`"
            )),
            PermissionProblem::WriteOnlyRead { span, name, read } => Diagnostic::new(
                Code::UnusedPermission,
                span,
                format!("permission `{name}` is requested but the app only reads: `{read}` is enough"),
            )
            .help(format!("remove `permission {name}`; nothing in the app writes with it")),
            PermissionProblem::Unused { span, name } => Diagnostic::new(
                Code::UnusedPermission,
                span,
                format!("permission `{name}` is requested but nothing in the app needs it"),
            )
            .help("remove it, or add the `calls` or `on` that needs it: installers see every permission an app requests, and each added one makes them re-authorize"),
            PermissionProblem::UnusedEndpoint { span, endpoint } => Diagnostic::new(
                Code::UnusedEndpoint,
                span,
                format!("no view uses endpoint `{endpoint}`"),
            )
            .help(format!(
                "add `uses {endpoint}` to the view that calls it, or remove the endpoint"
            )),
            PermissionProblem::WriteWithoutRoles {
                span,
                endpoint,
                write,
            } => Diagnostic::new(
                Code::WriteWithoutRoles,
                span,
                format!(
                    "endpoint `{endpoint}` changes data with the app's permissions but allows every Dashboard user"
                ),
            )
            .label(write, "this call writes")
            .help("the backend acts with the app's permissions, not the user's: add `roles \"admin\"` (or the roles that may do this) to the endpoint"),
        }
    }
}
