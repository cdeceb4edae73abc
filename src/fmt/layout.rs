//! The printer behind [`super::format`]: walks the parse tree of a file without syntax
//! errors and writes it again in the canonical layout, putting every comment back.

use super::{quote, unquote};
use crate::ast::Span;
use crate::syntax::Rule;
use pest::iterators::Pair;

type P<'a> = Pair<'a, Rule>;

/// Spaces per block level.
const INDENT: usize = 2;

/// A `//` comment found between two tokens.
#[derive(Debug, Clone)]
pub(super) struct Comment {
    pub start: usize,
    pub end: usize,
    /// The comment as written, without trailing spaces.
    pub text: String,
    /// Code comes before it on its line: it stays at the end of that code's line.
    pub trailing: bool,
    /// The end of the token before it.
    pub after: Option<usize>,
}

/// Whether a rule is one token (a leaf the printer writes).
fn is_token(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_app
            | Rule::kw_permission
            | Rule::kw_urls
            | Rule::kw_view
            | Rule::kw_backend
            | Rule::kw_on
            | Rule::kw_name
            | Rule::kw_version
            | Rule::kw_icon
            | Rule::kw_distribution
            | Rule::kw_api_access
            | Rule::kw_sandbox_install
            | Rule::kw_post_install
            | Rule::kw_redirect
            | Rule::kw_constant
            | Rule::kw_connect
            | Rule::kw_image
            | Rule::kw_title
            | Rule::kw_calls
            | Rule::kw_fetch
            | Rule::kw_uses
            | Rule::kw_webhooks
            | Rule::kw_endpoint
            | Rule::kw_job
            | Rule::kw_roles
            | Rule::ident
            | Rule::path
            | Rule::string
            | Rule::number
            | Rule::boolean
            | Rule::open_brace
            | Rule::close_brace
            | Rule::comma
            // Only in files with syntax errors, which are never printed; listed so that
            // no text of such a file could go unnoticed by the comparison of tokens.
            | Rule::bad_top
            | Rule::bad_stmt
            | Rule::bad_handler_stmt
            | Rule::trailing_junk
            | Rule::handler_trailing_junk
    )
}

fn is_list(rule: Rule) -> bool {
    matches!(rule, Rule::path_list | Rule::ident_list | Rule::string_list)
}

/// Every token under `pair`, in source order.
pub(super) fn collect_tokens(pair: P<'_>, out: &mut Vec<(Rule, Span)>) {
    if is_token(pair.as_rule()) {
        let s = pair.as_span();
        out.push((pair.as_rule(), Span::new(s.start(), s.end())));
        return;
    }
    for inner in pair.into_inner() {
        collect_tokens(inner, out);
    }
}

/// The comments in the gaps between `tokens` (which hold everything else of the file).
pub(super) fn comments(src: &str, tokens: &[(Rule, Span)]) -> Vec<Comment> {
    let mut found = Vec::new();
    let mut from = 0;
    let mut after = None;
    let gaps = tokens
        .iter()
        .map(|(_, s)| (s.start, s.end))
        .chain(std::iter::once((src.len(), src.len())));
    for (start, end) in gaps {
        let mut at = from;
        let gap_end = start.max(from);
        while let Some(i) = src.get(at..gap_end).and_then(|g| g.find("//")) {
            let c_start = at + i;
            let c_end = src[c_start..gap_end]
                .find(['\n', '\r'])
                .map_or(gap_end, |j| c_start + j);
            let trailing = after.is_some() && !src[from..c_start].contains(['\n', '\r']);
            found.push(Comment {
                start: c_start,
                end: c_end,
                text: src[c_start..c_end].trim_end().to_string(),
                trailing,
                after,
            });
            at = c_end;
        }
        from = end;
        after = Some(end);
    }
    found
}

/// Newlines in `text`, counting `\r\n` once.
fn newlines(text: &str) -> usize {
    let b = text.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count()
}

fn first_token_start(pair: &P<'_>) -> usize {
    pair.as_span().start()
}

fn last_token_end(pair: &P<'_>) -> usize {
    let mut tokens = Vec::new();
    collect_tokens(pair.clone(), &mut tokens);
    tokens.last().map_or(pair.as_span().end(), |(_, s)| s.end)
}

