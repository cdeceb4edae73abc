//! Builds the semantic index (`crate::index`) from what name resolution found, so that the
//! rules it records (what a call needs, which endpoint a `uses` names) are the checker's.

use super::Ctx;
use super::names::Resolved;
use crate::ast::Name;
use crate::index::{Definition, Index, ProfileUrl, Requirement, SymbolKind, Use, UseKind};
use crate::model::{Call, route_url};

pub fn build(ctx: &Ctx<'_>, r: &Resolved<'_>) -> Index {
    let mut index = Index::default();
    let def = |kind, name: &str, span| Definition {
        kind,
        name: name.to_string(),
        span,
        url: None,
        grants: Default::default(),
        profile_urls: Vec::new(),
    };
    for p in &ctx.permissions {
        let mut d = def(SymbolKind::Permission, &p.name.text, p.name.span);
        d.grants = super::grants_of(&p.name.text);
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
    // The routes nobody signs, on the backend the model is built from.
    if let Some(b) = ctx.backend() {
        for p in &r.publics {
            let mut d = def(SymbolKind::Public, &p.name.text, p.name.span);
            d.url = Some(p.url(b));
            index.definitions.push(d);
        }
        if let Some(cb) = &b.oauth_callback {
            let mut d = def(SymbolKind::OauthCallback, "oauth_callback", cb.keyword);
            d.url = Some(cb.url(b));
            d.profile_urls = ctx
                .profiles
                .iter()
                .filter_map(|p| {
                    // As the URL checks read a profile: a backend URL they rejected serves
                    // nothing.
                    p.backend()
                        .filter(|base| super::urls::acceptable(&base.value))
                        .map(|base| ProfileUrl {
                            profile: p.name.text.clone(),
                            url: route_url(&base.value, &cb.path.value),
                        })
                })
                .collect();
            index.definitions.push(d);
        }
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
    // The `uses` that name an endpoint, and those that name a public route (E0802), which
    // still say which route they mean.
    let mut used: Vec<&Name> = r.uses.iter().map(|u| u.name).collect();
    used.extend(
        ctx.views
            .iter()
            .flat_map(|v| &v.uses)
            .filter(|u| r.publics.iter().any(|p| p.name.text == u.text)),
    );
    used.sort_by_key(|u| u.span.start);
    for u in used {
        index.uses.push(Use {
            kind: UseKind::Uses,
            span: u.span,
            requires: Requirement::Endpoint(u.text.clone()),
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
    // Every `redirect`, the app's and the profiles': each may send installs to the callback.
    let app_redirects = ctx.apps.iter().flat_map(|a| a.redirects());
    let profile_redirects = ctx.profiles.iter().flat_map(|p| p.redirects());
    let mut redirects: Vec<_> = app_redirects.chain(profile_redirects).collect();
    redirects.sort_by_key(|url| url.span.start);
    for url in redirects {
        index.uses.push(Use {
            kind: UseKind::Redirect,
            span: url.inner_span(),
            requires: Requirement::Callback(url.value.clone()),
        });
    }
    index
}
