//! `textDocument/documentSymbol`: the outline, as a tree: the app (with its statements),
//! permissions, the `urls` block (with its entries), views, and the backend with its
//! endpoints, handlers and jobs.

use super::snapshots;
use crate::ast::{AppStmtKind, Item, Span};
use crate::lsp::convert::Mapper;
use crate::lsp::state::State;
use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

pub fn handle(state: &mut State, params: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let unit = state.unit;
    let (snap, _) = snapshots(state, &params.text_document.uri)?;
    let m = snap.mapper(unit);
    let mut out = Vec::new();
    for item in &snap.analysis.file.items {
        match item {
            Item::App(app) => {
                let children = app
                    .stmts
                    .iter()
                    .map(|s| {
                        let (name, detail) = match &s.kind {
                            AppStmtKind::Name(v)
                            | AppStmtKind::Version(v)
                            | AppStmtKind::Icon(v)
                            | AppStmtKind::Redirect(v) => {
                                (s.kind.keyword().to_string(), v.value.clone())
                            }
                            AppStmtKind::Distribution(n)
                            | AppStmtKind::ApiAccess(n)
                            | AppStmtKind::SandboxInstall(n) => {
                                (s.kind.keyword().to_string(), n.text.clone())
                            }
                            AppStmtKind::PostInstall { kind, url } => (
                                "post_install".to_string(),
                                match url {
                                    Some(u) => format!("{} {}", kind.text, u.value),
                                    None => kind.text.clone(),
                                },
                            ),
                            AppStmtKind::Constant { name, .. } => {
                                (name.text.clone(), "constant".to_string())
                            }
                        };
                        symbol(
                            &m,
                            name,
                            Some(detail),
                            SymbolKind::PROPERTY,
                            s.span,
                            s.keyword,
                            None,
                        )
                    })
                    .collect();
                out.push(symbol(
                    &m,
                    format!("app {}", app.id.value),
                    None,
                    SymbolKind::PACKAGE,
                    app.span,
                    app.id.span,
                    Some(children),
                ));
            }
            Item::Permission(p) => out.push(symbol(
                &m,
                p.name.text.clone(),
                Some(p.purpose.value.clone()),
                SymbolKind::KEY,
                p.span,
                p.name.span,
                None,
            )),
            Item::Urls(u) => {
                let entries = u
                    .connect
                    .iter()
                    .map(|s| ("connect", s))
                    .chain(u.image.iter().map(|s| ("image", s)));
                let mut entries: Vec<_> = entries.collect();
                entries.sort_by_key(|(_, s)| s.span.start);
                let children = entries
                    .into_iter()
                    .map(|(kind, s)| {
                        symbol(
                            &m,
                            s.value.clone(),
                            Some(kind.to_string()),
                            SymbolKind::STRING,
                            s.span,
                            s.span,
                            None,
                        )
                    })
                    .collect();
                out.push(symbol(
                    &m,
                    "urls".to_string(),
                    Some(u.purpose.value.clone()),
                    SymbolKind::NAMESPACE,
                    u.span,
                    u.keyword,
                    Some(children),
                ));
            }
            Item::View(v) => out.push(symbol(
                &m,
                v.component.text.clone(),
                Some(format!("on {}", v.viewport.text)),
                SymbolKind::CLASS,
                v.span,
                v.component.span,
                None,
            )),
            Item::Backend(b) => {
                let mut children: Vec<(usize, DocumentSymbol)> = Vec::new();
                for e in &b.endpoints {
                    let detail = crate::lsp::lookup::endpoint_url(b, e);
                    children.push((
                        e.span.start,
                        symbol(
                            &m,
                            e.name.text.clone(),
                            Some(detail),
                            SymbolKind::FUNCTION,
                            e.span,
                            e.name.span,
                            None,
                        ),
                    ));
                }
                for h in &b.handlers {
                    let names: Vec<&str> = h.events.iter().map(|e| e.text.as_str()).collect();
                    let selection = h.events.first().map_or(h.span, |first| {
                        first
                            .span
                            .to(h.events.last().map_or(first.span, |l| l.span))
                    });
                    children.push((
                        h.span.start,
                        symbol(
                            &m,
                            format!("on {}", names.join(", ")),
                            None,
                            SymbolKind::EVENT,
                            h.span,
                            selection,
                            None,
                        ),
                    ));
                }
                for j in &b.jobs {
                    children.push((
                        j.span.start,
                        symbol(
                            &m,
                            j.name.text.clone(),
                            Some("job".to_string()),
                            SymbolKind::METHOD,
                            j.span,
                            j.name.span,
                            None,
                        ),
                    ));
                }
                children.sort_by_key(|(start, _)| *start);
                out.push(symbol(
                    &m,
                    format!("backend {}", b.base_url.value),
                    None,
                    SymbolKind::MODULE,
                    b.span,
                    b.keyword,
                    Some(children.into_iter().map(|(_, s)| s).collect()),
                ));
            }
        }
    }
    Some(DocumentSymbolResponse::Nested(out))
}

/// A symbol whose selection range lies within its range, as LSP requires (recovered
/// declarations can have a name outside their span; the range then grows to hold it).
fn symbol(
    m: &Mapper<'_>,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    let name = if name.trim().is_empty() {
        "(unnamed)".to_string()
    } else {
        name
    };
    #[allow(deprecated)]
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: m.range(span.to(selection)),
        selection_range: m.range(selection),
        children,
    }
}
