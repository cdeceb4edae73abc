//! `stripeapp grant` and `stripeapp check --fix`: where the remedy is mechanical they
//! leave a file that checks clean, changed only by the inserted lines, with its layout
//! and comments intact. Refusals (unknown, obsolete, duplicate, invalid URL) change
//! nothing; exit codes.

use std::path::Path;
use std::process::Output;
use stripeapp::cli::grant::{grant_permission, grant_url};

mod common;
use common::{bin, temp_dir};

/// A file with its own layout (tabs, `;`, a one-line block, odd spacing) and comments,
/// whose only problems are a missing permission and an uncovered URL.
const NEEDS: &str = "// Orders: shows a customer's orders.\n\
app \"com.example.orders\" {   // the app\n\
\tname \"Orders\"; version \"1.0.0\"\n\
}\n\
\n\
/// Why we read invoices.\n\
permission invoice_read   \"Show invoices\"   // aligned on purpose\n\
\n\
urls \"Reach the orders API\" {\n\
\x20   connect \"https://orders.example.com/api/\"  // the API\n\
}\n\
\n\
view Orders on stripe.dashboard.customer.detail { calls customers.retrieve, invoices.list ; fetch \"https://cdn.example.com/orders/list\" }\n\
// trailing comment at the end\n";

fn diagnostics(text: &str) -> Vec<String> {
    stripeapp::analyse(text)
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

/// `after` is `before` with whole lines added: every line of `before` is still there,
/// in order and unchanged. Returns the added lines.
fn added_lines(before: &str, after: &str) -> Vec<String> {
    let mut old = before.lines().peekable();
    let mut added = Vec::new();
    for line in after.lines() {
        if old.peek() == Some(&line) {
            old.next();
        } else {
            added.push(line.to_string());
        }
    }
    assert!(
        old.peek().is_none(),
        "a line of the original is gone: {:?}\n{after}",
        old.peek()
    );
    added
}

#[test]
fn grant_fixes_what_check_reports_and_changes_nothing_else() {
    let before = diagnostics(NEEDS);
    assert!(before.iter().any(|d| d.starts_with("E0301")), "{before:?}");
    assert!(before.iter().any(|d| d.starts_with("E0401")), "{before:?}");

    let g = grant_permission(NEEDS, "customer_read", Some("Show the customer")).unwrap();
    assert_eq!(
        added_lines(NEEDS, &g.text),
        ["permission customer_read  \"Show the customer\""]
    );
    let g2 = grant_url(&g.text, "https://cdn.example.com/orders/", None).unwrap();
    assert_eq!(
        added_lines(&g.text, &g2.text),
        ["    connect \"https://cdn.example.com/orders/\""]
    );
    assert!(
        diagnostics(&g2.text).is_empty(),
        "{:?}\n{}",
        diagnostics(&g2.text),
        g2.text
    );
}

#[test]
fn check_fix_fixes_what_is_mechanical_and_changes_nothing_else() {
    let dir = temp_dir("grant", "fix");
    let file = dir.join("orders.stripeapp");
    std::fs::write(&file, NEEDS).unwrap();
    let out = bin().args(["check", "--fix"]).arg(&file).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let fixed = std::fs::read_to_string(&file).unwrap();
    let added = added_lines(NEEDS, &fixed);
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(
        added[0].starts_with("permission customer_read "),
        "{added:?}"
    );
    assert!(
        added[1].contains("connect \"https://cdn.example.com/orders/list\""),
        "{added:?}"
    );
    assert!(
        diagnostics(&fixed)
            .iter()
            .all(|d| d.starts_with("W0602 the purpose of `customer_read`")),
        "{:?}\n{fixed}",
        diagnostics(&fixed)
    );
    assert!(
        added[0].contains("\"TODO: say what the app does with customer_read\""),
        "{added:?}"
    );
    // A second run has nothing left to do.
    let again = bin().args(["check", "--fix"]).arg(&file).output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
}

#[test]
fn check_fix_creates_the_urls_block_once() {
    let text = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n\n\
permission customer_read \"Read\"\n\n\
view V on settings {\n  calls customers.retrieve\n  fetch \"https://a.example/x\", \"https://b.example/y\"\n}\n";
    let dir = temp_dir("grant", "fix-urls");
    let file = dir.join("a.stripeapp");
    std::fs::write(&file, text).unwrap();
    let out = bin().args(["check", "--fix"]).arg(&file).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fixed = std::fs::read_to_string(&file).unwrap();
    added_lines(text, &fixed);
    assert_eq!(fixed.matches("urls ").count(), 1, "{fixed}");
    assert!(diagnostics(&fixed).is_empty(), "{fixed}");
}

#[test]
fn grant_keeps_a_formatted_file_formatted() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let text = std::fs::read_to_string(examples.join("invoice-sync.stripeapp")).unwrap();
    let text = stripeapp::fmt::format(&text).unwrap();
    let g = grant_permission(&text, "customer_read", Some("Show customers")).unwrap();
    assert_eq!(stripeapp::fmt::format(&g.text).unwrap(), g.text);
    let g = grant_url(&g.text, "https://api.other.example/v2/", None).unwrap();
    assert_eq!(stripeapp::fmt::format(&g.text).unwrap(), g.text);
    // A new `urls` block, after the permissions.
    let bare = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n\npermission customer_read \"Read\"\n\nview V on settings\n";
    let g = grant_url(bare, "https://api.example.com/v1/", Some("Call the API")).unwrap();
    assert_eq!(
        g.text,
        "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n\npermission customer_read \"Read\"\n\n\
urls \"Call the API\" {\n  connect \"https://api.example.com/v1/\"\n}\n\nview V on settings\n"
    );
    assert_eq!(stripeapp::fmt::format(&g.text).unwrap(), g.text);
    // Without permissions: after the app block, with a blank line.
    let app_only = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n";
    let g = grant_permission(app_only, "event_read", Some("Events")).unwrap();
    assert_eq!(
        g.text,
        format!("{app_only}\npermission event_read \"Events\"\n")
    );
    assert_eq!(g.line, 6);
}

