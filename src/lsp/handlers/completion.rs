//! `textDocument/completion`, from the text alone so that it works on lines that do not parse
//! (`calls customers.`): keywords where a statement starts (per block), permissions after
//! `permission`, viewports after `view <Component> on`, events after a backend `on`, API
//! methods (and `sdk.` functions in views) in `calls`, endpoints in `uses`, and the values of
//! `distribution`, `api_access`, `sandbox_install` and `post_install`.
//!
//! Every item replaces the whole name or dotted path typed so far (a `textEdit` over it), so
//! clients whose words stop at `.` still filter and insert correctly. After a `.`, only names
//! under that prefix are offered (`customers.` → `customers.create`, `customers.retrieve`, …).

use crate::catalogue::{self, Basis};
use crate::lsp::context::{self, Inside, Role};
use crate::lsp::markup;
use crate::lsp::state::State;
use crate::syntax::language::{self, Block, Symbol};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
    CompletionTextEdit, Documentation, InsertReplaceEdit, MarkupKind, Range, TextEdit,
};

pub fn handle(state: &mut State, params: CompletionParams) -> Option<CompletionResponse> {
    let unit = state.unit;
    let insert_replace = state.insert_replace;
    let doc_format = state.formats.completion.clone();
    let at = params.text_document_position;
    let doc = state.docs.get_mut(at.text_document.uri.as_str())?;
    let snap = doc.snapshot();
    let good = doc.last_good();
    let text = snap.text.as_str();
    let offset = snap.mapper(unit).offset(at.position);
    let typed = context::word_before(text, offset);
    let prefix = text.get(typed.start..typed.end).unwrap_or("").to_string();
    let insert = snap.mapper(unit).range(typed);
    // The rest of the word after the cursor, which a client in replace mode overwrites.
    let whole = context::word_at(text, offset)
        .filter(|w| w.start == typed.start)
        .unwrap_or(typed);
    let replace = (insert_replace && whole.end > typed.end).then(|| snap.mapper(unit).range(whole));
    let ctx = context::at(&snap.analysis.tree, typed.start);
    if ctx.inside != Inside::Code {
        return Some(empty());
    }
    let mut items = Items {
        insert,
        replace,
        prefix: &prefix,
        doc_format,
        out: Vec::new(),
    };
    match ctx.role() {
        Role::Keyword => {
            for kw in ctx.block.into_iter().flat_map(Block::keywords) {
                items.push_documented(kw.word, CompletionItemKind::KEYWORD, Some(kw.doc));
            }
        }
        Role::Declares(Symbol::Permission) => {
            for p in catalogue::PERMISSIONS
                .iter()
                .filter(|p| p.status.is_known() && !p.status.is_refused())
            {
                let unconfirmed = p.status.is_unconfirmed();
                let detail = if unconfirmed {
                    format!("{} (unconfirmed: Stripe may reject it)", p.description)
                } else {
                    p.description.to_string()
                };
                items.push(
                    p.name,
                    CompletionItemKind::ENUM_MEMBER,
                    Some(detail),
                    unconfirmed,
                );
            }
        }
        Role::Word(word) => items.push(word, CompletionItemKind::KEYWORD, None, false),
        Role::Refers(Symbol::Viewport) => {
            for v in catalogue::VIEWPORTS {
                items.push(
                    v.id,
                    CompletionItemKind::ENUM_MEMBER,
                    Some(v.description.to_string()),
                    false,
                );
            }
        }
        Role::Refers(Symbol::Event) => {
            for e in catalogue::EVENTS {
                let detail = if e.any_of.is_empty() {
                    "needs event_read".to_string()
                } else {
                    format!("needs event_read + one of {}", e.any_of.join(", "))
                };
                items.push(e.name, CompletionItemKind::EVENT, Some(detail), false);
            }
        }
        Role::Refers(Symbol::Call) => {
            for m in catalogue::METHODS {
                let detail = if m.permission.is_empty() || m.basis == Basis::Unknown {
                    format!("{} {}", m.http, m.path)
                } else {
                    format!("{} {} — {}", m.http, m.path, m.permission)
                };
                items.push(m.name, CompletionItemKind::METHOD, Some(detail), false);
            }
            if ctx.block == Some(Block::View) {
                for s in catalogue::SDK_FUNCTIONS {
                    let detail = format!("{} — {}", s.description, s.permission);
                    items.push(s.name, CompletionItemKind::FUNCTION, Some(detail), false);
                }
            }
        }
        Role::Refers(Symbol::Expansion) => {
            // The expandable fields of the method's result (`data.` for a list), one level
            // of nesting included.
            let method = ctx.words().get(1).copied().unwrap_or("");
            for (path, field) in catalogue::expansion_paths(method) {
                let needs = field.read_permissions();
                let detail = if needs.is_empty() {
                    format!("expands to {}", field.targets.join(" or "))
                } else {
                    format!(
                        "expands to {} — {}",
                        field.targets.join(" or "),
                        needs.join(" or ")
                    )
                };
                items.push(&path, CompletionItemKind::FIELD, Some(detail), false);
            }
        }
        Role::Refers(Symbol::Endpoint) => {
            // The endpoints of the text as it is, else of the last good analysis.
            let mut names: Vec<(String, String)> = Vec::new();
            for file in
                std::iter::once(&snap.analysis.file).chain(good.iter().map(|g| &g.analysis.file))
            {
                for b in file.backends() {
                    for e in &b.endpoints {
                        if !names.iter().any(|(n, _)| *n == e.name.text) {
                            names.push((e.name.text.clone(), e.url(b)));
                        }
                    }
                }
            }
            for (name, url) in names {
                items.push(&name, CompletionItemKind::FUNCTION, Some(url), false);
            }
        }
        Role::Value(keyword) => {
            let values = language::keyword(keyword)
                .map(|k| k.values_default_first())
                .unwrap_or_default();
            for (value, summary) in values {
                items.push_documented(value, CompletionItemKind::VALUE, Some(summary));
            }
        }
        Role::Declares(_) | Role::Refers(_) | Role::Other => {}
    }
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items: items.out,
    }))
}

