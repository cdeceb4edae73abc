//! The `stripeapp` command: parse arguments, run the command, exit with its status.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = stripeapp::cli::Cli::parse();
    ExitCode::from(stripeapp::cli::run(cli))
}
