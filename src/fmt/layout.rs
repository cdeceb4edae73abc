//! The printer behind [`super::format`]: walks the lossless tree of a file without syntax
//! errors and writes it again in the canonical layout, putting every comment back.

use super::{quote, unquote};
use crate::ast::Span;
use crate::syntax::print::INDENT;
use crate::syntax::{Node, Rule};

type P<'a> = Node<'a>;

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

/// Whether a node is one token the printer writes (not trivia, not the end of the file).
fn is_token(node: &P<'_>) -> bool {
    node.is_token() && !node.is_trivia() && node.kind() != Rule::EOI
}

fn is_list(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::path_list | Rule::ident_list | Rule::string_list | Rule::role_list
    )
}

/// Every token under `node`, in source order.
pub(super) fn collect_tokens(node: P<'_>, out: &mut Vec<(Rule, Span)>) {
    out.extend(node.tokens().filter(is_token).map(|t| (t.kind(), t.span())));
}

/// The comments of the tree, each with where it stands relative to the code before it.
pub(super) fn comments(root: P<'_>) -> Vec<Comment> {
    let mut found = Vec::new();
    let mut after = None;
    // Whether code came before, on the current line.
    let mut code_on_line = false;
    for token in root.tokens() {
        match token.kind() {
            Rule::comment => {
                let span = token.span();
                found.push(Comment {
                    start: span.start,
                    end: span.end,
                    text: token.text().trim_end().to_string(),
                    trailing: after.is_some() && code_on_line,
                    after,
                });
            }
            Rule::newline => code_on_line = false,
            _ if is_token(&token) => {
                after = Some(token.span().end);
                code_on_line = true;
            }
            _ => {}
        }
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

fn first_token_start(node: &P<'_>) -> usize {
    node.span().start
}

fn last_token_end(node: &P<'_>) -> usize {
    node.tokens()
        .filter(is_token)
        .last()
        .map_or(node.span().end, |t| t.span().end)
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
    let comments = comments(file);
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
    let items: Vec<P<'_>> = file.nodes().filter(|i| i.kind() != Rule::EOI).collect();
    // Runs of permissions (no blank line between them) get their purposes aligned.
    let pads = p.runs(&items, Rule::permission_decl, |item| {
        (*item)
            .nodes()
            .find(|t| t.kind() == Rule::ident)
            .map_or(0, |t| t.text().len())
    });
    let mut previous: Option<Rule> = None;
    for (item, pad) in items.into_iter().zip(pads) {
        let rule = item.kind();
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
            if items[i].kind() != rule {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < items.len()
                && items[j].kind() == rule
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
        let span = pair.span();
        if self
            .comments
            .get(self.next)
            .is_some_and(|c| c.start < span.start)
        {
            // Not where the grammar allows a comment inside a line; keep it anyway (the
            // output is verified before it is used).
            self.end_line();
            let indent = self.indent + 2 * INDENT;
            self.flush_comments(span.start, false, false, indent);
            self.open = true;
            self.line_indent = indent;
        }
        let raw = pair.text();
        if pair.kind() == Rule::string {
            self.line.push_str(&quote(&unquote(raw)));
        } else {
            self.line.push_str(raw);
        }
        self.last_token_end = Some(span.end);
        self.last_end = span.end;
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
            let part = parts[i];
            let rule = part.kind();
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
            } else if is_token(&part) {
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
        let close = end.and_then(|e| (*e).nodes().find(|c| c.kind() == Rule::close_brace));
        let Some(close) = close else {
            self.error = Some("not formatted: a block is not closed".to_string());
            return;
        };
        let stmts: Vec<P<'_>> = body.map(|b| (*b).nodes().collect()).unwrap_or_default();
        let open_end = open.span().end;
        let close_start = close.span().start;
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
        let is_urls = body.is_some_and(|b| b.kind() == Rule::urls_body);
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
        for part in list.nodes() {
            let span = part.span();
            if part.kind() == Rule::comma {
                self.token(&part);
                comma_end = Some(span.end);
                continue;
            }
            if let Some(after) = comma_end {
                if self.comments_in(after, span.start).is_empty() {
                    self.space();
                } else {
                    self.end_line();
                    self.begin_line(span.start, false, false, column);
                    self.continuation = true;
                }
            }
            if is_token(&part) {
                self.token(&part);
            } else {
                // An item of several tokens (`custom "Regional lead"`): one space apart.
                let tokens: Vec<_> = part.tokens().filter(is_token).collect();
                for (i, t) in tokens.iter().enumerate() {
                    if i > 0 {
                        self.space();
                    }
                    self.token(t);
                }
            }
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
    (*stmt).nodes().next().map_or(0, |k| k.text().len())
}

/// The parts of a declaration or statement in order, with constant values and handler
/// blocks opened up.
fn flatten<'a>(pair: P<'a>, out: &mut Vec<P<'a>>) {
    for inner in pair.nodes() {
        match inner.kind() {
            Rule::value | Rule::handler_block => flatten(inner, out),
            _ => out.push(inner),
        }
    }
}
