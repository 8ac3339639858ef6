//! A file's text as pmlint sees it: decoded, without its byte-order mark, lone carriage returns
//! read as line feeds, with a line index that turns byte offsets into 1-based lines and
//! character columns.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

const BOM: &str = "\u{feff}";

/// How a file is read: Markdown, or plain text with `Heading:` label lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    PlainText,
}

impl Format {
    /// `.txt` files are plain text; everything else (`.md`, `.markdown`, stdin) is Markdown.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".txt") {
            Format::PlainText
        } else {
            Format::Markdown
        }
    }
}

/// One input file. Spans everywhere in pmlint are byte offsets into `text`, which excludes the
/// byte-order mark; `bom_len` turns them back into offsets within the file on disk. `text` has
/// `\n` where the file has a lone `\r` (an old Mac line end), so every line-based reading
/// sees the lines an editor shows; the length is the same, so every offset is the file's.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: Arc<str>,
    pub bom_len: usize,
    pub format: Format,
    pub lines: LineIndex,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, contents: &str, format: Format) -> SourceFile {
        let (bom_len, body) = match contents.strip_prefix(BOM) {
            Some(rest) => (BOM.len(), rest),
            None => (0, contents),
        };
        let body = lone_cr_as_lf(body);
        SourceFile {
            path: path.into(),
            lines: LineIndex::new(&body),
            text: Arc::from(body),
            bom_len,
            format,
        }
    }

    /// The 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }
}

/// `text` with each `\r` that no `\n` follows made a `\n`.
fn lone_cr_as_lf(text: &str) -> Cow<'_, str> {
    let lone = |at: usize| text.as_bytes().get(at + 1) != Some(&b'\n');
    if !text.match_indices('\r').any(|(at, _)| lone(at)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (at, _) in text.match_indices('\r').filter(|&(at, _)| lone(at)) {
        out.push_str(&text[from..at]);
        out.push('\n');
        from = at + 1;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Byte offsets where each line starts. Built once per file; every lookup is a binary search,
/// so rendering thousands of diagnostics never rescans the text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// On long lines, a byte offset about every `MARK_EVERY` bytes with the characters before
    /// it on its line, so a column is never counted from the start of a long line.
    marks: Vec<(usize, usize)>,
}

const MARK_EVERY: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut marks = Vec::new();
        let ends = starts
            .iter()
            .skip(1)
            .copied()
            .chain(std::iter::once(text.len()));
        for (&start, end) in starts.iter().zip(ends) {
            let (mut at, mut chars) = (start, 0);
            while end - at > MARK_EVERY {
                let next = (at + MARK_EVERY..end)
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(end);
                chars += text[at..next].chars().count();
                at = next;
                marks.push((at, chars));
            }
        }
        LineIndex { starts, marks }
    }

    /// The 0-based line that holds `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte range of a 0-based line, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        if text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end -= 1;
        }
        start..end
    }

    /// Byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let (from, before) = self.marks[..self.marks.partition_point(|(at, _)| *at <= offset)]
            .last()
            .filter(|(at, _)| *at >= start)
            .copied()
            .unwrap_or((start, 0));
        let column = before + text[from..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_skip_the_bom() {
        let file = SourceFile::new("a.md", "\u{feff}é x\r\nWTC here\n", Format::Markdown);
        assert_eq!(file.bom_len, 3);
        let x = file.text.find('x').unwrap();
        assert_eq!(file.position(x), Position { line: 1, column: 3 });
        let wtc = file.text.find("WTC").unwrap();
        assert_eq!(file.position(wtc), Position { line: 2, column: 1 });
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let contents = "\u{feff}# Old\r\rWTC\r\nnext\r\r\nlast\r";
        let file = SourceFile::new("a.md", contents, Format::Markdown);
        assert_eq!(&*file.text, "# Old\n\nWTC\r\nnext\n\r\nlast\n");
        assert_eq!(file.text.len() + file.bom_len, contents.len());
        let wtc = file.text.find("WTC").unwrap();
        assert_eq!(file.position(wtc), Position { line: 3, column: 1 });
        let last = file.text.find("last").unwrap();
        assert_eq!(file.position(last), Position { line: 6, column: 1 });
        let plain = SourceFile::new("b.md", "a\r\nb\n", Format::Markdown);
        assert_eq!(&*plain.text, "a\r\nb\n");
    }

    #[test]
    fn columns_on_long_lines_count_from_the_marks() {
        let line = "é WTC ".repeat(1000);
        let text = format!("first\n{line}\n{line}");
        let index = LineIndex::new(&text);
        assert!(!index.marks.is_empty());
        for offset in (0..=text.len()).step_by(7) {
            let offset = floor_char_boundary(&text, offset);
            let line = index.line_of(offset);
            let counted = text[index.line_start(line)..offset].chars().count() + 1;
            assert_eq!(index.position(&text, offset).column, counted, "{offset}");
        }
    }

    #[test]
    fn line_ranges_drop_crlf() {
        let text = "one\r\ntwo\nthree";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_range(text, 0)], "one");
        assert_eq!(&text[index.line_range(text, 1)], "two");
        assert_eq!(&text[index.line_range(text, 2)], "three");
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::from_path("pm/seed.TXT"), Format::PlainText);
        assert_eq!(Format::from_path("pm/seed.md"), Format::Markdown);
        assert_eq!(Format::from_path("-"), Format::Markdown);
    }
}
