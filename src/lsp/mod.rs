//! `stripeapp lsp`: the language server, a thin adapter over [`crate::analyse`].
//!
//! - `mod.rs` (this file): the stdio loop, the `initialize`/`shutdown`/`exit` life cycle, and
//!   dispatch to one handler file per LSP method in `handlers/`.
//! - `state`: the open documents. After edits a document is analysed afresh, all of it (one
//!   file is one app, so this is cheap), when something needs the result; it also keeps the
//!   last analysis whose parse succeeded.
//! - `convert`: the only place LSP positions become byte offsets and back.
//! - `context`: where a position is (block, statement), read from text that may not parse.
//! - declarations are found with `ast::File`'s finders (`file.endpoint(..)`, …), and what a
//!   use needs and what satisfies it is read from the checker's `Analysis::index`.
//! - `markup`: the documentation as Markdown or plain text, as the client asks.
//!
//! The loop is single-threaded: every request is answered in order, against the latest text.
//! After each message it looks for more queued messages and only publishes diagnostics when
//! there are none, so a burst of keystrokes is analysed and published once.

pub mod code;
pub mod context;
pub mod convert;
mod docs;
mod handlers;
pub mod markup;
pub mod state;

use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{notification as notif, request as req};
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde::de::DeserializeOwned;
use state::State;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

/// Set to anything to log, on stderr, how long each request took and how long after a
/// change its diagnostics were published (used by `cargo bench --bench lsp`).
pub const TIMING_ENV: &str = "STRIPEAPP_LSP_TIMING";

/// Runs the server on stdin/stdout until `exit` or until the client goes away. Returns the
/// process exit status: 0 after `shutdown` then `exit`, 1 for `exit` without `shutdown`
/// (as LSP prescribes), 2 when the connection failed.
pub fn run(mode: Mode) -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let status = serve_as(&connection, mode);
    // Dropping the connection lets the writer thread flush and end.
    drop(connection);
    match io_threads.join() {
        Ok(()) => status,
        Err(err) => {
            eprintln!("stripeapp lsp: {err}");
            if status == 0 {
                crate::cli::CANNOT_RUN
            } else {
                status
            }
        }
    }
}

/// What the server serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `.stripeapp` files with every feature, and the findings of the app's code files.
    Full,
    /// Only the app's code files (TypeScript): their findings and quick fixes, and no
    /// other capability (`stripeapp lsp --code-only`).
    CodeOnly,
}

/// Serves one connection (stdio, or an in-memory one in tests).
pub fn serve(connection: &Connection) -> u8 {
    serve_as(connection, Mode::Full)
}

