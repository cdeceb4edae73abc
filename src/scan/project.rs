//! Loading the project's modules: the entry files, then every project module they import
//! (relative imports only; packages are not read), each parsed by oxc and resolved into
//! scopes by oxc's semantic analysis.

use super::{AppShape, FileProblem, HANDLERS, SourceFiles, VIEW_DIR};
use crate::ast::Span;
use oxc_allocator::Allocator;
use oxc_ast::ast::{ImportOrExportKind, Program, Statement};
use oxc_semantic::{Semantic, SemanticBuilder};
use oxc_span::SourceType;
use rustc_hash::FxHashMap;

/// Extensions tried, in order, for an import without one (and for entry files).
const EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mts", "mjs"];

/// Bigger files are not scanned (they are not hand-written app code).
const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Files whose brackets nest deeper, or whose operators chain longer, are not scanned: the
/// parser recurses once per level.
pub const MAX_NESTING: usize = 2_000;

/// What an import's source names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A project module, by index.
    Module(usize),
    /// The generated helpers of a view (`src/generated/<Component>`), not read.
    Helper,
    /// A package (`stripe`, `@stripe/ui-extension-sdk/utils`, …), by its specifier.
    Package(String),
    /// A relative import of a file that is not there (or is generated backend code).
    Missing,
}

pub struct Module<'a> {
    pub path: String,
    pub program: &'a Program<'a>,
    pub semantic: Semantic<'a>,
    /// Each import or re-export source as written → what it names.
    pub imports: FxHashMap<&'a str, Target>,
}

pub struct Project<'a> {
    pub modules: Vec<Module<'a>>,
    /// Module index of each view's entry file, in the order of `AppShape::views`.
    pub views: Vec<Option<usize>>,
    pub handlers: Option<usize>,
    pub problems: Vec<FileProblem>,
}

impl<'a> Project<'a> {
    pub fn load(allocator: &'a Allocator, app: &AppShape, files: &dyn SourceFiles) -> Project<'a> {
        let mut loader = Loader {
            allocator,
            files,
            project: Project {
                modules: Vec::new(),
                views: Vec::new(),
                handlers: None,
                problems: Vec::new(),
            },
            by_path: FxHashMap::default(),
            missing: FxHashMap::default(),
        };
        for view in &app.views {
            let entry = loader.find(&format!("{VIEW_DIR}/{view}"));
            let index = entry.and_then(|path| loader.module(&path));
            loader.project.views.push(index);
        }
        if let Some(path) = loader.find(HANDLERS) {
            loader.project.handlers = loader.module(&path);
        }
        loader.project
    }

    pub fn text(&self, module: usize) -> &'a str {
        self.modules
            .get(module)
            .map_or("", |m| m.semantic.source_text())
    }
}

struct Loader<'a, 'f> {
    allocator: &'a Allocator,
    files: &'f dyn SourceFiles,
    project: Project<'a>,
    by_path: FxHashMap<String, usize>,
    /// Paths known not to exist (each lookup tries several extensions).
    missing: FxHashMap<String, Option<String>>,
}

