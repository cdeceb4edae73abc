//! `cargo bench`: throughput of `analyse` on generated multi-megabyte files, how time grows
//! when the input doubles, whole-process time of `stripeapp check` on an example against
//! `stripeapp --version` (the start-up floor), and peak memory of a check on 4 and 5 MB.
//! Numbers are printed, never asserted: DESIGN.md's targets are compared in the README.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A valid app of about `bytes` bytes that checks clean: a view on every viewport that
/// takes an object, a large backend (endpoints with calls and roles, jobs, webhook
/// handlers), doc comments and comments. Views are limited by the Dashboard's viewports, so
/// the bulk of a big file is backend routes, each used by one of the views. Its mix of
/// text is close to the examples: 38% comments and 23% strings by size (the examples:
/// 42% and 25%).
fn generate(bytes: usize) -> String {
    let mut s = String::from(
        "// Generated for benchmarking.\napp \"com.example.bench\" {\n  name \"Bench\"\n  version \"1.0.0\"\n  distribution public\n  constant API_BASE \"https://api.example.com/v1\"\n}\n\n",
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
    s.push_str("\nurls \"Talk to the bench backend\" {\n  connect \"https://api.example.com/stripe/\"\n  connect \"https://erp.example.com/api/\"\n  image \"https://cdn.example.com/img/\"\n}\n\n");
    let viewports = [
        "stripe.dashboard.customer.detail",
        "stripe.dashboard.invoice.detail",
        "stripe.dashboard.payment.detail",
        "stripe.dashboard.product.detail",
        "stripe.dashboard.subscription.detail",
        "stripe.dashboard.home.overview",
        "stripe.dashboard.drawer.default",
        "settings",
    ];
    let mut backend = String::from(
        "backend \"https://api.example.com/stripe\" {\n  webhooks \"/hooks\"\n  on invoice.paid, customer.updated { calls invoices.retrieve }\n",
    );
    let mut uses: Vec<Vec<String>> = vec![Vec::new(); viewports.len()];
    let mut i = 0;
    while s.len() + backend.len() + uses.iter().map(|u| u.len() * 16).sum::<usize>() < bytes {
        backend.push_str(&format!(
            "  /// Endpoint {i}: records the ERP sync status of invoice batch {i} (Café 💶).\n  endpoint endpoint_{i} \"/sync/batches/{i}/invoice-status\" {{\n    calls invoices.update, customers.retrieve  // writes: admins only\n    roles \"admin\", \"developer\", custom \"Billing administrator\", custom \"ERP sync operator\"\n  }}\n  // Nightly: re-checks batch {i} against the ERP ledger.\n  job job_{i} {{ calls products.list }}\n"
        ));
        uses[i % viewports.len()].push(format!("endpoint_{i}"));
        i += 1;
    }
    for (n, (vp, used)) in viewports.iter().zip(&uses).enumerate() {
        s.push_str(&format!(
            "/// View {n}.\nview View{n} on {vp} {{\n  calls customers.retrieve, customers.update, invoices.list\n  fetch \"https://erp.example.com/api/items/{n}\"\n"
        ));
        for chunk in used.chunks(8) {
            s.push_str(&format!("  uses {}\n", chunk.join(", ")));
        }
        s.push_str("}\n\n");
    }
    backend.push_str("}\n");
    s.push_str(&backend);
    s
}

/// The fastest of `runs` timings of `f` (the least disturbed by other work).
fn best<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn mb(n: usize) -> f64 {
    n as f64 / 1_000_000.0
}

/// Peak resident memory of a child process, in MB.
// The child is reaped by `wait4`, which clippy does not recognise as a wait.
#[allow(clippy::zombie_processes)]
fn peak_rss(cmd: &mut Command) -> f64 {
    let child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, status and usage point to valid memory.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

fn main() {
    if let Some(path) = std::env::var_os("STRIPEAPP_BENCH_DUMP") {
        // For profilers: write the 2 MB input and stop.
        std::fs::write(path, generate(2_000_000)).expect("write dump");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_stripeapp");
    let dir = std::env::temp_dir().join(format!("stripeapp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");

    println!("== peak memory of `stripeapp check` (whole process, run first)");
    for size in [4_000_000, 5_000_000] {
        let path = dir.join(format!("big-{size}.stripeapp"));
        std::fs::write(&path, generate(size)).expect("write");
        // Measured before this process holds large inputs: a child's peak RSS counts the
        // pages it shares with its parent before exec.
        let mut cmd = Command::new(bin);
        cmd.args(["check", "--format", "json"])
            .arg(&path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        println!(
            "{:>6.2} MB input: peak RSS {:.1} MB",
            mb(size),
            peak_rss(&mut cmd)
        );
    }

    println!("== throughput of analyse() on generated files");
    let mut previous: Option<(usize, Duration)> = None;
    for size in [2_000_000, 4_000_000, 8_000_000, 16_000_000] {
        let text = generate(size);
        let mut diags = 0;
        let t = best(9, || {
            let a = stripeapp::analyse(&text);
            diags = a.diagnostics.len();
        });
        let rate = mb(text.len()) / t.as_secs_f64();
        print!(
            "{:>6.2} MB: {:>8.1} ms  {:>6.1} MB/s  ({diags} diagnostics)",
            mb(text.len()),
            t.as_secs_f64() * 1e3,
            rate
        );
        if let Some((_, prev)) = previous {
            print!(
                "  doubling cost {:.2}x",
                t.as_secs_f64() / prev.as_secs_f64()
            );
        }
        let parse = best(9, || {
            let _ = stripeapp::syntax::parse(&text);
        });
        print!(
            "  (parse and lower alone {:.1} ms)",
            parse.as_secs_f64() * 1e3
        );
        let pest_only = best(9, || {
            use pest::Parser;
            let _ = stripeapp::syntax::StripeappParser::parse(stripeapp::syntax::Rule::file, &text);
        });
        print!("  (pest alone {:.1} ms)", pest_only.as_secs_f64() * 1e3);
        println!();
        previous = Some((text.len(), t));
    }

    println!("== whole-process time: check on an example vs --version");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/invoice-sync.stripeapp");
    let run = |args: &[&str]| {
        let status = Command::new(bin)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("run");
        assert!(status.code().is_some());
    };
    let example_arg = example.to_string_lossy().to_string();
    // Warm the page cache, then take the median of many runs of each.
    for _ in 0..5 {
        run(&["--version"]);
        run(&["check", &example_arg]);
    }
    let median = |args: &[&str]| {
        let mut times: Vec<Duration> = (0..41)
            .map(|_| {
                let t = Instant::now();
                run(args);
                t.elapsed()
            })
            .collect();
        times.sort();
        times[times.len() / 2]
    };
    let version = median(&["--version"]);
    let check = median(&["check", &example_arg]);
    println!(
        "--version {:.2} ms, check {:.2} ms: ratio {:.2}x",
        version.as_secs_f64() * 1e3,
        check.as_secs_f64() * 1e3,
        check.as_secs_f64() / version.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
