//! `textDocument/inlayHint`: after each `calls` item, the permission it needs (and the
//! others it needs with it), as the semantic index records them. A call the catalogue does
//! not know gets no hint: the checker says so already, and a guess would mislead.

use crate::catalogue::Needs;
use crate::index::{Requirement, UseKind};
use crate::lsp::state::{Snapshot, State};
use crate::text::ColumnUnit;
use lsp_types::{InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip};

pub fn handle(state: &mut State, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    let unit = state.unit;
    let doc = state.docs.get_mut(params.text_document.uri.as_str())?;
    let snap = doc.snapshot();
    let mapper = snap.mapper(unit);
    let from = mapper.offset(params.range.start);
    let to = mapper.offset(params.range.end);
    Some(hints(&snap, unit, from, to))
}

/// The hints for the calls whose name ends inside `from..=to` (byte offsets).
pub fn hints(snap: &Snapshot, unit: ColumnUnit, from: usize, to: usize) -> Vec<InlayHint> {
    let mapper = snap.mapper(unit);
    // The index lists uses by kind; hints go in source order.
    let mut uses: Vec<_> = snap.analysis.index.uses.iter().collect();
    uses.sort_by_key(|u| u.span.start);
    let mut out = Vec::new();
    for u in uses {
        if !matches!(u.kind, UseKind::Call | UseKind::Sdk) || u.span.end < from || u.span.end > to {
            continue;
        }
        let Requirement::Permissions(needs @ Needs::Known { .. }) = u.requires else {
            continue;
        };
        let names: Vec<&str> = needs.all().collect();
        let call = snap.text.get(u.span.start..u.span.end).unwrap_or("");
        out.push(InlayHint {
            position: mapper.position(u.span.end),
            label: InlayHintLabel::String(names.join(" + ")),
            kind: None,
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(format!(
                "`{call}` needs the permission{} {}",
                if names.len() > 1 { "s" } else { "" },
                names.join(", ")
            ))),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    out
}
