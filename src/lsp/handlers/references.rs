//! `textDocument/references`: an endpoint's `uses` (and those naming a public route, which
//! E0802 rejects); the calls and events a permission satisfies; the `redirect`s the OAuth
//! callback is served at; the other occurrences of a method or event.

use super::{location, snapshots};
use crate::ast::Span;
use crate::index::{Definition, SymbolKind};
use crate::lsp::context::{self, Role};
use crate::lsp::state::{Snapshot, State};
use crate::syntax::language::Symbol;
use lsp_types::{Location, ReferenceParams};

pub fn handle(state: &mut State, params: ReferenceParams) -> Option<Vec<Location>> {
    let unit = state.unit;
    let at = params.text_document_position;
    let uri = at.text_document.uri;
    let (snap, _) = snapshots(state, &uri)?;
    let offset = snap.mapper(unit).offset(at.position);
    let spans = references(&snap, offset, params.context.include_declaration);
    Some(
        spans
            .into_iter()
            .map(|s| location(&uri, &snap, unit, s))
            .collect(),
    )
}

/// The spans that refer to the word at `offset`, in source order.
pub fn references(snap: &Snapshot, offset: usize, include_declaration: bool) -> Vec<Span> {
    let text = snap.text.as_str();
    let file = &snap.analysis.file;
    let Some(word) = context::word_at(text, offset) else {
        return Vec::new();
    };
    let name = text.get(word.start..word.end).unwrap_or("");
    let mut out: Vec<Span> = Vec::new();
    // A declaration and what it satisfies (an endpoint's `uses`, the calls and events a
    // permission grants, the `redirect`s of the OAuth callback), as the checker's index
    // records them.
    let index = &snap.analysis.index;
    let declared_and_users = |out: &mut Vec<Span>, def: Option<&Definition>| {
        if let Some(def) = def {
            if include_declaration {
                out.push(def.span);
            }
            out.extend(index.satisfied_by(def).map(|u| u.span));
        }
    };
    match context::at(&snap.analysis.tree, word.start).role() {
        // An endpoint's or public route's name where it is declared; a `uses` may name a
        // public route (E0802): it is still the route meant.
        Role::Refers(Symbol::Endpoint) | Role::Declares(Symbol::Endpoint) => declared_and_users(
            &mut out,
            index
                .definition_at(word.start)
                .or_else(|| index.definition(SymbolKind::Endpoint, name))
                .or_else(|| index.definition(SymbolKind::Public, name)),
        ),
        Role::Declares(Symbol::Permission) => {
            declared_and_users(&mut out, index.definition(SymbolKind::Permission, name))
        }
        Role::Refers(Symbol::Call) => {
            out.extend(file.calls().filter(|c| c.text == name).map(|c| c.span))
        }
        Role::Refers(Symbol::Event) => {
            out.extend(file.events().filter(|e| e.text == name).map(|e| e.span))
        }
        // The `oauth_callback` keyword, a `redirect` to the callback.
        _ => declared_and_users(&mut out, index.route_at(word.start)),
    }
    out.sort();
    out.dedup();
    out
}
