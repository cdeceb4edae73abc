//! The code against the file: what the scanner found each view and backend handler really
//! doing (`crate::scan`), compared with what the `.stripeapp` file declares for it.
//!
//! - used but not declared: an error located in the TypeScript, with the declaration as a
//!   related location and a fix that declares it;
//! - declared but never used by that code: a warning on the declaration, with a fix that
//!   removes it (not given while something in that code could not be resolved);
//! - a Stripe client the code builds itself: a warning;
//! - what could not be resolved: one warning each, saying what was not checked.

use super::permissions::grant;
use crate::ast::{BackendDecl, CallExtras, File, Name, Span, Str, ViewDecl};
use crate::diagnostics::problem::code::CodeProblem;
use crate::diagnostics::{Diagnostic, Edit, Fix, FixKind, OtherFile};
use crate::model::{ConstValue, Model};
use crate::scan::{
    AppShape, ClientOrigin, FetchUrl, Found, Location, Owner, Scan, SourceFiles, Unchecked,
};
use crate::syntax::place;
// The one printer and the placement layer: fixes insert what `fmt` would write.
use crate::syntax::print::{self, Stmt};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The scan of a project's code, ready to be compared with its `.stripeapp` file.
#[derive(Debug, Clone)]
pub struct Code {
    pub scan: Scan,
    /// Prefix of the TypeScript paths as shown (the `.stripeapp` file's folder as the user
    /// named it, with a trailing `/`, or empty).
    pub shown_dir: String,
    /// Views and handlers whose code is still the starter `compile` wrote: their unused
    /// declarations are not reported (see `check::starters`).
    pub untouched: Vec<Owner>,
}

impl Code {
    /// Scans the project of a checked file: its views and backend as the file declares
    /// them, their code read from `files`.
    pub fn scan(file: &File, model: &Model, files: &dyn SourceFiles, shown_dir: String) -> Code {
        Code {
            scan: crate::scan::scan(&shape(file, model), files),
            shown_dir,
            untouched: Vec::new(),
        }
    }

    /// Notes which views and handlers are still the starters `compile` writes for `model`,
    /// compiled from the file named `source` (its file name, as the starters quote it).
    pub fn note_starters(&mut self, model: &Model, source: &str) {
        self.untouched = super::starters::untouched(&self.scan, model, source);
    }
}

/// What the scanner needs to know of a checked file.
pub fn shape(file: &File, model: &Model) -> AppShape {
    let views = file.views().map(|v| v.component.text.clone()).collect();
    let endpoints = model
        .backend
        .iter()
        .flat_map(|b| &b.endpoints)
        .map(|e| (e.name.clone(), e.url.clone()))
        .collect();
    let constants = model
        .app
        .iter()
        .flat_map(|a| &a.constants)
        .map(|(k, v)| {
            let v = match v {
                ConstValue::String(s) | ConstValue::Number(s) => s.clone(),
                ConstValue::Bool(b) => b.to_string(),
            };
            (k.clone(), v)
        })
        .collect();
    AppShape {
        views,
        endpoints,
        constants,
    }
}

/// What a view or handler declares, where.
struct Declared<'f> {
    /// The name in its header (labels point here).
    name: Span,
    calls: &'f [Name],
    fetch: &'f [Str],
    uses: &'f [Name],
    /// Its `expand` and `platform calls` statements.
    extras: &'f CallExtras,
    /// The whole declaration (a new statement goes into its block).
    span: Span,
    /// Whether `fetch` and `uses` apply (views).
    is_view: bool,
}

fn declared<'f>(file: &'f File, owner: &Owner) -> Option<Declared<'f>> {
    let handler = |b: &'f BackendDecl| -> Option<Declared<'f>> {
        match owner {
            Owner::Endpoint(n) => b.endpoint(n).map(|e| Declared {
                name: e.name.span,
                calls: &e.calls,
                fetch: &[],
                uses: &[],
                extras: &e.extras,
                span: e.span,
                is_view: false,
            }),
            Owner::Event(t) => b.handler(t).and_then(|h| {
                let ev = h.events.iter().find(|e| &e.text == t)?;
                Some(Declared {
                    name: ev.span,
                    calls: &h.calls,
                    fetch: &[],
                    uses: &[],
                    extras: &h.extras,
                    span: h.span,
                    is_view: false,
                })
            }),
            Owner::Job(n) => b.job(n).map(|j| Declared {
                name: j.name.span,
                calls: &j.calls,
                fetch: &[],
                uses: &[],
                extras: &j.extras,
                span: j.span,
                is_view: false,
            }),
            _ => None,
        }
    };
    match owner {
        Owner::View(c) => file.view(c).map(|v: &ViewDecl| Declared {
            name: v.component.span,
            calls: &v.calls,
            fetch: &v.fetch,
            uses: &v.uses,
            extras: &v.extras,
            span: v.span,
            is_view: true,
        }),
        Owner::Backend => None,
        _ => file.backend().and_then(handler),
    }
}

