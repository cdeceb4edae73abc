//! `--format json`: the document of SPEC §7.

use super::{FileReport, counts, notes};
use serde_json::{Value, json};

pub fn render(files: &[FileReport]) -> String {
    let mut diagnostics = Vec::new();
    for f in files {
        for d in &f.diagnostics {
            let (file, (line, column, end_line, end_column)) = f.locate(d);
            let labels: Vec<Value> = d
                .labels
                .iter()
                .map(|l| {
                    let (line, column, end_line, end_column) = f.range(l.span);
                    json!({"file": f.path, "message": l.message, "line": line, "column": column, "end_line": end_line, "end_column": end_column})
                })
                .collect();
            let fixes: Vec<Value> = d
                .fixes
                .iter()
                .map(|fix| {
                    let edits: Vec<Value> = fix
                        .edits
                        .iter()
                        .map(|e| {
                            let (line, column, end_line, end_column) = f.range(e.span);
                            json!({"line": line, "column": column, "end_line": end_line, "end_column": end_column, "new_text": e.new_text})
                        })
                        .collect();
                    json!({"title": fix.title(), "edits": edits})
                })
                .collect();
            diagnostics.push(json!({
                "file": file,
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "labels": labels,
                "help": d.help,
                "fixes": fixes,
            }));
        }
    }
    let (errors, warnings) = counts(files);
    let doc = json!({
        "diagnostics": diagnostics,
        "errors": errors,
        "warnings": warnings,
        "notes": notes(files),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
