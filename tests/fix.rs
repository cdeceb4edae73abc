//! `check --fix` behaviour, through `stripeapp::fix::fix_all`: for each input, applying every
//! fix leaves a file with no errors, keeps every comment line, and is a fixed point (a second
//! run changes nothing). Cases the fixes still get wrong are in `tests/ui/KNOWN_ISSUES.md`.

use stripeapp::fix::fix_all;

/// Runs `fix_all` and checks the three properties every fixed file must have. Returns the
/// fixed text and the codes of the fixes applied.
fn fixed(input: &str) -> (String, Vec<String>) {
    let before = stripeapp::analyse(input);
    assert!(
        before.has_errors(),
        "the input should have errors to fix:\n{input}"
    );
    let (out, log) = fix_all(input);
    assert!(!log.is_empty(), "no fix was applied to:\n{input}");

    let after = stripeapp::analyse(&out);
    assert!(
        !after.has_errors(),
        "errors left after --fix:\n{out}\n{:#?}",
        after
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{} {}", d.code, d.message))
            .collect::<Vec<_>>()
    );

    for line in input.lines().filter(|l| l.trim_start().starts_with("//")) {
        let want = input.lines().filter(|l| *l == line).count();
        let have = out.lines().filter(|l| *l == line).count();
        assert_eq!(
            have, want,
            "comment line {line:?} lost or duplicated by --fix:\n{out}"
        );
    }

    let (again, log2) = fix_all(&out);
    assert_eq!(again, out, "a second --fix changed the file");
    assert!(log2.is_empty(), "a second --fix reported fixes: {log2:?}");

    (out, log.into_iter().map(|(code, _)| code).collect())
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn no_urls_block_several_fetches_and_uses_make_one_block() {
    let input = r#"// An app with no urls block: several fetches and endpoints none of them covers.
app "com.example.fix" {
  name "Fix"
  version "1.0.0"
}

// The customer tab.
view Customer on stripe.dashboard.customer.detail {
  // Contacts and notes come from the CRM.
  fetch "https://crm.example.com/api/contacts", "https://crm.example.com/api/notes"
  fetch "https://files.example.com/v1/list"
  uses lookup, status   // both endpoints
}

view Invoice on stripe.dashboard.invoice.detail {
  fetch "https://crm.example.com/api/invoices"
  uses lookup
}

backend "https://sync.example.com/stripe" {
  endpoint lookup "/contacts/lookup"
  // status of the sync
  endpoint status
}
"#;
    let (out, codes) = fixed(input);
    assert!(codes.iter().all(|c| c == "E0401"), "{codes:?}");
    assert_eq!(count(&out, "\nurls "), 1, "one urls block:\n{out}");
    for url in [
        "https://crm.example.com/api/contacts",
        "https://crm.example.com/api/notes",
        "https://crm.example.com/api/invoices",
        "https://files.example.com/v1/list",
        "https://sync.example.com/stripe/",
    ] {
        assert_eq!(
            count(&out, &format!("connect \"{url}\"")),
            1,
            "one connect for {url}:\n{out}"
        );
    }
    // The block goes after the app block, before the first view's doc comment.
    let urls = out.find("\nurls ").unwrap_or(usize::MAX);
    assert!(
        urls < out.find("// The customer tab.").unwrap_or(0),
        "{out}"
    );
}

#[test]
fn bare_host_backend_gets_exact_endpoint_urls() {
    let input = r#"// A backend at a bare host: `connect "https://api.example.com/"` would be E0504.
app "com.example.bare" {
  name "Bare"
  version "1.0.0"
}

view Customer on stripe.dashboard.customer.detail {
  uses contact_lookup, notes   // two endpoints
}

backend "https://api.example.com" {
  endpoint contact_lookup
  endpoint notes "/v2/notes"
}
"#;
    let (out, _) = fixed(input);
    assert!(
        out.contains("connect \"https://api.example.com/contact_lookup\""),
        "{out}"
    );
    assert!(
        out.contains("connect \"https://api.example.com/v2/notes\""),
        "{out}"
    );
    assert!(
        !out.lines()
            .any(|l| l.trim() == "connect \"https://api.example.com/\""),
        "{out}"
    );
    let after = stripeapp::analyse(&out);
    assert!(after.diagnostics.is_empty(), "{:#?}", after.diagnostics);
}

#[test]
fn missing_permissions_for_calls_and_events_are_added_once() {
    let input = r#"// Missing permissions for calls, an SDK function and events.
app "com.example.perm" { name "Perm"; version "1.0.0" }

permission customer_read "Show the customer"   // already there

// a comment before the view
view Customer on stripe.dashboard.customer.detail {
  calls customers.retrieve, invoices.list, invoices.retrieve   // two objects
  calls sdk.getDashboardUserEmail
}

backend "https://api.example.com/stripe" {
  // handlers
  on customer.created, invoice.paid, payout.paid { calls invoices.list }
  job nightly { calls payouts.list }
}
"#;
    let (out, codes) = fixed(input);
    assert!(codes.iter().any(|c| c == "E0301"), "{codes:?}");
    assert!(codes.iter().any(|c| c == "E0302"), "{codes:?}");
    for p in [
        "customer_read",
        "invoice_read",
        "user_email_read",
        "event_read",
        "payout_read",
    ] {
        assert_eq!(
            count(&out, &format!("permission {p} ")),
            1,
            "permission {p} once:\n{out}"
        );
    }
    // The user's own purpose is kept; new lines come after the last permission, before the view.
    assert!(out.contains("permission customer_read \"Show the customer\""));
    let last_perm = out.rfind("\npermission ").unwrap_or(usize::MAX);
    assert!(
        last_perm < out.find("// a comment before the view").unwrap_or(0),
        "{out}"
    );
    // Nothing is left unused: every added permission is needed. What is left is the
    // warning that each inserted purpose is a placeholder to reword (W0602).
    let after = stripeapp::analyse(&out);
    assert!(
        after.diagnostics.iter().all(|d| d.code.as_str() == "W0602"),
        "{:#?}",
        after.diagnostics
    );
    assert_eq!(
        after.diagnostics.len(),
        count(&out, "\"TODO: say what the app does with "),
        "{out}"
    );
}

#[test]
fn braces_on_the_next_line_move_up() {
    let input = r#"// Braces on the next line, for every kind of block.
app "com.example.brace"
{
  name "Brace"
  version "1.0.0"
}

permission customer_read "Show the customer"
permission event_read "Receive customer events"

urls "Call the app's backend"
{
  connect "https://api.example.com/stripe/"
}

view Customer on stripe.dashboard.customer.detail
{
  // the customer
  calls customers.retrieve
  uses lookup
}

backend "https://api.example.com/stripe"
{
  endpoint lookup
  {
    calls customers.list // c
  }
  on customer.updated
  {
    calls customers.retrieve
  }
  job nightly

  {
    calls customers.list
  }
}
"#;
    let (out, codes) = fixed(input);
    assert!(codes.iter().all(|c| c == "E0001"), "{codes:?}");
    assert!(
        out.lines().all(|l| l.trim() != "{"),
        "a `{{` is still alone on a line:\n{out}"
    );
    for decl in [
        "app \"com.example.brace\" {",
        "urls \"Call the app's backend\" {",
        "view Customer on stripe.dashboard.customer.detail {",
        "backend \"https://api.example.com/stripe\" {",
        "  endpoint lookup {",
        "  on customer.updated {",
        "  job nightly {",
    ] {
        assert!(out.contains(decl), "missing {decl:?}:\n{out}");
    }
    let after = stripeapp::analyse(&out);
    assert!(after.diagnostics.is_empty(), "{:#?}", after.diagnostics);
}

#[test]
fn duplicate_permission_is_removed_keeping_the_first() {
    let input = r#"// Duplicate permissions.
app "com.example.dup" {
  name "Dup"
  version "1.0.0"
}

permission customer_read "Show the customer"
// again
permission customer_read "Show the customer again"
permission event_read "Receive events"
permission event_read "Receive events"

view Customer on stripe.dashboard.customer.detail {
  calls customers.retrieve
}

backend "https://api.example.com/stripe" {
  on customer.updated
}
"#;
    let (out, codes) = fixed(input);
    assert!(codes.iter().all(|c| c == "E0203"), "{codes:?}");
    assert_eq!(count(&out, "permission customer_read "), 1, "{out}");
    assert_eq!(count(&out, "permission event_read "), 1, "{out}");
    assert!(out.contains("permission customer_read \"Show the customer\"\n"));
    let after = stripeapp::analyse(&out);
    assert!(after.diagnostics.is_empty(), "{:#?}", after.diagnostics);
}

#[test]
fn crlf_files_stay_crlf() {
    let input = "// CRLF\r\napp \"com.example.crlf\" {\r\n  name \"CRLF\"\r\n  version \"1.0.0\"\r\n}\r\n\r\nview Customer on stripe.dashboard.customer.detail\r\n{\r\n  calls customers.retrieve\r\n  fetch \"https://crm.example.com/api/a\", \"https://crm.example.com/api/b\"\r\n}\r\n";
    let (out, _) = fixed(input);
    let bare_lf = out
        .char_indices()
        .filter(|&(i, c)| c == '\n' && (i == 0 || out.as_bytes()[i - 1] != b'\r'))
        .count();
    assert_eq!(bare_lf, 0, "a line ends in a bare LF:\n{out:?}");
    assert!(out.contains("permission customer_read "), "{out}");
    assert_eq!(count(&out, "\r\nurls "), 1, "{out}");
}

#[test]
fn everything_at_once() {
    let input = r#"// Every kind of fix in one file.
app "com.example.all"
{
  name "All"
  version "1.0.0"
}

permission customer_read "Show the customer"
permission customer_read "Show the customer"

view Customer on stripe.dashboard.customer.detail
{
  calls customers.retrieve, invoices.list
  fetch "https://crm.example.com/api/contacts"
  uses lookup
}

backend "https://api.example.com"
{
  endpoint lookup
  on invoice.paid
}
"#;
    let (out, codes) = fixed(input);
    for code in ["E0001", "E0203", "E0301", "E0302", "E0401"] {
        assert!(codes.iter().any(|c| c == code), "no {code} fix: {codes:?}");
    }
    assert_eq!(count(&out, "\nurls "), 1, "{out}");
}

#[test]
fn duplicate_on_a_shared_line_removes_only_the_duplicate() {
    let input = "app \"com.example.shared\" { name \"Shared\"; version \"1.0.0\" }\n\
                 permission event_read \"Mine\"; permission event_read \"Again\"; permission invoice_read \"Read invoices\"\n\
                 backend \"https://hooks.example.com/x\" { on invoice.paid }\n";
    let (out, _) = fixed(input);
    assert!(
        out.contains("permission event_read \"Mine\"; permission invoice_read \"Read invoices\"\n"),
        "{out}"
    );
    assert_eq!(count(&out, "event_read"), 1, "{out}");
}

/// Fixes `input`, whose view reads and updates customers: only `customer_write` is
/// declared afterwards, and only its placeholder purpose is left to reword (no W0202).
fn only_the_write_is_left(input: &str) {
    let (out, _) = fixed(input);
    assert_eq!(count(&out, "permission customer_write"), 1, "{out}");
    assert_eq!(count(&out, "permission customer_read"), 0, "{out}");
    let left: Vec<_> = stripeapp::analyse(&out)
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(left, ["W0602"], "{out}");
}

#[test]
fn read_and_write_needed_adds_only_the_write() {
    only_the_write_is_left(
        "app \"com.example.rw\" { name \"RW\"; version \"1.0.0\" }\n\n\
         view Customer on stripe.dashboard.customer.detail {\n  calls customers.retrieve, customers.update\n}\n",
    );
}

#[test]
fn unclosed_app_block_is_not_fixed_blindly() {
    // The missing `}` moves every insertion point: fixes wait for the syntax error.
    let input = "app \"com.example.open\" {\n  name \"Open\"\n  version \"1.0.0\"\n\n\
                 view Customer on stripe.dashboard.customer.detail {\n  calls customers.retrieve\n}\n";
    let (out, log) = fix_all(input);
    assert_eq!(out, input, "{log:?}");
}

/// SPEC §4.12: the fix for an event's missing permission proposes the any-of member whose
/// catalogue objects include the event's object path, not simply the first member.
#[test]
fn event_fix_picks_the_member_for_the_events_object() {
    let input = r#"app "com.example.events" {
  name "Events"
  version "1.0.0"
}

permission event_read "Receive events"

backend "https://api.example.com/stripe" {
  on topup.created { calls topups.list }
  on billing_portal.configuration.created { calls billingPortal.configurations.list }
  on customer.subscription.created { calls subscriptions.list }
}
"#;
    let (out, codes) = fixed(input);
    assert!(codes.iter().any(|c| c == "E0302"), "{codes:?}");
    // `topup.created` lists funding_instruction_read first; its object is the Topup.
    assert_eq!(count(&out, "permission top_up_read"), 1, "{out}");
    assert_eq!(count(&out, "funding_instruction_read"), 0, "{out}");
    // `billing_portal.configuration.*` lists checkout_session_read first.
    assert_eq!(count(&out, "permission customer_portal_read"), 1, "{out}");
    assert_eq!(count(&out, "checkout_session_read"), 0, "{out}");
    // `customer.subscription.*` lists quote_read first; the object is the subscription.
    assert_eq!(count(&out, "permission subscription_read"), 1, "{out}");
    assert_eq!(count(&out, "quote_read"), 0, "{out}");
}