/// Something the code uses, by what declares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Need {
    /// A `calls` entry: an API method or `sdk.` function.
    Call(String),
    /// A `fetch` entry (the URL to declare), with the URL as found.
    Fetch(String, FetchUrl),
    /// A `uses` entry.
    Endpoint(String),
    /// A `platform calls` entry: a method called through the handler's platform client.
    PlatformCall(String),
    /// An `expand` path of a method.
    Expand(String, String),
}

struct Ctx<'a> {
    model: &'a Model,
    src: &'a str,
    code: &'a Code,
    others: BTreeMap<usize, Arc<OtherFile>>,
    out: Vec<Diagnostic>,
}

/// Compares the code with the file.
pub fn check(file: &File, model: &Model, src: &str, code: &Code) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        model,
        src,
        code,
        others: BTreeMap::new(),
        out: Vec::new(),
    };
    let scan = &code.scan;
    let incomplete = !scan.problems.is_empty();
    for owner in &scan.owners {
        if let Some(decl) = declared(file, owner) {
            ctx.owner(owner, &decl, incomplete);
        }
    }
    ctx.once_per_place();
    for p in &scan.problems {
        let d = match p.file {
            Some(file) => {
                let path = scan.files.get(file).map_or("", |f| f.path.as_str());
                let d = CodeProblem::FileDoesNotParse {
                    span: p.span,
                    path: path.to_string(),
                    message: p.message.clone(),
                };
                ctx.locate(d.into(), file)
            }
            None => CodeProblem::ScanIncomplete {
                span: Span::point(0),
                why: p.message.clone(),
            }
            .into(),
        };
        ctx.out.push(d);
    }
    ctx.out
}

impl<'a> Ctx<'a> {
    fn other(&mut self, file: usize) -> Option<Arc<OtherFile>> {
        if let Some(f) = self.others.get(&file) {
            return Some(f.clone());
        }
        let scanned = self.code.scan.files.get(file)?;
        let f = Arc::new(OtherFile::new(
            format!("{}{}", self.code.shown_dir, scanned.path),
            scanned.text.clone(),
        ));
        self.others.insert(file, f.clone());
        Some(f)
    }

    fn locate(&mut self, d: Diagnostic, file: usize) -> Diagnostic {
        match self.other(file) {
            Some(f) => d.in_file(f),
            None => d,
        }
    }

