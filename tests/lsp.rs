//! The language server, end to end: each test starts the real `stripeapp lsp` binary and
//! speaks JSON-RPC to it over stdio. Cursor positions come from `$N` markers in
//! `tests/lsp/fixtures/*.stripeapp`. Every wait is bounded (see `harness::TIMEOUT`).

#[path = "lsp/harness.rs"]
mod harness;

use harness::{
    Encoding, Fixture, Server, completion_items, completion_labels, example, hover_text, position,
    range_of,
};
use serde_json::{Value, json};

const URI: &str = "file:///work/app.stripeapp";

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn has(labels: &[String], want: &str) -> bool {
    labels.iter().any(|l| l == want)
}

// ---------------------------------------------------------------------------------------
// Life cycle and position encoding
// ---------------------------------------------------------------------------------------

#[test]
fn initialize_announces_capabilities_and_utf16_by_default() {
    let server = Server::start();
    let caps = &server.init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["definitionProvider"], true);
    assert_eq!(caps["referencesProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["documentFormattingProvider"], true);
    assert_eq!(caps["semanticTokensProvider"]["full"], true);
    assert!(caps["completionProvider"].is_object());
    assert!(
        caps["codeActionProvider"]["codeActionKinds"]
            .as_array()
            .is_some_and(|k| k.contains(&json!("quickfix")))
    );
    assert_eq!(server.init["serverInfo"]["name"], "stripeapp");
    assert!(server.shutdown().success());
}

#[test]
fn utf8_is_chosen_when_offered_and_utf16_otherwise() {
    let s = Server::start_with_encodings(&["utf-8", "utf-16"]);
    assert_eq!(s.init["capabilities"]["positionEncoding"], "utf-8");
    let s = Server::start_with_encodings(&["utf-16", "utf-8"]);
    assert_eq!(s.init["capabilities"]["positionEncoding"], "utf-8");
    let s = Server::start_with_encodings(&["utf-32", "utf-16"]);
    assert_eq!(s.init["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn shutdown_then_exit_ends_with_status_0_and_exit_alone_with_1() {
    let server = Server::start();
    assert_eq!(server.shutdown().code(), Some(0));

    let mut server = Server::start();
    server.notify("exit", Value::Null);
    assert_eq!(server.wait().code(), Some(1));
}

#[test]
fn the_stdio_flag_many_clients_pass_is_accepted() {
    let server = Server::start_command(&["lsp", "--stdio"], json!({}), &[], None);
    assert_eq!(server.init["serverInfo"]["name"], "stripeapp");
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn requests_after_shutdown_are_refused_and_a_vanished_client_ends_the_server() {
    let mut server = Server::start();
    server.request("shutdown", Value::Null);
    let r = server.request_raw(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(r["error"]["code"], -32600);

    let mut server = Server::start();
    server.close_stdin();
    assert!(server.wait().code().is_some());
}

#[test]
fn unknown_documents_and_methods_do_not_crash_the_server() {
    let mut server = Server::start();
    let nowhere = "file:///nowhere.stripeapp";
    let pos = json!({ "line": 3, "character": 4 });
    let doc = json!({ "uri": nowhere });
    assert_eq!(
        server.request(
            "textDocument/hover",
            json!({ "textDocument": doc, "position": pos })
        ),
        Value::Null
    );
    assert_eq!(
        server.request(
            "textDocument/completion",
            json!({ "textDocument": doc, "position": pos })
        ),
        Value::Null
    );
    assert_eq!(
        server.request(
            "textDocument/definition",
            json!({ "textDocument": doc, "position": pos })
        ),
        Value::Null
    );
    assert_eq!(
        server.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": doc })
        ),
        Value::Null
    );
    // A change to a document that was never opened is ignored.
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": nowhere, "version": 2 }, "contentChanges": [{ "text": "x" }] }),
    );
    let r = server.request_raw("stripeapp/unheardOf", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = server.request_raw("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(r["error"]["code"], -32602);
    // Positions far outside the text are clamped, not trusted.
    server.open(URI, "app \"x\" {\n}\n");
    let far = json!({ "line": 9999, "character": 9999 });
    server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": far }),
    );
    server.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": URI }, "position": far }),
    );
    assert!(server.shutdown().success());
}

// ---------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------

#[test]
fn diagnostics_on_open_have_codes_ranges_help_and_related_information() {
    let f = Fixture::load("diagnostics.stripeapp");
    let mut server = Server::start();
    let diags = server.open(URI, &f.text);
    assert_eq!(codes(&diags), vec!["W0201", "E0203", "E0301"], "{diags:#?}");

    let unused = &diags[0];
    assert_eq!(unused["severity"], 2);
    assert_eq!(
        unused["tags"],
        json!([1]),
        "unused permissions are shown faded"
    );
    let dup = &diags[1];
    assert_eq!(dup["severity"], 1);
    assert_eq!(dup["source"], "stripeapp");
    assert_eq!(
        dup["range"],
        range_of(&f.text, "invoice_read", 1, Encoding::Utf16)
    );
    let related = &dup["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], URI);
    assert_eq!(
        related["location"]["range"],
        range_of(&f.text, "invoice_read", 0, Encoding::Utf16)
    );

    // On a line with non-ASCII text before it, the column counts UTF-16 code units.
    let missing = &diags[2];
    assert_eq!(missing["range"]["start"], f.utf16(0));
    assert_eq!(
        missing["range"],
        range_of(&f.text, "customers.retrieve", 0, Encoding::Utf16)
    );
    let message = missing["message"].as_str().unwrap_or("");
    assert!(message.contains("customer_read"), "{message}");
    assert!(message.contains("\nhelp: "), "{message}");
}

#[test]
fn diagnostics_columns_are_bytes_when_utf8_is_negotiated() {
    let f = Fixture::load("diagnostics.stripeapp");
    let mut server = Server::start_with_encodings(&["utf-8", "utf-16"]);
    let diags = server.open(URI, &f.text);
    let missing = diags.iter().find(|d| d["code"] == "E0301").expect("E0301");
    assert_eq!(missing["range"]["start"], f.utf8(0));
    assert_ne!(
        f.utf8(0),
        f.utf16(0),
        "the fixture must have non-ASCII text before"
    );
    assert_eq!(
        missing["range"],
        range_of(&f.text, "customers.retrieve", 0, Encoding::Utf8)
    );
}

#[test]
fn diagnostics_follow_full_and_incremental_changes() {
    let f = Fixture::load("fix.stripeapp");
    let mut server = Server::start();
    assert_eq!(codes(&server.open(URI, &f.text)), vec!["E0301"]);

    // Declare the missing permission with an incremental insertion.
    let at = range_of(&f.text, "permission invoice_read", 0, Encoding::Utf16)["start"].clone();
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": URI, "version": 2 },
            "contentChanges": [{ "range": { "start": at, "end": at }, "text": "permission customer_read \"Show customers\"\n" }]
        }),
    );
    let published = server.published(URI);
    assert_eq!(published["version"], 2);
    assert_eq!(published["diagnostics"], json!([]));

    // Break it again with a whole-text change.
    let broken = f.text.replace("invoices.retrieve", "invoices.retrive");
    let diags = server.change(URI, 3, &broken);
    assert!(codes(&diags).contains(&"E0104".to_string()), "{diags:#?}");
    assert_eq!(
        diags[0]["range"],
        range_of(&broken, "invoices.retrive", 0, Encoding::Utf16)
    );

    // Closing clears them.
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(server.published(URI)["diagnostics"], json!([]));
}

#[test]
fn incremental_typing_of_non_ascii_text_matches_opening_it_whole() {
    // Type a file character by character, in both encodings; the result must analyse exactly
    // like the same text opened at once (so every range was converted right).
    let text = Fixture::load("unicode.stripeapp").text;
    for encodings in [&["utf-16"][..], &["utf-8"][..]] {
        let enc = if encodings[0] == "utf-8" {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let mut server = Server::start_with_encodings(encodings);
        let expected = server.open("file:///whole.stripeapp", &text);
        server.open(URI, "");
        let mut typed = String::new();
        let mut version = 1;
        for ch in text.chars() {
            let at = position(&typed, typed.len(), enc);
            version += 1;
            server.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": URI, "version": version },
                    "contentChanges": [{ "range": { "start": at, "end": at }, "text": ch.to_string() }]
                }),
            );
            typed.push(ch);
        }
        // Replace a range that spans non-ASCII characters, then put it back.
        let title = range_of(&text, "Ü💶ß", 0, enc);
        for (v, new) in [(version + 1, "x"), (version + 2, "Ü💶ß")] {
            let range = if new == "x" {
                title.clone()
            } else {
                json!({ "start": title["start"], "end": { "line": title["start"]["line"], "character": title["start"]["character"].as_u64().unwrap_or(0) + 1 } })
            };
            server.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": URI, "version": v }, "contentChanges": [{ "range": range, "text": new }] }),
            );
        }
        let mut last = server.published(URI);
        while last["version"] != json!(version + 2) {
            last = server.published(URI);
        }
        assert_eq!(last["diagnostics"], json!(expected), "{encodings:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Hover
// ---------------------------------------------------------------------------------------

#[test]
fn hover_explains_catalogue_names_declarations_and_doc_comments() {
    let f = Fixture::load("hover.stripeapp");
    let mut server = Server::start();
    server.open(URI, &f.text);
    let mut hover = |n: usize| hover_text(&mut server, URI, f.utf16(n));

    let app = hover(0);
    assert!(
        app.contains("com.example.receipts") && app.contains("Keeps receipts in sync."),
        "{app}"
    );
    let public = hover(1);
    assert!(public.contains("Marketplace"), "{public}");

    let perm = hover(2);
    assert!(perm.contains("**permission `invoice_write`**"), "{perm}");
    assert!(
        perm.contains("Grants access to"),
        "catalogue description: {perm}"
    );
    assert!(
        perm.contains("Also grants: `credit_note_read`, `invoice_read`"),
        "what it grants: {perm}"
    );
    assert!(
        perm.contains("Mark invoices as synced"),
        "the declared purpose: {perm}"
    );
    assert!(
        perm.contains("Needed to mark invoices as synced."),
        "doc comment: {perm}"
    );

    let view = hover(3);
    assert!(
        view.contains("ContextView") && view.contains("Shows the sync state"),
        "{view}"
    );

    let viewport = hover(4);
    assert!(viewport.contains("Invoice details page"), "{viewport}");
    assert!(
        viewport.contains("Root component: `ContextView`"),
        "{viewport}"
    );
    assert!(viewport.contains("Objects: `invoice`"), "{viewport}");
    assert!(
        viewport.contains("https://dashboard.stripe.com/invoices/:id"),
        "{viewport}"
    );

    let method = hover(5);
    assert!(method.contains("`GET /v1/invoices/{id}`"), "{method}");
    assert!(method.contains("Needs `invoice_read`"), "{method}");
    assert!(
        method.contains("Granted here by `invoice_write`"),
        "{method}"
    );

    let uses = hover(6);
    assert!(
        uses.contains("https://sync.example.com/stripe/sync_status"),
        "{uses}"
    );
    assert!(uses.contains("Roles: “admin”"), "{uses}");

    let endpoint = hover(7);
    assert!(endpoint.contains("Used by: `InvoiceStatus`"), "{endpoint}");
    assert!(endpoint.contains("Tells a view whether"), "{endpoint}");

    let event = hover(8);
    assert!(event.contains("**event `invoice.paid`**"), "{event}");
    assert!(event.contains("Needs `event_read` and one of:"), "{event}");
    assert!(event.contains("`invoice_read`"), "{event}");
    assert!(event.contains("Mapping: documented"), "{event}");
    assert!(event.contains("Pushes paid invoices."), "{event}");

    let job = hover(9);
    assert!(
        job.contains("**job `nightly`**") && job.contains("invoices.list"),
        "{job}"
    );
}

#[test]
fn hover_and_completion_documentation_come_in_the_format_the_client_asks_for() {
    let f = Fixture::load("hover.stripeapp");
    let c = Fixture::load("completion.stripeapp");
    // What eglot 1.9 sends without markdown-mode, then a Markdown-first client.
    for (formats, kind) in [
        (json!(["plaintext"]), "plaintext"),
        (json!(["markdown", "plaintext"]), "markdown"),
    ] {
        let mut server = Server::start_with(json!({ "textDocument": {
            "hover": { "contentFormat": formats },
            "completion": { "completionItem": { "documentationFormat": formats } }
        }}));
        server.open(URI, &f.text);
        let r = server.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": f.utf16(2) }),
        );
        assert_eq!(r["contents"]["kind"], kind, "{r}");
        let text = r["contents"]["value"].as_str().unwrap_or("");
        assert!(text.contains("invoice_write"), "{text}");
        let marked = text.contains("**") || text.contains('`');
        assert_eq!(marked, kind == "markdown", "{kind}: {text}");

        let uri = "file:///tmp/completion.stripeapp";
        server.open(uri, &c.text);
        let items = completion_items(&mut server, uri, c.utf16(0));
        let app = items.iter().find(|i| i["label"] == "app").cloned();
        let doc = app.map(|i| i["documentation"].clone()).unwrap_or_default();
        assert_eq!(doc["kind"], kind, "{doc}");
        let value = doc["value"].as_str().unwrap_or("");
        assert!(
            value.starts_with("app \"<id>\"") != (kind == "markdown"),
            "{value}"
        );
    }
}