/// A call needing a permission Stripe refuses for apps gets no fix that inserts it.
#[test]
fn no_fix_inserts_webhook_write() {
    let input = r#"app "com.example.hooks" {
  name "Hooks"
  version "1.0.0"
}

backend "https://api.example.com/stripe" {
  job setup { calls webhookEndpoints.create }
}
"#;
    let analysis = stripeapp::analyse(input);
    let e = analysis
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "E0301")
        .expect("E0301 for webhookEndpoints.create");
    assert!(e.fixes.is_empty(), "{:?}", e.fixes);
    let (out, _) = fix_all(input);
    assert!(!out.contains("webhook_write"), "{out}");
}

/// A method that returns another object's data: the fix adds that object's permission too.
#[test]
fn fix_adds_the_permission_of_the_returned_object() {
    let input = r#"app "com.example.wallet" {
  name "Wallet"
  version "1.0.0"
}

view Wallet on stripe.dashboard.customer.detail {
  calls customers.listPaymentMethods
}
"#;
    let (out, codes) = fixed(input);
    assert_eq!(codes, ["E0301"], "{out}");
    assert_eq!(count(&out, "permission customer_read"), 1, "{out}");
    assert_eq!(count(&out, "permission payment_method_read"), 1, "{out}");
}

#[test]
fn adding_a_write_removes_the_read_it_makes_redundant() {
    only_the_write_is_left(
        "app \"com.example.rw\" { name \"RW\"; version \"1.0.0\" }\n\n\
         permission customer_read \"Show the customer\"\n\n\
         view Customer on stripe.dashboard.customer.detail {\n  calls customers.retrieve, customers.update\n}\n",
    );
}

