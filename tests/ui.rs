//! Fixture tests: every `tests/ui/**/*.stripeapp` file carries its expected diagnostics
//! inline, on the line they belong to:
//!
//! ```text
//! calls customers.update   //~ E0301 customer_write
//! //~^ W0403                (the line above)
//! ```
//!
//! After `//~` come a code and, optionally, text the message must contain. The run fails
//! when a diagnostic is missing, when one is reported that no marker expects, or when a
//! message lacks the expected text. A file without markers must check clean. The rendered
//! human report of each fixture is also snapshot-tested; re-bless with
//! `INSTA_UPDATE=always cargo test --test ui` (or `cargo insta review`).

use std::path::Path;
use stripeapp::diagnostics::render::{FileReport, human};
use stripeapp::text::LineIndex;

mod common;
use common::files_under;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    line: usize,
    code: String,
    text: String,
}

fn expectations(text: &str) -> Vec<Expected> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("//~") {
            let after = &rest[at + 3..];
            let up = after.chars().take_while(|c| *c == '^').count();
            let body = after[up..].trim();
            // A marker runs to the next marker on the same line.
            let body = body.split("//~").next().unwrap_or("").trim();
            let (code, msg) = body.split_once(' ').unwrap_or((body, ""));
            out.push(Expected {
                line: i + 1 - up.min(i),
                code: code.to_string(),
                text: msg.trim().to_string(),
            });
            rest = &after[up..];
        }
    }
    out
}

fn check_fixture(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let analysis = stripeapp::analyse(&text);
    let index = LineIndex::new(&text);
    let mut expected = expectations(&text);
    let mut problems = Vec::new();
    for d in &analysis.diagnostics {
        let (line, col, _, _) = index.range_1based(&text, d.span);
        let full = format!(
            "{} {} {}",
            d.message,
            d.help.clone().unwrap_or_default(),
            d.labels
                .iter()
                .map(|l| l.message.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
        match expected
            .iter()
            .position(|e| e.line == line && e.code == d.code.as_str() && full.contains(&e.text))
        {
            Some(i) => {
                expected.remove(i);
            }
            None => problems.push(format!(
                "{}:{line}:{col}: unexpected {} {}",
                path.display(),
                d.code,
                d.message
            )),
        }
    }
    for e in expected {
        problems.push(format!(
            "{}:{}: expected {} {:?}, not reported",
            path.display(),
            e.line,
            e.code,
            e.text
        ));
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let name = path.display().to_string();
    let report = FileReport::new(name, text, analysis.diagnostics);
    Ok(human::render(&[report], false))
}

#[test]
fn ui_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    files.extend(files_under(&root.join("tests/ui"), Some("stripeapp")));
    assert!(!files.is_empty(), "no fixtures under tests/ui");
    let mut failures = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(root).unwrap_or(f).to_path_buf();
        match check_fixture(&rel) {
            Ok(rendered) => {
                let snap = rel
                    .strip_prefix("tests/ui")
                    .unwrap_or(&rel)
                    .with_extension("")
                    .display()
                    .to_string()
                    .replace(['/', '\\'], "__");
                insta::with_settings!({snapshot_path => root.join("tests/ui/snapshots"), prepend_module_to_snapshot => false, omit_expression => true}, {
                    insta::assert_snapshot!(snap, rendered);
                });
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The examples are fixtures too: each checks with zero diagnostics.
#[test]
fn examples_check_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    files.extend(files_under(&root.join("examples"), Some("stripeapp")));
    assert!(files.len() >= 8, "expected at least eight examples");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let a = stripeapp::analyse(&text);
        assert!(
            a.diagnostics.is_empty(),
            "{} has diagnostics: {:#?}",
            f.display(),
            a.diagnostics
        );
    }
}
