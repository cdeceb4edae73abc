//! Where a position is: which block it is in and which tokens of its statement come before
//! it. Completion has to work on half-typed lines that do not parse (`calls customers.`), so
//! this reads the tokens of the lossless syntax tree (a broken line's tokens too) rather than
//! the AST, and follows the grammar's recovery rules: a statement continues after a comma,
//! and an unclosed block ends at the next top-level declaration (an unclosed handler block at
//! the next backend statement). What each word of a statement is comes from the language
//! table's shape of that statement.

use crate::ast::Span;
use crate::syntax::language::{Arg, Block, Symbol};
use crate::syntax::{Node, Rule, SyntaxTree};

/// The block a statement opens when its `{` follows `first_word` inside `parent`; `None`
/// for a block the language does not know (after a broken header).
fn child(parent: Option<Block>, first_word: &str) -> Option<Block> {
    parent?.keyword(first_word)?.opens
}

/// A token of the statement before the position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok<'a> {
    /// A name, dotted path, keyword or number.
    Word(&'a str, Span),
    /// A string literal (possibly unterminated).
    Str(Span),
    Comma,
    /// Any other character.
    Other,
}

/// What kind of text the position is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inside {
    Code,
    String,
    Comment,
}

/// The context of one position.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// `None` inside a block the language does not know (after a broken header).
    pub block: Option<Block>,
    /// The tokens of the statement the position is in, before it.
    pub stmt: Vec<Tok<'a>>,
    pub inside: Inside,
}

impl<'a> Context<'a> {
    /// The statement's first word (its keyword, where it has one).
    pub fn keyword(&self) -> Option<&'a str> {
        match self.stmt.first() {
            Some(Tok::Word(w, _)) => Some(w),
            _ => None,
        }
    }

    /// The words of the statement, in order.
    pub fn words(&self) -> Vec<&'a str> {
        self.stmt
            .iter()
            .filter_map(|t| match t {
                Tok::Word(w, _) => Some(*w),
                _ => None,
            })
            .collect()
    }

    /// Whether the position is where an item of the statement's list goes: right after the
    /// keyword, or after a comma.
    pub fn at_list_item(&self) -> bool {
        self.stmt.len() == 1 || matches!(self.stmt.last(), Some(Tok::Comma))
    }
}

/// What the word at a position is, judged from the statement before it and the language
/// table's shape of that statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role<'a> {
    /// The first word of a statement: a keyword (or what should be one).
    Keyword,
    /// A name the statement declares (`permission <name>`, `view <Component>`, …).
    Declares(Symbol),
    /// A name of something declared elsewhere (a viewport, an event, a call, an endpoint).
    Refers(Symbol),
    /// A fixed word of the statement (the `on` of `view <Component> on`).
    Word(&'static str),
    /// The word after an app statement that takes one (`distribution public`): the keyword.
    Value(&'a str),
    /// Anything else.
    Other,
}

impl<'a> Context<'a> {
    /// What a word starting at this context's position is.
    pub fn role(&self) -> Role<'a> {
        role_of(self.block, &self.stmt, self.inside)
    }
}

fn role_of<'a>(block: Option<Block>, stmt: &[Tok<'a>], inside: Inside) -> Role<'a> {
    if inside != Inside::Code {
        return Role::Other;
    }
    let n = stmt.len();
    if n == 0 {
        return Role::Keyword;
    }
    let (Some(block), Some(Tok::Word(first, _))) = (block, stmt.first()) else {
        return Role::Other;
    };
    let Some(row) = block.keyword(first) else {
        return Role::Other;
    };
    let role = |arg: Arg| match arg {
        Arg::Declares(s) => Role::Declares(s),
        Arg::Refers(s) => Role::Refers(s),
        Arg::Word(w) => Role::Word(w),
        Arg::Value => Role::Value(first),
        Arg::Name | Arg::Str | Arg::Literal => Role::Other,
    };
    // A list statement: its fixed words first (`platform calls`, `expand <method>`), then
    // items of its last argument separated by commas.
    if row.list
        && let Some((last, fixed)) = row.args.split_last()
        && n > fixed.len()
    {
        let at_list_item = n == fixed.len() + 1 || matches!(stmt.last(), Some(Tok::Comma));
        let fixed_fit = fixed.iter().zip(&stmt[1..]).all(|(a, t)| match (a, t) {
            (Arg::Word(w), Tok::Word(t, _)) => w == t,
            (_, t) => matches!(t, Tok::Word(..)),
        });
        return if at_list_item && fixed_fit {
            role(*last)
        } else {
            Role::Other
        };
    }
    // The words before this one must be what the statement's shape says they are.
    let Some(arg) = row.args.get(n - 1) else {
        return Role::Other;
    };
    let fits = row.args.iter().zip(&stmt[1..]).all(|(a, t)| match (a, t) {
        (Arg::Word(w), Tok::Word(t, _)) => w == t,
        (Arg::Word(_), _) => false,
        (Arg::Str, t) => matches!(t, Tok::Str(_)),
        (Arg::Literal, _) => true,
        (_, t) => matches!(t, Tok::Word(..)),
    });
    if fits { role(*arg) } else { Role::Other }
}

