//! `textDocument/didOpen`: start tracking a document; its diagnostics are published next.

use crate::lsp::state::{Document, State};
use lsp_types::DidOpenTextDocumentParams;

pub fn handle(state: &mut State, params: DidOpenTextDocumentParams) -> String {
    let doc = params.text_document;
    let uri = doc.uri.as_str().to_string();
    let document = Document::at(&uri, doc.text, doc.version);
    state.docs.insert(uri.clone(), document);
    uri
}
