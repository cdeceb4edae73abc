//! `stripeapp grant permission <name> ["<purpose>"]` and `stripeapp grant url <url>
//! ["<purpose>"]`: edit the `.stripeapp` file the way `stripe apps grant` edits a
//! manifest. The edit is one textual insertion (the rest of the file, its layout and
//! comments, stays byte for byte), and it is checked before anything is written: an
//! unknown or obsolete permission, a duplicate, or a URL `check` would reject changes
//! nothing (exit 1).

use super::io::{color_stderr, emit_stderr};
use crate::ast::Span;
use crate::catalogue;
use crate::diagnostics::render::{FileReport, human};
use crate::diagnostics::{Diagnostic, Edit};
use crate::syntax::place::{self, line_start, newline_of};
use crate::syntax::print::{Stmt, quote};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Add a permission or a URL to the app, like `stripe apps grant` does to a manifest.
#[derive(Debug, Args)]
pub struct GrantArgs {
    #[command(subcommand)]
    pub what: Grant,
    /// The `.stripeapp` file to edit. Default: the only `*.stripeapp` file in the current
    /// directory.
    #[arg(long, global = true, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Grant {
    /// Request a Stripe permission
    ///
    /// Adds a `permission` line after the last one (else after the `app` block). The
    /// purpose defaults to a `TODO:` placeholder that `check` warns about (W0602) until it is reworded.
    Permission {
        /// The permission (`stripeapp catalog permissions` lists them).
        name: String,
        /// Why the app needs it, as users see it when they install the app.
        purpose: Option<String>,
    },
    /// Let the views reach a URL
    ///
    /// Adds a `connect` entry to the `urls` block, which is created (with the purpose, or
    /// "Fetch data from <host>") when there is none.
    Url {
        /// The URL, or a prefix of URLs ending in `/`.
        url: String,
        /// The purpose of a `urls` block created for it.
        purpose: Option<String>,
    },
}

/// A successful grant: the new text and what to tell the user.
#[derive(Debug, Clone)]
pub struct Granted {
    pub text: String,
    /// The inserted text's span in `text`.
    pub inserted: Span,
    /// The line the grant added (1-based).
    pub line: usize,
    /// One line describing the edit.
    pub summary: String,
    /// Warnings `check` gives about the inserted text, and other notes.
    pub notes: Vec<String>,
}

/// A refused grant: why, and the `check` diagnostics that explain it (against `text`).
#[derive(Debug, Clone)]
pub struct Refused {
    pub message: String,
    pub help: Option<String>,
    /// The text the diagnostics are about (the file as it would have been).
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

pub(super) fn refuse(message: impl Into<String>, help: Option<String>) -> Refused {
    Refused {
        message: message.into(),
        help,
        text: String::new(),
        diagnostics: Vec::new(),
    }
}

fn syntax_check(text: &str) -> Result<crate::Analysis, Refused> {
    let analysis = crate::analyse(text);
    if !analysis.parsed_cleanly {
        return Err(refuse(
            "the file has syntax errors, so where to insert is uncertain; nothing was written",
            Some("`stripeapp check` lists them; fix them first".into()),
        ));
    }
    Ok(analysis)
}

/// Applies `edit`, checks the result, and splits `check`'s diagnostics on `watched` (a
/// span of the new text): errors there refuse the grant, warnings there become notes.
fn finish(
    text: &str,
    edit: Edit,
    offset: usize,
    watched: (usize, usize),
    summary: String,
) -> Result<Granted, Refused> {
    let at = edit.span.start;
    let inserted_len = edit.new_text.len();
    let (new_text, _) = crate::fix::apply(text, &[edit]);
    let watched = Span::new(at + offset + watched.0, at + offset + watched.1);
    let analysis = crate::analyse(&new_text);
    let (errors, warnings): (Vec<_>, Vec<_>) = analysis
        .diagnostics
        .into_iter()
        .filter(|d| d.span.start >= watched.start && d.span.end <= watched.end)
        .partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(Refused {
            message: "`stripeapp check` would reject it; nothing was written".into(),
            help: None,
            text: new_text,
            diagnostics: errors,
        });
    }
    let notes = warnings
        .iter()
        .map(|w| format!("warning[{}]: {}", w.code, w.message))
        .collect();
    let line = new_text[..watched.start].split('\n').count();
    // A formatted file stays formatted (`fmt` only re-aligns around the new line, so the
    // line number holds).
    let mut new_text = new_text;
    if crate::fmt::is_formatted(text) == Ok(true)
        && let Ok(formatted) = crate::fmt::format(&new_text)
    {
        new_text = formatted;
    }
    Ok(Granted {
        inserted: Span::new(at, at + inserted_len),
        line,
        text: new_text,
        summary,
        notes,
    })
}

