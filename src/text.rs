//! Positions in source text. Spans are byte offsets; people and tools want lines and
//! columns. JSON columns count Unicode scalar values, LSP columns count UTF-16 code units
//! (or bytes when the client prefers UTF-8). All conversions live here.

use crate::ast::Span;

/// How a column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Unicode scalar values (the JSON diagnostics).
    Scalar,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Bytes (LSP `utf-8` position encoding).
    Utf8,
}

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The start offset of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Whether each line is pure ASCII: then a column is a byte difference, which keeps
    /// thousands of diagnostics on one long generated line linear.
    ascii: Vec<bool>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        let mut line_start = 0;
        // Built on every LSP edit and for every checked file: the breaks are found with
        // memchr and each line's ASCII-ness with the slice's word-at-a-time test.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // `\r\n` is one break, ended by its `\n`; a lone `\r` ends a line too (the
            // grammar's NEWLINE accepts it).
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            ascii.push(bytes[line_start..i].is_ascii());
            line_start = i + 1;
            starts.push(line_start);
        }
        ascii.push(bytes[line_start..].is_ascii());
        LineIndex {
            starts,
            ascii,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where a 0-based line starts (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// The length in bytes of the line holding `offset`.
    pub fn line_len_at(&self, text: &str, offset: usize) -> usize {
        let line = self.line_of(offset);
        self.line_end(text, line) - self.line_start(line)
    }

    /// Byte offset just past the content of a line (before its line break).
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let mut end = next;
        let bytes = text.as_bytes();
        while end > self.line_start(line) && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        end
    }

    /// The 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// 0-based line and column of a byte offset, the column counted in `unit`.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> Position {
        let offset = clamp_to_char(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        // A byte-order mark is not a column: editors do not show it.
        let start = if line == 0 && text.starts_with('\u{feff}') && offset >= 3 {
            3
        } else {
            start
        };
        if self.ascii.get(line).copied().unwrap_or(false) {
            return Position {
                line,
                column: offset - start,
            };
        }
        let prefix = text.get(start..offset).unwrap_or("");
        let column = match unit {
            ColumnUnit::Scalar => prefix.chars().count(),
            ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            ColumnUnit::Utf8 => prefix.len(),
        };
        Position { line, column }
    }

    /// The byte offset of a 0-based line and column counted in `unit`. Positions past the end
    /// of a line clamp to its end, past the last line to the end of the text (as LSP asks).
    pub fn offset(&self, text: &str, pos: Position, unit: ColumnUnit) -> usize {
        if pos.line >= self.starts.len() {
            return self.len;
        }
        let start = self.line_start(pos.line);
        let end = self.line_end(text, pos.line);
        let line = text.get(start..end).unwrap_or("");
        let mut counted = 0;
        for (i, ch) in line.char_indices() {
            if counted >= pos.column {
                return start + i;
            }
            counted += match unit {
                ColumnUnit::Scalar => 1,
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Utf8 => ch.len_utf8(),
            };
            // A column inside a character (half a surrogate pair) rounds down to it.
            if counted > pos.column {
                return start + i;
            }
        }
        end
    }

    /// 1-based line/column range of a span, columns in Unicode scalar values, end exclusive.
    pub fn range_1based(&self, text: &str, span: Span) -> (usize, usize, usize, usize) {
        let s = self.position(text, span.start, ColumnUnit::Scalar);
        let e = self.position(text, span.end.max(span.start), ColumnUnit::Scalar);
        (s.line + 1, s.column + 1, e.line + 1, e.column + 1)
    }
}

/// Moves an offset back to the nearest character boundary.
pub fn clamp_to_char(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_unit() {
        let text = "ab\nü💶x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(
            idx.position(text, x, ColumnUnit::Scalar),
            Position { line: 1, column: 2 }
        );
        assert_eq!(idx.position(text, x, ColumnUnit::Utf16).column, 3);
        assert_eq!(idx.position(text, x, ColumnUnit::Utf8).column, 6);
        for unit in [ColumnUnit::Scalar, ColumnUnit::Utf16, ColumnUnit::Utf8] {
            let p = idx.position(text, x, unit);
            assert_eq!(idx.offset(text, p, unit), x);
        }
    }

    #[test]
    fn crlf_and_lone_cr() {
        let text = "a\r\nb\rc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.line_end(text, 0), 1);
        assert_eq!(idx.position(text, 5, ColumnUnit::Scalar).line, 2);
    }

    /// The line breaks and per-line ASCII flags, found one byte at a time.
    fn reference(text: &str) -> (Vec<usize>, Vec<bool>) {
        let b = text.as_bytes();
        let (mut starts, mut ascii, mut line_ascii) = (vec![0], Vec::new(), true);
        for i in 0..b.len() {
            let ends = b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'));
            if ends {
                starts.push(i + 1);
                ascii.push(line_ascii);
                line_ascii = true;
            } else if b[i] >= 0x80 {
                line_ascii = false;
            }
        }
        ascii.push(line_ascii);
        (starts, ascii)
    }

    proptest::proptest! {
        #[test]
        fn lines_as_found_byte_by_byte(parts in proptest::collection::vec(
            proptest::sample::select(vec!["a", "\n", "\r", "\r\n", "ü", "💶", " "]), 0..40)) {
            let text = parts.concat();
            let idx = LineIndex::new(&text);
            let (starts, ascii) = reference(&text);
            proptest::prop_assert_eq!(&idx.starts, &starts);
            proptest::prop_assert_eq!(&idx.ascii, &ascii);
        }
    }
}
