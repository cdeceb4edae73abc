//! What `stripeapp import` finds in a manifest (`import`, `import::profile`,
//! `import::code`): what it cannot read at all (I0001, I0002), and what it drops, rewrites
//! or misses on the way to a `.stripeapp` file (I0101–I0106), each at its JSON path.

use crate::ast::Span;

/// The type of a JSON value, as found where another was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// Which manifest is imported: the app's, or a development manifest (file name `source`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manifest {
    App,
    Development { source: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProblem {
    /// I0001: the JSON parser stopped at `span` with `message`.
    NotJson {
        span: Span,
        message: String,
        manifest: Manifest,
    },
    /// I0001: the document is `found`, not an object.
    NotObject {
        span: Span,
        found: JsonType,
        manifest: Manifest,
    },
    /// I0001: byte `byte` of the file is not UTF-8.
    NotUtf8 { span: Span, byte: usize },
    /// I0002: the manifest has no `id`.
    NoId { span: Span },
    /// I0002: the `id` is `found` (an empty string when `found` is `String`).
    InvalidId { span: Span, found: JsonType },
    /// I0101: the key at `path` has no place in the language.
    FieldDropped {
        span: Span,
        path: String,
        why: DroppedField,
    },
    /// I0102: the value at `path` cannot be held by the language.
    ValueDropped {
        span: Span,
        path: String,
        why: DroppedValue,
    },
    /// I0103: a value rewritten to what it means.
    Rewritten { span: Span, rewrite: Rewrite },
    /// I0104: the permission requested at `path` is dropped.
    PermissionDropped {
        span: Span,
        path: String,
        why: DroppedPermission,
    },
    /// I0105: the manifest lacks the app's `field` (`name` or `version`).
    FieldMissing { span: Span, field: &'static str },
    /// I0105: the permission at `path`, `permission`, has no purpose.
    PurposeMissing {
        span: Span,
        path: String,
        permission: String,
    },
    /// I0106: the backend found in the code is written with a placeholder URL at `span`.
    BackendUrlUnknown { span: Span },
}

impl ImportProblem {
    /// Whether the imported file lacks something the manifest has: its header comment
    /// lists these.
    pub fn leaves_out(&self) -> bool {
        matches!(
            self,
            ImportProblem::FieldDropped { .. }
                | ImportProblem::ValueDropped { .. }
                | ImportProblem::PermissionDropped { .. }
        )
    }
}

/// A development manifest beside `stripe-app.json` that `import` does not make a profile,
/// said on a line of its own (`file` as the user is shown it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedProfile {
    pub file: String,
    pub why: WhySkipped,
}

/// Why a development manifest is not imported as a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhySkipped {
    /// Its file name, `stripe-app.<name>.json`, gives `name`, which the language cannot
    /// write as a profile name.
    ProfileName { name: String },
    /// It is not UTF-8 text.
    NotUtf8,
    /// It is not a manifest (its I0001 is reported above the line).
    NotAManifest,
}

/// The object a key was found in, which does not have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldOf {
    Manifest,
    Permission,
    UiExtension,
    View,
    PostInstall,
    /// The app's content security policy (the language has `connect` and `image`).
    Csp,
    /// A development manifest's content security policy.
    ProfileCsp,
}

/// Why a key is dropped (I0101).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DroppedField {
    /// The same key comes again later in the object.
    Repeated,
    /// `$schema`.
    Schema,
    /// `app_backend`, removed by Stripe in 2023.
    AppBackend,
    /// `extensions`, from the `stripe-app.yaml` format.
    Extensions,
    /// `extends` in the app's own manifest.
    Extends,
    /// Not a field of `of`; `suggestion` is the nearest field that is.
    NotAField {
        of: FieldOf,
        suggestion: Option<String>,
    },
    /// A permission's `name`, the explanation for reviewers.
    ReviewerNote,
    /// `ui_extension.actions`.
    UiExtensionActions,
    /// A `url` on a post-install action of type `kind`, which takes none.
    UrlOfAction { kind: String },
    /// A field a profile cannot change (its path is the key).
    NotInProfile,
    /// The profile-name constant, which `compile` writes.
    ProfileConstant,
    /// A field of a development manifest's `ui_extension` other than its CSP.
    ProfileUiExtension,
    /// A development manifest's own CSP purpose.
    ProfilePurpose,
}

/// What a value was expected to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Object,
    Array,
    String,
    Strings,
    Bool,
    /// An object with `permission` and `purpose`.
    Permission,
    /// An object with `viewport` and `component`.
    View,
}

/// Why a value is dropped (I0102).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DroppedValue {
    WrongType {
        expected: Expected,
        found: JsonType,
    },
    /// A purpose per locale with no text in it.
    PurposeWithoutText,
    /// A purpose per locale: the `kept` locale's text stays, the `dropped` locales go.
    PurposePerLocale {
        kept: String,
        dropped: Vec<String>,
    },
    /// `allowed_redirect_uris` is an empty list.
    EmptyRedirects,
    /// `value` is not among the `allowed` values of its keyword.
    NotOneOf {
        value: String,
        allowed: Vec<&'static str>,
        suggestion: Option<String>,
    },
    /// A post-install action without `type`.
    ActionWithoutType,
    /// An `external` post-install action without `url`.
    ExternalWithoutUrl,
    /// A post-install action of type `kind`, which the language lacks.
    ActionType {
        kind: String,
    },
    /// A constant named `name`, which the language cannot write.
    ConstantName {
        name: String,
    },
    /// A constant whose value is `found` (null, an array or an object).
    ConstantValue {
        found: JsonType,
    },
    /// A view on `viewport`, which is no viewport name.
    ViewportName {
        viewport: String,
    },
    /// A view component `component` the language cannot write.
    ComponentName {
        component: String,
    },
    /// A view without `viewport` or `component`.
    ViewIncomplete,
    /// A content security policy with no URL and no purpose.
    EmptyCsp,
    /// A CSP purpose without URLs.
    PurposeWithoutUrls,
}

/// A value rewritten to what it means (I0103).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewrite {
    /// The permission `name` at `path`, misspelt in Stripe's schema, renamed `right`.
    PermissionTypo {
        path: String,
        name: String,
        right: &'static str,
    },
    /// The icon `icon` written `fixed` (with `./`).
    Icon { icon: String, fixed: String },
    /// A development manifest `extends` `target`, not `stripe-app.json`.
    Extends { target: String },
    /// The backend-URL constant at `path` became the profile's `backend "<url>"`.
    BackendConstant { path: String, url: String },
}

/// Why a permission is dropped (I0104).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DroppedPermission {
    /// The entry has no `permission`.
    Unnamed,
    /// `name` is obsolete; `replacement` is what Stripe offers instead.
    Obsolete {
        name: String,
        replacement: Option<&'static str>,
    },
    /// `name` is not a permission name; `suggestion` is the nearest one.
    NotAName {
        name: String,
        suggestion: Option<&'static str>,
    },
    /// `name` is requested already, at `first`.
    Repeated { name: String, first: String },
}
