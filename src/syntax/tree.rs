//! The lossless syntax tree: every byte of a file is in exactly one token, so the formatter,
//! the language server and every printer read source through it instead of re-lexing text.
//!
//! pest parses; this module turns pest's pairs into nodes one-to-one (a node's kind is the
//! grammar [`Rule`] that made it) and fills the gaps pest skips silently (spaces, line
//! breaks, `;`) with trivia tokens of the kinds `whitespace`, `newline` and `semicolon`.
//! Comments arrive as `comment` pairs (the grammar's `COMMENT` parses one with that rule),
//! which are trivia tokens too; `gap` still makes one should a comment reach it. A broken line (`bad_top`, `bad_stmt`, …) is an error node whose text is split
//! into tokens again by the grammar's `error_tokens` rule, so editors see its words too.
//!
//! The tree is a flat array in preorder (like rowan's green tree, without sharing): a node's
//! children follow it, and each node knows where its subtree ends and who its parent is, so
//! walking children, ancestors and tokens needs no allocation.

use super::{Rule, StripeappParser};
use crate::ast::Span;
use pest::Parser;
use pest::Token as PestToken;
use pest::iterators::Pairs;

/// The kind of a node or token: the grammar rule that made it, or a trivia kind.
pub type SyntaxKind = Rule;

#[derive(Debug, Clone, Copy)]
struct Entry {
    kind: Rule,
    start: u32,
    end: u32,
    /// Index of the parent (the root is its own parent).
    parent: u32,
    /// Index just past this node's subtree.
    next: u32,
}

/// A parsed file (or a piece of one parsed from another rule).
#[derive(Debug, Clone)]
pub struct SyntaxTree {
    text: String,
    entries: Vec<Entry>,
}

/// A node or token of a [`SyntaxTree`].
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t SyntaxTree,
    index: u32,
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?}@{}..{}",
            self.kind(),
            self.span().start,
            self.span().end
        )
    }
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.tree, other.tree) && self.index == other.index
    }
}

/// Whether a kind is a token: a leaf whose text is one unit. Other nodes have children that
/// hold all their text.
pub fn is_token(kind: SyntaxKind) -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    // Asked for every pair of every parse: the answer per kind is cached (0: not yet known).
    static KNOWN: [AtomicU8; 256] = [const { AtomicU8::new(0) }; 256];
    let slot = &KNOWN[kind as usize % 256];
    match slot.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            let token = classify_token(kind);
            slot.store(if token { 1 } else { 2 }, Ordering::Relaxed);
            token
        }
    }
}

fn classify_token(kind: SyntaxKind) -> bool {
    is_trivia(kind)
        || crate::syntax::language::keyword_of_rule(kind).is_some()
        || matches!(
            kind,
            Rule::ident
                | Rule::path
                | Rule::string
                | Rule::number
                | Rule::boolean
                | Rule::open_brace
                | Rule::close_brace
                | Rule::comma
                // The `custom` marker of a role in a `roles` list.
                | Rule::role_custom
                // The name of a `profile` (it may contain `-`).
                | Rule::profile_name
                | Rule::error_string
                | Rule::error_char
                | Rule::EOI
        )
}

/// Spaces, line breaks, comments and `;`: what the grammar skips between tokens.
pub fn is_trivia(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        Rule::whitespace | Rule::newline | Rule::comment | Rule::semicolon
    )
}

/// Text that did not parse: the catch-all lines and text after a `}`. Their children are the
/// tokens `error_tokens` finds in them.
pub fn is_error(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        Rule::bad_top
            | Rule::bad_stmt
            | Rule::bad_handler_stmt
            | Rule::bad_profile_backend
            | Rule::trailing_junk
            | Rule::handler_trailing_junk
    )
}

impl SyntaxTree {
    /// Parses a whole file. Never fails: should the grammar reject the text, the tree is one
    /// error node holding all of it.
    pub fn parse(text: &str) -> SyntaxTree {
        SyntaxTree::parse_rule(Rule::file, text).unwrap_or_else(|| {
            let mut b = Builder::new(text);
            let root = b.open(Rule::file, 0);
            let bad = b.open(Rule::bad_top, 0);
            b.split_error(text, 0);
            b.close(bad, text.len());
            b.close(root, text.len());
            b.finish(text)
        })
    }

    /// Parses `text` from `rule`; `None` when it does not match.
    pub fn parse_rule(rule: Rule, text: &str) -> Option<SyntaxTree> {
        let pairs = StripeappParser::parse(rule, text).ok()?;
        Some(SyntaxTree::from_pairs(text, pairs))
    }

