//! Turning a broken line into a readable syntax error: which statement it is not, or what
//! was expected where. The catch-all rules only say "this line is broken"; here its text is
//! parsed again from the rule of its leading keyword to find the first wrong token.

use super::language::{self, Block};
use super::{Rule, StripeappParser};
use crate::ast::Span;
use crate::check::suggest;
use crate::diagnostics::problem::syntax::{
    Belongs, Expected, Found, Misparse, SyntaxHelp, SyntaxProblem,
};
use pest::Parser;
use pest::error::{Error, ErrorVariant, InputLocation};

/// The block a broken line stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Top,
    App,
    Urls,
    View,
    Backend,
    Handler,
    Profile,
}

impl Context {
    /// The block whose keywords the grammar accepts here (a handler body takes what an
    /// `endpoint` takes; lowering reports `roles` outside an endpoint).
    pub(crate) fn block(self) -> Block {
        match self {
            Context::Top => Block::Top,
            Context::App => Block::App,
            Context::Urls => Block::Urls,
            Context::View => Block::View,
            Context::Backend => Block::Backend,
            Context::Handler => Block::Endpoint,
            Context::Profile => Block::Profile,
        }
    }
    fn probe(self) -> Rule {
        match self {
            Context::Top => Rule::probe_top,
            Context::App => Rule::probe_app,
            Context::Urls => Rule::probe_urls,
            Context::View => Rule::probe_view,
            Context::Backend => Rule::probe_backend,
            Context::Handler => Rule::probe_handler,
            Context::Profile => Rule::probe_profile,
        }
    }
}

/// Reports one broken line `text` found at byte `base` in `context`.
pub fn broken_line(text: &str, base: usize, context: Context, source: &str) -> SyntaxProblem {
    let trimmed_start = text.len() - text.trim_start().len();
    let body = &text[trimmed_start..];
    let word_len = body
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map(|(i, _)| i)
        .unwrap_or(body.len());
    let word = &body[..word_len];
    let word_span = Span::new(base + trimmed_start, base + trimmed_start + word_len);
    let allowed = |w: &str| context.block().keywords().any(|k| k.word == w);

    if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        let span = Span::new(
            base + trimmed_start,
            base + trimmed_start + body.chars().next().map_or(0, char::len_utf8),
        );
        return SyntaxProblem::NoKeyword {
            span,
            context,
            found: found(body),
        };
    }

    // The grammar lets a top-level keyword into a block only when the block's `}` comes
    // later (see `misplaced_top`): the declaration was written inside the block.
    if context != Context::Top && Block::Top.allows(word) && !allowed(word) {
        return SyntaxProblem::TopLevelInBlock {
            span: word_span,
            word: word.to_string(),
            context,
        };
    }

    if !allowed(word) {
        let belongs = match (context, word) {
            (Context::Backend, "calls") => Belongs::Handlers,
            (Context::Backend, "roles") => Belongs::Endpoint,
            _ => match language::home_of(word) {
                Some(block) => Belongs::In(block),
                None => Belongs::Nowhere {
                    suggestion: suggest::did_you_mean(
                        word,
                        context.block().keywords().map(|k| k.word),
                    )
                    .map(str::to_string),
                },
            },
        };
        return SyntaxProblem::NotHere {
            span: word_span,
            word: word.to_string(),
            context,
            belongs,
        };
    }

    // A known keyword: re-parse the line from its own rule to find the first wrong token.
    // A trailing comment is cut off first, so "expected … at the end of the line" points
    // just after the last token, not after the comment.
    let body = without_trailing_comment(body).trim_end();
    match StripeappParser::parse(context.probe(), body) {
        Ok(_) => SyntaxProblem::Unparsed {
            span: Span::new(base, base + text.len()),
            word: word.to_string(),
            context,
        },
        Err(err) => {
            let mut problem = from_pest_error(&err, base + trimmed_start, source, word);
            if let SyntaxProblem::Misparsed {
                span, what, help, ..
            } = &mut problem
            {
                if probe_at(&err) >= body.len()
                    && let Misparse::Found { found, .. } = what
                {
                    // The probe saw the whole (comment-free) line: nothing more was written.
                    *found = Found::EndOfLine;
                    span.end = span.start;
                }
                if context == Context::Profile && word == "backend" {
                    // Not the top-level declaration's shape: in a profile it takes no block.
                    *help = Some(SyntaxHelp::ProfileBackend);
                } else if help.is_none() && matches!(what, Misparse::Found { .. }) {
                    *help = Some(SyntaxHelp::Usage);
                }
            }
            problem
        }
    }
}

