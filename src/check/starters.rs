//! The starters `compile` writes (a view's `src/views/<View>.tsx`, the backend's
//! `handlers.ts`) call only what needs no argument the user must choose: right after
//! `compile` or `init`, most declared calls are not made yet. Reporting them "never called"
//! (W0701–W0703) would bury a new project in warnings about code nobody wrote, so the unused
//! checks of a view or handler whose code is still the starter, exactly as `compile` would write
//! it from this file now, are left out. The first edit to that code brings them back.

use crate::emit::{Owner as FileOwner, emit};
use crate::model::Model;
use crate::scan::{Owner, Scan};

/// Where `compile` lays out the backend's starter handlers.
const HANDLERS: &str = "backend/src/handlers.ts";

/// The owners whose scanned code is still the starter `compile` writes for the app `model`
/// compiled from the file named `source` (as `compile` names it in the starters' comments).
pub fn untouched(scan: &Scan, model: &Model, source: &str) -> Vec<Owner> {
    if scan.files.is_empty() {
        return Vec::new();
    }
    let Ok(files) = emit(model, source) else {
        return Vec::new();
    };
    let starter = |path: &str| {
        files
            .iter()
            .find(|f| f.owner == FileOwner::User && f.path == path)
            .map(|f| f.contents.as_str())
    };
    let scanned = |path: &str| {
        scan.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.text.as_str())
    };
    let mut out = Vec::new();
    for owner in &scan.owners {
        let same = match owner {
            Owner::View(component) => {
                let path = format!("src/views/{component}.tsx");
                starter(&path).is_some_and(|s| scanned(&path) == Some(s))
            }
            Owner::Endpoint(name) | Owner::Job(name) => handler_is_starter(
                starter(HANDLERS),
                scanned(HANDLERS),
                &format!("async {name}("),
            ),
            Owner::Event(event) => handler_is_starter(
                starter(HANDLERS),
                scanned(HANDLERS),
                &format!("async '{event}'("),
            ),
            Owner::Backend => false,
        };
        if same {
            out.push(owner.clone());
        }
    }
    out
}

/// Whether the handler whose starter method begins with `head` is, in `code`, exactly the
/// method the starter `starter` has: from its `async …(` line to the `},` closing it at the
/// same indentation. Handlers added to an edited file by a later `compile` count too.
fn handler_is_starter(starter: Option<&str>, code: Option<&str>, head: &str) -> bool {
    let (Some(starter), Some(code)) = (starter, code) else {
        return false;
    };
    let Some(method) = method_text(starter, head) else {
        return false;
    };
    method_text(code, head).is_some_and(|m| m == method)
}

/// The text of the method whose first line, trimmed, starts with `head`, through the line
/// that closes it (`},` at the first line's indentation).
fn method_text<'t>(text: &'t str, head: &str) -> Option<&'t str> {
    let mut offset = 0;
    let mut start = None;
    let mut indent = "";
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        match start {
            None => {
                let trimmed = bare.trim_start();
                if trimmed.starts_with(head) && trimmed.ends_with('{') {
                    start = Some(offset);
                    indent = &bare[..bare.len() - trimmed.len()];
                }
            }
            Some(s) => {
                if bare.strip_prefix(indent).is_some_and(|rest| rest == "},") {
                    return text.get(s..offset + line.len());
                }
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::method_text;

    #[test]
    fn a_method_is_cut_at_the_brace_of_its_own_indentation() {
        let text = "  x: {\n    async a(call) {\n      if (y) {\n      },\n    },\n    async b() {\n    },\n  },\n";
        assert_eq!(
            method_text(text, "async a("),
            Some("    async a(call) {\n      if (y) {\n      },\n    },\n")
        );
        assert_eq!(
            method_text(text, "async b("),
            Some("    async b() {\n    },\n")
        );
        assert_eq!(method_text(text, "async c("), None);
    }
}
