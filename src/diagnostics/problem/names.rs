//! What name resolution finds (`check::names`): names the catalogue or the file does not
//! know (with the nearest known one), declarations given twice, and keyword values outside
//! their set.

use crate::ast::Span;
use crate::catalogue::PermissionStatus;

/// What an endpoint-namespace name belongs to (endpoints, jobs and public routes share one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    Endpoint,
    Job,
    PublicRoute,
}

/// A route the backend serves, for two on one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendRoute {
    Webhook,
    Endpoint(String),
    /// `written` when the file has a `health` statement (otherwise it is served on the
    /// default path).
    Health {
        written: bool,
    },
    Public(String),
    OauthCallback,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// The file has no `app` block.
    MissingApp { span: Span },
    /// A second `app` block (with id `id`) after the one at `first`.
    DuplicateApp { span: Span, first: Span, id: String },
    /// An app statement written once (`keyword`) given a second time.
    DuplicateAppStatement {
        span: Span,
        first: Span,
        keyword: &'static str,
    },
    /// A second `constant` of the app named `name`.
    DuplicateConstant {
        span: Span,
        first: Span,
        name: String,
    },
    /// `post_install external` without its URL.
    PostInstallWithoutUrl { span: Span },
    /// A URL after `post_install <action>` for an action that takes none.
    PostInstallTakesNoUrl { span: Span, action: &'static str },
    /// `written` is not one of `allowed`, the values of `keyword`; `suggestion` is the
    /// nearest of them.
    InvalidValue {
        span: Span,
        written: String,
        keyword: &'static str,
        allowed: Vec<&'static str>,
        suggestion: Option<&'static str>,
    },
    /// Permission `name` declared a second time.
    DuplicatePermission {
        span: Span,
        first: Span,
        name: String,
    },
    /// A permission Stripe does not grant to apps; `source` is the catalogue's reason.
    PermissionRefused {
        span: Span,
        name: String,
        source: &'static str,
    },
    /// A permission the catalogue knows only from a source other than the Apps reference.
    UnconfirmedPermission {
        span: Span,
        name: String,
        status: PermissionStatus,
    },
    /// A permission that does not exist (`status` when the catalogue knows the name as an
    /// obsolete one or a typo); `suggestion` is the nearest real one, `refused` when Stripe
    /// does not grant that one to apps.
    UnknownPermission {
        span: Span,
        name: String,
        status: Option<PermissionStatus>,
        suggestion: Option<&'static str>,
        refused: bool,
    },
    /// A second `urls` block.
    DuplicateUrls { span: Span, first: Span },
    /// A second `backend` block.
    DuplicateBackend { span: Span, first: Span },
    /// `name`, a `member`, is already the name of `first_member` at `first`.
    DuplicateName {
        span: Span,
        name: String,
        member: Member,
        first: Span,
        first_member: Member,
    },
    /// `route` is served on `path`, which `first_route` (at `first`) already uses;
    /// `free_path` is a path of its own to suggest for an endpoint.
    DuplicateRoute {
        span: Span,
        route: BackendRoute,
        path: String,
        first: Span,
        first_route: BackendRoute,
        free_path: Option<String>,
    },
    /// Event `event` named by a second `on`.
    EventHandledTwice {
        span: Span,
        first: Span,
        event: String,
    },
    /// An event type the catalogue does not know; `suggestion` is the nearest known one.
    UnknownEvent {
        span: Span,
        event: String,
        suggestion: Option<&'static str>,
    },
    /// A UI extension SDK function called outside a view.
    SdkOutsideView { span: Span, function: String },
    /// An `sdk.` function the catalogue does not know.
    UnknownSdkFunction {
        span: Span,
        function: String,
        suggestion: Option<&'static str>,
    },
    /// A Stripe API method (in `calls`) the catalogue does not know.
    UnknownMethod {
        span: Span,
        method: String,
        suggestion: Option<&'static str>,
    },
    /// View component `component` declared a second time.
    DuplicateView {
        span: Span,
        first: Span,
        component: String,
    },
    /// View component `component` differs from `other` (at `first`) only in case.
    ViewCaseClash {
        span: Span,
        first: Span,
        component: String,
        other: String,
    },
    /// A viewport the catalogue does not know.
    UnknownViewport {
        span: Span,
        viewport: String,
        suggestion: Option<&'static str>,
    },
    /// View `component` on `viewport`, which view `other` (at `first`) is on already.
    SharedViewport {
        span: Span,
        first: Span,
        component: String,
        viewport: String,
        other: String,
    },
    /// A view `uses` public route `name`, declared at `declared`.
    ViewUsesPublicRoute {
        span: Span,
        name: String,
        declared: Span,
    },
    /// A view `uses` `name`, which is no endpoint: `suggestion` is the nearest endpoint;
    /// `is_job` when it names a job; `has_backend` when the file has a backend.
    UnknownEndpoint {
        span: Span,
        name: String,
        suggestion: Option<String>,
        is_job: bool,
        has_backend: bool,
    },
}