#[test]
fn grant_url_into_one_line_and_empty_blocks_and_crlf_files() {
    let one = "app \"a\" { name \"A\"; version \"1\" }\nurls \"p\" { connect \"https://a.example/x/\" }\n";
    let g = grant_url(one, "https://b.example/y/", None).unwrap();
    assert!(
        g.text
            .contains("{ connect \"https://a.example/x/\"; connect \"https://b.example/y/\" }"),
        "{}",
        g.text
    );
    let empty = "app \"a\" { name \"A\"; version \"1\" }\nurls \"p\" {}\n";
    let g = grant_url(empty, "https://b.example/y/", None).unwrap();
    assert!(
        g.text
            .contains("urls \"p\" { connect \"https://b.example/y/\" }"),
        "{}",
        g.text
    );
    let crlf = "app \"a\" {\r\n  name \"A\"\r\n  version \"1\"\r\n}\r\n";
    let g = grant_permission(crlf, "event_read", Some("Events")).unwrap();
    assert_eq!(
        g.text,
        format!("{crlf}\r\npermission event_read \"Events\"\r\n")
    );
    let g = grant_url(&g.text, "https://a.example/x/", None).unwrap();
    assert!(g.text.contains("\r\nurls \"Fetch data from a.example\" {\r\n  connect \"https://a.example/x/\"\r\n}\r\n"), "{:?}", g.text);
    assert!(!g.text.replace("\r\n", "").contains('\n'));
}

