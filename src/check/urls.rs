//! URLs: every URL literal is validated (https, no query or fragment, not Stripe, wildcard
//! placement, a path on `connect` entries), and every `fetch` and used endpoint must be
//! covered by a `connect` entry, as the Dashboard's content security policy demands.

use super::Ctx;
use super::fixes;
use super::names::Resolved;
use crate::ast::*;
use crate::diagnostics::Diagnostic;

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
    if !bracketed && (host.starts_with('.') || host.ends_with('.') || host.contains("..")) {
        return Err(format!("`{host}` has an empty label"));
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
    Other,
}

pub(crate) fn check(ctx: &Ctx<'_>, r: &Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    if let Some(app) = ctx.app() {
        for stmt in &app.stmts {
            match &stmt.kind {
                AppStmtKind::Redirect(s) => literal(s, Kind::Other, "redirect URL", diags),
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
            Diagnostic::new("E0506", span, format!("this {what} is empty"))
                .help("write an absolute URL such as `https://api.example.com/v1/`"),
        );
        return;
    }
    let url = match parse(&s.value) {
        Ok(u) => u,
        Err(why) => {
            diags.push(
                Diagnostic::new(
                    "E0506",
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
                Diagnostic::new("W0102", span, format!("this {what} uses plain `http`"))
                    .help("fine while developing against a local server; Stripe only accepts https URLs, so switch before `stripe apps upload`"),
            );
        } else {
            diags.push(
                Diagnostic::new(
                    "E0501",
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
            Diagnostic::new("E0502", span, format!("this {what} has {which}"))
                .help("remove everything from `?` or `#` on; pass parameters when calling, not in the declared URL"),
        );
    }
    let host = url.host.to_ascii_lowercase();
    if host == "stripe.com" || host.ends_with(".stripe.com") {
        let help = match what {
            "redirect URL" | "post-install URL" => {
                "this must be a page of your own; Stripe's pages are part of the install flow already"
            }
            "backend URL" => "the backend is your own server: give its public URL",
            _ => {
                "call Stripe's API with `calls <method>` (for example `calls customers.retrieve`), not with a URL"
            }
        };
        diags.push(
            Diagnostic::new(
                "E0503",
                span,
                format!("this {what} points at Stripe (`{}`)", url.host),
            )
            .help(help),
        );
    }
    if kind == Kind::Connect && (url.path.is_empty() || url.path == "/") {
        diags.push(
            Diagnostic::new("E0504", span, "a `connect` entry needs a path")
                .help(format!(
                    "Stripe rejects a bare host; name the API's path, ending in `/` to allow everything under it (for example `{}://{}{}/api/`)",
                    url.scheme,
                    url.host,
                    url.port.map(|p| format!(":{p}")).unwrap_or_default()
                )),
        );
    }
    if url
        .path
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        // The browser resolves `..` before the content security policy compares URLs, so
        // `/api/../admin` would be checked as if it were under `/api/`.
        diags.push(
            Diagnostic::new(
                "E0506",
                span,
                format!("this {what} has a `.` or `..` path segment"),
            )
            .help("write the path the request really goes to, without `.` and `..` segments"),
        );
    }
    wildcard(&url, &s.value, kind, span, what, diags);
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
            Diagnostic::new("E0505", span, format!("{} cannot contain `*`", article(what)))
                .help("only `connect` and `image` entries may use a wildcard, as the whole left-most host label (`https://*.example.com/api/`)"),
        );
    } else if !host_ok || elsewhere {
        diags.push(
            Diagnostic::new("E0505", span, format!("`*` is only allowed as the whole left-most host label of {}", article(what)))
                .help("write `https://*.example.com/path/`: a `*` label stands for one or more whole labels in front of the rest of the host"),
        );
    }
}

