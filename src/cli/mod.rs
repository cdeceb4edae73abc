//! The command line. Exit status: 0 when no errors (warnings allowed), 1 when the input
//! has errors, 2 when the command itself could not run.

pub mod catalog;
pub mod check;
pub mod code;
pub mod compile;
pub mod explain;
pub mod fmt;
pub mod grant;
pub mod import;
pub mod init;
mod io;
pub mod lsp;
mod release;
mod rename;
pub mod revoke;
mod watch;

pub use io::{emit_stdout, fail, write_atomic};

use clap::{Parser, Subcommand};

/// Exit statuses.
pub const OK: u8 = 0;
pub const INPUT_ERRORS: u8 = 1;
pub const CANNOT_RUN: u8 = 2;

/// stripeapp: type-checks a Stripe App described in one `.stripeapp` file and compiles it
/// into the manifest, the UI extension and the backend.
#[derive(Debug, Parser)]
#[command(name = "stripeapp", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Check(check::CheckArgs),
    Compile(compile::CompileArgs),
    Explain(explain::ExplainArgs),
    Catalog(catalog::CatalogArgs),
    Lsp(lsp::LspArgs),
    Fmt(fmt::FmtArgs),
    Grant(grant::GrantArgs),
    Revoke(revoke::RevokeArgs),
    Import(import::ImportArgs),
    Init(init::InitArgs),
}

/// Runs a parsed command line and returns the exit status.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Catalog(args) => catalog::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Grant(args) => grant::run(args),
        Command::Revoke(args) => revoke::run(args),
        Command::Import(args) => import::run(args),
        Command::Init(args) => init::run(args),
    }
}
