//! The consent diff between two manifests: the permission and content-security-policy
//! changes that make every account that installed the app review and re-authorize it
//! (added or widened access), and what was given up (removed). A change needs a new version.

use super::Previous;
use crate::ast::Span;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::release::ReleaseProblem;
use serde::Serialize;
use serde_json::Value;

/// A permission or URL whose access grew: the old entry and the one replacing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Widened {
    pub from: String,
    pub to: String,
}

/// One kind of entry's changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub widened: Vec<Widened>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.widened.is_empty()
    }
    /// Whether installed accounts must consent again (more access, not less).
    pub fn needs_consent(&self) -> bool {
        !self.added.is_empty() || !self.widened.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentDiff {
    /// Where the earlier manifest came from.
    pub against: String,
    pub previous_version: String,
    pub version: String,
    pub permissions: Changes,
    /// `connect-src` and `image-src` entries, each written `connect <url>` / `image <url>`.
    pub urls: Changes,
}

impl ConsentDiff {
    pub fn is_empty(&self) -> bool {
        self.permissions.is_empty() && self.urls.is_empty()
    }
    pub fn needs_consent(&self) -> bool {
        self.permissions.needs_consent() || self.urls.needs_consent()
    }

    /// The diff for people, one change a line.
    pub fn human(&self) -> String {
        let mut out = format!(
            "consent diff against {} (version {} → {}):\n",
            self.against, self.previous_version, self.version
        );
        if self.is_empty() {
            out.push_str("  no permission or URL changes: installed accounts upgrade without re-authorizing\n");
            return out;
        }
        for (what, c) in [("permission", &self.permissions), ("url", &self.urls)] {
            for a in &c.added {
                out.push_str(&format!("  + {what} {a}\n"));
            }
            for w in &c.widened {
                out.push_str(&format!("  ^ {what} {} → {}\n", w.from, w.to));
            }
            for r in &c.removed {
                out.push_str(&format!("  - {what} {r}\n"));
            }
        }
        if self.needs_consent() {
            out.push_str("  installed accounts must review and accept the added (+) and widened (^) access before they get this version\n");
        }
        out
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn permissions(m: &Value) -> Vec<String> {
    match m.get("permissions") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|p| {
                p.get("permission")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn urls(m: &Value) -> Vec<(String, String)> {
    let csp = m
        .get("ui_extension")
        .and_then(|u| u.get("content_security_policy"));
    let mut out = Vec::new();
    for (key, kind) in [("connect-src", "connect"), ("image-src", "image")] {
        for u in strings(csp.and_then(|c| c.get(key))) {
            out.push((kind.to_string(), u));
        }
    }
    out
}

fn version(m: &Value) -> String {
    m.get("version")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// Permission changes; `X_write` replacing `X_read` is one widened entry.
fn permission_changes(old: &[String], new: &[String]) -> Changes {
    let mut c = Changes::default();
    let mut added: Vec<&String> = new.iter().filter(|p| !old.contains(p)).collect();
    let mut removed: Vec<&String> = old.iter().filter(|p| !new.contains(p)).collect();
    added.retain(|p| {
        let read = p.strip_suffix("_write").map(|o| format!("{o}_read"));
        match read {
            Some(r) if old.contains(&r) => {
                removed.retain(|x| **x != r);
                c.widened.push(Widened {
                    from: r,
                    to: p.to_string(),
                });
                false
            }
            _ => true,
        }
    });
    c.added = added.into_iter().cloned().collect();
    c.removed = removed.into_iter().cloned().collect();
    c
}

/// URL changes; a new entry that covers a removed one (a shorter prefix) is widened.
fn url_changes(old: &[(String, String)], new: &[(String, String)]) -> Changes {
    let mut c = Changes::default();
    let mut removed: Vec<&(String, String)> = old.iter().filter(|u| !new.contains(u)).collect();
    for n in new.iter().filter(|u| !old.contains(u)) {
        let covered = removed
            .iter()
            .position(|(kind, url)| *kind == n.0 && covers(&n.1, url));
        match covered {
            Some(i) => {
                let (kind, from) = removed.remove(i);
                c.widened.push(Widened {
                    from: format!("{kind} {from}"),
                    to: format!("{} {}", n.0, n.1),
                });
            }
            None => c.added.push(format!("{} {}", n.0, n.1)),
        }
    }
    c.removed = removed
        .into_iter()
        .map(|(k, u)| format!("{k} {u}"))
        .collect();
    c
}

/// Whether entry `wide` allows everything `narrow` did: the same URL, a prefix entry
/// (`…/`) above it, or a `*.` host over its host.
fn covers(wide: &str, narrow: &str) -> bool {
    wide == narrow || crate::check::urls::covers(wide, narrow)
}

/// Compares the earlier manifest's text with the one this file compiles to.
pub fn diff(previous: &str, current: &str) -> Result<ConsentDiff, String> {
    let old: Value = serde_json::from_str(previous).map_err(|e| format!("it is not JSON ({e})"))?;
    if !old.is_object() {
        return Err("it is not a JSON object".into());
    }
    let new: Value = serde_json::from_str(current).map_err(|e| e.to_string())?;
    Ok(ConsentDiff {
        against: String::new(),
        previous_version: version(&old),
        version: version(&new),
        permissions: permission_changes(&permissions(&old), &permissions(&new)),
        urls: url_changes(&urls(&old), &urls(&new)),
    })
}

/// A change in permissions or URLs needs a new version: Stripe refuses an upload under a
/// version it has, and installed accounts are asked to consent per version.
pub fn version_rule(d: &ConsentDiff, at: Span, prev: &Previous, diags: &mut Vec<Diagnostic>) {
    if d.is_empty() {
        return;
    }
    if d.version == d.previous_version {
        diags.push(
            ReleaseProblem::ConsentChangeWithoutVersion {
                span: at,
                against: prev.origin.clone(),
                version: d.version.clone(),
            }
            .into(),
        );
    } else if let (Some(new), Some(old)) = (semver(&d.version), semver(&d.previous_version))
        && new < old
    {
        diags.push(
            ReleaseProblem::VersionLowered {
                span: at,
                version: d.version.clone(),
                previous: d.previous_version.clone(),
                against: prev.origin.clone(),
            }
            .into(),
        );
    }
}

/// `MAJOR.MINOR.PATCH` (leading `v` and anything after `-`/`+` ignored), for ordering.
fn semver(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.trim().trim_start_matches('v').split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    Some((major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(version: &str, perms: &[&str], connect: &[&str]) -> String {
        serde_json::json!({
            "id": "com.acme.x", "version": version, "name": "X", "icon": "",
            "permissions": perms.iter().map(|p| serde_json::json!({"permission": p, "purpose": "p"})).collect::<Vec<_>>(),
            "ui_extension": {"views": [], "content_security_policy": {"connect-src": connect, "purpose": "p"}}
        })
        .to_string()
    }

    #[test]
    fn added_removed_widened() {
        let old = manifest(
            "1.0.0",
            &["customer_read", "invoice_read", "charge_read"],
            &["https://a.example/api/v1/", "https://b.example/x"],
        );
        let new = manifest(
            "1.1.0",
            &["customer_write", "invoice_read", "event_read"],
            &["https://a.example/api/", "https://c.example/y"],
        );
        let d = diff(&old, &new).map_err(|e| e.to_string());
        let Ok(d) = d else { panic!("{d:?}") };
        assert_eq!(d.permissions.added, ["event_read"]);
        assert_eq!(d.permissions.removed, ["charge_read"]);
        assert_eq!(
            d.permissions.widened,
            [Widened {
                from: "customer_read".into(),
                to: "customer_write".into()
            }]
        );
        assert_eq!(d.urls.added, ["connect https://c.example/y"]);
        assert_eq!(d.urls.removed, ["connect https://b.example/x"]);
        assert_eq!(d.urls.widened.len(), 1);
        assert!(d.needs_consent());
    }

    #[test]
    fn versions() {
        assert!(semver("1.10.0") > semver("1.9.3"));
        assert_eq!(semver("v2"), Some((2, 0, 0)));
        assert_eq!(semver("banana"), None);
    }
}
