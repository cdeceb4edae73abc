//! `cargo bench --bench lsp`: latency of the language server on a 5,000-line file, measured
//! in the real `stripeapp lsp` process. The server is started with `STRIPEAPP_LSP_TIMING`
//! set, which makes it log on stderr how long after a `didChange` arrived it sent the
//! diagnostics, and how long each request took (from receipt to the response being handed
//! to the writer). Client-side round trips are printed beside them. DESIGN.md's targets:
//! diagnostics ≤ 20 ms p95, completion ≤ 16 ms p50. Numbers are printed, never asserted.

#[path = "../tests/lsp/harness.rs"]
mod harness;

use harness::{Encoding, Server, position};
use serde_json::json;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const URI: &str = "file:///bench/big.stripeapp";
const ROUNDS: usize = 200;

/// A valid app of `lines` lines: permissions, views with calls and uses, and a backend
/// with many endpoints, handlers and jobs, with doc comments and some non-ASCII text.
fn generate(lines: usize) -> String {
    let mut s = String::from(
        "// Generated for the LSP benchmark.\napp \"com.example.lsp-bench\" {\n  name \"LSP Bench\"\n  version \"1.0.0\"\n}\n\n",
    );
    for p in [
        "customer_write",
        "invoice_write",
        "event_read",
        "product_read",
    ] {
        s.push_str(&format!(
            "permission {p} \"Needed by the bench app ({p})\"\n"
        ));
    }
    s.push_str("\nurls \"Bench backend\" {\n  connect \"https://api.example.com/stripe/\"\n}\n\n");
    let viewports = [
        "stripe.dashboard.customer.detail",
        "stripe.dashboard.invoice.detail",
        "stripe.dashboard.payment.detail",
        "stripe.dashboard.product.detail",
        "stripe.dashboard.subscription.detail",
        "settings",
    ];
    let mut endpoints = Vec::new();
    let mut backend = String::from("backend \"https://api.example.com/stripe\" {\n");
    let mut i = 0;
    // Each round adds 9 backend lines; views add about 1 line per 8 endpoints.
    while s.lines().count() + backend.lines().count() + endpoints.len() / 8 + 4 * viewports.len()
        < lines
    {
        backend.push_str(&format!(
            "  /// Endpoint {i}: syncs batch {i} (Café 💶).\n  endpoint endpoint_{i} \"/sync/{i}\" {{\n    calls invoices.update, customers.retrieve\n    roles \"admin\"\n  }}\n  // Nightly check of batch {i}.\n  job job_{i} {{\n    calls products.list\n  }}\n"
        ));
        endpoints.push(format!("endpoint_{i}"));
        i += 1;
    }
    let per_view = endpoints.len().div_ceil(viewports.len());
    for (n, vp) in viewports.iter().enumerate() {
        s.push_str(&format!(
            "/// View {n}.\nview View{n} on {vp} {{\n  calls customers.retrieve, invoices.list\n"
        ));
        for chunk in endpoints
            .iter()
            .skip(n * per_view)
            .take(per_view)
            .collect::<Vec<_>>()
            .chunks(8)
        {
            let names: Vec<&str> = chunk.iter().map(|s| s.as_str()).collect();
            s.push_str(&format!("  uses {}\n", names.join(", ")));
        }
        s.push_str("}\n\n");
    }
    s.push_str(&backend);
    s.push_str("  on invoice.paid, customer.updated {\n    calls invoices.retrieve\n  }\n}\n");
    s
}

