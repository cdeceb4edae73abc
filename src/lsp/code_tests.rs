//! In-process tests of the code files the editor sends (`lsp::code`): the server runs on a
//! thread over an in-memory connection, against the test app `tests/apps/alerts`, whose
//! files are only read.

// A test fails by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::{Mode, serve_as};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

fn app_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/alerts")
}

fn uri_of(path: &Path) -> String {
    super::code::file_uri(path)
}

struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<u8>>,
    next: i32,
    held: Vec<Notification>,
}

impl Client {
    fn start(mode: Mode) -> (Client, Value) {
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || serve_as(&server, mode));
        let mut client = Client {
            conn,
            server: Some(handle),
            next: 1,
            held: Vec::new(),
        };
        let caps = client.request("initialize", json!({"capabilities": {}}));
        client.notify("initialized", json!({}));
        (client, caps)
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.to_string(), params);
        self.conn.sender.send(Message::Notification(n)).unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = RequestId::from(self.next);
        self.next += 1;
        let r = Request::new(id.clone(), method.to_string(), params);
        self.conn.sender.send(Message::Request(r)).unwrap();
        loop {
            match self.conn.receiver.recv_timeout(WAIT).unwrap() {
                Message::Response(resp) if resp.id == id => match resp.response_result {
                    Ok(v) => return v,
                    Err(e) => panic!("{method}: {}", e.message),
                },
                Message::Notification(n) => self.held.push(n),
                _ => {}
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn published(&mut self, uri: &str) -> Vec<Value> {
        let is_for = |n: &Notification| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
        };
        if let Some(i) = self.held.iter().position(is_for) {
            let n = self.held.remove(i);
            return n.params["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        loop {
            match self.conn.receiver.recv_timeout(WAIT).unwrap() {
                Message::Notification(n) if is_for(&n) => {
                    return n.params["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                }
                Message::Notification(n) => self.held.push(n),
                _ => {}
            }
        }
    }

    fn open(&self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    fn change(&self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.server.take().map(|h| h.join().unwrap());
        assert_eq!(status, Some(0));
    }
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().filter_map(|d| d["code"].as_str()).collect()
}

/// Applies LSP text edits (line/character, UTF-16 = ASCII here) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let col = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + col
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, new) in spans {
        out.replace_range(a..b, &new);
    }
    out
}

#[test]
fn a_code_file_gets_its_own_findings_with_the_declaration_related() {
    let dir = app_dir();
    let ts = dir.join("src/lib/customers.ts");
    let ts_uri = uri_of(&ts);
    let app_uri = uri_of(&dir.join("alerts.stripeapp"));
    let text = std::fs::read_to_string(&ts).unwrap();
    let (mut client, _) = Client::start(Mode::Full);
    // The `.stripeapp` file is not open: it is found beside `stripe-app.json`.
    client.open(&ts_uri, "typescript", &text);
    let diags = client.published(&ts_uri);
    assert_eq!(codes(&diags), ["E0701"], "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["range"]["start"], json!({"line": 7, "character": 9}));
    assert_eq!(d["severity"], 1);
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], app_uri.as_str());
    assert!(
        related["message"].as_str().unwrap().contains("AlertsView"),
        "{related}"
    );

    // The quick fix edits the `.stripeapp` file, not the TypeScript.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": ts_uri}, "range": d["range"], "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let changes = actions[0]["edit"]["changes"].as_object().unwrap();
    assert_eq!(changes.keys().collect::<Vec<_>>(), [&app_uri]);
    let app_text = std::fs::read_to_string(dir.join("alerts.stripeapp")).unwrap();
    let fixed = apply(&app_text, changes[&app_uri].as_array().unwrap());
    assert!(
        fixed.contains("calls customers.retrieve, subscriptions.list, invoices.list"),
        "{fixed}"
    );

    // Nothing else about a code file is answered: tsserver does that.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": ts_uri}, "position": {"line": 7, "character": 12}}),
    );
    assert_eq!(hover, Value::Null);

    // Unsaved edits count: without the call, nothing is left to report.
    let edited = text.replace("stripe.invoices.list({customer, status: 'open'})", "[]");
    client.change(&ts_uri, 2, &edited);
    assert_eq!(codes(&client.published(&ts_uri)), Vec::<&str>::new());

    // The open `.stripeapp` text is the app: declaring the call there clears the finding.
    client.change(&ts_uri, 3, &text);
    assert_eq!(codes(&client.published(&ts_uri)), ["E0701"]);
    client.open(&app_uri, "stripeapp", &fixed);
    let _ = client.published(&app_uri);
    assert_eq!(codes(&client.published(&ts_uri)), Vec::<&str>::new());
    client.stop();
}

#[test]
fn what_cannot_be_checked_is_information_in_the_code_file() {
    let ts = app_dir().join("backend/src/digest.ts");
    let ts_uri = uri_of(&ts);
    let (mut client, _) = Client::start(Mode::Full);
    client.open(
        &ts_uri,
        "typescript",
        &std::fs::read_to_string(&ts).unwrap(),
    );
    let diags = client.published(&ts_uri);
    let note = diags
        .iter()
        .find(|d| d["code"] == "W0705")
        .expect("a W0705");
    // LSP's Information.
    assert_eq!(note["severity"], 3);
    client.stop();
}

#[test]
fn a_code_file_outside_any_app_gets_nothing() {
    let dir = std::env::temp_dir().join(format!("stripeapp-lsp-code-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("package.json"), "{}").unwrap();
    let ts = dir.join("index.ts");
    let ts_uri = uri_of(&ts);
    let (mut client, _) = Client::start(Mode::Full);
    client.open(
        &ts_uri,
        "typescript",
        "fetch(`https://x.example/${location.hash}`);\n",
    );
    assert_eq!(client.published(&ts_uri), Vec::<Value>::new());
    client.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn code_only_mode_claims_nothing_but_quick_fixes() {
    let (client, result) = Client::start(Mode::CodeOnly);
    let caps = result["capabilities"].as_object().unwrap();
    let mut keys: Vec<&str> = caps.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["codeActionProvider", "positionEncoding", "textDocumentSync"]
    );
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    client.stop();
}

#[test]
fn code_only_mode_publishes_code_findings() {
    let ts = app_dir().join("src/lib/customers.ts");
    let ts_uri = uri_of(&ts);
    let (mut client, _) = Client::start(Mode::CodeOnly);
    client.open(
        &ts_uri,
        "typescript",
        &std::fs::read_to_string(&ts).unwrap(),
    );
    assert_eq!(codes(&client.published(&ts_uri)), ["E0701"]);
    client.stop();
}
