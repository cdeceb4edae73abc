//! Builds the semantic index (`crate::index`) from what name resolution found, so that the
//! rules it records (what a call needs, which endpoint a `uses` names) are the checker's.

use super::Ctx;
use super::names::Resolved;
use crate::index::{Definition, Index, Requirement, SymbolKind, Use, UseKind};
use crate::model::Call;

pub fn build(ctx: &Ctx<'_>, r: &Resolved<'_>) -> Index {
    let mut index = Index::default();
    let def = |kind, name: &str, span| Definition {
        kind,
        name: name.to_string(),
        span,
        url: None,
        grants: Default::default(),
    };
    for p in &ctx.permissions {
        let mut d = def(SymbolKind::Permission, &p.name.text, p.name.span);
        d.grants = super::grant([p.name.text.as_str()]);
        index.definitions.push(d);
    }
    for v in &ctx.views {
        index
            .definitions
            .push(def(SymbolKind::View, &v.component.text, v.component.span));
    }
    for route in &r.routes {
        let mut d = def(
            SymbolKind::Endpoint,
            &route.decl.name.text,
            route.decl.name.span,
        );
        d.url = Some(route.url.clone());
        index.definitions.push(d);
    }
    for j in &r.jobs {
        index
            .definitions
            .push(def(SymbolKind::Job, &j.name.text, j.name.span));
    }
    if let Some(block) = ctx.urls_block() {
        for c in &block.connect {
            index
                .definitions
                .push(def(SymbolKind::Connect, &c.value, c.inner_span()));
        }
    }
    for c in &r.calls {
        let kind = match c.call {
            Call::Api(_) => UseKind::Call,
            Call::Sdk(_) => UseKind::Sdk,
        };
        index.uses.push(Use {
            kind,
            span: c.name.span,
            requires: Requirement::Permissions(c.call.needs()),
        });
    }
    for e in &r.events {
        index.uses.push(Use {
            kind: UseKind::Event,
            span: e.name.span,
            requires: Requirement::Permissions(e.info.needs()),
        });
    }
    for u in &r.uses {
        index.uses.push(Use {
            kind: UseKind::Uses,
            span: u.name.span,
            requires: Requirement::Endpoint(u.name.text.clone()),
        });
    }
    for v in &ctx.views {
        for f in &v.fetch {
            index.uses.push(Use {
                kind: UseKind::Fetch,
                span: f.inner_span(),
                requires: Requirement::Connect(f.value.clone()),
            });
        }
    }
    index
}
