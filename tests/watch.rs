//! `check --watch` and `compile --watch`: a scripted sequence of edits, each awaited by its
//! status line (no sleeps stand in for assertions: every step waits, with a generous
//! timeout, for the line the run prints), through a broken save, a delete and restore, and
//! a save by rename.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

mod common;
use common::temp_dir;

const CLEAN: &str = "app \"com.example.watched\" {\n  name \"Watched\"\n  version \"0.0.1\"\n}\n\n\
permission customer_read \"Show the customer you are looking at\"\n\n\
view Customer on stripe.dashboard.customer.detail {\n  title \"Customer\"\n  calls customers.retrieve\n}\n";

/// A generous bound for one run on a loaded machine; only a hang reaches it.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The watching process; killed when the test ends, pass or fail.
struct Watcher {
    child: Child,
    lines: Receiver<String>,
    /// Everything it printed, for the failure message.
    seen: Vec<String>,
}

impl Watcher {
    fn start(dir: &Path, args: &[&str]) -> Watcher {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stripeapp"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watcher {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The next status line; the report lines before it are kept in `seen`.
    fn status(&mut self) -> String {
        loop {
            match self.lines.recv_timeout(TIMEOUT) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.starts_with("watch: ") {
                        return line;
                    }
                }
                Err(e) => panic!(
                    "no status line within {TIMEOUT:?} ({e}); output so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Asserts the next status line, and that the report before it mentions `report`.
    fn expect(&mut self, status: &str, report: &str) {
        let from = self.seen.len();
        let got = self.status();
        assert_eq!(got, status, "output:\n{}", self.seen.join("\n"));
        let before = self.seen[from..].join("\n");
        assert!(
            before.contains(report),
            "expected `{report}` before `{status}`, got:\n{before}"
        );
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn check_watch_survives_broken_deleted_and_renamed_saves() {
    let dir = temp_dir("watch", "check");
    let file = dir.join("app.stripeapp");
    std::fs::write(&file, CLEAN).unwrap();
    let mut w = Watcher::start(&dir, &["check", "--watch", "app.stripeapp"]);
    w.expect(
        "watch: check: started: ok; waiting for changes",
        "checked 1 file: 0 errors, 0 warnings",
    );

    // A broken save: the same report as `check`, and the watch goes on.
    std::fs::write(
        &file,
        CLEAN.replace(
            "  calls customers.retrieve\n}\n",
            "  calls customers.retrieve\n",
        ),
    )
    .unwrap();
    w.expect(
        "watch: check: app.stripeapp changed: failed (problems above); waiting for changes",
        "error[E0001]",
    );

    // Repaired.
    std::fs::write(&file, CLEAN).unwrap();
    w.expect(
        "watch: check: app.stripeapp changed: ok; waiting for changes",
        "0 errors",
    );

    // Deleted: the command cannot run; restored: it runs again.
    std::fs::remove_file(&file).unwrap();
    w.expect(
        "watch: check: app.stripeapp removed: could not run (see above); waiting for changes",
        "cannot read `app.stripeapp`",
    );
    std::fs::write(&file, CLEAN).unwrap();
    w.expect(
        "watch: check: app.stripeapp added: ok; waiting for changes",
        "0 errors",
    );

    // Saved the way many editors do: a temporary file renamed over the original. The
    // temporary file (not a watched ending) starts no run of its own.
    let temp = dir.join("app.stripeapp.tmp");
    std::fs::write(
        &temp,
        CLEAN.replace(
            "permission customer_read",
            "permission invoice_read \"Show invoices\"\npermission customer_read",
        ),
    )
    .unwrap();
    std::fs::rename(&temp, &file).unwrap();
    w.expect(
        "watch: check: app.stripeapp changed: ok; waiting for changes",
        "W0201",
    );
}

#[test]
fn compile_watch_reruns_on_the_apps_code_but_not_on_its_own_output() {
    let dir = temp_dir("watch", "compile");
    let file = dir.join("app.stripeapp");
    std::fs::write(&file, CLEAN).unwrap();
    let mut w = Watcher::start(&dir, &["compile", "--watch", "app.stripeapp"]);
    w.expect("watch: compile: started: ok; waiting for changes", "");

    // The run wrote generated files and the user's view file; none of that started a run:
    // the next status line is about the edit below.
    let view = dir.join("src/views/Customer.tsx");
    let text = std::fs::read_to_string(&view).unwrap();
    std::fs::write(&view, format!("{text}\n// edited\n")).unwrap();
    w.expect(
        "watch: compile: src/views/Customer.tsx changed: ok; waiting for changes",
        "",
    );

    // A broken app file writes nothing and says why.
    std::fs::write(&file, CLEAN.replace("customer_read", "customer_reed")).unwrap();
    w.expect(
        "watch: compile: app.stripeapp changed: failed (problems above); waiting for changes",
        "nothing was written",
    );
    std::fs::write(&file, CLEAN).unwrap();
    w.expect(
        "watch: compile: app.stripeapp changed: ok; waiting for changes",
        "",
    );
}
