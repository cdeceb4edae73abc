//! stripeapp: a compiler for `.stripeapp` files, which describe a whole Stripe App.
//!
//! One pipeline serves every front end: `syntax` (text → lossless tree → AST) → `check` (AST → model) →
//! `emit` (model → files), with one diagnostics list threaded through. [`analyse`] is the
//! entry point the CLI and the language server share.
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod ast;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod emit;
pub mod fix;
pub mod fmt;
pub mod import;
pub mod index;
pub mod init;
pub mod lsp;
pub mod model;
pub mod outline;
pub mod release;
pub mod roles;
pub mod scan;
pub mod syntax;
pub mod text;

use diagnostics::Diagnostic;

/// Everything known about one file after checking it.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The lossless tree of the text (every token, comment and broken line).
    pub tree: syntax::SyntaxTree,
    pub file: ast::File,
    pub model: model::Model,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the parser reported no syntax error.
    pub parsed_cleanly: bool,
    /// What each name is, and what each use needs and is satisfied by.
    pub index: index::Index,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and checks one file's text, and compares the app's code with it when `code` is
/// given (see `check::code`).
pub fn analyse_with_code(text: &str, code: Option<&check::code::Code>) -> Analysis {
    let mut analysis = analyse(text);
    if let Some(code) = code {
        add_code(&mut analysis, text, code);
    }
    analysis
}

/// Adds what the comparison of the app's code with the file finds to an analysis of it.
pub fn add_code(analysis: &mut Analysis, text: &str, code: &check::code::Code) {
    // A file that does not parse may be missing declarations the code would match.
    if analysis.parsed_cleanly {
        let found = check::code::check(&analysis.file, &analysis.model, text, code);
        analysis.diagnostics.extend(found);
        diagnostics::sort(&mut analysis.diagnostics);
    }
}

/// Parses and checks one file's text.
pub fn analyse(text: &str) -> Analysis {
    let (tree, file, mut diagnostics) = syntax::parse_tree(text);
    // Everything the parser reports is a syntax error.
    let parsed_cleanly = diagnostics.is_empty();
    let (model, index) = check::check(&file, text, parsed_cleanly, &mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    Analysis {
        tree,
        file,
        model,
        diagnostics,
        parsed_cleanly,
        index,
    }
}
