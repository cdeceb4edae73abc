//! Parsing: text → AST with spans, plus syntax diagnostics. `parse` is the only entry
//! point, so the parser could be replaced without touching `check`, `emit` or `lsp`.

mod expected;

pub use expected::without_trailing_comment;
mod lower;
mod strings;

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
    let mut diags = Vec::new();
    let file = match StripeappParser::parse(Rule::file, text) {
        Ok(mut pairs) => match pairs.next() {
            Some(file) => lower::lower_file(text, file, &mut diags),
            None => File::default(),
        },
        // The catch-all rules make this unreachable in practice; if the grammar still
        // rejects the text, report pest's own error rather than nothing.
        Err(err) => {
            diags.push(expected::from_pest_error(&err, 0, text, "this file"));
            File::default()
        }
    };
    (file, diags)
}

/// The keywords that start a statement in each kind of block (for completion and help).
pub mod keywords {
    pub const TOP: &[&str] = &["app", "permission", "urls", "view", "backend"];
    pub const APP: &[&str] = &[
        "name",
        "version",
        "icon",
        "distribution",
        "api_access",
        "sandbox_install",
        "post_install",
        "redirect",
        "constant",
    ];
    pub const URLS: &[&str] = &["connect", "image"];
    pub const VIEW: &[&str] = &["title", "calls", "fetch", "uses"];
    pub const BACKEND: &[&str] = &["webhooks", "endpoint", "on", "job"];
    pub const ENDPOINT: &[&str] = &["calls", "roles"];
    pub const HANDLER: &[&str] = &["calls"];
}
