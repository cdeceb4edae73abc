//! Where printed text goes in a file, and what a removed declaration takes with it. Quick
//! fixes (`check::fixes`), `grant` and `revoke` decide with these, from the declarations'
//! spans in the AST, so the three insert and remove the same way:
//!
//! - a new top-level declaration (`top_level`): after the last `permission`, else after the
//!   `app` block with a blank line, else at the top of the file;
//! - a new statement in a block (`into_block`): a line above its `}` indented like the body,
//!   or, in a block on one line, after its last statement; an empty `{}` takes it between
//!   its braces or opens over lines (`Empty`);
//! - a new statement after a given one (`after_statement`): the line below it, indented like
//!   it (a `redirect` after the app's last `redirect`);
//! - a new block for a declaration without one (`open_block`), and one more item of a list
//!   statement (`append_item`: `, x` after its last item);
//! - a removed declaration (`remove`, `remove_with_doc`, `remove_lines_with_doc`): its whole
//!   line when nothing else is on it, else just it and its `;`;
//! - a removed item of a list statement (`remove_list_item`): it and the comma joining it to
//!   a neighbour, so the list stays well formed.
//!
//! Below them, line starts and ends, the file's own line break, and the indentation of a
//! block's body.

use crate::ast::{File, Span};
use crate::diagnostics::Edit;

/// Where a new top-level declaration `lines` goes: after the last permission, else after the
/// `app` block (with a blank line), else at the top. `blank`: a blank line before it after a
/// permission too (a new block, not one more permission). Also returns where `lines` starts
/// in the edit's text.
pub fn top_level(src: &str, file: &File, lines: &str, blank: bool) -> (Edit, usize) {
    let after = |end: usize, blank: bool| {
        let nl = newline_of(src);
        let gap = if blank { nl } else { "" };
        let (edit, offset) = insert_after_line(src, nl, end, &format!("{gap}{lines}"));
        (edit, offset + gap.len())
    };
    if let Some(end) = file.permissions().map(|p| p.span.end).max() {
        return after(end, blank);
    }
    if let Some(app) = file.app() {
        return after(app.span.end, true);
    }
    (
        Edit {
            span: Span::point(0),
            new_text: format!("{lines}{}", newline_of(src)),
        },
        0,
    )
}

/// What a statement added to an empty `{}` makes of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Empty {
    /// `{ entry }`, the block staying on its line (a `urls` block, as `grant url` writes it).
    Inline,
    /// The block opened over lines, `entry` on its own line (a view's or handler's `calls`).
    Lines,
}

/// Adds the statement `entry` to the block spanning `block` whose `}` starts at `close`:
/// when the `}` is on its own line, a line above it indented like the body's last line
/// (else two spaces deeper than the `}`); in a block on one line, after its last statement
/// with `; `; inside an empty `{}`, as `empty` says. Also returns where `entry` starts in
/// the edit's text.
pub fn into_block(
    src: &str,
    block: Span,
    close: usize,
    entry: &str,
    empty: Empty,
) -> (Edit, usize) {
    let close = close.min(src.len());
    let ls = line_start(src, close);
    let before = src.get(ls..close).unwrap_or("");
    if before.trim().is_empty() && ls > block.start {
        let indent = body_indent(src, block.start, ls).unwrap_or_else(|| nested(before));
        return (
            Edit {
                span: Span::point(ls),
                new_text: format!("{indent}{entry}{}", newline_of(src)),
            },
            indent.len(),
        );
    }
    let body_end = src[..close].trim_end_matches([' ', '\t']).len();
    if src[..body_end].ends_with('{') {
        return match empty {
            Empty::Inline => (
                Edit {
                    span: Span::new(body_end, close),
                    new_text: format!(" {entry} "),
                },
                1,
            ),
            Empty::Lines => {
                let nl = newline_of(src);
                let indent = line_indent(src, block.start);
                let inner = nested(indent);
                (
                    Edit {
                        span: Span::new(body_end, (close + 1).min(src.len())),
                        new_text: format!("{nl}{inner}{entry}{nl}{indent}}}"),
                    },
                    nl.len() + inner.len(),
                )
            }
        };
    }
    (
        Edit {
            span: Span::point(body_end),
            new_text: format!("; {entry}"),
        },
        2,
    )
}

