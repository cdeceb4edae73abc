//! Name resolution: unknown permissions, viewports, events, methods and endpoints (with
//! did-you-mean), duplicates, invalid keyword values; builds the model.

use super::Ctx;
use super::suggest::did_you_mean;
use crate::ast::*;
use crate::catalogue::{self, EventInfo, PermissionStatus};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{self, Call, ConstValue, Model};
use crate::syntax::language;
// FxHash: these maps are keyed by short names from the file; SipHash's DoS resistance buys
// nothing here and cost a few percent of a large check.
use rustc_hash::FxHashMap as HashMap;

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
    /// Jobs (not callable from views: `uses` naming one gets a specific message).
    pub jobs: Vec<&'a JobDecl>,
    /// Public routes (not callable from views either: E0802).
    pub publics: Vec<&'a PublicDecl>,
    /// A call or event that did not resolve: what it needs is unknown.
    pub unresolved_call: bool,
    /// A `uses` naming no endpoint: which endpoint it meant is unknown.
    pub unresolved_use: bool,
    /// Resolved `expand` paths of declared calls (their objects' read permissions).
    pub expansions: Vec<super::expand::ResolvedExpansion<'a>>,
}

pub fn resolve<'a>(ctx: &Ctx<'a>, diags: &mut Vec<Diagnostic>) -> Resolved<'a> {
    let mut r = Resolved {
        model: Model::default(),
        calls: Vec::new(),
        events: Vec::new(),
        routes: Vec::new(),
        uses: Vec::new(),
        jobs: Vec::new(),
        publics: Vec::new(),
        unresolved_call: false,
        unresolved_use: false,
        expansions: Vec::new(),
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
        // An `app` line with a syntax error was reported already.
        if ctx.broken.iter().any(|w| w.eq_ignore_ascii_case("app")) {
            return;
        }
        diags.push(
            Diagnostic::new(Code::MissingApp, Span::point(0), "this file has no `app` block")
                .help("start the file with `app \"com.example.my-app\" { name \"My App\"  version \"1.0.0\" }`"),
        );
        return;
    };
    for later in ctx.apps.iter().skip(1) {
        diags.push(
            Diagnostic::new(
                Code::DuplicateApp,
                header(later.keyword, later.id.span),
                format!("a second `app` block (`{}`)", later.id.value),
            )
            .label(
                header(first.keyword, first.id.span),
                "the first `app` block is here",
            )
            .help("a file describes one app: merge the two blocks or move one app to its own file"),
        );
    }
    // Later `app` blocks are errors, but their statements are still checked.
    for (i, decl) in ctx.apps.iter().enumerate() {
        let app = resolve_app(decl, diags);
        if i == 0 {
            r.model.app = Some(app);
        }
    }
}

fn resolve_app(first: &AppDecl, diags: &mut Vec<Diagnostic>) -> model::App {
    let mut app = model::App {
        id: first.id.value.clone(),
        doc: first.doc.clone(),
        ..Default::default()
    };
    let mut seen: HashMap<&'static str, Span> = HashMap::default();
    let mut constants: HashMap<&str, Span> = HashMap::default();
    for stmt in &first.stmts {
        let kw = stmt.kind.keyword();
        let repeatable = matches!(
            stmt.kind,
            AppStmtKind::Redirect(_) | AppStmtKind::Constant { .. }
        );
        if !repeatable {
            if let Some(prev) = seen.get(kw) {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateAppStatement,
                        stmt.span,
                        format!("`{kw}` is given twice"),
                    )
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
                match choose(n, "distribution", diags) {
                    Some("public") => app.distribution = model::Distribution::Public,
                    _ => app.distribution = model::Distribution::Private,
                }
            }
            AppStmtKind::ApiAccess(n) => {
                app.api_access_explicit = true;
                app.api_access = match choose(n, "api_access", diags) {
                    Some("oauth") => model::ApiAccess::Oauth,
                    Some("restricted_api_key") => model::ApiAccess::RestrictedApiKey,
                    _ => model::ApiAccess::Platform,
                }
            }
            AppStmtKind::SandboxInstall(n) => {
                app.sandbox_install = choose(n, "sandbox_install", diags).map(|v| v == "true")
            }
            AppStmtKind::PostInstall { kind, url } => {
                let chosen = choose(kind, "post_install", diags);
                match (chosen, url) {
                    (Some("external"), Some(u)) => {
                        app.post_install = Some(model::PostInstall::External(u.value.clone()))
                    }
                    (Some("external"), None) => diags.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            kind.span,
                            "`post_install external` needs the URL to send the user to",
                        )
                        .help("write `post_install external \"https://example.com/stripe/installed\"`"),
                    ),
                    (Some(k), Some(u)) => diags.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            u.span,
                            format!("`post_install {k}` takes no URL"),
                        )
                        .help(
                            "remove the URL, or use `post_install external \"…\"` to send users to it",
                        ),
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
                            Code::DuplicateAppStatement,
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
    app
}

