//! `textDocument/codeAction`: the fixes of all diagnostics that overlap or touch the requested
//! range. The diagnostics a client puts in the request's context are not consulted: clients
//! differ in what they send there, and some send none. Also a `source.fixAll` applying the
//! mechanical fixes as `stripeapp check --fix` does.

use super::publish_diagnostics;
use super::snapshots;
use crate::ast::Span;
use crate::lsp::convert::Mapper;
use crate::lsp::state::State;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

pub fn handle(state: &mut State, params: CodeActionParams) -> Option<CodeActionResponse> {
    let unit = state.unit;
    let uri = params.text_document.uri;
    if state.code_docs.contains_key(uri.as_str()) {
        return in_code(state, &uri, params.range, params.context.only.as_deref());
    }
    let (snap, _) = snapshots(state, &uri)?;
    let mapper = snap.mapper(unit);
    let wanted = mapper.span(params.range);
    let only = params.context.only;
    let allowed = |kind: &CodeActionKind| match &only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| {
            kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        }),
    };

    let mut actions: Vec<CodeActionOrCommand> = Vec::new();
    if allowed(&CodeActionKind::QUICKFIX) {
        for d in &snap.analysis.diagnostics {
            if !meets(d.span, wanted) {
                continue;
            }
            let diagnostic = publish_diagnostics::convert(d, &mapper, &uri);
            quick_fixes(d, &diagnostic, &snap.text, &mapper, &uri, &mut actions);
        }
    }
    let any_mechanical = snap
        .analysis
        .diagnostics
        .iter()
        .any(|d| d.fixes.iter().any(|f| f.machine_applicable));
    if any_mechanical && allowed(&CodeActionKind::SOURCE_FIX_ALL) {
        let (fixed, log) = crate::fix::fix_all(&snap.text);
        if !log.is_empty()
            && let Some(edit) = minimal_edit(&mapper, &snap.text, &fixed)
        {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Apply every mechanical stripeapp fix".to_string(),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(workspace_edit(&uri, vec![edit])),
                ..Default::default()
            }));
        }
    }
    Some(actions)
}

/// The quick fixes of the scanner's findings in an open code file that meet `range`: each
/// edits the app's `.stripeapp` file (a workspace edit on the other file).
fn in_code(
    state: &State,
    uri: &Uri,
    range: lsp_types::Range,
    only: Option<&[CodeActionKind]>,
) -> Option<CodeActionResponse> {
    let quickfix = CodeActionKind::QUICKFIX;
    if only.is_some_and(|kinds| {
        !kinds.iter().any(|k| {
            quickfix.as_str() == k.as_str()
                || quickfix.as_str().starts_with(&format!("{}.", k.as_str()))
        })
    }) {
        return Some(Vec::new());
    }
    let unit = state.unit;
    let (app, found) = crate::lsp::code::findings_of(state, uri.as_str())?;
    let code = state.code_docs.get(uri.as_str())?;
    let mapper = code.mapper(unit);
    let wanted = mapper.span(range);
    let app_uri = app.uri.parse::<Uri>().ok()?;
    let app_index = crate::text::LineIndex::new(&app.text);
    let app_mapper = Mapper::new(&app.text, &app_index, unit);
    let mut actions = Vec::new();
    for d in found.iter().filter(|d| meets(d.span, wanted)) {
        let Some(diagnostic) = publish_diagnostics::convert_in_code(d, &mapper, &app, unit) else {
            continue;
        };
        quick_fixes(
            d,
            &diagnostic,
            &app.text,
            &app_mapper,
            &app_uri,
            &mut actions,
        );
    }
    Some(actions)
}

/// A quick fix per fix of `d`, shown for `diagnostic`, editing the file `uri` (whose text
/// `mapper` maps: the fixes' spans are in it).
fn quick_fixes(
    d: &crate::diagnostics::Diagnostic,
    diagnostic: &lsp_types::Diagnostic,
    text: &str,
    mapper: &Mapper<'_>,
    uri: &Uri,
    actions: &mut Vec<CodeActionOrCommand>,
) {
    let single = d.fixes.len() == 1;
    for fix in &d.fixes {
        // Applied as `check --fix` applies it (formatted when the file was, with the
        // mechanical remedies of what it gives rise to). When that is just the fix's own
        // edits, those are sent as they are; else the lines that change, as one edit.
        let fixed = crate::fix::apply_fix(text, fix);
        let edits = if fixed == crate::fix::apply(text, &fix.edits).0 {
            fix.edits
                .iter()
                .map(|e| TextEdit::new(mapper.range(e.span), e.new_text.clone()))
                .collect()
        } else {
            match whole_lines_edit(mapper, text, &fixed) {
                Some(edit) => vec![edit],
                None => continue,
            }
        };
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(workspace_edit(uri, edits)),
            is_preferred: Some(single && fix.machine_applicable),
            ..Default::default()
        }));
    }
}

/// One edit turning `old` into `new` that replaces whole lines: the lines that differ,
/// between the common leading and trailing lines (a fix's re-aligned group reads as the
/// lines it rewrites). `None` when equal.
fn whole_lines_edit(mapper: &Mapper<'_>, old: &str, new: &str) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let same = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let start = old[..same].rfind('\n').map_or(0, |i| i + 1);
    let room = old.len().min(new.len()) - start;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    // The common tail starts after a newline (or is the whole rest).
    while suffix > 0 && !old[..old.len() - suffix].ends_with('\n') {
        suffix -= 1;
    }
    let replaced = Span::new(start, old.len() - suffix);
    let inserted = new.get(start..new.len() - suffix)?.to_string();
    Some(TextEdit::new(mapper.range(replaced), inserted))
}

/// Whether two spans overlap or touch (an empty range at the end of a diagnostic meets it).
fn meets(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

// `lsp_types::Uri` caches its parse in a cell; it is never mutated as a key here.
#[allow(clippy::mutable_key_type)]
pub(super) fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }
}

/// One edit turning `old` into `new`: the differing middle, after the common prefix and
/// suffix, so that the editor keeps the cursor and marks outside it. `None` when equal.
pub(super) fn minimal_edit(mapper: &Mapper<'_>, old: &str, new: &str) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let max_suffix = old.len().min(new.len()) - start;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let replaced = Span::new(start, old.len() - suffix);
    let inserted = new.get(start..new.len() - suffix)?.to_string();
    Some(TextEdit::new(mapper.range(replaced), inserted))
}