#[test]
fn hover_range_and_diagnostic_explanations_on_non_ascii_lines() {
    let f = Fixture::load("unicode.stripeapp");
    for (encodings, enc) in [
        (&["utf-16"][..], Encoding::Utf16),
        (&["utf-8"][..], Encoding::Utf8),
    ] {
        let mut server = Server::start_with_encodings(encodings);
        server.open(URI, &f.text);
        let pos = if matches!(enc, Encoding::Utf8) {
            f.utf8(0)
        } else {
            f.utf16(0)
        };
        let r = server.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": pos }),
        );
        assert_eq!(r["range"], range_of(&f.text, "customers.retrieve", 0, enc));
        assert!(
            r["contents"]["value"]
                .as_str()
                .unwrap_or("")
                .contains("customer_read")
        );
    }

    // Hovering a diagnosed name adds the code's explanation.
    let f = Fixture::load("fix.stripeapp");
    let mut server = Server::start();
    server.open(URI, &f.text);
    let text = hover_text(&mut server, URI, f.utf16(0));
    assert!(
        text.contains("**E0301**: missing permission for API call"),
        "{text}"
    );
    assert!(text.contains("stripeapp explain E0301"), "{text}");
}

#[test]
fn a_broken_file_still_gets_hover_and_completion_from_its_last_clean_parse() {
    let f = Fixture::load("hover.stripeapp");
    let mut server = Server::start();
    server.open(URI, &f.text);
    // Break the backend's header (its `{` is gone): its endpoints are gone from the current
    // parse. (A header broken before its `{` keeps its block, which is checked on its own.)
    let broken = f.text.replace(
        "backend \"https://sync.example.com/stripe\" {",
        "backend \"https://sync.example.com/stripe\"",
    );
    let diags = server.change(URI, 2, &broken);
    assert!(codes(&diags).contains(&"E0001".to_string()), "{diags:#?}");
    let uses_at = position(
        &broken,
        broken.find("sync_status").unwrap_or(0) + 3,
        Encoding::Utf16,
    );
    let text = hover_text(&mut server, URI, uses_at);
    assert!(
        text.contains("https://sync.example.com/stripe/sync_status"),
        "{text}"
    );

    // Completion of `uses` still offers the endpoint.
    let with_uses = broken.replace("uses sync_status", "uses ");
    server.change(URI, 3, &with_uses);
    let at = with_uses.find("uses ").unwrap_or(0) + 5;
    let labels = completion_labels(&mut server, URI, position(&with_uses, at, Encoding::Utf16));
    assert!(has(&labels, "sync_status"), "{labels:?}");
}

