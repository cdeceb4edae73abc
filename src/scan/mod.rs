//! The scanner: reads the app's own TypeScript (the views under `src/views/`, the backend's
//! `backend/src/handlers.ts`, and every project module they import) and reports what the
//! code really does: the Stripe API methods it calls through any client, the URLs it
//! `fetch`es, the endpoint helpers and SDK functions it uses, the Stripe clients it builds,
//! and what could not be resolved statically.
//!
//! It is pure: the project's files come in through [`SourceFiles`], findings go out in a
//! [`Scan`]; nothing here reads the disk or knows about diagnostics. `check` compares the
//! findings with the declarations; `import` turns them into declarations.
//! `docs/scanner.md` says exactly what is followed and what is not.

mod eval;
mod project;
mod url;
mod value;
mod walk;

pub use url::FetchUrl;

use crate::ast::Span;
use crate::catalogue::SdkInfo;

/// Where the scanner gets the project's files: paths are relative to the project root
/// (the folder of the `.stripeapp` file or of `stripe-app.json`), with `/` separators.
pub trait SourceFiles: Sync {
    /// The file's text, or `None` when it does not exist or is not readable text.
    fn read(&self, path: &str) -> Option<String>;
}

impl SourceFiles for std::collections::BTreeMap<String, String> {
    fn read(&self, path: &str) -> Option<String> {
        self.get(path).cloned()
    }
}

/// What the scanner needs to know about the app as declared (or, for `import`, as the
/// manifest says): which views exist, the backend's endpoints (to recognise the generated
/// endpoint helpers) and the manifest constants (read through `environment.constants`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppShape {
    /// View components; each one's code starts at `src/views/<Component>.tsx`.
    pub views: Vec<String>,
    /// Endpoint names and their public URLs.
    pub endpoints: Vec<(String, String)>,
    /// `constant` names and values, as strings (numbers as written).
    pub constants: Vec<(String, String)>,
}

/// Whose code a finding belongs to: the view or backend handler that runs it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    View(String),
    Endpoint(String),
    /// An `on` handler, by event type.
    Event(String),
    Job(String),
    /// The backend as a whole, for what cannot be put on one handler.
    Backend,
}

impl Owner {
    /// How a message names it: `view CustomerView`, `endpoint sync`, `on invoice.paid`.
    pub fn describe(&self) -> String {
        match self {
            Owner::View(c) => format!("view {c}"),
            Owner::Endpoint(n) => format!("endpoint {n}"),
            Owner::Event(e) => format!("on {e}"),
            Owner::Job(n) => format!("job {n}"),
            Owner::Backend => "the backend".to_string(),
        }
    }
}

/// A place in a scanned file: an index into [`Scan::files`] and a byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: usize,
    pub span: Span,
}

/// How the code reached the client a call goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientOrigin {
    /// `stripe` from a view's generated helpers.
    Helper,
    /// The client the generated backend gives a handler (`call.stripe`, `context.stripe`).
    Handler,
    /// The platform client the generated backend gives a handler that declares `platform
    /// calls` (`call.platform`, `context.platform`): the app owner's own account.
    Platform,
    /// A client the project builds itself (`new Stripe(…)`).
    Built,
    /// A value typed as a Stripe client whose origin is not known here (a parameter
    /// annotated `Stripe`).
    Typed,
}

/// One thing the code does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Found {
    /// A Stripe API method, as stripe-node names it (`customers.retrieve`). `rawRequest`
    /// calls are mapped to the method with the same HTTP verb and path.
    Call { method: String, via: ClientOrigin },
    /// An `expand` path passed to a call of `method` (`expand: ['customer']`).
    Expand { method: String, path: String },
    /// A UI SDK function that needs a permission.
    Sdk(Sdk),
    /// A `fetch` (the global one or the generated helper).
    Fetch(FetchUrl),
    /// A generated endpoint helper, by endpoint name.
    Endpoint(String),
    /// `new Stripe(…)` outside the generated helpers.
    ClientBuilt,
    /// Something decided at run time, or code the scanner could not follow: not checked.
    Unresolved(Unchecked, String),
}

/// What an unresolved finding leaves unchecked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unchecked {
    /// Which Stripe method is called.
    Call,
    /// Which URL is fetched.
    Fetch,
    /// Which fields a call expands (an `expand` list built at run time).
    Expand,
    /// Everything in code the scanner could not follow.
    Code,
}

/// A catalogue SDK function (compared by name).
#[derive(Debug, Clone, Copy)]
pub struct Sdk(pub &'static SdkInfo);

impl PartialEq for Sdk {
    fn eq(&self, other: &Sdk) -> bool {
        self.0.name == other.0.name
    }
}
impl Eq for Sdk {}
impl std::hash::Hash for Sdk {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

/// One finding: what, whose code, where.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    pub owner: Owner,
    pub found: Found,
    pub at: Location,
}

/// A scanned file: its project-relative path and text (for locations).
#[derive(Debug, Clone)]
pub struct ScannedFile {
    pub path: String,
    pub text: String,
}

/// A file the scanner could not read fully: its parse errors hide code from the scan.
#[derive(Debug, Clone)]
pub struct FileProblem {
    /// The scanned file; `None` for a file that was not read (too big, too deep).
    pub file: Option<usize>,
    pub span: Span,
    pub message: String,
}

/// Everything the scan found.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub files: Vec<ScannedFile>,
    /// In a stable order: by owner, then file and position.
    pub findings: Vec<Finding>,
    /// The owners whose entry code was found (a view's file, a handler in `handlers`).
    pub owners: Vec<Owner>,
    /// Parse errors, one per file at most.
    pub problems: Vec<FileProblem>,
}

impl Scan {
    /// Whether any code was found at all (a project without code is checked as a file).
    pub fn has_code(&self) -> bool {
        !self.files.is_empty() || !self.problems.is_empty()
    }
    /// The findings of one owner.
    pub fn of<'s>(&'s self, owner: &'s Owner) -> impl Iterator<Item = &'s Finding> + 's {
        self.findings.iter().filter(move |f| &f.owner == owner)
    }
}

/// The file a view's code starts in, among the names the project has.
pub const VIEW_DIR: &str = "src/views";
/// The file the backend's handlers are in.
pub const HANDLERS: &str = "backend/src/handlers";

/// The stack of the thread a scan runs on: oxc's parser and semantic analysis recurse once
/// per nesting level of the code, and user code can nest deeply (files that nest beyond
/// `project::MAX_NESTING` are not read at all).
const SCAN_STACK: usize = 256 * 1024 * 1024;

/// Scans the project's code.
pub fn scan(app: &AppShape, files: &dyn SourceFiles) -> Scan {
    let run = || {
        let allocator = oxc_allocator::Allocator::default();
        let project = project::Project::load(&allocator, app, files);
        walk::run(&project, app)
    };
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .name("stripeapp-scan".to_string())
            .stack_size(SCAN_STACK)
            .spawn_scoped(s, run)
        {
            Ok(handle) => handle.join().unwrap_or_default(),
            // No thread to be had: scan on this one.
            Err(_) => run(),
        }
    })
}

#[cfg(test)]
mod tests;
