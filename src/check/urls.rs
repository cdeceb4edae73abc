//! URLs: every URL literal is validated (https, no query or fragment, not Stripe, wildcard
//! placement, a path on `connect` entries), and every `fetch` and used endpoint must be
//! covered by a `connect` entry, as the Dashboard's content security policy demands.

use super::Ctx;
use super::fixes;
use super::names::Resolved;
use crate::ast::*;
use crate::diagnostics::problem::Problem;
use crate::diagnostics::problem::urls::{UrlError, UrlProblem, UrlRole};
use crate::diagnostics::{Diagnostic, FixKind};

/// A URL split into the parts the checks need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url<'a> {
    pub scheme: &'a str,
    pub host: &'a str,
    pub port: Option<&'a str>,
    /// From the first `/` after the host up to `?`/`#`; empty when there is none.
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Parses an absolute URL, or says why it is not one.
pub fn parse(s: &str) -> Result<Url<'_>, UrlError> {
    parse_both(s).map(|(url, _)| url)
}

/// [`parse`], also returning the browser's parse, which the checks that compare URLs need:
/// one WHATWG parse per URL (a backend may have thousands of endpoints).
fn parse_both(s: &str) -> Result<(Url<'_>, url::Url), UrlError> {
    let Some((scheme, rest)) = s.split_once("://") else {
        return Err(UrlError::NoScheme);
    };
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return Err(UrlError::BadScheme(scheme.to_string()));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlError::SpaceOrControl);
    }
    if s.contains('\\') {
        // Browsers read `\` as `/` in http(s) URLs, so the written URL is not the one used.
        return Err(UrlError::Backslash);
    }
    let (before_fragment, fragment) = match rest.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (rest, None),
    };
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (before_fragment, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => (&before_query[..i], &before_query[i..]),
        None => (before_query, ""),
    };
    if authority.contains('@') {
        return Err(UrlError::UserInfo);
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    if let Some(p) = port
        && (p.is_empty()
            || !p.chars().all(|c| c.is_ascii_digit())
            || p.parse::<u32>().map_or(true, |n| n > 65535))
    {
        return Err(UrlError::BadPort(p.to_string()));
    }
    let bracketed = host.starts_with('[') && host.ends_with(']');
    if !bracketed
        && !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '*' | '_'))
    {
        return Err(UrlError::BadHost(host.to_string()));
    }
    if !bracketed && host.len() > 1 && host.ends_with('.') && !host.ends_with("..") {
        // `a.example.` is a different origin from `a.example` to the browser's policy check.
        return Err(UrlError::TrailingDot(host.to_string()));
    }
    if !bracketed && (host.starts_with('.') || host.ends_with('.') || host.contains("..")) {
        return Err(UrlError::EmptyLabel(host.to_string()));
    }
    // The browser's (WHATWG) parser has the last word: IDNA rules on the host, for one.
    let browser = url::Url::parse(s).map_err(|e| UrlError::Browser(e.to_string()))?;
    let url = Url {
        scheme,
        host,
        port,
        path,
        query,
        fragment,
    };
    Ok((url, browser))
}

/// Which kind of URL literal is being checked: the wildcard and path rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Connect,
    Image,
    /// A `redirect`: needs a path, and may be Stripe's OAuth landing page for this app.
    Redirect,
    Other,
}

pub(crate) fn check(ctx: &Ctx<'_>, r: &Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    if let Some(app) = ctx.app() {
        for stmt in &app.stmts {
            match &stmt.kind {
                AppStmtKind::Redirect(s) if !stripe_landing_page(s, &app.id.value, diags) => {
                    literal(s, Kind::Redirect, UrlRole::Redirect, diags)
                }
                AppStmtKind::PostInstall { url: Some(s), .. } => {
                    literal(s, Kind::Other, UrlRole::PostInstall, diags)
                }
                _ => {}
            }
        }
    }
    for block in &ctx.urls {
        for s in &block.connect {
            literal(s, Kind::Connect, UrlRole::Connect, diags);
        }
        for s in &block.image {
            literal(s, Kind::Image, UrlRole::Image, diags);
        }
    }
    for v in &ctx.views {
        for s in &v.fetch {
            literal(s, Kind::Other, UrlRole::Fetch, diags);
        }
    }
    for b in &ctx.backends {
        // A recovered block's header (its URL) had a syntax error, already reported.
        if !b.recovered {
            literal(&b.base_url, Kind::Other, UrlRole::Backend, diags);
        }
        if let Some(w) = &b.webhooks {
            route_path(w, Some("the webhook route"), diags);
        }
        if let Some(h) = &b.health {
            route_path(h, Some("the health route"), diags);
        }
        if let Some(cb) = &b.oauth_callback {
            route_path(&cb.path, Some("the OAuth callback"), diags);
        }
        for ep in &b.endpoints {
            if let Some(p) = &ep.path {
                route_path(p, None, diags);
            }
        }
        for p in &b.publics {
            route_path(&p.path, None, diags);
        }
    }
    coverage(ctx, r, diags);
}