// ---------------------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------------------

#[test]
fn completion_offers_what_fits_where_the_cursor_is() {
    let f = Fixture::load("completion.stripeapp");
    let mut server = Server::start();
    server.open(URI, &f.text);
    let mut at = |n: usize| completion_labels(&mut server, URI, f.utf16(n));

    let top = at(0);
    for kw in ["app", "permission", "urls", "view", "backend"] {
        assert!(has(&top, kw), "{top:?}");
    }
    assert!(!has(&top, "calls"), "{top:?}");
    let app = at(1);
    assert!(
        has(&app, "distribution") && has(&app, "post_install") && !has(&app, "view"),
        "{app:?}"
    );
    assert_eq!(at(2), vec!["private", "public"]);
    assert_eq!(at(3), vec!["platform", "oauth", "restricted_api_key"]);
    assert_eq!(at(4), vec!["true", "false"]);
    assert_eq!(at(5), vec!["settings", "onboarding", "external"]);
    let perms = at(6);
    assert!(
        has(&perms, "customer_read") && has(&perms, "invoice_write"),
        "{perms:?}"
    );
    assert!(
        !has(&perms, "datastore_write"),
        "obsolete names are not offered"
    );
    let viewports = at(7);
    assert!(
        has(&viewports, "stripe.dashboard.customer.detail"),
        "{viewports:?}"
    );
    assert!(
        viewports.iter().all(|v| v.starts_with("stripe.dashboard.")),
        "{viewports:?}"
    );
    // `calls customers.` does not parse; completion narrows to that resource.
    let methods = at(8);
    assert!(
        has(&methods, "customers.retrieve") && has(&methods, "customers.update"),
        "{methods:?}"
    );
    assert!(
        methods.iter().all(|m| m.starts_with("customers.")),
        "{methods:?}"
    );
    let uses = at(9);
    assert_eq!(uses, vec!["refresh", "lookup"]);
    let view = at(10);
    assert_eq!(view, vec!["title", "calls", "fetch", "uses", "expand"]);
    let events = at(11);
    assert!(
        has(&events, "invoice.paid") && events.iter().all(|e| e.starts_with("invoice.")),
        "{events:?}"
    );
    let backend = at(12);
    assert_eq!(
        backend,
        vec![
            "runtime",
            "webhooks",
            "endpoint",
            "on",
            "job",
            "health",
            "public",
            "oauth_callback"
        ]
    );
    assert_eq!(at(13), vec!["calls", "expand", "platform"]);
    assert_eq!(at(14), vec!["on"]);
}

