//! Permissions: every call and event needs its permission granted; every declared
//! permission should be needed; endpoints that write with the app's own permissions must
//! say which Dashboard roles may call them.

use super::Ctx;
use super::fixes;
use super::names::{Resolved, Site};
use crate::catalogue::{self, Access, Basis};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::permissions::PermissionProblem;
use crate::model::Call;
use rustc_hash::{FxHashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

/// The closure of a set of permissions: each `X_write` grants `X_read`, and the
/// catalogue's `implies` entries are followed until nothing changes, except that a read
/// never grants a write (issue 9: `transfer_read` lists `payout_write` among its implied
/// permissions, but counting it would let a read-only install screen hide a write; W0203
/// explains it where it matters).
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
            work.extend(
                info.implies
                    .iter()
                    .filter(|implied| info.access == Access::Write || !is_write(implied))
                    .map(|s| s.to_string()),
            );
        }
    }
    granted
}

/// What declaring `permission` alone grants (itself included): the `grants` of its
/// declaration in the semantic index, and what hover says a permission grants.
pub fn grants_of(permission: &str) -> BTreeSet<String> {
    grant([permission])
}

/// The known permissions of the catalogue, other than `permission`, whose declaration
/// grants it.
pub fn granted_by(permission: &str) -> impl Iterator<Item = &'static str> + '_ {
    catalogue::PERMISSIONS
        .iter()
        .filter(move |q| q.name != permission && q.status.is_known())
        .filter(move |q| grants_of(q.name).contains(permission))
        .map(|q| q.name)
}

fn is_write(name: &str) -> bool {
    catalogue::permission(name).map_or(name.ends_with("_write"), |p| p.access == Access::Write)
}

/// The declared read permissions whose reference `implies` list names `write`.
fn reads_implying<'r>(r: &'r Resolved<'_>, write: &str) -> Vec<&'r crate::model::Permission> {
    r.model
        .permissions
        .iter()
        .filter(|p| {
            catalogue::permission(&p.name)
                .is_some_and(|i| i.access == Access::Read && i.implies.contains(&write))
        })
        .collect()
}

fn add_fix(ctx: &Ctx<'_>, d: Diagnostic, names: &[&str]) -> Diagnostic {
    d.with_fix(fixes::add_permissions(ctx, names))
}

