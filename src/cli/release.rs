//! `check --release [--against <ref>]`: finds the earlier manifest the release is compared
//! with, runs `crate::release` on a checked file, and reports the consent diffs.

use crate::release::{ConsentDiff, Previous};
use std::path::Path;

/// The earlier manifest of the app whose `.stripeapp` file is in `dir`: at git revision
/// `against` when given (`Ok(None)` when the revision has no such file: a first release),
/// else the `stripe-app.json` of an earlier compile beside the file, if any.
pub fn previous(dir: &Path, against: Option<&str>) -> Result<Option<Previous>, String> {
    let Some(rev) = against else {
        let path = dir.join("stripe-app.json");
        return match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(Previous {
                origin: "stripe-app.json".into(),
                text,
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
        };
    };
    if rev.starts_with('-') || rev.contains(':') {
        return Err(format!("`{rev}` is not a git revision"));
    }
    let git_dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    // `<rev>:./path` is relative to the directory git runs in.
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(git_dir)
        .args(["show", &format!("{rev}:./stripe-app.json")])
        .output()
        .map_err(|e| format!("cannot run git for `--against {rev}`: {e}"))?;
    if out.status.success() {
        return Ok(Some(Previous {
            origin: format!("{rev}:stripe-app.json"),
            text: String::from_utf8_lossy(&out.stdout).into_owned(),
        }));
    }
    let err = String::from_utf8_lossy(&out.stderr);
    if err.contains("does not exist in") || err.contains("exists on disk, but not in") {
        return Ok(None);
    }
    Err(format!(
        "`--against {rev}`: git could not read the revision ({})",
        err.trim()
    ))
}

/// Adds the consent diffs to the JSON report as `"release": [{"file", "consent"}]`.
pub fn add_to_json(json: &str, consents: &[(String, Option<ConsentDiff>)]) -> String {
    let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(json) else {
        return json.to_string();
    };
    let release: Vec<serde_json::Value> = consents
        .iter()
        .map(|(file, c)| serde_json::json!({"file": file, "consent": c}))
        .collect();
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("release".into(), serde_json::Value::Array(release));
    }
    serde_json::to_string_pretty(&doc).map_or_else(|_| json.to_string(), |s| s + "\n")
}
