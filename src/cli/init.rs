//! `stripeapp init [DIR] [--kind full-stack|backend|frontend]`: start a new app.

use super::io::emit_stderr;
use crate::init::{Kind, project};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

/// Start a new app: a `.stripeapp` file and a README.md
///
/// The file checks without a diagnostic and compiles; the README says what to do next.
/// An existing `.stripeapp` file in the directory is never overwritten.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The app's directory, created when missing; the app is named after it. Default: `.`
    pub dir: Option<PathBuf>,
    /// Views and a backend (full-stack), a backend only, or views only (frontend).
    #[arg(long, value_enum, default_value = "full-stack")]
    pub kind: KindArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    FullStack,
    Backend,
    Frontend,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::FullStack => Kind::FullStack,
            KindArg::Backend => Kind::Backend,
            KindArg::Frontend => Kind::Frontend,
        }
    }
}

/// A path as the user can paste it into a shell: `my app/x` is shown as `'my app/x'`.
fn shown(p: &Path) -> String {
    shell_word(p.to_string_lossy().trim_start_matches("./"))
}

/// Quotes a word for POSIX shells when it has anything but plainly safe characters.
fn shell_word(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./+,:@%=".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

pub fn run(args: InitArgs) -> u8 {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return super::fail(format!("cannot create `{}`: {e}", dir.display()));
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => return super::fail(format!("cannot read `{}`: {e}", dir.display())),
    };
    let mut existing: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".stripeapp"))
        .collect();
    existing.sort();
    if let Some(first) = existing.first() {
        return super::fail(format!(
            "`{}` already has an app, `{first}`; `init` never overwrites one (nothing was written)",
            dir.display()
        ));
    }
    let dir_name = std::fs::canonicalize(&dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let kind = Kind::from(args.kind);
    let p = project(&dir_name, kind);
    let source_path = dir.join(&p.file_name);
    if let Err(e) = super::write_atomic(&source_path, p.source.as_bytes()) {
        return super::fail(format!("cannot write `{}`: {e}", shown(&source_path)));
    }
    let what = match kind {
        Kind::FullStack => "a full-stack app: views and a backend",
        Kind::Backend => "a backend-only app",
        Kind::Frontend => "a frontend-only app: views, no backend",
    };
    let mut log = format!("created {} ({what})\n", shown(&source_path));
    let readme = dir.join("README.md");
    if readme.exists() {
        log.push_str(&format!(
            "kept    {} (yours, not replaced)\n",
            shown(&readme)
        ));
    } else if let Err(e) = super::write_atomic(&readme, p.readme.as_bytes()) {
        emit_stderr(&log);
        return super::fail(format!("cannot write `{}`: {e}", shown(&readme)));
    } else {
        log.push_str(&format!("created {}\n", shown(&readme)));
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", shown(&dir))
    };
    log.push_str(&format!(
        "next: {cd}stripeapp compile (README.md says what comes after)\n"
    ));
    emit_stderr(&log);
    super::OK
}
