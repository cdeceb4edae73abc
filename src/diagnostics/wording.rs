//! How problems and fixes are put into words: the one place that writes the messages,
//! labels, help and fix titles people read.

use super::FixKind;

/// The title of a fix ("Add `permission customer_read`").
pub fn fix_title(kind: &FixKind) -> String {
    match kind {
        FixKind::AddPermissions { names } => match names.as_slice() {
            [one] => format!("Add `permission {one}`"),
            _ => format!(
                "Add {}",
                names
                    .iter()
                    .map(|n| format!("`permission {n}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        },
        FixKind::AddConnect { url, .. } => format!("Add `connect \"{url}\"`"),
        FixKind::ReplaceName { with } => format!("Replace with `{with}`"),
        FixKind::RemoveDuplicate => "Remove the duplicate declaration".to_string(),
        FixKind::JoinOpeningBrace => "Move `{` to the declaration's line".to_string(),
        FixKind::AddView {
            component,
            viewport,
        } => format!("Add `view {component} on {viewport}`"),
        FixKind::UseAppId { id } => format!("Use this app's id `{id}`"),
        FixKind::DeclareUse {
            owner,
            keyword,
            item,
            ..
        } => format!("Declare `{keyword} {item}` in {owner}"),
        FixKind::RemoveUnused { owner, item } => format!("Remove `{item}` from {owner}"),
        FixKind::MarkCustomRole { role } => {
            format!("Mark `{role}` as a custom role of your account")
        }
    }
}