/// One line of output.
#[derive(Debug, Default)]
struct Line {
    indent: usize,
    /// The code (or an own-line comment); empty for a blank line.
    code: String,
    /// A trailing comment.
    comment: Option<String>,
    /// A list item continued from the line above.
    continuation: bool,
}

struct Printer<'s> {
    src: &'s str,
    comments: Vec<Comment>,
    /// The first comment not written yet.
    next: usize,
    lines: Vec<Line>,
    /// The line being built, without its indentation.
    line: String,
    line_indent: usize,
    /// Whether a line is being built.
    open: bool,
    /// Whether it continues a list from the line above.
    continuation: bool,
    /// The indentation of statements in the current block.
    indent: usize,
    last_token_end: Option<usize>,
    /// The end of the last token or comment written.
    last_end: usize,
    /// Nothing written yet in the current block (or file): no blank line here.
    block_start: bool,
    error: Option<String>,
}

/// Prints a file without syntax errors in the canonical layout.
pub(super) fn print(src: &str, file: P<'_>) -> Result<String, String> {
    let mut tokens = Vec::new();
    collect_tokens(file.clone(), &mut tokens);
    let comments = comments(src, &tokens);
    let mut p = Printer {
        src,
        comments,
        next: 0,
        lines: Vec::new(),
        line: String::new(),
        line_indent: 0,
        open: false,
        continuation: false,
        indent: 0,
        last_token_end: None,
        last_end: 0,
        block_start: true,
        error: None,
    };
    let items: Vec<P<'_>> = file
        .into_inner()
        .filter(|i| i.as_rule() != Rule::EOI)
        .collect();
    // Runs of permissions (no blank line between them) get their purposes aligned.
    let pads = p.runs(&items, Rule::permission_decl, |item| {
        item.clone()
            .into_inner()
            .find(|t| t.as_rule() == Rule::ident)
            .map_or(0, |t| t.as_str().len())
    });
    let mut previous: Option<Rule> = None;
    for (item, pad) in items.into_iter().zip(pads) {
        let rule = item.as_rule();
        let grouped = rule == Rule::permission_decl && previous == Some(Rule::permission_decl);
        p.item(item, !grouped, pad.map(|w| (1, w)));
        previous = Some(rule);
    }
    p.finish();
    match p.error {
        Some(e) => Err(e),
        None => Ok(render(&p.lines)),
    }
}