#[test]
fn completion_in_calls_lists_methods_with_their_permission_and_sdk_functions_in_views() {
    let text = "view A on settings {\n  calls \n}\nbackend \"https://h.example/x\" {\n  job j { calls  }\n}\n";
    let mut server = Server::start();
    server.open(URI, text);
    let in_view = completion_items(&mut server, URI, json!({ "line": 1, "character": 8 }));
    assert!(in_view.len() > 600, "{}", in_view.len());
    let retrieve = in_view
        .iter()
        .find(|i| i["label"] == "customers.retrieve")
        .expect("customers.retrieve");
    assert_eq!(retrieve["detail"], "GET /v1/customers/{id} — customer_read");
    assert!(
        in_view
            .iter()
            .any(|i| i["label"] == "sdk.getDashboardUserEmail")
    );
    let in_job = completion_labels(&mut server, URI, json!({ "line": 4, "character": 16 }));
    assert!(has(&in_job, "customers.retrieve") && !has(&in_job, "sdk.getDashboardUserEmail"));
}

#[test]
fn completion_replaces_the_whole_dotted_prefix_in_either_encoding() {
    let f = Fixture::load("unicode.stripeapp");
    for (encodings, enc) in [
        (&["utf-16"][..], Encoding::Utf16),
        (&["utf-8"][..], Encoding::Utf8),
    ] {
        let mut server = Server::start_with_encodings(encodings);
        server.open(URI, &f.text);
        let pos = if matches!(enc, Encoding::Utf8) {
            f.utf8(1)
        } else {
            f.utf16(1)
        };
        let items = completion_items(&mut server, URI, pos.clone());
        let item = items
            .iter()
            .find(|i| i["label"] == "customers.list")
            .expect("customers.list");
        let start = range_of(&f.text, "customers.", 1, enc)["start"].clone();
        assert_eq!(
            item["textEdit"]["range"],
            json!({ "start": start, "end": pos })
        );
        assert_eq!(item["textEdit"]["newText"], "customers.list");
    }
}

#[test]
fn completion_in_the_middle_of_a_name_offers_insert_and_replace_ranges() {
    let f = Fixture::parse("permission cust$0omer_rea \"Show customers\"\n");
    let caps = json!({ "textDocument": { "completion": { "completionItem": { "insertReplaceSupport": true } } } });
    let mut server = Server::start_with(caps);
    server.open(URI, &f.text);
    let items = completion_items(&mut server, URI, f.utf16(0));
    let item = items
        .iter()
        .find(|i| i["label"] == "customer_read")
        .expect("customer_read");
    let edit = &item["textEdit"];
    assert_eq!(
        edit["insert"]["start"],
        json!({ "line": 0, "character": 11 })
    );
    assert_eq!(edit["insert"]["end"], f.utf16(0));
    assert_eq!(
        edit["replace"]["end"],
        json!({ "line": 0, "character": 23 })
    );

    // A client without the capability gets a plain edit up to the cursor.
    let mut server = Server::start();
    server.open(URI, &f.text);
    let items = completion_items(&mut server, URI, f.utf16(0));
    let edit = &items[0]["textEdit"];
    assert_eq!(edit["range"]["end"], f.utf16(0));
}

#[test]
fn completion_stays_quiet_in_strings_and_comments() {
    let text = "app \"com.ex\" {\n  name \"ca\n}\n// calls cust\n";
    let mut server = Server::start();
    server.open(URI, text);
    assert!(completion_labels(&mut server, URI, json!({ "line": 1, "character": 9 })).is_empty());
    assert!(completion_labels(&mut server, URI, json!({ "line": 3, "character": 13 })).is_empty());
}