/// A fix leaves the file as `stripeapp fmt` would: every `tests/ui` fixture that has a fix,
/// formatted and then fixed, is a file `fmt` does not change.
#[test]
fn fixing_a_formatted_fixture_leaves_it_formatted() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui");
    let mut checked = 0;
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|x| x != "stripeapp") {
            continue;
        }
        // Formatted first (a fixture with a syntax error cannot be, and is skipped).
        let Ok(text) = stripeapp::fmt::format(&std::fs::read_to_string(entry.path()).unwrap())
        else {
            continue;
        };
        let (out, applied) = stripeapp::fix::fix_all(&text);
        if applied.is_empty() {
            continue;
        }
        checked += 1;
        if stripeapp::fmt::is_formatted(&out) != Ok(true) {
            broken.push(entry.path().display().to_string());
        }
    }
    assert!(checked > 10, "only {checked} fixtures with a fix");
    assert!(
        broken.is_empty(),
        "not formatted after the fix: {broken:#?}"
    );
}

#[test]
fn a_connect_entry_lacking_its_trailing_slash_gets_the_slash_not_a_second_entry() {
    let input = "app \"com.example.slash\" {\n  name \"Slash\"\n  version \"1.0.0\"\n}\n\n\
                 urls \"Reach our backend\" {\n  connect \"https://api.example.com/stripe\"\n}\n\n\
                 view Customer on stripe.dashboard.customer.detail {\n  \
                 fetch \"https://api.example.com/stripe/contacts\"\n  uses lookup\n}\n\n\
                 backend \"https://api.example.com/stripe\" {\n  endpoint lookup\n}\n";
    let (out, codes) = fixed(input);
    // Both errors have the same remedy, applied once.
    assert_eq!(codes, ["E0401"], "{out}");
    assert_eq!(count(&out, "connect "), 1, "{out}");
    assert_eq!(
        count(&out, "connect \"https://api.example.com/stripe/\""),
        1,
        "{out}"
    );
    assert_eq!(stripeapp::fmt::is_formatted(&out), Ok(true), "{out}");
}

