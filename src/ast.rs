//! The syntax tree of one `.stripeapp` file: what was written, with byte spans into the
//! source. Nothing here is resolved against the catalogue; `check` does that.

/// A half-open byte range `start..end` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// The empty span at `at`.
    pub fn point(at: usize) -> Span {
        Span { start: at, end: at }
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A name or dotted path as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// A string literal: its value with escapes resolved, and the span including the quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

impl UrlsDecl {
    /// The `connect` statement of `entry` (from its keyword to `entry`) when `entry` is
    /// that statement's only URL; `None` when it shares the statement with other URLs.
    pub fn connect_statement_alone(&self, entry: &Str) -> Option<Span> {
        let stmt = self
            .connect_stmts
            .iter()
            .find(|s| s.start <= entry.span.start && entry.span.end <= s.end)?;
        let mut siblings = self
            .connect
            .iter()
            .filter(|c| stmt.start <= c.span.start && c.span.end <= stmt.end);
        match (siblings.next(), siblings.next()) {
            (Some(only), None) if only.span == entry.span => {
                Some(Span::new(stmt.start, entry.span.end))
            }
            _ => None,
        }
    }
}

impl Str {
    /// The span of the text between the quotes (for diagnostics that point into a URL).
    pub fn inner_span(&self) -> Span {
        if self.span.end >= self.span.start + 2 {
            Span::new(self.span.start + 1, self.span.end - 1)
        } else {
            self.span
        }
    }
}

/// The value of a `constant`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(Str),
    /// A JSON number, kept exactly as written.
    Number(String, Span),
    Bool(bool, Span),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Str(s) => s.span,
            Value::Number(_, span) | Value::Bool(_, span) => *span,
        }
    }
}

/// A whole file.
#[derive(Debug, Clone, Default)]
pub struct File {
    pub items: Vec<Item>,
    /// The leading word of each top-level line that did not parse (already reported), so
    /// that checks do not also report the declaration as missing.
    pub broken: Vec<String>,
}

// Finding declarations in a file. Every front end (checker, language server, `grant`,
// `revoke`, `release`, the code scan) finds them through these, so "which `app` block
// counts" or "where is endpoint `x`" is decided in one place. Where a declaration may be
// written twice (an error the checker reports), the first one counts.