fn route_path(p: &Str, diags: &mut Vec<Diagnostic>) {
    let v = &p.value;
    if !v.starts_with('/') {
        diags.push(
            Diagnostic::new(
                "E0506",
                p.inner_span(),
                format!("the route path `{v}` does not start with `/`"),
            )
            .help(format!("write `\"/{}\"`", v.trim_start_matches('/'))),
        );
    } else if v.contains(['?', '#']) {
        diags.push(
            Diagnostic::new(
                "E0502",
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
            Diagnostic::new("E0506", p.inner_span(), format!("the route path `{v}` contains `{bad}`"))
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
    let host = u.host.to_ascii_lowercase();
    scheme_ok
        && !u.path.split('/').any(|seg| seg == "." || seg == "..")
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

/// Whether connect entry `entry` allows a request to `target`.
pub fn covers(entry: &str, target: &str) -> bool {
    let (Ok(e), Ok(t)) = (parse(entry), parse(target)) else {
        return false;
    };
    covers_parsed(&e, &t)
}

fn covers_parsed(e: &Url<'_>, t: &Url<'_>) -> bool {
    if !e.scheme.eq_ignore_ascii_case(t.scheme) || effective_port(e) != effective_port(t) {
        return false;
    }
    if !host_matches(e.host, t.host) {
        return false;
    }
    if e.path.ends_with('/') {
        t.path.starts_with(e.path)
    } else {
        e.path == t.path
    }
}

/// The port a URL connects to: an explicit `:443` on https is the same as none.
fn effective_port<'a>(u: &Url<'a>) -> Option<&'a str> {
    match (u.port, u.scheme.to_ascii_lowercase().as_str()) {
        (Some("443"), "https") | (Some("80"), "http") => None,
        (p, _) => p,
    }
}

/// Hosts compare case-insensitively (Unicode too: `BÜCHER` is `bücher`); a `*` label
/// matches one or more whole labels.
fn host_matches(pattern: &str, host: &str) -> bool {
    let p = pattern.to_lowercase();
    let h = host.to_lowercase();
    match p.strip_prefix("*.") {
        Some(suffix) => h.len() > suffix.len() + 1 && h.ends_with(&format!(".{suffix}")),
        None => p == h,
    }
}

fn coverage(ctx: &Ctx<'_>, r: &Resolved<'_>, diags: &mut Vec<Diagnostic>) {
    // Parsed once: every fetch and every use is compared against each entry.
    let connect: Vec<Url<'_>> = ctx
        .urls_block()
        .map(|b| {
            b.connect
                .iter()
                .filter_map(|s| parse(&s.value).ok())
                .collect()
        })
        .unwrap_or_default();
    let is_covered = |u: &str| {
        parse(u).is_ok_and(|target| connect.iter().any(|entry| covers_parsed(entry, &target)))
    };
    for v in &ctx.views {
        for f in &v.fetch {
            if !acceptable(&f.value) || is_covered(&f.value) {
                continue;
            }
            let (edit, creates_block) = fixes::add_connect(
                ctx,
                &f.value,
                &format!("Fetch data from {}", host_of(&f.value)),
            );
            let mut d = Diagnostic::new(
                "E0401",
                f.inner_span(),
                format!("`{}` is not covered by any `connect` entry", f.value),
            )
            .help("the Dashboard blocks a view's `fetch` to any URL the manifest does not list; add it to the `urls` block")
            .fix(format!("Add `connect \"{}\"`", f.value), vec![edit]);
            if let Some(fix) = d.fixes.last_mut() {
                fix.exclusive = creates_block;
            }
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
        let (edit, creates_block) = fixes::add_connect(ctx, &entry, "Call the app's own backend");
        let mut d = Diagnostic::new(
            "E0401",
            u.name.span,
            format!(
                "endpoint `{}` is at `{}`, which no `connect` entry covers",
                u.name.text, route.url
            ),
        )
        .label(route.decl.name.span, "the endpoint is declared here")
        .help("a view can only call the backend if its URL is in the content security policy; add the backend's URL to the `urls` block")
        .fix(format!("Add `connect \"{entry}\"`"), vec![edit]);
        if let Some(fix) = d.fixes.last_mut() {
            fix.exclusive = creates_block;
        }
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
    fn parsing() {
        let u = parse("https://h.example:8443/a/b?x=1#f").ok();
        assert_eq!(u.as_ref().map(|u| u.port), Some(Some("8443")));
        assert_eq!(u.as_ref().map(|u| u.path), Some("/a/b"));
        assert!(parse("h.example/x").is_err());
        assert!(parse("https:///x").is_err());
        assert!(parse("https://h ex/x").is_err());
    }
}
