//! `textDocument/publishDiagnostics`: the compiler's diagnostics in LSP form.
//!
//! - `code` is the stable code (`E0301`). There is no web page per code to link with
//!   `codeDescription`, so it is left out; hovering a diagnosed span shows the code's
//!   explanation instead (`stripeapp explain <CODE>` prints it in full).
//! - The help line is appended to the message; labels become related information.
//! - Unused-permission and unused-endpoint warnings carry the `unnecessary` tag, which
//!   editors show faded.

use crate::diagnostics::{Diagnostic, Severity};
use crate::lsp::code::{self, App};
use crate::lsp::convert::Mapper;
use crate::lsp::state::{Snapshot, State};
use crate::text::ColumnUnit;
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString, Uri,
};

/// Every diagnostic of a snapshot.
pub fn convert_all(snap: &Snapshot, unit: ColumnUnit, uri: &str) -> Vec<lsp_types::Diagnostic> {
    let Ok(uri) = uri.parse::<Uri>() else {
        return Vec::new();
    };
    let mapper = snap.mapper(unit);
    snap.analysis
        .diagnostics
        .iter()
        .map(|d| convert(d, &mapper, &uri))
        .collect()
}

/// The scanner's findings located in the open code file `uri`, in that file, with the
/// `.stripeapp` declarations they concern as related information. Nothing for a code file
/// outside any app, or whose app has no code the scanner reads.
pub fn convert_code(state: &State, uri: &str) -> Vec<lsp_types::Diagnostic> {
    match code::findings_of(state, uri) {
        Some((app, found)) => {
            let Some(code) = state.code_docs.get(uri) else {
                return Vec::new();
            };
            let mapper = code.mapper(state.unit);
            found
                .iter()
                .filter_map(|d| convert_in_code(d, &mapper, &app, state.unit))
                .collect()
        }
        None => Vec::new(),
    }
}

/// One finding located in a code file, whose text `mapper` maps.
pub fn convert_in_code(
    d: &Diagnostic,
    mapper: &Mapper<'_>,
    app: &App,
    unit: ColumnUnit,
) -> Option<lsp_types::Diagnostic> {
    let app_uri = app.uri.parse::<Uri>().ok()?;
    let app_index = crate::text::LineIndex::new(&app.text);
    let app_mapper = Mapper::new(&app.text, &app_index, unit);
    let related = labels(d, &app_mapper, &app_uri);
    Some(diagnostic(d, mapper.range(d.span), message(d), related))
}

/// The message with the help line under it.
fn message(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// The labels as related information in the file `uri`, whose text `mapper` maps.
fn labels(d: &Diagnostic, mapper: &Mapper<'_>, uri: &Uri) -> Vec<DiagnosticRelatedInformation> {
    d.labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), mapper.range(l.span)),
            message: l.message.clone(),
        })
        .collect()
}

/// The LSP diagnostic at `range`: code, severity, source and the `unnecessary` tag from `d`.
fn diagnostic(
    d: &Diagnostic,
    range: lsp_types::Range,
    message: String,
    related: Vec<DiagnosticRelatedInformation>,
) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some("stripeapp".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: d
            .code
            .unnecessary()
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// One diagnostic. One found in the app's TypeScript is shown on its declaration in the
/// `.stripeapp` file (the document being published), with the TypeScript location as
/// related information.
pub fn convert(d: &Diagnostic, mapper: &Mapper<'_>, uri: &Uri) -> lsp_types::Diagnostic {
    let mut message = message(d);
    let mut related = labels(d, mapper, uri);
    let mut range = mapper.range(d.span);
    if let Some(other) = &d.elsewhere {
        let (line, col, _, _) = other.range(d.span);
        message = format!("{}:{line}:{col}: {message}", other.path);
        range = d.labels.first().map_or_else(
            || mapper.range(crate::ast::Span::point(0)),
            |l| mapper.range(l.span),
        );
        let other_mapper = Mapper::new(&other.text, &other.index, mapper.unit());
        if let Ok(other_uri) = format!("file://{}", other.path).parse::<Uri>() {
            related.insert(
                0,
                DiagnosticRelatedInformation {
                    location: Location::new(other_uri, other_mapper.range(d.span)),
                    message: "found here".to_string(),
                },
            );
        }
    }
    diagnostic(d, range, message, related)
}
