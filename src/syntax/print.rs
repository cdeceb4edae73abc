//! The one printer of source text: every declaration or statement that a command writes
//! into a `.stripeapp` file (`import`, `grant`, quick fixes) is built as a [`Stmt`] and
//! printed here, in the layout `stripeapp fmt` gives it, with strings quoted as the
//! formatter quotes them. Keywords are the language table's.

use super::language;

/// One part of a statement after its keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A name or dotted path, written as it is.
    Name(String),
    /// A string, quoted when printed.
    Str(String),
    /// A number or `true`/`false`, written as it is.
    Literal(String),
}

/// A declaration or statement: its keyword, what follows, and its block if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stmt {
    keyword: &'static str,
    parts: Vec<Part>,
    body: Option<Vec<Stmt>>,
}

/// Spaces per block level (the formatter's).
pub const INDENT: usize = 2;

impl Stmt {
    /// A statement starting with `keyword`, which must be one of the language table's.
    pub fn new(keyword: &'static str) -> Stmt {
        debug_assert!(
            language::keyword(keyword).is_some(),
            "`{keyword}` is not a keyword"
        );
        Stmt {
            keyword,
            parts: Vec::new(),
            body: None,
        }
    }

    pub fn name(mut self, name: impl Into<String>) -> Stmt {
        self.parts.push(Part::Name(name.into()));
        self
    }

    /// A fixed word of the statement's shape (the `on` of `view <Component> on …`).
    pub fn word(self, word: &'static str) -> Stmt {
        self.name(word)
    }

    pub fn string(mut self, value: impl Into<String>) -> Stmt {
        self.parts.push(Part::Str(value.into()));
        self
    }

    pub fn literal(mut self, text: impl Into<String>) -> Stmt {
        self.parts.push(Part::Literal(text.into()));
        self
    }

    /// Gives the statement a block holding `stmts`.
    pub fn block(mut self, stmts: Vec<Stmt>) -> Stmt {
        self.body = Some(stmts);
        self
    }

    /// Its keyword.
    pub fn keyword(&self) -> &'static str {
        self.keyword
    }

    /// What follows the keyword on its line, as printed: the text an item added to an
    /// existing list of the same keyword is (`calls a, b` + `c`).
    pub fn tail(&self) -> String {
        let head = self.head();
        head.get(self.keyword.len() + 1..).unwrap_or("").to_string()
    }

    /// The statement on one line, without its block: `permission customer_read "…"`.
    pub fn head(&self) -> String {
        self.head_aligned(None)
    }

    /// The head with the part at index `part` starting at character column `column` of
    /// the line (when the text before it is shorter), as the formatter aligns the purposes
    /// of consecutive permissions.
    pub fn head_aligned(&self, align: Option<(usize, usize)>) -> String {
        let mut out = self.keyword.to_string();
        for (i, part) in self.parts.iter().enumerate() {
            out.push(' ');
            if let Some((at, column)) = align
                && at == i
            {
                let width = out.chars().count();
                out.extend(std::iter::repeat_n(' ', column.saturating_sub(width)));
            }
            match part {
                Part::Name(t) | Part::Literal(t) => out.push_str(t),
                Part::Str(v) => out.push_str(&quote(v)),
            }
        }
        out
    }

    /// The whole statement at block depth `depth` (its first line not indented), lines
    /// separated by `nl`, without a final line break.
    pub fn print(&self, depth: usize, nl: &str) -> String {
        let mut out = self.head();
        if let Some(body) = &self.body {
            if body.is_empty() {
                out.push_str(" {}");
                return out;
            }
            out.push_str(" {");
            let indent = " ".repeat((depth + 1) * INDENT);
            for stmt in body {
                out.push_str(nl);
                out.push_str(&indent);
                out.push_str(&stmt.print(depth + 1, nl));
            }
            out.push_str(nl);
            out.push_str(&" ".repeat(depth * INDENT));
            out.push('}');
        }
        out
    }
}

/// The value of a string literal of a file without syntax errors (escapes resolved).
pub fn unquote(raw: &str) -> String {
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                // `\u{X…}`: the parser has already checked it.
                let mut hex = String::new();
                for h in chars.by_ref() {
                    match h {
                        '{' => {}
                        '}' => break,
                        h => hex.push(h),
                    }
                }
                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A string literal in canonical form: the characters themselves, except `"` and `\`
/// (escaped with `\`), newline and tab (`\n`, `\t`), and, as `\u{…}` in lower-case hex,
/// the characters that would be invisible or reorder the line: control characters, the
/// line and paragraph separators, bidirectional controls and the byte-order mark.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_unicode_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn needs_unicode_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_print_in_the_canonical_layout() {
        let urls = Stmt::new("urls")
            .string("Reach \"us\"")
            .block(vec![Stmt::new("connect").string("https://a.example/")]);
        assert_eq!(
            urls.print(0, "\n"),
            "urls \"Reach \\\"us\\\"\" {\n  connect \"https://a.example/\"\n}"
        );
        assert_eq!(
            Stmt::new("app").string("x").block(vec![]).print(0, "\n"),
            "app \"x\" {}"
        );
        let p = Stmt::new("permission").name("event_read").string("Hooks");
        assert_eq!(
            p.head_aligned(Some((1, 26))),
            "permission event_read     \"Hooks\""
        );
        assert_eq!(
            Stmt::new("constant").name("N").literal("1.5").head(),
            "constant N 1.5"
        );
        let fetch = Stmt::new("fetch").string("https://a.example/\"x");
        assert_eq!(fetch.tail(), "\"https://a.example/\\\"x\"");
        assert_eq!(Stmt::new("calls").tail(), "");
    }

    #[test]
    fn quote_and_unquote_round_trip() {
        for s in [
            "",
            "a\"b\\c",
            "line\nnext\ttab",
            "\u{7}\u{202E}\u{FEFF}",
            "Café ☕",
        ] {
            assert_eq!(unquote(&quote(s)), s);
        }
        assert_eq!(quote("\u{202E}"), "\"\\u{202e}\"");
        assert_eq!(unquote("\"\\u{2615}\""), "☕");
    }
}