/// `grant permission`: the text with `permission <name> "<purpose>"` inserted.
pub fn grant_permission(text: &str, name: &str, purpose: Option<&str>) -> Result<Granted, Refused> {
    let analysis = syntax_check(text)?;
    let info = match catalogue::permission(name) {
        Some(info) => info,
        None => {
            let hint = crate::check::suggest::permission(name)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| "`stripeapp catalog permissions` lists them".into());
            return Err(refuse(
                format!("`{name}` is not a Stripe permission; nothing was written"),
                Some(hint),
            ));
        }
    };
    if info.status.is_refused() {
        return Err(refuse(
            format!("Stripe does not grant `{name}` to apps; nothing was written"),
            Some(info.source.to_string()),
        ));
    }
    if !info.status.is_known() {
        let help = catalogue::replacement_for(name).map(|r| format!("use `{r}` instead"));
        let why = match info.status {
            catalogue::PermissionStatus::Obsolete => "obsolete: Stripe no longer grants it",
            _ => "a typo in Stripe's manifest schema, not a permission",
        };
        return Err(refuse(
            format!("`{name}` is {why}; nothing was written"),
            help,
        ));
    }
    if let Some(p) = analysis.file.permission(name) {
        let line = text[..p.span.start.min(text.len())].split('\n').count();
        return Err(refuse(
            format!("`{name}` is already requested (line {line}); nothing was written"),
            None,
        ));
    }
    let purpose = purpose.map_or_else(
        || crate::check::fixes::placeholder_purpose(info.name),
        str::to_string,
    );
    if purpose.trim().is_empty() {
        return Err(refuse(
            "the purpose is empty; nothing was written",
            Some(
                "say why the app needs the permission: users see it when they install the app"
                    .into(),
            ),
        ));
    }
    // Line the purpose up with the permission above when it is aligned and there is room.
    let last = analysis.file.permissions().max_by_key(|p| p.span.end);
    let stmt = Stmt::new("permission").name(name).string(&purpose);
    let mut line = stmt.head();
    if let Some(p) = last {
        let ls = line_start(text, p.span.start);
        let before = &text[ls..p.span.start];
        if before.trim().is_empty() {
            let column = text[ls..p.purpose.span.start].chars().count();
            let aligned =
                stmt.head_aligned(Some((1, column.saturating_sub(before.chars().count()))));
            line = format!("{before}{aligned}");
        }
    }
    let (edit, offset) = place::top_level(text, &analysis.file, &line, false);
    let summary = stmt.head();
    finish(text, edit, offset, (0, line.len()), summary)
}