#[test]
fn grant_refuses_what_check_would_reject() {
    let text = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n\npermission customer_read \"Read\"\n\nurls \"p\" {\n  connect \"https://api.example.com/v1/\"\n}\n";
    let refused = |r: Result<_, stripeapp::cli::grant::Refused>| match r {
        Ok(_) => panic!("granted"),
        Err(r) => (
            r.message,
            r.help.unwrap_or_default(),
            r.diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect::<Vec<_>>(),
        ),
    };
    let (m, h, _) = refused(grant_permission(text, "custmer_read", None));
    assert!(
        m.contains("`custmer_read` is not a Stripe permission"),
        "{m}"
    );
    assert_eq!(h, "did you mean `customer_read`?");
    let (m, h, _) = refused(grant_permission(text, "shpping_rate_write", None));
    assert!(m.contains("typo"), "{m}");
    assert_eq!(h, "use `shipping_rate_write` instead");
    let (m, h, _) = refused(grant_permission(text, "datastore_write", None));
    assert!(m.contains("obsolete"), "{m}");
    assert_eq!(h, "use `secret_write` instead");
    let (m, _, _) = refused(grant_permission(text, "customer_read", None));
    assert!(m.contains("already requested (line 6)"), "{m}");
    let (m, _, _) = refused(grant_permission(text, "event_read", Some("  ")));
    assert!(m.contains("purpose is empty"), "{m}");

    let (m, _, _) = refused(grant_url(text, "https://api.example.com/v1/", None));
    assert!(m.contains("already a `connect` entry (line 9)"), "{m}");
    let (m, _, _) = refused(grant_url(text, "https://API.example.com/v1/orders", None));
    assert!(m.contains("already allowed by"), "{m}");
    for (url, code) in [
        ("http://plain.example/x", "E0501"),
        ("https://q.example/x?a=1", "E0502"),
        ("https://api.stripe.com/v1/", "E0503"),
        ("https://nopath.example", "E0504"),
        ("https://a.*.example/x", "E0505"),
        ("not a url", "E0506"),
    ] {
        let (_, _, codes) = refused(grant_url(text, url, None));
        assert_eq!(codes, [code], "{url}");
    }
    // Plain http to localhost is a warning: granted, with the warning as a note.
    let g = grant_url(text, "http://localhost:4242/api/", None).unwrap();
    assert!(g.notes.iter().any(|n| n.contains("W0102")), "{:?}", g.notes);

    let broken = "app \"a\" {\n  name \"A\"\n  version 1\n}\n";
    let (m, _, _) = refused(grant_permission(broken, "customer_read", None));
    assert!(m.contains("syntax errors"), "{m}");
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

#[test]
fn grant_command_edits_the_only_file_in_the_directory() {
    let dir = temp_dir("grant", "command");
    let text = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n";
    std::fs::write(dir.join("a.stripeapp"), text).unwrap();
    let out = run_in(
        &dir,
        &["grant", "permission", "customer_read", "Show customers"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("a.stripeapp:6: added permission customer_read"),
        "{err}"
    );
    let out = run_in(
        &dir,
        &[
            "grant",
            "url",
            "https://api.example.com/v1/",
            "Call the API",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let now = std::fs::read_to_string(dir.join("a.stripeapp")).unwrap();
    assert!(
        now.contains("urls \"Call the API\" {\n  connect \"https://api.example.com/v1/\"\n}"),
        "{now}"
    );
    // An existing block keeps its purpose, and says so.
    let out = run_in(
        &dir,
        &["grant", "url", "https://b.example/v1/", "Other purpose"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("keeps its purpose"));
    assert!(
        !std::fs::read_to_string(dir.join("a.stripeapp"))
            .unwrap()
            .contains("Other purpose")
    );
}

#[test]
fn grant_exit_codes() {
    let dir = temp_dir("grant", "codes");
    // No file: 2.
    let out = run_in(&dir, &["grant", "permission", "customer_read", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--file"));
    // Several files: 2.
    let text = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n";
    std::fs::write(dir.join("a.stripeapp"), text).unwrap();
    std::fs::write(dir.join("b.stripeapp"), text).unwrap();
    let out = run_in(&dir, &["grant", "permission", "customer_read", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a.stripeapp, b.stripeapp"));
    // --file chooses, from anywhere.
    let out = bin()
        .args(["grant", "permission", "customer_read", "x", "--file"])
        .arg(dir.join("b.stripeapp"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("a.stripeapp")).unwrap(),
        text
    );
    // A missing --file: 2. Bad arguments: 2.
    let out = run_in(
        &dir,
        &[
            "grant",
            "--file",
            "missing.stripeapp",
            "url",
            "https://a.example/x/",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run_in(&dir, &["grant", "scope", "x"]);
    assert_eq!(out.status.code(), Some(2));
    // Refusals: 1, nothing written.
    for args in [
        &[
            "grant",
            "--file",
            "a.stripeapp",
            "permission",
            "custmer_read",
            "x",
        ][..],
        &[
            "grant",
            "--file",
            "b.stripeapp",
            "permission",
            "customer_read",
            "x",
        ],
        &[
            "grant",
            "--file",
            "a.stripeapp",
            "url",
            "http://plain.example/x",
        ],
    ] {
        let out = run_in(&dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("nothing was written"), "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("a.stripeapp")).unwrap(),
        text
    );
    // The did-you-mean reaches the user.
    let out = run_in(
        &dir,
        &[
            "grant",
            "--file",
            "a.stripeapp",
            "permission",
            "custmer_read",
            "x",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `customer_read`?"));
}

/// Every grant leaves a formatted file formatted: each example, formatted, given a
/// permission (with and without a purpose) and a URL.
#[test]
fn every_grant_on_every_formatted_example_leaves_it_formatted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "stripeapp") {
            continue;
        }
        let text = stripeapp::fmt::format(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for g in [
            grant_permission(&text, "tax_rate_read", None),
            grant_permission(
                &text,
                "tax_rate_read",
                Some("Show the tax rates of an invoice"),
            ),
            grant_url(&text, "https://grant.example.com/v1/", None),
        ] {
            let g = g.unwrap_or_else(|r| panic!("{}: {}", path.display(), r.message));
            assert_eq!(
                stripeapp::fmt::is_formatted(&g.text),
                Ok(true),
                "{}:\n{}",
                path.display(),
                g.text
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked}");
}
