//! Where a position is, read from the text alone: which block it is in and which tokens of
//! its statement come before it. Completion has to work on half-typed lines that do not parse
//! (`calls customers.`), so this is a small lexer of its own rather than a walk of the AST. It
//! follows the grammar's recovery rules: a statement continues after a comma, and an unclosed
//! block ends at the next top-level declaration (an unclosed handler block at the next
//! backend statement).

use crate::ast::Span;
use crate::syntax::keywords;

/// The kind of block a position is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Top,
    App,
    Urls,
    View,
    Backend,
    Endpoint,
    /// `on <event> { … }`
    Handler,
    Job,
    /// A block the grammar does not know (after a broken header).
    Unknown,
}

impl Block {
    /// The keywords that start a statement here.
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Block::Top => keywords::TOP,
            Block::App => keywords::APP,
            Block::Urls => keywords::URLS,
            Block::View => keywords::VIEW,
            Block::Backend => keywords::BACKEND,
            Block::Endpoint => keywords::ENDPOINT,
            Block::Handler | Block::Job => keywords::HANDLER,
            Block::Unknown => &[],
        }
    }

    /// The block a declaration opens when its `{` follows `first_word` inside `self`.
    fn child(self, first_word: &str) -> Block {
        match (self, first_word) {
            (Block::Top, "app") => Block::App,
            (Block::Top, "urls") => Block::Urls,
            (Block::Top, "view") => Block::View,
            (Block::Top, "backend") => Block::Backend,
            (Block::Backend, "endpoint") => Block::Endpoint,
            (Block::Backend, "on") => Block::Handler,
            (Block::Backend, "job") => Block::Job,
            _ => Block::Unknown,
        }
    }
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
    pub block: Block,
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

/// What the word at a position is, judged from the statement before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role<'a> {
    /// The first word of a statement: a keyword (or what should be one).
    Keyword,
    /// The name in `permission <name>`.
    PermissionName,
    /// The component in `view <Component>`.
    ViewComponent,
    /// The `on` of `view <Component> on`.
    ViewOn,
    /// The viewport in `view <Component> on <viewport>`.
    Viewport,
    /// An event of a backend `on`.
    Event,
    /// An item of `calls`.
    Call,
    /// An item of `uses`.
    Use,
    /// The name in `endpoint <name>`.
    EndpointName,
    /// The name in `job <name>`.
    JobName,
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

fn role_of<'a>(block: Block, stmt: &[Tok<'a>], inside: Inside) -> Role<'a> {
    if inside != Inside::Code {
        return Role::Other;
    }
    let word = |i: usize| match stmt.get(i) {
        Some(Tok::Word(w, _)) => Some(*w),
        _ => None,
    };
    let n = stmt.len();
    let at_list_item = n == 1 || matches!(stmt.last(), Some(Tok::Comma));
    if n == 0 {
        return Role::Keyword;
    }
    match (block, word(0)) {
        (Block::Top, Some("permission")) if n == 1 => Role::PermissionName,
        (Block::Top, Some("view")) if n == 1 => Role::ViewComponent,
        (Block::Top, Some("view")) if n == 2 && word(1).is_some() => Role::ViewOn,
        (Block::Top, Some("view")) if n == 3 && word(2) == Some("on") => Role::Viewport,
        (Block::Backend, Some("on")) if at_list_item => Role::Event,
        (Block::View | Block::Endpoint | Block::Handler | Block::Job, Some("calls"))
            if at_list_item =>
        {
            Role::Call
        }
        (Block::View, Some("uses")) if at_list_item => Role::Use,
        (Block::Backend, Some("endpoint")) if n == 1 => Role::EndpointName,
        (Block::Backend, Some("job")) if n == 1 => Role::JobName,
        (
            Block::App,
            Some(k @ ("distribution" | "api_access" | "sandbox_install" | "post_install")),
        ) if n == 1 => Role::Value(k),
        _ => Role::Other,
    }
}

/// Whether a byte may be part of a name, dotted path or number.
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

