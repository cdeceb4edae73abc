//! Name resolution: unknown permissions, viewports, events, methods and endpoints (with
//! did-you-mean), duplicates, invalid keyword values; builds the model.

use super::Ctx;
use super::suggest::did_you_mean;
use crate::ast::*;
use crate::catalogue::{self, EventInfo, PermissionStatus};
use crate::diagnostics::Diagnostic;
use crate::model::{self, Call, ConstValue, Model};
use std::collections::HashMap;

/// Where a call is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    View,
    /// An endpoint, by index into `Resolved::routes`.
    Endpoint(usize),
    Handler,
    Job,
}

pub struct ResolvedCall<'a> {
    pub name: &'a Name,
    pub call: Call,
    pub site: Site,
}

pub struct ResolvedEvent<'a> {
    pub name: &'a Name,
    pub info: &'static EventInfo,
}

/// An endpoint's route, for URL coverage and the duplicate-route check.
pub struct Route<'a> {
    pub decl: &'a EndpointDecl,
    pub path: String,
    pub url: String,
}

pub struct Use<'a> {
    pub name: &'a Name,
    /// Index into `Resolved::routes`.
    pub endpoint: usize,
}

pub struct Resolved<'a> {
    pub model: Model,
    pub calls: Vec<ResolvedCall<'a>>,
    pub events: Vec<ResolvedEvent<'a>>,
    pub routes: Vec<Route<'a>>,
    pub uses: Vec<Use<'a>>,
}

pub fn resolve<'a>(ctx: &Ctx<'a>, diags: &mut Vec<Diagnostic>) -> Resolved<'a> {
    let mut r = Resolved {
        model: Model::default(),
        calls: Vec::new(),
        events: Vec::new(),
        routes: Vec::new(),
        uses: Vec::new(),
    };
    app(ctx, &mut r, diags);
    permissions(ctx, &mut r, diags);
    urls(ctx, &mut r, diags);
    backend(ctx, &mut r, diags);
    views(ctx, &mut r, diags);
    r
}

fn header(keyword: Span, name: Span) -> Span {
    keyword.to(name)
}

fn app(ctx: &Ctx<'_>, r: &mut Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    let Some(first) = ctx.app() else {
        diags.push(
            Diagnostic::new("E0201", Span::point(0), "this file has no `app` block")
                .help("start the file with `app \"com.example.my-app\" { name \"My App\"  version \"1.0.0\" }`"),
        );
        return;
    };
    for later in ctx.apps.iter().skip(1) {
        diags.push(
            Diagnostic::new(
                "E0202",
                header(later.keyword, later.id.span),
                format!("a second `app` block (`{}`)", later.id.value),
            )
            .label(header(first.keyword, first.id.span), "the first `app` block is here")
            .help("a file describes one app: merge the two blocks or move one app to its own file"),
        );
    }
    let mut app = model::App {
        id: first.id.value.clone(),
        doc: first.doc.clone(),
        ..Default::default()
    };
    let mut seen: HashMap<&'static str, Span> = HashMap::new();
    let mut constants: HashMap<&str, Span> = HashMap::new();
    for stmt in &first.stmts {
        let kw = stmt.kind.keyword();
        let repeatable = matches!(
            stmt.kind,
            AppStmtKind::Redirect(_) | AppStmtKind::Constant { .. }
        );
        if !repeatable {
            if let Some(prev) = seen.get(kw) {
                diags.push(
                    Diagnostic::new("E0209", stmt.span, format!("`{kw}` is given twice"))
                        .label(*prev, "first given here")
                        .help(format!("keep one `{kw}` statement")),
                );
                continue;
            }
            seen.insert(kw, stmt.span);
        }
        match &stmt.kind {
            AppStmtKind::Name(s) => app.name = s.value.clone(),
            AppStmtKind::Version(s) => app.version = s.value.clone(),
            AppStmtKind::Icon(s) => {
                // `icon ""` means no icon, as `"icon": ""` does in the manifest.
                if !s.value.is_empty() {
                    app.icon = Some(s.value.clone())
                }
            }
            AppStmtKind::Distribution(n) => {
                app.distribution_explicit = true;
                match choose(n, &["public", "private"], "distribution", diags) {
                    Some("public") => app.distribution = model::Distribution::Public,
                    _ => app.distribution = model::Distribution::Private,
                }
            }
            AppStmtKind::ApiAccess(n) => {
                app.api_access_explicit = true;
                app.api_access = match choose(
                    n,
                    &["platform", "oauth", "restricted_api_key"],
                    "api_access",
                    diags,
                ) {
                    Some("oauth") => model::ApiAccess::Oauth,
                    Some("restricted_api_key") => model::ApiAccess::RestrictedApiKey,
                    _ => model::ApiAccess::Platform,
                }
            }
            AppStmtKind::SandboxInstall(n) => {
                app.sandbox_install =
                    choose(n, &["true", "false"], "sandbox_install", diags).map(|v| v == "true")
            }
            AppStmtKind::PostInstall { kind, url } => {
                let chosen = choose(
                    kind,
                    &["settings", "onboarding", "external"],
                    "post_install",
                    diags,
                );
                match (chosen, url) {
                    (Some("external"), Some(u)) => {
                        app.post_install = Some(model::PostInstall::External(u.value.clone()))
                    }
                    (Some("external"), None) => diags.push(
                        Diagnostic::new(
                            "E0107",
                            kind.span,
                            "`post_install external` needs the URL to send the user to",
                        )
                        .help("write `post_install external \"https://example.com/stripe/installed\"`"),
                    ),
                    (Some(k), Some(u)) => diags.push(
                        Diagnostic::new(
                            "E0107",
                            u.span,
                            format!("`post_install {k}` takes no URL"),
                        )
                        .help(format!(
                            "remove the URL, or use `post_install external \"…\"` to send users to it"
                        )),
                    ),
                    (Some("settings"), None) => {
                        app.post_install = Some(model::PostInstall::Settings)
                    }
                    (Some("onboarding"), None) => {
                        app.post_install = Some(model::PostInstall::Onboarding)
                    }
                    _ => {}
                }
            }
            AppStmtKind::Redirect(s) => app.redirects.push(s.value.clone()),
            AppStmtKind::Constant { name, value } => {
                if let Some(prev) = constants.get(name.text.as_str()) {
                    diags.push(
                        Diagnostic::new(
                            "E0209",
                            name.span,
                            format!("constant `{}` is defined twice", name.text),
                        )
                        .label(*prev, "first defined here")
                        .help("give each constant a distinct name"),
                    );
                    continue;
                }
                constants.insert(&name.text, name.span);
                let v = match value {
                    Value::Str(s) => ConstValue::String(s.value.clone()),
                    Value::Number(n, _) => ConstValue::Number(n.clone()),
                    Value::Bool(b, _) => ConstValue::Bool(*b),
                };
                app.constants.push((name.text.clone(), v));
            }
        }
    }
    r.model.app = Some(app);
}