/// The member of an event's any-of list to propose (SPEC §4.12): the one whose catalogue
/// objects include the event's object path (`topup` for `topup.created`,
/// `billing_portal.configuration` for `billing_portal.configuration.created`; a thin
/// `v1.X` event has the object of `X`); else, where no member's objects name the whole
/// path, the one named after its last object segment (`subscription_read` for
/// `customer.subscription.created`, whose first member is `quote_read`: proposing the
/// event's own object is what a user means); else the first member.
fn suggested_for_event(event: &str, any_of: &[&'static str]) -> Option<&'static str> {
    let event = event.strip_prefix("v1.").unwrap_or(event);
    let path = event.rsplit_once('.').map_or(event, |(o, _)| o);
    let path: String = path.split('[').next().unwrap_or(path).to_string();
    let objects = |p: &str| -> Vec<String> {
        catalogue::permission(p)
            .map(|i| {
                i.objects
                    .split(';')
                    .map(|o| o.split('(').next().unwrap_or("").trim().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let last = path.rsplit('.').next().unwrap_or(&path);
    let base = |p: &str| {
        p.strip_suffix("_read")
            .or_else(|| p.strip_suffix("_write"))
            .unwrap_or(p)
            .to_string()
    };
    any_of
        .iter()
        .find(|p| objects(p).contains(&path))
        .or_else(|| any_of.iter().find(|p| base(p) == last))
        .or_else(|| {
            any_of
                .iter()
                .find(|p| base(p).ends_with(&format!("_{last}")))
        })
        .or_else(|| any_of.first())
        .copied()
}

pub fn check(ctx: &Ctx<'_>, r: &Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    let declared: Vec<String> = r.model.permissions.iter().map(|p| p.name.clone()).collect();
    let granted = grant(declared.iter().cloned());
    // What the file needs, to find unused permissions afterwards.
    let mut needed: HashSet<&'static str> = HashSet::default();
    // Whether a call's or event's needs are unknown to the catalogue.
    let mut needs_unknown = false;

    // Writes a declared read's reference implication would have covered: one W0203 per
    // read permission and write, at the read's declaration.
    let mut implied_writes: BTreeSet<(String, &'static str)> = BTreeSet::new();
    for c in &r.calls {
        let (perm, also, basis, name, derivation) = match &c.call {
            Call::Api(m) => (m.permission, m.also, m.basis, m.name, m.derivation),
            Call::Sdk(s) => (s.permission, &[][..], Basis::Documented, s.name, ""),
        };
        match basis {
            Basis::Unknown => {
                let why = derivation
                    .strip_prefix("no permission: ")
                    .unwrap_or(derivation);
                needs_unknown = true;
                diags.push(
                    PermissionProblem::UnknownCallNeeds {
                        span: c.name.span,
                        call: name.to_string(),
                        why: why.to_string(),
                    }
                    .into(),
                );
                continue;
            }
            Basis::Inferred => diags.push(
                PermissionProblem::InferredCallNeeds {
                    span: c.name.span,
                    call: name.to_string(),
                    permission: perm.to_string(),
                    derivation: derivation.to_string(),
                }
                .into(),
            ),
            Basis::Documented => {}
        }
        let needs: Vec<&'static str> = c.call.needs().all().collect();
        needed.extend(needs.iter().copied());
        let missing: Vec<&'static str> = needs
            .iter()
            .copied()
            .filter(|p| !granted.contains(*p))
            .collect();
        if missing.is_empty() {
            continue;
        }
        for w in &missing {
            for read in reads_implying(r, w) {
                implied_writes.insert((read.name.clone(), w));
            }
        }
        let refused: Vec<&'static str> = missing
            .iter()
            .copied()
            .filter(|p| catalogue::permission(p).is_some_and(|i| i.status.is_refused()))
            .collect();
        let refused = refused.first().map(|p| {
            let source = catalogue::permission(p)
                .map(|i| i.source)
                .unwrap_or_default();
            (p.to_string(), source.to_string())
        });
        let is_refused = refused.is_some();
        let d = Diagnostic::from(PermissionProblem::CallMissing {
            span: c.name.span,
            call: name.to_string(),
            missing: missing.iter().map(|p| p.to_string()).collect(),
            refused,
            returns_other: missing.iter().any(|p| also.contains(p)),
        });
        if is_refused {
            diags.push(d);
            continue;
        }
        diags.push(add_fix(ctx, d, &missing));
    }

    // An expansion reads the expanded object: its read permission (one of them, for a
    // polymorphic field) is needed, and counts as a use.
    for x in &r.expansions {
        let mut missing: Vec<&'static str> = Vec::new();
        let mut one_of: Vec<&'static str> = Vec::new();
        for step in &x.steps {
            let perms = step.read_permissions();
            let granted_members: Vec<&'static str> = perms
                .iter()
                .copied()
                .filter(|p| granted.contains(*p))
                .collect();
            needed.extend(granted_members.iter().copied());
            if perms.len() == 1 {
                needed.extend(perms.iter().copied());
            }
            if granted_members.is_empty() {
                match perms.as_slice() {
                    [] => {}
                    [one] => missing.push(one),
                    many => one_of.extend(many.iter().copied()),
                }
            }
        }
        missing.dedup();
        if missing.is_empty() && one_of.is_empty() {
            continue;
        }
        let mut to_add = missing.clone();
        to_add.extend(one_of.first().copied());
        let d = Diagnostic::from(PermissionProblem::ExpansionMissing {
            span: x.path.span,
            method: x.method.text.clone(),
            path: x.path.text.clone(),
            missing: missing.iter().map(|p| p.to_string()).collect(),
            one_of: one_of.iter().map(|p| p.to_string()).collect(),
        });
        diags.push(add_fix(ctx, d, &to_add));
    }

    for e in &r.events {
        let name = e.info.name;
        if e.info.basis == Basis::Unknown {
            needs_unknown = true;
            diags.push(
                PermissionProblem::UnknownEventNeeds {
                    span: e.name.span,
                    event: name.to_string(),
                    why: e
                        .info
                        .derivation
                        .split_once("no permission: ")
                        .map_or(e.info.derivation, |(_, why)| why)
                        .to_string(),
                }
                .into(),
            );
        } else if e.info.basis == Basis::Inferred {
            diags.push(
                PermissionProblem::InferredEventNeeds {
                    span: e.name.span,
                    event: name.to_string(),
                    any_of: e.info.any_of.iter().map(|p| p.to_string()).collect(),
                    derivation: e.info.derivation.to_string(),
                }
                .into(),
            );
        }
        let needs = e.info.needs();
        needed.extend(needs.all());
        let mut missing: Vec<&str> = needs.all().filter(|p| !granted.contains(*p)).collect();
        let base_missing = missing.clone();
        let any_of: Vec<&'static str> = needs.any_of().collect();
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
        let d = Diagnostic::from(PermissionProblem::EventMissing {
            span: e.name.span,
            event: name.to_string(),
            missing: base_missing.iter().map(|p| p.to_string()).collect(),
            object_any_of: if object_missing {
                any_of.iter().map(|p| p.to_string()).collect()
            } else {
                Vec::new()
            },
        });
        diags.push(add_fix(ctx, d, &missing));
    }

    for (read, write) in &implied_writes {
        let Some(decl) = r.model.permissions.iter().find(|p| &p.name == read) else {
            continue;
        };
        diags.push(
            PermissionProblem::ImpliedWriteNotGranted {
                span: decl.span,
                read: read.clone(),
                write: write.to_string(),
            }
            .into(),
        );
    }

    // "Nothing uses this" is only trustworthy when every use was understood: a line with a
    // syntax error, an unknown name or a call of unknown needs may be the missing use.
    if ctx.parsed_cleanly && !r.unresolved_call && !needs_unknown {
        unused(r, &needed, diags);
    }
    roles(r, ctx.parsed_cleanly && !r.unresolved_use, diags);
}

/// Declared permissions nothing needs, and pairs where one of `X_read`/`X_write` is enough.
fn unused(r: &Resolved<'_>, needed: &HashSet<&'static str>, diags: &mut Vec<Diagnostic>) {
    let declared: BTreeSet<&str> = r
        .model
        .permissions
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let is_used = |p: &str| grants_of(p).iter().any(|g| needed.contains(g.as_str()));
    // Whether `X_write` satisfies something `X_read` alone would not.
    let write_needed = |object: &str| {
        let read = grant([format!("{object}_read")]);
        grant([format!("{object}_write")])
            .iter()
            .any(|g| !read.contains(g) && needed.contains(g.as_str()))
    };
    for p in r.model.permissions.iter().filter(|p| !p.recovered) {
        let name = p.name.as_str();
        if let Some(object) = name.strip_suffix("_read") {
            let write = format!("{object}_write");
            if declared.contains(write.as_str()) && write_needed(object) {
                diags.push(
                    PermissionProblem::RedundantRead {
                        span: p.span,
                        name: name.to_string(),
                        write,
                    }
                    .into(),
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
                    PermissionProblem::WriteOnlyRead {
                        span: p.span,
                        name: name.to_string(),
                        read,
                    }
                    .into(),
                );
                continue;
            }
        }
        if !is_used(name) {
            diags.push(
                PermissionProblem::Unused {
                    span: p.span,
                    name: name.to_string(),
                }
                .into(),
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
                PermissionProblem::UnusedEndpoint {
                    span: ep.name.span,
                    endpoint: ep.name.text.clone(),
                }
                .into(),
            );
        }
        if !ep.roles.is_empty() {
            continue;
        }
        if let Some(w) = first_write.get(&i) {
            diags.push(
                PermissionProblem::WriteWithoutRoles {
                    span: ep.name.span,
                    endpoint: ep.name.text.clone(),
                    write: w.name.span,
                }
                .into(),
            );
        }
    }
}