impl Printer<'_> {
    /// For each of `items`, the width to pad its aligned token to, when it is of `rule`:
    /// the widest among the consecutive `rule` items not separated by a blank line.
    fn runs(
        &self,
        items: &[P<'_>],
        rule: Rule,
        width: impl Fn(&P<'_>) -> usize,
    ) -> Vec<Option<usize>> {
        let mut pads = vec![None; items.len()];
        let mut i = 0;
        while i < items.len() {
            if items[i].as_rule() != rule {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < items.len()
                && items[j].as_rule() == rule
                && !self.gap_blank(last_token_end(&items[j - 1]), first_token_start(&items[j]))
            {
                j += 1;
            }
            let widest = items[i..j].iter().map(&width).max().unwrap_or(0);
            for pad in pads.iter_mut().take(j).skip(i) {
                *pad = Some(widest);
            }
            i = j;
        }
        pads
    }

    /// The comments starting in `from..to`.
    fn comments_in(&self, from: usize, to: usize) -> &[Comment] {
        let a = self.comments.partition_point(|c| c.start < from);
        let b = self.comments.partition_point(|c| c.start < to);
        self.comments.get(a..b.max(a)).unwrap_or(&[])
    }

    /// Whether the text between two tokens, comments included, holds a blank line.
    fn gap_blank(&self, from: usize, to: usize) -> bool {
        let mut at = from;
        for c in self.comments_in(from, to) {
            if self.has_blank(at, c.start) {
                return true;
            }
            at = c.end;
        }
        self.has_blank(at, to)
    }

    /// Whether `from..to` (no comment in it) holds a blank line.
    fn has_blank(&self, from: usize, to: usize) -> bool {
        self.src.get(from..to).is_some_and(|t| newlines(t) >= 2)
    }

    fn blank_line(&mut self) {
        if !self.block_start && self.lines.last().is_some_and(|l| !l.code.is_empty()) {
            self.lines.push(Line::default());
        }
    }

    fn push_line(&mut self, indent: usize, text: &str, comment: Option<String>) {
        self.lines.push(Line {
            indent,
            code: text.to_string(),
            comment,
            continuation: std::mem::take(&mut self.continuation),
        });
        self.block_start = false;
    }

    /// Ends the line being built, with the trailing comment of its last token.
    fn end_line(&mut self) {
        if !self.open {
            return;
        }
        let mut comment = None;
        if let Some(c) = self.comments.get(self.next)
            && c.trailing
            && c.after.is_some()
            && c.after == self.last_token_end
        {
            comment = Some(c.text.clone());
            self.last_end = c.end;
            self.next += 1;
        }
        let line = std::mem::take(&mut self.line);
        self.push_line(self.line_indent, &line, comment);
        self.open = false;
    }

    /// Writes the comments before `at`, each on its own line. `force`: a blank line before
    /// the first; `keep`: blank lines of the source are kept. Returns whether `force` is
    /// still owed (no comment was written).
    fn flush_comments(&mut self, at: usize, force: bool, keep: bool, indent: usize) -> bool {
        let mut force = force;
        while let Some(c) = self.comments.get(self.next) {
            if c.start >= at {
                break;
            }
            let (start, end, text) = (c.start, c.end, c.text.clone());
            if force || (keep && self.has_blank(self.last_end, start)) {
                self.blank_line();
            }
            force = false;
            self.push_line(indent, &text, None);
            self.last_end = end;
            self.next += 1;
        }
        force
    }

    /// Starts a new line for the token at `at`, after the comments before it.
    fn begin_line(&mut self, at: usize, force: bool, keep: bool, indent: usize) {
        self.end_line();
        let owed = self.flush_comments(at, force, keep, indent);
        if owed || (keep && self.has_blank(self.last_end, at)) {
            self.blank_line();
        }
        self.open = true;
        self.line_indent = indent;
        self.line.clear();
    }

    fn space(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
    }

    fn token(&mut self, pair: &P<'_>) {
        let span = pair.as_span();
        if self
            .comments
            .get(self.next)
            .is_some_and(|c| c.start < span.start())
        {
            // Not where the grammar allows a comment inside a line; keep it anyway (the
            // output is verified before it is used).
            self.end_line();
            let indent = self.indent + 2 * INDENT;
            self.flush_comments(span.start(), false, false, indent);
            self.open = true;
            self.line_indent = indent;
        }
        let raw = pair.as_str();
        if pair.as_rule() == Rule::string {
            self.line.push_str(&quote(&unquote(raw)));
        } else {
            self.line.push_str(raw);
        }
        self.last_token_end = Some(span.end());
        self.last_end = span.end();
    }

    /// A declaration or statement: its tokens on one line, its block (if any) below.
    /// `force`: a blank line before it; `pad`: after the token with this index, pad the
    /// line to make that token this wide.
    fn item(&mut self, pair: P<'_>, force: bool, pad: Option<(usize, usize)>) {
        let mut parts = Vec::new();
        flatten(pair, &mut parts);
        let mut index = 0;
        let mut i = 0;
        while i < parts.len() {
            let part = parts[i].clone();
            let rule = part.as_rule();
            if rule == Rule::open_brace {
                self.block(&part, parts.get(i + 1), parts.get(i + 2));
                i += 3;
                continue;
            }
            if index == 0 {
                self.begin_line(first_token_start(&part), force, true, self.indent);
            } else if rule != Rule::comma {
                self.space();
            }
            if is_list(rule) {
                self.list(part);
            } else if is_token(rule) {
                let before = self.line.len();
                self.token(&part);
                if let Some((at, width)) = pad
                    && at == index
                {
                    // The token, its padding and the one space before the next token.
                    let written = self.line.len() - before;
                    self.line.extend(std::iter::repeat_n(
                        ' ',
                        (width + 1).saturating_sub(written),
                    ));
                }
            } else {
                self.error = Some(format!(
                    "not formatted: unexpected `{:?}` in the parse tree",
                    rule
                ));
            }
            index += 1;
            i += 1;
        }
        self.end_line();
    }

    /// `{ … }`: `{}` when there is nothing in it, else the body on its own lines.
    fn block(&mut self, open: &P<'_>, body: Option<&P<'_>>, end: Option<&P<'_>>) {
        let close = end.and_then(|e| {
            e.clone()
                .into_inner()
                .find(|c| c.as_rule() == Rule::close_brace)
        });
        let Some(close) = close else {
            self.error = Some("not formatted: a block is not closed".to_string());
            return;
        };
        let stmts: Vec<P<'_>> = body
            .map(|b| b.clone().into_inner().collect())
            .unwrap_or_default();
        let open_end = open.as_span().end();
        let close_start = close.as_span().start();
        self.space();
        self.token(open);
        if stmts.is_empty() && self.comments_in(open_end, close_start).is_empty() {
            self.token(&close);
            return;
        }
        self.end_line();
        let outer = self.indent;
        self.indent += INDENT;
        self.block_start = true;
        let is_urls = body.is_some_and(|b| b.as_rule() == Rule::urls_body);
        let pads = if is_urls {
            // `connect` and `image` entries: the URLs of a run line up.
            let mut pads = vec![None; stmts.len()];
            let mut i = 0;
            while i < stmts.len() {
                let mut j = i + 1;
                while j < stmts.len()
                    && !self.gap_blank(last_token_end(&stmts[j - 1]), first_token_start(&stmts[j]))
                {
                    j += 1;
                }
                let widest = stmts[i..j]
                    .iter()
                    .map(|s| keyword_len(s))
                    .max()
                    .unwrap_or(0);
                for pad in pads.iter_mut().take(j).skip(i) {
                    *pad = Some((0, widest));
                }
                i = j;
            }
            pads
        } else {
            vec![None; stmts.len()]
        };
        for (stmt, pad) in stmts.into_iter().zip(pads) {
            self.item(stmt, false, pad);
        }
        self.flush_comments(close_start, false, true, self.indent);
        self.indent = outer;
        self.begin_line(close_start, false, false, outer);
        self.token(&close);
    }

    /// Items separated by `, `, on one line; after a comma followed by comments, the next
    /// item goes on its own line, lined up with the first.
    fn list(&mut self, list: P<'_>) {
        let column = self.line_indent + self.line.chars().count();
        let mut comma_end: Option<usize> = None;
        for part in list.into_inner() {
            let span = part.as_span();
            if part.as_rule() == Rule::comma {
                self.token(&part);
                comma_end = Some(span.end());
                continue;
            }
            if let Some(after) = comma_end {
                if self.comments_in(after, span.start()).is_empty() {
                    self.space();
                } else {
                    self.end_line();
                    self.begin_line(span.start(), false, false, column);
                    self.continuation = true;
                }
            }
            self.token(&part);
        }
    }

    fn finish(&mut self) {
        self.end_line();
        self.flush_comments(usize::MAX, false, true, 0);
        while self.lines.last().is_some_and(|l| l.code.is_empty()) {
            self.lines.pop();
        }
    }
}

/// The lines as text. Trailing comments of consecutive lines with the same indentation
/// (or continuing one list) line up, one space after the longest code among them.
fn render(lines: &[Line]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        if lines[i].comment.is_some() {
            while j + 1 < lines.len()
                && lines[j + 1].comment.is_some()
                && (lines[j + 1].indent == lines[i].indent || lines[j + 1].continuation)
            {
                j += 1;
            }
        }
        let width = lines[i..=j]
            .iter()
            .map(|l| l.indent + l.code.chars().count())
            .max()
            .unwrap_or(0);
        for line in &lines[i..=j] {
            if !line.code.is_empty() || line.comment.is_some() {
                out.extend(std::iter::repeat_n(' ', line.indent));
            }
            out.push_str(&line.code);
            if let Some(c) = &line.comment {
                let pad = width - line.indent - line.code.chars().count() + 1;
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(c);
            }
            out.push('\n');
        }
        i = j + 1;
    }
    out
}

/// The length of a statement's keyword.
fn keyword_len(stmt: &P<'_>) -> usize {
    stmt.clone()
        .into_inner()
        .next()
        .map_or(0, |k| k.as_str().len())
}

/// The parts of a declaration or statement in order, with constant values and handler
/// blocks opened up.
fn flatten<'a>(pair: P<'a>, out: &mut Vec<P<'a>>) {
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::value | Rule::handler_block => flatten(inner, out),
            _ => out.push(inner),
        }
    }
}
