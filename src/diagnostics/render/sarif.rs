//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards.

use super::FileReport;
use crate::diagnostics::codes::{CODES, Severity};
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn region(f: &FileReport, span: crate::ast::Span) -> Value {
    let (line, col, end_line, end_col) = f.range(span);
    json!({"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col})
}

pub fn render(files: &[FileReport]) -> String {
    let rules: Vec<Value> = CODES
        .iter()
        .map(|c| {
            json!({
                "id": c.code,
                "name": c.title,
                "shortDescription": {"text": c.title},
                "fullDescription": {"text": c.explanation.lines().find(|l| !l.trim().is_empty() && !l.starts_with('#')).unwrap_or(c.title)},
                "help": {"text": format!("Run `stripeapp explain {}` for details.", c.code), "markdown": c.explanation},
                "defaultConfiguration": {"level": level(c.severity)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in files {
        for d in &f.diagnostics {
            let location = |span| json!({"physicalLocation": {"artifactLocation": {"uri": f.path.replace('\\', "/")}, "region": region(f, span)}});
            let related: Vec<Value> = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = location(l.span);
                    loc["id"] = json!(i + 1);
                    loc["message"] = json!({"text": l.message});
                    loc
                })
                .collect();
            let fixes: Vec<Value> = d
                .fixes
                .iter()
                .map(|fix| {
                    let replacements: Vec<Value> = fix
                        .edits
                        .iter()
                        .map(|e| json!({"deletedRegion": region(f, e.span), "insertedContent": {"text": e.new_text}}))
                        .collect();
                    json!({"description": {"text": fix.title}, "artifactChanges": [{"artifactLocation": {"uri": f.path.replace('\\', "/")}, "replacements": replacements}]})
                })
                .collect();
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!(" (help: {h})"));
            }
            let rule_index = CODES.iter().position(|c| c.code == d.code).unwrap_or(0);
            results.push(json!({
                "ruleId": d.code,
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location(d.span)],
                "relatedLocations": related,
                "fixes": fixes,
            }));
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "stripeapp", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
