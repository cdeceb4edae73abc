//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards.

use super::FileReport;
use crate::diagnostics::codes::{Code, Severity};
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn region(f: &FileReport, span: crate::ast::Span) -> Value {
    let (line, col, end_line, end_col) = f.range(span);
    json!({"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col})
}

/// Where people learn about the tool (`driver.informationUri`): the package's homepage once
/// Cargo.toml names one, until then Stripe's Apps documentation, which the codes refer to.
fn information_uri() -> &'static str {
    match env!("CARGO_PKG_HOMEPAGE") {
        "" => "https://docs.stripe.com/stripe-apps",
        home => home,
    }
}

/// A path as a SARIF `artifactLocation.uri`: an absolute path becomes a `file://` URI (SARIF
/// wants absolute locations as absolute URIs, not relative references that start with `/`),
/// a relative one a relative reference; both with `/` separators and percent-encoding.
pub fn artifact_uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let bytes = slashed.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let encoded = percent_encode(&slashed);
    if slashed.starts_with('/') {
        format!("file://{encoded}")
    } else if drive {
        // `C:/x` keeps its colon: `file:///C:/x`.
        format!(
            "file:///{}:{}",
            &slashed[..1],
            percent_encode(&slashed[2..])
        )
    } else {
        encoded
    }
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn render(files: &[FileReport]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|&c| {
            json!({
                "id": c.as_str(),
                "name": c.title(),
                "shortDescription": {"text": c.title()},
                "fullDescription": {"text": c.explanation().lines().find(|l| !l.trim().is_empty() && !l.starts_with('#')).unwrap_or(c.title())},
                "help": {"text": format!("Run `stripeapp explain {}` for details.", c.as_str()), "markdown": c.explanation()},
                "defaultConfiguration": {"level": level(c.severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in files {
        let uri = artifact_uri(&f.path);
        for d in &f.diagnostics {
            let location = |span| json!({"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region(f, span)}});
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
                    json!({"description": {"text": fix.title()}, "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}]})
                })
                .collect();
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!(" (help: {h})"));
            }
            let rule_index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            // Found in the app's TypeScript: located there, the declaration related.
            let primary = match &d.elsewhere {
                Some(other) => {
                    let (line, col, end_line, end_col) = other.range(d.span);
                    json!({"physicalLocation": {"artifactLocation": {"uri": other.path.replace('\\', "/")}, "region": {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}}})
                }
                None => location(d.span),
            };
            results.push(json!({
                "ruleId": d.code,
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [primary],
                "relatedLocations": related,
                "fixes": fixes,
            }));
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "stripeapp",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": information_uri(),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::artifact_uri;

    #[test]
    fn absolute_paths_are_file_uris_and_relative_ones_stay_relative() {
        assert_eq!(
            artifact_uri("/tmp/my app/ü.stripeapp"),
            "file:///tmp/my%20app/%C3%BC.stripeapp"
        );
        assert_eq!(
            artifact_uri("C:\\apps\\a b.stripeapp"),
            "file:///C:/apps/a%20b.stripeapp"
        );
        assert_eq!(
            artifact_uri("apps/invoice-sync.stripeapp"),
            "apps/invoice-sync.stripeapp"
        );
        assert_eq!(artifact_uri("apps\\x#1.stripeapp"), "apps/x%231.stripeapp");
    }
}