/// `File::apps()` and the like: the declarations of one kind, in source order.
macro_rules! of_kind {
    ($($(#[$doc:meta])* $name:ident: $variant:ident($decl:ty);)*) => {
        impl File {
            $(
                $(#[$doc])*
                pub fn $name(&self) -> impl Iterator<Item = &$decl> {
                    self.items.iter().filter_map(|i| match i {
                        Item::$variant(d) => Some(d),
                        _ => None,
                    })
                }
            )*
        }
    };
}

of_kind! {
    /// Every `app` block (a second one is an error the checker reports).
    apps: App(AppDecl);
    /// Every `permission` declaration.
    permissions: Permission(PermissionDecl);
    /// Every `urls` block.
    urls_blocks: Urls(UrlsDecl);
    /// Every `view`.
    views: View(ViewDecl);
    /// Every `backend` block.
    backends: Backend(BackendDecl);
    /// Every `profile`.
    profiles: Profile(ProfileDecl);
}

impl File {
    /// The `app` block that counts.
    pub fn app(&self) -> Option<&AppDecl> {
        self.apps().next()
    }

    /// The declaration of a permission.
    pub fn permission(&self, name: &str) -> Option<&PermissionDecl> {
        self.permissions().find(|p| p.name.text == name)
    }

    /// The `urls` block that counts.
    pub fn urls_block(&self) -> Option<&UrlsDecl> {
        self.urls_blocks().next()
    }

    /// A view by its component name.
    pub fn view(&self, component: &str) -> Option<&ViewDecl> {
        self.views().find(|v| v.component.text == component)
    }

    /// The `backend` block that counts.
    pub fn backend(&self) -> Option<&BackendDecl> {
        self.backends().next()
    }

    /// An endpoint by name, in any backend block, with the backend that declares it.
    pub fn endpoint(&self, name: &str) -> Option<(&BackendDecl, &EndpointDecl)> {
        self.backends()
            .find_map(|b| b.endpoint(name).map(|e| (b, e)))
    }

    /// A job by name, in any backend block.
    pub fn job(&self, name: &str) -> Option<&JobDecl> {
        self.backends().find_map(|b| b.job(name))
    }

    /// A public route by name, in any backend block, with the backend that declares it.
    pub fn public(&self, name: &str) -> Option<(&BackendDecl, &PublicDecl)> {
        self.backends().find_map(|b| b.public(name).map(|p| (b, p)))
    }

    /// The OAuth callback, with the backend that declares it.
    pub fn oauth_callback(&self) -> Option<(&BackendDecl, &OauthCallbackDecl)> {
        self.backends()
            .find_map(|b| b.oauth_callback.as_deref().map(|cb| (b, cb)))
    }

    /// The `on` block that handles an event, in any backend block.
    pub fn handler(&self, event: &str) -> Option<&OnDecl> {
        self.backends().find_map(|b| b.handler(event))
    }

    /// Every name in the `calls` lists of views, endpoints, `on` blocks, jobs, public routes
    /// and the OAuth callback, in source order. (Not `platform calls`, which the owner's key
    /// makes: see `CallExtras`.)
    pub fn calls(&self) -> impl Iterator<Item = &Name> {
        self.items
            .iter()
            .flat_map(|item| -> Box<dyn Iterator<Item = &Name> + '_> {
                match item {
                    Item::View(v) => Box::new(v.calls.iter()),
                    Item::Backend(b) => {
                        // The AST keeps each kind of route apart; the file interleaves them.
                        let mut calls: Vec<&Name> = b
                            .endpoints
                            .iter()
                            .flat_map(|e| &e.calls)
                            .chain(b.handlers.iter().flat_map(|h| &h.calls))
                            .chain(b.jobs.iter().flat_map(|j| &j.calls))
                            .chain(b.publics.iter().flat_map(|p| &p.calls))
                            .chain(b.oauth_callback.iter().flat_map(|cb| &cb.calls))
                            .collect();
                        calls.sort_by_key(|c| c.span.start);
                        Box::new(calls.into_iter())
                    }
                    _ => Box::new(std::iter::empty()),
                }
            })
    }

    /// Every event name of every `on`.
    pub fn events(&self) -> impl Iterator<Item = &Name> {
        self.backends()
            .flat_map(|b| b.handlers.iter().flat_map(|h| h.events.iter()))
    }

    /// The component names of the views that use an endpoint.
    pub fn views_using<'f>(&'f self, endpoint: &'f str) -> impl Iterator<Item = &'f str> {
        self.views()
            .filter(move |v| v.uses.iter().any(|u| u.text == endpoint))
            .map(|v| v.component.text.as_str())
    }
}

/// One top-level declaration.
#[derive(Debug, Clone)]
pub enum Item {
    App(AppDecl),
    Permission(PermissionDecl),
    Urls(UrlsDecl),
    View(ViewDecl),
    Backend(BackendDecl),
    Profile(ProfileDecl),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::App(d) => d.span,
            Item::Permission(d) => d.span,
            Item::Urls(d) => d.span,
            Item::View(d) => d.span,
            Item::Backend(d) => d.span,
            Item::Profile(d) => d.span,
        }
    }
}

/// `app "<id>" { … }`
#[derive(Debug, Clone)]
pub struct AppDecl {
    pub span: Span,
    pub keyword: Span,
    pub doc: Option<String>,
    pub id: Str,
    /// The `{` (diagnostics about a missing statement point here).
    pub open: Span,
    pub stmts: Vec<AppStmt>,
    /// Keywords of statements that had a syntax error (already reported).
    pub broken: Vec<String>,
}

/// `profile <name> { … }`: named overrides of the production app.
#[derive(Debug, Clone)]
pub struct ProfileDecl {
    pub span: Span,
    pub keyword: Span,
    pub doc: Option<String>,
    pub name: Name,
    /// The `{` (diagnostics about the whole profile point at the name instead).
    pub open: Span,
    pub stmts: Vec<ProfileStmt>,
}

#[derive(Debug, Clone)]
pub struct ProfileStmt {
    pub span: Span,
    /// The statement's keyword.
    pub keyword: Span,
    pub kind: ProfileStmtKind,
}

#[derive(Debug, Clone)]
pub enum ProfileStmtKind {
    Name(Str),
    /// `backend "<url>"`: the backend's base URL under this profile.
    Backend(Str),
    Connect(Vec<Str>),
    Image(Vec<Str>),
    Constant {
        name: Name,
        value: Value,
    },
    Redirect(Str),
}

