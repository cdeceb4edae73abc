//! URLs: every URL literal is validated (https, no query or fragment, not Stripe, wildcard
//! placement, a path on `connect` entries), and every `fetch` and used endpoint must be
//! covered by a `connect` entry, as the Dashboard's content security policy demands.

use super::Ctx;
use super::fixes;
use super::names::Resolved;
use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic, FixKind};

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
pub fn parse(s: &str) -> Result<Url<'_>, String> {
    let Some((scheme, rest)) = s.split_once("://") else {
        return Err("it has no scheme: write it as `https://host/path`".into());
    };
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return Err(format!("`{scheme}` is not a URL scheme"));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains a space or a control character".into());
    }
    if s.contains('\\') {
        // Browsers read `\` as `/` in http(s) URLs, so the written URL is not the one used.
        return Err("it contains `\\`, which browsers read as `/`".into());
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
        return Err("it contains a user name or password (`user@host`)".into());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err("it has no host".into());
    }
    if let Some(p) = port
        && (p.is_empty()
            || !p.chars().all(|c| c.is_ascii_digit())
            || p.parse::<u32>().map_or(true, |n| n > 65535))
    {
        return Err(format!("`{p}` is not a port number"));
    }
    let bracketed = host.starts_with('[') && host.ends_with(']');
    if !bracketed
        && !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '*' | '_'))
    {
        return Err(format!("`{host}` is not a host name"));
    }
    if !bracketed && host.len() > 1 && host.ends_with('.') && !host.ends_with("..") {
        // `a.example.` is a different origin from `a.example` to the browser's policy check.
        return Err(format!(
            "the host `{host}` ends in `.`: write `{}`",
            host.trim_end_matches('.')
        ));
    }
    if !bracketed && (host.starts_with('.') || host.ends_with('.') || host.contains("..")) {
        return Err(format!("`{host}` has an empty label"));
    }
    // The browser's (WHATWG) parser has the last word: IDNA rules on the host, for one.
    if let Err(e) = url::Url::parse(s) {
        return Err(format!("a browser would not parse it ({e})"));
    }
    Ok(Url {
        scheme,
        host,
        port,
        path,
        query,
        fragment,
    })
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
                    literal(s, Kind::Redirect, "redirect URL", diags)
                }
                AppStmtKind::PostInstall { url: Some(s), .. } => {
                    literal(s, Kind::Other, "post-install URL", diags)
                }
                _ => {}
            }
        }
    }
    for block in &ctx.urls {
        for s in &block.connect {
            literal(s, Kind::Connect, "connect entry", diags);
        }
        for s in &block.image {
            literal(s, Kind::Image, "image entry", diags);
        }
    }
    for v in &ctx.views {
        for s in &v.fetch {
            literal(s, Kind::Other, "fetch URL", diags);
        }
    }
    for b in &ctx.backends {
        // A recovered block's header (its URL) had a syntax error, already reported.
        if !b.recovered {
            literal(&b.base_url, Kind::Other, "backend URL", diags);
        }
        if let Some(w) = &b.webhooks {
            route_path(w, diags);
        }
        for ep in &b.endpoints {
            if let Some(p) = &ep.path {
                route_path(p, diags);
            }
        }
    }
    coverage(ctx, r, diags);
}

