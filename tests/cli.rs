//! The command line as users and CI see it: exit codes, machine formats, directories,
//! `--fix`, bad input files and closed pipes.

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

mod common;
use common::{bin, temp_dir};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

const BROKEN: &str = r#"app "com.example.broken" {
  name "Broken"
  version "1.0.0"
}

permission event_read "Receive events"

view Customer on stripe.dashboard.customer.detail {
  title "Caf\u{e9} 💶"; calls customers.update
}
"#;

#[test]
fn clean_example_exits_zero_and_reports_nothing() {
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(example("invoice-sync.stripeapp"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"], Value::Array(vec![]));
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["warnings"], 0);
}

#[test]
fn json_shape_and_unicode_columns() {
    let dir = temp_dir("cli", "json");
    let file = dir.join("app.stripeapp");
    std::fs::write(&file, BROKEN).unwrap();
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["warnings"], 1, "{doc:#}");
    let diags = doc["diagnostics"].as_array().unwrap();
    // Sorted by line: the unused event_read (line 6) comes before the call (line 9).
    assert_eq!(diags[0]["code"], "W0201");
    let d = &diags[1];
    for key in [
        "file",
        "severity",
        "code",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "labels",
        "help",
        "fixes",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "E0301");
    assert!(d["message"].as_str().unwrap().contains("customers.update"));
    assert!(d["message"].as_str().unwrap().contains("customer_write"));
    assert_eq!(d["line"], 9);
    // `  title "Caf\u{e9} 💶"; calls ` is 29 scalar values (💶 counts once), so the method
    // starts in column 30 and ends (exclusive) 16 columns later.
    let line9 = BROKEN.lines().nth(8).unwrap();
    let col = line9[..line9.find("customers").unwrap()].chars().count() + 1;
    assert_eq!(d["column"], col);
    assert_eq!(d["end_column"], col + "customers.update".len());
    let fix = &d["fixes"][0];
    assert!(fix["title"].as_str().unwrap().contains("customer_write"));
    let edit = &fix["edits"][0];
    assert_eq!(edit["line"], 7);
    assert_eq!(edit["column"], 1);
    assert!(
        edit["new_text"]
            .as_str()
            .unwrap()
            .starts_with("permission customer_write \"")
    );
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let dir = temp_dir("cli", "deny");
    let file = dir.join("app.stripeapp");
    std::fs::write(
        &file,
        "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\npermission customer_read \"Read\"\n",
    )
    .unwrap();
    let plain = bin().arg("check").arg(&file).output().unwrap();
    assert_eq!(plain.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&plain.stderr).contains("W0201"));
    let deny = bin()
        .args(["check", "--deny-warnings"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(deny.status.code(), Some(1));
}

#[test]
fn cannot_run_exits_two() {
    let missing = bin()
        .args(["check", "/nonexistent/app.stripeapp"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
    let bad_arg = bin()
        .args(["check", "--format", "xml", "x"])
        .output()
        .unwrap();
    assert_eq!(bad_arg.status.code(), Some(2));
    let empty = temp_dir("cli", "empty");
    let none = bin().arg("check").arg(&empty).output().unwrap();
    assert_eq!(none.status.code(), Some(2));
    let unknown_code = bin().args(["explain", "E9999"]).output().unwrap();
    assert_eq!(unknown_code.status.code(), Some(2));
}

#[test]
fn directory_is_checked_whole_in_order() {
    let dir = temp_dir("cli", "dir");
    std::fs::create_dir_all(dir.join("b/node_modules")).unwrap();
    std::fs::write(dir.join("a.stripeapp"), BROKEN).unwrap();
    std::fs::write(dir.join("b/c.stripeapp"), "permission x \"y\"\n").unwrap();
    // Dependencies are never checked.
    std::fs::write(dir.join("b/node_modules/d.stripeapp"), "garbage").unwrap();
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("a.stripeapp")));
    assert!(files.iter().any(|f| f.ends_with("c.stripeapp")));
    assert!(!files.iter().any(|f| f.contains("node_modules")));
    let first_c = files
        .iter()
        .position(|f| f.ends_with("c.stripeapp"))
        .unwrap();
    assert!(files[..first_c].iter().all(|f| f.ends_with("a.stripeapp")));
}

/// The files of each diagnostic, in output order, collapsed to runs.
fn file_runs(doc: &Value) -> Vec<String> {
    let mut runs: Vec<String> = Vec::new();
    for d in doc["diagnostics"].as_array().unwrap() {
        let f = d["file"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        if runs.last() != Some(&f) {
            runs.push(f);
        }
    }
    runs
}

#[test]
fn several_files_report_in_argument_order_directories_sorted() {
    // SPEC §4.12: argument order, a directory's files in sorted path order, each file once.
    let dir = temp_dir("cli", "order");
    std::fs::create_dir_all(dir.join("d")).unwrap();
    for name in [
        "z.stripeapp",
        "a.stripeapp",
        "d/m.stripeapp",
        "d/b.stripeapp",
    ] {
        std::fs::write(dir.join(name), BROKEN).unwrap();
    }
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(dir.join("z.stripeapp"))
        .arg(dir.join("d"))
        .arg(dir.join("a.stripeapp"))
        .arg(dir.join("z.stripeapp"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        file_runs(&doc),
        ["z.stripeapp", "b.stripeapp", "m.stripeapp", "a.stripeapp"]
    );
}

#[test]
fn sarif_and_github_formats() {
    let dir = temp_dir("cli", "sarif");
    let file = dir.join("app.stripeapp");
    std::fs::write(&file, BROKEN).unwrap();
    let out = bin()
        .args(["check", "--format", "sarif"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "stripeapp");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let r = results.iter().find(|r| r["ruleId"] == "E0301").unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        9
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(
        rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "E0301"
    );

    let out = bin()
        .args(["check", "--format", "github"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("::warning file="));
    assert!(lines[1].starts_with("::error file="));
    assert!(lines[1].contains(",line=9,col="));
    assert!(lines[1].contains("title=E0301"));
    // Newlines inside a message are escaped so each annotation stays one line.
    assert!(lines[1].contains("%0Ahelp%3A") || lines[1].contains("%0Ahelp:"));
}

#[test]
fn fix_inserts_missing_permissions_once_and_rechecks() {
    let dir = temp_dir("cli", "fix");
    let file = dir.join("app.stripeapp");
    let src = r#"// My app
app "com.example.fix" {
  name "Fixer"
  version "1.0.0"
}

/// Events
permission event_read "Receive events"  // keep me

view Customer on stripe.dashboard.customer.detail {
  calls customers.retrieve, customers.list
  fetch "https://api.example.com/v1/status"
}

backend "https://api.example.com/stripe" {
  on customer.created
}
"#;
    std::fs::write(&file, src).unwrap();
    let out = bin().args(["check", "--fix"]).arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("fixed"), "{stderr}");
    let fixed = std::fs::read_to_string(&file).unwrap();
    // customer_read is needed by two calls and the event: inserted once.
    assert_eq!(
        fixed.matches("permission customer_read").count(),
        1,
        "{fixed}"
    );
    assert!(
        fixed.contains("connect \"https://api.example.com/v1/status\""),
        "{fixed}"
    );
    // Comments and doc comments stay where they were.
    assert!(fixed.starts_with("// My app\n"));
    assert!(fixed.contains(
        "/// Events\npermission event_read \"Receive events\"  // keep me\npermission customer_read"
    ));
    let again = bin()
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    // A second --fix changes nothing.
    let before = std::fs::read_to_string(&file).unwrap();
    let _ = bin().args(["check", "--fix"]).arg(&file).output().unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let dir = temp_dir("cli", "utf8");
    let file = dir.join("app.stripeapp");
    std::fs::write(&file, b"app \"x\" {\n  name \"\xff\xfe\"\n}\n").unwrap();
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &doc["diagnostics"][0];
    assert!(d["message"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 9);
}

#[test]
fn closed_stdout_is_not_a_crash() {
    let mut child = bin()
        .args(["catalog", "methods"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then hang up, like `| head -c1`.
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    stdout.read_exact(&mut one).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn explain_every_code() {
    for code in stripeapp::diagnostics::Code::ALL {
        let out = bin()
            .args(["explain", &code.as_str().to_lowercase()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(code.as_str()), "{code}");
        assert!(text.contains("```"), "{code} has no example");
    }
}

#[test]
fn catalog_lists_and_filters() {
    let out = bin()
        .args(["catalog", "permissions", "customer_"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("customer_read") && text.contains("customer_write"));
    assert!(!text.contains("invoice_read "));
    let out = bin()
        .args(["catalog", "methods", "customers.retrieve", "--json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc.as_array()
            .unwrap()
            .iter()
            .any(|m| m["method"] == "customers.retrieve" && m["permission"] == "customer_read")
    );
    for kind in ["events", "viewports"] {
        let out = bin().args(["catalog", kind]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
    }
    let out = bin()
        .args(["catalog", "roles", "support", "--json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc[0]["id"], "support_specialist");
    assert_eq!(doc[0]["name"], "Support Specialist");
    let none = bin()
        .args(["catalog", "events", "zzzz-nothing"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn compile_and_import_take_the_same_output_options() {
    let dir = temp_dir("cli", "out-options");
    let source = std::fs::read_to_string(example("invoice-sync.stripeapp")).unwrap();
    std::fs::write(dir.join("app.stripeapp"), &source).unwrap();
    for flag in ["-o", "--out", "--output"] {
        let out_dir = dir.join(format!("compiled{flag}"));
        let out = bin()
            .arg("compile")
            .arg(dir.join("app.stripeapp"))
            .arg(flag)
            .arg(&out_dir)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "compile {flag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out_dir.join("stripe-app.json").is_file(), "compile {flag}");
    }
    let manifest = dir.join("compiled-o/stripe-app.json");
    for flag in ["-o", "--out", "--output"] {
        let target = dir.join(format!("imported{flag}.stripeapp"));
        let out = bin()
            .arg("import")
            .arg(&manifest)
            .arg(flag)
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "import {flag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(target.is_file(), "import {flag}");
    }
}

/// The body of the first fenced block of `lang` after `marker` in the README.
fn readme_block(marker: &str, lang: &str) -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let after = &readme[readme.find(marker).expect(marker)..];
    let fence = format!("```{lang}\n");
    let start = after.find(&fence).expect("fence") + fence.len();
    let end = start + after[start..].find("```").expect("closing fence");
    after[start..end].to_string()
}

#[test]
fn the_readme_json_example_is_the_real_output() {
    let marker = "### Machine-readable diagnostics";
    let source = readme_block(marker, "stripeapp");
    let documented: Value = serde_json::from_str(&readme_block(marker, "json")).unwrap();
    let dir = temp_dir("cli", "readme-json");
    std::fs::write(dir.join("app.stripeapp"), source).unwrap();
    let out = bin()
        .args(["check", "--format", "json", "app.stripeapp"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let real: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        real,
        documented,
        "{}",
        serde_json::to_string(&real).unwrap()
    );
}
