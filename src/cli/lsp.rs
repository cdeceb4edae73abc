//! `stripeapp lsp`: the language server.

use clap::Args;

/// Run the language server on stdin/stdout (LSP over stdio), for editors: diagnostics,
/// hover, completion, go to definition, references, quick fixes, formatting and the outline.
#[derive(Debug, Args)]
pub struct LspArgs {}

pub fn run(_args: LspArgs) -> u8 {
    crate::lsp::run()
}