/// Validates a keyword value against its set, reporting E0107 with a suggestion.
fn choose(
    n: &Name,
    allowed: &[&'static str],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'static str> {
    if let Some(v) = allowed.iter().find(|a| **a == n.text) {
        return Some(v);
    }
    let list = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut d = Diagnostic::new(
        "E0107",
        n.span,
        format!("`{}` is not a valid value for `{what}`", n.text),
    );
    match did_you_mean(&n.text, allowed.iter().copied()) {
        Some(s) => {
            d = d
                .help(format!("did you mean `{s}`? `{what}` takes one of {list}"))
                .suggestion(
                    format!("Replace with `{s}`"),
                    vec![crate::diagnostics::Edit {
                        span: n.span,
                        new_text: s.to_string(),
                    }],
                )
        }
        None => d = d.help(format!("`{what}` takes one of {list}")),
    }
    diags.push(d);
    None
}

fn permissions(ctx: &Ctx<'_>, r: &mut Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for p in &ctx.permissions {
        if let Some(prev) = seen.get(p.name.text.as_str()) {
            diags.push(
                Diagnostic::new(
                    "E0203",
                    p.name.span,
                    format!("permission `{}` is declared twice", p.name.text),
                )
                .label(*prev, "first declared here")
                .help("remove one of the two declarations")
                .fix(
                    "Remove the duplicate declaration",
                    vec![super::fixes::delete_line(ctx.src, p.span)],
                ),
            );
            continue;
        }
        seen.insert(&p.name.text, p.name.span);
        let info = catalogue::permission(&p.name.text);
        match info {
            Some(i) if i.status.is_known() => {
                if i.status.is_unconfirmed() {
                    let why = match i.status {
                        PermissionStatus::SchemaEnumOnly => {
                            "it appears in Stripe's manifest schema but not in the Apps permissions reference"
                        }
                        _ => {
                            "it is known as a restricted API key permission, not as a documented Stripe Apps permission"
                        }
                    };
                    diags.push(
                        Diagnostic::new(
                            "W0101",
                            p.name.span,
                            format!("permission `{}` is not confirmed for Stripe Apps", p.name.text),
                        )
                        .help(format!("{why}; `stripe apps upload` may reject it")),
                    );
                }
            }
            _ => {
                let suggestion = catalogue::replacement_for(&p.name.text)
                    .or_else(|| did_you_mean(&p.name.text, catalogue::known_permission_names()));
                let what = match info.map(|i| i.status) {
                    Some(PermissionStatus::Obsolete) => format!(
                        "permission `{}` no longer exists on Stripe",
                        p.name.text
                    ),
                    Some(PermissionStatus::SchemaEnumTypo) => format!(
                        "`{}` is a misspelling found in Stripe's manifest schema, not a permission",
                        p.name.text
                    ),
                    _ => format!("unknown permission `{}`", p.name.text),
                };
                let mut d = Diagnostic::new("E0101", p.name.span, what);
                d = match suggestion {
                    Some(s) => d.help(format!("did you mean `{s}`?")).suggestion(
                        format!("Replace with `{s}`"),
                        vec![crate::diagnostics::Edit {
                            span: p.name.span,
                            new_text: s.to_string(),
                        }],
                    ),
                    None => d.help(
                        "see `stripeapp catalog permissions` for the permissions Stripe Apps can request",
                    ),
                };
                diags.push(d);
                continue;
            }
        }
        r.model.permissions.push(model::Permission {
            name: p.name.text.clone(),
            purpose: p.purpose.value.clone(),
            doc: p.doc.clone(),
            span: p.name.span,
            recovered: p.recovered,
        });
    }
}

fn urls(ctx: &Ctx<'_>, r: &mut Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    let Some(first) = ctx.urls_block() else {
        return;
    };
    for later in ctx.urls.iter().skip(1) {
        diags.push(
            Diagnostic::new("E0206", later.keyword, "a second `urls` block")
                .label(first.keyword, "the first `urls` block is here")
                .help("an app has one content security policy: move these entries into the first `urls` block"),
        );
    }
    r.model.csp = Some(model::Csp {
        purpose: first.purpose.value.clone(),
        connect: first.connect.iter().map(|s| s.value.clone()).collect(),
        image: first.image.iter().map(|s| s.value.clone()).collect(),
    });
}