/// Validates one URL literal.
fn literal(s: &Str, kind: Kind, role: UrlRole, diags: &mut Vec<Diagnostic>) {
    literal_in(s, kind, role, false, diags)
}

/// Validates one URL literal; `dev`: it is a profile's, where plain http to localhost is
/// what development needs, so W0102 is not given (every other rule holds).
fn literal_in(s: &Str, kind: Kind, role: UrlRole, dev: bool, diags: &mut Vec<Diagnostic>) {
    let span = s.inner_span();
    let mut report = |p: UrlProblem| diags.push(p.into());
    if s.value.is_empty() {
        report(UrlProblem::Empty { span, role });
        return;
    }
    let url = match parse(&s.value) {
        Ok(u) => u,
        Err(why) => {
            report(UrlProblem::Unparsable { span, role, why });
            return;
        }
    };
    let local = is_local(url.host);
    if !url.scheme.eq_ignore_ascii_case("https") {
        if url.scheme.eq_ignore_ascii_case("http") && local && dev {
            // A profile's manifest is for development: localhost over http is its point.
        } else if url.scheme.eq_ignore_ascii_case("http") && local {
            report(UrlProblem::PlainHttpLocalhost { span, role });
        } else {
            report(UrlProblem::NotHttps {
                span,
                role,
                scheme: url.scheme.to_string(),
            });
        }
    }
    if url.query.is_some() || url.fragment.is_some() {
        report(UrlProblem::QueryOrFragment {
            span,
            role,
            query: url.query.is_some(),
        });
    }
    let host = canonical(&s.value)
        .map(|c| c.host)
        .unwrap_or_else(|| url.host.to_ascii_lowercase());
    if is_stripe_host(&host) {
        report(UrlProblem::IsStripe {
            span,
            role,
            host: url.host.to_string(),
        });
    }
    if matches!(kind, Kind::Connect | Kind::Redirect) && (url.path.is_empty() || url.path == "/") {
        report(UrlProblem::WithoutPath {
            span,
            role,
            scheme: url.scheme.to_string(),
            host: url.host.to_string(),
            port: url.port.map(str::to_string),
        });
    }
    if has_dot_segment(url.path) {
        // The browser resolves `..` (and `%2e%2e`) before the content security policy
        // compares URLs, so `/api/../admin` would be checked as if it were under `/api/`.
        report(UrlProblem::DotSegment { span, role });
    }
    if let Some(p) = wildcard(&url, &s.value, kind, span, role) {
        report(p);
    }
}

fn is_stripe_host(host: &str) -> bool {
    host == "stripe.com" || host.ends_with(".stripe.com")
}

/// Stripe's OAuth landing page, `https://dashboard.stripe.com/[test/]apps-oauth/<app id>`,
/// is the one Stripe URL a `redirect` may name, and only with this file's app id. Returns
/// whether `s` is that page (reported here when its id is another app's).
fn stripe_landing_page(s: &Str, app_id: &str, diags: &mut Vec<Diagnostic>) -> bool {
    let Some(c) = canonical(&s.value) else {
        return false;
    };
    if c.scheme != "https" || c.host != "dashboard.stripe.com" || c.port.is_some() {
        return false;
    }
    let rest = c.path.strip_prefix("/test").unwrap_or(&c.path);
    let Some(id) = rest.strip_prefix("/apps-oauth/") else {
        return false;
    };
    if s.value.contains(['?', '#']) {
        return false;
    }
    if id != app_id {
        let fixed = format!("{}{app_id}", &s.value[..s.value.len() - id.len()]);
        let can_fix = s.value.ends_with(id) && super::metadata::valid_id(app_id);
        let mut d = Diagnostic::from(UrlProblem::OtherAppsLandingPage {
            span: s.inner_span(),
            id: id.to_string(),
            app_id: app_id.to_string(),
        });
        if can_fix {
            d = d.fix(
                FixKind::UseAppId {
                    id: app_id.to_string(),
                },
                vec![crate::diagnostics::Edit {
                    span: s.span,
                    new_text: crate::syntax::print::quote(&fixed),
                }],
            );
        }
        diags.push(d);
    }
    true
}

