//! Where printed text goes in a file: line starts and ends, the file's own line break, whole
//! lines inserted after a line, and the indentation of a block's body. Quick fixes and
//! `grant` place what `syntax::print` writes with these, so both insert the same way.

use crate::ast::Span;
use crate::diagnostics::Edit;

/// Byte offset of the start of the line holding `offset`.
pub fn line_start(src: &str, offset: usize) -> usize {
    src.get(..offset)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1)
}

/// Byte offset of the start of the line after the one holding `offset`, or `None` when
/// `offset` is on the last line.
pub fn next_line_start(src: &str, offset: usize) -> Option<usize> {
    let rest = src.get(offset..)?;
    let i = rest.find(['\n', '\r'])?;
    let after = offset + i;
    if src[after..].starts_with("\r\n") {
        Some(after + 2)
    } else {
        Some(after + 1)
    }
}

/// The file's line break (from its first line break): `\r\n` or `\n`.
pub fn newline_of(src: &str) -> &'static str {
    match src.find('\n') {
        Some(i) if i > 0 && src.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// An edit inserting whole `lines` (without a final line break) after the line holding
/// `offset`, with `nl` as the line break; at the end of the file a line break goes first.
/// Also returns where `lines` starts in the edit's text.
pub fn insert_after_line(src: &str, nl: &str, offset: usize, lines: &str) -> (Edit, usize) {
    match next_line_start(src, offset) {
        Some(at) => (
            Edit {
                span: Span::point(at),
                new_text: format!("{lines}{nl}"),
            },
            0,
        ),
        None => (
            Edit {
                span: Span::point(src.len()),
                new_text: format!("{nl}{lines}{nl}"),
            },
            nl.len(),
        ),
    }
}

/// The indentation of the last non-empty line of a block's body, the text from the block's
/// start `from` to the start `to` of the line holding its `}`.
pub fn body_indent(src: &str, from: usize, to: usize) -> Option<String> {
    let body = src.get(from..to)?;
    body.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .last()
        .map(|l| l[..l.len() - l.trim_start().len()].to_string())
}
