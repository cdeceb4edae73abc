//! `stripeapp fmt`: one canonical layout for `.stripeapp` files, keeping every comment.
//!
//! The formatter prints the parse tree again, token by token, in source order: nothing is
//! ever reordered, so the meaning cannot change. Comments are not in the tree (the grammar
//! skips them), so they are read from the gaps between tokens and attached to a token:
//! a comment with code before it on its line stays at the end of the line of that code
//! (a *trailing* comment); any other comment stays on its own line above the token that
//! follows it (a *leading* comment), indented like that token's line, or like the body of
//! the block when the token is the block's `}`. Blank lines between statements are kept
//! (several collapse into one); top-level declarations are always separated by one, except
//! a `permission` after a `permission`, where the source decides (so related permissions
//! stay grouped).
//!
//! The layout is described for users in `docs/tools.md`. [`format`] refuses a file with
//! syntax errors, and checks its own output (same tokens, same comments, no syntax error)
//! before returning it, so it never hands back a file that means something else.

mod layout;

use crate::syntax::{Rule, SyntaxTree};

/// Formats a whole file. `Err` when the file has syntax errors (with a message naming the
/// first one and its line and column) or, should the formatter ever produce something that
/// does not parse back to the same tokens and comments, with an internal error; the input
/// is never half-formatted.
pub fn format(text: &str) -> Result<String, String> {
    let (tree, _, diagnostics) = crate::syntax::parse_tree(text);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    if let Some(first) = errors.first() {
        let index = crate::text::LineIndex::new(text);
        let (line, column, _, _) = index.range_1based(text, first.span);
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        return Err(format!(
            "not formatted: syntax error at line {line}, column {column}: {}{more}; \
             `stripeapp check` lists every problem",
            first.message
        ));
    }
    let out = layout::print(text, tree.root())?;
    verify(text, &out)?;
    Ok(out)
}

/// Whether `text` is already formatted: `Ok(true)` when formatting would not change it.
pub fn is_formatted(text: &str) -> Result<bool, String> {
    format(text).map(|f| f == text)
}

/// One token of the parse tree, for comparing a file with its formatted text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    rule: Rule,
    /// The text, with a string's escapes resolved.
    text: String,
}

/// The tokens and the comment texts of a file without syntax errors.
fn tokens_and_comments(text: &str) -> Result<(Vec<Token>, Vec<String>), String> {
    let tree = SyntaxTree::parse(text);
    let mut spans = Vec::new();
    layout::collect_tokens(tree.root(), &mut spans);
    let tokens = spans
        .iter()
        .map(|(rule, span)| {
            let raw = text.get(span.start..span.end).unwrap_or("");
            Token {
                rule: *rule,
                text: if *rule == Rule::string {
                    unquote(raw)
                } else {
                    raw.to_string()
                },
            }
        })
        .collect();
    let comments = layout::comments(tree.root())
        .into_iter()
        .map(|c| c.text)
        .collect();
    Ok((tokens, comments))
}

/// The formatter's own guarantee: the output parses without syntax errors, to the same
/// tokens (string values compared after escapes) and the same comments in the same order.
fn verify(input: &str, output: &str) -> Result<(), String> {
    let internal = |what: &str| {
        Err(format!(
            "not formatted: internal error in the formatter ({what}); the file was left \
             as it was, please report this"
        ))
    };
    let (_, diagnostics) = crate::syntax::parse(output);
    if diagnostics.iter().any(|d| d.is_error()) {
        return internal("its output does not parse");
    }
    let before = tokens_and_comments(input)?;
    let after = tokens_and_comments(output)?;
    if before.0 != after.0 {
        return internal("its output has other tokens");
    }
    if before.1 != after.1 {
        return internal("its output has other comments");
    }
    Ok(())
}

pub use crate::syntax::print::{quote, unquote};

#[cfg(test)]
mod tests {
    #[test]
    fn custom_roles_keep_their_marker() {
        let src = "backend \"https://h.example/x\" {\n  endpoint e {\n    roles \"admin\",   custom   \"Regional lead\", custom \"B\"\n  }\n}\n";
        let (tree, _, _) = crate::syntax::parse_tree(src);
        let printed = super::layout::print(src, tree.root());
        assert_eq!(
            printed.as_deref(),
            Ok(
                "backend \"https://h.example/x\" {\n  endpoint e {\n    roles \"admin\", custom \"Regional lead\", custom \"B\"\n  }\n}\n"
            )
        );
        assert!(super::format(src).is_ok(), "{:?}", super::format(src));
    }
}
