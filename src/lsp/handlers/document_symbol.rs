//! `textDocument/documentSymbol`: the file's outline (`crate::outline`) as a tree of
//! document symbols.

use super::snapshots;
use crate::ast::Span;
use crate::lsp::convert::Mapper;
use crate::lsp::state::State;
use crate::outline::{Outline, OutlineKind};
use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

pub fn handle(state: &mut State, params: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let unit = state.unit;
    let (snap, _) = snapshots(state, &params.text_document.uri)?;
    let m = snap.mapper(unit);
    let out = crate::outline::outline(&snap.analysis.file)
        .into_iter()
        .map(|o| symbol(&m, o))
        .collect();
    Some(DocumentSymbolResponse::Nested(out))
}

fn kind(kind: OutlineKind) -> SymbolKind {
    match kind {
        OutlineKind::Package => SymbolKind::PACKAGE,
        OutlineKind::Property => SymbolKind::PROPERTY,
        OutlineKind::Key => SymbolKind::KEY,
        OutlineKind::Namespace => SymbolKind::NAMESPACE,
        OutlineKind::String => SymbolKind::STRING,
        OutlineKind::Class => SymbolKind::CLASS,
        OutlineKind::Module => SymbolKind::MODULE,
        OutlineKind::Function => SymbolKind::FUNCTION,
        OutlineKind::Event => SymbolKind::EVENT,
        OutlineKind::Method => SymbolKind::METHOD,
    }
}

/// A symbol whose selection range lies within its range, as LSP requires (recovered
/// declarations can have a name outside their span; the range then grows to hold it).
fn symbol(m: &Mapper<'_>, o: Outline) -> DocumentSymbol {
    let name = if o.name.trim().is_empty() {
        "(unnamed)".to_string()
    } else {
        o.name
    };
    let span: Span = o.span.to(o.selection);
    #[allow(deprecated)]
    DocumentSymbol {
        name,
        detail: o.detail,
        kind: kind(o.kind),
        tags: None,
        deprecated: None,
        range: m.range(span),
        selection_range: m.range(o.selection),
        children: o
            .children
            .map(|c| c.into_iter().map(|o| symbol(m, o)).collect()),
    }
}