// ---------------------------------------------------------------------------------------
// Definition and references
// ---------------------------------------------------------------------------------------

fn locations(v: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = v
        .as_array()
        .cloned()
        .unwrap_or_else(|| if v.is_null() { vec![] } else { vec![v.clone()] })
        .into_iter()
        .map(|l| l["range"].clone())
        .collect();
    out.sort_by_key(|r| {
        (
            r["start"]["line"].as_u64(),
            r["start"]["character"].as_u64(),
        )
    });
    out
}

#[test]
fn definition_goes_from_uses_to_the_endpoint_and_from_needs_to_the_granting_permission() {
    let f = Fixture::load("definition.stripeapp");
    let t = &f.text;
    let mut server = Server::start();
    server.open(URI, t);
    let mut def = |n: usize| {
        let r = server.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": URI }, "position": f.utf16(n) }),
        );
        locations(&r)
    };
    let endpoint = range_of(t, "refresh", 3, Encoding::Utf16);
    assert_eq!(def(3), vec![endpoint.clone()]);
    assert_eq!(def(4), vec![endpoint]);
    // invoices.retrieve needs invoice_read, which invoice_write grants.
    assert_eq!(
        def(2),
        vec![range_of(t, "invoice_write", 0, Encoding::Utf16)]
    );
    // invoice.paid needs event_read and invoice_read (granted by invoice_write).
    assert_eq!(
        def(6),
        vec![
            range_of(t, "invoice_write", 0, Encoding::Utf16),
            range_of(t, "event_read", 0, Encoding::Utf16),
        ]
    );
}

#[test]
fn references_of_an_endpoint_and_of_a_permission() {
    let f = Fixture::load("definition.stripeapp");
    let t = &f.text;
    let mut server = Server::start();
    server.open(URI, t);
    let mut refs = |n: usize, decl: bool| {
        let r = server.request(
            "textDocument/references",
            json!({ "textDocument": { "uri": URI }, "position": f.utf16(n), "context": { "includeDeclaration": decl } }),
        );
        locations(&r)
    };
    let u = |i| range_of(t, "refresh", i, Encoding::Utf16);
    assert_eq!(refs(5, false), vec![u(0), u(1), u(2)]);
    assert_eq!(refs(3, true), vec![u(0), u(1), u(2), u(3)]);

    // invoice_write: the invoice calls (its own read included) and the invoice event.
    let perm = refs(0, false);
    let want = vec![
        range_of(t, "invoices.retrieve", 0, Encoding::Utf16),
        range_of(t, "invoices.update", 0, Encoding::Utf16),
        range_of(t, "invoice.paid", 0, Encoding::Utf16),
        range_of(t, "invoices.update", 1, Encoding::Utf16),
    ];
    assert_eq!(perm, want);
    // event_read: every event.
    assert_eq!(
        refs(1, false),
        vec![
            range_of(t, "invoice.paid", 0, Encoding::Utf16),
            range_of(t, "customer.created", 0, Encoding::Utf16),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Code actions
// ---------------------------------------------------------------------------------------

fn apply(text: &str, edits: &[Value]) -> String {
    // Apply from the end so earlier offsets stay valid (UTF-16 positions).
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap_or(0) as usize;
        let ch = p["character"].as_u64().unwrap_or(0) as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, new) in spans {
        out.replace_range(s..e, &new);
    }
    out
}

#[test]
fn a_quick_fix_inserts_the_missing_permission_even_without_context_diagnostics() {
    let f = Fixture::load("fix.stripeapp");
    let mut server = Server::start();
    server.open(URI, &f.text);
    let cursor = f.utf16(0);
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": cursor, "end": cursor },
            "context": { "diagnostics": [] }
        }),
    );
    let actions = actions.as_array().cloned().unwrap_or_default();
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap_or_else(|| panic!("no quick fix in {actions:#?}"));
    assert_eq!(fix["title"], "Add `permission customer_read`");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "E0301");
    let edits = fix["edit"]["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let fixed = apply(&f.text, &edits);
    // The fixture is formatted, so the fix leaves it formatted: the group is re-aligned.
    assert!(
        fixed.contains("permission invoice_read  \"Show invoices\"\npermission customer_read \""),
        "{fixed}"
    );
    assert_eq!(stripeapp::fmt::is_formatted(&fixed), Ok(true), "{fixed}");
    // What is left is the placeholder purpose to reword.
    let left = server.change(URI, 2, &fixed);
    assert!(left.iter().all(|d| d["code"] == "W0602"), "{left:?}");
}

#[test]
fn did_you_mean_suggestions_are_offered_but_not_preferred() {
    let text = "app \"com.ex.a\" {\n  name \"A\"\n  version \"1\"\n}\npermission customer_read \"x\"\nview A on settings {\n  calls customers.retrive\n}\n";
    let mut server = Server::start();
    server.open(URI, text);
    let range = range_of(text, "customers.retrive", 0, Encoding::Utf16);
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": range, "context": { "diagnostics": [] } }),
    );
    let action = &actions[0];
    assert_eq!(action["title"], "Replace with `customers.retrieve`");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], false);
    let edits = action["edit"]["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(server.change(URI, 2, &apply(text, &edits)).is_empty());
}

