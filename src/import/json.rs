//! A small JSON parser for manifests that keeps what `import` needs and serde_json's
//! `Value` loses: the order of object keys, numbers exactly as written (`1e3` stays
//! `1e3`), duplicate keys, and the byte span of every value and key, so that each
//! dropped field is reported at its place in the file.
//!
//! Strict RFC 8259 (no comments, no trailing commas), except that a leading byte-order
//! mark is skipped. Nesting deeper than [`MAX_DEPTH`] is an error rather than a stack
//! overflow.

use crate::ast::Span;
use crate::diagnostics::problem::import::JsonType;

/// Deeper nesting is refused (serde_json's limit too).
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// As written.
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// In file order, duplicates included.
    Object(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

impl Value {
    /// What type a value is, for problems ("expected a string, found an array").
    pub fn kind(&self) -> JsonType {
        match self {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Bool,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }
}

/// A syntax error: what was wrong and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub message: String,
    pub span: Span,
}

pub fn parse(text: &str) -> Result<Node, Error> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    if text.starts_with('\u{FEFF}') {
        p.at = '\u{FEFF}'.len_utf8();
    }
    p.ws();
    let node = p.value(0)?;
    p.ws();
    if p.at < p.bytes.len() {
        return Err(p.error_here("expected the end of the file after the JSON value"));
    }
    Ok(node)
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
}

impl Parser<'_> {
    fn error_here(&self, message: &str) -> Error {
        let end = self.text[self.at..]
            .chars()
            .next()
            .map_or(self.at, |c| self.at + c.len_utf8());
        Error {
            message: message.to_string(),
            span: Span::new(self.at, end),
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Error> {
        if depth > MAX_DEPTH {
            return Err(self.error_here("the JSON is nested too deeply"));
        }
        let start = self.at;
        let value = match self.bytes.get(self.at) {
            None => return Err(self.error_here("unexpected end of the file: expected a value")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(_) => return Err(self.error_here("expected a JSON value")),
        };
        Ok(Node {
            value,
            span: Span::new(start, self.at),
        })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, Error> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error_here("expected a JSON value"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Error> {
        self.at += 1;
        let mut fields = Vec::new();
        self.ws();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Object(fields));
        }
        loop {
            self.ws();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error_here("expected a key in double quotes"));
            }
            let key_start = self.at;
            let name = self.string()?;
            let key = Key {
                name,
                span: Span::new(key_start, self.at),
            };
            self.ws();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(self.error_here("expected `:` after the key"));
            }
            self.at += 1;
            self.ws();
            let value = self.value(depth + 1)?;
            fields.push((key, value));
            self.ws();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(fields));
                }
                _ => return Err(self.error_here("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Error> {
        self.at += 1;
        let mut items = Vec::new();
        self.ws();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error_here("expected `,` or `]`")),
            }
        }
    }

    fn number(&mut self) -> Result<String, Error> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let s = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > s
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        match self.bytes.get(self.at) {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error_here("expected a digit")),
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error_here("expected a digit after `.`"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error_here("expected a digit in the exponent"));
            }
        }
        Ok(self.text[start..self.at].to_string())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let hex = self.text.get(self.at..self.at + 4).unwrap_or("");
        if hex.len() != 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error_here("expected four hex digits after `\\u`"));
        }
        self.at += 4;
        u32::from_str_radix(hex, 16).map_err(|_| self.error_here("expected four hex digits"))
    }

    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[run_start..self.at]);
            match self.bytes.get(self.at) {
                None => {
                    return Err(self.error_here("unexpected end of the file inside a string"));
                }
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = self.bytes.get(self.at).copied();
                    self.at += 1;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                if !self.text[self.at..].starts_with("\\u") {
                                    return Err(self.error_here(
                                        "a `\\u` escape of a high surrogate must be followed by a low one",
                                    ));
                                }
                                self.at += 2;
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return Err(self.error_here("expected a low surrogate"));
                                }
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            match char::from_u32(code) {
                                Some(c) => out.push(c),
                                None => {
                                    return Err(self.error_here(
                                        "a `\\u` escape names a lone surrogate, which is not a character",
                                    ));
                                }
                            }
                        }
                        _ => {
                            self.at -= 1;
                            return Err(self.error_here("invalid escape in a string"));
                        }
                    }
                }
                Some(_) => {
                    return Err(self.error_here(
                        "a control character (such as a line break) inside a string must be escaped",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_keeps_order_and_numbers() {
        let text = "\u{FEFF} {\"b\": [1e3, -0.5, true, null], \"a\": \"x\\u00e9\\ud83d\\ude00\"} ";
        let Ok(Node {
            value: Value::Object(fields),
            ..
        }) = parse(text)
        else {
            panic!("does not parse")
        };
        assert_eq!(fields[0].0.name, "b");
        let Value::Array(items) = &fields[0].1.value else {
            panic!("not an array")
        };
        let values: Vec<&Value> = items.iter().map(|n| &n.value).collect();
        assert_eq!(
            values,
            [
                &Value::Number("1e3".into()),
                &Value::Number("-0.5".into()),
                &Value::Bool(true),
                &Value::Null
            ]
        );
        assert_eq!(&text[items[0].span.start..items[0].span.end], "1e3");
        assert_eq!(&text[fields[1].0.span.start..fields[1].0.span.end], "\"a\"");
        assert_eq!(fields[1].1.value, Value::String("xé😀".into()));
    }

    #[test]
    fn rejects_what_json_rejects() {
        for bad in [
            "",
            "{",
            "{\"a\":1,}",
            "[1,]",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "\"a\nb\"",
            "{a:1}",
            "[1] 2",
            "nul",
            "\"\\ud800\"",
            "// c\n{}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).is_err());
    }
}
