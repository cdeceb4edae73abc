//! `textDocument/hover`: what the word under the cursor is (a permission, viewport, event,
//! API method, endpoint, declaration or keyword), plus the explanation of any diagnostic
//! there. Names are looked up in the current analysis, then in the last good one.

use super::snapshots;
use crate::ast::File;
use crate::lsp::context::{self, Role};
use crate::lsp::{docs, markup, state::State};
use lsp_types::{Hover, HoverContents, HoverParams};

pub fn handle(state: &mut State, params: HoverParams) -> Option<Hover> {
    let unit = state.unit;
    let at = params.text_document_position_params;
    let (snap, good) = snapshots(state, &at.text_document.uri)?;
    let mapper = snap.mapper(unit);
    let offset = mapper.offset(at.position);
    let text = snap.text.as_str();
    let mut files: Vec<&File> = vec![&snap.analysis.file];
    if let Some(g) = &good {
        files.push(&g.analysis.file);
    }

    let mut parts: Vec<String> = Vec::new();
    let mut range = None;
    if let Some(word) = context::word_at(text, offset) {
        let name = text.get(word.start..word.end).unwrap_or("");
        let ctx = context::at(text, word.start);
        let described = match ctx.role() {
            Role::Keyword => docs::keyword_hover(name, &files),
            Role::PermissionName => Some(docs::permission(name, &files)),
            Role::ViewComponent => docs::view(name, &files),
            Role::Viewport => Some(docs::viewport(name)),
            Role::Event => Some(docs::event(name, &files)),
            Role::Call => Some(docs::call(name, &files)),
            Role::Use | Role::EndpointName => docs::endpoint(name, &files),
            Role::JobName => docs::job(name, &files),
            Role::Value(keyword) => docs::values(keyword)
                .iter()
                .find(|(v, _)| *v == name)
                .map(|(v, summary)| format!("**`{keyword} {v}`**\n\n{summary}")),
            Role::ViewOn | Role::Other => None,
        };
        if let Some(d) = described {
            parts.push(d);
            range = Some(mapper.range(word));
        }
    }
    // The diagnostics under the cursor, each code explained once.
    let mut seen: Vec<&str> = Vec::new();
    for d in &snap.analysis.diagnostics {
        if d.span.contains(offset) && !seen.contains(&d.code) {
            seen.push(d.code);
            if let Some(explained) = docs::code(d.code) {
                parts.push(explained);
                range = range.or(Some(mapper.range(d.span)));
            }
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
