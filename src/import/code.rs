//! Importing an app's code along with its manifest: the views' `calls`, `fetch` and `uses`,
//! and the backend's endpoints, `on` handlers and jobs, come from what the code does
//! (`crate::scan`), so that the imported app checks with real signals.

use crate::check::code::{Code as CodeScan, shape};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::import::ImportProblem;
use crate::scan::{Owner, SourceFiles};

/// The base URL written for a backend found in the code: the code does not say where it is
/// served (I0106 asks to replace it).
pub const BACKEND_PLACEHOLDER: &str = "https://backend.example.com";

/// What the code added to an imported file.
#[derive(Debug, Clone, Default)]
pub struct FromCode {
    /// The file with the code's declarations, canonically formatted.
    pub text: String,
    /// How many declarations the code added.
    pub added: usize,
    /// Whether a backend block was written from `backend/src/handlers.ts`.
    pub backend: bool,
}

/// Adds to an imported `.stripeapp` text what the project's code does. `files` reads the
/// project (the folder of `stripe-app.json`).
pub fn declare_from_code(text: &str, files: &dyn SourceFiles) -> FromCode {
    let mut current = text.to_string();
    let mut out = FromCode::default();
    // The handlers first: their names are the endpoints the views' helpers are named after.
    let analysis = crate::analyse(&current);
    let first = crate::scan::scan(&shape(&analysis.file, &analysis.model), files);
    let has_backend = analysis.model.backend.is_some();
    if !has_backend {
        let base = backend_base(&analysis.model, &first);
        let block = backend_block(
            &first.owners,
            base.as_deref().unwrap_or(BACKEND_PLACEHOLDER),
        );
        if !block.is_empty() {
            current.push_str(&block);
            out.backend = true;
        }
    }
    // Then declare what the code uses, one round of fixes at a time (each round re-plans
    // against the edited text), until nothing is left to declare.
    for _ in 0..32 {
        let analysis = crate::analyse(&current);
        let code = CodeScan {
            untouched: Vec::new(),
            scan: crate::scan::scan(&shape(&analysis.file, &analysis.model), files),
            shown_dir: String::new(),
        };
        let analysis = crate::analyse_with_code(&current, Some(&code));
        let fixes: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| {
                matches!(
                    d.code,
                    Code::UndeclaredCall
                        | Code::UndeclaredFetch
                        | Code::UndeclaredEndpointUse
                        | Code::UndeclaredExpansion
                        | Code::UndeclaredPlatformCall
                )
            })
            .flat_map(|d| d.fixes.iter().filter(|f| f.machine_applicable))
            .collect();
        // A fix that creates a block goes alone: two would create two blocks.
        let edits: Vec<_> = match fixes.iter().find(|f| f.kind.is_exclusive()) {
            Some(first) if fixes.iter().all(|f| f.kind.is_exclusive()) => first.edits.clone(),
            _ => fixes
                .iter()
                .filter(|f| !f.kind.is_exclusive())
                .flat_map(|f| f.edits.iter().cloned())
                .collect(),
        };
        if edits.is_empty() {
            break;
        }
        let (next, applied) = crate::fix::apply(&current, &edits);
        if applied.is_empty() || next == current {
            break;
        }
        out.added += applied.len();
        current = next;
    }
    out.text = crate::fmt::format(&current).unwrap_or(current);
    out
}

/// Where the backend is served, as far as the manifest tells: the one `connect` entry that
/// no view's code fetches (the others are the third-party APIs the views call).
fn backend_base(model: &crate::model::Model, scan: &crate::scan::Scan) -> Option<String> {
    let connect = &model.csp.as_ref()?.connect;
    let fetched: Vec<&crate::scan::FetchUrl> = scan
        .findings
        .iter()
        .filter_map(|f| match &f.found {
            crate::scan::Found::Fetch(url) => Some(url),
            _ => None,
        })
        .collect();
    let unused: Vec<&String> = connect
        .iter()
        .filter(|c| !c.contains('*') && !fetched.iter().any(|u| u.covered_by(c)))
        .collect();
    match unused.as_slice() {
        [one] => Some(one.trim_end_matches('/').to_string()),
        _ => None,
    }
}

/// A `backend` block with the endpoints, handlers and jobs of `handlers.ts`.
fn backend_block(owners: &[Owner], base: &str) -> String {
    let mut body = String::new();
    for o in owners {
        match o {
            Owner::Endpoint(n) if is_name(n) => body.push_str(&format!("  endpoint {n}\n")),
            Owner::Event(e) => body.push_str(&format!("  on {e}\n")),
            Owner::Job(n) if is_name(n) => body.push_str(&format!("  job {n}\n")),
            _ => {}
        }
    }
    if body.is_empty() {
        return String::new();
    }
    format!("\n// From backend/src/handlers.ts.\nbackend \"{base}\" {{\n{body}}}\n")
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The note about a backend written with a placeholder URL.
pub fn placeholder_note(text: &str) -> Option<Diagnostic> {
    let at = text.find(BACKEND_PLACEHOLDER)?;
    Some(
        ImportProblem::BackendUrlUnknown {
            span: crate::ast::Span::new(at, at + BACKEND_PLACEHOLDER.len()),
        }
        .into(),
    )
}