    fn owner(&mut self, owner: &Owner, decl: &Declared<'a>, incomplete: bool) {
        let scan = &self.code.scan;
        let who = owner.describe();
        let mut needs: BTreeMap<Need, Location> = BTreeMap::new();
        let mut unchecked_calls = incomplete;
        let mut unchecked_urls = incomplete;
        let mut unchecked_expand = incomplete;
        for f in scan.of(owner) {
            let need = match &f.found {
                Found::Call {
                    method,
                    via: ClientOrigin::Platform,
                } => Need::PlatformCall(method.clone()),
                Found::Call { method, .. } => Need::Call(method.clone()),
                Found::Expand { method, path } => Need::Expand(method.clone(), path.clone()),
                Found::Unresolved(Unchecked::Expand, _) => {
                    unchecked_expand = true;
                    continue;
                }
                Found::Sdk(s) if decl.is_view => Need::Call(s.0.name.to_string()),
                Found::Fetch(url) if decl.is_view => Need::Fetch(url.declaration(), url.clone()),
                Found::Endpoint(e) if decl.is_view => Need::Endpoint(e.clone()),
                Found::Unresolved(Unchecked::Call, _) => {
                    unchecked_calls = true;
                    continue;
                }
                Found::Unresolved(Unchecked::Fetch, _) => {
                    unchecked_urls = true;
                    continue;
                }
                Found::Unresolved(Unchecked::Code, _) => {
                    unchecked_calls = true;
                    unchecked_urls = true;
                    unchecked_expand = true;
                    continue;
                }
                _ => continue,
            };
            needs.entry(need).or_insert(f.at);
        }
        let endpoint_url = |name: &str| {
            self.model
                .backend
                .as_ref()
                .and_then(|b| b.endpoints.iter().find(|e| e.name == name))
                .map(|e| e.url.clone())
        };
        // Used but not declared.
        for (need, at) in &needs {
            let d = match need {
                Need::Call(method) => {
                    if decl.calls.iter().any(|c| &c.text == method) {
                        continue;
                    }
                    let ungranted = permission_of(method)
                        .filter(|p| {
                            !grant(self.model.permissions.iter().map(|p| p.name.as_str()))
                                .contains(*p)
                        })
                        .map(str::to_string);
                    Diagnostic::from(CodeProblem::UndeclaredCall {
                        span: at.span,
                        owner: owner.clone(),
                        declared: decl.name,
                        method: method.clone(),
                        ungranted,
                    })
                    .with_fix(add_to_list(
                        self.src,
                        decl,
                        Stmt::new("calls").name(method.as_str()),
                        decl.calls.last().map(|n| n.span),
                        None,
                        &who,
                    ))
                }
                Need::PlatformCall(method) => {
                    let platform = decl.extras.platform.iter().flat_map(|p| &p.calls);
                    if platform.clone().any(|c| &c.text == method) {
                        continue;
                    }
                    Diagnostic::from(CodeProblem::UndeclaredPlatformCall {
                        span: at.span,
                        owner: owner.clone(),
                        declared: decl.name,
                        method: method.clone(),
                    })
                    .with_fix(add_to_list(
                        self.src,
                        decl,
                        Stmt::new("platform").word("calls").name(method.as_str()),
                        platform.last().map(|n| n.span),
                        Some(method),
                        &who,
                    ))
                }
                Need::Expand(method, path) => {
                    let same: Vec<_> = decl
                        .extras
                        .expand
                        .iter()
                        .filter(|e| &e.method.text == method)
                        .collect();
                    if same.iter().any(|e| e.paths.iter().any(|p| &p.text == path)) {
                        continue;
                    }
                    Diagnostic::from(CodeProblem::UndeclaredExpansion {
                        span: at.span,
                        owner: owner.clone(),
                        declared: decl.name,
                        method: method.clone(),
                        path: path.clone(),
                    })
                    .with_fix(add_to_list(
                        self.src,
                        decl,
                        Stmt::new("expand")
                            .name(method.as_str())
                            .name(path.as_str()),
                        same.last().and_then(|e| e.paths.last()).map(|p| p.span),
                        Some(path),
                        &who,
                    ))
                }
                Need::Fetch(declare, url) => {
                    let by_fetch = decl.fetch.iter().any(|s| url.covered_by(&s.value));
                    let by_endpoint = decl
                        .uses
                        .iter()
                        .filter_map(|u| endpoint_url(&u.text))
                        .any(|e| url.covered_by(&e));
                    if by_fetch || by_endpoint {
                        continue;
                    }
                    let shown = if url.complete {
                        url.text.clone()
                    } else {
                        format!("{}…", url.text)
                    };
                    let literal = print::quote(declare);
                    Diagnostic::from(CodeProblem::UndeclaredFetch {
                        span: at.span,
                        owner: owner.clone(),
                        declared: decl.name,
                        shown,
                        literal: literal.clone(),
                    })
                    .with_fix(add_to_list(
                        self.src,
                        decl,
                        Stmt::new("fetch").string(declare.as_str()),
                        decl.fetch.last().map(|s| s.span),
                        None,
                        &who,
                    ))
                }
                Need::Endpoint(name) => {
                    if decl.uses.iter().any(|u| &u.text == name) {
                        continue;
                    }
                    Diagnostic::from(CodeProblem::UndeclaredEndpointUse {
                        span: at.span,
                        owner: owner.clone(),
                        declared: decl.name,
                        endpoint: name.clone(),
                    })
                    .with_fix(add_to_list(
                        self.src,
                        decl,
                        Stmt::new("uses").name(name.as_str()),
                        decl.uses.last().map(|n| n.span),
                        None,
                        &who,
                    ))
                }
            };
            let d = self.locate(d, at.file);
            self.out.push(d);
        }
        // Declared but never used by this code (unless it is still the starter, which
        // leaves most calls for the user to write).
        if self.code.untouched.contains(owner) {
            return;
        }
        if !unchecked_calls {
            for c in decl.calls {
                if needs.contains_key(&Need::Call(c.text.clone())) {
                    continue;
                }
                let mut d = Diagnostic::from(CodeProblem::UnusedCall {
                    span: c.span,
                    owner: owner.clone(),
                    method: c.text.clone(),
                });
                if let Some(edit) = remove_from_list(self.src, decl.calls, c.span) {
                    d = d.fix(
                        FixKind::RemoveUnused {
                            owner: who.clone(),
                            item: c.text.clone(),
                        },
                        vec![edit],
                    );
                }
                self.out.push(d);
            }
        }
        if !unchecked_calls {
            self.unused_platform(owner, decl, &needs);
        }
        if !unchecked_calls && !unchecked_expand {
            self.unused_expansions(owner, decl, &needs);
        }
        if decl.is_view && !unchecked_urls {
            for s in decl.fetch {
                let used = needs
                    .keys()
                    .any(|n| matches!(n, Need::Fetch(_, url) if url.covered_by(&s.value)));
                if used {
                    continue;
                }
                let mut d = Diagnostic::from(CodeProblem::UnusedFetch {
                    span: s.span,
                    owner: owner.clone(),
                    url: s.value.clone(),
                });
                if let Some(edit) = remove_from_list_str(self.src, decl.fetch, s.span) {
                    d = d.fix(
                        FixKind::RemoveUnused {
                            owner: who.clone(),
                            item: format!("fetch \"{}\"", s.value),
                        },
                        vec![edit],
                    );
                }
                self.out.push(d);
            }
        }
        if decl.is_view && !unchecked_calls && !unchecked_urls {
            for u in decl.uses {
                let url = endpoint_url(&u.text);
                let used = needs.keys().any(|n| match n {
                    Need::Endpoint(e) => e == &u.text,
                    Need::Fetch(_, found) => url.as_deref().is_some_and(|e| found.covered_by(e)),
                    _ => false,
                });
                if used {
                    continue;
                }
                let mut d = Diagnostic::from(CodeProblem::UnusedEndpointUse {
                    span: u.span,
                    owner: owner.clone(),
                    endpoint: u.text.clone(),
                });
                if let Some(edit) = remove_from_list(self.src, decl.uses, u.span) {
                    d = d.fix(
                        FixKind::RemoveUnused {
                            owner: who.clone(),
                            item: u.text.clone(),
                        },
                        vec![edit],
                    );
                }
                self.out.push(d);
            }
        }
    }

