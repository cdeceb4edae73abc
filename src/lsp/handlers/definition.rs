//! `textDocument/definition`: from an endpoint in `uses` to its declaration; from a call or an
//! event to the permission declarations that grant what it needs; a declared name goes to
//! itself.

use super::{location, snapshots};
use crate::ast::Span;
use crate::lsp::context::{self, Role};
use crate::lsp::lookup;
use crate::lsp::state::{Snapshot, State};
use crate::syntax::language::Symbol;
use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location};

pub fn handle(state: &mut State, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let unit = state.unit;
    let at = params.text_document_position_params;
    let uri = at.text_document.uri;
    let (snap, _) = snapshots(state, &uri)?;
    let offset = snap.mapper(unit).offset(at.position);
    let spans = targets(&snap, offset);
    if spans.is_empty() {
        return None;
    }
    let locations: Vec<Location> = spans
        .into_iter()
        .map(|s| location(&uri, &snap, unit, s))
        .collect();
    Some(GotoDefinitionResponse::Array(locations))
}

/// The spans the word at `offset` is defined at.
pub fn targets(snap: &Snapshot, offset: usize) -> Vec<Span> {
    let text = snap.text.as_str();
    let file = &snap.analysis.file;
    let Some(word) = context::word_at(text, offset) else {
        return Vec::new();
    };
    let name = text.get(word.start..word.end).unwrap_or("");
    match context::at(&snap.analysis.tree, word.start).role() {
        Role::Refers(Symbol::Endpoint) | Role::Declares(Symbol::Endpoint) => {
            lookup::endpoint(file, name)
                .map(|(_, e)| vec![e.name.span])
                .unwrap_or_default()
        }
        Role::Declares(Symbol::Job) => lookup::job(file, name)
            .map(|j| vec![j.name.span])
            .unwrap_or_default(),
        Role::Declares(Symbol::Permission) => lookup::permission(file, name)
            .map(|p| vec![p.name.span])
            .unwrap_or_default(),
        Role::Declares(Symbol::View) => lookup::view(file, name)
            .map(|v| vec![v.component.span])
            .unwrap_or_default(),
        Role::Refers(Symbol::Call) => match lookup::call_needs(name) {
            Some(need) => lookup::declared_granting(file, need)
                .iter()
                .map(|p| p.name.span)
                .collect(),
            None => Vec::new(),
        },
        Role::Refers(Symbol::Event) => match lookup::event_needs(name) {
            Some((base, any_of)) => lookup::permissions(file)
                .filter(|p| {
                    let granted = lookup::grant([p.name.text.as_str()]);
                    granted.contains(base) || any_of.iter().any(|q| granted.contains(*q))
                })
                .map(|p| p.name.span)
                .collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}