/// `grant url`: the text with `connect "<url>"` added to the `urls` block (created when
/// there is none).
pub fn grant_url(text: &str, url: &str, purpose: Option<&str>) -> Result<Granted, Refused> {
    let analysis = syntax_check(text)?;
    let connect = Stmt::new("connect").string(url);
    let entry = connect.head();
    let block = analysis.file.urls_block();
    let mut notes = Vec::new();
    let (edit, offset) = match block {
        Some(b) => {
            if let Some(same) = b.connect.iter().find(|c| c.value == url) {
                let line = text[..same.span.start].split('\n').count();
                return Err(refuse(
                    format!(
                        "`{url}` is already a `connect` entry (line {line}); nothing was written"
                    ),
                    None,
                ));
            }
            if let Some(wider) = b
                .connect
                .iter()
                .find(|c| crate::check::urls::covers(&c.value, url))
            {
                return Err(refuse(
                    format!(
                        "`{url}` is already allowed by `connect \"{}\"`; nothing was written",
                        wider.value
                    ),
                    None,
                ));
            }
            if purpose.is_some() {
                notes.push(format!(
                    "note: the `urls` block keeps its purpose {}; the one given is used only when the block is created",
                    quote(&b.purpose.value)
                ));
            }
            place::into_block(text, b.span, b.close.start, &entry, place::Empty::Inline)
        }
        None => {
            let purpose = match purpose {
                Some(p) if p.trim().is_empty() => {
                    return Err(refuse(
                        "the purpose is empty; nothing was written",
                        Some("say why the views reach this URL: users see it when they install the app".into()),
                    ));
                }
                Some(p) => p.to_string(),
                None => {
                    let host = crate::check::urls::parse(url)
                        .map(|u| u.host.to_string())
                        .unwrap_or_else(|_| url.to_string());
                    format!("Fetch data from {host}")
                }
            };
            let nl = newline_of(text);
            let lines = Stmt::new("urls")
                .string(&purpose)
                .block(vec![connect])
                .print(0, nl);
            let (edit, offset) = place::top_level(text, &analysis.file, &lines, true);
            let at = lines.find(&entry).unwrap_or(0);
            (edit, offset + at)
        }
    };
    let quoted_at = "connect ".len();
    let mut granted = finish(text, edit, offset, (quoted_at, entry.len()), entry.clone())?;
    granted.notes.extend(notes);
    Ok(granted)
}

/// The file to edit: `--file`, else the only `*.stripeapp` file in the current directory.
fn target(file: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(f) = file {
        return Ok(f);
    }
    let entries =
        std::fs::read_dir(".").map_err(|e| format!("cannot read the current directory: {e}"))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "stripeapp"))
        .collect();
    found.sort();
    match found.len() {
        0 => Err("no `.stripeapp` file in the current directory; name one with `--file`".into()),
        1 => Ok(found.remove(0)),
        _ => Err(format!(
            "several `.stripeapp` files in the current directory ({}); choose one with `--file`",
            found
                .iter()
                .map(|p| p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The file `grant` or `revoke` edits, read, or the exit status after saying why not.
pub(super) fn open(file: Option<PathBuf>) -> Result<super::check::Source, u8> {
    let path = target(file).map_err(super::fail)?;
    let source = super::check::read_source(&path).map_err(super::fail)?;
    if let Some(problem) = &source.problem {
        emit_stderr(&format!("{}: {}\n", source.display, problem.message));
        return Err(super::INPUT_ERRORS);
    }
    Ok(source)
}

pub fn run(args: GrantArgs) -> u8 {
    let source = match open(args.file) {
        Ok(s) => s,
        Err(status) => return status,
    };
    let result = match &args.what {
        Grant::Permission { name, purpose } => {
            grant_permission(&source.text, name, purpose.as_deref())
        }
        Grant::Url { url, purpose } => grant_url(&source.text, url, purpose.as_deref()),
    };
    match result {
        Ok(g) => {
            if let Err(e) = super::write_atomic(&source.path, g.text.as_bytes()) {
                return super::fail(format!("cannot write `{}`: {e}", source.display));
            }
            let mut out = format!("{}:{}: added {}\n", source.display, g.line, g.summary);
            for n in &g.notes {
                out.push_str(&format!("  {n}\n"));
            }
            emit_stderr(&out);
            super::OK
        }
        Err(r) => {
            emit_stderr(&report_refusal(&source.display, r));
            super::INPUT_ERRORS
        }
    }
}

/// What a refused `grant` or `revoke` prints: the `check` diagnostics that explain it, then
/// the refusal and its help.
pub(super) fn report_refusal(display: &str, r: Refused) -> String {
    let mut out = String::new();
    if !r.diagnostics.is_empty() {
        let rendered = human::render(
            &[FileReport::new(
                display.to_string(),
                r.text.clone(),
                r.diagnostics,
            )],
            color_stderr(),
        );
        // Without the "checked 1 file" line: the file was not changed.
        let body = rendered.trim_end_matches('\n');
        out.push_str(match body.rfind('\n') {
            Some(i) if body[i + 1..].starts_with("checked ") => &body[..=i],
            _ => &rendered,
        });
    }
    out.push_str(&format!("{}: {}\n", display, r.message));
    if let Some(h) = r.help {
        out.push_str(&format!("  help: {h}\n"));
    }
    out
}