    /// `platform calls` entries the code never calls through the platform client.
    fn unused_platform(
        &mut self,
        owner: &Owner,
        decl: &Declared<'a>,
        needs: &BTreeMap<Need, Location>,
    ) {
        let who = owner.describe();
        for p in &decl.extras.platform {
            for c in &p.calls {
                if needs.contains_key(&Need::PlatformCall(c.text.clone())) {
                    continue;
                }
                let mut d = Diagnostic::from(CodeProblem::UnusedPlatformCall {
                    span: c.span,
                    owner: owner.clone(),
                    method: c.text.clone(),
                });
                if let Some(edit) = remove_from_list(self.src, &p.calls, c.span) {
                    d = d.fix(
                        FixKind::RemoveUnused {
                            owner: who.clone(),
                            item: format!("platform calls {}", c.text),
                        },
                        vec![edit],
                    );
                }
                self.out.push(d);
            }
        }
    }

    /// `expand` paths no call of the code asks for.
    fn unused_expansions(
        &mut self,
        owner: &Owner,
        decl: &Declared<'a>,
        needs: &BTreeMap<Need, Location>,
    ) {
        let who = owner.describe();
        for e in &decl.extras.expand {
            for p in &e.paths {
                if needs.contains_key(&Need::Expand(e.method.text.clone(), p.text.clone())) {
                    continue;
                }
                let mut d = Diagnostic::from(CodeProblem::UnusedExpansion {
                    span: p.span,
                    owner: owner.clone(),
                    method: e.method.text.clone(),
                    path: p.text.clone(),
                });
                if let Some(edit) = remove_from_list(self.src, &e.paths, p.span) {
                    d = d.fix(
                        FixKind::RemoveUnused {
                            owner: who.clone(),
                            item: format!("expand {} {}", e.method.text, p.text),
                        },
                        vec![edit],
                    );
                }
                self.out.push(d);
            }
        }
    }