impl<'a> Loader<'a, '_> {
    /// The file a module path without extension (or with `.js` standing for `.ts`) names.
    fn find(&mut self, base: &str) -> Option<String> {
        if let Some(found) = self.missing.get(base) {
            return found.clone();
        }
        let mut candidates = Vec::new();
        let has_ext = EXTENSIONS
            .iter()
            .any(|e| base.strip_suffix(e).is_some_and(|b| b.ends_with('.')));
        if has_ext {
            candidates.push(base.to_string());
            // TypeScript's ESM style: `./api.js` names `./api.ts`.
            if let Some(stem) = base.strip_suffix(".js") {
                candidates.push(format!("{stem}.ts"));
                candidates.push(format!("{stem}.tsx"));
            }
        } else {
            candidates.extend(EXTENSIONS.iter().map(|e| format!("{base}.{e}")));
            candidates.extend(EXTENSIONS.iter().map(|e| format!("{base}/index.{e}")));
        }
        let found = candidates
            .into_iter()
            .find(|c| self.by_path.contains_key(c) || self.files.read(c).is_some());
        self.missing.insert(base.to_string(), found.clone());
        found
    }

    /// Loads a module and, recursively, the project modules it imports.
    fn module(&mut self, path: &str) -> Option<usize> {
        if let Some(&i) = self.by_path.get(path) {
            return Some(i);
        }
        let text = self.files.read(path)?;
        let index = self.project.modules.len();
        if let Some(why) = too_complex(&text) {
            self.project.problems.push(FileProblem {
                file: None,
                span: Span::new(0, 0),
                message: format!("`{path}` is not scanned: {why}"),
            });
            return None;
        }
        let text: &'a str = self.allocator.alloc_str(&text);
        let source_type = SourceType::from_path(path)
            .unwrap_or_else(|_| SourceType::tsx())
            .with_module(true);
        let parsed = oxc_parser::Parser::new(self.allocator, text, source_type).parse();
        if let Some(first) = parsed.diagnostics.first() {
            let span = first
                .labels
                .first()
                .map(|l| Span::new(l.offset() as usize, (l.offset() + l.len()) as usize))
                .unwrap_or_default();
            self.project.problems.push(FileProblem {
                file: Some(index),
                span,
                message: first.message.to_string(),
            });
        }
        let program: &'a Program<'a> = self.allocator.alloc(parsed.program);
        let semantic = SemanticBuilder::new()
            .with_build_nodes(true)
            .build(program)
            .semantic;
        self.by_path.insert(path.to_string(), index);
        self.project.modules.push(Module {
            path: path.to_string(),
            program,
            semantic,
            imports: FxHashMap::default(),
        });
        let mut imports = FxHashMap::default();
        for source in sources(program) {
            if imports.contains_key(source) {
                continue;
            }
            let target = self.target(path, source);
            imports.insert(source, target);
        }
        if let Some(m) = self.project.modules.get_mut(index) {
            m.imports = imports;
        }
        Some(index)
    }

    fn target(&mut self, from: &str, source: &str) -> Target {
        if !source.starts_with("./") && !source.starts_with("../") {
            return Target::Package(source.to_string());
        }
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let Some(joined) = join(dir, source) else {
            return Target::Missing;
        };
        if let Some(name) = joined.strip_prefix("src/generated/") {
            return if name.contains('/') || name.starts_with("stripeapp-runtime") {
                Target::Missing
            } else {
                Target::Helper
            };
        }
        if joined.starts_with("backend/src/generated/") {
            return Target::Missing;
        }
        match self.find(&joined) {
            Some(path) => self.module(&path).map_or(Target::Missing, Target::Module),
            None => Target::Missing,
        }
    }
}

/// Why a file is too big or too deeply nested to parse safely, if it is.
fn too_complex(text: &str) -> Option<String> {
    if text.len() > MAX_FILE_BYTES {
        return Some(format!("it has more than {MAX_FILE_BYTES} bytes"));
    }
    let (mut depth, mut deepest, mut chain, mut longest) = (0usize, 0usize, 0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            // Operators chain an expression; a statement end breaks the chain.
            b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'?' | b',' | b'<' | b'>' | b'=' => {
                chain += 1;
                longest = longest.max(chain);
            }
            b';' => chain = 0,
            _ => {}
        }
    }
    if deepest > MAX_NESTING || longest > MAX_NESTING * 8 {
        return Some(format!(
            "its expressions nest or chain deeper than the scanner follows ({MAX_NESTING} levels)"
        ));
    }
    None
}

/// `dir` + a relative specifier, normalised; `None` when it leaves the project.
fn join(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in relative.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The sources a module loads at run time: value imports, re-exports and literal dynamic
/// `import()`s at the top level. Type-only imports load nothing.
fn sources<'a>(program: &'a Program<'a>) -> Vec<&'a str> {
    let mut out = Vec::new();
    for stmt in &program.body {
        match stmt {
            Statement::ImportDeclaration(d) => {
                if d.import_kind == ImportOrExportKind::Type {
                    continue;
                }
                let all_types = d.specifiers.as_ref().is_some_and(|s| {
                    !s.is_empty()
                        && s.iter().all(|s| match s {
                            oxc_ast::ast::ImportDeclarationSpecifier::ImportSpecifier(s) => {
                                s.import_kind == ImportOrExportKind::Type
                            }
                            _ => false,
                        })
                });
                if !all_types {
                    out.push(d.source.value.as_str());
                }
            }
            Statement::ExportFromDeclaration(d) if d.export_kind != ImportOrExportKind::Type => {
                out.push(d.source.value.as_str());
            }
            Statement::ExportAllDeclaration(d) if d.export_kind != ImportOrExportKind::Type => {
                out.push(d.source.value.as_str());
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn joins() {
        assert_eq!(
            join("src/views", "../lib/api").as_deref(),
            Some("src/lib/api")
        );
        assert_eq!(join("src/views", "./a").as_deref(), Some("src/views/a"));
        assert_eq!(join("src", "../../x"), None);
    }
}
