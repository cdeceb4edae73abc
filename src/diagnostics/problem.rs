//! Problems as data: what a check found (the names, spans and candidates involved), before
//! it is put into words. `wording.rs` turns each into a `Diagnostic`. Each pass has its own
//! enum, in a submodule named after the pass (`Problem` is the app-metadata pass's), so that
//! a pass's checks and its problems change together without touching the others'.

use crate::ast::Span;

pub mod permissions;
pub mod roles;
pub mod urls;

/// Which text of the file is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyText {
    PermissionPurpose,
    AppName,
    AppVersion,
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
}
