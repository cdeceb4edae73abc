//! Renderers: the same diagnostics as a miette report for people, or JSON, SARIF 2.1.0 and
//! GitHub workflow commands for machines.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use super::Diagnostic;
use crate::text::LineIndex;

/// The diagnostics of one checked file, with what is needed to locate them.
pub struct FileReport {
    /// The path as the user gave it (shown and written into machine output).
    pub path: String,
    pub text: String,
    pub index: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn new(path: String, text: String, diagnostics: Vec<Diagnostic>) -> FileReport {
        let index = LineIndex::new(&text);
        FileReport {
            path,
            text,
            index,
            diagnostics,
        }
    }
    /// 1-based (line, column, end_line, end_column), columns in Unicode scalar values.
    pub fn range(&self, span: crate::ast::Span) -> (usize, usize, usize, usize) {
        self.index.range_1based(&self.text, span)
    }
    /// The file a diagnostic is located in (this one, or the app's TypeScript) and its
    /// range there.
    pub fn locate<'s>(&'s self, d: &'s Diagnostic) -> (&'s str, (usize, usize, usize, usize)) {
        match &d.elsewhere {
            Some(other) => (&other.path, other.range(d.span)),
            None => (&self.path, self.range(d.span)),
        }
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// Counts (errors, warnings) over all files; notes are neither (see [`notes`]).
pub fn counts(files: &[FileReport]) -> (usize, usize) {
    (
        count(files, super::Severity::Error),
        count(files, super::Severity::Warning),
    )
}

/// Counts the notes over all files: what was said for information and fails nothing.
pub fn notes(files: &[FileReport]) -> usize {
    count(files, super::Severity::Note)
}

fn count(files: &[FileReport], severity: super::Severity) -> usize {
    files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| d.severity == severity)
        .count()
}
