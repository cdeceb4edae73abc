//! A minimal LSP client that drives the real `stripeapp lsp` binary over stdio, and fixture
//! files whose cursor positions are marked `$0`, `$1`, …
//!
//! Every wait is bounded (`TIMEOUT`), and `Drop` kills the server, so a hung or crashed
//! server fails the test instead of stalling it.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A running server.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    notes: VecDeque<Value>,
    /// The initialize result.
    pub init: Value,
}

/// Reads `Content-Length`-framed JSON messages.
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len: Option<usize> = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Server {
    /// Starts a server for a client with default capabilities (UTF-16 positions).
    pub fn start() -> Server {
        Server::start_with(json!({}))
    }

    /// Starts a server for a client that offers these position encodings.
    pub fn start_with_encodings(encodings: &[&str]) -> Server {
        Server::start_with(json!({ "general": { "positionEncodings": encodings } }))
    }

    pub fn start_with(capabilities: Value) -> Server {
        Server::start_full(capabilities, &[], None)
    }

    /// Starts a server with extra environment variables; its stderr lines go to `stderr`
    /// when given (the benchmark reads the server's timing log there).
    pub fn start_full(
        capabilities: Value,
        env: &[(&str, &str)],
        stderr: Option<std::sync::mpsc::Sender<String>>,
    ) -> Server {
        Server::start_command(&["lsp"], capabilities, env, stderr)
    }

    /// Starts the server with this command line (`["lsp", "--stdio"]`, …).
    pub fn start_command(
        args: &[&str],
        capabilities: Value,
        env: &[(&str, &str)],
        stderr: Option<std::sync::mpsc::Sender<String>>,
    ) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stripeapp"))
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if stderr.is_some() {
                Stdio::piped()
            } else {
                Stdio::inherit()
            })
            .spawn()
            .expect("start stripeapp lsp");
        if let (Some(tx), Some(err)) = (stderr, child.stderr.take()) {
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut server = Server {
            child,
            stdin,
            rx,
            next_id: 1,
            notes: VecDeque::new(),
            init: Value::Null,
        };
        server.init = server.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        server.notify("initialized", json!({}));
        server
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("json");
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin
            .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
            .expect("write header");
        stdin.write_all(&body).expect("write body");
        stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn recv(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => {
                panic!("no message from the server within {TIMEOUT:?}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().ok();
                panic!("the server closed its output (exit status {status:?})")
            }
        }
    }

    /// Sends a request and returns the whole response message.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self.recv(deadline);
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            self.notes.push_back(msg);
        }
    }

    /// Sends a request and returns its result (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let msg = self.request_raw(method, params);
        if let Some(err) = msg.get("error") {
            panic!("{method} failed: {err}");
        }
        msg.get("result").cloned().unwrap_or(Value::Null)
    }

    /// Waits for the next `publishDiagnostics` for `uri` and returns its params.
    pub fn published(&mut self, uri: &str) -> Value {
        if let Some(i) = self.notes.iter().position(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        }) {
            return self
                .notes
                .remove(i)
                .map(|n| n["params"].clone())
                .unwrap_or_default();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self.recv(deadline);
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                return msg["params"].clone();
            }
            self.notes.push_back(msg);
        }
    }

    /// The diagnostics of the next publication for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        self.published(uri)["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Opens a document and returns its first diagnostics.
    pub fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "stripeapp", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    /// Replaces a document's whole text and returns its next diagnostics.
    pub fn change(&mut self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics(uri)
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }

    /// Waits (bounded) for the process to end.
    pub fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Closes stdin (the client went away).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fixture: its text without markers, and the byte offset of each marker `$N`.
pub struct Fixture {
    pub text: String,
    markers: Vec<(usize, usize)>,
}

impl Fixture {
    pub fn load(name: &str) -> Fixture {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/lsp/fixtures")
            .join(name);
        let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        Fixture::parse(&raw)
    }

    pub fn parse(raw: &str) -> Fixture {
        let mut text = String::new();
        let mut markers = Vec::new();
        let mut rest = raw;
        while let Some(i) = rest.find('$') {
            let digits: String = rest[i + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            text.push_str(&rest[..i]);
            if digits.is_empty() {
                text.push('$');
                rest = &rest[i + 1..];
                continue;
            }
            markers.push((digits.parse().expect("marker"), text.len()));
            rest = &rest[i + 1 + digits.len()..];
        }
        text.push_str(rest);
        Fixture { text, markers }
    }

    /// Every marker `(n, byte offset)`, in the order they appear.
    pub fn markers(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.markers.iter().copied()
    }

    /// The byte offset of marker `n`.
    pub fn offset(&self, n: usize) -> usize {
        self.markers
            .iter()
            .find(|(m, _)| *m == n)
            .unwrap_or_else(|| panic!("no marker ${n}"))
            .1
    }

    /// The LSP position of marker `n`, with columns in UTF-16 code units.
    pub fn utf16(&self, n: usize) -> Value {
        position(&self.text, self.offset(n), Encoding::Utf16)
    }

    /// The LSP position of marker `n`, with columns in bytes.
    pub fn utf8(&self, n: usize) -> Value {
        position(&self.text, self.offset(n), Encoding::Utf8)
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Encoding {
    Utf16,
    Utf8,
}

/// An LSP position computed independently of the server: lines end at `\n`.
pub fn position(text: &str, offset: usize, enc: Encoding) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let character = match enc {
        Encoding::Utf16 => prefix.encode_utf16().count(),
        Encoding::Utf8 => prefix.len(),
    };
    json!({ "line": line, "character": character })
}

/// The LSP range of `needle`'s `nth` occurrence (0-based).
pub fn range_of(text: &str, needle: &str, nth: usize, enc: Encoding) -> Value {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not found"))
        .0;
    json!({ "start": position(text, start, enc), "end": position(text, start + needle.len(), enc) })
}

/// The hover text at a position, or "" when there is none.
pub fn hover_text(server: &mut Server, uri: &str, pos: Value) -> String {
    let r = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": pos }),
    );
    r["contents"]["value"].as_str().unwrap_or("").to_string()
}

/// The labels of the completion items at a position.
pub fn completion_labels(server: &mut Server, uri: &str, pos: Value) -> Vec<String> {
    completion_items(server, uri, pos)
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}

pub fn completion_items(server: &mut Server, uri: &str, pos: Value) -> Vec<Value> {
    let r = server.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": pos }),
    );
    let items = if r.is_array() { r } else { r["items"].clone() };
    items.as_array().cloned().unwrap_or_default()
}

pub fn example(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
    )
    .expect("example")
}
