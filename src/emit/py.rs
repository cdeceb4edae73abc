//! Python spelling: string literals, identifiers, docstrings and comments. Everything a
//! Python template prints that depends on user text is made safe here.

use super::{json, ts};
use std::collections::BTreeSet;

/// A double-quoted Python string literal for `s` (JSON's escapes are Python's too).
pub fn string(s: &str) -> String {
    json::quote(s)
}

/// Python's keywords (and the soft keyword `_`, and names the generated modules bind),
/// which a generated method or class name must avoid.
const RESERVED: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "_",
    "stripe",
    "Handlers",
    "AppHandlers",
    "Event",
    "EventContext",
    "EndpointCall",
    "JobContext",
    "JsonValue",
    "API_VERSION",
    "PublicRequest",
    "PublicAnswer",
    "OauthInstall",
    "HttpError",
    // Names `server.create_app` binds beside the handlers' wrappers it defines.
    "app",
    "clients",
    "events",
    "config",
    "handlers",
    "lifespan",
    "internal_error",
];

/// `sync_status` → `sync_status`, `invoice.paid` → `invoice_paid`: a snake-case
/// identifier over the name's `_`, `-` and `.` separated parts.
pub fn snake(name: &str) -> String {
    let mut out = name
        .split(['_', '-', '.'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `sync_status` → `SyncStatus`, `invoice.paid` → `InvoicePaid`.
pub fn pascal(name: &str) -> String {
    let camel = ts::camel(name);
    let mut chars = camel.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Hands out identifiers of one Python scope that never collide with each other or with
/// keywords.
#[derive(Debug, Default)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// `preferred` when it is free, else `preferred` + `_`, else with a number.
    pub fn claim(&mut self, preferred: &str) -> String {
        let free = |n: &str, taken: &BTreeSet<String>| !taken.contains(n) && !RESERVED.contains(&n);
        let mut name = preferred.to_string();
        let mut n = 2;
        while !free(&name, &self.taken) {
            name = if n == 2 && !preferred.ends_with('_') {
                format!("{preferred}_")
            } else {
                format!("{preferred}_{n}")
            };
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

/// A docstring indented by `indent`: each entry of `paragraphs` is one paragraph wrapped
/// to 88 columns; an empty entry is a blank line, and text with line breaks (a user's
/// `///` comment) is kept line for line. Backslashes and quotes are escaped, so the text
/// can neither end the string early nor start an escape. Ends without a newline.
pub fn docstring(paragraphs: &[String], indent: &str) -> String {
    let width = 88usize.saturating_sub(indent.len()).max(40);
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        if p.contains('\n') || p.starts_with(' ') {
            lines.extend(p.split('\n').map(|l| safe(l.trim_end())));
        } else {
            lines.extend(ts::wrap(&safe(p), width));
        }
    }
    if lines.len() == 1 && lines[0].chars().count() + indent.len() + 6 <= 88 {
        return format!("{indent}\"\"\"{}\"\"\"", lines[0]);
    }
    let mut out = format!("{indent}\"\"\"");
    for (i, l) in lines.iter().enumerate() {
        if i > 0 && !l.is_empty() {
            out.push_str(indent);
        }
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str("\"\"\"");
    out
}

fn safe(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
}

/// `from module import a, b`, wrapped one name per line (as ruff formats it) past 120
/// columns.
pub fn import_from(module: &str, names: &[String]) -> String {
    let one_line = format!("from {module} import {}", names.join(", "));
    if one_line.len() <= 120 {
        return one_line;
    }
    let mut out = format!("from {module} import (\n");
    for n in names {
        out.push_str(&format!("    {n},\n"));
    }
    out.push(')');
    out
}

/// `# ` comment lines for `text`, indented by `indent`; ends without a newline.
pub fn line_comments(text: &str, indent: &str) -> String {
    text.split('\n')
        .map(|l| {
            let l: String = l
                .trim_end()
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            if l.is_empty() {
                format!("{indent}#")
            } else {
                format!("{indent}# {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn names_avoid_keywords_and_each_other() {
        let mut n = Namer::default();
        assert_eq!(n.claim("import"), "import_");
        assert_eq!(n.claim("sync"), "sync");
        assert_eq!(n.claim("sync"), "sync_");
        assert_eq!(n.claim("sync"), "sync_3");
        assert_eq!(snake("invoice.paid"), "invoice_paid");
        assert_eq!(
            pascal("customer.subscription.created"),
            "CustomerSubscriptionCreated"
        );
    }

    #[test]
    fn docstrings_cannot_end_early() {
        assert_eq!(
            docstring(&["a \"\"\" b \\".to_string()], "    "),
            "    \"\"\"a \\\"\\\"\\\" b \\\\\"\"\""
        );
        let long = docstring(&["x".repeat(50), String::new(), "y".to_string()], "");
        assert_eq!(long, format!("\"\"\"{}\n\ny\n\"\"\"", "x".repeat(50)));
    }
}
