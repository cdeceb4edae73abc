//! `textDocument/didOpen`: start tracking a document; its diagnostics are published next.

use crate::lsp::state::{Document, State};
use lsp_types::DidOpenTextDocumentParams;

pub fn handle(state: &mut State, params: DidOpenTextDocumentParams) -> String {
    let doc = params.text_document;
    let uri = doc.uri.as_str().to_string();
    state
        .docs
        .insert(uri.clone(), Document::new(doc.text, doc.version));
    uri
}
