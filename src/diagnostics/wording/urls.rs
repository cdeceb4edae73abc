use crate::diagnostics::problem::urls::{UrlError, UrlProblem, UrlRole};
use crate::diagnostics::{Code, Diagnostic};

const SLASH_HELP: &str = "a `connect` entry ending in `/` allows every URL below it; one without allows only that exact URL";
const ABSOLUTE_URL_HELP: &str = "write an absolute URL such as `https://api.example.com/v1/`";

/// "connect entry", "fetch URL".
fn what(role: UrlRole) -> &'static str {
    match role {
        UrlRole::Redirect => "redirect URL",
        UrlRole::PostInstall => "post-install URL",
        UrlRole::Connect => "connect entry",
        UrlRole::Image => "image entry",
        UrlRole::Fetch => "fetch URL",
        UrlRole::Backend => "backend URL",
    }
}

/// "a connect entry", "an image entry".
fn article(role: UrlRole) -> String {
    let what = what(role);
    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {what}")
    } else {
        format!("a {what}")
    }
}

impl std::fmt::Display for UrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UrlError::NoScheme => write!(f, "it has no scheme: write it as `https://host/path`"),
            UrlError::BadScheme(s) => write!(f, "`{s}` is not a URL scheme"),
            UrlError::SpaceOrControl => write!(f, "it contains a space or a control character"),
            UrlError::Backslash => write!(f, "it contains `\\`, which browsers read as `/`"),
            UrlError::UserInfo => write!(f, "it contains a user name or password (`user@host`)"),
            UrlError::NoHost => write!(f, "it has no host"),
            UrlError::BadPort(p) => write!(f, "`{p}` is not a port number"),
            UrlError::BadHost(h) => write!(f, "`{h}` is not a host name"),
            UrlError::TrailingDot(h) => write!(
                f,
                "the host `{h}` ends in `.`: write `{}`",
                h.trim_end_matches('.')
            ),
            UrlError::EmptyLabel(h) => write!(f, "`{h}` has an empty label"),
            UrlError::Browser(e) => write!(f, "a browser would not parse it ({e})"),
        }
    }
}

