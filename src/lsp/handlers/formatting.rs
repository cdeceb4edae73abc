//! `textDocument/formatting`: `stripeapp fmt`'s canonical layout, sent as one edit over the
//! part that changes. A file with syntax errors is left as it is (`null`): its diagnostics
//! already say what is wrong, and guessing a layout for it could lose text.

use super::code_action::minimal_edit;
use crate::lsp::state::State;
use lsp_types::{DocumentFormattingParams, TextEdit};

pub fn handle(state: &mut State, params: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let unit = state.unit;
    let doc = state.docs.get(params.text_document.uri.as_str())?;
    let formatted = crate::fmt::format(&doc.text).ok()?;
    Some(
        minimal_edit(&doc.mapper(unit), &doc.text, &formatted)
            .into_iter()
            .collect(),
    )
}
