//! Text nobody finished: an app id still under `com.example`, and purposes that are
//! placeholders or exactly what a fix inserted (the catalogue's description of a
//! permission, or the generic `urls` purpose), which reviewers send back.

use crate::ast::{AppDecl, File, Str};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::release::{PurposeOf, ReleaseProblem};

/// Whether an app id is the template's or the docs' example (`com.example.*`).
pub fn is_placeholder_id(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    id == "example"
        || id == "com.example"
        || id.starts_with("com.example.")
        || id.starts_with("com.example-")
        || id.starts_with("example.")
}

pub fn app_id(app: &AppDecl, diags: &mut Vec<Diagnostic>) {
    if is_placeholder_id(&app.id.value) {
        diags.push(
            ReleaseProblem::PlaceholderAppId {
                span: app.id.inner_span(),
                id: app.id.value.clone(),
            }
            .into(),
        );
    }
}

/// Whether a purpose says nothing: empty-ish, a to-do marker, or filler.
pub fn is_placeholder_text(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', '!'])
        .to_ascii_lowercase();
    if t.chars().all(|c| !c.is_alphanumeric()) {
        return true;
    }
    const MARKERS: &[&str] = &["todo", "tbd", "fixme", "xxx", "lorem ipsum", "placeholder"];
    const FILLER: &[&str] = &[
        "purpose",
        "test",
        "testing",
        "description",
        "n/a",
        "none",
        "foo",
        "bar",
    ];
    MARKERS.iter().any(|m| {
        t.split(|c: char| !c.is_alphanumeric() && c != ' ')
            .any(|w| w.trim() == *m)
            || t.starts_with(m)
    }) || FILLER.contains(&t.as_str())
}

/// The purposes the fixes insert for `urls` blocks (see `check::urls`).
fn is_fix_urls_purpose(text: &str) -> bool {
    text == "Call the app's backend" || text.starts_with("Fetch data from ")
}

/// How strictly purposes left unfinished are reported: W0602 in every `check`, R0202 and
/// R0203 (errors) under `check --release`.
#[derive(Clone, Copy)]
pub struct PurposeCodes {
    /// Reported as R0202 and R0203 rather than W0602.
    pub release: bool,
    /// Whether the generic `urls` purposes a fix writes (`Call the app's backend`) count as
    /// unfinished. Only for a release: they are true of the app, if vague, and every-day
    /// `check` keeps to text that is plainly not the app's (SPEC is silent; docs/tools.md).
    pub generic_urls: bool,
}

impl PurposeCodes {
    pub const CHECK: PurposeCodes = PurposeCodes {
        release: false,
        generic_urls: false,
    };
    pub const RELEASE: PurposeCodes = PurposeCodes {
        release: true,
        generic_urls: true,
    };
}

pub fn purposes(file: &File, codes: PurposeCodes, diags: &mut Vec<Diagnostic>) {
    // Diagnostics are sorted by position afterwards, so permissions and `urls` blocks may be
    // visited one kind after the other.
    for p in file.permissions() {
        let catalogue = crate::catalogue::permission(&p.name.text).map(|i| i.description);
        purpose(
            &p.purpose,
            PurposeOf::Permission(p.name.text.clone()),
            catalogue,
            codes,
            diags,
        );
    }
    for u in file
        .urls_blocks()
        .filter(|u| !(u.connect.is_empty() && u.image.is_empty()))
    {
        let inserted = (codes.generic_urls && is_fix_urls_purpose(&u.purpose.value))
            .then_some(u.purpose.value.as_str());
        purpose(&u.purpose, PurposeOf::Urls, inserted, codes, diags);
    }
}

fn purpose(
    s: &Str,
    of: PurposeOf,
    inserted: Option<&str>,
    codes: PurposeCodes,
    diags: &mut Vec<Diagnostic>,
) {
    if s.value.trim().is_empty() {
        // Empty purposes are reported by the ordinary checks (E0602, W0601).
        return;
    }
    if is_placeholder_text(&s.value) {
        diags.push(
            ReleaseProblem::PlaceholderPurpose {
                span: s.inner_span(),
                of,
                text: s.value.clone(),
                release: codes.release,
            }
            .into(),
        );
    } else if inserted.is_some_and(|d| d.trim() == s.value.trim()) {
        diags.push(
            ReleaseProblem::InsertedPurpose {
                span: s.inner_span(),
                of,
                release: codes.release,
            }
            .into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert!(is_placeholder_id("com.example.crm"));
        assert!(is_placeholder_id("COM.EXAMPLE.crm"));
        assert!(!is_placeholder_id("com.examples.crm"));
        assert!(!is_placeholder_id("com.acme.crm"));
        for t in [
            "TODO",
            "todo: explain",
            "TBD.",
            "...",
            "—",
            "Purpose",
            "lorem ipsum dolor",
            "FIXME later",
        ] {
            assert!(is_placeholder_text(t), "{t}");
        }
        for t in [
            "Show the customer's CRM contacts",
            "Sync invoices to the ERP",
            "Test your store's tax setup",
        ] {
            assert!(!is_placeholder_text(t), "{t}");
        }
    }
}