/// Gives the declaration spanning `decl`, which has no block, one holding the statement
/// `entry`, opened over lines as `fmt` writes it. Also returns where `entry` starts in the
/// edit's text.
pub fn open_block(src: &str, decl: Span, entry: &str) -> (Edit, usize) {
    let nl = newline_of(src);
    let text = src.get(decl.start..decl.end).unwrap_or("");
    let indent = line_indent(src, decl.start);
    let inner = nested(indent);
    (
        Edit {
            span: Span::point(decl.start + text.trim_end().len()),
            new_text: format!(" {{{nl}{inner}{entry}{nl}{indent}}}"),
        },
        2 + nl.len() + inner.len(),
    )
}

/// Adds `item` to a list statement after its last item, at `last`: `, item`. Also returns
/// where `item` starts in the edit's text.
pub fn append_item(last: Span, item: &str) -> (Edit, usize) {
    (
        Edit {
            span: Span::point(last.end),
            new_text: format!(", {item}"),
        },
        2,
    )
}

/// Adds the statement `entry` on the line after the statement at `after`, indented like
/// that line, in the block whose `{` starts at `open`. `None` when the statement shares its
/// line with the block's `{` or with a `}`: a line inserted after it would land outside the
/// block. Also returns where `entry` starts in the edit's text.
pub fn after_statement(src: &str, open: usize, after: Span, entry: &str) -> Option<(Edit, usize)> {
    let ls = line_start(src, after.start);
    let rest = src.get(after.end..).unwrap_or("");
    let rest = rest.split(['\n', '\r']).next().unwrap_or("");
    if line_start(src, open) == ls || rest.contains('}') {
        return None;
    }
    let indent = line_indent(src, after.start);
    let (edit, offset) =
        insert_after_line(src, newline_of(src), after.end, &format!("{indent}{entry}"));
    Some((edit, offset + indent.len()))
}

/// The indentation (spaces and tabs) at the start of the line holding `offset`.
fn line_indent(src: &str, offset: usize) -> &str {
    let line = src.get(line_start(src, offset)..).unwrap_or("");
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// One level deeper than `indent`, as the printer indents.
fn nested(indent: &str) -> String {
    format!("{indent}{}", " ".repeat(super::print::INDENT))
}

/// Removes the declaration at `span`: its whole line when nothing else is on it (a trailing
/// comment goes with it), else just the declaration and a `;` after it.
pub fn remove(src: &str, span: Span) -> Edit {
    let start = line_start(src, span.start);
    let end = next_line_start(src, span.end).unwrap_or(src.len());
    let before = src.get(start..span.start).unwrap_or("");
    let line_end = src[span.end..]
        .find(['\n', '\r'])
        .map_or(src.len(), |i| span.end + i);
    let after = src.get(span.end..line_end).unwrap_or("");
    let after_code = super::without_trailing_comment(after);
    if before.trim().is_empty() && after_code.trim().is_empty() {
        return Edit {
            span: Span::new(start, end),
            new_text: String::new(),
        };
    }
    // Other declarations share the line: remove this one and its separator only.
    let rest = &src[span.end..line_end];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let mut cut = span.end + (rest.len() - trimmed.len());
    if trimmed.starts_with(';') {
        cut += 1;
        let after_semi = &src[cut..line_end];
        cut += after_semi.len() - after_semi.trim_start_matches([' ', '\t']).len();
    } else {
        cut = span.end;
    }
    Edit {
        span: Span::new(span.start, cut),
        new_text: String::new(),
    }
}

/// Removes the item `target` of a list whose items are `items` (in order): with the comma
/// before it when it follows another item, else with the comma after it. `None` when it is
/// the list's only item or is not joined by a bare comma (a comment in between): then the
/// caller removes the whole statement, or nothing.
pub fn remove_list_item(src: &str, items: &[Span], target: Span) -> Option<Edit> {
    let i = items.iter().position(|s| *s == target)?;
    let joined = |a: Span, b: Span| src.get(a.end..b.start).is_some_and(|t| t.trim() == ",");
    if i > 0 && joined(items[i - 1], target) {
        return Some(Edit {
            span: Span::new(items[i - 1].end, target.end),
            new_text: String::new(),
        });
    }
    let next = items.get(i + 1)?;
    joined(target, *next).then(|| Edit {
        span: Span::new(target.start, next.start),
        new_text: String::new(),
    })
}

/// `remove`, and when the declaration goes with its whole lines, its `///` comment too.
pub fn remove_with_doc(src: &str, span: Span) -> Edit {
    let mut edit = remove(src, span);
    let whole_lines = edit.span.end == next_line_start(src, span.end).unwrap_or(src.len());
    if whole_lines && edit.span.start == line_start(src, span.start) {
        edit.span.start = with_doc_lines(src, edit.span.start);
    }
    edit
}

/// Removes the whole lines of a declaration spanning `span`, with its `///` comment.
pub fn remove_lines_with_doc(src: &str, span: Span) -> Edit {
    Edit {
        span: Span::new(
            with_doc_lines(src, span.start),
            next_line_start(src, span.end).unwrap_or(src.len()),
        ),
        new_text: String::new(),
    }
}

/// Where the declaration starting at `start` begins with its `///` comment lines.
fn with_doc_lines(src: &str, start: usize) -> usize {
    let mut from = line_start(src, start);
    while from > 0 {
        let prev = line_start(src, from - 1);
        if !src[prev..from].trim_start().starts_with("///") {
            break;
        }
        from = prev;
    }
    from
}

/// Byte offset of the start of the line holding `offset`.
pub fn line_start(src: &str, offset: usize) -> usize {
    src.get(..offset)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1)
}

