//! The resolved app: what `emit` and the language server consume after `check`. Names are
//! resolved against the catalogue; anything that did not resolve is left out (it was
//! reported, and nothing is emitted from a file with errors).

use crate::ast::Span;
use crate::catalogue::{MethodInfo, SdkInfo, ViewportInfo};

#[derive(Debug, Clone, Default)]
pub struct Model {
    pub app: Option<App>,
    /// Declared permissions, in source order.
    pub permissions: Vec<Permission>,
    pub csp: Option<Csp>,
    pub views: Vec<View>,
    pub backend: Option<Backend>,
    /// `profile` blocks, in source order (each becomes `stripe-app.<name>.json`).
    pub profiles: Vec<Profile>,
}

/// A `profile`: what its manifest overrides. Lists hold only what the profile adds.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub name: String,
    /// The app's display name under this profile.
    pub display_name: Option<String>,
    /// The backend's base URL under this profile.
    pub backend: Option<String>,
    pub connect: Vec<String>,
    pub image: Vec<String>,
    /// New values of the app's constants (and, with a warning, constants only this profile has).
    pub constants: Vec<(String, ConstValue)>,
    pub redirects: Vec<String>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Distribution {
    #[default]
    Private,
    Public,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiAccess {
    #[default]
    Platform,
    Oauth,
    RestrictedApiKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostInstall {
    Settings,
    Onboarding,
    External(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstValue {
    String(String),
    /// A JSON number as written.
    Number(String),
    Bool(bool),
}

#[derive(Debug, Clone, Default)]
pub struct App {
    pub id: String,
    pub name: String,
    pub version: String,
    pub icon: Option<String>,
    pub distribution: Distribution,
    /// Whether `distribution` was written (import/fmt keep an explicit default).
    pub distribution_explicit: bool,
    pub api_access: ApiAccess,
    pub api_access_explicit: bool,
    pub sandbox_install: Option<bool>,
    pub post_install: Option<PostInstall>,
    pub redirects: Vec<String>,
    pub constants: Vec<(String, ConstValue)>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Permission {
    pub name: String,
    pub purpose: String,
    pub doc: Option<String>,
    pub span: Span,
    /// Rebuilt from a broken line (see `ast::PermissionDecl::recovered`).
    pub recovered: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Csp {
    pub purpose: String,
    pub connect: Vec<String>,
    pub image: Vec<String>,
}

/// Something a view, endpoint, handler or job `calls`.
#[derive(Debug, Clone)]
pub enum Call {
    Api(&'static MethodInfo),
    Sdk(&'static SdkInfo),
}

impl Call {
    /// What the call needs granted (the catalogue's rule).
    pub fn needs(&self) -> crate::catalogue::Needs {
        match self {
            Call::Api(m) => m.needs(),
            Call::Sdk(s) => s.needs(),
        }
    }
    pub fn name(&self) -> &'static str {
        match self {
            Call::Api(m) => m.name,
            Call::Sdk(s) => s.name,
        }
    }
}

/// `expand <method> <paths>`, resolved: every path is in the catalogue's expansion table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub method: String,
    pub paths: Vec<String>,
}

/// The declared expansions of `method` in a block (what its generated client accepts).
pub fn expansions_of<'e>(expand: &'e [Expansion], method: &str) -> Vec<&'e str> {
    let mut out: Vec<&str> = Vec::new();
    for e in expand.iter().filter(|e| e.method == method) {
        for p in &e.paths {
            if !out.contains(&p.as_str()) {
                out.push(p);
            }
        }
    }
    out
}

#[derive(Debug, Clone)]
pub struct View {
    pub component: String,
    pub viewport: &'static ViewportInfo,
    /// The `title`, or the app's name when there is none.
    pub title: String,
    pub calls: Vec<Call>,
    pub fetch: Vec<String>,
    /// Names of the endpoints the view uses (all of them exist in the backend).
    pub uses: Vec<String>,
    pub expand: Vec<Expansion>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Backend {
    /// As written.
    pub base_url: String,
    /// The route path of the webhook handler (`/webhooks` by default).
    pub webhook_path: String,
    /// The public URL of the webhook route.
    pub webhook_url: String,
    /// Whether a `webhooks` statement was written: the webhook route is served when it
    /// was, or when there are handlers.
    pub webhooks_explicit: bool,
    /// The language the backend is generated in (`runtime`, default Node).
    pub runtime: Runtime,
    pub endpoints: Vec<Endpoint>,
    pub handlers: Vec<Handler>,
    pub jobs: Vec<Job>,
    /// The path of the unauthenticated health route (`/health` by default).
    pub health_path: String,
    /// Its public URL.
    pub health_url: String,
    /// Unsigned routes, in source order.
    pub publics: Vec<PublicRoute>,
    /// The OAuth install callback of an `api_access oauth` app.
    pub oauth_callback: Option<OauthCallback>,
    /// The `///` comment above `backend`.
    pub doc: Option<String>,
}

/// `public <name> <METHOD> "<path>"`: a route nobody signs.
#[derive(Debug, Clone)]
pub struct PublicRoute {
    pub name: String,
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    pub path: String,
    pub url: String,
    /// The names of the path's `:name` segments, in order.
    pub params: Vec<String>,
    pub calls: Vec<Call>,
    pub expand: Vec<Expansion>,
    pub platform_calls: Vec<&'static MethodInfo>,
    pub doc: Option<String>,
}

/// `oauth_callback "<path>"`: Stripe redirects the installing user's browser here with
/// `code` and `state`.
#[derive(Debug, Clone)]
pub struct OauthCallback {
    pub path: String,
    pub url: String,
    pub calls: Vec<Call>,
    pub expand: Vec<Expansion>,
    pub platform_calls: Vec<&'static MethodInfo>,
    pub doc: Option<String>,
}

/// `runtime node|python`: the language and libraries of the generated backend.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Runtime {
    /// Node.js, TypeScript, Express and stripe-node.
    #[default]
    Node,
    /// Python, FastAPI, uvicorn and stripe-python.
    Python,
}

#[derive(Debug, Clone)]
pub struct Endpoint {
    pub name: String,
    /// The route path (`/<name>` by default).
    pub path: String,
    /// The public URL: base URL without one trailing `/`, then the path.
    pub url: String,
    /// The names of the path's `:name` segments, in order.
    pub params: Vec<String>,
    pub calls: Vec<Call>,
    pub roles: Vec<String>,
    pub expand: Vec<Expansion>,
    /// `platform calls`: made with the owner's key on the owner's account.
    pub platform_calls: Vec<&'static MethodInfo>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Handler {
    pub events: Vec<String>,
    pub calls: Vec<Call>,
    pub expand: Vec<Expansion>,
    pub platform_calls: Vec<&'static MethodInfo>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub calls: Vec<Call>,
    pub expand: Vec<Expansion>,
    pub platform_calls: Vec<&'static MethodInfo>,
    pub doc: Option<String>,
}

/// Joins a base URL and a route path: one trailing `/` of the base is removed.
pub fn join_url(base: &str, path: &str) -> String {
    let base = base.strip_suffix('/').unwrap_or(base);
    format!("{base}{path}")
}

/// The public URL of a route: the base URL joined with the route path, the path's leading
/// `/` added when it was forgotten (which `check` reports).
pub fn route_url(base: &str, path: &str) -> String {
    if path.starts_with('/') {
        join_url(base, path)
    } else {
        join_url(base, &format!("/{path}"))
    }
}

/// The path part of a URL (`https://h.example/x/a` → `/x/a`), for serving a route.
pub fn url_path(url: &str) -> String {
    // The URL was checked (nothing is emitted from a file with errors); `check::urls` is
    // the one place that splits URLs.
    match crate::check::urls::parse(url) {
        Ok(u) if !u.path.is_empty() => u.path.to_string(),
        _ => "/".to_string(),
    }
}

/// The names of a route path's parameters: its segments written `:name`, in order.
pub fn path_params(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix(':'))
        .map(str::to_string)
        .collect()
}

/// The part of a route path before its first parameter, ending in `/` (`/alerts/:id/x` →
/// `/alerts/`), or the whole path when it has none: what a `connect` entry must cover.
pub fn static_prefix(path: &str) -> &str {
    match path.find("/:") {
        Some(i) => &path[..=i],
        None => path,
    }
}
