//! The language server in-process, from fixture files: every `tests/lsp/fixtures/*.stripeapp`
//! is opened in a server running on an in-memory connection (no child process), and its
//! answers are snapshotted in `tests/lsp/snapshots/`: the diagnostics and the outline
//! (document symbols) and semantic tokens of the whole file, and at every cursor marker `$N`
//! hover, completion, definition, references and code actions.
//!
//! A change in behaviour shows as a snapshot diff: review it with `cargo insta review` (or
//! run with `INSTA_UPDATE=always` and read `git diff`). `tests/lsp.rs` keeps the protocol
//! tests (life cycle, encodings, edits) against the real binary, and `tests/editor.rs` the
//! end-to-end check in Neovim.

#[path = "lsp/harness.rs"]
mod harness;

use harness::Fixture;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

const URI: &str = "file:///fixture/app.stripeapp";
const TIMEOUT: Duration = Duration::from_secs(20);
/// Completion lists can hold every API method: the snapshot keeps their count and the first.
const COMPLETIONS_SHOWN: usize = 12;

/// A server on an in-memory connection, serving on its own thread.
struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<u8>>,
    next_id: i32,
    notifications: Vec<Notification>,
    legend: Vec<String>,
}

impl Client {
    /// Starts a server for a client that works in UTF-8 columns (bytes), so positions map
    /// straight onto the fixture text.
    fn start() -> Client {
        let (server_side, conn) = Connection::memory();
        let server = std::thread::spawn(move || stripeapp::lsp::serve(&server_side));
        let mut client = Client {
            conn,
            server: Some(server),
            next_id: 0,
            notifications: Vec::new(),
            legend: Vec::new(),
        };
        let init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null,
                    "capabilities": { "general": { "positionEncodings": ["utf-8"] } } }),
        );
        assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
        client.legend = init["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|t| t.as_str().unwrap_or("?").to_string())
                    .collect()
            })
            .unwrap_or_default();
        client.notify("initialized", json!({}));
        client
    }

    fn notify(&mut self, method: &str, params: Value) {
        let n = Notification::new(method.to_string(), params);
        self.conn.sender.send(n.into()).expect("server is running");
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let r = Request::new(id.clone(), method.to_string(), params);
        self.conn.sender.send(r.into()).expect("server is running");
        loop {
            match self.conn.receiver.recv_timeout(TIMEOUT) {
                Ok(Message::Response(r)) if r.id == id => match r.response_result {
                    Ok(v) => return v,
                    Err(e) => panic!("{method} failed: {}", e.message),
                },
                Ok(Message::Notification(n)) => self.notifications.push(n),
                Ok(_) => {}
                Err(e) => panic!("no answer to {method} within {TIMEOUT:?}: {e}"),
            }
        }
    }

    /// Opens a document and waits for its diagnostics.
    fn open(&mut self, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": URI, "languageId": "stripeapp", "version": 1, "text": text } }),
        );
        loop {
            if let Some(i) = self
                .notifications
                .iter()
                .position(|n| n.method == "textDocument/publishDiagnostics")
            {
                let n = self.notifications.remove(i);
                return n.params["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            match self.conn.receiver.recv_timeout(TIMEOUT) {
                Ok(Message::Notification(n)) => self.notifications.push(n),
                Ok(_) => {}
                Err(e) => panic!("no diagnostics within {TIMEOUT:?}: {e}"),
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if let Some(server) = self.server.take() {
            assert_eq!(
                server.join().ok(),
                Some(0),
                "the server did not exit cleanly"
            );
        }
    }
}

/// Byte offset of an LSP position (UTF-8 columns).
fn offset(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap_or(0) as usize;
    let column = pos["character"].as_u64().unwrap_or(0) as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    (start + column).min(text.len())
}

/// `line:column-line:column` (1-based) and the text of a range.
fn range(text: &str, r: &Value) -> String {
    let (s, e) = (offset(text, &r["start"]), offset(text, &r["end"]));
    let at = |p: &Value| {
        format!(
            "{}:{}",
            p["line"].as_u64().unwrap_or(0) + 1,
            p["character"].as_u64().unwrap_or(0) + 1
        )
    };
    let covered = text.get(s..e).unwrap_or("?");
    let covered: String = covered.chars().take(40).collect();
    format!(
        "{}-{} `{}`",
        at(&r["start"]),
        at(&r["end"]),
        covered.replace('\n', "⏎")
    )
}

fn diagnostics(out: &mut String, text: &str, diags: &[Value]) {
    let _ = writeln!(out, "== diagnostics");
    for d in diags {
        let _ = writeln!(
            out,
            "{} {} (severity {}): {}",
            range(text, &d["range"]),
            d["code"].as_str().unwrap_or(""),
            d["severity"],
            d["message"].as_str().unwrap_or("")
        );
    }
}

fn symbols(out: &mut String, text: &str, list: &Value, depth: usize) {
    for s in list.as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "{}{} [kind {}]{} at {}",
            "  ".repeat(depth),
            s["name"].as_str().unwrap_or(""),
            s["kind"],
            s["detail"]
                .as_str()
                .map(|d| format!(" {d:?}"))
                .unwrap_or_default(),
            range(text, &s["selectionRange"])
        );
        symbols(out, text, &s["children"], depth + 1);
    }
}