fn empty() -> CompletionResponse {
    CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items: Vec::new(),
    })
}

struct Items<'p> {
    /// What was typed of the name, up to the cursor.
    insert: Range,
    /// The whole name around the cursor, when the client can choose between the two.
    replace: Option<Range>,
    prefix: &'p str,
    /// The format the client wants documentation in.
    doc_format: MarkupKind,
    out: Vec<CompletionItem>,
}

impl Items<'_> {
    /// Whether `name` belongs under what was typed: after a `.`, only names in that
    /// namespace; otherwise everything (the client filters fuzzily).
    fn wanted(&self, name: &str) -> bool {
        match self.prefix.rfind('.') {
            Some(dot) => name.starts_with(&self.prefix[..=dot]),
            None => true,
        }
    }

    /// Adds an item whose summary is Markdown: it goes in `documentation`, in the client's
    /// format (`detail` is plain text by definition).
    fn push_documented(&mut self, name: &str, kind: CompletionItemKind, summary: Option<&str>) {
        self.push(name, kind, None, false);
        if let (Some(summary), Some(item)) = (summary, self.out.last_mut())
            && item.label == name
        {
            item.documentation = Some(Documentation::MarkupContent(markup::content(
                summary.to_string(),
                &self.doc_format,
            )));
        }
    }

    /// Adds an item; `later` ones (unconfirmed permissions) sort after the others.
    fn push(&mut self, name: &str, kind: CompletionItemKind, detail: Option<String>, later: bool) {
        if !self.wanted(name) {
            return;
        }
        self.out.push(CompletionItem {
            label: name.to_string(),
            kind: Some(kind),
            detail,
            sort_text: later.then(|| format!("~{name}")),
            filter_text: Some(name.to_string()),
            text_edit: Some(match self.replace {
                Some(replace) => CompletionTextEdit::InsertAndReplace(InsertReplaceEdit {
                    new_text: name.to_string(),
                    insert: self.insert,
                    replace,
                }),
                None => CompletionTextEdit::Edit(TextEdit::new(self.insert, name.to_string())),
            }),
            ..Default::default()
        });
    }
}