#[test]
fn code_actions_cover_every_diagnostic_meeting_the_range_and_respect_only() {
    let text = "app \"com.ex.a\" {\n  name \"A\"\n  version \"1\"\n}\n\nview A on settings {\n  calls customers.retrieve, invoices.retrieve\n}\n";
    let mut server = Server::start();
    server.open(URI, text);
    let whole_line =
        json!({ "start": { "line": 6, "character": 0 }, "end": { "line": 7, "character": 0 } });
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": whole_line, "context": { "diagnostics": [] } }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["title"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        titles.contains(&"Add `permission customer_read`"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Add `permission invoice_read`"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Apply every mechanical stripeapp fix"),
        "{titles:?}"
    );

    let only = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": whole_line, "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    let only = only.as_array().cloned().unwrap_or_default();
    assert_eq!(only.len(), 1);
    let fixed = apply(
        text,
        only[0]["edit"]["changes"][URI]
            .as_array()
            .map_or(&[][..], |v| v),
    );
    assert!(
        fixed.contains("permission customer_read") && fixed.contains("permission invoice_read")
    );
    let left = server.change(URI, 2, &fixed);
    assert!(left.iter().all(|d| d["code"] == "W0602"), "{fixed}");

    // Nowhere near a diagnostic: nothing.
    let far =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 3 } });
    let none = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": far, "context": { "diagnostics": [], "only": ["quickfix"] } }),
    );
    assert_eq!(none, json!([]));
}

// ---------------------------------------------------------------------------------------
// Document symbols
// ---------------------------------------------------------------------------------------

#[test]
fn document_symbols_form_a_tree() {
    let f = Fixture::load("hover.stripeapp");
    let mut server = Server::start();
    server.open(URI, &f.text);
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        vec![
            "app com.example.receipts",
            "invoice_write",
            "event_read",
            "customer_read",
            "InvoiceStatus",
            "backend https://sync.example.com/stripe",
            "urls"
        ]
    );
    let backend = &symbols[5];
    let children: Vec<&str> = backend["children"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(children, vec!["sync_status", "on invoice.paid", "nightly"]);
    assert_eq!(
        backend["children"][0]["detail"],
        "https://sync.example.com/stripe/sync_status"
    );
    assert_eq!(
        backend["children"][0]["selectionRange"],
        range_of(&f.text, "sync_status", 1, Encoding::Utf16)
    );
    assert_eq!(symbols[0]["children"][0]["name"], "name");
    assert_eq!(
        symbols[6]["children"][0]["name"],
        "https://sync.example.com/stripe/"
    );
}

// ---------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------

#[test]
fn formatting_gives_the_canonical_layout_and_leaves_broken_files_alone() {
    let canonical = example("invoice-sync.stripeapp");
    let canonical = stripeapp::fmt::format(&canonical).expect("the example formats");
    let messy = canonical
        .replace("\n  ", "\n      ")
        .replace("permission event_read", "permission   event_read")
        .replace("name \"", "name     \"");
    assert_ne!(messy, canonical);
    for encodings in [&["utf-16"][..], &["utf-8"][..]] {
        let mut server = Server::start_with_encodings(encodings);
        server.open(URI, &messy);
        let edits = server.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
        );
        let edits = edits.as_array().cloned().unwrap_or_default();
        assert_eq!(edits.len(), 1, "{edits:?}");
        // The example is ASCII, so UTF-8 and UTF-16 positions agree and `apply` works for both.
        assert_eq!(apply(&messy, &edits), canonical);

        server.change(URI, 2, &canonical);
        let none = server.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
        );
        assert_eq!(none, json!([]));
    }

    let mut server = Server::start();
    server.open(URI, "app \"x\" {\n  name \"ü\"\n  calls customers.\n");
    let broken = server.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(broken, Value::Null);
}

#[test]
fn formatting_edits_count_utf16_on_non_ascii_lines() {
    let text = "app \"com.ex.a\" {\n      name \"Grüße 💶\"\n  version   \"1\"\n}\n";
    let formatted = stripeapp::fmt::format(text).expect("formats");
    let mut server = Server::start();
    server.open(URI, text);
    let edits = server.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(
        apply(text, edits.as_array().map_or(&[][..], |v| v)),
        formatted
    );
}

// ---------------------------------------------------------------------------------------
// Semantic tokens
// ---------------------------------------------------------------------------------------

/// Decodes semantic tokens into (line, start, length, type name, modifier bits).
fn decode_tokens(server: &Server, data: &Value) -> Vec<(u64, u64, u64, String, u64)> {
    let legend = &server.init["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"];
    let nums: Vec<u64> = data
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let (mut line, mut start) = (0, 0);
    nums.chunks(5)
        .map(|c| {
            line += c[0];
            start = if c[0] == 0 { start + c[1] } else { c[1] };
            let kind = legend[c[3] as usize].as_str().unwrap_or("?").to_string();
            (line, start, c[2], kind, c[4])
        })
        .collect()
}

#[test]
fn semantic_tokens_know_keywords_only_where_statements_start() {
    let text =
        "/// The panel.\nview calls on settings { title \"💶 ü\"; calls customers.retrieve }\n";
    for (encodings, enc) in [
        (&["utf-16"][..], Encoding::Utf16),
        (&["utf-8"][..], Encoding::Utf8),
    ] {
        let mut server = Server::start_with_encodings(encodings);
        server.open(URI, text);
        let r = server.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        );
        let tokens = decode_tokens(&server, &r["data"]);
        let at = |needle: &str, nth: usize| {
            let range = range_of(text, needle, nth, enc);
            let line = range["start"]["line"].as_u64().unwrap_or(0);
            let start = range["start"]["character"].as_u64().unwrap_or(0);
            let len = range["end"]["character"].as_u64().unwrap_or(0) - start;
            tokens
                .iter()
                .find(|t| t.0 == line && t.1 == start && t.2 == len)
                .map(|t| (t.3.clone(), t.4))
                .unwrap_or_else(|| panic!("no token for {needle} #{nth} in {tokens:?}"))
        };
        assert_eq!(
            at("/// The panel.", 0),
            ("comment".to_string(), 2),
            "documentation"
        );
        assert_eq!(at("view", 0).0, "keyword");
        assert_eq!(
            at("calls", 0),
            ("class".to_string(), 1),
            "a component named calls"
        );
        assert_eq!(at("on", 0).0, "keyword");
        assert_eq!(at("settings", 0).0, "namespace");
        assert_eq!(at("\"💶 ü\"", 0).0, "string");
        assert_eq!(at("calls", 1).0, "keyword");
        assert_eq!(at("customers.retrieve", 0).0, "method");
    }
}

