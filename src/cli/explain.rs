//! `stripeapp explain <CODE>`: the long explanation of a diagnostic code.

use crate::check::suggest::did_you_mean;
use crate::diagnostics::Code;
use clap::Args;

/// Print what a diagnostic code means, why it matters, an example and the fix.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A code such as E0301 or W0201 (`stripeapp explain --list` lists them all).
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its title.
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: ExplainArgs) -> u8 {
    if args.list {
        super::emit_stdout(&crate::diagnostics::lists::explain_list());
        return super::OK;
    }
    let code = args.code.unwrap_or_default();
    match Code::parse(code.trim()) {
        Some(code) => {
            let mut text = code.explanation().to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            super::emit_stdout(&text);
            super::OK
        }
        None => {
            let upper = code.trim().to_ascii_uppercase();
            let hint = did_you_mean(&upper, Code::ALL.iter().map(|c| c.as_str()))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            super::fail(format!(
                "`{code}` is not a stripeapp diagnostic code{hint} (`stripeapp explain --list` lists them)"
            ))
        }
    }
}
