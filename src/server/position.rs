//! Byte offsets to LSP positions and back. A position's character counts UTF-16 code units
//! unless the client offered another encoding at initialisation (LSP 3.17).

use std::ops::Range;

use lsp_types::{Position, PositionEncodingKind};

use crate::source::{LineIndex, floor_char_boundary};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// UTF-8 where the client offers it (no conversion at all), else UTF-32, else the
    /// protocol's default, UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// One open document's text as the client sees it, with its line starts.
#[derive(Debug)]
pub struct Lines {
    index: LineIndex,
    encoding: Encoding,
}

impl Lines {
    pub fn new(text: &str, encoding: Encoding) -> Lines {
        Lines {
            index: LineIndex::new(text),
            encoding,
        }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self.index.line_of(offset);
        let start = self.index.line_start(line);
        let character: usize = text[start..offset]
            .chars()
            .map(|c| self.encoding.units(c))
            .sum();
        Position::new(saturate(line), saturate(character))
    }

    pub fn range(&self, text: &str, span: &Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of a position; one past a line's end, or past the last line, is clamped
    /// to the end, as the protocol asks, and a position inside a character to its start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.index.line_count() {
            return text.len();
        }
        let range = self.index.line_range(text, line);
        let mut units = 0;
        for (at, c) in text[range.clone()].char_indices() {
            units += self.encoding.units(c);
            if units > position.character as usize {
                return range.start + at;
            }
        }
        range.end
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a😀é WTC\r\nnext\n";

    #[test]
    fn characters_count_in_the_negotiated_encoding() {
        let at = TEXT.find("WTC").unwrap();
        for (encoding, character) in [
            (Encoding::Utf16, 5),
            (Encoding::Utf8, 8),
            (Encoding::Utf32, 4),
        ] {
            let lines = Lines::new(TEXT, encoding);
            let position = lines.position(TEXT, at);
            assert_eq!(position, Position::new(0, character), "{encoding:?}");
            assert_eq!(lines.offset(TEXT, position), at, "{encoding:?}");
        }
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let lines = Lines::new(TEXT, Encoding::Utf16);
        assert_eq!(
            lines.offset(TEXT, Position::new(0, 99)),
            TEXT.find('\r').unwrap()
        );
        assert_eq!(lines.offset(TEXT, Position::new(9, 0)), TEXT.len());
        // Inside the surrogate pair of 😀: the character's start.
        assert_eq!(lines.offset(TEXT, Position::new(0, 2)), 1);
        assert_eq!(lines.position(TEXT, 999), Position::new(2, 0));
    }

    #[test]
    fn utf8_is_preferred_then_utf32() {
        use PositionEncodingKind as Kind;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[Kind::UTF16, Kind::UTF8])),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(Some(&[Kind::UTF32, Kind::UTF16])),
            Encoding::Utf32
        );
    }
}
