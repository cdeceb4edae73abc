//! Parsing: text → AST with spans, plus syntax diagnostics. `parse` is the only entry
//! point, so the parser could be replaced without touching `check`, `emit` or `lsp`.

mod expected;
pub mod language;
mod lower;
pub mod place;
pub mod print;
mod strings;
pub mod tree;

pub use expected::{Context, closes_string, without_trailing_comment};
pub use tree::{Node, SyntaxKind, SyntaxTree};

use crate::ast::File;
use crate::diagnostics::Diagnostic;
use pest::Parser;
use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "../grammar/stripeapp.pest"]
/// The generated parser; public so the benchmark can time pest alone.
pub struct StripeappParser;

/// Parses a whole file. Never fails: what could not be parsed is reported and skipped.
pub fn parse(text: &str) -> (File, Vec<Diagnostic>) {
    let (_, file, diags) = parse_tree(text);
    (file, diags)
}

/// Parses a whole file into its lossless tree and the typed AST lowered from it.
pub fn parse_tree(text: &str) -> (SyntaxTree, File, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    match StripeappParser::parse(Rule::file, text) {
        Ok(pairs) => {
            let tree = SyntaxTree::from_pairs(text, pairs);
            let file = lower::lower_file(text, tree.root(), &mut diags);
            (tree, file, diags)
        }
        // The catch-all rules make this unreachable in practice; if the grammar still
        // rejects the text, report pest's own error rather than nothing.
        Err(err) => {
            diags.push(expected::from_pest_error(&err, 0, text, "this file").into());
            (SyntaxTree::parse(text), File::default(), diags)
        }
    }
}
