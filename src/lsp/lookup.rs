//! Finding things by name in a parsed file, and what permissions grant and need. Handlers
//! look names up in the current analysis first and then in the last good one, so a file that
//! is broken right now still answers hover and completion.

use crate::ast::{
    AppDecl, BackendDecl, EndpointDecl, File, Item, JobDecl, Name, OnDecl, PermissionDecl, ViewDecl,
};
use std::collections::BTreeSet;

pub fn app(file: &File) -> Option<&AppDecl> {
    file.items.iter().find_map(|i| match i {
        Item::App(d) => Some(d),
        _ => None,
    })
}

pub fn permissions(file: &File) -> impl Iterator<Item = &PermissionDecl> {
    file.items.iter().filter_map(|i| match i {
        Item::Permission(d) => Some(d),
        _ => None,
    })
}

pub fn views(file: &File) -> impl Iterator<Item = &ViewDecl> {
    file.items.iter().filter_map(|i| match i {
        Item::View(d) => Some(d),
        _ => None,
    })
}

pub fn backends(file: &File) -> impl Iterator<Item = &BackendDecl> {
    file.items.iter().filter_map(|i| match i {
        Item::Backend(d) => Some(d),
        _ => None,
    })
}

pub fn permission<'f>(file: &'f File, name: &str) -> Option<&'f PermissionDecl> {
    permissions(file).find(|p| p.name.text == name)
}

pub fn view<'f>(file: &'f File, component: &str) -> Option<&'f ViewDecl> {
    views(file).find(|v| v.component.text == component)
}

/// An endpoint by name, with the backend that declares it.
pub fn endpoint<'f>(file: &'f File, name: &str) -> Option<(&'f BackendDecl, &'f EndpointDecl)> {
    backends(file).find_map(|b| {
        b.endpoints
            .iter()
            .find(|e| e.name.text == name)
            .map(|e| (b, e))
    })
}

pub fn job<'f>(file: &'f File, name: &str) -> Option<&'f JobDecl> {
    backends(file).find_map(|b| b.jobs.iter().find(|j| j.name.text == name))
}

/// The `on` block that handles an event.
pub fn handler<'f>(file: &'f File, event: &str) -> Option<&'f OnDecl> {
    backends(file).find_map(|b| {
        b.handlers
            .iter()
            .find(|h| h.events.iter().any(|e| e.text == event))
    })
}

/// The public URL of an endpoint.
pub fn endpoint_url(backend: &BackendDecl, endpoint: &EndpointDecl) -> String {
    endpoint.url(backend)
}

/// Every name in a `calls` list, anywhere in the file.
pub fn calls(file: &File) -> Vec<&Name> {
    let mut out = Vec::new();
    for item in &file.items {
        match item {
            Item::View(v) => out.extend(v.calls.iter()),
            Item::Backend(b) => {
                for e in &b.endpoints {
                    out.extend(e.calls.iter());
                }
                for h in &b.handlers {
                    out.extend(h.calls.iter());
                }
                for j in &b.jobs {
                    out.extend(j.calls.iter());
                }
            }
            _ => {}
        }
    }
    out
}

/// Every event name of every `on`.
pub fn events(file: &File) -> Vec<&Name> {
    backends(file)
        .flat_map(|b| b.handlers.iter().flat_map(|h| h.events.iter()))
        .collect()
}

/// The names of the views that use an endpoint.
pub fn views_using<'f>(file: &'f File, endpoint: &str) -> Vec<&'f str> {
    views(file)
        .filter(|v| v.uses.iter().any(|u| u.text == endpoint))
        .map(|v| v.component.text.as_str())
        .collect()
}

/// The permissions a set of declared permissions grants: each `X_write` grants `X_read`,
/// and the catalogue's `implies` entries are followed until nothing changes (as `check`
/// counts them).
pub fn grant<'a>(declared: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    crate::check::grant(declared)
}

/// The declared permissions that grant `needed` (directly, as a write's read, or implied).
pub fn declared_granting<'f>(file: &'f File, needed: &str) -> Vec<&'f PermissionDecl> {
    permissions(file)
        .filter(|p| grant([p.name.text.as_str()]).contains(needed))
        .collect()
}