/// Validates a keyword value against its set, reporting E0107 with a suggestion.
/// The value `n` of the app statement `what`, which must be one of the language table's
/// values for it; otherwise E0107 (with a did-you-mean) and `None`.
fn choose(n: &Name, what: &str, diags: &mut Vec<Diagnostic>) -> Option<&'static str> {
    let allowed: Vec<&'static str> = language::keyword(what)
        .map(|k| k.value_words().collect())
        .unwrap_or_default();
    if let Some(v) = allowed.iter().find(|a| **a == n.text) {
        return Some(v);
    }
    let list = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut d = Diagnostic::new(
        Code::InvalidValue,
        n.span,
        format!("`{}` is not a valid value for `{what}`", n.text),
    );
    match did_you_mean(&n.text, allowed.iter().copied()) {
        Some(s) => {
            d = d
                .help(format!("did you mean `{s}`? `{what}` takes one of {list}"))
                .with_fix(super::fixes::replace_name(n.span, s))
        }
        None => d = d.help(format!("`{what}` takes one of {list}")),
    }
    diags.push(d);
    None
}

fn permissions(ctx: &Ctx<'_>, r: &mut Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, Span> = HashMap::default();
    for p in &ctx.permissions {
        if let Some(prev) = seen.get(p.name.text.as_str()) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicatePermission,
                    p.name.span,
                    format!("permission `{}` is declared twice", p.name.text),
                )
                .label(*prev, "first declared here")
                .help("remove one of the two declarations")
                .with_fix(super::fixes::remove_duplicate(ctx.src, p.span)),
            );
            continue;
        }
        seen.insert(&p.name.text, p.name.span);
        let info = catalogue::permission(&p.name.text);
        match info {
            Some(i) if i.status.is_known() => {
                if i.status.is_refused() {
                    diags.push(
                        Diagnostic::new(
                            Code::PermissionRefused,
                            p.name.span,
                            format!("Stripe does not grant `{}` to apps", p.name.text),
                        )
                        .help(format!(
                            "{}; remove it, register the webhook endpoint in the Dashboard and declare `on` handlers for its events",
                            i.source
                        )),
                    );
                }
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
                            Code::UnconfirmedPermission,
                            p.name.span,
                            format!(
                                "permission `{}` is not confirmed for Stripe Apps",
                                p.name.text
                            ),
                        )
                        .help(format!("{why}; `stripe apps upload` may reject it")),
                    );
                }
            }
            _ => {
                let suggestion = catalogue::replacement_for(&p.name.text)
                    .or_else(|| super::suggest::permission(&p.name.text));
                let what = match info.map(|i| i.status) {
                    Some(PermissionStatus::Obsolete) => {
                        format!("permission `{}` no longer exists on Stripe", p.name.text)
                    }
                    Some(PermissionStatus::SchemaEnumTypo) => format!(
                        "`{}` is a misspelling found in Stripe's manifest schema, not a permission",
                        p.name.text
                    ),
                    _ => format!("unknown permission `{}`", p.name.text),
                };
                let mut d = Diagnostic::new(Code::UnknownPermission, p.name.span, what);
                d = match suggestion {
                    // The nearest real permission may be one apps cannot get: say so rather
                    // than offer it as the way out.
                    Some(s) if catalogue::permission(s).is_some_and(|i| i.status.is_refused()) => d
                        .help(format!(
                            "the permission for this object is `{s}`, which Stripe does not grant to apps (E0109): register webhook endpoints in the Dashboard instead"
                        )),
                    Some(s) => d
                        .help(format!("did you mean `{s}`?"))
                        .with_fix(super::fixes::replace_name(p.name.span, s)),
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
            Diagnostic::new(Code::DuplicateUrls, later.keyword, "a second `urls` block")
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
                Code::DuplicateBackend,
                header(later.keyword, later.base_url.span),
                "a second `backend` block",
            )
            .label(
                header(first.keyword, first.base_url.span),
                "the first `backend` block is here",
            )
            .help("an app has one backend: move these routes into the first `backend` block"),
        );
    }
    // A second backend block is an error, but what is inside it is still checked, so that
    // one mistake does not hide others (or make its endpoints look unknown to views).
    // Endpoint and job names share one namespace across the whole app, so a name in a
    // second block that clashes with the first is reported too.
    let mut names: HashMap<&'a str, (Span, &'static str)> = HashMap::default();
    for (i, b) in ctx.backends.iter().enumerate() {
        let model = resolve_backend(b, &mut names, r, diags);
        if i == 0 {
            r.model.backend = Some(model);
        }
    }
}

