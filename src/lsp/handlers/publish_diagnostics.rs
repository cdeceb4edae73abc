//! `textDocument/publishDiagnostics`: the compiler's diagnostics in LSP form.
//!
//! - `code` is the stable code (`E0301`). There is no web page per code to link with
//!   `codeDescription`, so it is left out; hovering a diagnosed span shows the code's
//!   explanation instead (`stripeapp explain <CODE>` prints it in full).
//! - The help line is appended to the message; labels become related information.
//! - Unused-permission and unused-endpoint warnings carry the `unnecessary` tag, which
//!   editors show faded.

use crate::diagnostics::{Diagnostic, Severity};
use crate::lsp::convert::Mapper;
use crate::lsp::state::Snapshot;
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

/// One diagnostic.
pub fn convert(d: &Diagnostic, mapper: &Mapper<'_>, uri: &Uri) -> lsp_types::Diagnostic {
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), mapper.range(l.span)),
            message: l.message.clone(),
        })
        .collect();
    let unnecessary = d.code.unnecessary();
    lsp_types::Diagnostic {
        range: mapper.range(d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some("stripeapp".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary.then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}
