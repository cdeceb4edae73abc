//! `stripeapp revoke`: the way back from `grant`. It removes the declaration (with its `///`
//! comment), leaves a formatted file formatted, and refuses, changing nothing, while a call,
//! event, `sdk.` function, `fetch` or used endpoint still needs what is revoked.

mod common;
use common::temp_dir;

use std::path::Path;
use std::process::Command;
use stripeapp::cli::grant::{grant_permission, grant_url};
use stripeapp::cli::revoke::{revoke_permission, revoke_url};

fn examples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "stripeapp"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.display().to_string(),
                stripeapp::fmt::format(&text).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn revoke_undoes_grant_on_every_example() {
    for (path, text) in examples() {
        let g = grant_permission(&text, "tax_rate_read", Some("Show tax rates")).unwrap();
        let r = revoke_permission(&g.text, "tax_rate_read").unwrap();
        assert_eq!(r.text, text, "{path}: grant then revoke permission");
        let g = grant_url(&text, "https://revoke.example.com/v1/", Some("Reach it")).unwrap();
        let r = revoke_url(&g.text, "https://revoke.example.com/v1/").unwrap();
        assert_eq!(r.text, text, "{path}: grant then revoke url");
    }
}

#[test]
fn revoke_refuses_while_something_needs_it_and_names_each_user() {
    let text = "app \"com.example.r\" {\n  name \"R\"\n  version \"1.0.0\"\n}\n\n\
                permission customer_read \"Show the customer\"\n\
                permission event_read    \"Receive events\"\n\n\
                urls \"Reach the CRM\" {\n  connect \"https://crm.example.com/api/\"\n}\n\n\
                view Customer on stripe.dashboard.customer.detail {\n  \
                calls customers.retrieve\n  fetch \"https://crm.example.com/api/contacts\"\n}\n\n\
                backend \"https://api.example.com/stripe\" {\n  on customer.updated\n}\n";
    assert!(!stripeapp::analyse(text).has_errors());
    let r = revoke_permission(text, "customer_read").unwrap_err();
    assert!(
        r.message.contains("`customers.retrieve` (line 14)")
            && r.message.contains("`customer.updated` (line 19)")
            && r.message.contains("nothing was written"),
        "{}",
        r.message
    );
    let codes: Vec<String> = r.diagnostics.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(codes, ["E0301", "E0302"]);
    let r = revoke_permission(text, "event_read").unwrap_err();
    assert!(r.message.contains("`customer.updated`"), "{}", r.message);
    let r = revoke_url(text, "https://crm.example.com/api/").unwrap_err();
    assert!(
        r.message
            .contains("`connect \"https://crm.example.com/api/\"` is still needed by `https://crm.example.com/api/contacts` (line 15)"),
        "{}",
        r.message
    );
}

#[test]
fn a_read_granted_by_a_declared_write_can_be_revoked() {
    let text = "app \"com.example.r\" {\n  name \"R\"\n  version \"1.0.0\"\n}\n\n\
                permission customer_read  \"Show the customer\"\n\
                permission customer_write \"Tag the customer\"\n\n\
                view Customer on stripe.dashboard.customer.detail {\n  \
                calls customers.retrieve, customers.update\n}\n";
    let r = revoke_permission(text, "customer_read").unwrap();
    assert_eq!(r.line, 6);
    assert!(!r.text.contains("customer_read"), "{}", r.text);
    assert!(!stripeapp::analyse(&r.text).has_errors());
    // Formatted before, formatted after: the group is re-aligned.
    assert!(
        r.text
            .contains("\npermission customer_write \"Tag the customer\"\n"),
        "{}",
        r.text
    );
    assert_eq!(stripeapp::fmt::is_formatted(&r.text), Ok(true));
}

#[test]
fn revoke_takes_the_doc_comment_and_leaves_others_on_a_shared_line() {
    let text = "app \"a\" { name \"A\"; version \"1\" }\n\n\
                /// Why we read tax rates.\n\
                permission tax_rate_read \"Show tax rates\"   // trailing\n\
                permission customer_read \"A\"; permission invoice_read \"B\"\n";
    let r = revoke_permission(text, "tax_rate_read").unwrap();
    assert_eq!(
        r.text,
        "app \"a\" { name \"A\"; version \"1\" }\n\n\
         permission customer_read \"A\"; permission invoice_read \"B\"\n"
    );
    let r = revoke_permission(text, "customer_read").unwrap();
    assert!(
        r.text.ends_with("\npermission invoice_read \"B\"\n"),
        "{}",
        r.text
    );
    let r = revoke_permission(text, "invoice_read").unwrap();
    assert!(
        r.text.ends_with("\npermission customer_read \"A\"; \n")
            || r.text.ends_with("\npermission customer_read \"A\";\n")
            || r.text.ends_with("\npermission customer_read \"A\"\n"),
        "{:?}",
        r.text
    );
    assert!(!stripeapp::analyse(&r.text).has_errors());
}

