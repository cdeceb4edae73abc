//! `--format github`: GitHub Actions workflow commands, one per diagnostic, which GitHub
//! shows as annotations on the pull request.

use super::FileReport;
use crate::diagnostics::Severity;

/// Escapes the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`, which separate properties).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command of a severity: GitHub calls a note a `notice`.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

pub fn render(files: &[FileReport]) -> String {
    let mut out = String::new();
    for f in files {
        for d in &f.diagnostics {
            let (file, (line, col, end_line, end_col)) = f.locate(d);
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(h);
            }
            out.push_str(&format!(
                "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
                command(d.severity),
                property(file),
                property(&format!("{} {}", d.code, d.code.title())),
                data(&message)
            ));
        }
    }
    out
}