/// Serves one connection in `mode`.
pub fn serve_as(connection: &Connection, mode: Mode) -> u8 {
    let (id, params) = match connection.initialize_start() {
        Ok(x) => x,
        Err(err) => {
            eprintln!("stripeapp lsp: {err}");
            return crate::cli::CANNOT_RUN;
        }
    };
    let params: lsp_types::InitializeParams = match serde_json::from_value(params) {
        Ok(p) => p,
        Err(err) => {
            let _ = connection.sender.send(
                Response::new_err(
                    id,
                    ErrorCode::InvalidParams as i32,
                    format!("bad initialize params: {err}"),
                )
                .into(),
            );
            return crate::cli::CANNOT_RUN;
        }
    };
    let (unit, encoding) = convert::negotiate(&params.capabilities);
    let result = lsp_types::InitializeResult {
        capabilities: match mode {
            Mode::Full => handlers::initialize::capabilities(encoding, &params.capabilities),
            Mode::CodeOnly => handlers::initialize::code_only_capabilities(encoding),
        },
        server_info: Some(lsp_types::ServerInfo {
            name: "stripeapp".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    if connection
        .sender
        .send(Response::new_ok(id, result).into())
        .is_err()
    {
        return crate::cli::CANNOT_RUN;
    }
    let mut state = State::new(unit);
    state.insert_replace = params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|t| t.completion.as_ref())
        .and_then(|c| c.completion_item.as_ref())
        .and_then(|i| i.insert_replace_support)
        .unwrap_or(false);
    state.formats = markup::Formats::negotiate(&params.capabilities);
    let mut server = Server {
        connection,
        mode,
        state,
        pending: FxHashMap::default(),
        shut_down: false,
        timing: std::env::var_os(TIMING_ENV).is_some(),
    };
    server.main_loop()
}

struct Server<'c> {
    connection: &'c Connection,
    mode: Mode,
    state: State,
    /// Documents whose diagnostics are due, with when the first unpublished change arrived.
    pending: FxHashMap<String, Instant>,
    shut_down: bool,
    timing: bool,
}

/// What the loop does after a message.
enum Flow {
    Continue,
    Exit(u8),
}

impl Server<'_> {
    fn main_loop(&mut self) -> u8 {
        loop {
            let msg = match self.connection.receiver.try_recv() {
                Ok(msg) => msg,
                Err(TryRecvError::Empty) => {
                    self.publish_pending();
                    match self.connection.receiver.recv() {
                        Ok(msg) => msg,
                        Err(_) => return 0,
                    }
                }
                Err(TryRecvError::Disconnected) => return 0,
            };
            // A bug in a handler must not take the editor's server down: answer the request
            // with an error and go on.
            let id = match &msg {
                Message::Request(r) => Some(r.id.clone()),
                _ => None,
            };
            match catch_unwind(AssertUnwindSafe(|| self.handle(msg))) {
                Ok(Flow::Continue) => {}
                Ok(Flow::Exit(status)) => return status,
                Err(_) => {
                    if let Some(id) = id {
                        self.send(Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            "internal error in stripeapp lsp (please report it)".to_string(),
                        ));
                    }
                }
            }
        }
    }

    fn send(&self, msg: impl Into<Message>) {
        // A closed channel means the client is gone; the loop ends on the next receive.
        let _ = self.connection.sender.send(msg.into());
    }

    fn handle(&mut self, msg: Message) -> Flow {
        match msg {
            Message::Request(r) => {
                let started = Instant::now();
                let method = r.method.clone();
                let response = self.request(r);
                self.send(response);
                if self.timing {
                    eprintln!(
                        "stripeapp-lsp-timing {method} {}",
                        started.elapsed().as_micros()
                    );
                }
                Flow::Continue
            }
            Message::Notification(n) => self.notification(n),
            // The server sends no requests, so there is nothing to match responses to.
            Message::Response(_) => Flow::Continue,
        }
    }

    fn request(&mut self, r: Request) -> Response {
        if self.shut_down {
            return Response::new_err(
                r.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_string(),
            );
        }
        let state = &mut self.state;
        match r.method.as_str() {
            req::Shutdown::METHOD => {
                self.shut_down = true;
                Response::new_ok(r.id, ())
            }
            req::Initialize::METHOD => Response::new_err(
                r.id,
                ErrorCode::InvalidRequest as i32,
                "already initialized".to_string(),
            ),
            req::HoverRequest::METHOD => respond(r, state, handlers::hover::handle),
            req::Completion::METHOD => respond(r, state, handlers::completion::handle),
            req::GotoDefinition::METHOD => respond(r, state, handlers::definition::handle),
            req::References::METHOD => respond(r, state, handlers::references::handle),
            req::CodeActionRequest::METHOD => respond(r, state, handlers::code_action::handle),
            req::Formatting::METHOD => respond(r, state, handlers::formatting::handle),
            req::InlayHintRequest::METHOD => respond(r, state, handlers::inlay_hint::handle),
            req::SemanticTokensFullRequest::METHOD => {
                respond(r, state, handlers::semantic_tokens::handle)
            }
            req::DocumentSymbolRequest::METHOD => {
                respond(r, state, handlers::document_symbol::handle)
            }
            _ => Response::new_err(
                r.id,
                ErrorCode::MethodNotFound as i32,
                format!("stripeapp lsp does not handle {}", r.method),
            ),
        }
    }

    fn notification(&mut self, n: Notification) -> Flow {
        let received = Instant::now();
        match n.method.as_str() {
            notif::Exit::METHOD => return Flow::Exit(if self.shut_down { 0 } else { 1 }),
            notif::DidOpenTextDocument::METHOD => {
                if let Some(p) = params::<notif::DidOpenTextDocument>(n.params) {
                    for uri in handlers::did_open::handle(&mut self.state, p) {
                        self.pending.entry(uri).or_insert(received);
                    }
                }
            }
            notif::DidChangeTextDocument::METHOD => {
                if let Some(p) = params::<notif::DidChangeTextDocument>(n.params) {
                    for uri in handlers::did_change::handle(&mut self.state, p) {
                        self.pending.entry(uri).or_insert(received);
                    }
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                if let Some(p) = params::<notif::DidCloseTextDocument>(n.params) {
                    let (uri, due) = handlers::did_close::handle(&mut self.state, p);
                    self.pending.remove(uri.as_str());
                    for other in due {
                        self.pending.entry(other).or_insert(received);
                    }
                    // Clear what the editor shows for a file that is no longer open.
                    self.publish(&uri, Vec::new(), None);
                }
            }
            // `initialized`, `didSave`, `$/cancelRequest` (every request is answered before
            // the next is read), `$/setTrace`, configuration changes: nothing to do.
            _ => {}
        }
        Flow::Continue
    }

    /// Analyses and publishes every document changed since the last publication.
    fn publish_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut due: Vec<(String, Instant)> = self.pending.drain().collect();
        due.sort();
        for (uri, received) in due {
            if let Some(code) = self.state.code_docs.get(&uri) {
                let version = code.doc.version;
                let diagnostics = handlers::publish_diagnostics::convert_code(&self.state, &uri);
                self.publish(&uri, diagnostics, Some(version));
                continue;
            }
            // Serving code files only, a `.stripeapp` file the client sends is only read.
            if self.mode == Mode::CodeOnly {
                continue;
            }
            let Some(doc) = self.state.docs.get_mut(&uri) else {
                continue;
            };
            let version = doc.version;
            let snap = doc.snapshot();
            let diagnostics =
                handlers::publish_diagnostics::convert_all(&snap, self.state.unit, &uri);
            self.publish(&uri, diagnostics, Some(version));
            if self.timing {
                eprintln!(
                    "stripeapp-lsp-timing diagnostics {}",
                    received.elapsed().as_micros()
                );
            }
        }
    }

    fn publish(&self, uri: &str, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let Ok(uri) = uri.parse::<lsp_types::Uri>() else {
            return;
        };
        let params = lsp_types::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            notif::PublishDiagnostics::METHOD.to_string(),
            params,
        ));
    }
}

fn params<N: lsp_types::notification::Notification>(value: serde_json::Value) -> Option<N::Params> {
    serde_json::from_value(value).ok()
}

/// Decodes a request's parameters, runs its handler and encodes the answer.
fn respond<P, R>(r: Request, state: &mut State, handler: fn(&mut State, P) -> R) -> Response
where
    P: DeserializeOwned,
    R: Serialize,
{
    match serde_json::from_value::<P>(r.params) {
        Ok(p) => Response::new_ok(r.id, handler(state, p)),
        Err(err) => Response::new_err(
            r.id,
            ErrorCode::InvalidParams as i32,
            format!("invalid parameters for {}: {err}", r.method),
        ),
    }
}

#[cfg(test)]
mod code_tests;
#[cfg(test)]
mod tests;
