//! `textDocument/didOpen`: start tracking a document; its diagnostics are published next.
//! A code file (`.ts`, `.tsx`, …) is kept apart: only the scanner's findings concern it.

use crate::lsp::code::{CodeDocument, code_path};
use crate::lsp::state::{Document, State};
use lsp_types::DidOpenTextDocumentParams;
use std::sync::Arc;

/// Returns the URIs whose diagnostics are due: the document's, and for a code file those of
/// the open `.stripeapp` documents whose code it is.
pub fn handle(state: &mut State, params: DidOpenTextDocumentParams) -> Vec<String> {
    let doc = params.text_document;
    let uri = doc.uri.as_str().to_string();
    if let Some(path) = code_path(&uri) {
        let document = Document::new(doc.text, doc.version);
        state.code_docs.insert(
            uri.clone(),
            CodeDocument {
                path: path.clone(),
                doc: document,
            },
        );
        let mut due = state.code_changed(&path);
        due.push(uri);
        return due;
    }
    let mut document = Document::at(&uri, doc.text, doc.version);
    document.code_changed(Arc::clone(&state.overlay));
    state.docs.insert(uri.clone(), document);
    let mut due = state.code_of(&uri);
    due.push(uri);
    due
}
