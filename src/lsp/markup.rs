//! The format of the documentation the server sends. Everything in `docs` is written in
//! Markdown; a client that asks for plain text (eglot without markdown-mode, for one) gets
//! it with the Markdown syntax taken out, instead of raw `**` and backticks.

use lsp_types::{ClientCapabilities, MarkupContent, MarkupKind};

/// The formats the client asked for, per kind of documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats {
    /// For hover contents (`textDocument.hover.contentFormat`).
    pub hover: MarkupKind,
    /// For completion items' documentation (`completionItem.documentationFormat`).
    pub completion: MarkupKind,
}

impl Default for Formats {
    /// Markdown, as before a client says otherwise.
    fn default() -> Formats {
        Formats {
            hover: MarkupKind::Markdown,
            completion: MarkupKind::Markdown,
        }
    }
}

impl Formats {
    /// The client's preferred format of each list (its first entry the server can write).
    /// A client that names none gets Markdown.
    pub fn negotiate(capabilities: &ClientCapabilities) -> Formats {
        let text = capabilities.text_document.as_ref();
        let hover = text
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_deref());
        let completion = text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.documentation_format.as_deref());
        Formats {
            hover: preferred(hover),
            completion: preferred(completion),
        }
    }
}

fn preferred(offered: Option<&[MarkupKind]>) -> MarkupKind {
    offered
        .and_then(|kinds| kinds.first())
        .cloned()
        .unwrap_or(MarkupKind::Markdown)
}

/// Markdown text as content of the given kind.
pub fn content(markdown: String, kind: &MarkupKind) -> MarkupContent {
    match kind {
        MarkupKind::Markdown => MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        },
        MarkupKind::PlainText => MarkupContent {
            kind: MarkupKind::PlainText,
            value: plain(&markdown),
        },
    }
}

/// The Markdown that `docs` writes, as plain text: no emphasis markers, code spans or fences,
/// headings as their text, links as `text (url)`. Code blocks are indented by four spaces
/// and otherwise left as they are.
pub fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
            out.push_str(line);
        } else {
            let trimmed = line.trim_start();
            let text = match trimmed.find(|c| c != '#') {
                Some(n) if n > 0 && trimmed[n..].starts_with(' ') => trimmed[n..].trim_start(),
                _ => line,
            };
            inline(text, &mut out);
        }
        out.push('\n');
    }
    if !markdown.ends_with('\n') {
        out.pop();
    }
    out
}

/// One line outside code blocks.
fn inline(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix('`') {
            // A code span: its text as it is, up to the closing backtick.
            match after.find('`') {
                Some(end) => {
                    out.push_str(&after[..end]);
                    rest = &after[end + 1..];
                }
                None => {
                    out.push_str(after);
                    rest = "";
                }
            }
        } else if let Some(after) = rest.strip_prefix("**") {
            rest = after;
        } else if let Some(escaped) = rest
            .strip_prefix('\\')
            .and_then(|after| after.chars().next())
            .filter(char::is_ascii_punctuation)
        {
            // A Markdown escape (`\*`): the character itself. `\n` is no escape.
            out.push(escaped);
            rest = &rest[1 + escaped.len_utf8()..];
        } else if let Some((text, url, after)) = link(rest) {
            inline(text, out);
            out.push_str(" (");
            out.push_str(url);
            out.push(')');
            rest = after;
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// `[text](url)` at the start of `s`: its text, its URL and what follows.
fn link(s: &str) -> Option<(&str, &str, &str)> {
    let body = s.strip_prefix('[')?;
    let close = body.find("](")?;
    let text = &body[..close];
    let after = &body[close + 2..];
    let end = after.find(')')?;
    if text.contains('\n') || after[..end].contains(' ') {
        return None;
    }
    Some((text, &after[..end], &after[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_the_markdown_syntax() {
        let md = "**permission `customer_read`** — `GET /v1/customers/{id}`\n\n---\n\n\
                  ## How to fix\n\nRun `stripeapp check --fix`; see [the docs](https://x.example/a).\n\n\
                  ```stripeapp\npermission customer_read \"Why\"\n```\n\\*not bold\\*";
        assert_eq!(
            plain(md),
            "permission customer_read — GET /v1/customers/{id}\n\n---\n\n\
             How to fix\n\nRun stripeapp check --fix; see the docs (https://x.example/a).\n\n\
             \x20   permission customer_read \"Why\"\n*not bold*"
        );
    }

    #[test]
    fn plain_text_keeps_what_is_not_markdown() {
        for text in [
            "customer_read and invoice_write",
            "https://*.cdn.example.eu/ — a * wildcard",
            "unclosed `code",
            "[not a link] (x)",
            "a\\",
            "\\u{1F4B6} and \\n",
            "Café 💶",
        ] {
            let want = text.replace('`', "");
            assert_eq!(plain(text), want, "{text}");
        }
    }

    #[test]
    fn the_clients_first_format_wins_and_markdown_is_the_default() {
        let caps: ClientCapabilities = serde_json::from_value(serde_json::json!({
            "textDocument": {
                "hover": { "contentFormat": ["plaintext", "markdown"] },
                "completion": { "completionItem": { "documentationFormat": ["markdown"] } }
            }
        }))
        .unwrap_or_default();
        let f = Formats::negotiate(&caps);
        assert_eq!(f.hover, MarkupKind::PlainText);
        assert_eq!(f.completion, MarkupKind::Markdown);
        assert_eq!(
            Formats::negotiate(&ClientCapabilities::default()),
            Formats::default()
        );
    }
}
