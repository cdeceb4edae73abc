//! What resolving a block's `expand` and `platform calls` finds (`check::expand`).

use crate::ast::Span;

/// A backend block whose `platform calls` the generated backends do not serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnservedBlock {
    Public,
    OauthCallback,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandProblem {
    /// `platform calls` in a view.
    PlatformCallInView { span: Span },
    /// `platform calls` in a block that cannot have them.
    PlatformCallsUnserved { span: Span, block: UnservedBlock },
    /// A `platform calls` method the catalogue does not know; `suggestion` is the nearest.
    UnknownPlatformMethod {
        span: Span,
        method: String,
        suggestion: Option<&'static str>,
    },
    /// `expand` names `method`, which the block does not call; `suggestion` is the nearest
    /// of its calls.
    WithoutCall {
        span: Span,
        method: String,
        suggestion: Option<String>,
    },
    /// The catalogue does not know what `method` returns.
    UnknownReturn { span: Span, method: String },
    /// `method` returns a list of `object`s, whose fields are under `data.`; `fixed` is the
    /// path with `data.` in front when that path expands.
    ListNeedsData {
        span: Span,
        method: String,
        object: &'static str,
        fixed: Option<String>,
    },
    /// `field` is not an expandable field of any of `objects`, whose expandable fields are
    /// `candidates`; `suggestion` is the nearest of them.
    UnknownField {
        span: Span,
        field: String,
        objects: Vec<&'static str>,
        candidates: Vec<&'static str>,
        suggestion: Option<&'static str>,
    },
    /// More levels than Stripe expands (`catalogue::MAX_EXPANSION_DEPTH`).
    TooDeep { span: Span },
}
