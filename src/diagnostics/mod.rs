//! Diagnostics: the one currency every phase reports problems in, the code registry,
//! and the renderers (human, JSON, SARIF, GitHub).

pub mod codes;
pub mod lists;
pub mod problem;
pub mod render;
pub mod wording;

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

/// What a fix does, in the language's terms. The edits of a fix are derived from its kind
/// (`check::fixes`), and whoever applies fixes reads the kind, never the edited text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixKind {
    /// Declare these permissions (one edit each, in this order).
    AddPermissions { names: Vec<String> },
    /// Add `connect "<url>"` to the `urls` block; `creates_block` when there is none yet.
    AddConnect { url: String, creates_block: bool },
    /// Add the missing trailing `/` to the `connect` entry `url`, so that it covers the
    /// URLs below it.
    AddTrailingSlash { url: String },
    /// Replace a misspelt name with a known one (did you mean).
    ReplaceName { with: String },
    /// Remove a declaration that repeats an earlier one.
    RemoveDuplicate,
    /// Join a block's `{` to the line of its declaration.
    JoinOpeningBrace,
    /// Declare an empty view (the one a `post_install` action opens).
    AddView { component: String, viewport: String },
    /// Put the app's own id into a URL that names an app.
    UseAppId { id: String },
    /// Declare what a view's or handler's code uses: `item` added to its `keyword`
    /// (`calls`, `fetch`, `uses`) list; `creates_block` when the declaration has no block.
    DeclareUse {
        owner: String,
        keyword: &'static str,
        item: String,
        creates_block: bool,
    },
    /// Remove a declared entry the code never uses.
    RemoveUnused { owner: String, item: String },
    /// Mark a role as a custom role of the account: `custom "<role>"`.
    MarkCustomRole { role: String },
    /// Add `redirect "<url>"` to the app block (the OAuth callback's URL).
    AddRedirect { url: String },
}

impl FixKind {
    /// Whether applying it changes where other fixes would go (it creates the `urls`
    /// block): `fix_all` applies one such fix per round, then re-plans the rest.
    pub fn is_exclusive(&self) -> bool {
        matches!(
            self,
            FixKind::AddConnect {
                creates_block: true,
                ..
            } | FixKind::DeclareUse {
                creates_block: true,
                ..
            }
        )
    }
}

/// A mechanical remedy, applied by `check --fix` and offered as an LSP code action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub kind: FixKind,
    pub edits: Vec<Edit>,
    /// Whether `check --fix` applies it unattended. A "did you mean" replacement is a
    /// guess: offered in the editor, never applied in bulk.
    pub machine_applicable: bool,
}

impl Fix {
    /// What the fix does, as shown to people (see `wording`).
    pub fn title(&self) -> String {
        wording::fix_title(&self.kind)
    }
    /// The permission each edit adds, for a fix that adds permissions.
    pub fn added_permissions(&self) -> impl Iterator<Item = (&str, &Edit)> {
        let names: &[String] = match &self.kind {
            FixKind::AddPermissions { names } => names,
            _ => &[],
        };
        names.iter().map(String::as_str).zip(self.edits.iter())
    }
}

/// Another file a diagnostic is located in: the app's TypeScript, for what `check` finds in
/// the code. Labels and fix edits stay in the checked `.stripeapp` file.
#[derive(Debug)]
pub struct OtherFile {
    /// The path as shown (relative like the checked file's).
    pub path: String,
    pub text: String,
    pub index: crate::text::LineIndex,
}

impl OtherFile {
    pub fn new(path: String, text: String) -> OtherFile {
        let index = crate::text::LineIndex::new(&text);
        OtherFile { path, text, index }
    }
    /// 1-based (line, column, end_line, end_column), columns in Unicode scalar values.
    pub fn range(&self, span: Span) -> (usize, usize, usize, usize) {
        self.index.range_1based(&self.text, span)
    }
}

impl PartialEq for OtherFile {
    fn eq(&self, other: &OtherFile) -> bool {
        self.path == other.path
    }
}
impl Eq for OtherFile {}

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
    /// Set when `span` is in another file than the checked one (see [`OtherFile`]).
    pub elsewhere: Option<std::sync::Arc<OtherFile>>,
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
            elsewhere: None,
        }
    }
    /// Locates the diagnostic in another file (its `span` is in it).
    pub fn in_file(mut self, file: std::sync::Arc<OtherFile>) -> Diagnostic {
        self.elsewhere = Some(file);
        self
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
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }
    /// A fix `check --fix` may apply unattended.
    pub fn fix(mut self, kind: FixKind, edits: Vec<Edit>) -> Diagnostic {
        self.fixes.push(Fix {
            kind,
            edits,
            machine_applicable: true,
        });
        self
    }
    /// A fix that is a guess (a did-you-mean replacement): offered, not applied in bulk.
    pub fn suggestion(mut self, kind: FixKind, edits: Vec<Edit>) -> Diagnostic {
        self.fixes.push(Fix {
            kind,
            edits,
            machine_applicable: false,
        });
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by position, then code, and removes exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    // Those of the checked file first, then those of other files by path.
    diags.sort_by(|a, b| {
        let fa = a.elsewhere.as_ref().map(|f| f.path.as_str());
        let fb = b.elsewhere.as_ref().map(|f| f.path.as_str());
        (fa, a.span.start, a.span.end, a.code.as_str(), &a.message).cmp(&(
            fb,
            b.span.start,
            b.span.end,
            b.code.as_str(),
            &b.message,
        ))
    });
    diags.dedup();
}