/// Whether a byte may be part of what a user types as one name, dotted path or number (the
/// word completion replaces, which may end in a `.` that does not parse yet).
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// The word (name or dotted path) that ends at `offset`, possibly empty.
pub fn word_before(text: &str, offset: usize) -> Span {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut start = end;
    while start > 0 && bytes.get(start - 1).copied().is_some_and(is_word_byte) {
        start -= 1;
    }
    Span::new(start, end)
}

/// The word around `offset` (touching it on either side), if any.
pub fn word_at(text: &str, offset: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let before = word_before(text, offset);
    let mut end = before.end;
    while bytes.get(end).copied().is_some_and(is_word_byte) {
        end += 1;
    }
    let span = Span::new(before.start, end);
    (span.end > span.start).then_some(span)
}

/// What the scanner reads next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexeme<'a> {
    /// A name, dotted path, keyword or number.
    Word(&'a str),
    /// A string literal; `closed` when its `"` ends it on its line.
    Str {
        closed: bool,
    },
    /// A `//` comment, up to the line break.
    Comment,
    /// `\n`, `\r` (a `\r\n` is two line ends; the second finds the statement already ended).
    LineEnd,
    Semicolon,
    Open,
    Close,
    Comma,
    /// Any other character.
    Other,
}

/// Reads the tokens of a tree front to back, keeping track of the open blocks and of the
/// statement being read. Completion and hover stop it at a position; semantic tokens run it
/// to the end.
pub struct Scanner<'a> {
    tokens: Vec<Node<'a>>,
    /// The next token.
    i: usize,
    stack: Vec<Option<Block>>,
    stmt: Vec<Tok<'a>>,
    /// The first word of the last statement, for a `{` written on the next line.
    previous_first: Option<&'a str>,
}

/// What a token of the tree is to the scanner (`None`: nothing, like spaces).
fn lexeme(token: Node<'_>) -> Option<Lexeme<'_>> {
    Some(match token.kind() {
        Rule::whitespace | Rule::EOI => return None,
        Rule::newline => Lexeme::LineEnd,
        Rule::semicolon => Lexeme::Semicolon,
        Rule::comment => Lexeme::Comment,
        Rule::open_brace => Lexeme::Open,
        Rule::close_brace => Lexeme::Close,
        Rule::comma => Lexeme::Comma,
        Rule::string => Lexeme::Str { closed: true },
        Rule::error_string => Lexeme::Str {
            closed: crate::syntax::closes_string(token.text().get(1..).unwrap_or("")),
        },
        Rule::error_char => Lexeme::Other,
        _ => Lexeme::Word(token.text()),
    })
}

impl<'a> Scanner<'a> {
    pub fn new(tree: &'a SyntaxTree) -> Scanner<'a> {
        Scanner {
            tokens: tree.tokens().collect(),
            i: 0,
            stack: Vec::new(),
            stmt: Vec::new(),
            previous_first: None,
        }
    }

    pub fn block(&self) -> Option<Block> {
        self.stack.last().copied().unwrap_or(Some(Block::Top))
    }

    /// What a word read now would be.
    pub fn role(&self) -> Role<'a> {
        role_of(self.block(), &self.stmt, Inside::Code)
    }

    fn context(self, inside: Inside) -> Context<'a> {
        Context {
            block: self.block(),
            stmt: self.stmt,
            inside,
        }
    }

    /// The next lexeme with its span, without consuming it; `None` at the end of the text.
    pub fn peek(&mut self) -> Option<(Lexeme<'a>, Span)> {
        while let Some(token) = self.tokens.get(self.i).copied() {
            match lexeme(token) {
                Some(l) => return Some((l, token.span())),
                None => self.i += 1,
            }
        }
        None
    }

    /// Consumes the lexeme returned by [`Scanner::peek`], updating blocks and the statement.
    pub fn advance(&mut self, lexeme: Lexeme<'a>, span: Span) {
        self.i += 1;
        match lexeme {
            // After a comma the list goes on on the next line.
            Lexeme::LineEnd if matches!(self.stmt.last(), Some(Tok::Comma)) => {}
            Lexeme::LineEnd | Lexeme::Semicolon => {
                end_statement(&mut self.stmt, &mut self.previous_first)
            }
            Lexeme::Comment => {}
            Lexeme::Str { .. } => self.stmt.push(Tok::Str(span)),
            Lexeme::Open => {
                let first = match self.stmt.first() {
                    Some(Tok::Word(w, _)) => Some(*w),
                    None => self.previous_first,
                    _ => None,
                };
                let block = first.and_then(|w| child(self.block(), w));
                self.stack.push(block);
                self.stmt.clear();
                self.previous_first = None;
            }
            Lexeme::Close => {
                self.stack.pop();
                self.stmt.clear();
                self.previous_first = None;
            }
            Lexeme::Comma => self.stmt.push(Tok::Comma),
            Lexeme::Word(word) => {
                if self.stmt.is_empty() {
                    recover(&mut self.stack, word);
                }
                self.stmt.push(Tok::Word(word, span));
            }
            Lexeme::Other => self.stmt.push(Tok::Other),
        }
    }
}