/// The problem with a `*` in `raw`, if any.
fn wildcard(url: &Url<'_>, raw: &str, kind: Kind, span: Span, role: UrlRole) -> Option<UrlProblem> {
    if !raw.contains('*') {
        return None;
    }
    let allowed_here = matches!(kind, Kind::Connect | Kind::Image);
    let labels: Vec<&str> = url.host.split('.').collect();
    // `*` may only be the whole left-most label, in front of at least one real label.
    let host_ok = labels.iter().skip(1).all(|l| !l.contains('*'))
        && labels.first().is_none_or(|l| *l == "*" || !l.contains('*'))
        && labels.len() >= 2;
    let elsewhere = url.path.contains('*')
        || url.query.is_some_and(|q| q.contains('*'))
        || url.fragment.is_some_and(|f| f.contains('*'))
        || url.port.is_some_and(|p| p.contains('*'));
    if !allowed_here {
        Some(UrlProblem::WildcardNotAllowed { span, role })
    } else if !host_ok || elsewhere {
        Some(UrlProblem::MisplacedWildcard { span, role })
    } else {
        None
    }
}

/// Checks a route path. `fixed` names a route whose path cannot have `:name` parameters
/// (the webhook and health routes, the OAuth callback: their URLs are registered as is).
fn route_path(p: &Str, fixed: Option<&'static str>, diags: &mut Vec<Diagnostic>) {
    let v = &p.value;
    let span = p.inner_span();
    let problem = if !v.starts_with('/') {
        UrlProblem::RouteWithoutSlash {
            span,
            path: v.clone(),
        }
    } else if v.contains(['?', '#']) {
        UrlProblem::RouteQueryOrFragment { span }
    } else if let Some(problem) = path_parameter_problem(p, fixed) {
        problem
    } else if let Some(bad) = v
        .split('/')
        .filter(|seg| !seg.starts_with(':'))
        .flat_map(str::chars)
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~' | '%')))
    {
        // Express (which serves the generated backend) gives `:`, `*`, `(`, `{`… a meaning
        // in paths, and a space or non-ASCII character would have to be percent-encoded.
        UrlProblem::RouteCharacter {
            span,
            path: v.clone(),
            bad,
        }
    } else {
        return;
    };
    diags.push(problem.into());
}

/// Whether a URL passed every literal check (an invalid one is reported once, by those
/// checks, and never gets a coverage error or a fix that would copy it into `connect`).
pub(crate) fn acceptable(s: &str) -> bool {
    acceptable_canon(s).is_some()
}

/// The browser's form of a URL that passed every literal check; `None` for any other.
fn acceptable_canon(s: &str) -> Option<Canon> {
    let (u, browser) = parse_both(s).ok()?;
    let scheme_ok = u.scheme.eq_ignore_ascii_case("https")
        || (u.scheme.eq_ignore_ascii_case("http") && is_local(u.host));
    let canon = Canon::of(&browser)?;
    let host = &canon.host;
    let ok = scheme_ok
        && !has_dot_segment(u.path)
        && u.query.is_none()
        && u.fragment.is_none()
        && !s.contains('*')
        && host != "stripe.com"
        && !host.ends_with(".stripe.com");
    ok.then_some(canon)
}

fn is_local(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "localhost" || h == "127.0.0.1"
}

/// A URL as the browser compares it (SPEC §4.12): parsed by the WHATWG rules, so the scheme
/// and host are lower-case, the host is in its ASCII (punycode) form (`bücher.example` is
/// `xn--bcher-kva.example`), a default port (`:443` on https) is no port, and the path is
/// percent-encoded as it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canon {
    pub scheme: String,
    pub host: String,
    pub port: Option<u16>,
    pub path: String,
}

/// The browser's form of an absolute URL, or `None` when a browser would not parse it.
pub fn canonical(s: &str) -> Option<Canon> {
    Canon::of(&url::Url::parse(s).ok()?)
}

impl Canon {
    fn of(u: &url::Url) -> Option<Canon> {
        Some(Canon {
            scheme: u.scheme().to_string(),
            host: u.host_str()?.to_string(),
            port: u.port(),
            path: u.path().to_string(),
        })
    }
}

