//! String literal escapes. The grammar accepts any `\x` so that a bad escape is reported
//! here, at the escape, while the statement around it still parses.

use crate::ast::Span;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::syntax::{Escape, SyntaxProblem};

/// Resolves the escapes of a string's inner text starting at byte `base` of the source.
pub fn unescape(inner: &str, base: usize, diags: &mut Vec<Diagnostic>) -> String {
    // Most strings have no escape: a copy (found with memchr) rather than a walk by char.
    if !inner.contains('\\') {
        return inner.to_string();
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((j, e)) = chars.next() else {
            break;
        };
        match e {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'u' => {
                // \u{X…}: up to 6 hex digits naming a Unicode scalar value.
                let start = base + i;
                if chars.peek().map(|(_, c)| *c) != Some('{') {
                    diags.push(bad(start, base + j + 1, Escape::UnicodeWithoutBrace));
                    continue;
                }
                chars.next();
                let mut hex = String::new();
                let mut end = base + j + 2;
                let mut closed = false;
                while let Some(&(k, h)) = chars.peek() {
                    if h == '}' {
                        chars.next();
                        end = base + k + 1;
                        closed = true;
                        break;
                    }
                    if !h.is_ascii_hexdigit() || hex.len() >= 6 {
                        end = base + k;
                        break;
                    }
                    hex.push(h);
                    chars.next();
                    end = base + k + 1;
                }
                if !closed || hex.is_empty() {
                    diags.push(bad(start, end, Escape::UnicodeDigits));
                    continue;
                }
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => diags.push(bad(start, end, Escape::NotScalar { hex })),
                }
            }
            other => {
                let end = base + j + other.len_utf8();
                diags.push(bad(base + i, end, Escape::Unknown(other)));
            }
        }
    }
    out
}

fn bad(start: usize, end: usize, escape: Escape) -> Diagnostic {
    SyntaxProblem::BadEscape {
        span: Span::new(start, end),
        escape,
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut d = Vec::new();
        assert_eq!(
            unescape(r#"a\"b\\c\nd\te\u{1F4B6}"#, 0, &mut d),
            "a\"b\\c\nd\te💶"
        );
        assert!(d.is_empty());
        unescape(r"\q \u{} \u{D800} \u{1234567}", 10, &mut d);
        assert_eq!(d.len(), 4);
        assert_eq!(d[0].span, Span::new(10, 12));
    }
}
