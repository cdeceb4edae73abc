//! What the role check finds in an endpoint's `roles` list.

use crate::ast::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleProblem {
    /// E0108 with a near Dashboard role (`near`) to suggest.
    Misspelt {
        span: Span,
        written: String,
        near: &'static str,
    },
    /// W0103: neither a Dashboard role nor near one; perhaps a custom role.
    NotBuiltIn { span: Span, written: String },
}
