//! `stripeapp check --release`: every release code failing and passing, the consent diff in
//! human and JSON output, the earlier manifest beside the file and at a git revision.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{bin, temp_dir};

/// A PNG header (signature and IHDR) of the given size: all the check reads.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(&13u32.to_be_bytes());
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

const GOOD: &str = r#"app "com.acme.crm" {
  name "CRM Sync"
  version "1.0.0"
  icon "./icon.png"
}

permission customer_read "Show the customer's CRM contact"

urls "Load the customer's contact from your CRM" {
  connect "https://crm.acme.com/api/v1/"
}

view Contact on stripe.dashboard.customer.detail {
  calls customers.retrieve
  fetch "https://crm.acme.com/api/v1/contact"
}
"#;

/// Runs `check --release --format json` (plus `extra`) and returns the report.
fn release(dir: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    // The starter views of the first compile call what was declared then; these tests are
    // about the consent diff of changed declarations, not about that code (tests/scan.rs).
    let out = bin()
        .args(["check", "--release", "--no-scan", "--format", "json"])
        .args(extra)
        .arg(dir.join("app.stripeapp"))
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), doc)
}

fn codes(doc: &Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn project(name: &str, source: &str, icon: Option<Vec<u8>>) -> PathBuf {
    let dir = temp_dir("release", name);
    std::fs::write(dir.join("app.stripeapp"), source).unwrap();
    if let Some(bytes) = icon {
        std::fs::write(dir.join("icon.png"), bytes).unwrap();
    }
    dir
}

#[test]
fn a_finished_app_passes_and_a_first_release_has_no_diff() {
    let dir = project("good", GOOD, Some(png(300, 300)));
    let (code, doc) = release(&dir, &[]);
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(codes(&doc), Vec::<String>::new());
    assert_eq!(doc["release"][0]["consent"], Value::Null);
    // Without --release the report has no release section.
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(dir.join("app.stripeapp"))
        .output()
        .unwrap();
    let plain: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(plain.get("release").is_none());
}

#[test]
fn icon_rules() {
    let missing = project("icon-missing", GOOD, None);
    assert_eq!(codes(&release(&missing, &[]).1), ["R0101"]);
    let gif = project("icon-gif", GOOD, Some(b"GIF89a\x01\x00".to_vec()));
    let (code, doc) = release(&gif, &[]);
    assert_eq!((code, codes(&doc)), (Some(1), vec!["R0101".to_string()]));
    assert!(
        doc["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a PNG")
    );
    let small = project("icon-small", GOOD, Some(png(64, 64)));
    let (code, doc) = release(&small, &[]);
    assert_eq!((code, codes(&doc)), (Some(0), vec!["R0102".to_string()]));
    assert!(
        doc["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("64×64")
    );
    let none = project(
        "icon-none",
        &GOOD.replace("  icon \"./icon.png\"\n", ""),
        None,
    );
    assert_eq!(codes(&release(&none, &[]).1), ["R0103"]);
}

#[test]
fn placeholders() {
    let source = GOOD
        .replace("com.acme.crm", "com.example.crm")
        .replace("Show the customer's CRM contact", "TODO")
        .replace(
            "Load the customer's contact from your CRM",
            "Call the app's backend",
        );
    let dir = project("placeholders", &source, Some(png(300, 300)));
    let (code, doc) = release(&dir, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&doc), ["R0201", "R0202", "R0203"]);
    // The catalogue's own description, as `check --fix` inserts it, is R0203 too.
    let description = stripeapp::catalogue::permission("customer_read")
        .unwrap()
        .description;
    let dir = project(
        "catalogue-purpose",
        &GOOD.replace("Show the customer's CRM contact", description),
        Some(png(300, 300)),
    );
    assert_eq!(codes(&release(&dir, &[]).1), ["R0203"]);
}

fn compile(dir: &Path) {
    let out = bin()
        .arg("compile")
        .arg(dir.join("app.stripeapp"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn consent_diff_against_the_last_compile() {
    let dir = project("consent", GOOD, Some(png(300, 300)));
    compile(&dir);
    // Unchanged: no diff, no error.
    let (code, doc) = release(&dir, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        doc["release"][0]["consent"]["permissions"]["added"],
        Value::Array(vec![])
    );
    // Widened permission and URL, an added permission, same version: R0301.
    let changed = GOOD
        .replace("permission customer_read", "permission customer_write")
        .replace("api/v1/\"\n}", "api/\"\n}")
        .replace(
            "permission customer_write \"Show the customer's CRM contact\"",
            "permission customer_write \"Show the customer's CRM contact\"\npermission user_email_read \"Say who saved the note\"",
        )
        .replace("calls customers.retrieve", "calls customers.update, sdk.getDashboardUserEmail");
    std::fs::write(dir.join("app.stripeapp"), &changed).unwrap();
    let (code, doc) = release(&dir, &[]);
    assert_eq!(code, Some(1), "{doc}");
    assert_eq!(codes(&doc), ["R0301"]);
    let consent = &doc["release"][0]["consent"];
    assert_eq!(consent["against"], "stripe-app.json");
    assert_eq!(consent["permissions"]["added"][0], "user_email_read");
    assert_eq!(
        consent["permissions"]["widened"][0]["from"],
        "customer_read"
    );
    assert_eq!(consent["permissions"]["widened"][0]["to"], "customer_write");
    assert_eq!(
        consent["urls"]["widened"][0]["to"],
        "connect https://crm.acme.com/api/"
    );
    // The human report prints the same diff.
    let out = bin()
        .args(["check", "--release", "--no-scan"])
        .arg(dir.join("app.stripeapp"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("+ permission user_email_read"), "{text}");
    assert!(
        text.contains("^ permission customer_read → customer_write"),
        "{text}"
    );
    // A bumped version passes; a lower one is a warning.
    std::fs::write(dir.join("app.stripeapp"), changed.replace("1.0.0", "1.1.0")).unwrap();
    assert_eq!(release(&dir, &[]).0, Some(0));
    assert_eq!(codes(&release(&dir, &[]).1), Vec::<String>::new());
    std::fs::write(dir.join("app.stripeapp"), changed.replace("1.0.0", "0.9.0")).unwrap();
    assert_eq!(codes(&release(&dir, &[]).1), ["R0302"]);
    // An unreadable earlier manifest says so.
    std::fs::write(dir.join("stripe-app.json"), "not json").unwrap();
    assert_eq!(codes(&release(&dir, &[]).1), ["R0303"]);
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn consent_diff_against_a_git_revision() {
    let dir = project("against", GOOD, Some(png(300, 300)));
    if !git(&dir, &["init", "-q"]) {
        assert!(std::env::var("CI").is_err(), "git is missing under CI");
        eprintln!("SKIPPED consent_diff_against_a_git_revision: git is not installed");
        return;
    }
    compile(&dir);
    assert!(git(&dir, &["add", "stripe-app.json"]));
    assert!(git(&dir, &["commit", "-q", "-m", "release 1.0.0"]));
    // The working copy's manifest is rewritten, so only the revision shows the change.
    let changed = GOOD.replace("version \"1.0.0\"", "version \"1.0.0\"\n  distribution private").replace(
        "permission customer_read \"Show the customer's CRM contact\"",
        "permission customer_read \"Show the customer's CRM contact\"\npermission invoice_read \"Show the customer's invoices\"",
    ).replace("calls customers.retrieve", "calls customers.retrieve, invoices.list");
    std::fs::write(dir.join("app.stripeapp"), &changed).unwrap();
    compile(&dir);
    assert_eq!(codes(&release(&dir, &[]).1), Vec::<String>::new());
    let (code, doc) = release(&dir, &["--against", "HEAD"]);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&doc), ["R0301"]);
    assert_eq!(
        doc["release"][0]["consent"]["against"],
        "HEAD:stripe-app.json"
    );
    assert_eq!(
        doc["release"][0]["consent"]["permissions"]["added"][0],
        "invoice_read"
    );
    // A revision git does not know is a command error (exit 2), not a finding.
    let out = bin()
        .args(["check", "--release", "--against", "no-such-rev"])
        .arg(dir.join("app.stripeapp"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