impl ProfileDecl {
    /// The URLs of its `redirect` statements, in order.
    pub fn redirects(&self) -> impl Iterator<Item = &Str> {
        self.stmts.iter().filter_map(|s| match &s.kind {
            ProfileStmtKind::Redirect(url) => Some(url),
            _ => None,
        })
    }

    /// Its `backend "<url>"` (the first: a second is reported).
    pub fn backend(&self) -> Option<&Str> {
        self.stmts.iter().find_map(|s| match &s.kind {
            ProfileStmtKind::Backend(url) => Some(url),
            _ => None,
        })
    }
}

impl ProfileStmtKind {
    /// The statement's keyword.
    pub fn keyword(&self) -> &'static str {
        match self {
            ProfileStmtKind::Name(_) => "name",
            ProfileStmtKind::Backend(_) => "backend",
            ProfileStmtKind::Connect(_) => "connect",
            ProfileStmtKind::Image(_) => "image",
            ProfileStmtKind::Constant { .. } => "constant",
            ProfileStmtKind::Redirect(_) => "redirect",
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppStmt {
    pub span: Span,
    /// The statement's keyword.
    pub keyword: Span,
    pub kind: AppStmtKind,
}

#[derive(Debug, Clone)]
pub enum AppStmtKind {
    Name(Str),
    Version(Str),
    Icon(Str),
    Distribution(Name),
    ApiAccess(Name),
    /// `true`/`false`, or a name the checker rejects.
    SandboxInstall(Name),
    PostInstall {
        kind: Name,
        url: Option<Str>,
    },
    Redirect(Str),
    Constant {
        name: Name,
        value: Value,
    },
}

impl AppDecl {
    /// The URLs of its `redirect` statements, in order.
    pub fn redirects(&self) -> impl Iterator<Item = &Str> {
        self.stmts.iter().filter_map(|s| match &s.kind {
            AppStmtKind::Redirect(url) => Some(url),
            _ => None,
        })
    }
}

impl AppStmtKind {
    /// The keyword that introduces this statement.
    pub fn keyword(&self) -> &'static str {
        match self {
            AppStmtKind::Name(_) => "name",
            AppStmtKind::Version(_) => "version",
            AppStmtKind::Icon(_) => "icon",
            AppStmtKind::Distribution(_) => "distribution",
            AppStmtKind::ApiAccess(_) => "api_access",
            AppStmtKind::SandboxInstall(_) => "sandbox_install",
            AppStmtKind::PostInstall { .. } => "post_install",
            AppStmtKind::Redirect(_) => "redirect",
            AppStmtKind::Constant { .. } => "constant",
        }
    }
}

/// `permission <name> "<purpose>"`
#[derive(Debug, Clone)]
pub struct PermissionDecl {
    pub span: Span,
    pub doc: Option<String>,
    pub name: Name,
    pub purpose: Str,
    /// Rebuilt from a line with a syntax error (already reported): it counts as declared,
    /// so no check reports a second error about it.
    pub recovered: bool,
}

/// `urls "<purpose>" { connect "<url>" … image "<url>" … }`
#[derive(Debug, Clone)]
pub struct UrlsDecl {
    pub span: Span,
    pub keyword: Span,
    pub doc: Option<String>,
    pub purpose: Str,
    /// Byte offset of the `}` (or of the end of the block when it is missing), where a new
    /// entry is inserted by fixes.
    pub close: Span,
    pub connect: Vec<Str>,
    /// Each `connect` statement, from its keyword to its last URL (removing the first URL of
    /// one removes its keyword with it).
    pub connect_stmts: Vec<Span>,
    pub image: Vec<Str>,
    /// Rebuilt from a block whose header had a syntax error (already reported): its
    /// contents are checked, its header is not.
    pub recovered: bool,
}

/// `view <Component> on <viewport> { … }`
#[derive(Debug, Clone)]
pub struct ViewDecl {
    pub span: Span,
    pub doc: Option<String>,
    pub component: Name,
    pub viewport: Name,
    pub title: Option<Str>,
    pub calls: Vec<Name>,
    pub fetch: Vec<Str>,
    pub uses: Vec<Name>,
    pub extras: CallExtras,
    /// Rebuilt from a block whose header had a syntax error (see `UrlsDecl::recovered`).
    pub recovered: bool,
}

/// `expand <method> <field path>, …`: fields of the method's result Stripe returns as objects.
#[derive(Debug, Clone)]
pub struct Expand {
    pub span: Span,
    pub method: Name,
    pub paths: Vec<Name>,
}

/// `platform calls <method>, …`: calls made with the app owner's key on the owner's account.
#[derive(Debug, Clone)]
pub struct PlatformCalls {
    pub span: Span,
    pub calls: Vec<Name>,
}

/// What a view or handler block declares about its Stripe calls besides `calls`.
#[derive(Debug, Clone, Default)]
pub struct CallExtras {
    pub expand: Vec<Expand>,
    pub platform: Vec<PlatformCalls>,
}

/// `backend "<base url>" { … }`
#[derive(Debug, Clone)]
pub struct BackendDecl {
    pub span: Span,
    pub keyword: Span,
    pub doc: Option<String>,
    pub base_url: Str,
    pub webhooks: Option<Str>,
    /// `runtime <value>`, checked against `node` and `python`.
    pub runtime: Option<Name>,
    pub endpoints: Vec<EndpointDecl>,
    pub handlers: Vec<OnDecl>,
    pub jobs: Vec<JobDecl>,
    /// `health "<path>"`: the path of the unauthenticated health route.
    pub health: Option<Str>,
    /// `public <name> …`: unsigned routes.
    pub publics: Vec<PublicDecl>,
    /// `oauth_callback "<path>" { … }` (a second one is a syntax error).
    pub oauth_callback: Option<Box<OauthCallbackDecl>>,
    /// Rebuilt from a block whose header had a syntax error (see `UrlsDecl::recovered`).
    pub recovered: bool,
}

/// `public <name> [<METHOD>] "<path>" { calls … }`: a route nobody signs.
#[derive(Debug, Clone)]
pub struct PublicDecl {
    pub span: Span,
    pub doc: Option<String>,
    pub name: Name,
    /// As written (`GET`, `POST`, …); checked against the keyword's values. GET when absent.
    pub method: Option<Name>,
    pub path: Str,
    pub calls: Vec<Name>,
    /// `roles` keywords written inside (E0801: nobody signs the requests).
    pub roles: Vec<Span>,
    pub extras: CallExtras,
}

impl PublicDecl {
    /// The HTTP method as written, `GET` when left out.
    pub fn method_text(&self) -> &str {
        self.method.as_ref().map_or("GET", |m| m.text.as_str())
    }