/// The next timing the server logged for `what`, in milliseconds.
fn timing(log: &Receiver<String>, what: &str) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = log
            .recv_timeout(left)
            .expect("a timing line from the server");
        let mut parts = line.split_whitespace();
        if parts.next() == Some("stripeapp-lsp-timing") && parts.next() == Some(what) {
            let micros: f64 = parts
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(f64::NAN);
            return micros / 1000.0;
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

fn report(name: &str, mut server_ms: Vec<f64>, mut client_ms: Vec<f64>, goal: &str) {
    server_ms.sort_by(f64::total_cmp);
    client_ms.sort_by(f64::total_cmp);
    println!(
        "{name:<28} server p50 {:>6.2} ms  p95 {:>6.2} ms  max {:>6.2} ms | round trip p50 {:>6.2} ms  p95 {:>6.2} ms   ({goal})",
        percentile(&server_ms, 0.5),
        percentile(&server_ms, 0.95),
        server_ms.last().copied().unwrap_or(f64::NAN),
        percentile(&client_ms, 0.5),
        percentile(&client_ms, 0.95),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too: keep it short then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rounds = if quick { 5 } else { ROUNDS };
    let text = generate(5_000);
    let line_count = text.lines().count();
    let analysis = stripeapp::analyse(&text);
    println!(
        "LSP benchmark: {line_count} lines, {} bytes, {} diagnostics in the file, {rounds} rounds each",
        text.len(),
        analysis.diagnostics.len()
    );

    let (tx, log) = channel();
    let mut server = Server::start_full(json!({}), &[(stripeapp::lsp::TIMING_ENV, "1")], Some(tx));
    server.open(URI, &text);
    timing(&log, "diagnostics");

    // Diagnostics after a change: alternately break and fix a call in the last view (one
    // character), as typing does.
    let target = text.rfind("invoices.list").expect("a call to edit") + "invoices.lis".len();
    let at = position(&text, target, Encoding::Utf16);
    let end = json!({ "line": at["line"], "character": at["character"].as_u64().unwrap_or(0) + 1 });
    let (mut server_ms, mut client_ms) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let (range, new) = if round % 2 == 0 {
            (json!({ "start": at, "end": end }), "")
        } else {
            (json!({ "start": at, "end": at }), "t")
        };
        let sent = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": round + 2 }, "contentChanges": [{ "range": range, "text": new }] }),
        );
        let diags = server.diagnostics(URI);
        client_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
        server_ms.push(timing(&log, "diagnostics"));
        assert_eq!(diags.len(), if round % 2 == 0 { 1 } else { 0 });
    }
    report(
        "diagnostics after a change",
        server_ms,
        client_ms,
        "goal: p95 <= 20 ms",
    );

    // Completion: in `calls` near the end of the file (the context scan reads the file up
    // to the cursor), after `customers.` and with nothing typed; and a permission name.
    let half_typed = text.replacen(
        "    calls invoices.retrieve\n  }\n}\n",
        "    calls invoices.retrieve\n    calls customers.\n  }\n}\n",
        1,
    );
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 10_000 }, "contentChanges": [{ "text": half_typed }] }),
    );
    server.diagnostics(URI);
    let dot = half_typed.rfind("customers.").expect("the half-typed call") + "customers.".len();
    let cases = [
        (
            "completion `calls customers.`",
            position(&half_typed, dot, Encoding::Utf16),
        ),
        (
            "completion `calls `",
            position(&half_typed, dot - "customers.".len(), Encoding::Utf16),
        ),
    ];
    for (name, pos) in cases {
        let (mut server_ms, mut client_ms) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let sent = Instant::now();
            let r = server.request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": URI }, "position": pos }),
            );
            client_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
            server_ms.push(timing(&log, "textDocument/completion"));
            assert!(r["items"].as_array().is_some_and(|i| !i.is_empty()));
        }
        report(name, server_ms, client_ms, "goal: p50 <= 16 ms");
    }

    // Hover on the same call, for reference.
    let (mut server_ms, mut client_ms) = (Vec::new(), Vec::new());
    let pos = position(
        &half_typed,
        half_typed.rfind("invoices.retrieve").unwrap_or(0) + 2,
        Encoding::Utf16,
    );
    for _ in 0..rounds {
        let sent = Instant::now();
        server.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": pos }),
        );
        client_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
        server_ms.push(timing(&log, "textDocument/hover"));
    }
    report("hover", server_ms, client_ms, "no goal");

    // Semantic tokens of the whole file, for reference.
    let (mut server_ms, mut client_ms) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let sent = Instant::now();
        server.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        );
        client_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
        server_ms.push(timing(&log, "textDocument/semanticTokens/full"));
    }
    report(
        "semantic tokens (whole file)",
        server_ms,
        client_ms,
        "no goal",
    );
    server.shutdown();
}
