//! Applying text edits (from `check --fix`, `grant` and LSP code actions).

use crate::diagnostics::{Code, Diagnostic, Edit};

/// Applies edits to `text`. Identical edits apply once (two calls needing the same
/// permission insert it once); an edit overlapping an earlier one is skipped. Insertions at
/// the same point keep their order. Returns the new text and the edits applied.
pub fn apply(text: &str, edits: &[Edit]) -> (String, Vec<Edit>) {
    // A set, not a scan: a long `calls` list can yield one identical edit per item.
    let mut seen: std::collections::HashSet<&Edit> = std::collections::HashSet::new();
    let mut unique: Vec<Edit> = Vec::new();
    for e in edits {
        if seen.insert(e) {
            unique.push(e.clone());
        }
    }
    // Stable sort: equal starts keep their original order.
    unique.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut applied = Vec::new();
    let mut cursor = 0;
    for e in unique {
        let (start, end) = (e.span.start, e.span.end);
        if start < cursor
            || end < start
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[cursor..start]);
        out.push_str(&e.new_text);
        cursor = end;
        applied.push(e);
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// Applies one fix (an editor's quick fix) to `text`. A file that was formatted stays
/// formatted: the result is laid out as `stripeapp fmt` would (a permission added to an
/// aligned group re-aligns the group).
///
/// A fix never leaves a new problem with a mechanical remedy: the machine-applicable fixes
/// of diagnostics the fix gave rise to are applied with it (a few rounds at most).
pub fn apply_fix(text: &str, fix: &crate::diagnostics::Fix) -> String {
    let key = |d: &Diagnostic| (d.code, d.message.clone());
    let mut known: Vec<(Code, String)> = crate::analyse(text).diagnostics.iter().map(key).collect();
    let (mut fixed, _) = apply(text, &fix.edits);
    for _ in 0..4 {
        let analysis = crate::analyse(&fixed);
        let edits: Vec<Edit> = analysis
            .diagnostics
            .iter()
            .filter(|d| !known.contains(&key(d)))
            .filter_map(|d| d.fixes.iter().find(|f| f.machine_applicable))
            .flat_map(|f| f.edits.iter().cloned())
            .collect();
        if edits.is_empty() {
            break;
        }
        known.extend(analysis.diagnostics.iter().map(key));
        fixed = apply(&fixed, &edits).0;
    }
    if fixed != text
        && crate::fmt::is_formatted(text) == Ok(true)
        && let Ok(formatted) = crate::fmt::format(&fixed)
    {
        return formatted;
    }
    fixed
}

/// Applies every machine-applicable fix, re-analysing between rounds so that fixes which
/// move the insertion points of others (creating the `urls` block) are planned against the
/// text they will actually edit. Returns the fixed text and the titles of the fixes applied,
/// each with its diagnostic code.
///
/// A file that was formatted stays formatted: the inserted lines are laid out as
/// `stripeapp fmt` would (a permission added to an aligned group re-aligns the group).
pub fn fix_all(text: &str) -> (String, Vec<(String, String)>) {
    let (fixed, log) = fix_all_with(text, &crate::analyse);
    if fixed != text
        && crate::fmt::is_formatted(text) == Ok(true)
        && let Ok(formatted) = crate::fmt::format(&fixed)
    {
        return (formatted, log);
    }
    (fixed, log)
}

/// [`fix_all`] with the analysis to fix against (the file with its code, for `check`).
pub fn fix_all_with(
    text: &str,
    analyse: &dyn Fn(&str) -> crate::Analysis,
) -> (String, Vec<(String, String)>) {
    let mut current = text.to_string();
    let mut log: Vec<(String, String)> = Vec::new();
    // Each round applies at least one fix or stops; a bound guards against a fix that
    // keeps re-creating its own problem.
    for _ in 0..16 {
        let analysis = analyse(&current);
        let mut edits = Vec::new();
        let mut took_exclusive = false;
        let mut titles = Vec::new();
        // Ordinary fixes first; an exclusive one only when nothing else is left, so the
        // block it creates lands after the permissions inserted before it.
        let ordinary_left = analysis
            .diagnostics
            .iter()
            .flat_map(|d| d.fixes.iter())
            .any(|f| f.machine_applicable && !f.kind.is_exclusive());
        // A syntax error without a fix leaves the structure uncertain (an unclosed block
        // moves every "after the app block" insertion point): only syntax fixes apply then.
        let syntax_unsure = analysis
            .diagnostics
            .iter()
            .any(|d| d.code == Code::Syntax && !d.fixes.iter().any(|f| f.machine_applicable));
        for d in analysis
            .diagnostics
            .iter()
            .filter(|d| !syntax_unsure || d.code == Code::Syntax)
        {
            for f in d.fixes.iter().filter(|f| f.machine_applicable) {
                if f.kind.is_exclusive() {
                    if took_exclusive || ordinary_left {
                        continue;
                    }
                    took_exclusive = true;
                }
                let added: Vec<(&str, &Edit)> = f.added_permissions().collect();
                if added.is_empty() {
                    edits.extend(f.edits.iter().map(|e| (None, e.clone())));
                } else {
                    let n = added.len();
                    edits.extend(added.into_iter().map(|(p, e)| (Some(p), e.clone())));
                    // The edits after the added lines remove a read an added write makes
                    // redundant (see `check::fixes::add_permissions`).
                    edits.extend(f.edits.iter().skip(n).map(|e| (None, e.clone())));
                }
                titles.push((d.code.to_string(), f.title()));
            }
        }
        if edits.is_empty() {
            break;
        }
        let edits = drop_reads_covered_by_writes(edits);
        let (next, applied) = apply(&current, &edits);
        if applied.is_empty() || next == current {
            break;
        }
        for t in titles {
            if !log.contains(&t) {
                log.push(t);
            }
        }
        current = next;
    }
    (current, log)
}

/// Each diagnostic's fix adds exactly the permission it names (as the JSON output and the
/// editor show it); applied together, `X_read` is dropped when `X_write` is being added
/// too, since the write grants the read and the pair would only be flagged redundant.
/// Each edit comes with the permission it adds, if it adds one.
fn drop_reads_covered_by_writes(edits: Vec<(Option<&str>, Edit)>) -> Vec<Edit> {
    let writes: Vec<&str> = edits
        .iter()
        .filter_map(|(p, _)| *p)
        .filter(|p| p.ends_with("_write"))
        .collect();
    edits
        .iter()
        .filter(|(added, _)| {
            let object = added.and_then(|p| p.strip_suffix("_read"));
            object.is_none_or(|o| !writes.iter().any(|w| w.strip_suffix("_write") == Some(o)))
        })
        .map(|(_, e)| e.clone())
        .collect()
}

/// The edits of every machine-applicable fix among `diagnostics`.
pub fn machine_edits(diagnostics: &[Diagnostic]) -> Vec<Edit> {
    diagnostics
        .iter()
        .flat_map(|d| d.fixes.iter())
        .filter(|f| f.machine_applicable)
        .flat_map(|f| f.edits.iter().cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Span;

    #[test]
    fn dedupes_and_orders() {
        let e = |s, t: &str| Edit {
            span: Span::point(s),
            new_text: t.to_string(),
        };
        let (out, applied) = apply("ab", &[e(1, "x"), e(1, "y"), e(1, "x"), e(0, ">")]);
        assert_eq!(out, ">axyb");
        assert_eq!(applied.len(), 3);
    }
}
