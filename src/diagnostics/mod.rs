//! Diagnostics: the one currency every phase reports problems in, the code registry,
//! and the renderers (human, JSON, SARIF, GitHub).

pub mod codes;
pub mod lists;
pub mod render;

use crate::ast::Span;
pub use codes::{Code, Severity};

/// A secondary span with its own message ("declared here", "the endpoint is here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A text replacement: `span` of the source becomes `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A mechanical remedy, applied by `check --fix` and offered as an LSP code action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Whether `check --fix` applies it unattended. A "did you mean" replacement is a
    /// guess: offered in the editor, never applied in bulk.
    pub machine_applicable: bool,
    /// Whether applying it changes where other fixes would go (it creates the `urls`
    /// block): `fix_all` applies one such fix per round, then re-plans the rest.
    pub exclusive: bool,
}

/// One problem in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the severity its code is registered with.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }
    pub fn label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
    /// A fix `check --fix` may apply unattended.
    pub fn fix(mut self, title: impl Into<String>, edits: Vec<Edit>) -> Diagnostic {
        self.fixes.push(Fix {
            title: title.into(),
            edits,
            machine_applicable: true,
            exclusive: false,
        });
        self
    }
    /// A fix that is a guess (a did-you-mean replacement): offered, not applied in bulk.
    pub fn suggestion(mut self, title: impl Into<String>, edits: Vec<Edit>) -> Diagnostic {
        self.fixes.push(Fix {
            title: title.into(),
            edits,
            machine_applicable: false,
            exclusive: false,
        });
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by position, then code, and removes exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code.as_str(), &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.code.as_str(),
            &b.message,
        ))
    });
    diags.dedup();
}
