//! In-process robustness: every handler at many positions of many prefixes of every example,
//! in both encodings. A panic anywhere fails the test (the server would survive it, but it
//! would answer with an error instead of a result).

use super::handlers;
use super::state::{Document, State};
use crate::text::ColumnUnit;
use lsp_types::*;
use std::path::Path;

fn examples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "stripeapp"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn doc_id(uri: &Uri) -> TextDocumentIdentifier {
    TextDocumentIdentifier { uri: uri.clone() }
}

fn exercise(state: &mut State, uri: &Uri, position: Position) {
    let at = TextDocumentPositionParams {
        text_document: doc_id(uri),
        position,
    };
    let wd = WorkDoneProgressParams::default();
    let partial = PartialResultParams::default();
    handlers::hover::handle(
        state,
        HoverParams {
            text_document_position_params: at.clone(),
            work_done_progress_params: wd.clone(),
        },
    );
    handlers::completion::handle(
        state,
        CompletionParams {
            text_document_position: at.clone(),
            work_done_progress_params: wd.clone(),
            partial_result_params: partial.clone(),
            context: None,
        },
    );
    handlers::definition::handle(
        state,
        GotoDefinitionParams {
            text_document_position_params: at.clone(),
            work_done_progress_params: wd.clone(),
            partial_result_params: partial.clone(),
        },
    );
    handlers::references::handle(
        state,
        ReferenceParams {
            text_document_position: at,
            work_done_progress_params: wd.clone(),
            partial_result_params: partial.clone(),
            context: ReferenceContext {
                include_declaration: true,
            },
        },
    );
    handlers::code_action::handle(
        state,
        CodeActionParams {
            text_document: doc_id(uri),
            range: Range::new(position, position),
            context: CodeActionContext::default(),
            work_done_progress_params: wd,
            partial_result_params: partial,
        },
    );
}

#[test]
fn every_handler_survives_prefixes_of_every_example() {
    let uri: Uri = match "file:///t/app.stripeapp".parse() {
        Ok(u) => u,
        Err(e) => panic!("{e}"),
    };
    for unit in [ColumnUnit::Utf16, ColumnUnit::Utf8] {
        for text in examples() {
            let ends: Vec<usize> = (0..=text.len())
                .filter(|i| text.is_char_boundary(*i))
                .step_by(13)
                .collect();
            for end in ends {
                let prefix = &text[..end];
                let mut state = State::new(unit);
                state.docs.insert(
                    uri.as_str().to_string(),
                    Document::new(prefix.to_string(), 1),
                );
                let lines = prefix.lines().count() as u32 + 1;
                for line in (0..lines).step_by(3) {
                    for character in [0, 3, 12, 40, 200] {
                        exercise(&mut state, &uri, Position::new(line, character));
                    }
                }
                handlers::document_symbol::handle(
                    &mut state,
                    DocumentSymbolParams {
                        text_document: doc_id(&uri),
                        work_done_progress_params: WorkDoneProgressParams::default(),
                        partial_result_params: PartialResultParams::default(),
                    },
                );
                handlers::semantic_tokens::handle(
                    &mut state,
                    SemanticTokensParams {
                        text_document: doc_id(&uri),
                        work_done_progress_params: WorkDoneProgressParams::default(),
                        partial_result_params: PartialResultParams::default(),
                    },
                );
            }
        }
    }
}