fn backend<'a>(ctx: &Ctx<'a>, r: &mut Resolved<'a>, diags: &mut Vec<Diagnostic>) {
    let Some(first) = ctx.backend() else {
        return;
    };
    for later in ctx.backends.iter().skip(1) {
        diags.push(
            Diagnostic::new(
                "E0207",
                header(later.keyword, later.base_url.span),
                "a second `backend` block",
            )
            .label(header(first.keyword, first.base_url.span), "the first `backend` block is here")
            .help("an app has one backend: move these routes into the first `backend` block"),
        );
    }
    let base = &first.base_url.value;
    let webhook_path = first
        .webhooks
        .as_ref()
        .map_or_else(|| "/webhooks".to_string(), |w| w.value.clone());
    let mut b = model::Backend {
        base_url: base.clone(),
        webhook_url: model::join_url(base, &webhook_path),
        webhook_path: webhook_path.clone(),
        endpoints: Vec::new(),
        handlers: Vec::new(),
        jobs: Vec::new(),
    };

    // Routes: the webhook route (only when there are handlers or an explicit path) and one
    // per endpoint; two on one path is a duplicate.
    let mut paths: HashMap<String, (Span, String)> = HashMap::new();
    let webhook_span = first.webhooks.as_ref().map(|w| w.span);
    if !first.handlers.is_empty() || webhook_span.is_some() {
        let span = webhook_span
            .or_else(|| first.handlers.first().map(|h| h.span))
            .unwrap_or(first.keyword);
        paths.insert(
            normalize_path(&webhook_path),
            (span, "the webhook route".to_string()),
        );
    }

    let mut names: HashMap<&str, Span> = HashMap::new();
    for ep in &first.endpoints {
        if let Some(prev) = names.get(ep.name.text.as_str()) {
            diags.push(dup_name(&ep.name, *prev, "endpoint"));
            continue;
        }
        names.insert(&ep.name.text, ep.name.span);
        let path = ep
            .path
            .as_ref()
            .map_or_else(|| format!("/{}", ep.name.text), |p| p.value.clone());
        let route_span = ep.path.as_ref().map_or(ep.name.span, |p| p.span);
        let key = normalize_path(&path);
        if let Some((prev, what)) = paths.get(&key) {
            diags.push(
                Diagnostic::new(
                    "E0208",
                    route_span,
                    format!("endpoint `{}` is served on `{path}`, which is already taken", ep.name.text),
                )
                .label(*prev, format!("{what} is on the same path"))
                .help(format!(
                    "give the endpoint its own path: `endpoint {} \"/{}\"`",
                    ep.name.text, ep.name.text
                )),
            );
        } else {
            paths.insert(key, (route_span, format!("endpoint `{}`", ep.name.text)));
        }
        let url = model::join_url(base, &path);
        let calls = resolve_calls(&ep.calls, Site::Endpoint(r.routes.len()), r, diags);
        b.endpoints.push(model::Endpoint {
            name: ep.name.text.clone(),
            path: path.clone(),
            url: url.clone(),
            calls,
            roles: ep.roles.iter().map(|s| s.value.clone()).collect(),
            doc: ep.doc.clone(),
        });
        r.routes.push(Route {
            decl: ep,
            path,
            url,
        });
    }
    for job in &first.jobs {
        if let Some(prev) = names.get(job.name.text.as_str()) {
            diags.push(dup_name(&job.name, *prev, "job"));
            continue;
        }
        names.insert(&job.name.text, job.name.span);
        let calls = resolve_calls(&job.calls, Site::Job, r, diags);
        b.jobs.push(model::Job {
            name: job.name.text.clone(),
            calls,
            doc: job.doc.clone(),
        });
    }
    for h in &first.handlers {
        let mut events = Vec::new();
        for ev in &h.events {
            match catalogue::event(&ev.text) {
                Some(info) => {
                    r.events.push(ResolvedEvent { name: ev, info });
                    events.push(ev.text.clone());
                }
                None => {
                    let mut d = Diagnostic::new(
                        "E0103",
                        ev.span,
                        format!("unknown event type `{}`", ev.text),
                    );
                    d = match did_you_mean(&ev.text, catalogue::EVENTS.iter().map(|e| e.name)) {
                        Some(s) => d.help(format!("did you mean `{s}`?")).suggestion(
                            format!("Replace with `{s}`"),
                            vec![crate::diagnostics::Edit {
                                span: ev.span,
                                new_text: s.to_string(),
                            }],
                        ),
                        None => d.help("see `stripeapp catalog events` for the event types Stripe sends"),
                    };
                    diags.push(d);
                }
            }
        }
        let calls = resolve_calls(&h.calls, Site::Handler, r, diags);
        b.handlers.push(model::Handler {
            events,
            calls,
            doc: h.doc.clone(),
        });
    }
    r.model.backend = Some(b);
}

