//! `textDocument/didClose`: forget the document.

use crate::lsp::state::State;
use lsp_types::DidCloseTextDocumentParams;

pub fn handle(state: &mut State, params: DidCloseTextDocumentParams) -> String {
    let uri = params.text_document.uri.as_str().to_string();
    state.docs.remove(&uri);
    uri
}