/// Whether connect entry `entry` allows a request to `target`.
pub fn covers(entry: &str, target: &str) -> bool {
    let (Some(e), Some(t)) = (canonical(entry), canonical(target)) else {
        return false;
    };
    covers_canon(&e, &t)
}

fn covers_canon(e: &Canon, t: &Canon) -> bool {
    if e.scheme != t.scheme || e.port != t.port || !host_matches(&e.host, &t.host) {
        return false;
    }
    if e.path.ends_with('/') {
        t.path.starts_with(&e.path)
    } else {
        e.path == t.path
    }
}

/// Hosts are compared in their canonical ASCII form; a `*` label matches one or more whole
/// labels, never the bare domain.
fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => host.len() > suffix.len() + 1 && host.ends_with(&format!(".{suffix}")),
        None => pattern == host,
    }
}

/// Whether a path has a `.` or `..` segment, written plainly or percent-encoded (`%2e%2e`,
/// `.%2E`): the browser resolves both before the content security policy compares URLs.
pub fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(is_dot_segment)
}

/// Whether one segment is `.` or `..`, each dot written plainly or as `%2e`/`%2E`. Read
/// byte by byte without allocating: it runs on every endpoint's URL.
fn is_dot_segment(segment: &str) -> bool {
    let b = segment.as_bytes();
    let (mut i, mut dots) = (0, 0);
    while i < b.len() {
        if b[i] == b'.' {
            i += 1;
        } else if b[i] == b'%'
            && b.get(i + 1) == Some(&b'2')
            && b.get(i + 2).is_some_and(|c| c | 0x20 == b'e')
        {
            i += 3;
        } else {
            return false;
        }
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// A `connect` entry without a trailing `/` that would cover `target` with one: it allows
/// that one exact URL only, which is rarely what was meant.
fn lacking_slash<'s>(entries: &[(&'s Str, Canon)], target: &str) -> Option<&'s Str> {
    let target = canonical(target)?;
    entries.iter().find_map(|(s, e)| {
        let mut slashed = e.clone();
        slashed.path.push('/');
        (!e.path.ends_with('/') && covers_canon(&slashed, &target)).then_some(*s)
    })
}

/// The note and fix for a URL that `entry` would cover with its trailing `/`.
fn add_slash(d: Diagnostic, entry: &Str) -> Diagnostic {
    let fixed = format!("{}/", entry.value);
    d.label(
        entry.inner_span(),
        "this entry lacks only its trailing `/`: without it, it allows this exact URL and nothing below it",
    )
    .fix(
        FixKind::AddTrailingSlash {
            url: entry.value.clone(),
        },
        vec![crate::diagnostics::Edit {
            span: entry.span,
            new_text: crate::syntax::print::quote(&fixed),
        }],
    )
}

fn coverage(ctx: &Ctx<'_>, r: &Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    // Parsed once: every fetch and every use is compared against each entry.
    let connect: Vec<(&Str, Canon)> = ctx
        .urls_block()
        .map(|b| {
            b.connect
                .iter()
                .filter_map(|s| canonical(&s.value).map(|c| (s, c)))
                .collect()
        })
        .unwrap_or_default();
    let covered = |target: &Canon| connect.iter().any(|(_, entry)| covers_canon(entry, target));
    let is_covered = |u: &str| canonical(u).is_some_and(|target| covered(&target));
    for v in &ctx.views {
        for f in &v.fetch {
            if !acceptable(&f.value) || is_covered(&f.value) {
                continue;
            }
            if let Some(entry) = lacking_slash(&connect, &f.value) {
                diags.push(add_slash(
                    UrlProblem::FetchLacksSlash {
                        span: f.inner_span(),
                        url: f.value.clone(),
                        entry: entry.value.clone(),
                    }
                    .into(),
                    entry,
                ));
                continue;
            }
            let fix = fixes::add_connect(
                ctx,
                &f.value,
                &format!("Fetch data from {}", host_of(&f.value)),
            );
            let d = Diagnostic::from(UrlProblem::FetchNotCovered {
                span: f.inner_span(),
                url: f.value.clone(),
            })
            .with_fix(fix);
            diags.push(d);
        }
    }
    let backend_url = ctx
        .backend()
        .map(|b| b.base_url.value.clone())
        .unwrap_or_default();
    if !acceptable(&backend_url) {
        return;
    }
    // Whether each route is reachable, computed once per route (many views may use one).
    let mut uncovered: Vec<Option<bool>> = vec![None; r.routes.len()];
    for u in &r.uses {
        let Some(route) = r.routes.get(u.endpoint) else {
            continue;
        };
        // A path with parameters is covered by its part before the first parameter: the
        // policy has to allow every value, so an entry ending in `/` there covers it.
        let reached = crate::model::static_prefix(&route.url);
        let missing = *uncovered[u.endpoint]
            .get_or_insert_with(|| acceptable_canon(reached).is_some_and(|t| !covered(&t)));
        if !missing {
            continue;
        }
        if let Some(entry) = lacking_slash(&connect, reached) {
            diags.push(add_slash(
                UrlProblem::EndpointLacksSlash {
                    span: u.name.span,
                    endpoint: u.name.text.clone(),
                    url: route.url.clone(),
                    declared: route.decl.name.span,
                    entry: entry.value.clone(),
                }
                .into(),
                entry,
            ));
            continue;
        }
        // The base URL with a trailing `/` covers every endpoint; when the base has no path
        // that entry would be a bare host (E0504), so the endpoint's own URL is added instead.
        let base_has_path = parse(&backend_url).is_ok_and(|u| !u.path.is_empty() && u.path != "/");
        let entry = if !base_has_path {
            reached.to_string()
        } else if backend_url.ends_with('/') {
            backend_url.clone()
        } else {
            format!("{backend_url}/")
        };
        let fix = fixes::add_connect(ctx, &entry, "Call the app's own backend");
        let d = Diagnostic::from(UrlProblem::EndpointNotCovered {
            span: u.name.span,
            endpoint: u.name.text.clone(),
            url: route.url.clone(),
            declared: route.decl.name.span,
        })
        .with_fix(fix);
        diags.push(d);
    }
}