    /// The tree of pairs pest produced for `text`. One pair covering the whole text is the
    /// root; otherwise (a rule that stops early, or several pairs) a `file` node holds them
    /// and the rest of the text, so nothing is lost.
    pub fn from_pairs(text: &str, pairs: Pairs<'_, Rule>) -> SyntaxTree {
        let mut b = Builder::new(text);
        let mut top = pairs.clone();
        let whole = match (top.next(), top.next()) {
            (Some(only), None) => {
                let s = only.as_span();
                s.start() == 0 && s.end() == text.len()
            }
            _ => false,
        };
        if whole {
            b.pairs(text, 0, pairs, false);
        } else {
            let root = b.open(Rule::file, 0);
            b.pairs(text, 0, pairs, false);
            b.gap(text.len());
            b.close(root, text.len());
        }
        b.finish(text)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn root(&self) -> Node<'_> {
        Node {
            tree: self,
            index: 0,
        }
    }

    /// The token holding byte `offset` (the one starting there when two touch it), or the
    /// last token at the end of the text.
    pub fn token_at(&self, offset: usize) -> Option<Node<'_>> {
        let mut node = self.root();
        'down: loop {
            if node.is_token() {
                return Some(node);
            }
            let mut last = None;
            for child in node.children() {
                let s = child.span();
                if s.start <= offset && offset < s.end {
                    node = child;
                    continue 'down;
                }
                if s.start <= offset && s.end > s.start {
                    last = Some(child);
                }
            }
            // At the end of the text (or of a node): the token that ends there.
            match last {
                Some(child) if child.span().end == offset => node = child,
                _ => return None,
            }
        }
    }

    /// Every token in source order (trivia included).
    pub fn tokens(&self) -> impl Iterator<Item = Node<'_>> + '_ {
        self.root().tokens()
    }
}

impl<'t> Node<'t> {
    fn entry(&self) -> &'t Entry {
        &self.tree.entries[self.index as usize]
    }

    pub fn kind(&self) -> SyntaxKind {
        self.entry().kind
    }

    pub fn span(&self) -> Span {
        let e = self.entry();
        Span::new(e.start as usize, e.end as usize)
    }

    pub fn text(&self) -> &'t str {
        let e = self.entry();
        self.tree
            .text
            .get(e.start as usize..e.end as usize)
            .unwrap_or("")
    }

    pub fn is_token(&self) -> bool {
        self.entry().next == self.index + 1 && is_token(self.kind())
    }

    pub fn is_trivia(&self) -> bool {
        is_trivia(self.kind())
    }

    pub fn is_error(&self) -> bool {
        is_error(self.kind())
    }

    pub fn parent(self) -> Option<Node<'t>> {
        (self.index != 0).then(|| Node {
            tree: self.tree,
            index: self.entry().parent,
        })
    }

    /// The parents of this node, innermost first.
    pub fn ancestors(self) -> impl Iterator<Item = Node<'t>> + 't {
        std::iter::successors(self.parent(), |n| n.parent())
    }

    /// Every child, trivia included.
    pub fn children(self) -> Children<'t> {
        Children {
            tree: self.tree,
            at: self.index + 1,
            end: self.entry().next,
        }
    }

    /// The children that are not trivia: what the grammar's rule is made of.
    pub fn nodes(self) -> impl Iterator<Item = Node<'t>> + 't {
        self.children().filter(|c| !c.is_trivia())
    }

    /// The first child of `kind`.
    pub fn child(self, kind: SyntaxKind) -> Option<Node<'t>> {
        self.children().find(|c| c.kind() == kind)
    }

    /// Every node below this one, in preorder.
    pub fn descendants(self) -> impl Iterator<Item = Node<'t>> + 't {
        let tree = self.tree;
        (self.index + 1..self.entry().next).map(move |index| Node { tree, index })
    }

    /// The tokens below (or at) this node, in source order. Empty nodes (a missing `}`)
    /// are not tokens.
    pub fn tokens(self) -> impl Iterator<Item = Node<'t>> + 't {
        let tree = self.tree;
        (self.index..self.entry().next)
            .map(move |index| Node { tree, index })
            .filter(|n| n.is_token())
    }
}

/// The children of a node.
pub struct Children<'t> {
    tree: &'t SyntaxTree,
    at: u32,
    end: u32,
}

impl<'t> Iterator for Children<'t> {
    type Item = Node<'t>;
    fn next(&mut self) -> Option<Node<'t>> {
        if self.at >= self.end {
            return None;
        }
        let node = Node {
            tree: self.tree,
            index: self.at,
        };
        self.at = node.entry().next;
        Some(node)
    }
}

/// Builds the preorder array from pest's token stream, filling gaps with trivia.
struct Builder<'s> {
    text: &'s str,
    entries: Vec<Entry>,
    stack: Vec<u32>,
    /// Where the text not yet in any token starts.
    cursor: usize,
}

