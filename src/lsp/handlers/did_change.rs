//! `textDocument/didChange`: apply full or incremental changes. The analysis runs later,
//! once no more messages are queued (or when a request needs it).

use crate::lsp::state::State;
use lsp_types::DidChangeTextDocumentParams;

/// Returns the URIs whose diagnostics are due: the document's and those of the documents
/// its change concerns (a `.stripeapp` file's open code files, a code file's open
/// `.stripeapp` file); nothing for a document that was never opened.
pub fn handle(state: &mut State, params: DidChangeTextDocumentParams) -> Vec<String> {
    let uri = params.text_document.uri.as_str().to_string();
    let unit = state.unit;
    if let Some(code) = state.code_docs.get_mut(&uri) {
        code.doc
            .apply_changes(params.content_changes, params.text_document.version, unit);
        let path = code.path.clone();
        let mut due = state.code_changed(&path);
        due.push(uri);
        return due;
    }
    let Some(doc) = state.docs.get_mut(&uri) else {
        return Vec::new();
    };
    doc.apply_changes(params.content_changes, params.text_document.version, unit);
    let mut due = state.code_of(&uri);
    due.push(uri);
    due
}
