//! Helpers every integration test shares: where the repository and the binary are, fresh
//! temporary folders, finding files, and the rule for suites that need an external tool
//! (they fail under CI, and outside it say loudly that they were skipped).
//!
//! Each test binary compiles this module on its own and uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `stripeapp` binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stripeapp"))
}

/// An empty folder of its own for test `name` of `suite`, outside the repository (so no
/// test sees the repository's git or files by accident).
pub fn temp_dir(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stripeapp-{suite}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// Whether this runs in CI, where a missing tool is a failure, not a skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Whether `tool --version` runs.
pub fn has(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A test that cannot run here (`why`): a failure in CI, a loud notice elsewhere.
pub fn skip_or_fail(test: &str, why: &str) {
    if in_ci() {
        panic!("{test} cannot run in CI: {why}");
    }
    let bar = "!".repeat(78);
    eprintln!("\n{bar}\nSKIPPED: {test} did not run: {why}\n{bar}\n");
}

/// Every file under `dir` (recursively, in sorted order), or only those ending in `.ext`.
pub fn files_under(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    fn walk(dir: &Path, ext: Option<&str>, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, ext, out);
            } else if ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, ext, &mut out);
    out
}

/// `../shared/stripe-apps/schema/<name>`, relative to the repository, parsed. Missing: a
/// loud SKIPPED naming `what` was skipped, except under CI (`CI=true`), where it fails.
pub fn shared_schema(name: &str, what: &str) -> Option<serde_json::Value> {
    let path = repo().join("../shared/stripe-apps/schema").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        }
        Err(e) => {
            skip_or_fail(what, &format!("{} is missing ({e})", path.display()));
            None
        }
    }
}

/// Compiles `before` and then `after` as `source` into `out`: an app changed between two
/// compiles, the second over the files of the first. Each of `second_only` must be in the
/// second compile's report and not in the first's.
pub fn compile_then_change(
    source: &Path,
    out: &Path,
    before: &str,
    after: &str,
    second_only: &[&str],
) {
    assert_ne!(before, after, "the example changed: update the scenario");
    for (text, second) in [(before, false), (after, true)] {
        std::fs::write(source, text).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let run = bin()
            .arg("compile")
            .arg(source)
            .arg("-o")
            .arg(out)
            .output()
            .unwrap_or_else(|e| panic!("stripeapp compile: {e}"));
        let report = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{report}");
        for line in second_only {
            assert_eq!(report.contains(line), second, "{line}: {report}");
        }
    }
}

/// The partner-portal example before and after its routes were written: `before` lacks
/// its OAuth callback and public route, `after` has them and adds a public route and an
/// endpoint with path parameters. Compiled one after the other, the second compile gets
/// a stub for each of those (tests/stubs.rs; the end-to-end suites type-check and run
/// them).
pub fn routes_change() -> (String, String) {
    let text = std::fs::read_to_string(repo().join("examples/partner-portal.stripeapp"))
        .unwrap_or_else(|e| panic!("partner-portal: {e}"));
    let callback = "  /// Stripe sends the installing user back here with code and state.\n  oauth_callback \"/oauth/done\" {\n    calls accounts.retrieve\n  }\n\n";
    let public = "  /// The partner's site links here; it redirects to the install page.\n  public install_link GET \"/install\"\n\n";
    assert!(
        text.contains(callback) && text.contains(public),
        "partner-portal changed: update the scenario"
    );
    // The new endpoint goes after the existing one: the end-to-end type check leaves out
    // the first endpoint of `handlers`, which must be one that no stub serves.
    let endpoint_end = "    roles \"admin\"\n  }\n";
    assert_eq!(
        text.matches(endpoint_end).count(),
        1,
        "partner-portal changed: update the scenario"
    );
    let before = text.replace(callback, "").replace(public, "");
    let after = text
        .replace(
            public,
            &format!("{public}  public zendesk_hook POST \"/hooks/zendesk/:ticket\"\n\n"),
        )
        .replace(
            endpoint_end,
            &format!("{endpoint_end}\n  endpoint unlink_profile \"/profiles/:profile_id/unlink\" {{\n    roles \"admin\"\n  }}\n"),
        );
    (before, after)
}
