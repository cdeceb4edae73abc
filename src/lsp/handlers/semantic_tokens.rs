//! `textDocument/semanticTokens/full`: colours by meaning, which a regular-expression grammar
//! cannot know: keywords only where a statement starts (`view calls on settings` names a
//! view `calls`), declared names, permissions, viewports, events, API methods, endpoints,
//! and `///` doc comments. Read from the tokens of the lossless syntax tree with the same
//! scanner as completion, so broken text is coloured too.

use crate::ast::Span;
use crate::lsp::context::{Lexeme, Role, Scanner};
use crate::lsp::state::State;
use crate::syntax::language::Symbol;
use lsp_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
    SemanticTokensParams, SemanticTokensResult,
};

/// Token types, in legend order.
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::COMMENT,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::CLASS,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::EVENT,
    SemanticTokenType::METHOD,
    SemanticTokenType::VARIABLE,
];
const KEYWORD: u32 = 0;
const COMMENT: u32 = 1;
const STRING: u32 = 2;
const NUMBER: u32 = 3;
const ENUM_MEMBER: u32 = 4;
const CLASS: u32 = 5;
const NAMESPACE: u32 = 6;
const FUNCTION: u32 = 7;
const EVENT: u32 = 8;
const METHOD: u32 = 9;
const VARIABLE: u32 = 10;

/// Modifier bits, in legend order.
const DECLARATION: u32 = 1;
const DOCUMENTATION: u32 = 2;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::DOCUMENTATION,
        ],
    }
}

pub fn handle(state: &mut State, params: SemanticTokensParams) -> Option<SemanticTokensResult> {
    let unit = state.unit;
    let snap = state
        .docs
        .get_mut(params.text_document.uri.as_str())?
        .snapshot();
    let mapper = snap.mapper(unit);
    let text = snap.text.as_str();
    let mut data = Vec::new();
    let (mut last_line, mut last_start) = (0, 0);
    let mut scanner = Scanner::new(&snap.analysis.tree);
    while let Some((lexeme, span)) = scanner.peek() {
        if let Some((kind, modifiers)) = classify(&scanner, lexeme, span, text) {
            let start = mapper.position(span.start);
            let end = mapper.position(span.end);
            // Every token lies on one line (strings and comments end with it).
            let length = if end.line == start.line {
                end.character.saturating_sub(start.character)
            } else {
                0
            };
            if length > 0 {
                let delta_line = start.line.saturating_sub(last_line);
                let delta_start = if delta_line == 0 {
                    start.character.saturating_sub(last_start)
                } else {
                    start.character
                };
                data.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length,
                    token_type: kind,
                    token_modifiers_bitset: modifiers,
                });
                (last_line, last_start) = (start.line, start.character);
            }
        }
        scanner.advance(lexeme, span);
    }
    Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    }))
}

/// The token type and modifiers of a lexeme, or `None` to leave it to the editor's grammar.
fn classify(
    scanner: &Scanner<'_>,
    lexeme: Lexeme<'_>,
    span: Span,
    text: &str,
) -> Option<(u32, u32)> {
    match lexeme {
        Lexeme::Comment => {
            let body = text.get(span.start..span.end).unwrap_or("");
            let doc = body.starts_with("///") && !body.starts_with("////");
            Some((COMMENT, if doc { DOCUMENTATION } else { 0 }))
        }
        Lexeme::Str { .. } => Some((STRING, 0)),
        Lexeme::Word(word) => match scanner.role() {
            Role::Keyword => scanner
                .block()
                .is_some_and(|b| b.allows(word))
                .then_some((KEYWORD, 0)),
            Role::Word(fixed) => (word == fixed).then_some((KEYWORD, 0)),
            Role::Declares(symbol) => Some((symbol_type(symbol), DECLARATION)),
            Role::Refers(symbol) => Some((symbol_type(symbol), 0)),
            Role::Value(_) => Some((ENUM_MEMBER, 0)),
            Role::Other => {
                let number = word
                    .strip_prefix('-')
                    .unwrap_or(word)
                    .starts_with(|c: char| c.is_ascii_digit());
                number.then_some((NUMBER, 0))
            }
        },
        _ => None,
    }
}

/// The token type of a kind of name.
fn symbol_type(symbol: Symbol) -> u32 {
    match symbol {
        Symbol::Permission => VARIABLE,
        Symbol::View => CLASS,
        Symbol::Viewport => NAMESPACE,
        Symbol::Event => EVENT,
        Symbol::Call => METHOD,
        Symbol::Expansion => ENUM_MEMBER,
        Symbol::Endpoint | Symbol::Job => FUNCTION,
    }
}
