//! What comparing the app's code with its declarations finds (`check::code`).

use crate::ast::Span;
use crate::scan::Owner;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeProblem {
    /// A code file that does not parse (`path`, the parser's `message`).
    FileDoesNotParse {
        span: Span,
        path: String,
        message: String,
    },
    /// The scan stopped short (a limit), for `why`.
    ScanIncomplete { span: Span, why: String },
    /// Code the scan could not resolve, for `why`.
    Unresolved { span: Span, why: String },
    /// A Stripe client built outside the generated helpers.
    ClientOutsideHelpers { span: Span },
    /// `owner`'s code calls `method` undeclared; `ungranted` is its permission when the app
    /// does not request it. `declared` is the owner's name.
    UndeclaredCall {
        span: Span,
        owner: Owner,
        declared: Span,
        method: String,
        ungranted: Option<String>,
    },
    /// `owner`'s code fetches `shown` (`…` when only its start is known); `literal` is
    /// the quoted `fetch` argument that would declare it.
    UndeclaredFetch {
        span: Span,
        owner: Owner,
        declared: Span,
        shown: String,
        literal: String,
    },
    /// `owner`'s code calls endpoint `endpoint` without `uses`.
    UndeclaredEndpointUse {
        span: Span,
        owner: Owner,
        declared: Span,
        endpoint: String,
    },
    /// A declared `calls` entry the code never calls.
    UnusedCall {
        span: Span,
        owner: Owner,
        method: String,
    },
    /// A declared `fetch` the code never fetches.
    UnusedFetch {
        span: Span,
        owner: Owner,
        url: String,
    },
    /// A declared `uses` whose endpoint the code never calls.
    UnusedEndpointUse {
        span: Span,
        owner: Owner,
        endpoint: String,
    },
    /// `owner`'s code expands `path` of `method` without declaring it.
    UndeclaredExpansion {
        span: Span,
        owner: Owner,
        declared: Span,
        method: String,
        path: String,
    },
    /// `owner`'s code calls `method` through its platform client without `platform calls`.
    UndeclaredPlatformCall {
        span: Span,
        owner: Owner,
        declared: Span,
        method: String,
    },
    /// A declared `expand` path no call of the code asks for.
    UnusedExpansion {
        span: Span,
        owner: Owner,
        method: String,
        path: String,
    },
    /// A declared `platform calls` entry the code never calls through the platform client.
    UnusedPlatformCall {
        span: Span,
        owner: Owner,
        method: String,
    },
}