/// Reads a text front to back, one lexeme at a time, keeping track of the open blocks and
/// of the statement being read. Completion and hover stop it at a position; semantic
/// tokens run it to the end.
pub struct Scanner<'a> {
    text: &'a str,
    /// Where the next lexeme starts (after spaces).
    i: usize,
    stack: Vec<Block>,
    stmt: Vec<Tok<'a>>,
    /// The first word of the last statement, for a `{` written on the next line.
    previous_first: Option<&'a str>,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            i: 0,
            stack: Vec::new(),
            stmt: Vec::new(),
            previous_first: None,
        }
    }

    pub fn block(&self) -> Block {
        self.stack.last().copied().unwrap_or(Block::Top)
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
        let bytes = self.text.as_bytes();
        while matches!(bytes.get(self.i), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        let i = self.i;
        let b = *bytes.get(i)?;
        let (lexeme, end) = match b {
            b'\n' | b'\r' => (Lexeme::LineEnd, i + 1),
            b';' => (Lexeme::Semicolon, i + 1),
            b'{' => (Lexeme::Open, i + 1),
            b'}' => (Lexeme::Close, i + 1),
            b',' => (Lexeme::Comma, i + 1),
            b'/' if bytes.get(i + 1) == Some(&b'/') => (Lexeme::Comment, line_end(bytes, i)),
            b'"' => {
                let (end, closed) = string_end(bytes, i);
                (Lexeme::Str { closed }, end)
            }
            b if is_word_byte(b) => {
                let mut end = i;
                while bytes.get(end).copied().is_some_and(is_word_byte) {
                    end += 1;
                }
                (Lexeme::Word(self.text.get(i..end).unwrap_or("")), end)
            }
            _ => {
                let mut end = i + 1;
                while end < bytes.len() && !self.text.is_char_boundary(end) {
                    end += 1;
                }
                (Lexeme::Other, end)
            }
        };
        Some((lexeme, Span::new(i, end.min(bytes.len()))))
    }

    /// Consumes a lexeme returned by [`Scanner::peek`], updating blocks and the statement.
    pub fn advance(&mut self, lexeme: Lexeme<'a>, span: Span) {
        self.i = span.end;
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
                let block = first.map_or(Block::Unknown, |w| self.block().child(w));
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
pub fn at(text: &str, offset: usize) -> Context<'_> {
    let offset = offset.min(text.len());
    let mut scanner = Scanner::new(text);
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
fn recover(stack: &mut Vec<Block>, word: &str) {
    if keywords::TOP.contains(&word) {
        stack.clear();
    } else if keywords::BACKEND.contains(&word)
        && matches!(
            stack.last(),
            Some(Block::Endpoint | Block::Handler | Block::Job)
        )
    {
        stack.pop();
    }
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < bytes.len() && !matches!(bytes[j], b'\n' | b'\r') {
        j += 1;
    }
    j
}

/// The end of the string starting at `from` (after its closing quote), and whether it was
/// closed on its line.
fn string_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut j = from + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'"' => return (j + 1, true),
            b'\\' => j += 2,
            b'\n' | b'\r' => return (j, false),
            _ => j += 1,
        }
    }
    (bytes.len(), false)
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

    fn ctx(text: &str) -> (Block, Vec<String>, Inside) {
        let c = at(text, text.len());
        let w = c.words().iter().map(|s| s.to_string()).collect();
        (c.block, w, c.inside)
    }

    #[test]
    fn blocks_and_statements() {
        assert_eq!(ctx("").0, Block::Top);
        assert_eq!(ctx("app \"x\" {\n  ").0, Block::App);
        assert_eq!(
            ctx("view A on settings {\n  calls customers.retrieve, ").1,
            vec!["calls", "customers.retrieve"]
        );
        assert_eq!(
            ctx("backend \"https://a.example\" {\n on a.b {\n").0,
            Block::Handler
        );
        // An unclosed handler block ends at the next backend statement.
        assert_eq!(
            ctx("backend \"u\" {\n on a.b {\n calls x\n endpoint e {\n").0,
            Block::Endpoint
        );
        // An unclosed block ends at the next top-level declaration.
        assert_eq!(ctx("app \"x\" {\nview A on settings {\n").0, Block::View);
        assert_eq!(ctx("view A on settings\n{\n").0, Block::View);
        assert_eq!(ctx("app \"x\" { // c").2, Inside::Comment);
        assert_eq!(ctx("app \"x").2, Inside::String);
        assert_eq!(ctx("on a, \n  ").1, vec!["on", "a"]);
    }
}