/// The URLs of each `profile`: the URL rules (plain http to localhost allowed), and the
/// endpoints views use, reached under the profile's `backend`, covered by the app's
/// `connect` entries or the profile's.
pub(crate) fn profiles(ctx: &Ctx<'_>, r: &Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    let app_id = ctx.app().map(|a| a.id.value.clone()).unwrap_or_default();
    let app_connect: Vec<Canon> = ctx
        .urls_block()
        .map(|b| {
            b.connect
                .iter()
                .filter_map(|s| canonical(&s.value))
                .collect()
        })
        .unwrap_or_default();
    for profile in &ctx.profiles {
        let mut connect = app_connect.clone();
        let mut backend = None;
        for stmt in &profile.stmts {
            match &stmt.kind {
                ProfileStmtKind::Backend(s) => {
                    literal_in(s, Kind::Other, UrlRole::Backend, true, diags);
                    backend.get_or_insert(s);
                }
                ProfileStmtKind::Connect(list) => {
                    for s in list {
                        literal_in(s, Kind::Connect, UrlRole::Connect, true, diags);
                        connect.extend(canonical(&s.value));
                    }
                }
                ProfileStmtKind::Image(list) => {
                    for s in list {
                        literal_in(s, Kind::Image, UrlRole::Image, true, diags);
                    }
                }
                ProfileStmtKind::Redirect(s) => {
                    if !stripe_landing_page(s, &app_id, diags) {
                        literal_in(s, Kind::Redirect, UrlRole::Redirect, true, diags);
                    }
                }
                ProfileStmtKind::Name(_) | ProfileStmtKind::Constant { .. } => {}
            }
        }
        let Some(backend) = backend.filter(|b| acceptable(&b.value)) else {
            continue;
        };
        profile_oauth_callback(ctx, profile, backend, diags);
        let mut reported = vec![false; r.routes.len()];
        for u in &r.uses {
            let Some(route) = r.routes.get(u.endpoint) else {
                continue;
            };
            if reported[u.endpoint] {
                continue;
            }
            let url = crate::model::route_url(&backend.value, &route.decl.route_path());
            let covered = canonical(&url)
                .is_some_and(|t| connect.iter().any(|entry| covers_canon(entry, &t)));
            if !covered {
                reported[u.endpoint] = true;
                diags.push(
                    Problem::ProfileEndpointNotCovered {
                        span: u.name.span,
                        backend: backend.inner_span(),
                        endpoint: u.name.text.clone(),
                        url,
                        profile: profile.name.text.clone(),
                    }
                    .into(),
                );
            }
        }
    }
}

