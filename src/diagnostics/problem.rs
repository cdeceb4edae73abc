//! Problems as data: what a check found (the names, spans and candidates involved), before
//! it is put into words. `wording.rs` turns each into a `Diagnostic`. Each pass has its own
//! enum, in a submodule named after the pass (`Problem` is the app-metadata pass's), so that
//! a pass's checks and its problems change together without touching the others'.

use crate::ast::Span;

pub mod code;
pub mod expand;
pub mod import;
pub mod names;
pub mod permissions;
pub mod release;
pub mod roles;
pub mod routes;
pub mod syntax;
pub mod urls;

/// Which text of the file is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyText {
    PermissionPurpose,
    AppName,
    AppVersion,
    /// A profile's `name`.
    ProfileName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// E0602.
    EmptyText { span: Span, which: EmptyText },
    /// W0601: `lists_nothing` when the block has no entry either.
    EmptyUrlsPurpose { span: Span, lists_nothing: bool },
    /// A constant named like the one the compiler writes.
    ReservedConstant { span: Span, name: &'static str },
    /// E0607: `post_install <action>` without a view on `viewport`; `component` is a free
    /// name for the view to add.
    PostInstallWithoutView {
        span: Span,
        action: String,
        viewport: &'static str,
        component: String,
    },
    /// E0601: `id` is empty or has characters an app id cannot have.
    InvalidAppId { span: Span, id: String },
    /// E0606: the `app` block lacks `keyword` (`name` or `version`).
    MissingAppStatement { span: Span, keyword: &'static str },
    /// E0603.
    InvalidIcon { span: Span, path: String },
    /// E0604.
    ReservedWordInName { span: Span, word: String },
    /// E0605: what an OAuth app lacks.
    OauthRequirements {
        span: Span,
        needs_public: bool,
        needs_redirect: bool,
    },
    /// E0901: a second profile named `name` (or differing only in case) after `first`.
    DuplicateProfile {
        span: Span,
        first: Span,
        name: String,
    },
    /// E0902: `why` says what is wrong with the name.
    InvalidProfileName {
        span: Span,
        name: String,
        why: &'static str,
    },
    /// E0903: `backend "<url>"` in profile `profile` of a file without a backend.
    ProfileBackendWithoutBackend { span: Span, profile: String },
    /// W0901: profile `profile` sets constant `name`, which the `app` block lacks.
    ProfileOnlyConstant {
        span: Span,
        name: String,
        profile: String,
    },
    /// E0209: a statement written once per profile (`name`, `backend`) or a constant name,
    /// given twice in one profile.
    DuplicateProfileStatement {
        span: Span,
        first: Span,
        what: String,
        profile: String,
    },
    /// E0804: under profile `profile`, the OAuth callback is at `url`, which is no redirect
    /// of the profile or the app.
    ProfileCallbackNotRedirect {
        span: Span,
        /// The callback's path.
        callback: Span,
        url: String,
        profile: String,
    },
    /// E0401: under profile `profile`, the endpoint a view uses is at `url`, which neither
    /// the app's `connect` entries nor the profile's cover.
    ProfileEndpointNotCovered {
        span: Span,
        /// The profile's `backend` URL.
        backend: Span,
        endpoint: String,
        url: String,
        profile: String,
    },
}