/// Validates one URL literal.
fn literal(s: &Str, kind: Kind, what: &str, diags: &mut Vec<Diagnostic>) {
    let span = s.inner_span();
    if s.value.is_empty() {
        diags.push(
            Diagnostic::new(Code::MalformedUrl, span, format!("this {what} is empty"))
                .help("write an absolute URL such as `https://api.example.com/v1/`"),
        );
        return;
    }
    let url = match parse(&s.value) {
        Ok(u) => u,
        Err(why) => {
            diags.push(
                Diagnostic::new(
                    Code::MalformedUrl,
                    span,
                    format!("this {what} is not a valid URL: {why}"),
                )
                .help("write an absolute URL such as `https://api.example.com/v1/`"),
            );
            return;
        }
    };
    let local = is_local(url.host);
    if !url.scheme.eq_ignore_ascii_case("https") {
        if url.scheme.eq_ignore_ascii_case("http") && local {
            diags.push(
                Diagnostic::new(Code::PlainHttpLocalhost, span, format!("this {what} uses plain `http`"))
                    .help("fine while developing against a local server; Stripe only accepts https URLs, so switch before `stripe apps upload`"),
            );
        } else {
            diags.push(
                Diagnostic::new(
                    Code::UrlNotHttps,
                    span,
                    format!("this {what} uses `{}`, not `https`", url.scheme),
                )
                .help("Stripe Apps only talk to https URLs (plain http is tolerated for localhost while developing)"),
            );
        }
    }
    if url.query.is_some() || url.fragment.is_some() {
        let which = if url.query.is_some() {
            "a query (`?…`)"
        } else {
            "a fragment (`#…`)"
        };
        diags.push(
            Diagnostic::new(Code::UrlQueryOrFragment, span, format!("this {what} has {which}"))
                .help("remove everything from `?` or `#` on; pass parameters when calling, not in the declared URL"),
        );
    }
    let host = canonical(&s.value)
        .map(|c| c.host)
        .unwrap_or_else(|| url.host.to_ascii_lowercase());
    if is_stripe_host(&host) {
        let help = match what {
            "redirect URL" => {
                "this must be a page of your own, or Stripe's OAuth landing page for this app (`https://dashboard.stripe.com/apps-oauth/<app id>`)"
            }
            "post-install URL" => {
                "this must be a page of your own; Stripe's pages are part of the install flow already"
            }
            "backend URL" => "the backend is your own server: give its public URL",
            _ => {
                "call Stripe's API with `calls <method>` (for example `calls customers.retrieve`), not with a URL"
            }
        };
        diags.push(
            Diagnostic::new(
                Code::UrlIsStripe,
                span,
                format!("this {what} points at Stripe (`{}`)", url.host),
            )
            .help(help),
        );
    }
    if matches!(kind, Kind::Connect | Kind::Redirect) && (url.path.is_empty() || url.path == "/") {
        let which = if kind == Kind::Connect {
            "a `connect` entry"
        } else {
            "a `redirect` URL"
        };
        diags.push(
            Diagnostic::new(Code::UrlWithoutPath, span, format!("{which} needs a path"))
                .help(format!(
                    "Stripe rejects a bare host; name the API's path, ending in `/` to allow everything under it (for example `{}://{}{}/api/`)",
                    url.scheme,
                    url.host,
                    url.port.map(|p| format!(":{p}")).unwrap_or_default()
                )),
        );
    }
    if has_dot_segment(url.path) {
        // The browser resolves `..` (and `%2e%2e`) before the content security policy
        // compares URLs, so `/api/../admin` would be checked as if it were under `/api/`.
        diags.push(
            Diagnostic::new(
                Code::MalformedUrl,
                span,
                format!("this {what} has a `.` or `..` path segment (perhaps percent-encoded)"),
            )
            .help("write the path the request really goes to, without `.` and `..` segments (`%2e` is a `.` too)"),
        );
    }
    wildcard(&url, &s.value, kind, span, what, diags);
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
        let mut d = Diagnostic::new(
            Code::UrlIsStripe,
            s.inner_span(),
            format!("this is Stripe's OAuth landing page of app `{id}`, but this file's app id is `{app_id}`"),
        )
        .help("a `redirect` may name Stripe's OAuth landing page only with the app's own id: `https://dashboard.stripe.com/apps-oauth/<app id>`");
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

fn wildcard(
    url: &Url<'_>,
    raw: &str,
    kind: Kind,
    span: Span,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if !raw.contains('*') {
        return;
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
        diags.push(
            Diagnostic::new(Code::MisplacedWildcard, span, format!("{} cannot contain `*`", article(what)))
                .help("only `connect` and `image` entries may use a wildcard, as the whole left-most host label (`https://*.example.com/api/`)"),
        );
    } else if !host_ok || elsewhere {
        diags.push(
            Diagnostic::new(Code::MisplacedWildcard, span, format!("`*` is only allowed as the whole left-most host label of {}", article(what)))
                .help("write `https://*.example.com/path/`: a `*` label stands for one or more whole labels in front of the rest of the host"),
        );
    }
}

fn route_path(p: &Str, diags: &mut Vec<Diagnostic>) {
    let v = &p.value;
    if !v.starts_with('/') {
        diags.push(
            Diagnostic::new(
                Code::MalformedUrl,
                p.inner_span(),
                format!("the route path `{v}` does not start with `/`"),
            )
            .help(format!("write `\"/{}\"`", v.trim_start_matches('/'))),
        );
    } else if v.contains(['?', '#']) {
        diags.push(
            Diagnostic::new(
                Code::UrlQueryOrFragment,
                p.inner_span(),
                "a route path cannot have a query or fragment",
            )
            .help("remove everything from `?` or `#` on"),
        );
    } else if let Some(bad) = v
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~' | '%')))
    {
        // Express (which serves the generated backend) gives `:`, `*`, `(`, `{`… a meaning
        // in paths, and a space or non-ASCII character would have to be percent-encoded.
        diags.push(
            Diagnostic::new(Code::MalformedUrl, p.inner_span(), format!("the route path `{v}` contains `{bad}`"))
                .help("a route path uses letters, digits, `/`, `-`, `_`, `.` and `~`, such as `/sync/status`"),
        );
    }
}

/// "a connect entry", "an image entry".
fn article(what: &str) -> String {
    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {what}")
    } else {
        format!("a {what}")
    }
}

