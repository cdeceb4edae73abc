//! A view whose component was renamed keeps its code: when the previous `stripe-app.json`
//! lists a view that the source no longer declares, and the source declares a new one on
//! the same viewport (one gone, one new), `compile` moves the user's
//! `src/views/<Old>.tsx` to `src/views/<New>.tsx` and points its import of the generated
//! helper at the new one, instead of leaving the old file behind with a broken import and
//! creating a fresh starter.

use crate::model::Model;
use std::collections::BTreeMap;
use std::path::Path;

/// A planned move of a view file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ViewMove {
    pub from: String,
    pub to: String,
    /// The moved file's text, its helper import rewritten.
    pub text: String,
    /// Whether an import of the old helper was found and rewritten.
    pub import_rewritten: bool,
}

/// The view path of a component.
pub(super) fn view_path(component: &str) -> String {
    format!("src/views/{component}.tsx")
}

/// (old component, new component) for each viewport with exactly one view gone and one
/// new, from the previous manifest's text.
pub(super) fn renamed(old_manifest: &str, model: &Model) -> Vec<(String, String)> {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(old_manifest) else {
        return Vec::new();
    };
    let Some(old_views) = json
        .get("ui_extension")
        .and_then(|u| u.get("views"))
        .and_then(|v| v.as_array())
    else {
        return Vec::new();
    };
    let new_components: Vec<&str> = model.views.iter().map(|v| v.component.as_str()).collect();
    let old: Vec<(&str, &str)> = old_views
        .iter()
        .filter_map(|v| Some((v.get("viewport")?.as_str()?, v.get("component")?.as_str()?)))
        .collect();
    // viewport → (gone, new)
    let mut by_viewport: BTreeMap<&str, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for (viewport, component) in &old {
        if !new_components.contains(component) {
            by_viewport.entry(viewport).or_default().0.push(component);
        }
    }
    for v in &model.views {
        if !old.iter().any(|(_, c)| *c == v.component) {
            by_viewport
                .entry(v.viewport.id)
                .or_default()
                .1
                .push(&v.component);
        }
    }
    by_viewport
        .into_values()
        .filter_map(|(gone, new)| match (gone.as_slice(), new.as_slice()) {
            ([g], [n]) => Some((g.to_string(), n.to_string())),
            _ => None,
        })
        .collect()
}

/// The moves to make in `out`: only where the old view file exists and the new one does
/// not (a file already there is the user's and is kept).
pub(super) fn plan(out: &Path, model: &Model) -> Vec<ViewMove> {
    let Ok(old_manifest) = std::fs::read_to_string(out.join("stripe-app.json")) else {
        return Vec::new();
    };
    let mut moves = Vec::new();
    for (old, new) in renamed(&old_manifest, model) {
        let (from, to) = (view_path(&old), view_path(&new));
        if out.join(&to).exists() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(out.join(&from)) else {
            continue;
        };
        let (text, import_rewritten) = rewrite_import(&text, &old, &new);
        moves.push(ViewMove {
            from,
            to,
            text,
            import_rewritten,
        });
    }
    moves
}

/// `text` with its imports of `../generated/<old>` pointing at `../generated/<new>`.
fn rewrite_import(text: &str, old: &str, new: &str) -> (String, bool) {
    let mut out = text.to_string();
    let mut found = false;
    for q in ['\'', '"'] {
        let from = format!("{q}../generated/{old}{q}");
        if out.contains(&from) {
            found = true;
            out = out.replace(&from, &format!("{q}../generated/{new}{q}"));
        }
    }
    (out, found)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn model(src: &str) -> Model {
        let a = crate::analyse(src);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        a.model
    }

    const APP: &str = "app \"com.example.r\" {\n  name \"R\"\n  version \"1.0.0\"\n}\n\n";

    #[test]
    fn one_view_gone_and_one_new_on_a_viewport_is_a_rename() {
        let old = r#"{"ui_extension": {"views": [
            {"viewport": "stripe.dashboard.customer.detail", "component": "Customer"},
            {"viewport": "settings", "component": "Settings"}]}}"#;
        let m = model(&format!(
            "{APP}view CustomerPanel on stripe.dashboard.customer.detail\nview Settings on settings\n"
        ));
        assert_eq!(
            renamed(old, &m),
            [("Customer".to_string(), "CustomerPanel".to_string())]
        );
        // Two new views on that viewport: which one it became is unknown.
        let m = model(&format!(
            "{APP}view A on stripe.dashboard.customer.detail\nview B on stripe.dashboard.customer.detail\n"
        ));
        assert_eq!(renamed(old, &m), []);
        // A view moved to another viewport is not a rename.
        let m = model(&format!(
            "{APP}view CustomerPanel on stripe.dashboard.invoice.detail\nview Settings on settings\n"
        ));
        assert_eq!(renamed(old, &m), []);
        assert_eq!(renamed("not json", &m), []);
    }

    #[test]
    fn the_helper_import_is_rewritten_in_either_quote() {
        let (text, found) = rewrite_import(
            "import {stripe} from '../generated/Customer';\nimport x from \"../generated/Customer\";\nimport y from '../generated/CustomerX';\n",
            "Customer",
            "Panel",
        );
        assert!(found);
        assert_eq!(
            text,
            "import {stripe} from '../generated/Panel';\nimport x from \"../generated/Panel\";\nimport y from '../generated/CustomerX';\n"
        );
    }
}
