//! The one place where LSP positions and byte offsets meet (Taplo's `Mapper`). Every handler
//! converts through a [`Mapper`]; the arithmetic itself lives in [`crate::text::LineIndex`].
//!
//! LSP counts columns in UTF-16 code units unless the client offers `utf-8` in
//! `general.positionEncodings`; the encoding is chosen once, at `initialize`.

use crate::ast::Span;
use crate::text::{ColumnUnit, LineIndex, Position as TextPosition};
use lsp_types::{ClientCapabilities, Position, PositionEncodingKind, Range};

/// The position encoding for a client: UTF-8 when it offers it, else UTF-16 (the LSP default,
/// which every client must support).
pub fn negotiate(caps: &ClientCapabilities) -> (ColumnUnit, PositionEncodingKind) {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
        (ColumnUnit::Utf8, PositionEncodingKind::UTF8)
    } else {
        (ColumnUnit::Utf16, PositionEncodingKind::UTF16)
    }
}

/// Converts between byte offsets into one text and LSP positions in the negotiated unit.
#[derive(Clone, Copy)]
pub struct Mapper<'a> {
    text: &'a str,
    index: &'a LineIndex,
    unit: ColumnUnit,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Mapper<'a> {
    /// `index` must be the line index of `text`.
    pub fn new(text: &'a str, index: &'a LineIndex, unit: ColumnUnit) -> Mapper<'a> {
        Mapper { text, index, unit }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The column unit positions are in.
    pub fn unit(&self) -> ColumnUnit {
        self.unit
    }

    /// The LSP position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let p = self.index.position(self.text, offset, self.unit);
        Position::new(to_u32(p.line), to_u32(p.column))
    }

    /// The LSP range of a span.
    pub fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start),
            self.position(span.end.max(span.start)),
        )
    }

    /// The byte offset of an LSP position. A column past the end of its line means the end of
    /// the line, a line past the last one the end of the text, and a column inside a UTF-16
    /// surrogate pair or a UTF-8 sequence the start of that character.
    pub fn offset(&self, pos: Position) -> usize {
        let p = TextPosition {
            line: pos.line as usize,
            column: pos.character as usize,
        };
        self.index.offset(self.text, p, self.unit)
    }

    /// The span of an LSP range (a reversed range is put in order).
    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }
}
