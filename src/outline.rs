//! The outline of a file: each declaration (and what it holds) as a named entry with a kind,
//! a detail line and where it is. The language server shows it as document symbols; it lives
//! beside the AST so that a new declaration describes itself here and nothing in `lsp/`
//! changes.

use crate::ast::{AppStmtKind, File, Item, Span};

/// What kind of thing an outline entry is (the language server maps each to a symbol kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineKind {
    Package,
    Property,
    Key,
    Namespace,
    String,
    Class,
    Module,
    Function,
    Event,
    Method,
}

/// One entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub name: String,
    pub detail: Option<String>,
    pub kind: OutlineKind,
    /// The whole declaration.
    pub span: Span,
    /// Its name (or keyword), what an editor selects.
    pub selection: Span,
    pub children: Option<Vec<Outline>>,
}

fn entry(
    name: String,
    detail: Option<String>,
    kind: OutlineKind,
    span: Span,
    selection: Span,
    children: Option<Vec<Outline>>,
) -> Outline {
    Outline {
        name,
        detail,
        kind,
        span,
        selection,
        children,
    }
}

/// The outline of a file, in source order of its declarations.
pub fn outline(file: &File) -> Vec<Outline> {
    let mut out = Vec::new();
    for item in &file.items {
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
                        entry(
                            name,
                            Some(detail),
                            OutlineKind::Property,
                            s.span,
                            s.keyword,
                            None,
                        )
                    })
                    .collect();
                out.push(entry(
                    format!("app {}", app.id.value),
                    None,
                    OutlineKind::Package,
                    app.span,
                    app.id.span,
                    Some(children),
                ));
            }
            Item::Permission(p) => out.push(entry(
                p.name.text.clone(),
                Some(p.purpose.value.clone()),
                OutlineKind::Key,
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
                        entry(
                            s.value.clone(),
                            Some(kind.to_string()),
                            OutlineKind::String,
                            s.span,
                            s.span,
                            None,
                        )
                    })
                    .collect();
                out.push(entry(
                    "urls".to_string(),
                    Some(u.purpose.value.clone()),
                    OutlineKind::Namespace,
                    u.span,
                    u.keyword,
                    Some(children),
                ));
            }
            Item::View(v) => out.push(entry(
                v.component.text.clone(),
                Some(format!("on {}", v.viewport.text)),
                OutlineKind::Class,
                v.span,
                v.component.span,
                None,
            )),
            Item::Backend(b) => {
                let mut children: Vec<(usize, Outline)> = Vec::new();
                for e in &b.endpoints {
                    let detail = e.url(b);
                    children.push((
                        e.span.start,
                        entry(
                            e.name.text.clone(),
                            Some(detail),
                            OutlineKind::Function,
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
                        entry(
                            format!("on {}", names.join(", ")),
                            None,
                            OutlineKind::Event,
                            h.span,
                            selection,
                            None,
                        ),
                    ));
                }
                for p in &b.publics {
                    children.push((
                        p.span.start,
                        entry(
                            p.name.text.clone(),
                            Some(format!(
                                "public {} {}",
                                p.method_text(),
                                crate::model::route_url(&b.base_url.value, &p.path.value)
                            )),
                            OutlineKind::Function,
                            p.span,
                            p.name.span,
                            None,
                        ),
                    ));
                }
                if let Some(cb) = &b.oauth_callback {
                    children.push((
                        cb.span.start,
                        entry(
                            "oauth_callback".to_string(),
                            Some(cb.url(b)),
                            OutlineKind::Function,
                            cb.span,
                            cb.keyword,
                            None,
                        ),
                    ));
                }
                for j in &b.jobs {
                    children.push((
                        j.span.start,
                        entry(
                            j.name.text.clone(),
                            Some("job".to_string()),
                            OutlineKind::Method,
                            j.span,
                            j.name.span,
                            None,
                        ),
                    ));
                }
                children.sort_by_key(|(start, _)| *start);
                out.push(entry(
                    format!("backend {}", b.base_url.value),
                    None,
                    OutlineKind::Module,
                    b.span,
                    b.keyword,
                    Some(children.into_iter().map(|(_, s)| s).collect()),
                ));
            }
            Item::Profile(p) => {
                let children = p
                    .stmts
                    .iter()
                    .map(|s| {
                        entry(
                            s.kind.keyword().to_string(),
                            None,
                            OutlineKind::Property,
                            s.span,
                            s.keyword,
                            None,
                        )
                    })
                    .collect();
                out.push(entry(
                    format!("profile {}", p.name.text),
                    Some(format!("stripe-app.{}.json", p.name.text)),
                    OutlineKind::Namespace,
                    p.span,
                    p.name.span,
                    Some(children),
                ));
            }
        }
    }
    out
}
