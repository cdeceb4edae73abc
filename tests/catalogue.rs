//! The catalogue's method and event tables are generated from the pinned stripe-node
//! (`stdlib/generate/`). These tests install that package from its lockfile, run the
//! generator, and prove that
//! - the committed `stdlib/methods.toml` and `stdlib/events.toml` are exactly its output, and
//! - it refuses to run when stripe-node has a resource `stdlib/permission-map.toml` does not
//!   map (so a stripe-node bump cannot silently leave methods unmapped).
//!
//! Needs `node` (20+) and `npm`. Without them the tests fail under CI (`CI=true`) and are
//! skipped, loudly, elsewhere. Skip by name: `cargo test --test catalogue`
//! runs only these; `cargo test -- --skip generator` leaves them out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

mod common;
use common::{has, repo, skip_or_fail};

fn skipped(test: &str) -> bool {
    match ["node", "npm"].into_iter().find(|tool| !has(tool)) {
        Some(tool) => {
            skip_or_fail(
                &format!("tests/catalogue.rs {test}"),
                &format!("`{tool}` is not installed"),
            );
            true
        }
        None => false,
    }
}

/// The generator and its pinned packages, installed once per test run in the target folder.
fn generator() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("catalogue-generator");
        let dir = root.join("generate");
        std::fs::create_dir_all(&dir).unwrap();
        for file in [
            "package.json",
            "package-lock.json",
            "generate.mjs",
            "extract.mjs",
            "expansions.mjs",
        ] {
            std::fs::copy(repo().join("stdlib/generate").join(file), dir.join(file)).unwrap();
        }
        let installed = dir.join("node_modules/stripe/package.json");
        let lock = std::fs::read(dir.join("package-lock.json")).unwrap();
        let stamp = dir.join("node_modules/.lock-installed");
        if !installed.exists() || std::fs::read(&stamp).ok().as_deref() != Some(&lock[..]) {
            let out = Command::new("npm")
                .args([
                    "ci",
                    "--no-audit",
                    "--no-fund",
                    "--prefer-offline",
                    "--cache",
                ])
                .arg(root.join("npm-cache"))
                .current_dir(&dir)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "npm ci in {} failed:\n{}",
                dir.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            std::fs::write(&stamp, &lock).unwrap();
        }
        dir
    })
}

fn run_generator(stdlib: &Path, extra: &[&str]) -> Output {
    Command::new("node")
        .arg(generator().join("generate.mjs"))
        .arg("--stdlib")
        .arg(stdlib)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn generator_output_equals_the_committed_tables() {
    if skipped("generator_output_equals_the_committed_tables") {
        return;
    }
    let out = run_generator(&repo().join("stdlib"), &["--check"]);
    assert!(
        out.status.success(),
        "the committed catalogue is not what stdlib/generate/generate.mjs writes for the \
         pinned stripe-node; regenerate with `npm ci --prefix stdlib/generate && node \
         stdlib/generate/generate.mjs` and review the diff:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn generator_refuses_a_stripe_node_resource_the_map_does_not_cover() {
    if skipped("generator_refuses_a_stripe_node_resource_the_map_does_not_cover") {
        return;
    }
    // A copy of the hand-kept tables with one resource (`taxIds`) taken out of the map.
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("catalogue-unmapped");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    std::fs::copy(
        repo().join("stdlib/permissions.toml"),
        work.join("permissions.toml"),
    )
    .unwrap();
    let map = std::fs::read_to_string(repo().join("stdlib/permission-map.toml")).unwrap();
    let without: Vec<&str> = map
        .split("\n\n")
        .filter(|block| !block.contains("path = \"taxIds\""))
        .collect();
    assert!(
        without.len() < map.split("\n\n").count(),
        "taxIds is mapped"
    );
    std::fs::write(work.join("permission-map.toml"), without.join("\n\n")).unwrap();

    let out = run_generator(&work, &["--out", work.join("out").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "the generator accepted an unmapped resource"
    );
    assert!(
        stderr.contains("stripe-node resource `taxIds` is not in permission-map.toml"),
        "{stderr}"
    );
    assert!(!work.join("out/methods.toml").exists());
}
