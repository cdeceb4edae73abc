//! `textDocument/didChange`: apply full or incremental changes. The analysis runs later,
//! once no more messages are queued (or when a request needs it).

use crate::lsp::state::State;
use lsp_types::DidChangeTextDocumentParams;

/// Returns the document's URI, or `None` for a document that was never opened.
pub fn handle(state: &mut State, params: DidChangeTextDocumentParams) -> Option<String> {
    let uri = params.text_document.uri.as_str().to_string();
    let unit = state.unit;
    let doc = state.docs.get_mut(&uri)?;
    doc.apply_changes(params.content_changes, params.text_document.version, unit);
    Some(uri)
}
