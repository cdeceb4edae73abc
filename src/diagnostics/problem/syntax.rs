//! What parsing and lowering find wrong with the text (`syntax::expected`, `syntax::lower`,
//! `syntax::strings`): every one is an E0001 syntax error.

use crate::ast::Span;
use crate::syntax::Context;
use crate::syntax::Rule;
use crate::syntax::language::Block;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// A broken line in `context` that does not start with a word.
    NoKeyword {
        span: Span,
        context: Context,
        found: Found,
    },
    /// The top-level keyword `word` written inside a block.
    TopLevelInBlock {
        span: Span,
        word: String,
        context: Context,
    },
    /// `word` is not a statement of `context`; `belongs` says where it goes instead.
    NotHere {
        span: Span,
        word: String,
        context: Context,
        belongs: Belongs,
    },
    /// The line's own rule parses it, yet the catch-all took it.
    Unparsed {
        span: Span,
        word: String,
        context: Context,
    },
    /// The parser stopped at `span` in a `statement` (its keyword, or `this file`); `help`
    /// replaces what the kind of mistake would say on its own.
    Misparsed {
        span: Span,
        statement: String,
        what: Misparse,
        help: Option<SyntaxHelp>,
    },
    /// Text after a block's `}` on its line.
    AfterClosingBrace { span: Span },
    /// The `block` block opened at `span` has no `}`.
    Unclosed { span: Span, block: String },
    /// A block's `{` on the line after its declaration.
    BraceOnNextLine { span: Span },
    /// A second `statement` where a block has one, `first` being the first.
    Repeated {
        span: Span,
        first: Span,
        statement: Once,
    },
    /// `roles` in a handler `block` that is not an endpoint.
    RolesOutsideEndpoint { span: Span, block: String },
    /// A string escape that is not one.
    BadEscape { span: Span, escape: Escape },
    /// Byte `byte` of the file is not UTF-8 (the text ends before it).
    NotUtf8 { span: Span, byte: usize },
}

/// Where a keyword belongs instead of the block it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Belongs {
    /// The block the language table gives it.
    In(Block),
    /// `calls` in a backend: in its handlers.
    Handlers,
    /// `roles` in a backend: in an endpoint.
    Endpoint,
    /// Not a keyword anywhere; `suggestion` is the nearest allowed one.
    Nowhere { suggestion: Option<String> },
}

/// What the parser found wrong where it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misparse {
    /// A comma with nothing after it (`another`: a second comma follows it).
    AfterComma { expected: Expected, another: bool },
    /// A string not closed on its line.
    UnclosedString,
    /// Something else than what the rule takes.
    Found { expected: Expected, found: Found },
}

/// What the parser would have taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// The rules it tried, in its order.
    Rules(Vec<Rule>),
    /// Pest's own message (the grammar has no custom errors; kept for completeness).
    Pest(String),
}

/// What stood where something else was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    EndOfFile,
    EndOfLine,
    String,
    /// A word, or one character, quoted as written.
    Text(String),
    /// A character that shows as nothing (named by its code point).
    Invisible(char),
}

/// The help of a misparsed line that says more than its kind of mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxHelp {
    /// `.*` in an `on` line.
    EventWildcard,
    /// A `.` not followed by a digit in a constant.
    NumberDot,
    /// A `.` not followed by a name.
    DottedName,
    TypographicQuote,
    /// A non-ASCII letter in a name.
    AsciiNames,
    /// The statement's shape, and that its `{` goes on its line.
    SameLineBrace,
    /// The statement's shape.
    Usage,
    /// `backend` in a profile, which takes no block.
    ProfileBackend,
}

/// A statement a block has at most once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Once {
    ViewTitle,
    Runtime,
    Webhooks,
    Health,
    OauthCallback,
}

/// What is wrong with a string escape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Escape {
    /// `\u` without `{`.
    UnicodeWithoutBrace,
    /// `\u{…}` without 1–6 hex digits or its `}`.
    UnicodeDigits,
    /// `\u{hex}` naming no Unicode scalar value.
    NotScalar { hex: String },
    /// `\c` for a `c` with no meaning.
    Unknown(char),
}