    /// Its public URL: the backend's base URL joined with its path.
    pub fn url(&self, backend: &BackendDecl) -> String {
        crate::model::route_url(&backend.base_url.value, &self.path.value)
    }
}

impl OauthCallbackDecl {
    /// Its public URL: the backend's base URL joined with its path.
    pub fn url(&self, backend: &BackendDecl) -> String {
        crate::model::route_url(&backend.base_url.value, &self.path.value)
    }
}

/// `oauth_callback "<path>" { calls … }`: where Stripe sends the browser after an install.
#[derive(Debug, Clone)]
pub struct OauthCallbackDecl {
    pub span: Span,
    pub keyword: Span,
    pub doc: Option<String>,
    pub path: Str,
    pub calls: Vec<Name>,
    /// `roles` keywords written inside (E0801).
    pub roles: Vec<Span>,
    pub extras: CallExtras,
}

/// `endpoint <name> ["<path>"] { calls …; roles … }`
#[derive(Debug, Clone)]
pub struct EndpointDecl {
    pub span: Span,
    pub doc: Option<String>,
    pub name: Name,
    pub path: Option<Str>,
    pub calls: Vec<Name>,
    /// Every role, custom ones included (the backend matches them all the same way).
    pub roles: Vec<Str>,
    /// The roles written `custom "<name>"`: a custom role of the account, which the check
    /// against the Dashboard's built-in roles leaves alone.
    pub custom_roles: Vec<Span>,
    pub extras: CallExtras,
}

impl EndpointDecl {
    /// Its public URL: the backend's base URL joined with its path, `/<name>` by default
    /// (see `model::join_url`).
    pub fn url(&self, backend: &BackendDecl) -> String {
        crate::model::route_url(&backend.base_url.value, &self.route_path())
    }
}

/// `on <event>, … { calls … }`
#[derive(Debug, Clone)]
pub struct OnDecl {
    pub span: Span,
    pub doc: Option<String>,
    pub events: Vec<Name>,
    pub calls: Vec<Name>,
    pub extras: CallExtras,
}

/// `job <name> { calls … }`
#[derive(Debug, Clone)]
pub struct JobDecl {
    pub span: Span,
    pub doc: Option<String>,
    pub name: Name,
    pub calls: Vec<Name>,
    pub extras: CallExtras,
}

impl EndpointDecl {
    /// The route path: as written, else `/<name>`.
    pub fn route_path(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| format!("/{}", self.name.text), |p| p.value.clone())
    }
}

