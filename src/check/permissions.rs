//! Permissions: every call and event needs its permission granted; every declared
//! permission should be needed; endpoints that write with the app's own permissions must
//! say which Dashboard roles may call them.

use super::Ctx;
use super::fixes;
use super::names::{Resolved, Site};
use crate::catalogue::{self, Basis};
use crate::diagnostics::Diagnostic;
use crate::model::Call;
use rustc_hash::{FxHashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

/// The closure of a set of permissions: each `X_write` grants `X_read`, and the
/// catalogue's `implies` entries are followed until nothing changes.
pub fn grant<S: AsRef<str>>(declared: impl IntoIterator<Item = S>) -> BTreeSet<String> {
    let mut granted: BTreeSet<String> = BTreeSet::new();
    let mut work: Vec<String> = declared
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect();
    while let Some(p) = work.pop() {
        if !granted.insert(p.clone()) {
            continue;
        }
        if let Some(object) = p.strip_suffix("_write") {
            work.push(format!("{object}_read"));
        }
        if let Some(info) = catalogue::permission(&p) {
            work.extend(info.implies.iter().map(|s| s.to_string()));
        }
    }
    granted
}

/// The catalogue description of a permission, used as the purpose of inserted lines.
fn purpose_for(name: &str) -> String {
    catalogue::permission(name)
        .map(|p| p.description.to_string())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| format!("Needed for {name}"))
}