/// A route on the backend, in source order, for the duplicate-path check.
struct RouteSite<'a> {
    at: usize,
    span: Span,
    path: String,
    kind: RouteKind<'a>,
    /// The one method a `public` route answers; `None` for a route that owns its path
    /// (every other method is answered 405 there).
    method: Option<&'a str>,
}

enum RouteKind<'a> {
    Webhook,
    Endpoint(&'a str),
    Health,
    Public(&'a str),
    OauthCallback,
}

impl RouteSite<'_> {
    /// "endpoint `sync`", "the webhook route".
    fn what(&self) -> String {
        match self.kind {
            RouteKind::Endpoint(name) => format!("endpoint `{name}`"),
            RouteKind::Webhook => "the webhook route".to_string(),
            RouteKind::Health => "the health route".to_string(),
            RouteKind::Public(name) => format!("public route `{name}`"),
            RouteKind::OauthCallback => "the OAuth callback".to_string(),
        }
    }

    /// Two routes clash on one path unless both are `public` routes of different methods.
    fn clashes(&self, other: &RouteSite<'_>) -> bool {
        match (self.method, other.method) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }
}

fn resolve_backend<'a>(
    b: &'a BackendDecl,
    names: &mut HashMap<&'a str, (Span, &'static str)>,
    r: &mut Resolved<'a>,
    diags: &mut Vec<Diagnostic>,
) -> model::Backend {
    let base = &b.base_url.value;
    let webhook_path = b.webhook_path();
    let mut out = model::Backend {
        base_url: base.clone(),
        webhook_url: model::route_url(base, &webhook_path),
        webhook_path: webhook_path.clone(),
        webhooks_explicit: b.webhooks.is_some(),
        runtime: match b.runtime.as_ref() {
            Some(n) => match choose(n, "runtime", diags) {
                Some("python") => model::Runtime::Python,
                _ => model::Runtime::Node,
            },
            None => model::Runtime::Node,
        },
        endpoints: Vec::new(),
        handlers: Vec::new(),
        jobs: Vec::new(),
        health_path: b.health_path(),
        health_url: model::route_url(base, &b.health_path()),
        publics: Vec::new(),
        oauth_callback: None,
        doc: b.doc.clone(),
    };

    // Endpoint and job names share one namespace; the later declaration is the duplicate.
    let mut members: Vec<(usize, &Name, &'static str)> = b
        .endpoints
        .iter()
        .map(|e| (e.span.start, &e.name, "endpoint"))
        .chain(b.jobs.iter().map(|j| (j.span.start, &j.name, "job")))
        .chain(
            b.publics
                .iter()
                .map(|p| (p.span.start, &p.name, "public route")),
        )
        .collect();
    members.sort_by_key(|m| m.0);
    let mut duplicate_names: Vec<Span> = Vec::new();
    for (_, name, what) in members {
        if let Some((prev, prev_what)) = names.get(name.text.as_str()) {
            diags.push(dup_name(name, *prev, what, prev_what));
            duplicate_names.push(name.span);
        } else {
            names.insert(&name.text, (name.span, what));
        }
    }

    // Routes: the webhook route (when there are handlers or an explicit path) and one per
    // endpoint, in source order; two on one path is a duplicate, reported on the later.
    let mut routes: Vec<RouteSite<'a>> = Vec::new();
    let webhook_site = b
        .webhooks
        .as_ref()
        .map(|w| (w.span.start, w.span))
        .or_else(|| {
            b.handlers.first().map(|h| {
                let span = h.events.first().map_or(h.span, |e| e.span);
                (h.span.start, span)
            })
        });
    if let Some((at, span)) = webhook_site {
        routes.push(RouteSite {
            at,
            span,
            path: webhook_path.clone(),
            kind: RouteKind::Webhook,
            method: None,
        });
    }
    for ep in b
        .endpoints
        .iter()
        .filter(|e| !duplicate_names.contains(&e.name.span))
    {
        let path = ep.route_path();
        routes.push(RouteSite {
            at: ep.span.start,
            span: ep.path.as_ref().map_or(ep.name.span, |p| p.span),
            path,
            kind: RouteKind::Endpoint(ep.name.text.as_str()),
            method: None,
        });
    }
    for p in b
        .publics
        .iter()
        .filter(|p| !duplicate_names.contains(&p.name.span))
    {
        routes.push(RouteSite {
            at: p.span.start,
            span: p.path.span,
            path: p.path.value.clone(),
            kind: RouteKind::Public(p.name.text.as_str()),
            method: Some(p.method_text()),
        });
    }
    if let Some(cb) = &b.oauth_callback {
        routes.push(RouteSite {
            at: cb.span.start,
            span: cb.path.span,
            path: cb.path.value.clone(),
            kind: RouteKind::OauthCallback,
            method: None,
        });
    }
    routes.sort_by_key(|r| r.at);
    // The health route is served whether or not it is written; when it is not, it is the
    // one that has to move, so it is checked last.
    let health = RouteSite {
        at: b.health.as_ref().map_or(usize::MAX, |h| h.span.start),
        span: b.health.as_ref().map_or(b.keyword, |h| h.span),
        path: b.health_path(),
        kind: RouteKind::Health,
        method: None,
    };
    let health_at = routes.partition_point(|r| r.at < health.at);
    routes.insert(health_at, health);
    let mut taken: Vec<(String, usize)> = Vec::new();
    for (i, site) in routes.iter().enumerate() {
        let key = normalize_path(&site.path);
        let prev = taken
            .iter()
            .find(|(k, j)| *k == key && routes.get(*j).is_some_and(|p| p.clashes(site)))
            .and_then(|(_, j)| routes.get(*j));
        match prev {
            Some(prev) => {
                let prev_what = prev.what();
                let help = match site.kind {
                    RouteKind::Endpoint(name) => {
                        let mut candidate = format!("/{name}");
                        if taken.iter().any(|(k, _)| *k == normalize_path(&candidate)) {
                            candidate = format!("/api/{name}");
                        }
                        format!(
                            "give it a path of its own, for example `endpoint {name} \"{candidate}\"`"
                        )
                    }
                    RouteKind::Webhook => "move the webhook route with `webhooks \"/<another path>\"`, or give the endpoint another path".to_string(),
                    RouteKind::Health if b.health.is_none() => format!(
                        "every backend answers its health check on `/health`: move it with `health \"/<another path>\"`, or give {prev_what} another path"
                    ),
                    RouteKind::Health => "move the health route with `health \"/<another path>\"`, or give the other route another path".to_string(),
                    RouteKind::Public(_) => "give it a path of its own (two public routes may share a path when their methods differ)".to_string(),
                    RouteKind::OauthCallback => "give the callback a path of its own (and the same URL in its `redirect`)".to_string(),
                };
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateRoute,
                        site.span,
                        format!(
                            "{} is served on `{}`, which {prev_what} already uses",
                            site.what(),
                            site.path
                        ),
                    )
                    .label(prev.span, format!("{prev_what} is on the same path"))
                    .help(help),
                );
            }
            None => taken.push((key, i)),
        }
    }

    for ep in &b.endpoints {
        let duplicate = duplicate_names.contains(&ep.name.span);
        // A duplicate's calls are still checked; it has no route of its own.
        let site = Site::Endpoint(if duplicate {
            usize::MAX
        } else {
            r.routes.len()
        });
        let calls = resolve_calls(&ep.calls, site, r, diags);
        let extras = super::expand::resolve(&ep.extras, &ep.calls, site, r, diags);
        if duplicate {
            continue;
        }
        let path = ep.route_path();
        let url = ep.url(b);
        out.endpoints.push(model::Endpoint {
            name: ep.name.text.clone(),
            params: model::path_params(&path),
            path: path.clone(),
            url: url.clone(),
            calls,
            roles: ep.roles.iter().map(|s| s.value.clone()).collect(),
            expand: extras.expand,
            platform_calls: extras.platform_calls,
            doc: ep.doc.clone(),
        });
        r.routes.push(Route { decl: ep, url });
    }
    for p in &b.publics {
        let calls = resolve_calls(&p.calls, Site::Handler, r, diags);
        let extras = super::expand::resolve(&p.extras, &p.calls, Site::Handler, r, diags);
        super::expand::platform_unsupported(&p.extras, "a `public` route", diags);
        let method = match p.method.as_ref() {
            Some(m) => match choose(m, "public", diags) {
                Some(v) => v,
                None => continue,
            },
            None => "GET",
        };
        if duplicate_names.contains(&p.name.span) {
            continue;
        }
        r.publics.push(p);
        out.publics.push(model::PublicRoute {
            name: p.name.text.clone(),
            method: method.to_string(),
            path: p.path.value.clone(),
            url: model::route_url(base, &p.path.value),
            params: model::path_params(&p.path.value),
            calls,
            expand: extras.expand,
            platform_calls: extras.platform_calls,
            doc: p.doc.clone(),
        });
    }
    if let Some(cb) = &b.oauth_callback {
        let calls = resolve_calls(&cb.calls, Site::Handler, r, diags);
        let extras = super::expand::resolve(&cb.extras, &cb.calls, Site::Handler, r, diags);
        super::expand::platform_unsupported(&cb.extras, "the `oauth_callback`", diags);
        out.oauth_callback = Some(model::OauthCallback {
            path: cb.path.value.clone(),
            url: model::route_url(base, &cb.path.value),
            calls,
            expand: extras.expand,
            platform_calls: extras.platform_calls,
            doc: cb.doc.clone(),
        });
    }
    for job in &b.jobs {
        let calls = resolve_calls(&job.calls, Site::Job, r, diags);
        let extras = super::expand::resolve(&job.extras, &job.calls, Site::Job, r, diags);
        if duplicate_names.contains(&job.name.span) {
            continue;
        }
        r.jobs.push(job);
        out.jobs.push(model::Job {
            name: job.name.text.clone(),
            calls,
            expand: extras.expand,
            platform_calls: extras.platform_calls,
            doc: job.doc.clone(),
        });
    }
    let mut handled: HashMap<&str, Span> = HashMap::default();
    for h in &b.handlers {
        let mut events = Vec::new();
        for ev in &h.events {
            match catalogue::event(&ev.text) {
                Some(info) => {
                    if let Some(prev) = handled.get(ev.text.as_str()) {
                        diags.push(
                            Diagnostic::new(
                                Code::EventHandledTwice,
                                ev.span,
                                format!("event `{}` already has a handler", ev.text),
                            )
                            .label(*prev, "first handled here")
                            .help("each event type is dispatched to one handler: name it in one `on` only, and merge the calls of the two handlers"),
                        );
                        continue;
                    }
                    handled.insert(&ev.text, ev.span);
                    r.events.push(ResolvedEvent { name: ev, info });
                    events.push(ev.text.clone());
                }
                None => {
                    r.unresolved_call = true;
                    let mut d = Diagnostic::new(
                        Code::UnknownEvent,
                        ev.span,
                        format!("unknown event type `{}`", ev.text),
                    );
                    d = suggest_name(
                        d,
                        ev,
                        super::suggest::event(&ev.text),
                        "see `stripeapp catalog events` for the event types Stripe sends",
                    );
                    diags.push(d);
                }
            }
        }
        let calls = resolve_calls(&h.calls, Site::Handler, r, diags);
        let extras = super::expand::resolve(&h.extras, &h.calls, Site::Handler, r, diags);
        out.handlers.push(model::Handler {
            events,
            calls,
            expand: extras.expand,
            platform_calls: extras.platform_calls,
            doc: h.doc.clone(),
        });
    }
    out
}

