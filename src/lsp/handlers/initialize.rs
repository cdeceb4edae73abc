//! `initialize`: what the server can do.

use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, HoverProviderCapability, OneOf, PositionEncodingKind,
    SemanticTokensFullOptions, SemanticTokensOptions, SemanticTokensServerCapabilities,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};

/// What the server offers `client`: inlay hints only to a client that says it shows them
/// (Neovim before 0.10 and eglot 1.9 do not, and would only pay for unused requests).
pub fn capabilities(
    encoding: PositionEncodingKind,
    client: &ClientCapabilities,
) -> ServerCapabilities {
    let inlay_hints = client
        .text_document
        .as_ref()
        .is_some_and(|t| t.inlay_hint.is_some());
    ServerCapabilities {
        inlay_hint_provider: inlay_hints.then_some(OneOf::Left(true)),
        position_encoding: Some(encoding),
        text_document_sync: Some(text_sync()),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            // After `customers.` the methods of that resource are wanted at once.
            trigger_characters: Some(vec![".".to_string()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..Default::default()
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: super::semantic_tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                ..Default::default()
            },
        )),
        ..Default::default()
    }
}

/// What the server claims when it serves code files only (`stripeapp lsp --code-only`, for
/// editors that attach it to TypeScript next to tsserver): their text, and quick fixes.
/// Diagnostics are pushed, which needs no capability. Nothing else, so that it never
/// competes with the TypeScript server for hover, completion, formatting or highlighting.
pub fn code_only_capabilities(encoding: PositionEncodingKind) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding),
        text_document_sync: Some(text_sync()),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// Open, close and incremental changes: how documents reach the server in both modes.
fn text_sync() -> TextDocumentSyncCapability {
    TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
        open_close: Some(true),
        change: Some(TextDocumentSyncKind::INCREMENTAL),
        ..Default::default()
    })
}