/// Byte offset of the start of the line after the one holding `offset`, or `None` when
/// `offset` is on the last line.
pub fn next_line_start(src: &str, offset: usize) -> Option<usize> {
    let rest = src.get(offset..)?;
    let i = rest.find(['\n', '\r'])?;
    let after = offset + i;
    if src[after..].starts_with("\r\n") {
        Some(after + 2)
    } else {
        Some(after + 1)
    }
}

/// The file's line break (from its first line break): `\r\n` or `\n`.
pub fn newline_of(src: &str) -> &'static str {
    match src.find('\n') {
        Some(i) if i > 0 && src.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// An edit inserting whole `lines` (without a final line break) after the line holding
/// `offset`, with `nl` as the line break; at the end of the file a line break goes first.
/// Also returns where `lines` starts in the edit's text.
pub fn insert_after_line(src: &str, nl: &str, offset: usize, lines: &str) -> (Edit, usize) {
    match next_line_start(src, offset) {
        Some(at) => (
            Edit {
                span: Span::point(at),
                new_text: format!("{lines}{nl}"),
            },
            0,
        ),
        None => (
            Edit {
                span: Span::point(src.len()),
                new_text: format!("{nl}{lines}{nl}"),
            },
            nl.len(),
        ),
    }
}

/// The indentation of the last non-empty line of a block's body, the text from the block's
/// start `from` to the start `to` of the line holding its `}`.
pub fn body_indent(src: &str, from: usize, to: usize) -> Option<String> {
    let body = src.get(from..to)?;
    body.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .last()
        .map(|l| l[..l.len() - l.trim_start().len()].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(src: &str, edit: Edit) -> String {
        crate::fix::apply(src, &[edit]).0
    }

    #[test]
    fn a_list_item_goes_with_the_comma_that_joins_it() {
        let src = "calls a.b, c.d ,e.f\ncalls g.h\n";
        let at = |w: &str| {
            let start = src.find(w).unwrap_or_default();
            Span::new(start, start + w.len())
        };
        let items = [at("a.b"), at("c.d"), at("e.f"), at("g.h")];
        let removed = |t: Span| remove_list_item(src, &items, t).map(|e| applied(src, e));
        assert_eq!(
            removed(items[0]).as_deref(),
            Some("calls c.d ,e.f\ncalls g.h\n")
        );
        assert_eq!(
            removed(items[1]).as_deref(),
            Some("calls a.b ,e.f\ncalls g.h\n")
        );
        assert_eq!(
            removed(items[2]).as_deref(),
            Some("calls a.b, c.d\ncalls g.h\n")
        );
        // Alone in its statement (the next item is another statement's): the caller's call.
        assert_eq!(removed(items[3]), None);
    }

    fn top(src: &str, lines: &str, blank: bool) -> String {
        let (file, _) = crate::syntax::parse(src);
        let (edit, offset) = top_level(src, &file, lines, blank);
        assert_eq!(&edit.new_text[offset..offset + lines.len()], lines);
        applied(src, edit)
    }

    #[test]
    fn a_new_declaration_goes_after_the_permissions_else_after_the_app() {
        let app = "app \"a\" {\n  name \"A\"\n}\n";
        let with_permission = format!("{app}\npermission customer_read \"x\"\n");
        let line = "permission invoice_read \"y\"";
        assert_eq!(
            top(&with_permission, line, false),
            format!("{with_permission}{line}\n")
        );
        assert_eq!(
            top(&with_permission, line, true),
            format!("{with_permission}\n{line}\n")
        );
        assert_eq!(top(app, line, false), format!("{app}\n{line}\n"));
        // At the end of a file without a final line break.
        assert_eq!(
            top(app.trim_end(), line, false),
            format!("{}\n\n{line}\n", app.trim_end())
        );
        assert_eq!(top("", line, false), format!("{line}\n"));
        assert_eq!(
            top("app \"a\" {\r\n}\r\n", line, false),
            format!("app \"a\" {{\r\n}}\r\n\r\n{line}\r\n")
        );
    }

    fn into_urls(src: &str) -> String {
        let (file, _) = crate::syntax::parse(src);
        let block = file.urls_block().map_or(Span::default(), |u| u.span);
        let close = file.urls_block().map_or(0, |u| u.close.start);
        let entry = "connect \"https://b.example/\"";
        let (edit, offset) = into_block(src, block, close, entry, Empty::Inline);
        assert_eq!(&edit.new_text[offset..offset + entry.len()], entry);
        applied(src, edit)
    }

    #[test]
    fn a_new_statement_goes_above_the_closing_brace_or_after_the_last_one_on_its_line() {
        assert_eq!(
            into_urls("urls \"p\" {\n    connect \"https://a.example/\"\n}\n"),
            "urls \"p\" {\n    connect \"https://a.example/\"\n    connect \"https://b.example/\"\n}\n"
        );
        assert_eq!(
            into_urls("urls \"p\" { connect \"https://a.example/\" }\n"),
            "urls \"p\" { connect \"https://a.example/\"; connect \"https://b.example/\" }\n"
        );
        assert_eq!(
            into_urls("urls \"p\" {}\n"),
            "urls \"p\" { connect \"https://b.example/\" }\n"
        );
    }

    #[test]
    fn a_removed_declaration_takes_its_line_and_doc_comment_or_only_itself() {
        let src =
            "/// Why.\npermission a_read \"x\"\npermission b_read \"y\"; permission c_read \"z\"\n";
        let (file, _) = crate::syntax::parse(src);
        let span = |name: &str| file.permission(name).map_or(Span::default(), |p| p.span);
        assert_eq!(
            applied(src, remove_with_doc(src, span("a_read"))),
            "permission b_read \"y\"; permission c_read \"z\"\n"
        );
        assert_eq!(
            applied(src, remove(src, span("a_read"))),
            "/// Why.\npermission b_read \"y\"; permission c_read \"z\"\n"
        );
        assert_eq!(
            applied(src, remove_with_doc(src, span("b_read"))),
            "/// Why.\npermission a_read \"x\"\npermission c_read \"z\"\n"
        );
    }

    /// A view declaration spanning all of `src` (less its final line break), with its `}`.
    fn into_view(src: &str) -> String {
        let decl = Span::new(0, src.trim_end().len());
        let close = src.trim_end().len() - 1;
        let entry = "calls customers.update";
        let (edit, offset) = into_block(src, decl, close, entry, Empty::Lines);
        assert_eq!(&edit.new_text[offset..offset + entry.len()], entry);
        applied(src, edit)
    }

    #[test]
    fn a_statement_into_an_empty_block_opens_it_over_lines_when_asked() {
        let view = "view C on stripe.dashboard.customer.detail";
        assert_eq!(
            into_view(&format!("{view} {{}}\n")),
            format!("{view} {{\n  calls customers.update\n}}\n")
        );
        // With CRLF line breaks, before another declaration.
        let src = format!("{view} {{}}\r\napp \"a\" {{\r\n}}\r\n");
        let close = view.len() + 2;
        let (edit, _) = into_block(&src, Span::new(0, close + 1), close, "uses e", Empty::Lines);
        assert_eq!(
            applied(&src, edit),
            format!("{view} {{\r\n  uses e\r\n}}\r\napp \"a\" {{\r\n}}\r\n")
        );
        // Inside an indented block, one level deeper than the declaration's line.
        let src = format!("  {view} {{ }}\n");
        let decl = Span::new(2, src.trim_end().len());
        let (edit, _) = into_block(&src, decl, src.trim_end().len() - 1, "uses e", Empty::Lines);
        assert_eq!(
            applied(&src, edit),
            format!("  {view} {{\n    uses e\n  }}\n")
        );
    }

    #[test]
    fn a_statement_into_a_view_follows_its_body_or_its_one_line() {
        let view = "view C on stripe.dashboard.customer.detail";
        assert_eq!(
            into_view(&format!("{view} {{\r\n    uses lookup\r\n}}\r\n")),
            format!("{view} {{\r\n    uses lookup\r\n    calls customers.update\r\n}}\r\n")
        );
        assert_eq!(
            into_view(&format!("{view} {{\n}}\n")),
            format!("{view} {{\n  calls customers.update\n}}\n")
        );
        assert_eq!(
            into_view(&format!("{view} {{ uses lookup }}\n")),
            format!("{view} {{ uses lookup; calls customers.update }}\n")
        );
    }

    #[test]
    fn a_declaration_without_a_block_gets_one_over_lines() {
        let view = "view C on stripe.dashboard.customer.detail";
        for nl in ["\n", "\r\n"] {
            let src = format!("app \"a\" {{{nl}}}{nl}{view}{nl}");
            let start = src.find("view").unwrap_or(0);
            let entry = "calls customers.update";
            let (edit, offset) = open_block(&src, Span::new(start, start + view.len()), entry);
            assert_eq!(&edit.new_text[offset..offset + entry.len()], entry);
            assert_eq!(
                applied(&src, edit),
                format!("app \"a\" {{{nl}}}{nl}{view} {{{nl}  {entry}{nl}}}{nl}")
            );
        }
    }

    #[test]
    fn one_more_item_follows_the_last_with_a_comma() {
        let src = "  calls customers.retrieve\n";
        let last = Span::new(8, 26);
        let (edit, offset) = append_item(last, "customers.update");
        assert_eq!(&edit.new_text[offset..], "customers.update");
        assert_eq!(
            applied(src, edit),
            "  calls customers.retrieve, customers.update\n"
        );
    }

    fn after_redirect(src: &str) -> Option<String> {
        let (file, _) = crate::syntax::parse(src);
        let app = file.app()?;
        let last = app.stmts.iter().max_by_key(|s| s.span.end)?;
        let entry = "redirect \"https://b.example/\"";
        let (edit, offset) = after_statement(src, app.open.start, last.span, entry)?;
        assert_eq!(&edit.new_text[offset..offset + entry.len()], entry);
        Some(applied(src, edit))
    }

    #[test]
    fn a_statement_after_another_takes_the_next_line_unless_a_brace_shares_it() {
        let a = "redirect \"https://a.example/\"";
        let b = "redirect \"https://b.example/\"";
        assert_eq!(
            after_redirect(&format!("app \"a\" {{\n\t{a}\n}}\n")),
            Some(format!("app \"a\" {{\n\t{a}\n\t{b}\n}}\n"))
        );
        assert_eq!(
            after_redirect(&format!("app \"a\" {{\r\n  {a}\r\n}}")),
            Some(format!("app \"a\" {{\r\n  {a}\r\n  {b}\r\n}}"))
        );
        assert_eq!(after_redirect(&format!("app \"a\" {{ {a}\n}}\n")), None);
        assert_eq!(after_redirect(&format!("app \"a\" {{\n  {a} }}\n")), None);
        assert_eq!(after_redirect("app \"a\" {}\n"), None);
    }
}