fn semantic_tokens(out: &mut String, client: &Client, text: &str, data: &Value) {
    let _ = writeln!(out, "== semantic tokens");
    let nums: Vec<u64> = data
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let (mut line, mut start) = (0u64, 0u64);
    for c in nums.chunks(5) {
        line += c[0];
        start = if c[0] == 0 { start + c[1] } else { c[1] };
        let pos = json!({ "line": line, "character": start });
        let s = offset(text, &pos);
        let word = text.get(s..s + c[2] as usize).unwrap_or("?");
        let kind = client.legend.get(c[3] as usize).map_or("?", String::as_str);
        let modifiers = match c[4] {
            0 => String::new(),
            m => format!(" +{m}"),
        };
        let _ = writeln!(out, "{}:{} {kind}{modifiers} `{word}`", line + 1, start + 1);
    }
}

fn locations(text: &str, v: &Value) -> String {
    let list: Vec<String> = match v {
        Value::Array(a) => a.iter().map(|l| range(text, &l["range"])).collect(),
        Value::Object(_) => vec![range(text, &v["range"])],
        _ => Vec::new(),
    };
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}

fn completion(v: &Value) -> String {
    let items = if v.is_array() { v } else { &v["items"] };
    let labels: Vec<&str> = items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    if labels.is_empty() {
        return "none".to_string();
    }
    let shown = labels[..labels.len().min(COMPLETIONS_SHOWN)].join(", ");
    let more = labels.len().saturating_sub(COMPLETIONS_SHOWN);
    match more {
        0 => format!("{} items: {shown}", labels.len()),
        n => format!("{} items: {shown}, … ({n} more)", labels.len()),
    }
}

fn code_actions(text: &str, v: &Value) -> String {
    let mut out = String::new();
    for a in v.as_array().into_iter().flatten() {
        let edits: Vec<String> = a["edit"]["changes"][URI]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                format!(
                    "{} → {:?}",
                    range(text, &e["range"]),
                    e["newText"].as_str().unwrap_or("")
                )
            })
            .collect();
        let _ = write!(
            out,
            "\n    {}{}: {}",
            a["title"].as_str().unwrap_or(""),
            if a["isPreferred"] == true {
                " (preferred)"
            } else {
                ""
            },
            edits.join("; ")
        );
    }
    if out.is_empty() {
        " none".to_string()
    } else {
        out
    }
}

/// Everything the server answers about one fixture, as text.
fn answers(raw: &str) -> String {
    let fixture = Fixture::parse(raw);
    let text = fixture.text.as_str();
    let mut client = Client::start();
    let diags = client.open(text);
    let mut out = String::new();
    diagnostics(&mut out, text, &diags);
    let doc = json!({ "textDocument": { "uri": URI } });
    let _ = writeln!(out, "== document symbols");
    let syms = client.request("textDocument/documentSymbol", doc.clone());
    symbols(&mut out, text, &syms, 0);
    let tokens = client.request("textDocument/semanticTokens/full", doc);
    semantic_tokens(&mut out, &client, text, &tokens["data"]);
    for (n, at) in fixture.markers() {
        let pos = harness::position(text, at, harness::Encoding::Utf8);
        let params = json!({ "textDocument": { "uri": URI }, "position": pos });
        let line = text[..at].matches('\n').count() + 1;
        let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
        let _ = writeln!(out, "== ${n} at {line}:{column}");
        let hover = client.request("textDocument/hover", params.clone());
        match hover["contents"]["value"].as_str() {
            Some(h) => {
                let _ = writeln!(out, "hover {}:", locations(text, &hover));
                for l in h.lines() {
                    let _ = writeln!(out, "  | {l}");
                }
            }
            None => {
                let _ = writeln!(out, "hover: none");
            }
        }
        let c = client.request("textDocument/completion", params.clone());
        let _ = writeln!(out, "completion: {}", completion(&c));
        let d = client.request("textDocument/definition", params.clone());
        let _ = writeln!(out, "definition: {}", locations(text, &d));
        let mut with_declaration = params.clone();
        with_declaration["context"] = json!({ "includeDeclaration": true });
        let r = client.request("textDocument/references", with_declaration);
        let _ = writeln!(out, "references: {}", locations(text, &r));
        let here = diags
            .iter()
            .filter(|d| {
                let (s, e) = (
                    offset(text, &d["range"]["start"]),
                    offset(text, &d["range"]["end"]),
                );
                s <= at && at <= e
            })
            .cloned()
            .collect::<Vec<_>>();
        let actions = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI },
                    "range": { "start": pos, "end": pos },
                    "context": { "diagnostics": here } }),
        );
        let _ = writeln!(out, "code actions:{}", code_actions(text, &actions));
    }
    out
}

#[test]
fn every_fixture_answers_as_its_snapshot_says() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/lsp/fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "stripeapp"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "fixtures not found in {dir:?}");
    for path in names {
        let raw = std::fs::read_to_string(&path).expect("fixture");
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("fixture")
            .to_string();
        let text = answers(&raw);
        insta::with_settings!({
            snapshot_path => "lsp/snapshots",
            prepend_module_to_snapshot => false,
            description => format!("tests/lsp/fixtures/{name}.stripeapp"),
        }, {
            insta::assert_snapshot!(name, text);
        });
    }
}
