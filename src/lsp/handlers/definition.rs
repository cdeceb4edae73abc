//! `textDocument/definition`: from an endpoint in `uses` to its declaration (a public route
//! named there too); from a call or an event to the permission declarations that grant what
//! it needs; from a `redirect` to the OAuth callback served at its URL; a declared name (an
//! endpoint's, a public route's, the `oauth_callback` keyword) goes to itself.

use super::{location, snapshots};
use crate::ast::Span;
use crate::index::SymbolKind;
use crate::lsp::context::{self, Role};
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
    let Some(word) = context::word_at(text, offset) else {
        return Vec::new();
    };
    let name = text.get(word.start..word.end).unwrap_or("");
    let index = &snap.analysis.index;
    let declared = |kind| {
        index
            .definition(kind, name)
            .map(|d| vec![d.span])
            .unwrap_or_default()
    };
    match context::at(&snap.analysis.tree, word.start).role() {
        Role::Refers(Symbol::Endpoint) | Role::Declares(Symbol::Endpoint) => {
            // A declared name (an endpoint's or a public route's) is its own definition.
            if let Some(here) = index.definition_at(word.start) {
                return vec![here.span];
            }
            let endpoint = declared(SymbolKind::Endpoint);
            // A `uses` naming a public route (E0802) still goes to the route it means.
            if endpoint.is_empty() {
                declared(SymbolKind::Public)
            } else {
                endpoint
            }
        }
        Role::Declares(Symbol::Job) => declared(SymbolKind::Job),
        Role::Declares(Symbol::Permission) => declared(SymbolKind::Permission),
        Role::Declares(Symbol::View) => declared(SymbolKind::View),
        // What grants what a call or event needs: the index knows the checker's rule.
        Role::Refers(Symbol::Call) | Role::Refers(Symbol::Event) => index
            .use_at(word.start)
            .map(|u| index.satisfying(u).iter().map(|d| d.span).collect())
            .unwrap_or_default(),
        _ => index
            .route_at(word.start)
            .map(|route| vec![route.span])
            .unwrap_or_default(),
    }
}
