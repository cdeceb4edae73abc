//! The server's state: the open documents, each with its text, its latest analysis (computed
//! lazily, so a burst of edits is analysed once) and the last analysis whose parse succeeded.

use super::code::{CodeDocument, OpenFiles, Overlay};
use super::convert::Mapper;
use crate::Analysis;
use crate::check::code::Code;
use crate::scan::AppShape;
use crate::text::{ColumnUnit, LineIndex};
use lsp_types::TextDocumentContentChangeEvent;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A text and what the compiler made of it. Spans in `analysis` point into `text`.
#[derive(Debug)]
pub struct Snapshot {
    pub text: String,
    pub index: LineIndex,
    pub analysis: Analysis,
}

impl Snapshot {
    pub fn new(text: String) -> Snapshot {
        let index = LineIndex::new(&text);
        Snapshot::indexed(text, index)
    }

    /// A snapshot of a text whose line index is already known (the document keeps one for
    /// every edit: computing it again is a tenth of a 5,000-line file's analysis).
    fn indexed(text: String, index: LineIndex) -> Snapshot {
        let analysis = crate::analyse(&text);
        Snapshot {
            text,
            index,
            analysis,
        }
    }

    /// The analysis of a `.stripeapp` file on disk, with its project's code compared (see
    /// `check::code`); `cache` keeps the last scan, redone when the views, endpoints or
    /// constants the scan depends on change.
    fn with_code(
        text: String,
        index: LineIndex,
        file: &Path,
        overlay: &Overlay,
        cache: &mut Option<(AppShape, Arc<Code>)>,
    ) -> Snapshot {
        let project = file.parent().unwrap_or(Path::new("/"));
        let mut snap = Snapshot::indexed(text, index);
        let shape = crate::check::code::shape(&snap.analysis.file, &snap.analysis.model);
        let fresh = cache.as_ref().is_some_and(|(k, _)| *k == shape);
        if !fresh {
            let shown_dir = format!("{}/", project.display());
            let mut code = Code {
                scan: crate::scan::scan(
                    &shape,
                    &OpenFiles {
                        disk: crate::cli::code::ProjectDir {
                            root: project.to_path_buf(),
                        },
                        open: overlay,
                    },
                ),
                shown_dir,
                untouched: Vec::new(),
            };
            if let Some(name) = file.file_name() {
                code.note_starters(&snap.analysis.model, &name.to_string_lossy());
            }
            *cache = Some((shape, Arc::new(code)));
        }
        if let Some((_, code)) = cache.as_ref()
            && code.scan.has_code()
        {
            crate::add_code(&mut snap.analysis, &snap.text, code);
        }
        snap
    }

    /// Whether the parse had no syntax error: such a snapshot becomes the last good one.
    pub fn parsed_cleanly(&self) -> bool {
        self.analysis.parsed_cleanly
    }

    pub fn mapper(&self, unit: ColumnUnit) -> Mapper<'_> {
        Mapper::new(&self.text, &self.index, unit)
    }
}

/// One open document.
#[derive(Debug)]
pub struct Document {
    pub text: String,
    pub index: LineIndex,
    pub version: i32,
    /// The analysis of `text`; `None` after an edit until someone asks for it.
    current: Option<Arc<Snapshot>>,
    /// The latest snapshot that parsed without a syntax error: hover and completion fall back
    /// to it for names the broken text no longer declares.
    last_good: Option<Arc<Snapshot>>,
    /// The file, when it is on disk: the code of its folder is scanned.
    file: Option<PathBuf>,
    /// The last scan of that code, by the shape it was made for.
    code: Option<(AppShape, Arc<Code>)>,
    /// The open code files' text (the server's [`State::overlay`] when the scan last ran).
    overlay: Arc<Overlay>,
}

impl Document {
    pub fn new(text: String, version: i32) -> Document {
        Document {
            index: LineIndex::new(&text),
            text,
            version,
            current: None,
            last_good: None,
            file: None,
            code: None,
            overlay: Arc::default(),
        }
    }

    /// A document whose file is at `uri`: a `file:` URI gives the project to scan.
    pub fn at(uri: &str, text: String, version: i32) -> Document {
        let mut doc = Document::new(text, version);
        doc.file = file_path(uri).filter(|p| p.parent().is_some());
        doc
    }

