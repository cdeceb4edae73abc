//! `stripeapp fmt [PATH…] [--check]`: rewrite files in the canonical layout (see
//! `docs/tools.md`), or with `--check` show what would change.

use super::check::{collect_files, read_source};
use super::io::emit_stderr;
use clap::Args;
use std::io::Read;
use std::path::PathBuf;

/// Format `.stripeapp` files in the one canonical layout, keeping every comment.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or directories (every `*.stripeapp` below a directory). Default: `.`;
    /// `-` formats standard input to standard output.
    pub paths: Vec<PathBuf>,
    /// Change nothing: print a unified diff of what would change and exit 1 if any file
    /// is not formatted.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: FmtArgs) -> u8 {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() > 1 {
            return super::fail("`-` (standard input) cannot be combined with other paths");
        }
        return stdin(args.check);
    }
    let files = match collect_files(&args.paths) {
        Ok(f) => f,
        Err(e) => return super::fail(e),
    };
    let mut failed = false;
    let mut changed = 0usize;
    let mut log = String::new();
    for path in files {
        let source = match read_source(&path) {
            Ok(s) => s,
            Err(e) => return super::fail(e),
        };
        if let Some(problem) = source.problem {
            log.push_str(&format!(
                "{}: not formatted: {}\n",
                source.display, problem.message
            ));
            failed = true;
            continue;
        }
        let formatted = match crate::fmt::format(&source.text) {
            Ok(f) => f,
            Err(e) => {
                log.push_str(&format!("{}: {e}\n", source.display));
                failed = true;
                continue;
            }
        };
        if formatted == source.text {
            continue;
        }
        changed += 1;
        if args.check {
            super::emit_stdout(&diff(&source.display, &source.text, &formatted));
        } else {
            if let Err(e) = super::write_atomic(&source.path, formatted.as_bytes()) {
                emit_stderr(&log);
                return super::fail(format!("cannot write `{}`: {e}", source.display));
            }
            log.push_str(&format!("formatted {}\n", source.display));
        }
    }
    if args.check && changed > 0 {
        log.push_str(&format!(
            "{changed} file{} not formatted; `stripeapp fmt` rewrites {}\n",
            if changed == 1 { " is" } else { "s are" },
            if changed == 1 { "it" } else { "them" }
        ));
    }
    emit_stderr(&log);
    if failed || (args.check && changed > 0) {
        super::INPUT_ERRORS
    } else {
        super::OK
    }
}

/// `stripeapp fmt -`: standard input to standard output (for editors and pipes).
fn stdin(check: bool) -> u8 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        return super::fail(format!("cannot read standard input: {e}"));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        emit_stderr("<stdin>: not formatted: the input is not valid UTF-8\n");
        return super::INPUT_ERRORS;
    };
    match crate::fmt::format(&text) {
        Ok(formatted) if check => {
            if formatted == text {
                super::OK
            } else {
                super::emit_stdout(&diff("<stdin>", &text, &formatted));
                super::INPUT_ERRORS
            }
        }
        Ok(formatted) => {
            super::emit_stdout(&formatted);
            super::OK
        }
        Err(e) => {
            emit_stderr(&format!("<stdin>: {e}\n"));
            super::INPUT_ERRORS
        }
    }
}

/// A unified diff from the file to its formatted text.
pub fn diff(display: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(display, &format!("{display} (formatted)"))
        .to_string()
}