#[test]
fn revoking_the_last_url_removes_its_block() {
    let text = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n\n\
                urls \"Reach the API\" {\n  connect \"https://api.example.com/v1/\"\n}\n\n\
                view V on settings\n";
    let r = revoke_url(text, "https://api.example.com/v1/").unwrap();
    assert_eq!(
        r.text,
        "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n\nview V on settings\n"
    );
    assert!(r.summary.contains("its `urls` block"), "{}", r.summary);
    // One entry of two, in a one-line block.
    let one_line = "app \"a\" { name \"A\"; version \"1\" }\n\
                    urls \"p\" { connect \"https://a.example/x/\"; connect \"https://b.example/y/\" }\n";
    let r = revoke_url(one_line, "https://a.example/x/").unwrap();
    assert!(
        r.text
            .contains("urls \"p\" { connect \"https://b.example/y/\" }"),
        "{}",
        r.text
    );
}

#[test]
fn revoking_one_url_of_a_list_keeps_the_list_well_formed() {
    let text = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n\n\
                urls \"p\" {\n  connect \"https://a.example/x/\", \"https://b.example/y/\", \"https://c.example/z/\"\n}\n";
    let list = |t: &str| {
        t.lines()
            .find(|l| l.trim_start().starts_with("connect"))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    // The middle, the last and the first of a list: the comma goes with the URL.
    let r = revoke_url(text, "https://b.example/y/").unwrap();
    assert_eq!(
        list(&r.text),
        "connect \"https://a.example/x/\", \"https://c.example/z/\""
    );
    let r = revoke_url(&r.text, "https://c.example/z/").unwrap();
    assert_eq!(list(&r.text), "connect \"https://a.example/x/\"");
    let r = revoke_url(text, "https://a.example/x/").unwrap();
    assert_eq!(
        list(&r.text),
        "connect \"https://b.example/y/\", \"https://c.example/z/\""
    );
}

#[test]
fn revoke_refuses_what_is_not_there_with_the_nearest_name() {
    let text = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n\n\
                permission customer_read \"Show\"\n\n\
                urls \"Reach\" {\n  connect \"https://api.example.com/v1/\"\n}\n";
    let r = revoke_permission(text, "customer_raed").unwrap_err();
    assert!(r.message.contains("not requested"), "{}", r.message);
    assert_eq!(r.help.as_deref(), Some("did you mean `customer_read`?"));
    let r = revoke_url(text, "https://api.example.com/v1").unwrap_err();
    assert_eq!(
        r.help.as_deref(),
        Some("did you mean `https://api.example.com/v1/`?")
    );
    let r = revoke_permission("app \"a\" {\n", "customer_read").unwrap_err();
    assert!(r.message.contains("syntax errors"), "{}", r.message);
}

#[test]
fn revoke_command_writes_only_when_allowed() {
    let dir = temp_dir("revoke", "command");
    let text = "app \"a\" {\n  name \"A\"\n  version \"1\"\n}\n\n\
                permission customer_read \"Show\"\n\
                permission invoice_read  \"Show\"\n\n\
                view V on stripe.dashboard.customer.detail {\n  calls customers.retrieve\n}\n";
    let file = dir.join("a.stripeapp");
    std::fs::write(&file, text).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_stripeapp"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let out = run(&["revoke", "permission", "customer_read"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("E0301") && err.contains("still needed by `customers.retrieve`"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);

    let out = run(&["revoke", "permission", "invoice_read"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("a.stripeapp:7: removed permission invoice_read"),
        "{err}"
    );
    let now = std::fs::read_to_string(&file).unwrap();
    assert!(!now.contains("invoice_read"));
    assert_eq!(stripeapp::fmt::is_formatted(&now), Ok(true), "{now}");
}