/// Under a profile with a `backend`, Stripe sends the installing user to the OAuth callback
/// at the profile's backend: that URL must be a redirect of the profile (or of the app).
fn profile_oauth_callback(
    ctx: &Ctx<'_>,
    profile: &ProfileDecl,
    backend: &Str,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(cb) = ctx.backend().and_then(|b| b.oauth_callback.as_deref()) else {
        return;
    };
    if cb.path.value.is_empty() {
        return;
    }
    let url = crate::model::route_url(&backend.value, &cb.path.value);
    let Some(target) = canonical(&url) else {
        return;
    };
    let app_redirects = ctx.app().into_iter().flat_map(|a| a.redirects());
    if profile
        .redirects()
        .chain(app_redirects)
        .any(|r| canonical(&r.value).is_some_and(|c| c == target))
    {
        return;
    }
    diags.push(
        Problem::ProfileCallbackNotRedirect {
            span: backend.inner_span(),
            callback: cb.path.inner_span(),
            url,
            profile: profile.name.text.clone(),
        }
        .into(),
    );
}

fn host_of(url: &str) -> String {
    parse(url).map(|u| u.host.to_string()).unwrap_or_default()
}

/// What is wrong with the `:name` segments of a route path: a parameter where none may be,
/// a name that is not `[A-Za-z_][A-Za-z0-9_]*`, or the same name twice.
fn path_parameter_problem(p: &Str, fixed: Option<&'static str>) -> Option<UrlProblem> {
    let v = &p.value;
    let span = p.inner_span();
    let mut seen: Vec<&str> = Vec::new();
    for seg in v.split('/') {
        let Some(param) = seg.strip_prefix(':') else {
            continue;
        };
        if let Some(route) = fixed {
            return Some(UrlProblem::RouteParameterNotAllowed {
                span,
                route,
                segment: seg.to_string(),
            });
        }
        let valid = param
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && param.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Some(UrlProblem::RouteParameterName {
                span,
                path: v.clone(),
                segment: seg.to_string(),
            });
        }
        if seen.contains(&param) {
            return Some(UrlProblem::RouteParameterTwice {
                span,
                path: v.clone(),
                name: param.to_string(),
            });
        }
        seen.push(param);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_rules() {
        assert!(covers(
            "https://a.example.com/api/",
            "https://a.example.com/api/x/y"
        ));
        assert!(covers(
            "https://a.example.com/api",
            "https://A.EXAMPLE.com/api"
        ));
        assert!(!covers(
            "https://a.example.com/api",
            "https://a.example.com/api/x"
        ));
        assert!(covers(
            "https://*.example.com/api/",
            "https://x.y.example.com/api/z"
        ));
        assert!(!covers(
            "https://*.example.com/api/",
            "https://example.com/api/z"
        ));
        assert!(!covers(
            "https://a.example.com/api/",
            "http://a.example.com/api/z"
        ));
    }

    #[test]
    fn whatwg_comparison() {
        assert!(covers(
            "https://bücher.example/api/",
            "https://xn--bcher-kva.example/api/x"
        ));
        assert!(covers(
            "https://*.xn--bcher-kva.example/api/",
            "https://eu.bücher.example/api/x"
        ));
        assert!(covers("https://a.example:443/api", "https://A.EXAMPLE/api"));
        assert!(!covers(
            "https://a.example/api",
            "https://a.example:8443/api"
        ));
    }

    #[test]
    fn dot_segments_plain_and_encoded() {
        for p in [
            "/a/../b",
            "/a/%2e%2e/b",
            "/a/.%2E/b",
            "/%2e/b",
            "/a/.",
            "/%2E.",
            "/x/%2e",
        ] {
            assert!(has_dot_segment(p), "{p}");
        }
        for p in [
            "/a/b",
            "/a/.../b",
            "/a/a%2e%2eb",
            "/.well-known/x",
            "/%2e%2e%2e",
            "/%2",
            "/.%2",
            "/%",
            "/%2f",
            "/%3e",
            "",
        ] {
            assert!(!has_dot_segment(p), "{p}");
        }
    }

    #[test]
    fn parsing() {
        let u = parse("https://h.example:8443/a/b?x=1#f").ok();
        assert_eq!(u.as_ref().map(|u| u.port), Some(Some("8443")));
        assert_eq!(u.as_ref().map(|u| u.path), Some("/a/b"));
        assert!(parse("h.example/x").is_err());
        assert!(parse("https:///x").is_err());
        assert!(parse("https://h ex/x").is_err());
        assert!(matches!(
            parse("https://h.example./x"),
            Err(UrlError::TrailingDot(_))
        ));
        assert!(parse("https://u:p@h.example/x").is_err());
        assert!(parse("https://h.example\\x/").is_err());
    }
}
