//! Name resolution: unknown permissions, viewports, events, methods and endpoints (with
//! did-you-mean), duplicates, invalid keyword values; builds the model.

use super::Ctx;
use super::fixes::offer_replacement;
use super::suggest::did_you_mean;
use crate::ast::*;
use crate::catalogue::{self, EventInfo};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::expand::UnservedBlock;
use crate::diagnostics::problem::names::{BackendRoute, Member, NameProblem};
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
            NameProblem::MissingApp {
                span: Span::point(0),
            }
            .into(),
        );
        return;
    };
    for later in ctx.apps.iter().skip(1) {
        diags.push(
            NameProblem::DuplicateApp {
                span: header(later.keyword, later.id.span),
                first: header(first.keyword, first.id.span),
                id: later.id.value.clone(),
            }
            .into(),
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
                    NameProblem::DuplicateAppStatement {
                        span: stmt.span,
                        first: *prev,
                        keyword: kw,
                    }
                    .into(),
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
                    (Some("external"), None) => {
                        diags.push(NameProblem::PostInstallWithoutUrl { span: kind.span }.into())
                    }
                    (Some(action), Some(u)) => diags.push(
                        NameProblem::PostInstallTakesNoUrl {
                            span: u.span,
                            action,
                        }
                        .into(),
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
                        NameProblem::DuplicateConstant {
                            span: name.span,
                            first: *prev,
                            name: name.text.clone(),
                        }
                        .into(),
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
fn choose(n: &Name, what: &'static str, diags: &mut Vec<Diagnostic>) -> Option<&'static str> {
    let allowed: Vec<&'static str> = language::keyword(what)
        .map(|k| k.value_words().collect())
        .unwrap_or_default();
    if let Some(v) = allowed.iter().find(|a| **a == n.text) {
        return Some(v);
    }
    let suggestion = did_you_mean(&n.text, allowed.iter().copied());
    let d = NameProblem::InvalidValue {
        span: n.span,
        written: n.text.clone(),
        keyword: what,
        allowed,
        suggestion,
    };
    diags.push(offer_replacement(d.into(), n.span, suggestion));
    None
}

fn permissions(ctx: &Ctx<'_>, r: &mut Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, Span> = HashMap::default();
    for p in &ctx.permissions {
        if let Some(prev) = seen.get(p.name.text.as_str()) {
            diags.push(
                Diagnostic::from(NameProblem::DuplicatePermission {
                    span: p.name.span,
                    first: *prev,
                    name: p.name.text.clone(),
                })
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
                        NameProblem::PermissionRefused {
                            span: p.name.span,
                            name: p.name.text.clone(),
                            source: i.source,
                        }
                        .into(),
                    );
                }
                if i.status.is_unconfirmed() {
                    diags.push(
                        NameProblem::UnconfirmedPermission {
                            span: p.name.span,
                            name: p.name.text.clone(),
                            status: i.status,
                        }
                        .into(),
                    );
                }
            }
            _ => {
                let suggestion = catalogue::replacement_for(&p.name.text)
                    .or_else(|| super::suggest::permission(&p.name.text));
                // The nearest real permission may be one apps cannot get: it is then named,
                // but not offered as the way out.
                let refused = suggestion
                    .and_then(catalogue::permission)
                    .is_some_and(|i| i.status.is_refused());
                let d = NameProblem::UnknownPermission {
                    span: p.name.span,
                    name: p.name.text.clone(),
                    status: info.map(|i| i.status),
                    suggestion,
                    refused,
                };
                let offered = suggestion.filter(|_| !refused);
                diags.push(offer_replacement(d.into(), p.name.span, offered));
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
            NameProblem::DuplicateUrls {
                span: later.keyword,
                first: first.keyword,
            }
            .into(),
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
            NameProblem::DuplicateBackend {
                span: header(later.keyword, later.base_url.span),
                first: header(first.keyword, first.base_url.span),
            }
            .into(),
        );
    }
    // A second backend block is an error, but what is inside it is still checked, so that
    // one mistake does not hide others (or make its endpoints look unknown to views).
    // Endpoint and job names share one namespace across the whole app, so a name in a
    // second block that clashes with the first is reported too.
    let mut names: HashMap<&'a str, (Span, Member)> = HashMap::default();
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
    kind: BackendRoute,
    /// The one method a `public` route answers; `None` for a route that owns its path
    /// (every other method is answered 405 there).
    method: Option<&'a str>,
}

impl RouteSite<'_> {
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
    names: &mut HashMap<&'a str, (Span, Member)>,
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
    let mut members: Vec<(usize, &Name, Member)> = b
        .endpoints
        .iter()
        .map(|e| (e.span.start, &e.name, Member::Endpoint))
        .chain(b.jobs.iter().map(|j| (j.span.start, &j.name, Member::Job)))
        .chain(
            b.publics
                .iter()
                .map(|p| (p.span.start, &p.name, Member::PublicRoute)),
        )
        .collect();
    members.sort_by_key(|m| m.0);
    let mut duplicate_names: Vec<Span> = Vec::new();
    for (_, name, member) in members {
        if let Some((first, first_member)) = names.get(name.text.as_str()) {
            diags.push(
                NameProblem::DuplicateName {
                    span: name.span,
                    name: name.text.clone(),
                    member,
                    first: *first,
                    first_member: *first_member,
                }
                .into(),
            );
            duplicate_names.push(name.span);
        } else {
            names.insert(&name.text, (name.span, member));
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
            kind: BackendRoute::Webhook,
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
            kind: BackendRoute::Endpoint(ep.name.text.clone()),
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
            kind: BackendRoute::Public(p.name.text.clone()),
            method: Some(p.method_text()),
        });
    }
    if let Some(cb) = &b.oauth_callback {
        routes.push(RouteSite {
            at: cb.span.start,
            span: cb.path.span,
            path: cb.path.value.clone(),
            kind: BackendRoute::OauthCallback,
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
        kind: BackendRoute::Health {
            written: b.health.is_some(),
        },
        method: None,
    };
    let health_at = routes.partition_point(|r| r.at < health.at);
    routes.insert(health_at, health);
    // Routes by normalized path (a map: a backend may have thousands of routes).
    let mut taken: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, site) in routes.iter().enumerate() {
        let key = normalize_path(&site.path);
        let prev = taken
            .get(&key)
            .and_then(|js| {
                js.iter()
                    .find(|j| routes.get(**j).is_some_and(|p| p.clashes(site)))
            })
            .and_then(|j| routes.get(*j));
        match prev {
            Some(prev) => {
                let free_path = match &site.kind {
                    BackendRoute::Endpoint(name) => {
                        let candidate = format!("/{name}");
                        Some(if taken.contains_key(&normalize_path(&candidate)) {
                            format!("/api/{name}")
                        } else {
                            candidate
                        })
                    }
                    _ => None,
                };
                diags.push(
                    NameProblem::DuplicateRoute {
                        span: site.span,
                        route: site.kind.clone(),
                        path: site.path.clone(),
                        first: prev.span,
                        first_route: prev.kind.clone(),
                        free_path,
                    }
                    .into(),
                );
            }
            None => taken.entry(key).or_default().push(i),
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
        super::expand::platform_unsupported(&p.extras, UnservedBlock::Public, diags);
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
        super::expand::platform_unsupported(&cb.extras, UnservedBlock::OauthCallback, diags);
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
                            NameProblem::EventHandledTwice {
                                span: ev.span,
                                first: *prev,
                                event: ev.text.clone(),
                            }
                            .into(),
                        );
                        continue;
                    }
                    handled.insert(&ev.text, ev.span);
                    r.events.push(ResolvedEvent { name: ev, info });
                    events.push(ev.text.clone());
                }
                None => {
                    r.unresolved_call = true;
                    let suggestion = super::suggest::event(&ev.text);
                    let d = NameProblem::UnknownEvent {
                        span: ev.span,
                        event: ev.text.clone(),
                        suggestion,
                    };
                    diags.push(offer_replacement(d.into(), ev.span, suggestion));
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
                        NameProblem::SdkOutsideView {
                            span: c.span,
                            function: c.text.clone(),
                        }
                        .into(),
                    )
                }
                None => {
                    r.unresolved_call = true;
                    diags.push(
                        NameProblem::UnknownSdkFunction {
                            span: c.span,
                            function: c.text.clone(),
                            suggestion: did_you_mean(
                                &c.text,
                                catalogue::SDK_FUNCTIONS.iter().map(|s| s.name),
                            ),
                        }
                        .into(),
                    );
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
                let suggestion = super::suggest::method(&c.text);
                let d = NameProblem::UnknownMethod {
                    span: c.span,
                    method: c.text.clone(),
                    suggestion,
                };
                diags.push(offer_replacement(d.into(), c.span, suggestion));
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
                NameProblem::DuplicateView {
                    span: v.component.span,
                    first: *prev,
                    component: v.component.text.clone(),
                }
                .into(),
            );
        } else if let Some((prev, other)) = folded.get(&v.component.text.to_lowercase()) {
            // `src/views/Settings.tsx` and `src/views/settings.tsx` are one file on macOS and
            // Windows file systems.
            diags.push(
                NameProblem::ViewCaseClash {
                    span: v.component.span,
                    first: *prev,
                    component: v.component.text.clone(),
                    other: other.to_string(),
                }
                .into(),
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
            let suggestion = super::suggest::viewport(&v.viewport.text);
            let d = NameProblem::UnknownViewport {
                span: v.viewport.span,
                viewport: v.viewport.text.clone(),
                suggestion,
            };
            diags.push(offer_replacement(d.into(), v.viewport.span, suggestion));
        } else if duplicate {
            // Already reported as a duplicate component; one diagnostic is enough.
        } else if let Some((prev, comp)) = viewports.get(v.viewport.text.as_str()) {
            diags.push(
                NameProblem::SharedViewport {
                    span: v.viewport.span,
                    first: *prev,
                    component: v.component.text.clone(),
                    viewport: v.viewport.text.clone(),
                    other: comp.to_string(),
                }
                .into(),
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
                None => match r.publics.iter().find(|p| p.name.text == u.text) {
                    // Which route the view meant is known, and it is not one to call.
                    Some(p) => diags.push(
                        NameProblem::ViewUsesPublicRoute {
                            span: u.span,
                            name: u.text.clone(),
                            declared: p.name.span,
                        }
                        .into(),
                    ),
                    None => {
                        r.unresolved_use = true;
                        let suggestion = did_you_mean(
                            &u.text,
                            r.routes.iter().map(|rt| rt.decl.name.text.as_str()),
                        );
                        let d = NameProblem::UnknownEndpoint {
                            span: u.span,
                            name: u.text.clone(),
                            suggestion: suggestion.map(str::to_string),
                            is_job: r.jobs.iter().any(|j| j.name.text == u.text),
                            has_backend: ctx.backend().is_some(),
                        };
                        diags.push(offer_replacement(d.into(), u.span, suggestion));
                    }
                },
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
