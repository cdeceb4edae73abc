//! What the URL checks find: malformed or disallowed URL literals, bad route paths, and
//! fetches or endpoints no `connect` entry covers.

use crate::ast::Span;

/// Which URL literal a problem is about (the rules and the advice differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlRole {
    Redirect,
    PostInstall,
    Connect,
    Image,
    Fetch,
    Backend,
}

/// Why a URL does not parse (see `check::urls::parse`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    NoScheme,
    BadScheme(String),
    SpaceOrControl,
    Backslash,
    UserInfo,
    NoHost,
    BadPort(String),
    BadHost(String),
    TrailingDot(String),
    EmptyLabel(String),
    /// The browser's parser refuses it; its reason.
    Browser(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// `MalformedUrl`.
    Empty { span: Span, role: UrlRole },
    /// `MalformedUrl`.
    Unparsable {
        span: Span,
        role: UrlRole,
        why: UrlError,
    },
    /// `PlainHttpLocalhost`.
    PlainHttpLocalhost { span: Span, role: UrlRole },
    /// `UrlNotHttps`.
    NotHttps {
        span: Span,
        role: UrlRole,
        scheme: String,
    },
    /// `UrlQueryOrFragment`: `query` when it has a query, else a fragment.
    QueryOrFragment {
        span: Span,
        role: UrlRole,
        query: bool,
    },
    /// A URL on a Stripe host.
    IsStripe {
        span: Span,
        role: UrlRole,
        host: String,
    },
    /// A `redirect` to Stripe's OAuth landing page of another app.
    OtherAppsLandingPage {
        span: Span,
        id: String,
        app_id: String,
    },
    /// A `connect` entry or `redirect` with a bare host.
    WithoutPath {
        span: Span,
        role: UrlRole,
        scheme: String,
        host: String,
        port: Option<String>,
    },
    /// A `.` or `..` path segment.
    DotSegment { span: Span, role: UrlRole },
    /// A `*` in a URL that may not have one.
    WildcardNotAllowed { span: Span, role: UrlRole },
    /// A `*` elsewhere than as the whole left-most host label.
    MisplacedWildcard { span: Span, role: UrlRole },
    /// A route path not starting with `/`.
    RouteWithoutSlash { span: Span, path: String },
    /// A route path with `?` or `#`.
    RouteQueryOrFragment { span: Span },
    /// A route path with a character Express would read.
    RouteCharacter { span: Span, path: String, bad: char },
    /// A `:name` parameter in the path of a route registered as written (`route`: "the
    /// webhook route", "the health route", "the OAuth callback").
    RouteParameterNotAllowed {
        span: Span,
        route: &'static str,
        segment: String,
    },
    /// A `:` segment whose name is not `[A-Za-z_][A-Za-z0-9_]*`.
    RouteParameterName {
        span: Span,
        path: String,
        segment: String,
    },
    /// The same parameter name twice in one path.
    RouteParameterTwice {
        span: Span,
        path: String,
        name: String,
    },
    /// A view's `fetch` no `connect` entry covers.
    FetchNotCovered { span: Span, url: String },
    /// A view's `fetch` that connect `entry` would cover with a trailing `/`.
    FetchLacksSlash {
        span: Span,
        url: String,
        entry: String,
    },
    /// A used endpoint whose URL connect `entry` would cover with a trailing `/`.
    EndpointLacksSlash {
        span: Span,
        endpoint: String,
        url: String,
        declared: Span,
        entry: String,
    },
    /// A used endpoint whose URL no `connect` entry covers; `declared` is its name.
    EndpointNotCovered {
        span: Span,
        endpoint: String,
        url: String,
        declared: Span,
    },
}