/// Route paths compare without a trailing `/` (Express serves both the same).
fn normalize_path(p: &str) -> String {
    let t = p.trim_end_matches('/');
    if t.is_empty() { "/".to_string() } else { t.to_string() }
}

fn dup_name(name: &Name, prev: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        "E0205",
        name.span,
        format!("`{}` is already the name of an endpoint or job", name.text),
    )
    .label(prev, "first used here")
    .help(format!(
        "endpoints and jobs share one namespace: rename this {what}"
    ))
}

fn resolve_calls<'a>(
    calls: &'a [Name],
    site: Site,
    r: &mut Resolved<'a>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Call> {
    let mut out = Vec::new();
    for c in calls {
        if c.text.starts_with("sdk.") {
            match catalogue::sdk_function(&c.text) {
                Some(info) if site == Site::View => {
                    r.calls.push(ResolvedCall {
                        name: c,
                        call: Call::Sdk(info),
                        site,
                    });
                    out.push(Call::Sdk(info));
                }
                Some(_) => diags.push(
                    Diagnostic::new(
                        "E0106",
                        c.span,
                        format!("`{}` is a UI extension SDK function; it only runs in a view", c.text),
                    )
                    .help("call it from a view, and send what the backend needs in the endpoint's payload"),
                ),
                None => {
                    let mut d = Diagnostic::new(
                        "E0104",
                        c.span,
                        format!("unknown SDK function `{}`", c.text),
                    );
                    d = match did_you_mean(&c.text, catalogue::SDK_FUNCTIONS.iter().map(|s| s.name)) {
                        Some(s) => d.help(format!("did you mean `{s}`?")),
                        None => d.help(
                            "only SDK functions that need a permission are named in `calls`; others need no declaration",
                        ),
                    };
                    diags.push(d);
                }
            }
            continue;
        }
        match catalogue::method(&c.text) {
            Some(info) => {
                r.calls.push(ResolvedCall {
                    name: c,
                    call: Call::Api(info),
                    site,
                });
                out.push(Call::Api(info));
            }
            None => {
                let mut d = Diagnostic::new(
                    "E0104",
                    c.span,
                    format!("unknown Stripe API method `{}`", c.text),
                );
                let cands = catalogue::METHODS.iter().map(|m| m.name);
                d = match did_you_mean(&c.text, cands) {
                    Some(s) => d.help(format!("did you mean `{s}`?")).suggestion(
                        format!("Replace with `{s}`"),
                        vec![crate::diagnostics::Edit {
                            span: c.span,
                            new_text: s.to_string(),
                        }],
                    ),
                    None => d.help(
                        "methods are named as in stripe-node (`customers.retrieve`, `paymentIntents.create`); see `stripeapp catalog methods`",
                    ),
                };
                diags.push(d);
            }
        }
    }
    out
}