/// The context of the position `offset` (a byte offset into `text`).
pub fn at(tree: &SyntaxTree, offset: usize) -> Context<'_> {
    let offset = offset.min(tree.text().len());
    let mut scanner = Scanner::new(tree);
    while let Some((lexeme, span)) = scanner.peek() {
        if span.start >= offset {
            break;
        }
        match lexeme {
            Lexeme::Comment if offset <= span.end => return scanner.context(Inside::Comment),
            Lexeme::Str { closed } if offset < span.end || (!closed && offset == span.end) => {
                return scanner.context(Inside::String);
            }
            // The word the position is in is not part of the context.
            Lexeme::Word(_) if span.end > offset => break,
            _ => {}
        }
        scanner.advance(lexeme, span);
    }
    scanner.context(Inside::Code)
}

/// The grammar's recovery for unclosed blocks: a top-level keyword at the start of a
/// statement ends every open block; a backend keyword ends an open handler block.
fn recover(stack: &mut Vec<Option<Block>>, word: &str) {
    // `backend "<url>"` is a statement of a `profile` block as well as a declaration.
    let allowed_here = matches!(stack.last(), Some(Some(b)) if b.allows(word));
    if Block::Top.allows(word) && !allowed_here {
        stack.clear();
    } else if Block::Backend.allows(word)
        && matches!(
            stack.last(),
            Some(Some(
                Block::Endpoint | Block::On | Block::Job | Block::Public | Block::OauthCallback
            ))
        )
    {
        stack.pop();
    }
}

/// Ends a statement, remembering its first word for a `{` on the next line.
fn end_statement<'a>(stmt: &mut Vec<Tok<'a>>, previous_first: &mut Option<&'a str>) {
    if let Some(Tok::Word(w, _)) = stmt.first() {
        *previous_first = Some(*w);
    } else if !stmt.is_empty() {
        *previous_first = None;
    }
    stmt.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str) -> (Option<Block>, Vec<String>, Inside) {
        let tree = SyntaxTree::parse(text);
        let c = at(&tree, text.len());
        let w = c.words().iter().map(|s| s.to_string()).collect();
        (c.block, w, c.inside)
    }

    #[test]
    fn blocks_and_statements() {
        assert_eq!(ctx("").0, Some(Block::Top));
        assert_eq!(ctx("app \"x\" {\n  ").0, Some(Block::App));
        assert_eq!(
            ctx("view A on settings {\n  calls customers.retrieve, ").1,
            vec!["calls", "customers.retrieve"]
        );
        assert_eq!(
            ctx("backend \"https://a.example\" {\n on a.b {\n").0,
            Some(Block::On)
        );
        // An unclosed handler block ends at the next backend statement.
        assert_eq!(
            ctx("backend \"u\" {\n on a.b {\n calls x\n endpoint e {\n").0,
            Some(Block::Endpoint)
        );
        // An unclosed block ends at the next top-level declaration.
        assert_eq!(
            ctx("app \"x\" {\nview A on settings {\n").0,
            Some(Block::View)
        );
        assert_eq!(ctx("view A on settings\n{\n").0, Some(Block::View));
        assert_eq!(ctx("app \"x\" { // c").2, Inside::Comment);
        assert_eq!(ctx("app \"x").2, Inside::String);
        assert_eq!(ctx("on a, \n  ").1, vec!["on", "a"]);
    }

    #[test]
    fn a_public_route_declares_a_name_of_the_endpoints_namespace() {
        let role_is = |text: &str, expected: Role<'_>| {
            let tree = SyntaxTree::parse(text);
            at(&tree, text.len()).role() == expected
        };
        let backend = "backend \"https://a.example\" {\n";
        let endpoint = Role::Declares(Symbol::Endpoint);
        assert!(role_is(&format!("{backend}  endpoint "), endpoint));
        assert!(role_is(&format!("{backend}  public "), endpoint));
        assert!(role_is(
            &format!("{backend}  public hook "),
            Role::Value("public")
        ));
    }
}
