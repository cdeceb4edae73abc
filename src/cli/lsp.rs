//! `stripeapp lsp`: the language server.

use clap::Args;

/// Run the language server for editors (LSP on stdin and stdout)
///
/// Editors start it themselves (see editors/README.md). It gives diagnostics while typing,
/// hover, completion, go to definition, references, quick fixes, formatting, the outline and
/// semantic colouring. Positions are UTF-16 unless the client offers UTF-8. Set
/// STRIPEAPP_LSP_TIMING to log timings on stderr.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Speak LSP on stdin and stdout. This is the only transport and the default; the flag is
    /// accepted because many LSP clients pass it.
    #[arg(long)]
    pub stdio: bool,
    /// Serve only the app's TypeScript/JavaScript files: publish the code scan's findings
    /// located in them (with the `.stripeapp` declaration as related information) and offer
    /// their fixes, which edit the `.stripeapp` file. No other capability is claimed, so an
    /// editor can attach this next to the TypeScript server.
    #[arg(long)]
    pub code_only: bool,
}

pub fn run(args: LspArgs) -> u8 {
    crate::lsp::run(if args.code_only {
        crate::lsp::Mode::CodeOnly
    } else {
        crate::lsp::Mode::Full
    })
}
