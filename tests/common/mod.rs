//! What several test crates share.

use std::path::PathBuf;

/// `../shared/stripe-apps/schema/<name>`, relative to the repository, parsed. Missing: a
/// loud SKIPPED naming `what` was skipped, except under CI (`CI=true`), where it fails.
pub fn shared_schema(name: &str, what: &str) -> Option<serde_json::Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/stripe-apps/schema")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).unwrap()),
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{} is needed in CI: {e}", path.display());
            }
            eprintln!(
                "\n{bar}\nSKIPPED: {what}: {} is missing ({e})\n{bar}\n",
                path.display(),
                bar = "!".repeat(78)
            );
            None
        }
    }
}
