//! One file per LSP method. Requests are `fn handle(&mut State, Params) -> Result`;
//! notifications update the state and return the document's URI.

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod did_change;
pub mod did_close;
pub mod did_open;
pub mod document_symbol;
pub mod formatting;
pub mod hover;
pub mod initialize;
pub mod inlay_hint;
pub mod publish_diagnostics;
pub mod references;
pub mod semantic_tokens;

use super::state::{Snapshot, State};
use lsp_types::{Location, Uri};
use std::sync::Arc;

/// The current snapshot of a document and the last good one (when it is another), or `None`
/// for a document the client never opened.
pub(super) fn snapshots(
    state: &mut State,
    uri: &Uri,
) -> Option<(Arc<Snapshot>, Option<Arc<Snapshot>>)> {
    let doc = state.docs.get_mut(uri.as_str())?;
    let current = doc.snapshot();
    Some((current, doc.last_good()))
}

/// A location in a document.
pub(super) fn location(
    uri: &Uri,
    snap: &Snapshot,
    unit: crate::text::ColumnUnit,
    span: crate::ast::Span,
) -> Location {
    Location::new(uri.clone(), snap.mapper(unit).range(span))
}