/// Whether a URL passed every literal check (an invalid one is reported once, by those
/// checks, and never gets a coverage error or a fix that would copy it into `connect`).
fn acceptable(s: &str) -> bool {
    let Ok(u) = parse(s) else {
        return false;
    };
    let scheme_ok = u.scheme.eq_ignore_ascii_case("https")
        || (u.scheme.eq_ignore_ascii_case("http") && is_local(u.host));
    let host = canonical(s).map(|c| c.host).unwrap_or_default();
    scheme_ok
        && !has_dot_segment(u.path)
        && u.query.is_none()
        && u.fragment.is_none()
        && !s.contains('*')
        && host != "stripe.com"
        && !host.ends_with(".stripe.com")
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
    let u = url::Url::parse(s).ok()?;
    Some(Canon {
        scheme: u.scheme().to_string(),
        host: u.host_str()?.to_string(),
        port: u.port(),
        path: u.path().to_string(),
    })
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
    path.split('/').any(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    })
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
    let is_covered = |u: &str| {
        canonical(u).is_some_and(|target| {
            connect
                .iter()
                .any(|(_, entry)| covers_canon(entry, &target))
        })
    };
    for v in &ctx.views {
        for f in &v.fetch {
            if !acceptable(&f.value) || is_covered(&f.value) {
                continue;
            }
            if let Some(entry) = lacking_slash(&connect, &f.value) {
                diags.push(add_slash(
                    Diagnostic::new(
                        Code::UrlNotCovered,
                        f.inner_span(),
                        format!(
                            "`{}` is not covered: `connect \"{}\"` lacks its trailing `/`",
                            f.value, entry.value
                        ),
                    )
                    .help("a `connect` entry ending in `/` allows every URL below it; one without allows only that exact URL"),
                    entry,
                ));
                continue;
            }
            let fix = fixes::add_connect(
                ctx,
                &f.value,
                &format!("Fetch data from {}", host_of(&f.value)),
            );
            let d = Diagnostic::new(
                Code::UrlNotCovered,
                f.inner_span(),
                format!("`{}` is not covered by any `connect` entry", f.value),
            )
            .help("the Dashboard blocks a view's `fetch` to any URL the manifest does not list; add it to the `urls` block")
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
        let missing = *uncovered[u.endpoint]
            .get_or_insert_with(|| acceptable(&route.url) && !is_covered(&route.url));
        if !missing {
            continue;
        }
        if let Some(entry) = lacking_slash(&connect, &route.url) {
            diags.push(add_slash(
                Diagnostic::new(
                    Code::UrlNotCovered,
                    u.name.span,
                    format!(
                        "endpoint `{}` is at `{}`, which `connect \"{}\"` would cover with its trailing `/`",
                        u.name.text, route.url, entry.value
                    ),
                )
                .label(route.decl.name.span, "the endpoint is declared here")
                .help("a `connect` entry ending in `/` allows every URL below it; one without allows only that exact URL"),
                entry,
            ));
            continue;
        }
        // The base URL with a trailing `/` covers every endpoint; when the base has no path
        // that entry would be a bare host (E0504), so the endpoint's own URL is added instead.
        let base_has_path = parse(&backend_url).is_ok_and(|u| !u.path.is_empty() && u.path != "/");
        let entry = if !base_has_path {
            route.url.clone()
        } else if backend_url.ends_with('/') {
            backend_url.clone()
        } else {
            format!("{backend_url}/")
        };
        let fix = fixes::add_connect(ctx, &entry, "Call the app's own backend");
        let d = Diagnostic::new(
            Code::UrlNotCovered,
            u.name.span,
            format!(
                "endpoint `{}` is at `{}`, which no `connect` entry covers",
                u.name.text, route.url
            ),
        )
        .label(route.decl.name.span, "the endpoint is declared here")
        .help("a view can only call the backend if its URL is in the content security policy; add the backend's URL to the `urls` block")
        .with_fix(fix);
        diags.push(d);
    }
}

fn host_of(url: &str) -> String {
    parse(url).map(|u| u.host.to_string()).unwrap_or_default()
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
        for p in ["/a/../b", "/a/%2e%2e/b", "/a/.%2E/b", "/%2e/b", "/a/."] {
            assert!(has_dot_segment(p), "{p}");
        }
        for p in ["/a/b", "/a/.../b", "/a/a%2e%2eb", "/.well-known/x"] {
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
        assert!(parse("https://h.example./x").is_err_and(|e| e.contains("ends in `.`")));
        assert!(parse("https://u:p@h.example/x").is_err());
        assert!(parse("https://h.example\\x/").is_err());
    }
}