fn add_fix(ctx: &Ctx<'_>, d: Diagnostic, names: &[&str]) -> Diagnostic {
    let edits = names
        .iter()
        .map(|n| fixes::add_permission(ctx, n, &purpose_for(n)))
        .collect();
    let title = match names {
        [one] => format!("Add `permission {one}`"),
        _ => format!(
            "Add {}",
            names
                .iter()
                .map(|n| format!("`permission {n}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
    };
    d.fix(title, edits)
}

/// The member of an event's any-of list whose object matches the event's last object
/// segment (`customer.subscription.created` → `subscription_read`), else the first.
fn suggested_for_event(event: &str, any_of: &[&'static str]) -> Option<&'static str> {
    let segments: Vec<&str> = event.split('.').collect();
    let object = if segments.len() >= 2 {
        segments[segments.len() - 2]
    } else {
        event
    };
    let base = |p: &str| {
        p.strip_suffix("_read")
            .or_else(|| p.strip_suffix("_write"))
            .unwrap_or(p)
            .to_string()
    };
    any_of
        .iter()
        .find(|p| base(p) == object)
        .or_else(|| {
            any_of
                .iter()
                .find(|p| base(p).ends_with(&format!("_{object}")))
        })
        .or_else(|| any_of.first())
        .copied()
}

pub fn check(ctx: &Ctx<'_>, r: &Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    let declared: Vec<String> = r.model.permissions.iter().map(|p| p.name.clone()).collect();
    let granted = grant(declared.iter().cloned());
    // What the file needs, to find unused permissions afterwards.
    let mut needed: HashSet<&'static str> = HashSet::default();

    for c in &r.calls {
        let (perm, basis, name) = match &c.call {
            Call::Api(m) => (m.permission, m.basis, m.name),
            Call::Sdk(s) => (s.permission, Basis::Documented, s.name),
        };
        match basis {
            Basis::Unknown => {
                diags.push(
                    Diagnostic::new(
                        "W0404",
                        c.name.span,
                        format!("the permission `{name}` needs is not known, so it is not checked"),
                    )
                    .help("Stripe documents no Apps permission for this method; check the API reference and declare what it needs (unused-permission warnings are off while a call's needs are unknown)"),
                );
                continue;
            }
            Basis::Inferred => diags.push(
                Diagnostic::new(
                    "W0403",
                    c.name.span,
                    format!("`{name}` needing `{perm}` is inferred, not documented by Stripe"),
                )
                .help("the permission check still applies; if Stripe asks for another permission at run time, declare that one"),
            ),
            Basis::Documented => {}
        }
        needed.insert(perm);
        if !granted.contains(perm) {
            let d = Diagnostic::new(
                "E0301",
                c.name.span,
                format!("`{name}` needs permission `{perm}`, which the app does not request"),
            )
            .help(format!(
                "add `permission {perm} \"…\"`; without it Stripe answers this call with an error"
            ));
            diags.push(add_fix(ctx, d, &[perm]));
        }
    }

    for e in &r.events {
        let name = e.info.name;
        if e.info.basis == Basis::Unknown {
            diags.push(
                Diagnostic::new(
                    "W0404",
                    e.name.span,
                    format!("the permission event `{name}` needs is not known, so only `event_read` is checked"),
                )
                .help("Stripe documents no Apps permission for this event's object"),
            );
        } else if e.info.basis == Basis::Inferred {
            diags.push(
                Diagnostic::new(
                    "W0403",
                    e.name.span,
                    format!(
                        "the permission for event `{name}` ({}) is inferred, not documented by Stripe",
                        e.info.any_of.join(" or ")
                    ),
                )
                .help("the check still applies"),
            );
        }
        needed.insert("event_read");
        let mut missing: Vec<&str> = Vec::new();
        if !granted.contains("event_read") {
            missing.push("event_read");
        }
        let any_of: Vec<&'static str> = e
            .info
            .any_of
            .iter()
            .copied()
            .filter(|p| *p != "event_read")
            .collect();
        let granted_members: Vec<&'static str> = any_of
            .iter()
            .copied()
            .filter(|p| granted.contains(*p))
            .collect();
        needed.extend(granted_members.iter().copied());
        let object_missing = !any_of.is_empty() && granted_members.is_empty();
        if object_missing && let Some(p) = suggested_for_event(name, &any_of) {
            missing.push(p);
        }
        if missing.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        if !granted.contains("event_read") {
            parts.push("`event_read`".to_string());
        }
        if object_missing {
            parts.push(if any_of.len() == 1 {
                format!("`{}`", any_of[0])
            } else {
                format!(
                    "one of {}",
                    any_of
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
        }
        let d = Diagnostic::new(
            "E0302",
            e.name.span,
            format!(
                "receiving `{name}` needs {}, which the app does not request",
                parts.join(" and ")
            ),
        )
        .help("Stripe only delivers an event to an app that has `event_read` and may read the event's object");
        diags.push(add_fix(ctx, d, &missing));
    }

    // "Nothing uses this" is only trustworthy when every use was understood: a line with a
    // syntax error, an unknown name or a call of unknown needs may be the missing use.
    let uses_hidden = diags
        .iter()
        .any(|d| matches!(d.code, "E0001" | "E0103" | "E0104" | "E0106" | "W0404"));
    if !uses_hidden {
        unused(r, &needed, diags);
    }
    let endpoint_uses_hidden = diags.iter().any(|d| matches!(d.code, "E0001" | "E0105"));
    roles(r, !endpoint_uses_hidden, diags);
}

/// Declared permissions nothing needs, and pairs where one of `X_read`/`X_write` is enough.
fn unused(r: &Resolved<'_>, needed: &HashSet<&'static str>, diags: &mut Vec<Diagnostic>) {
    let declared: BTreeSet<&str> = r
        .model
        .permissions
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let is_used = |p: &str| {
        grant([p.to_string()])
            .iter()
            .any(|g| needed.contains(g.as_str()))
    };
    // Whether `X_write` satisfies something `X_read` alone would not.
    let write_needed = |object: &str| {
        let read = grant([format!("{object}_read")]);
        grant([format!("{object}_write")])
            .iter()
            .any(|g| !read.contains(g) && needed.contains(g.as_str()))
    };
    for p in r.model.permissions.iter().filter(|p| !p.recovered) {
        let name = p.name.as_str();
        // An unconfirmed name already has its warning (W0101); no catalogue entry needs it.
        if catalogue::permission(name).is_some_and(|i| i.status.is_unconfirmed()) {
            continue;
        }
        if let Some(object) = name.strip_suffix("_read") {
            let write = format!("{object}_write");
            if declared.contains(write.as_str()) && write_needed(object) {
                diags.push(
                    Diagnostic::new(
                        "W0202",
                        p.span,
                        format!("`{name}` is redundant: `{write}` already grants it"),
                    )
                    .help(format!(
                        "remove `permission {name}`; every `_write` permission includes its `_read`"
                    )),
                );
                continue;
            }
        }
        if let Some(object) = name.strip_suffix("_write") {
            let read = format!("{object}_read");
            // Least privilege: when only reads are needed and the read is declared, the
            // write is the one to drop (not the read).
            if declared.contains(read.as_str()) && is_used(&read) && !write_needed(object) {
                diags.push(
                    Diagnostic::new(
                        "W0201",
                        p.span,
                        format!("permission `{name}` is requested but the app only reads: `{read}` is enough"),
                    )
                    .help(format!("remove `permission {name}`; nothing in the app writes with it")),
                );
                continue;
            }
        }
        if !is_used(name) {
            diags.push(
                Diagnostic::new(
                    "W0201",
                    p.span,
                    format!("permission `{name}` is requested but nothing in the app needs it"),
                )
                .help("remove it, or add the `calls` or `on` that needs it: installers see every permission an app requests, and each added one makes them re-authorize"),
            );
        }
    }
}

/// Endpoints that write with the app's own permissions but name no roles; endpoints no
/// view uses.
fn roles(r: &Resolved<'_>, report_unused: bool, diags: &mut Vec<Diagnostic>) {
    let used: HashSet<usize> = r.uses.iter().map(|u| u.endpoint).collect();
    // The first write call of each endpoint, by route index.
    let mut first_write: FxHashMap<usize, &super::names::ResolvedCall<'_>> = FxHashMap::default();
    for c in &r.calls {
        if let (Site::Endpoint(i), Call::Api(m)) = (c.site, &c.call)
            && m.is_write()
        {
            first_write.entry(i).or_insert(c);
        }
    }
    for (i, route) in r.routes.iter().enumerate() {
        let ep = route.decl;
        if report_unused && !used.contains(&i) {
            diags.push(
                Diagnostic::new(
                    "W0401",
                    ep.name.span,
                    format!("no view uses endpoint `{}`", ep.name.text),
                )
                .help(format!(
                    "add `uses {}` to the view that calls it, or remove the endpoint",
                    ep.name.text
                )),
            );
        }
        if !ep.roles.is_empty() {
            continue;
        }
        if let Some(w) = first_write.get(&i) {
            diags.push(
                Diagnostic::new(
                    "W0301",
                    ep.name.span,
                    format!(
                        "endpoint `{}` changes data with the app's permissions but allows every Dashboard user",
                        ep.name.text
                    ),
                )
                .label(w.name.span, "this call writes")
                .help("the backend acts with the app's permissions, not the user's: add `roles \"admin\"` (or the roles that may do this) to the endpoint"),
            );
        }
    }
}
