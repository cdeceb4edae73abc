//! `--format github`: GitHub Actions workflow commands, one per diagnostic, which GitHub
//! shows as annotations on the pull request.

use super::FileReport;

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
                d.severity.as_str(),
                property(file),
                property(&format!("{} {}", d.code, d.code.title())),
                data(&message)
            ));
        }
    }
    out
}