    pub fn mapper(&self, unit: ColumnUnit) -> Mapper<'_> {
        Mapper::new(&self.text, &self.index, unit)
    }

    /// Applies `didChange` content changes in order: a change without a range replaces the
    /// whole text, one with a range replaces that range (positions in `unit`).
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        unit: ColumnUnit,
    ) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let span = self.mapper(unit).span(range);
                    // Offsets from the mapper are character boundaries within the text.
                    if let (Some(head), Some(tail)) =
                        (self.text.get(..span.start), self.text.get(span.end..))
                    {
                        let mut next =
                            String::with_capacity(head.len() + change.text.len() + tail.len());
                        next.push_str(head);
                        next.push_str(&change.text);
                        next.push_str(tail);
                        self.text = next;
                    }
                }
            }
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
        self.current = None;
    }

    /// The analysis of the current text, computed now if an edit made it stale.
    pub fn snapshot(&mut self) -> Arc<Snapshot> {
        if let Some(s) = &self.current {
            return Arc::clone(s);
        }
        let snap = Arc::new(match &self.file {
            Some(file) => Snapshot::with_code(
                self.text.clone(),
                self.index.clone(),
                file,
                &self.overlay,
                &mut self.code,
            ),
            None => Snapshot::indexed(self.text.clone(), self.index.clone()),
        });
        if snap.parsed_cleanly() {
            self.last_good = Some(Arc::clone(&snap));
        }
        self.current = Some(Arc::clone(&snap));
        snap
    }

    /// The folder whose code is scanned for this document, when it is on disk.
    pub fn project(&self) -> Option<&Path> {
        self.file.as_deref().and_then(Path::parent)
    }

    /// An open code file of this document's project changed: scan again, with `overlay`.
    pub fn code_changed(&mut self, overlay: Arc<Overlay>) {
        self.overlay = overlay;
        self.code = None;
        self.current = None;
    }

    /// The last snapshot whose parse succeeded, unless that is the current one.
    pub fn last_good(&self) -> Option<Arc<Snapshot>> {
        match (&self.last_good, &self.current) {
            (Some(good), Some(cur)) if Arc::ptr_eq(good, cur) => None,
            (good, _) => good.clone(),
        }
    }
}

/// Everything the server keeps between messages.
#[derive(Debug)]
pub struct State {
    /// Open documents by URI (as the client spelled it).
    pub docs: FxHashMap<String, Document>,
    /// The negotiated position encoding.
    pub unit: ColumnUnit,
    /// Whether the client takes completion edits with separate insert and replace ranges.
    pub insert_replace: bool,
    /// Markdown or plain text, as the client asked, for hover and completion documentation.
    pub formats: super::markup::Formats,
    /// Open code files (TypeScript) by URI: only the scanner's findings are published for
    /// them (see `lsp::code`).
    pub code_docs: FxHashMap<String, CodeDocument>,
    /// Their text by path, read by scans before the disk.
    pub overlay: Arc<Overlay>,
}

impl State {
    pub fn new(unit: ColumnUnit) -> State {
        State {
            docs: FxHashMap::default(),
            unit,
            insert_replace: false,
            formats: super::markup::Formats::default(),
            code_docs: FxHashMap::default(),
            overlay: Arc::default(),
        }
    }

    /// After a code file opened, changed or closed: the overlay is rebuilt, and the open
    /// `.stripeapp` documents whose project holds `path` scan again. Returns their URIs (their
    /// diagnostics are due).
    pub fn code_changed(&mut self, path: &Path) -> Vec<String> {
        let overlay: Overlay = self
            .code_docs
            .values()
            .map(|c| (c.path.clone(), c.doc.text.clone()))
            .collect();
        self.overlay = Arc::new(overlay);
        let mut due = Vec::new();
        for (uri, doc) in &mut self.docs {
            if doc.project().is_some_and(|p| path.starts_with(p)) {
                doc.code_changed(Arc::clone(&self.overlay));
                due.push(uri.clone());
            }
        }
        due
    }

    /// The open code files inside the project of the `.stripeapp` document `uri`.
    pub fn code_of(&self, uri: &str) -> Vec<String> {
        let Some(project) = self.docs.get(uri).and_then(Document::project) else {
            return Vec::new();
        };
        self.code_docs
            .iter()
            .filter(|(_, c)| c.path.starts_with(project))
            .map(|(u, _)| u.clone())
            .collect()
    }
}

/// The path of a `file:` URI (percent-escapes decoded), `None` for other schemes.
pub fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = rest.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    let path = String::from_utf8(out).ok()?;
    path.starts_with('/').then(|| PathBuf::from(path))
}
