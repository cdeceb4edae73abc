//! `stripeapp check --release`: what Stripe's upload and review would catch, checked before
//! uploading. The icon file (exists, is a PNG, 300×300), a placeholder app id, placeholder
//! purposes (or a catalogue description a fix inserted and nobody rewrote), and, against the
//! manifest of an earlier compile or of a git revision, the consent diff: the permission and
//! URL changes that make installed accounts re-authorize, which need a new version.

pub mod consent;
mod icon;
pub(crate) mod placeholders;

use crate::Analysis;
use crate::ast::{AppStmtKind, Span};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::release::ReleaseProblem;
pub use consent::ConsentDiff;
use std::path::Path;

/// The manifest the release is compared with.
pub struct Previous {
    /// Where it came from, for messages: `stripe-app.json` or `main:stripe-app.json`.
    pub origin: String,
    pub text: String,
}

/// What `--release` found beyond the ordinary checks.
pub struct Release {
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when there is no earlier manifest to compare with.
    pub consent: Option<ConsentDiff>,
}

/// Runs the release checks on a file that passed the ordinary checks. `dir` is the folder of
/// the `.stripeapp` file, against which the icon path is resolved.
pub fn check(analysis: &Analysis, dir: &Path, previous: Option<&Previous>) -> Release {
    let mut diags = Vec::new();
    let app = analysis.file.app();
    if let Some(app) = app {
        placeholders::app_id(app, &mut diags);
        let icon = app.stmts.iter().find_map(|s| match &s.kind {
            AppStmtKind::Icon(path) => Some(path),
            _ => None,
        });
        match icon {
            Some(path) => icon::check(path, dir, &mut diags),
            None => diags.push(
                ReleaseProblem::NoIcon {
                    span: app.keyword.to(app.id.span),
                }
                .into(),
            ),
        }
    }
    placeholders::purposes(
        &analysis.file,
        placeholders::PurposeCodes::RELEASE,
        &mut diags,
    );
    let mut consent = None;
    if let Some(prev) = previous {
        let current = crate::emit::manifest::render(&analysis.model);
        match consent::diff(&prev.text, &current) {
            Ok(mut d) => {
                d.against = prev.origin.clone();
                consent::version_rule(
                    &d,
                    app.map(version_span).unwrap_or_default(),
                    prev,
                    &mut diags,
                );
                consent = Some(d);
            }
            Err(why) => diags.push(
                ReleaseProblem::EarlierManifestUnreadable {
                    span: app.map(|a| a.keyword).unwrap_or_default(),
                    origin: prev.origin.clone(),
                    why,
                }
                .into(),
            ),
        }
    }
    crate::diagnostics::sort(&mut diags);
    Release {
        diagnostics: diags,
        consent,
    }
}

/// The `version` statement's string, else the `app` keyword.
fn version_span(app: &crate::ast::AppDecl) -> Span {
    app.stmts
        .iter()
        .find_map(|s| match &s.kind {
            AppStmtKind::Version(v) => Some(v.span),
            _ => None,
        })
        .unwrap_or(app.keyword)
}
