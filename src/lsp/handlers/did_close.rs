//! `textDocument/didClose`: forget the document.

use crate::lsp::state::State;
use lsp_types::DidCloseTextDocumentParams;

/// Returns the closed document's URI and the open `.stripeapp` documents to publish again
/// (a closed code file is read from disk from now on).
pub fn handle(state: &mut State, params: DidCloseTextDocumentParams) -> (String, Vec<String>) {
    let uri = params.text_document.uri.as_str().to_string();
    state.docs.remove(&uri);
    let due = match state.code_docs.remove(&uri) {
        Some(code) => state.code_changed(&code.path),
        None => Vec::new(),
    };
    (uri, due)
}
