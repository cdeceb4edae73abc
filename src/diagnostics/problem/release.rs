//! What the release checks find (`release`: `check --release` and the consent diff), and the
//! unfinished purposes every `check` reports (`release::placeholders`).

use crate::ast::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseProblem {
    /// R0301: permissions or URLs changed since the manifest `against`, under the same
    /// `version`.
    ConsentChangeWithoutVersion {
        span: Span,
        against: String,
        version: String,
    },
    /// R0302: `version` is lower than `previous`, the version of `against`.
    VersionLowered {
        span: Span,
        version: String,
        previous: String,
        against: String,
    },
    /// R0303: the manifest `origin` could not be read; `why` is the reader's reason.
    EarlierManifestUnreadable {
        span: Span,
        origin: String,
        why: String,
    },
    /// R0101 with an empty path.
    EmptyIconPath { span: Span },
    /// R0101: the icon at `path` cannot be read; `error` is the system's reason.
    IconUnreadable {
        span: Span,
        path: String,
        error: String,
    },
    /// R0101: the icon at `path` is not a PNG.
    IconNotPng {
        span: Span,
        path: String,
        why: NotPng,
    },
    /// R0102: the icon is `width`×`height`, not 300×300.
    IconWrongSize { span: Span, width: u32, height: u32 },
    /// R0103.
    NoIcon { span: Span },
    /// R0201: the app id `id` is the template's or the docs' example.
    PlaceholderAppId { span: Span, id: String },
    /// A purpose that is a to-do or filler (`text`); `release` reports it as an error.
    PlaceholderPurpose {
        span: Span,
        of: PurposeOf,
        text: String,
        release: bool,
    },
    /// A purpose that is exactly the text a fix inserted.
    InsertedPurpose {
        span: Span,
        of: PurposeOf,
        release: bool,
    },
}

/// Why bytes are not a PNG image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotPng {
    NoSignature,
    CutShort,
    NoHeaderChunk,
}

/// Whose purpose a purpose problem is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurposeOf {
    /// The permission named so.
    Permission(String),
    Urls,
}