    /// Built clients and unresolved code: one warning per place, whoever runs it.
    fn once_per_place(&mut self) {
        let mut seen = std::collections::BTreeSet::new();
        let findings: Vec<_> = self
            .code
            .scan
            .findings
            .iter()
            .filter(|f| match f.found {
                // Backend requests are not subject to the Dashboard's policy: a URL the
                // backend builds at run time leaves nothing unchecked.
                Found::Unresolved(Unchecked::Fetch, _) => matches!(f.owner, Owner::View(_)),
                Found::ClientBuilt | Found::Unresolved(..) => true,
                _ => false,
            })
            .cloned()
            .collect();
        for f in findings {
            let why = match &f.found {
                Found::Unresolved(_, why) => why.clone(),
                _ => String::new(),
            };
            if !seen.insert((f.at, why.clone())) {
                continue;
            }
            let d = match &f.found {
                Found::ClientBuilt => CodeProblem::ClientOutsideHelpers { span: f.at.span },
                _ => CodeProblem::Unresolved {
                    span: f.at.span,
                    why,
                },
            };
            let d = self.locate(d.into(), f.at.file);
            self.out.push(d);
        }
    }
}

fn permission_of(method: &str) -> Option<&'static str> {
    if let Some(sdk) = crate::catalogue::sdk_function(method) {
        return Some(sdk.permission);
    }
    crate::catalogue::method(method)
        .map(|m| m.permission)
        .filter(|p| !p.is_empty())
}

/// Adds the one-item statement `stmt` (`calls m`, `fetch "u"`, `uses e`) to a declaration:
/// its item after the last of the list when there is one, else the statement into the
/// declaration's block (creating the block when there is none). The text is the printer's;
/// where it goes, the placement layer's.
/// `appended` is what follows the last item's comma when it is not the statement's tail
/// (`expand m a` + `b`, `platform calls a` + `b`).
fn add_to_list(
    src: &str,
    decl: &Declared<'_>,
    stmt: Stmt,
    last: Option<Span>,
    appended: Option<&str>,
    owner: &str,
) -> Fix {
    let (edit, creates_block) = list_edit(src, decl, &stmt, last, appended);
    Fix {
        // Two fixes that each create the block would create two: such a fix is exclusive
        // (one per round).
        kind: FixKind::DeclareUse {
            owner: owner.to_string(),
            keyword: stmt.keyword(),
            item: stmt.tail(),
            creates_block,
        },
        edits: vec![edit],
        machine_applicable: true,
    }
}

/// The edit adding `stmt` (or `appended`) where `place` puts it, and whether it creates the
/// declaration's block.
fn list_edit(
    src: &str,
    decl: &Declared<'_>,
    stmt: &Stmt,
    last: Option<Span>,
    appended: Option<&str>,
) -> (Edit, bool) {
    if let Some(last) = last {
        let item = appended.map_or_else(|| stmt.tail(), str::to_string);
        return (place::append_item(last, &item).0, false);
    }
    let head = stmt.head();
    let text = src.get(decl.span.start..decl.span.end).unwrap_or("");
    let trimmed = text.trim_end();
    if trimmed.ends_with('}') {
        let close = decl.span.start + trimmed.len() - 1;
        let (edit, _) = place::into_block(src, decl.span, close, &head, place::Empty::Lines);
        return (edit, false);
    }
    (place::open_block(src, decl.span, &head).0, true)
}

/// Removes one item of a list: with its comma when the list goes on, the whole statement
/// line when it is the only item. `None` when the layout is unusual (a comment in between).
fn remove_span(src: &str, spans: &[Span], target: Span) -> Option<Edit> {
    if let Some(edit) = place::remove_list_item(src, spans, target) {
        return Some(edit);
    }
    // The only item of its statement (the list may go on in another statement): the
    // statement's line goes.
    let line_start = place::line_start(src, target.start);
    let line_end = place::next_line_start(src, target.end).unwrap_or(src.len());
    let before = src[line_start..target.start].trim();
    let after = src[target.end..line_end].trim();
    // `calls`, …, `platform calls`, or `expand <method>` (its paths are the list).
    let keyword_only = ["calls", "fetch", "uses", "platform calls"].contains(&before)
        || before
            .strip_prefix("expand ")
            .is_some_and(|m| !m.trim().is_empty() && !m.trim().contains(' '));
    (keyword_only && (after.is_empty() || after.starts_with("//"))).then(|| Edit {
        span: Span::new(line_start, line_end),
        new_text: String::new(),
    })
}

fn remove_from_list(src: &str, list: &[Name], target: Span) -> Option<Edit> {
    let spans: Vec<Span> = list.iter().map(|n| n.span).collect();
    remove_span(src, &spans, target)
}

fn remove_from_list_str(src: &str, list: &[Str], target: Span) -> Option<Edit> {
    let spans: Vec<Span> = list.iter().map(|n| n.span).collect();
    remove_span(src, &spans, target)
}