impl From<UrlProblem> for Diagnostic {
    fn from(problem: UrlProblem) -> Diagnostic {
        match problem {
            UrlProblem::Empty { span, role } => Diagnostic::new(
                Code::MalformedUrl,
                span,
                format!("this {} is empty", what(role)),
            )
            .help(ABSOLUTE_URL_HELP),
            UrlProblem::Unparsable { span, role, why } => Diagnostic::new(
                Code::MalformedUrl,
                span,
                format!("this {} is not a valid URL: {why}", what(role)),
            )
            .help(ABSOLUTE_URL_HELP),
            UrlProblem::PlainHttpLocalhost { span, role } => Diagnostic::new(
                Code::PlainHttpLocalhost,
                span,
                format!("this {} uses plain `http`", what(role)),
            )
            .help("fine while developing against a local server; Stripe only accepts https URLs, so switch before `stripe apps upload`"),
            UrlProblem::NotHttps { span, role, scheme } => Diagnostic::new(
                Code::UrlNotHttps,
                span,
                format!("this {} uses `{scheme}`, not `https`", what(role)),
            )
            .help("Stripe Apps only talk to https URLs (plain http is tolerated for localhost while developing)"),
            UrlProblem::QueryOrFragment { span, role, query } => Diagnostic::new(
                Code::UrlQueryOrFragment,
                span,
                format!(
                    "this {} has {}",
                    what(role),
                    if query {
                        "a query (`?…`)"
                    } else {
                        "a fragment (`#…`)"
                    }
                ),
            )
            .help("remove everything from `?` or `#` on; pass parameters when calling, not in the declared URL"),
            UrlProblem::IsStripe { span, role, host } => Diagnostic::new(
                Code::UrlIsStripe,
                span,
                format!("this {} points at Stripe (`{host}`)", what(role)),
            )
            .help(match role {
                UrlRole::Redirect => {
                    "this must be a page of your own, or Stripe's OAuth landing page for this app (`https://dashboard.stripe.com/apps-oauth/<app id>`)"
                }
                UrlRole::PostInstall => {
                    "this must be a page of your own; Stripe's pages are part of the install flow already"
                }
                UrlRole::Backend => "the backend is your own server: give its public URL",
                UrlRole::Connect | UrlRole::Image | UrlRole::Fetch => {
                    "call Stripe's API with `calls <method>` (for example `calls customers.retrieve`), not with a URL"
                }
            }),
            UrlProblem::OtherAppsLandingPage { span, id, app_id } => Diagnostic::new(
                Code::UrlIsStripe,
                span,
                format!("this is Stripe's OAuth landing page of app `{id}`, but this file's app id is `{app_id}`"),
            )
            .help("a `redirect` may name Stripe's OAuth landing page only with the app's own id: `https://dashboard.stripe.com/apps-oauth/<app id>`"),
            UrlProblem::WithoutPath {
                span,
                role,
                scheme,
                host,
                port,
            } => Diagnostic::new(
                Code::UrlWithoutPath,
                span,
                if role == UrlRole::Connect {
                    "a `connect` entry needs a path"
                } else {
                    "a `redirect` URL needs a path"
                },
            )
            .help(format!(
                "Stripe rejects a bare host; name the API's path, ending in `/` to allow everything under it (for example `{scheme}://{host}{}/api/`)",
                port.map(|p| format!(":{p}")).unwrap_or_default()
            )),
            UrlProblem::DotSegment { span, role } => Diagnostic::new(
                Code::MalformedUrl,
                span,
                format!(
                    "this {} has a `.` or `..` path segment (perhaps percent-encoded)",
                    what(role)
                ),
            )
            .help("write the path the request really goes to, without `.` and `..` segments (`%2e` is a `.` too)"),
            UrlProblem::WildcardNotAllowed { span, role } => Diagnostic::new(
                Code::MisplacedWildcard,
                span,
                format!("{} cannot contain `*`", article(role)),
            )
            .help("only `connect` and `image` entries may use a wildcard, as the whole left-most host label (`https://*.example.com/api/`)"),
            UrlProblem::MisplacedWildcard { span, role } => Diagnostic::new(
                Code::MisplacedWildcard,
                span,
                format!(
                    "`*` is only allowed as the whole left-most host label of {}",
                    article(role)
                ),
            )
            .help("write `https://*.example.com/path/`: a `*` label stands for one or more whole labels in front of the rest of the host"),
            UrlProblem::RouteWithoutSlash { span, path } => Diagnostic::new(
                Code::MalformedUrl,
                span,
                format!("the route path `{path}` does not start with `/`"),
            )
            .help(format!("write `\"/{}\"`", path.trim_start_matches('/'))),
            UrlProblem::RouteQueryOrFragment { span } => Diagnostic::new(
                Code::UrlQueryOrFragment,
                span,
                "a route path cannot have a query or fragment",
            )
            .help("remove everything from `?` or `#` on"),
            UrlProblem::RouteCharacter { span, path, bad } => Diagnostic::new(
                Code::MalformedUrl,
                span,
                format!("the route path `{path}` contains `{bad}`"),
            )
            .help(if bad == ':' {
                "a route path uses letters, digits, `/`, `-`, `_`, `.` and `~`, such as `/sync/status`; a parameter is a whole segment, `/:name`"
            } else {
                "a route path uses letters, digits, `/`, `-`, `_`, `.` and `~`, such as `/sync/status`"
            }),
            UrlProblem::RouteParameterNotAllowed { span, route, segment } => Diagnostic::new(
                Code::MalformedUrl,
                span,
                format!("{route} cannot have a path parameter (`{segment}`)"),
            )
            .help("its URL is registered as it is written: use a fixed path"),
            UrlProblem::RouteParameterName { span, path, segment } => Diagnostic::new(
                Code::MalformedUrl,
                span,
                format!("the path parameter `{segment}` in `{path}` has no valid name"),
            )
            .help("a parameter is a whole segment `:name`, the name a letter or `_` followed by letters, digits or `_`, such as `/alerts/:id`"),
            UrlProblem::RouteParameterTwice { span, path, name } => Diagnostic::new(
                Code::MalformedUrl,
                span,
                format!("the path parameter `:{name}` appears twice in `{path}`"),
            )
            .help("give each parameter of a path its own name"),
            UrlProblem::FetchNotCovered { span, url } => Diagnostic::new(
                Code::UrlNotCovered,
                span,
                format!("`{url}` is not covered by any `connect` entry"),
            )
            .help("the Dashboard blocks a view's `fetch` to any URL the manifest does not list; add it to the `urls` block"),
            UrlProblem::FetchLacksSlash { span, url, entry } => Diagnostic::new(
                Code::UrlNotCovered,
                span,
                format!("`{url}` is not covered: `connect \"{entry}\"` lacks its trailing `/`"),
            )
            .help(SLASH_HELP),
            UrlProblem::EndpointLacksSlash {
                span,
                endpoint,
                url,
                declared,
                entry,
            } => Diagnostic::new(
                Code::UrlNotCovered,
                span,
                format!(
                    "endpoint `{endpoint}` is at `{url}`, which `connect \"{entry}\"` would cover with its trailing `/`"
                ),
            )
            .label(declared, "the endpoint is declared here")
            .help(SLASH_HELP),
            UrlProblem::EndpointNotCovered {
                span,
                endpoint,
                url,
                declared,
            } => Diagnostic::new(
                Code::UrlNotCovered,
                span,
                format!("endpoint `{endpoint}` is at `{url}`, which no `connect` entry covers"),
            )
            .label(declared, "the endpoint is declared here")
            .help("a view can only call the backend if its URL is in the content security policy; add the backend's URL to the `urls` block"),
        }
    }
}
