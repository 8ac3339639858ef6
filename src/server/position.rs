//! Byte offsets to LSP positions and back. A position's character counts UTF-16 code units
//! unless the client offered another encoding at initialisation (LSP 3.17).

use std::ops::Range;

use lsp_types::{Position, PositionEncodingKind};

use crate::source::floor_char_boundary;

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

/// Where each line of one open document starts, as the client counts lines: `\n`, `\r\n` and
/// a lone `\r` all end one. Long lines carry marks, so converting the positions of thousands
/// of findings on one long line never rescans it from its start.
#[derive(Debug)]
pub struct Lines {
    starts: Vec<usize>,
    /// A byte offset about every `MARK_EVERY` bytes of a line, with the units before it on its
    /// line.
    marks: Vec<(usize, usize)>,
    encoding: Encoding,
}

const MARK_EVERY: usize = 256;

impl Lines {
    pub fn new(text: &str, encoding: Encoding) -> Lines {
        let mut starts = vec![0];
        let mut marks = Vec::new();
        let (mut units, mut last_mark) = (0, 0);
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if at - last_mark >= MARK_EVERY {
                marks.push((at, units));
                last_mark = at;
            }
            let line_break = match c {
                '\n' => true,
                '\r' => chars.peek().is_none_or(|(_, next)| *next != '\n'),
                _ => false,
            };
            if line_break {
                starts.push(at + 1);
                (units, last_mark) = (0, at + 1);
            } else {
                units += encoding.units(c);
            }
        }
        Lines {
            starts,
            marks,
            encoding,
        }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.starts[line];
        let mark = self.marks.partition_point(|&(at, _)| at <= offset);
        let (from, before) = match mark.checked_sub(1).map(|m| self.marks[m]) {
            Some((at, units)) if at >= line_start => (at, units),
            _ => (line_start, 0),
        };
        let character: usize = before
            + text[from..offset]
                .chars()
                .map(|c| self.encoding.units(c))
                .sum::<usize>();
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
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = text[start..next].trim_end_matches(['\r', '\n']);
        let mut units = 0;
        for (at, c) in content.char_indices() {
            units += self.encoding.units(c);
            if units > position.character as usize {
                return start + at;
            }
        }
        start + content.len()
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
    fn a_lone_carriage_return_ends_a_line() {
        let text = "# Outage\r\r- 09:00 WTC\r\nnext\n";
        let lines = Lines::new(text, Encoding::Utf16);
        let at = text.find("WTC").unwrap();
        assert_eq!(lines.position(text, at), Position::new(2, 8));
        assert_eq!(lines.offset(text, Position::new(2, 8)), at);
        assert_eq!(
            lines.offset(text, Position::new(1, 5)),
            text.find("\r-").unwrap()
        );
        assert_eq!(
            lines.position(text, text.find("next").unwrap()),
            Position::new(3, 0)
        );
    }

    #[test]
    fn long_lines_convert_the_same_with_marks() {
        let line = "é😀 09:00 WTC, ".repeat(500);
        let text = format!("# Title\n{line}\n{line}");
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let lines = Lines::new(&text, encoding);
            for (at, _) in text.match_indices("WTC") {
                let start = text[..at].rfind('\n').unwrap() + 1;
                let expected: usize = text[start..at].chars().map(|c| encoding.units(c)).sum();
                let position = lines.position(&text, at);
                assert_eq!(
                    position.character as usize, expected,
                    "{encoding:?} at {at}"
                );
                assert_eq!(lines.offset(&text, position), at);
            }
        }
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