impl BackendDecl {
    /// One of its endpoints, by name.
    pub fn endpoint(&self, name: &str) -> Option<&EndpointDecl> {
        self.endpoints.iter().find(|e| e.name.text == name)
    }

    /// One of its jobs, by name.
    pub fn job(&self, name: &str) -> Option<&JobDecl> {
        self.jobs.iter().find(|j| j.name.text == name)
    }

    /// One of its public routes, by name.
    pub fn public(&self, name: &str) -> Option<&PublicDecl> {
        self.publics.iter().find(|p| p.name.text == name)
    }

    /// Its `on` block that handles an event.
    pub fn handler(&self, event: &str) -> Option<&OnDecl> {
        self.handlers
            .iter()
            .find(|h| h.events.iter().any(|e| e.text == event))
    }

    /// The webhook route's path: as written, else `/webhooks`.
    pub fn webhook_path(&self) -> String {
        self.webhooks
            .as_ref()
            .map_or_else(|| "/webhooks".to_string(), |w| w.value.clone())
    }

    /// The health route's path: as written, else `/health`.
    pub fn health_path(&self) -> String {
        self.health
            .as_ref()
            .map_or_else(|| "/health".to_string(), |h| h.value.clone())
    }
}

#[cfg(test)]
mod tests {
    const TWO_OF_EACH: &str = r#"app "com.example.first" {
  name "First"
}
app "com.example.second" {
  name "Second"
}
view Panel on customer.detail {
  calls customers.retrieve
  uses sync
}
backend "https://a.example.com" {
  public hook POST "/hook" { calls customers.list }
  endpoint sync { calls customers.update }
  on invoice.paid, invoice.created { calls invoices.retrieve }
  oauth_callback "/oauth/callback" { calls accounts.retrieve }
}
backend "https://b.example.com" {
  endpoint other
  job nightly { calls charges.list }
}
"#;

    #[test]
    fn finders_take_the_first_block_and_search_every_backend() {
        let (file, _) = crate::syntax::parse(TWO_OF_EACH);
        assert_eq!(
            file.app().map(|a| a.id.value.as_str()),
            Some("com.example.first")
        );
        assert_eq!(
            file.backend().map(|b| b.base_url.value.as_str()),
            Some("https://a.example.com")
        );
        // Declared in the second backend.
        let found = file
            .endpoint("other")
            .map(|(b, e)| (b.base_url.value.as_str(), e.url(b)));
        assert_eq!(
            found,
            Some((
                "https://b.example.com",
                "https://b.example.com/other".to_string()
            ))
        );
        assert!(file.job("nightly").is_some());
        assert!(file.handler("invoice.created").is_some());
        assert!(file.handler("invoice.voided").is_none());
        assert_eq!(file.views_using("sync").collect::<Vec<_>>(), ["Panel"]);
        assert!(file.views_using("other").next().is_none());
    }

    #[test]
    fn removing_a_connect_url_takes_its_statement_only_when_it_is_alone() {
        let src = "urls \"p\" {\n  connect \"https://a.example/\", \"https://b.example/\"\n  connect \"https://c.example/\"\n}\n";
        let (file, _) = crate::syntax::parse(src);
        let alone: Vec<Option<&str>> = file
            .urls_block()
            .map(|u| {
                u.connect
                    .iter()
                    .map(|c| u.connect_statement_alone(c).map(|s| &src[s.start..s.end]))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(alone, [None, None, Some("connect \"https://c.example/\"")]);
    }

    #[test]
    fn calls_and_events_are_in_source_order() {
        let (file, _) = crate::syntax::parse(TWO_OF_EACH);
        let calls: Vec<&str> = file.calls().map(|c| c.text.as_str()).collect();
        assert_eq!(
            calls,
            [
                "customers.retrieve",
                "customers.list",
                "customers.update",
                "invoices.retrieve",
                "accounts.retrieve",
                "charges.list"
            ]
        );
        let events: Vec<&str> = file.events().map(|e| e.text.as_str()).collect();
        assert_eq!(events, ["invoice.paid", "invoice.created"]);
    }
}