// ---------------------------------------------------------------------------------------
// Half-typed text
// ---------------------------------------------------------------------------------------

#[test]
fn every_prefix_of_an_example_is_served() {
    let text = example("invoice-sync.stripeapp");
    let mut server = Server::start();
    server.open(URI, "");
    let mut version = 1;
    let ends: Vec<usize> = (0..=text.len())
        .filter(|i| text.is_char_boundary(*i))
        .collect();
    for (k, end) in ends.iter().enumerate() {
        version += 1;
        let prefix = &text[..*end];
        server.change(URI, version, prefix);
        if k % 5 == 0 {
            let pos = position(prefix, prefix.len(), Encoding::Utf16);
            let doc = json!({ "uri": URI });
            server.request(
                "textDocument/completion",
                json!({ "textDocument": doc, "position": pos }),
            );
            server.request(
                "textDocument/hover",
                json!({ "textDocument": doc, "position": pos }),
            );
            server.request(
                "textDocument/documentSymbol",
                json!({ "textDocument": doc }),
            );
            server.request(
                "textDocument/codeAction",
                json!({ "textDocument": doc, "range": { "start": pos, "end": pos }, "context": { "diagnostics": [] } }),
            );
        }
    }
    assert!(server.is_running());
    assert!(server.shutdown().success());
}

#[test]
fn odd_input_is_survived() {
    let mut server = Server::start();
    let texts = [
        "\u{feff}app \"x\" {\r\n  name \"ü\"\r}\r\n",
        "view A on settings { calls customers.",
        "backend \"https://h.example\" {\n  on ",
        "permission \"💶\" 💶 \"",
        &"{".repeat(5000),
        &"calls a,\n".repeat(2000),
        "\"\\u{110000}\"",
    ];
    server.open(URI, "");
    for (i, t) in texts.iter().enumerate() {
        server.change(URI, i as i32 + 2, t);
        let end = position(t, t.len(), Encoding::Utf16);
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
        ] {
            server.request(
                method,
                json!({ "textDocument": { "uri": URI }, "position": end }),
            );
        }
        server.request(
            "textDocument/references",
            json!({ "textDocument": { "uri": URI }, "position": end, "context": { "includeDeclaration": true } }),
        );
        server.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        );
        // A position in the middle of a surrogate pair is rounded down, not trusted.
        server.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 13 } }),
        );
    }
    assert!(server.shutdown().success());
}

// ---------------------------------------------------------------------------------------
// Position conversion (in process): the one place where LSP positions meet byte offsets
// ---------------------------------------------------------------------------------------

mod conversion {
    use lsp_types::{Position, Range, TextDocumentContentChangeEvent};
    use proptest::prelude::*;
    use stripeapp::lsp::convert::Mapper;
    use stripeapp::lsp::state::Document;
    use stripeapp::text::{ColumnUnit, LineIndex};

    /// Text made of ASCII, 2-byte (ü), 3-byte (€) and 4-byte / surrogate-pair (💶)
    /// characters and every kind of line break.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!["a", "ü", "€", "💶", " ", "\n", "\r\n", "\r", "x"]),
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Line starts and columns computed independently: `\n`, `\r\n` and a lone `\r` end lines.
    fn reference(text: &str, offset: usize, unit: ColumnUnit) -> Position {
        let mut line = 0;
        let mut start = 0;
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate().take(offset) {
            let ends = *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends {
                line += 1;
                start = i + 1;
            }
        }
        let prefix = &text[start..offset];
        let column = match unit {
            ColumnUnit::Utf16 => prefix.encode_utf16().count(),
            ColumnUnit::Utf8 => prefix.len(),
            ColumnUnit::Scalar => prefix.chars().count(),
        };
        Position::new(line, column as u32)
    }

    fn units() -> [ColumnUnit; 2] {
        [ColumnUnit::Utf16, ColumnUnit::Utf8]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn offsets_round_trip_and_match_the_reference(text in text()) {
            let index = LineIndex::new(&text);
            for unit in units() {
                let m = Mapper::new(&text, &index, unit);
                for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
                    // Between `\r` and `\n` is not a position LSP can name.
                    if offset > 0 && text.as_bytes()[offset - 1] == b'\r' && text.as_bytes().get(offset) == Some(&b'\n') {
                        continue;
                    }
                    let p = m.position(offset);
                    prop_assert_eq!(p, reference(&text, offset, unit), "offset {} in {:?}", offset, text);
                    prop_assert_eq!(m.offset(p), offset, "{:?} {:?}", unit, text);
                }
            }
        }

