//! `stripeapp revoke permission <name>` and `stripeapp revoke url <url>`: the way back from
//! `grant`. The declaration (with its `///` comment) is removed, and the result is checked
//! before anything is written: while a call, event, `sdk.` function or `fetch` still needs
//! what is revoked, nothing changes (exit 1) and the refusal names each of them. A file
//! that was formatted is left as `stripeapp fmt` would leave it.

use super::grant::{Refused, open, refuse, report_refusal};
use super::io::emit_stderr;
use crate::ast::Span;
use crate::diagnostics::{Diagnostic, Edit};
use crate::syntax::place;
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Remove a permission or a URL from the app, refusing while something still needs it.
#[derive(Debug, Args)]
pub struct RevokeArgs {
    #[command(subcommand)]
    pub what: Revoke,
    /// The `.stripeapp` file to edit. Default: the only `*.stripeapp` file in the current
    /// directory.
    #[arg(long, global = true, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Revoke {
    /// Stop requesting a Stripe permission
    ///
    /// Removes its `permission` line (and the `///` comment above it). Refused while a
    /// call, event or `sdk.` function still needs it and no other declaration grants it.
    Permission {
        /// The permission, as declared.
        name: String,
    },
    /// Stop letting the views reach a URL
    ///
    /// Removes the `connect` entry (the whole `urls` block when it was its last entry).
    /// Refused while a `fetch` or an endpoint a view `uses` still needs it.
    Url {
        /// The entry, exactly as written in the `urls` block.
        url: String,
    },
}

/// A successful revoke: the new text and what to tell the user.
#[derive(Debug, Clone)]
pub struct Revoked {
    pub text: String,
    /// The line the removed declaration was on (1-based, in the old text).
    pub line: usize,
    /// One line describing the edit.
    pub summary: String,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].split('\n').count()
}

/// Applies `edit`; refuses when the result has errors the original did not (each is a use
/// that still needs what was removed); lays the result out as `fmt` would when the
/// original was formatted.
fn finish(text: &str, edit: Edit, what: &str) -> Result<String, Refused> {
    let before = crate::analyse(text);
    let edit_span = edit.span;
    let (mut after_text, _) = crate::fix::apply(text, &[edit]);
    let after = crate::analyse(&after_text);
    let mut old: Vec<(String, String)> = before
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    let mut new: Vec<Diagnostic> = Vec::new();
    for d in after.diagnostics.into_iter().filter(Diagnostic::is_error) {
        let key = (d.code.to_string(), d.message.clone());
        match old.iter().position(|k| *k == key) {
            Some(i) => {
                old.swap_remove(i);
            }
            None => new.push(d),
        }
    }
    if !new.is_empty() {
        // Shown against the file as it is (nothing was written): spans after the removed
        // text move back to where they are now.
        let (cut, removed) = (edit_span.start, edit_span.end - edit_span.start);
        let back = |span: Span| {
            let shift = |o: usize| if o >= cut { o + removed } else { o };
            Span::new(shift(span.start), shift(span.end))
        };
        for d in &mut new {
            d.span = back(d.span);
            for l in &mut d.labels {
                l.span = back(l.span);
            }
            d.fixes.clear();
        }
        let users: Vec<String> = new
            .iter()
            .map(|d| {
                let name = text.get(d.span.start..d.span.end).unwrap_or("");
                format!("`{name}` (line {})", line_of(text, d.span.start))
            })
            .collect();
        return Err(Refused {
            message: format!(
                "{what} is still needed by {}; nothing was written",
                users.join(", ")
            ),
            help: Some(
                "remove what needs it first (the errors above are what `check` would report without it), or keep it"
                    .into(),
            ),
            text: text.to_string(),
            diagnostics: new,
        });
    }
    if crate::fmt::is_formatted(text) == Ok(true)
        && let Ok(formatted) = crate::fmt::format(&after_text)
    {
        after_text = formatted;
    }
    Ok(after_text)
}

