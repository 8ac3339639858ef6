//! A miette source that finds lines through the file's line index. miette's own `[u8]` source
//! scans from the start of the file for every label, which is quadratic on large files; this
//! one hands miette only the few lines around each span. A file with control characters is
//! shown as a copy with them escaped, so spans go through [`IndexedSource::span`].

use std::borrow::Cow;
use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::escape::{self, Escaped};
use crate::source::{LineIndex, SourceFile, floor_char_boundary};

pub struct IndexedSource<'a> {
    file: &'a SourceFile,
    name: Cow<'a, str>,
    /// The text with its control characters escaped and its line index, when it has any.
    escaped: Option<(Escaped, LineIndex)>,
}

impl<'a> IndexedSource<'a> {
    pub fn new(file: &'a SourceFile) -> IndexedSource<'a> {
        let escaped = Escaped::new(&file.text).map(|escaped| {
            let lines = LineIndex::new(&escaped.text);
            (escaped, lines)
        });
        IndexedSource {
            file,
            name: escape::controls(&file.path, true),
            escaped,
        }
    }

    /// A span of the file as miette must be given it.
    pub fn span(&self, span: &Range<usize>) -> Range<usize> {
        match &self.escaped {
            Some((escaped, _)) => escaped.offset(span.start)..escaped.offset(span.end),
            None => span.clone(),
        }
    }
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let (text, lines): (&str, _) = match &self.escaped {
            Some((escaped, lines)) => (&escaped.text, lines),
            None => (&self.file.text, &self.file.lines),
        };
        if span.offset() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let start = floor_char_boundary(text, span.offset());
        let end = floor_char_boundary(text, span.offset() + span.len()).max(start);
        let first_line = lines.line_of(start);
        let last_line = lines.line_of(end.saturating_sub(1).max(start));
        let window_first = first_line.saturating_sub(context_lines_before);
        let window_last = (last_line + context_lines_after).min(lines.line_count() - 1);
        let window_start = lines.line_start(window_first);
        let window_end = if window_last + 1 < lines.line_count() {
            lines.line_start(window_last + 1)
        } else {
            text.len()
        };
        let window = &text.as_bytes()[window_start..window_end];
        let local = SourceSpan::new((start - window_start).into(), end - start);
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let column = lines.position(text, start).column - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + window_start).into(),
                inner.span().len(),
            ),
            inner.line() + window_first,
            column,
            // miette counts the newlines from the start of the input, not within the snippet,
            // and compares that count when it merges nearby snippets; match it exactly.
            inner.line_count() + window_first,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    #[test]
    fn reads_the_same_lines_as_miette_with_absolute_offsets() {
        let text = "zero\none\ntwo WTC\nthree\nfour\n";
        let file = SourceFile::new("x.md", text, Format::Markdown);
        let source = IndexedSource::new(&file);
        let wtc = text.find("WTC").unwrap();
        let span = SourceSpan::new(wtc.into(), 3);
        let ours = source.read_span(&span, 1, 1).unwrap();
        let theirs = text.as_bytes().read_span(&span, 1, 1).unwrap();
        assert_eq!(ours.data(), theirs.data());
        assert_eq!(ours.span(), theirs.span());
        assert_eq!(ours.line(), theirs.line());
        assert_eq!(ours.line_count(), theirs.line_count());
        assert_eq!(ours.name(), Some("x.md"));
    }

    #[test]
    fn columns_count_characters() {
        let text = "é WTC\n";
        let file = SourceFile::new("x.md", text, Format::Markdown);
        let source = IndexedSource::new(&file);
        let span = SourceSpan::new(text.find("WTC").unwrap().into(), 3);
        assert_eq!(source.read_span(&span, 0, 0).unwrap().column(), 2);
    }
}