        #[test]
        fn positions_inside_a_character_round_down_and_past_the_end_clamp(text in text()) {
            let index = LineIndex::new(&text);
            let m = Mapper::new(&text, &index, ColumnUnit::Utf16);
            for (i, c) in text.char_indices().filter(|(_, c)| *c == '💶') {
                let p = m.position(i);
                let inside = Position::new(p.line, p.character + 1);
                prop_assert_eq!(m.offset(inside), i, "{} {:?}", c, text);
            }
            let m8 = Mapper::new(&text, &index, ColumnUnit::Utf8);
            for (i, c) in text.char_indices().filter(|(_, c)| c.len_utf8() > 1) {
                let p = m8.position(i);
                prop_assert_eq!(m8.offset(Position::new(p.line, p.character + 1)), i, "{:?}", c);
            }
            for unit in units() {
                let m = Mapper::new(&text, &index, unit);
                prop_assert_eq!(m.offset(Position::new(10_000, 0)), text.len());
                let last = m.position(text.len());
                prop_assert_eq!(m.offset(Position::new(last.line, last.character + 50)), text.len());
            }
        }

        #[test]
        fn incremental_changes_edit_the_text_like_string_edits(
            start in text(),
            edits in prop::collection::vec((0usize..200, 0usize..200, text()), 1..6),
        ) {
            for unit in units() {
                let mut doc = Document::new(start.clone(), 1);
                let mut expected = start.clone();
                for (version, (a, b, new)) in edits.iter().enumerate() {
                    let bounds: Vec<usize> = (0..=expected.len())
                        .filter(|o| expected.is_char_boundary(*o))
                        // Not between `\r` and `\n` (no LSP position is there).
                        .filter(|o| !(*o > 0 && expected.as_bytes()[o - 1] == b'\r' && expected.as_bytes().get(*o) == Some(&b'\n')))
                        .collect();
                    let x = bounds[a % bounds.len()];
                    let y = bounds[b % bounds.len()];
                    let (x, y) = (x.min(y), x.max(y));
                    let range = Range::new(reference(&expected, x, unit), reference(&expected, y, unit));
                    doc.apply_changes(
                        vec![TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: new.clone() }],
                        version as i32 + 2,
                        unit,
                    );
                    expected.replace_range(x..y, new);
                    prop_assert_eq!(&doc.text, &expected);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The app's code
// ---------------------------------------------------------------------------------------

#[test]
fn a_stripeapp_on_disk_gets_the_findings_of_its_code() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/alerts/alerts.stripeapp");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = format!("file://{}", path.display());
    let mut server = Server::start();
    let diags = server.open(&uri, &text);
    let e0701: Vec<&Value> = diags.iter().filter(|d| d["code"] == "E0701").collect();
    assert_eq!(e0701.len(), 2, "{diags:#?}");
    // Shown on the view's declaration, found in the TypeScript.
    let d = e0701
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("invoices.list"))
        .unwrap();
    assert_eq!(
        d["range"],
        range_of(&text, "AlertsView", 0, Encoding::Utf16)
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("src/lib/customers.ts:8:10"),
        "{d}"
    );
    let found = &d["relatedInformation"][0];
    assert!(
        found["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("src/lib/customers.ts")
    );
    assert_eq!(
        found["location"]["range"]["start"],
        json!({"line": 7, "character": 9})
    );
    assert!(codes(&diags).contains(&"W0701".to_string()));
    assert!(server.shutdown().success());
}

// ---------------------------------------------------------------------------------------
// Inlay hints
// ---------------------------------------------------------------------------------------

#[test]
fn inlay_hints_name_the_permission_after_each_call_for_clients_that_show_them() {
    let f = Fixture::load("hover.stripeapp");
    let mut server = Server::start_with(json!({ "textDocument": { "inlayHint": {} } }));
    assert_eq!(server.init["capabilities"]["inlayHintProvider"], true);
    server.open(URI, &f.text);
    let lines = f.text.lines().count() as u64;
    let hints = server.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": URI },
                "range": { "start": { "line": 0, "character": 0 },
                           "end": { "line": lines, "character": 0 } } }),
    );
    let hints = hints.as_array().cloned().unwrap_or_default();
    let at = |needle: &str| {
        let (line, text) = f
            .text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .expect("line");
        let col = text.find(needle).expect("col") + needle.len();
        (line as u64, col as u64)
    };
    let label_at = |(line, col): (u64, u64)| -> Vec<String> {
        hints
            .iter()
            .filter(|h| h["position"]["line"] == line && h["position"]["character"] == col)
            .map(|h| h["label"].as_str().unwrap_or("").to_string())
            .collect()
    };
    // The view's two calls, then the backend's: each right after the method's name.
    assert_eq!(
        label_at(at("invoices.retrieve")),
        ["invoice_read"],
        "{hints:?}"
    );
    assert_eq!(label_at(at("customers.retrieve")), ["customer_read"]);
    assert_eq!(label_at(at("invoices.list")), ["invoice_read"]);
    assert_eq!(
        hints.len(),
        5,
        "one per call (two invoices.update): {hints:?}"
    );
    assert!(hints.iter().all(|h| h["paddingLeft"] == true));
    assert!(
        hints[0]["tooltip"]
            .as_str()
            .is_some_and(|t| t.contains("invoices.retrieve")),
        "{:?}",
        hints[0]
    );

    // A range that covers only the view's `calls` line gets only its hints.
    let (line, _) = at("customers.retrieve");
    let few = server.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": URI },
                "range": { "start": { "line": line, "character": 0 },
                           "end": { "line": line + 1, "character": 0 } } }),
    );
    assert_eq!(few.as_array().map(Vec::len), Some(2), "{few}");
    assert!(server.shutdown().success());
}

#[test]
fn inlay_hints_are_not_announced_to_clients_that_cannot_show_them() {
    // Neovim before 0.10 and eglot 1.9 send no `inlayHint` capability.
    let server = Server::start();
    assert!(server.init["capabilities"]["inlayHintProvider"].is_null());
    assert!(server.shutdown().success());
}
