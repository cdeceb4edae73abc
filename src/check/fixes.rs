//! Where mechanical fixes insert their text. Each returns an `Edit`; edits that are
//! identical (the same permission needed by two calls) are applied once.

use super::Ctx;
use crate::ast::Span;
use crate::diagnostics::{Diagnostic, Edit, Fix, FixKind};
// The one printer, so inserted lines are already in canonical form.
use crate::syntax::print::Stmt;

use crate::syntax::place;
pub use crate::syntax::place::newline_of;

/// The purpose a fix or `grant` writes for a permission: visibly a placeholder, so that
/// nobody installs an app whose consent screen says nothing (`check` warns, W0602, until it
/// is reworded). The catalogue's description would read as finished and describe the
/// permission, not the app.
pub fn placeholder_purpose(name: &str) -> String {
    format!("TODO: say what the app does with {name}")
}

/// Declares `names`, each with a placeholder purpose. A declared `X_read` that an added
/// `X_write` makes redundant (W0202) is removed in the same edit, so the fix leaves no new
/// problem with a mechanical remedy.
pub fn add_permissions(ctx: &Ctx<'_>, names: &[&str]) -> Fix {
    let mut edits: Vec<Edit> = names
        .iter()
        .map(|n| add_permission(ctx, n, &placeholder_purpose(n)))
        .collect();
    for write in names {
        let Some(object) = write.strip_suffix("_write") else {
            continue;
        };
        let read = format!("{object}_read");
        if let Some(p) = ctx.file.permission(&read) {
            edits.push(place::remove(ctx.src, p.span));
        }
    }
    Fix {
        edits,
        kind: FixKind::AddPermissions {
            names: names.iter().map(|n| n.to_string()).collect(),
        },
        machine_applicable: true,
    }
}

/// Inserts `permission <name> "<purpose>"` where `grant` would (`place::top_level`).
fn add_permission(ctx: &Ctx<'_>, name: &str, purpose: &str) -> Edit {
    let line = Stmt::new("permission").name(name).string(purpose).head();
    place::top_level(ctx.src, ctx.file, &line, false).0
}

/// Adds `connect "<url>"` to the `urls` block, creating the block (with `purpose`) when
/// there is none.
pub fn add_connect(ctx: &Ctx<'_>, url: &str, purpose: &str) -> Fix {
    Fix {
        edits: vec![connect_edit(ctx, url, purpose)],
        kind: FixKind::AddConnect {
            url: url.to_string(),
            creates_block: ctx.urls_block().is_none(),
        },
        machine_applicable: true,
    }
}

/// Replaces the name at `span` with `with`: a guess, offered but not applied in bulk.
pub fn replace_name(span: Span, with: &str) -> Fix {
    Fix {
        edits: vec![Edit {
            span,
            new_text: with.to_string(),
        }],
        kind: FixKind::ReplaceName {
            with: with.to_string(),
        },
        machine_applicable: false,
    }
}

/// `d` offering to replace the name at `span` with `suggestion`, its "did you mean", when
/// there is one.
pub fn offer_replacement(d: Diagnostic, span: Span, suggestion: Option<&str>) -> Diagnostic {
    match suggestion {
        Some(s) => d.with_fix(replace_name(span, s)),
        None => d,
    }
}

/// Removes a declaration repeating an earlier one.
pub fn remove_duplicate(src: &str, span: Span) -> Fix {
    Fix {
        edits: vec![place::remove(src, span)],
        kind: FixKind::RemoveDuplicate,
        machine_applicable: true,
    }
}

/// `connect "<url>"` added where `grant url` adds it: into the `urls` block, else in a new
/// block placed like a new permission, after a blank line.
fn connect_edit(ctx: &Ctx<'_>, url: &str, purpose: &str) -> Edit {
    let connect = Stmt::new("connect").string(url);
    if let Some(block) = ctx.urls_block() {
        let (start, close) = (block.span, block.close.start);
        return place::into_block(ctx.src, start, close, &connect.head(), place::Empty::Inline).0;
    }
    let block = Stmt::new("urls")
        .string(purpose)
        .block(vec![connect])
        .print(0, ctx.newline);
    place::top_level(ctx.src, ctx.file, &block, true).0
}

/// Adds `redirect "<url>"` to the app block, after its last `redirect` (else its last
/// statement), where `place::after_statement` puts it. `None` for an app block without
/// statements, or when that statement shares a line with a brace.
pub fn add_redirect(ctx: &Ctx<'_>, app: &crate::ast::AppDecl, url: &str) -> Option<Fix> {
    let after = app
        .stmts
        .iter()
        .filter(|s| matches!(s.kind, crate::ast::AppStmtKind::Redirect(_)))
        .max_by_key(|s| s.span.end)
        .or_else(|| app.stmts.iter().max_by_key(|s| s.span.end))?;
    let line = Stmt::new("redirect").string(url).head();
    let (edit, _) = place::after_statement(ctx.src, app.open.start, after.span, &line)?;
    Some(Fix {
        edits: vec![edit],
        kind: FixKind::AddRedirect {
            url: url.to_string(),
        },
        machine_applicable: true,
    })
}
