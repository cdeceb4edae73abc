//! `textDocument/hover`: what the word under the cursor is (a permission, viewport, event,
//! API method, endpoint, public route, declaration or keyword; a `redirect` to the OAuth
//! callback shows the callback), plus the explanation of any diagnostic there. Names are
//! looked up in the current analysis, then in the last good one.

use super::snapshots;
use crate::ast::File;
use crate::diagnostics::Code;
use crate::index::SymbolKind;
use crate::lsp::context::{self, Role};
use crate::lsp::{docs, markup, state::State};
use crate::syntax::language::{self, Symbol};
use lsp_types::{Hover, HoverContents, HoverParams};

pub fn handle(state: &mut State, params: HoverParams) -> Option<Hover> {
    let unit = state.unit;
    let at = params.text_document_position_params;
    let (snap, good) = snapshots(state, &at.text_document.uri)?;
    let mapper = snap.mapper(unit);
    let offset = mapper.offset(at.position);
    let text = snap.text.as_str();
    let mut files: Vec<&File> = vec![&snap.analysis.file];
    // What the file grants, as the checker recorded it.
    let index = &snap.analysis.index;
    if let Some(g) = &good {
        files.push(&g.analysis.file);
    }

    let mut parts: Vec<String> = Vec::new();
    let mut range = None;
    if let Some(word) = context::word_at(text, offset) {
        let name = text.get(word.start..word.end).unwrap_or("");
        let ctx = context::at(&snap.analysis.tree, word.start);
        let described = match ctx.role() {
            Role::Keyword => docs::keyword_hover(name, &files, index),
            Role::Declares(Symbol::Permission) | Role::Refers(Symbol::Permission) => {
                Some(docs::permission(name, &files))
            }
            Role::Declares(Symbol::View) | Role::Refers(Symbol::View) => docs::view(name, &files),
            Role::Declares(Symbol::Viewport) | Role::Refers(Symbol::Viewport) => {
                Some(docs::viewport(name))
            }
            Role::Declares(Symbol::Event) | Role::Refers(Symbol::Event) => {
                Some(docs::event(name, &files, index))
            }
            Role::Declares(Symbol::Call) | Role::Refers(Symbol::Call) => {
                Some(docs::call(name, index))
            }
            // A public route's name, declared there; a `uses` may name a public route
            // (E0802): it is still the route meant.
            Role::Declares(Symbol::Endpoint) | Role::Refers(Symbol::Endpoint) => {
                let declared = index.definition_at(word.start).map(|d| d.kind);
                if declared == Some(SymbolKind::Public) {
                    docs::public_route(name, &files)
                } else {
                    docs::endpoint(name, &files).or_else(|| docs::public_route(name, &files))
                }
            }
            Role::Declares(Symbol::Job) | Role::Refers(Symbol::Job) => docs::job(name, &files),
            Role::Declares(Symbol::Expansion) | Role::Refers(Symbol::Expansion) => ctx
                .words()
                .get(1)
                .and_then(|method| docs::expansion(method, name, index)),
            Role::Value(keyword) => language::keyword(keyword)
                .and_then(|k| k.values.iter().find(|(v, _)| *v == name))
                .map(|(v, summary)| format!("**`{keyword} {v}`**\n\n{summary}")),
            // A `redirect` the OAuth callback is served at: the callback at that URL (on the
            // app's backend, or under the profile's that serves it there).
            Role::Word(_) | Role::Other => index
                .redirect_at(word.start)
                .and_then(|(_, served)| docs::redirect_to_callback(served, &files)),
        };
        if let Some(d) = described {
            parts.push(d);
            range = Some(mapper.range(word));
        }
    }
    // The diagnostics under the cursor, each code explained once.
    let mut seen: Vec<Code> = Vec::new();
    for d in &snap.analysis.diagnostics {
        if d.span.contains(offset) && !seen.contains(&d.code) {
            seen.push(d.code);
            parts.push(docs::code(d.code));
            range = range.or(Some(mapper.range(d.span)));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(markup::content(
            parts.join("\n\n---\n\n"),
            &state.formats.hover,
        )),
        range,
    })
}