/// Each fix on its own (an editor's quick fix) leaves a formatted file formatted: every
/// fix of every diagnostic of every `tests/ui` fixture, applied singly to the formatted
/// fixture as `stripeapp::fix::apply_fix` applies it (what the language server sends).
#[test]
fn each_fix_alone_leaves_a_formatted_fixture_formatted() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui");
    let mut checked = 0;
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|x| x != "stripeapp") {
            continue;
        }
        let Ok(text) = stripeapp::fmt::format(&std::fs::read_to_string(entry.path()).unwrap())
        else {
            continue;
        };
        let analysis = stripeapp::analyse(&text);
        for d in &analysis.diagnostics {
            for fix in &d.fixes {
                checked += 1;
                let out = stripeapp::fix::apply_fix(&text, fix);
                let before: Vec<String> = analysis
                    .diagnostics
                    .iter()
                    .map(|d| d.message.clone())
                    .collect();
                for left in stripeapp::analyse(&out).diagnostics {
                    if !before.contains(&left.message)
                        && left.fixes.iter().any(|f| f.machine_applicable)
                    {
                        broken.push(format!(
                            "{}: {} left {} {} with a mechanical fix",
                            entry.path().display(),
                            fix.title(),
                            left.code,
                            left.message
                        ));
                    }
                }
                if stripeapp::fmt::is_formatted(&out) != Ok(true) {
                    broken.push(format!(
                        "{}: {} ({})",
                        entry.path().display(),
                        fix.title(),
                        d.code
                    ));
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} fixes");
    assert!(
        broken.is_empty(),
        "not formatted after the fix: {broken:#?}"
    );
}