fn views<'a>(ctx: &Ctx<'a>, r: &mut Resolved<'a>, diags: &mut Vec<Diagnostic>) {
    let app_name = r.model.app.as_ref().map(|a| a.name.clone()).unwrap_or_default();
    let mut components: HashMap<&str, Span> = HashMap::new();
    let mut viewports: HashMap<&str, (Span, &str)> = HashMap::new();
    for v in &ctx.views {
        if let Some(prev) = components.get(v.component.text.as_str()) {
            diags.push(
                Diagnostic::new(
                    "E0204",
                    v.component.span,
                    format!("view component `{}` is declared twice", v.component.text),
                )
                .label(*prev, "first declared here")
                .help("each view is a file `src/views/<Component>.tsx`: give this view its own name"),
            );
            continue;
        }
        components.insert(&v.component.text, v.component.span);
        let viewport = catalogue::viewport(&v.viewport.text);
        if viewport.is_none() {
            let mut d = Diagnostic::new(
                "E0102",
                v.viewport.span,
                format!("unknown viewport `{}`", v.viewport.text),
            );
            d = match did_you_mean(&v.viewport.text, catalogue::VIEWPORTS.iter().map(|v| v.id)) {
                Some(s) => d.help(format!("did you mean `{s}`?")).suggestion(
                    format!("Replace with `{s}`"),
                    vec![crate::diagnostics::Edit {
                        span: v.viewport.span,
                        new_text: s.to_string(),
                    }],
                ),
                None => d.help("see `stripeapp catalog viewports` for where a view can appear"),
            };
            diags.push(d);
        } else if let Some((prev, comp)) = viewports.get(v.viewport.text.as_str()) {
            diags.push(
                Diagnostic::new(
                    "W0402",
                    v.viewport.span,
                    format!(
                        "`{}` already shows view `{comp}` on `{}`",
                        v.component.text, v.viewport.text
                    ),
                )
                .label(*prev, "the first view on this viewport")
                .help("Stripe shows one view per viewport per app; combine the two views or move one to another viewport"),
            );
        } else {
            viewports.insert(&v.viewport.text, (v.viewport.span, &v.component.text));
        }
        let calls = resolve_calls(&v.calls, Site::View, r, diags);
        let mut uses = Vec::new();
        for u in &v.uses {
            match r.routes.iter().position(|rt| rt.decl.name.text == u.text) {
                Some(i) => {
                    r.uses.push(Use {
                        name: u,
                        endpoint: i,
                    });
                    uses.push(u.text.clone());
                }
                None => {
                    let mut d = Diagnostic::new(
                        "E0105",
                        u.span,
                        format!("unknown endpoint `{}`", u.text),
                    );
                    let cands: Vec<&str> =
                        r.routes.iter().map(|rt| rt.decl.name.text.as_str()).collect();
                    d = match did_you_mean(&u.text, cands.iter().copied()) {
                        Some(s) => d.help(format!("did you mean `{s}`?")).suggestion(
                            format!("Replace with `{s}`"),
                            vec![crate::diagnostics::Edit {
                                span: u.span,
                                new_text: s.to_string(),
                            }],
                        ),
                        None if ctx.backend().is_none() => d.help(format!(
                            "declare it in a backend: `backend \"https://api.example.com\" {{ endpoint {} }}`",
                            u.text
                        )),
                        None => d.help(format!(
                            "declare it in the backend block: `endpoint {}`",
                            u.text
                        )),
                    };
                    diags.push(d);
                }
            }
        }
        if let Some(vp) = viewport {
            r.model.views.push(model::View {
                component: v.component.text.clone(),
                viewport: vp,
                title: v
                    .title
                    .as_ref()
                    .map_or_else(|| app_name.clone(), |t| t.value.clone()),
                calls,
                fetch: v.fetch.iter().map(|s| s.value.clone()).collect(),
                uses,
                doc: v.doc.clone(),
            });
        }
    }
}