/// The text before a `//` comment that is not inside a string.
pub fn without_trailing_comment(text: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            return &text[..i];
        }
    }
    text
}

fn probe_at(err: &Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// Converts a pest error from parsing text that starts at byte `base` of `source`, in the
/// statement `word` starts.
pub fn from_pest_error(err: &Error<Rule>, base: usize, source: &str, word: &str) -> SyntaxProblem {
    let at = base + probe_at(err);
    let rest = source.get(at..).unwrap_or("");
    let expected = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => Expected::Rules(positives.clone()),
        ErrorVariant::CustomError { message } => Expected::Pest(message.clone()),
    };
    let misparsed =
        |span: Span, what: Misparse, help: Option<SyntaxHelp>| SyntaxProblem::Misparsed {
            span,
            statement: word.to_string(),
            what,
            help,
        };
    // A list that ends in a comma: point at the comma, the user's actual mistake, whether the
    // line ends there or a `}`, `{` or second `,` follows (SPEC §4.12: one error).
    let before = source.get(..at).unwrap_or("").trim_end();
    let line_rest = rest.split(['\n', '\r']).next().unwrap_or("");
    let at_line_end = line_rest.trim().is_empty() || line_rest.trim_start().starts_with("//");
    if before.ends_with(',') && (at_line_end || rest.trim_start().starts_with([',', '}', '{'])) {
        let comma = before.len() - 1;
        let another = rest.trim_start().starts_with(',');
        let comma = if another {
            at + (rest.len() - rest.trim_start().len())
        } else {
            comma
        };
        return misparsed(
            Span::new(comma, comma + 1),
            Misparse::AfterComma { expected, another },
            None,
        );
    }
    let line_rest_after_quote = rest
        .strip_prefix('"')
        .map(|r| r.split(['\n', '\r']).next().unwrap_or(""));
    if let Some(after) = line_rest_after_quote
        && !closes_string(after)
    {
        let end = at + 1 + after.len();
        return misparsed(Span::new(at, end), Misparse::UnclosedString, None);
    }
    let len = found_len(rest);
    let help = if rest.starts_with(".*") && word == "on" {
        Some(SyntaxHelp::EventWildcard)
    } else if rest.starts_with('.') && word == "constant" {
        Some(SyntaxHelp::NumberDot)
    } else if rest.starts_with('.') {
        Some(SyntaxHelp::DottedName)
    } else if rest.starts_with(['“', '”', '„', '‘', '’']) {
        Some(SyntaxHelp::TypographicQuote)
    } else if rest.starts_with(|c: char| !c.is_ascii() && c.is_alphanumeric())
        && before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    {
        Some(SyntaxHelp::AsciiNames)
    } else if word == "app" || word == "urls" || word == "backend" {
        Some(SyntaxHelp::SameLineBrace)
    } else {
        None
    };
    misparsed(
        Span::new(at, at + len),
        Misparse::Found {
            expected,
            found: found(rest),
        },
        help,
    )
}

/// Whether the text after an opening quote contains the closing quote (escapes skipped).
pub fn closes_string(after: &str) -> bool {
    let mut escaped = false;
    for c in after.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return true,
            _ => {}
        }
    }
    false
}

fn found_len(rest: &str) -> usize {
    let first = match rest.chars().next() {
        None | Some('\n' | '\r') => return 0,
        Some(c) => c,
    };
    if first.is_ascii_alphanumeric() || first == '_' {
        rest.char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    }
}

fn found(rest: &str) -> Found {
    match rest.chars().next() {
        None => Found::EndOfFile,
        Some('\n' | '\r') => Found::EndOfLine,
        Some('"') => Found::String,
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
            Found::Text(rest[..found_len(rest)].to_string())
        }
        // Invisible or space-like characters (pasted text) are named, not echoed.
        Some(c) if !c.is_ascii() && (c.is_whitespace() || c.is_control() || is_format_char(c)) => {
            Found::Invisible(c)
        }
        Some(c) => Found::Text(c.to_string()),
    }
}

/// Zero-width and other formatting characters that show as nothing.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}
