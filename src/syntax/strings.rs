//! String literal escapes. The grammar accepts any `\x` so that a bad escape is reported
//! here, at the escape, while the statement around it still parses.

use crate::ast::Span;
use crate::diagnostics::{Code, Diagnostic};

const VALID: &str = "valid escapes are \\\" \\\\ \\n \\t and \\u{…} with 1–6 hex digits";

/// Resolves the escapes of a string's inner text starting at byte `base` of the source.
pub fn unescape(inner: &str, base: usize, diags: &mut Vec<Diagnostic>) -> String {
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
                    diags.push(bad(start, base + j + 1, "`\\u` must be followed by `{`"));
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
                    diags.push(bad(
                        start,
                        end,
                        "a `\\u{…}` escape needs 1 to 6 hex digits and a closing `}`",
                    ));
                    continue;
                }
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => diags.push(bad(
                        start,
                        end,
                        &format!("`\\u{{{hex}}}` is not a Unicode scalar value"),
                    )),
                }
            }
            other => {
                let end = base + j + other.len_utf8();
                diags.push(bad(
                    base + i,
                    end,
                    &format!("unknown escape `\\{other}` in a string"),
                ));
            }
        }
    }
    out
}

fn bad(start: usize, end: usize, message: &str) -> Diagnostic {
    Diagnostic::new(Code::Syntax, Span::new(start, end), message).help(VALID)
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