impl<'s> Builder<'s> {
    fn new(text: &'s str) -> Builder<'s> {
        Builder {
            text,
            // Roughly one entry per 4 bytes in typical files.
            entries: Vec::with_capacity(text.len() / 4 + 4),
            stack: Vec::new(),
            cursor: 0,
        }
    }

    fn open(&mut self, kind: Rule, at: usize) -> u32 {
        let index = self.entries.len() as u32;
        let parent = self.stack.last().copied().unwrap_or(index);
        self.entries.push(Entry {
            kind,
            start: at as u32,
            end: at as u32,
            parent,
            next: index + 1,
        });
        self.stack.push(index);
        self.cursor = at;
        index
    }

    fn close(&mut self, index: u32, at: usize) {
        self.stack.pop();
        let next = self.entries.len() as u32;
        if let Some(e) = self.entries.get_mut(index as usize) {
            e.end = at as u32;
            e.next = next;
        }
        self.cursor = self.cursor.max(at);
    }

    fn leaf(&mut self, kind: Rule, start: usize, end: usize) {
        let index = self.open(kind, start);
        self.close(index, end);
    }

    /// Adds the pairs of text `sub` found at byte `base` of the whole text.
    /// `in_error`: the pairs split a broken line, whose `EOI` is not a token of the file.
    fn pairs(&mut self, sub: &str, base: usize, pairs: Pairs<'_, Rule>, in_error: bool) {
        // Inside a token (an atomic rule) pest makes no inner pairs, but a compound one
        // could: those are skipped so the token stays a leaf.
        let mut inside_token = 0usize;
        for token in pairs.tokens() {
            match token {
                PestToken::Start { rule, pos } => {
                    let at = base + pos.pos();
                    if in_error && rule == Rule::EOI {
                        continue;
                    }
                    if inside_token > 0 {
                        inside_token += 1;
                        continue;
                    }
                    self.gap(at);
                    self.open(rule, at);
                    if is_token(rule) || is_error(rule) {
                        inside_token = 1;
                    }
                }
                PestToken::End { rule, pos } => {
                    let at = base + pos.pos();
                    if in_error && rule == Rule::EOI {
                        continue;
                    }
                    if inside_token > 1 {
                        inside_token -= 1;
                        continue;
                    }
                    inside_token = 0;
                    if is_error(rule) {
                        let start = self.cursor;
                        let text = sub.get(start - base..at - base).unwrap_or("");
                        self.split_error(text, start);
                    } else if !is_token(rule) {
                        self.gap(at);
                    }
                    if let Some(index) = self.stack.last().copied() {
                        self.close(index, at);
                    }
                }
            }
        }
    }

    /// The tokens of a broken piece of text at `base` (children of the open error node).
    fn split_error(&mut self, text: &str, base: usize) {
        if let Some(wrapper) = StripeappParser::parse(Rule::error_tokens, text)
            .ok()
            .and_then(|mut pairs| pairs.next())
        {
            self.pairs(text, base, wrapper.into_inner(), true);
        }
        self.gap(base + text.len());
    }

    /// Trivia tokens for the text between the cursor and `to`.
    fn gap(&mut self, to: usize) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.cursor;
        while i < to {
            let start = i;
            let kind = match bytes[i] {
                b'\n' => {
                    i += 1;
                    Rule::newline
                }
                b'\r' => {
                    i += if i + 1 < to && bytes[i + 1] == b'\n' {
                        2
                    } else {
                        1
                    };
                    Rule::newline
                }
                b';' => {
                    i += 1;
                    Rule::semicolon
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < to && !matches!(bytes[i], b'\n' | b'\r') {
                        i += 1;
                    }
                    Rule::comment
                }
                _ if space_len(text, i) > 0 => {
                    while i < to && space_len(text, i) > 0 {
                        i += space_len(text, i);
                    }
                    Rule::whitespace
                }
                // Not trivia: only where the grammar skipped something it should not have.
                // Kept as an error character so the tree still holds every byte.
                _ => {
                    i += text
                        .get(i..)
                        .and_then(|t| t.chars().next())
                        .map_or(1, char::len_utf8);
                    Rule::error_char
                }
            };
            self.leaf(kind, start, i.min(to));
        }
        self.cursor = self.cursor.max(to);
    }

    fn finish(self, text: &str) -> SyntaxTree {
        SyntaxTree {
            text: text.to_string(),
            entries: self.entries,
        }
    }
}

/// The length of the space, tab or byte-order mark at `i` (0 when there is none).
fn space_len(text: &str, i: usize) -> usize {
    match text.as_bytes().get(i) {
        Some(b' ' | b'\t') => 1,
        Some(0xEF) if text.get(i..).is_some_and(|t| t.starts_with('\u{FEFF}')) => 3,
        _ => 0,
    }
}
