//! What the check of the backend's unsigned routes finds (`check::routes`).

use crate::ast::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteProblem {
    /// An `oauth_callback` in an app that does not install with OAuth; `api_access` is the
    /// app's other `api_access` value, where it has one.
    CallbackWithoutOauth {
        span: Span,
        api_access: Option<(Span, String)>,
    },
    /// The OAuth callback's `url` is not a `redirect`; `first_redirect` is where they start.
    CallbackNotRedirect {
        span: Span,
        url: String,
        first_redirect: Option<Span>,
    },
    /// `roles` on an unsigned route (`route` is its keyword: `public`, `health`, …).
    RolesOnUnsignedRoute { span: Span, route: String },
}