/// Adds "did you mean" with the replacement offered as an editor suggestion, or when no
/// candidate is close, the fallback help.
fn suggest_name(
    d: Diagnostic,
    name: &Name,
    suggestion: Option<&str>,
    fallback: &str,
) -> Diagnostic {
    match suggestion {
        Some(s) => d
            .help(format!("did you mean `{s}`?"))
            .with_fix(super::fixes::replace_name(name.span, s)),
        None => d.help(fallback),
    }
}

/// Route paths compare as Express routes them by default (SPEC §4.12): case-insensitively,
/// and with or without a trailing `/` alike.
/// A `:name` parameter matches any one segment, so `/a/:x` and `/a/:y` are one route.
fn normalize_path(p: &str) -> String {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        "/".to_string()
    } else {
        t.split('/')
            .map(|seg| if seg.starts_with(':') { ":" } else { seg })
            .collect::<Vec<_>>()
            .join("/")
            .to_lowercase()
    }
}

fn dup_name(name: &Name, prev: Span, what: &str, prev_what: &str) -> Diagnostic {
    let public = what == "public route" || prev_what == "public route";
    let (kind, namespace) = if public {
        (
            format!("a {prev_what}"),
            "endpoints, jobs and public routes",
        )
    } else {
        ("an endpoint or job".to_string(), "endpoints and jobs")
    };
    Diagnostic::new(
        Code::DuplicateEndpointOrJob,
        name.span,
        format!("`{}` is already the name of {kind}", name.text),
    )
    .label(prev, "first used here")
    .help(format!(
        "{namespace} share one namespace: rename this {what}"
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
                Some(_) => {
                    r.unresolved_call = true;
                    diags.push(
                        Diagnostic::new(
                            Code::SdkOutsideView,
                            c.span,
                            format!("`{}` is a UI extension SDK function; it only runs in a view", c.text),
                        )
                        .help("call it from a view, and send what the backend needs in the endpoint's payload"),
                    )
                }
                None => {
                    r.unresolved_call = true;
                    let mut d = Diagnostic::new(
                        Code::UnknownMethod,
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
                r.unresolved_call = true;
                let mut d = Diagnostic::new(
                    Code::UnknownMethod,
                    c.span,
                    format!("unknown Stripe API method `{}`", c.text),
                );
                d = suggest_name(
                    d,
                    c,
                    super::suggest::method(&c.text),
                    "methods are named as in stripe-node (`customers.retrieve`, `paymentIntents.create`); see `stripeapp catalog methods`",
                );
                diags.push(d);
            }
        }
    }
    out
}

fn views<'a>(ctx: &Ctx<'a>, r: &mut Resolved<'a>, diags: &mut Vec<Diagnostic>) {
    let app_name = r
        .model
        .app
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let mut components: HashMap<&str, Span> = HashMap::default();
    // Lower-cased component name → (span, name as written).
    let mut folded: HashMap<String, (Span, &str)> = HashMap::default();
    // Endpoint name → route index (the first route with that name).
    let mut route_by_name: HashMap<&str, usize> = HashMap::default();
    for (i, rt) in r.routes.iter().enumerate() {
        route_by_name.entry(rt.decl.name.text.as_str()).or_insert(i);
    }
    let mut viewports: HashMap<&str, (Span, &str)> = HashMap::default();
    for v in &ctx.views {
        // A view whose header had a syntax error: only its contents are checked.
        let duplicate = components.contains_key(v.component.text.as_str())
            || (v.recovered && v.component.text.is_empty());
        if v.recovered && v.component.text.is_empty() {
            // Nothing to compare.
        } else if let Some(prev) = components.get(v.component.text.as_str()) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateView,
                    v.component.span,
                    format!("view component `{}` is declared twice", v.component.text),
                )
                .label(*prev, "first declared here")
                .help(
                    "each view is a file `src/views/<Component>.tsx`: give this view its own name",
                ),
            );
        } else if let Some((prev, other)) = folded.get(&v.component.text.to_lowercase()) {
            // `src/views/Settings.tsx` and `src/views/settings.tsx` are one file on macOS and
            // Windows file systems.
            diags.push(
                Diagnostic::new(
                    Code::DuplicateView,
                    v.component.span,
                    format!(
                        "view component `{}` differs from `{other}` only in case",
                        v.component.text
                    ),
                )
                .label(*prev, "the other view")
                .help("their files `src/views/<Component>.tsx` would be one file on case-insensitive file systems (macOS, Windows): rename one of the views"),
            );
        } else {
            components.insert(&v.component.text, v.component.span);
            folded.insert(
                v.component.text.to_lowercase(),
                (v.component.span, &v.component.text),
            );
        }
        let viewport = catalogue::viewport(&v.viewport.text);
        if v.recovered {
            // The viewport was in the broken header, already reported.
        } else if viewport.is_none() {
            let mut d = Diagnostic::new(
                Code::UnknownViewport,
                v.viewport.span,
                format!("unknown viewport `{}`", v.viewport.text),
            );
            d = suggest_name(
                d,
                &v.viewport,
                super::suggest::viewport(&v.viewport.text),
                "see `stripeapp catalog viewports` for where a view can appear",
            );
            diags.push(d);
        } else if duplicate {
            // Already reported as a duplicate component; one diagnostic is enough.
        } else if let Some((prev, comp)) = viewports.get(v.viewport.text.as_str()) {
            diags.push(
                Diagnostic::new(
                    Code::SharedViewport,
                    v.viewport.span,
                    format!(
                        "view `{}` is on `{}`, which already shows view `{comp}`",
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
        let extras = super::expand::resolve(&v.extras, &v.calls, Site::View, r, diags);
        let mut uses = Vec::new();
        for u in &v.uses {
            match route_by_name.get(u.text.as_str()).copied() {
                Some(i) => {
                    r.uses.push(Use {
                        name: u,
                        endpoint: i,
                    });
                    uses.push(u.text.clone());
                }
                // A duplicate endpoint was reported where it is declared.
                None if ctx.backends.iter().any(|b| b.endpoint(&u.text).is_some()) => {}
                None if r.publics.iter().any(|p| p.name.text == u.text) => {
                    // Which route the view meant is known, and it is not one to call.
                    let public = r.publics.iter().find(|p| p.name.text == u.text);
                    let mut d = Diagnostic::new(
                        Code::ViewUsesPublicRoute,
                        u.span,
                        format!("`{}` is a public route: a view cannot use it", u.text),
                    );
                    if let Some(p) = public {
                        d = d.label(p.name.span, "declared `public` here");
                    }
                    diags.push(d.help(format!(
                        "views send signed requests, which a public route does not check: declare it as `endpoint {}` to call it from a view, or remove `{}` from `uses`",
                        u.text, u.text
                    )));
                }
                None => {
                    r.unresolved_use = true;
                    let mut d = Diagnostic::new(
                        Code::UnknownEndpoint,
                        u.span,
                        format!("unknown endpoint `{}`", u.text),
                    );
                    let cands: Vec<&str> = r
                        .routes
                        .iter()
                        .map(|rt| rt.decl.name.text.as_str())
                        .collect();
                    d = match did_you_mean(&u.text, cands.iter().copied()) {
                        Some(s) => d.help(format!("did you mean `{s}`?")).with_fix(super::fixes::replace_name(u.span, s)),
                        None if r.jobs.iter().any(|j| j.name.text == u.text) => d.help(format!(
                            "`{}` is a job, which the backend runs on its own; a view can only use an endpoint",
                            u.text
                        )),
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
        if let (Some(vp), false) = (viewport, duplicate) {
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
                expand: extras.expand,
                doc: v.doc.clone(),
            });
        }
    }
}
