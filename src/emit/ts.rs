//! TypeScript spelling: string literals, template literal types, identifiers and JSDoc
//! blocks. Everything a template prints that depends on user text is made safe here, so
//! the templates never escape anything themselves.

use std::collections::BTreeSet;

/// A single-quoted TypeScript string literal for `s`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The inside of a template literal (between backticks) that reads as `s` literally.
pub fn template_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// JSX attribute text: a plain `"…"` attribute when possible, else a `{'…'}` expression.
pub fn jsx_attribute(s: &str) -> String {
    if s.chars().all(|c| {
        c != '"' && c != '{' && c != '}' && c != '&' && c != '<' && c != '>' && !c.is_control()
    }) {
        format!("\"{s}\"")
    } else {
        format!("{{{}}}", string(s))
    }
}

/// A property key: bare when it is an identifier, else a string literal.
pub fn property_key(name: &str) -> String {
    if is_identifier_name(name) {
        name.to_string()
    } else {
        string(name)
    }
}

/// A property access on `object`: `.name` when `name` is an identifier, else `['name']`.
pub fn member(object: &str, name: &str) -> String {
    if is_identifier_name(name) {
        format!("{object}.{name}")
    } else {
        format!("{object}[{}]", string(name))
    }
}

/// Whether `s` is an IdentifierName (ASCII subset; reserved words are allowed, as they are
/// for property names).
fn is_identifier_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Words that cannot name a binding in a strict-mode module, plus globals a binding must
/// not shadow in generated code.
const RESERVED: &[&str] = &[
    "arguments",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "any",
    "boolean",
    "never",
    "number",
    "object",
    "string",
    "symbol",
    "unknown",
    "globalThis",
    "Error",
    "JSON",
    "Object",
    "Promise",
    "React",
    "console",
];

/// `sync_status` → `syncStatus`, `invoice.paid` → `invoicePaid`: lower camel case over
/// the name's `_`, `-` and `.` separated parts.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, part) in name
        .split(['_', '-', '.'])
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            if i == 0 {
                out.extend(first.to_lowercase());
            } else {
                out.extend(first.to_uppercase());
            }
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// Hands out identifiers for one module that never collide with each other, with names
/// the module already uses, or with reserved words.
#[derive(Debug, Default)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// A namer for a module that already binds `taken`.
    pub fn new(taken: &[&str]) -> Namer {
        Namer {
            taken: taken.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Marks `name` as used.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// `preferred` when it is free, else `preferred` + `suffix`, else that with a number.
    pub fn claim(&mut self, preferred: &str, suffix: &str) -> String {
        let free = |n: &str, taken: &BTreeSet<String>| !taken.contains(n) && !RESERVED.contains(&n);
        let mut name = preferred.to_string();
        if !free(&name, &self.taken) {
            name = format!("{preferred}{suffix}");
            let mut n = 2;
            while !free(&name, &self.taken) {
                name = format!("{preferred}{suffix}{n}");
                n += 1;
            }
        }
        self.taken.insert(name.clone());
        name
    }
}

/// A JSDoc block indented by `indent`. Each entry of `paragraphs` is one paragraph,
/// wrapped at spaces to stay within 80 columns; an empty entry is a blank line, and text
/// with line breaks (a user's `///` comment) or a leading space (a table row) is kept line
/// for line. `*/` in the text is broken up so the comment cannot end early. Ends without a
/// newline.
pub fn jsdoc(paragraphs: &[String], indent: &str) -> String {
    let width = 80usize.saturating_sub(indent.len() + 3).max(40);
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        if p.contains('\n') || p.starts_with(' ') {
            lines.extend(p.split('\n').map(safe_comment));
        } else {
            lines.extend(wrap(&safe_comment(p), width));
        }
    }
    if lines.len() == 1 && lines[0].len() + indent.len() + 7 <= 80 {
        return format!("{indent}/** {} */", lines[0]);
    }
    let mut out = format!("{indent}/**\n");
    for l in &lines {
        if l.is_empty() {
            out.push_str(&format!("{indent} *\n"));
        } else {
            out.push_str(&format!("{indent} * {l}\n"));
        }
    }
    out.push_str(&format!("{indent} */"));
    out
}

/// `text` broken at spaces into lines of at most `width` characters (a longer word stays
/// whole); empty text is one empty line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in words(text) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The words of `text`, split at spaces outside `code spans`, which stay whole.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            ' ' if !in_code => {
                if i > start {
                    out.push(&text[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// `// ` comment lines for `text`, indented by `indent`; ends without a newline.
pub fn line_comments(text: &str, indent: &str) -> String {
    text.split('\n')
        .map(|l| {
            let l = l.trim_end();
            if l.is_empty() {
                format!("{indent}//")
            } else {
                format!("{indent}// {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Comment text that cannot close a `/* … */` comment.
fn safe_comment(line: &str) -> String {
    line.trim_end().replace("*/", "*\\/")
}

/// Words joined as prose: `a`, `a and b`, `a, b and c`.
pub fn prose_list(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_would_end_or_break_them() {
        assert_eq!(string("it's a \\ test\n"), "'it\\'s a \\\\ test\\n'");
        assert_eq!(template_text("a`b${c}$d\\"), "a\\`b\\${c}$d\\\\");
        assert_eq!(jsx_attribute("ERP sync"), "\"ERP sync\"");
        assert_eq!(jsx_attribute("a \"b\" {c}"), "{'a \"b\" {c}'}");
    }

    #[test]
    fn names() {
        assert_eq!(camel("sync_status"), "syncStatus");
        assert_eq!(camel("invoice.paid"), "invoicePaid");
        assert_eq!(camel("charge.dispute.created"), "chargeDisputeCreated");
        assert_eq!(camel("Upper_case"), "upperCase");
        assert_eq!(camel("_"), "_");
        let mut n = Namer::new(&["stripe"]);
        assert_eq!(n.claim("stripe", "Endpoint"), "stripeEndpoint");
        assert_eq!(n.claim("delete", "Endpoint"), "deleteEndpoint");
        assert_eq!(n.claim("aB", "Endpoint"), "aB");
        assert_eq!(n.claim("aB", "Endpoint"), "aBEndpoint");
        assert_eq!(n.claim("aB", "Endpoint"), "aBEndpoint2");
        assert_eq!(property_key("invoice.paid"), "'invoice.paid'");
        assert_eq!(property_key("sync_status"), "sync_status");
        assert_eq!(member("h", "invoice.paid"), "h['invoice.paid']");
    }

    #[test]
    fn jsdoc_blocks_cannot_be_closed_by_their_text() {
        assert_eq!(jsdoc(&["One line.".into()], "  "), "  /** One line. */");
        assert_eq!(
            jsdoc(&["a */ b".into(), String::new(), "c".into()], ""),
            "/**\n * a *\\/ b\n *\n * c\n */"
        );
        let long = "word ".repeat(30);
        let block = jsdoc(&[long.trim().to_string()], "  ");
        assert!(block.lines().all(|l| l.len() <= 80), "{block}");
        assert_eq!(wrap("a b", 1), vec!["a", "b"]);
        assert_eq!(
            wrap("run `node dist/main.js job x` now", 12),
            vec!["run", "`node dist/main.js job x`", "now"]
        );
    }
}