fn parsed(text: &str) -> Result<crate::ast::File, Refused> {
    let analysis = crate::analyse(text);
    if !analysis.parsed_cleanly {
        return Err(refuse(
            "the file has syntax errors, so what to remove is uncertain; nothing was written",
            Some("`stripeapp check` lists them; fix them first".into()),
        ));
    }
    Ok(analysis.file)
}

/// `revoke permission`: the text without `permission <name> …`.
pub fn revoke_permission(text: &str, name: &str) -> Result<Revoked, Refused> {
    let file = parsed(text)?;
    let declared: Vec<&str> = file.permissions().map(|p| p.name.text.as_str()).collect();
    let Some(p) = file.permission(name) else {
        let help = crate::check::suggest::did_you_mean(name, declared.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| {
                (!declared.is_empty()).then(|| format!("the file requests {}", declared.join(", ")))
            });
        return Err(refuse(
            format!("`{name}` is not requested in this file; nothing was written"),
            help,
        ));
    };
    let edit = place::remove_with_doc(text, p.span);
    let new_text = finish(text, edit, &format!("`{name}`"))?;
    Ok(Revoked {
        text: new_text,
        line: line_of(text, p.span.start),
        summary: format!("permission {name}"),
    })
}

/// `revoke url`: the text without the `connect "<url>"` entry.
pub fn revoke_url(text: &str, url: &str) -> Result<Revoked, Refused> {
    let file = parsed(text)?;
    let Some(block) = file.urls_block() else {
        return Err(refuse(
            "the file has no `urls` block, so there is nothing to revoke; nothing was written",
            None,
        ));
    };
    let Some(entry) = block.connect.iter().find(|c| c.value == url) else {
        let near = block.connect.iter().find(|c| {
            c.value.trim_end_matches('/') == url.trim_end_matches('/')
                || crate::check::urls::canonical(&c.value)
                    .is_some_and(|a| crate::check::urls::canonical(url) == Some(a))
        });
        let help = match near {
            Some(c) => Some(format!("did you mean `{}`?", c.value)),
            None if block.connect.is_empty() => None,
            None => Some(format!(
                "the `connect` entries are {}",
                block
                    .connect
                    .iter()
                    .map(|c| format!("`{}`", c.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        return Err(refuse(
            format!("`{url}` is not a `connect` entry; nothing was written"),
            help,
        ));
    };
    let last = block.connect.len() == 1 && block.image.is_empty();
    let (edit, summary) = if last {
        (
            place::remove_lines_with_doc(text, block.span),
            format!("connect \"{url}\" and its `urls` block, which had no other entry"),
        )
    } else if let Some(stmt) = block.connect_statement_alone(entry) {
        (
            place::remove_with_doc(text, stmt),
            format!("connect \"{url}\""),
        )
    } else {
        // One URL of a list: it goes with its comma; the statement and its other URLs stay.
        let items: Vec<Span> = block.connect.iter().map(|c| c.span).collect();
        let edit = place::remove_list_item(text, &items, entry.span).unwrap_or(Edit {
            span: entry.span,
            new_text: String::new(),
        });
        (edit, format!("connect \"{url}\""))
    };
    let new_text = finish(text, edit, &format!("`connect \"{url}\"`"))?;
    Ok(Revoked {
        text: new_text,
        line: line_of(text, entry.span.start),
        summary,
    })
}

pub fn run(args: RevokeArgs) -> u8 {
    let source = match open(args.file) {
        Ok(s) => s,
        Err(status) => return status,
    };
    let result = match &args.what {
        Revoke::Permission { name } => revoke_permission(&source.text, name),
        Revoke::Url { url } => revoke_url(&source.text, url),
    };
    match result {
        Ok(r) => {
            if let Err(e) = super::write_atomic(&source.path, r.text.as_bytes()) {
                return super::fail(format!("cannot write `{}`: {e}", source.display));
            }
            emit_stderr(&format!(
                "{}:{}: removed {}\n",
                source.display, r.line, r.summary
            ));
            super::OK
        }
        Err(r) => {
            emit_stderr(&report_refusal(&source.display, r));
            super::INPUT_ERRORS
        }
    }
}
