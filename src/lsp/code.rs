//! The app's own TypeScript files, as the editor sends them. The server does not understand
//! TypeScript (tsserver does): for a `.ts`/`.tsx`/`.js`/`.jsx`/`.mts`/`.mjs` file inside an app it only
//! publishes the scanner's findings located in that file (E0701–E0703, W0704, W0705), with the
//! `.stripeapp` declaration as related information, and offers their fixes, which edit the
//! `.stripeapp` file. Every other request about such a file gets an empty answer.
//!
//! The app is the `.stripeapp` file open in the editor whose folder holds the code file
//! (the deepest, when several do), else the only `*.stripeapp` file of the nearest folder
//! above the code file, looking no higher than the first folder holding `package.json` or
//! `stripe-app.json` (the project's root). The scan reads open documents' unsaved text before
//! the files on disk.

use super::convert::Mapper;
use super::state::{Document, State, file_path};
use crate::cli::code::ProjectDir;
use crate::diagnostics::Diagnostic;
use crate::scan::SourceFiles;
use crate::text::ColumnUnit;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// Extensions the scanner reads as code (`scan::project`'s list).
const CODE_EXTENSIONS: [&str; 6] = ["ts", "tsx", "js", "jsx", "mts", "mjs"];

/// One open code file: its path and its text (kept as a [`Document`] is, never analysed as
/// a `.stripeapp` file).
#[derive(Debug)]
pub struct CodeDocument {
    pub path: PathBuf,
    pub doc: Document,
}

impl CodeDocument {
    pub fn mapper(&self, unit: ColumnUnit) -> Mapper<'_> {
        self.doc.mapper(unit)
    }
}

/// Open code files' text by path, which scans read before the disk.
pub type Overlay = FxHashMap<PathBuf, String>;

/// The path of a `file:` URI naming a code file, else `None` (a `.stripeapp` file, another
/// scheme).
pub fn code_path(uri: &str) -> Option<PathBuf> {
    let path = file_path(uri)?;
    let ext = path.extension()?.to_str()?;
    CODE_EXTENSIONS
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
        .then_some(path)
}

/// The `.stripeapp` file a code file belongs to: its URI and current text.
#[derive(Debug, Clone)]
pub struct App {
    pub uri: String,
    pub path: PathBuf,
    pub text: String,
}

impl App {
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("/"))
    }
}

/// Finds the app `code` belongs to (see the module's documentation).
pub fn app_of(state: &State, code: &Path) -> Option<App> {
    let open = state
        .docs
        .iter()
        .filter_map(|(uri, doc)| {
            let path = file_path(uri)?;
            let dir = path.parent()?;
            code.starts_with(dir).then(|| App {
                uri: uri.clone(),
                path: path.clone(),
                text: doc.text.clone(),
            })
        })
        .max_by_key(|app| app.dir().components().count());
    if open.is_some() {
        return open;
    }
    for dir in code.ancestors().skip(1) {
        let mut found = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "stripeapp") && p.is_file() {
                    found.push(p);
                }
            }
        }
        if let [only] = found.as_slice() {
            let text = std::fs::read_to_string(only).ok()?;
            return Some(App {
                uri: file_uri(only),
                path: only.clone(),
                text,
            });
        }
        // Several apps in one folder: which one the file belongs to is not known.
        if found.len() > 1 {
            return None;
        }
        if dir.join("package.json").is_file() || dir.join("stripe-app.json").is_file() {
            return None;
        }
    }
    None
}

/// A `file:` URI for a path, escaping what URIs cannot hold as it is.
pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The project's files: open code documents' text first, then the disk.
pub struct OpenFiles<'a> {
    pub disk: ProjectDir,
    pub open: &'a Overlay,
}

impl SourceFiles for OpenFiles<'_> {
    fn read(&self, path: &str) -> Option<String> {
        if path.split('/').any(|seg| seg == ".." || seg.is_empty()) {
            return None;
        }
        match self.open.get(&self.disk.root.join(path)) {
            Some(text) => Some(text.clone()),
            None => self.disk.read(path),
        }
    }
}

/// The findings of the app's code that are located in `code`, from the app's text as the
/// editor has it and the code as the editor has it.
pub fn findings(state: &State, app: &App, code: &Path) -> Vec<Diagnostic> {
    let root = app.dir().to_path_buf();
    let files = OpenFiles {
        open: &state.overlay,
        disk: ProjectDir { root: root.clone() },
    };
    let analysis = crate::analyse(&app.text);
    let mut scanned = crate::check::code::Code::scan(
        &analysis.file,
        &analysis.model,
        &files,
        format!("{}/", root.display()),
    );
    if let Some(name) = app.path.file_name() {
        scanned.note_starters(&analysis.model, &name.to_string_lossy());
    }
    if !scanned.scan.has_code() {
        return Vec::new();
    }
    let mut analysis = analysis;
    crate::add_code(&mut analysis, &app.text, &scanned);
    analysis
        .diagnostics
        .into_iter()
        .filter(|d| {
            d.elsewhere
                .as_ref()
                .is_some_and(|o| Path::new(&o.path) == code)
        })
        .collect()
}

/// The app of the open code file `uri` and the findings located in it; `None` when it is
/// not an open code file or belongs to no app.
pub fn findings_of(state: &State, uri: &str) -> Option<(App, Vec<Diagnostic>)> {
    let code = state.code_docs.get(uri)?;
    let app = app_of(state, &code.path)?;
    let found = findings(state, &app, &code.path);
    Some((app, found))
}
