//! The first parsing step: which lines of a file are headings, prose, or table rows, and
//! which byte ranges (code, HTML, front matter) must never be read for times.
//!
//! Markdown goes through pulldown-cmark once; plain text is read line by line. Both produce
//! the same [`Layout`], so everything after this step is format-blind.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::labels::{Label, label_of};
use super::loose_headings::{read_html_block, unspaced_atx};
use crate::source::{Format, LineIndex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Heading { level: u8 },
    Text,
    TableRow { header: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The whole line, without its line ending.
    pub span: Range<usize>,
    /// The text after list and quote markers; a heading's title.
    pub content: Range<usize>,
    pub kind: LineKind,
    /// The line starts a list item.
    pub list_item: bool,
    pub quoted: bool,
    /// Lines of one paragraph share a block number, so a sentence can run across them.
    pub block: usize,
    /// Table cells, trimmed.
    pub cells: Vec<Range<usize>>,
    /// The label a prose line starts with (`Impact:`, `**Timeline:**`).
    pub label: Option<Label>,
}

impl Line {
    /// A prose line: its content follows the quote and list markers, and its label is read
    /// here, once. Hashes run into a known title (`###Prevention`) make it a heading.
    fn text(text: &str, span: Range<usize>, list_item: bool, quoted: bool, block: usize) -> Line {
        let content = content_of(text, &span, list_item);
        if !list_item
            && !quoted
            && text[content.clone()].starts_with('#')
            && let Some((title, level)) = unspaced_atx(text, &content)
        {
            return Line::heading(span, title, level, block);
        }
        Line {
            label: label_of(text, &content),
            content,
            span,
            kind: LineKind::Text,
            list_item,
            quoted,
            block,
            cells: Vec::new(),
        }
    }

    fn heading(span: Range<usize>, title: Range<usize>, level: u8, block: usize) -> Line {
        Line {
            content: title,
            span,
            kind: LineKind::Heading { level },
            list_item: false,
            quoted: false,
            block,
            cells: Vec::new(),
            label: None,
        }
    }
}

impl Layout {
    /// What the timestamp grammar skips: [`skip`](Self::skip) less the front matter's YAML,
    /// whose dates are read in the same pass as the body's so that both settle one date order
    /// (`start: 24/10/2024` makes the body's `05/11/2024` 5 November).
    pub fn grammar_skip(&self) -> Vec<Range<usize>> {
        let Some(front) = &self.front_matter else {
            return self.skip.clone();
        };
        self.skip
            .iter()
            .flat_map(|r| {
                if r.contains(&front.start) {
                    vec![r.start..front.start, front.end..r.end]
                } else {
                    vec![r.clone()]
                }
            })
            .filter(|r| !r.is_empty())
            .collect()
    }
}

#[derive(Debug, Default)]
pub struct Layout {
    pub lines: Vec<Line>,
    /// Sorted, disjoint ranges never read for times: code, HTML, front matter.
    pub skip: Vec<Range<usize>>,
    /// The YAML inside front matter that opens the file.
    pub front_matter: Option<Range<usize>>,
    /// Where HTML comments may stand: HTML blocks and inline HTML in Markdown, the whole of a
    /// plain-text file.
    pub html: Vec<Range<usize>>,
}

pub fn layout(text: &str, index: &LineIndex, format: Format) -> Layout {
    match format {
        Format::Markdown => markdown(text, index),
        Format::PlainText => plain_text(text, index),
    }
}

static MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:>[ \t]?)*[ \t]*").expect("quote marker pattern compiles")
});
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+•]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
        .expect("list marker pattern compiles")
});

/// The content of a line after quote and (for an item's first line) list markers.
fn content_of(text: &str, span: &Range<usize>, list_item: bool) -> Range<usize> {
    let line = &text[span.clone()];
    let mut start = MARKERS.find(line).map_or(0, |m| m.end());
    if list_item && let Some(m) = LIST_MARKER.find(&line[start..]) {
        start += m.end();
    }
    let end = line.trim_end().len().max(start);
    span.start + start..span.start + end
}

/// `---` front matter, recognised only where it opens the file (pulldown-cmark would take any
/// `---` pair anywhere as metadata and hide the text between).
pub(super) fn front_matter(text: &str, index: &LineIndex) -> Option<(Range<usize>, usize)> {
    if index.line_count() < 2 || &text[index.line_range(text, 0)] != "---" {
        return None;
    }
    (1..index.line_count()).find_map(|line| {
        let range = index.line_range(text, line);
        matches!(&text[range.clone()], "---" | "...").then(|| {
            let inner = index.line_start(1)..index.line_start(line);
            let end = if line + 1 < index.line_count() {
                index.line_start(line + 1)
            } else {
                text.len()
            };
            (inner, end)
        })
    })
}

/// A heading whose title is still being read.
struct OpenHeading {
    level: u8,
    span: Range<usize>,
    title: Option<Range<usize>>,
}

/// A table row whose cells are still being read.
struct OpenRow {
    header: bool,
    span: Range<usize>,
    cells: Vec<Range<usize>>,
}

/// State of one pass over pulldown-cmark's events.
#[derive(Default)]
struct Walk {
    heading: Option<OpenHeading>,
    row: Option<OpenRow>,
    in_table_head: bool,
    /// Inside a code or HTML block, whose text is never prose.
    in_raw_block: bool,
    /// Where the open HTML block's Markdown tail starts.
    html_tail: Option<usize>,
    quotes: Vec<Range<usize>>,
    item_lines: Vec<usize>,
    /// Source lines that hold prose, with their paragraph number.
    text_lines: Vec<(usize, usize)>,
    block: usize,
}

impl Walk {
    /// Inline text extends a heading's title or marks the source lines it covers as prose.
    /// Text inside table cells belongs to the row.
    fn inline(&mut self, index: &LineIndex, range: Range<usize>) {
        if let Some(heading) = self.heading.as_mut() {
            heading.title = Some(match heading.title.take() {
                Some(t) => t.start.min(range.start)..t.end.max(range.end),
                None => range,
            });
            return;
        }
        if self.row.is_some() || self.in_raw_block || range.is_empty() {
            return;
        }
        let first = index.line_of(range.start);
        let last = index.line_of(range.end - 1);
        let block = self.block;
        self.text_lines
            .extend((first..=last).map(|line| (line, block)));
    }
}

fn markdown(text: &str, index: &LineIndex) -> Layout {
    let mut out = Layout {
        lines: Vec::with_capacity(index.line_count()),
        ..Layout::default()
    };
    let body_start = match front_matter(text, index) {
        Some((inner, end)) => {
            out.front_matter = Some(inner);
            out.skip.push(0..end);
            end
        }
        None => 0,
    };
    let mut walk = Walk::default();
    // An HTML block's Markdown tail (see `loose_headings`) is parsed on its own, after.
    let mut parts: Vec<Range<usize>> = Vec::new();
    parts.push(body_start..text.len());
    while let Some(part) = parts.pop() {
        read_events(text, index, part, &mut out, &mut walk, &mut parts);
    }

    walk.text_lines.sort_unstable();
    walk.text_lines.dedup_by_key(|(line, _)| *line);
    // The furthest any of the first n quotes reaches, to tell in one binary search whether a
    // line overlaps a quote.
    walk.quotes.sort_by_key(|q| q.start);
    let reach: Vec<usize> = walk
        .quotes
        .iter()
        .scan(0, |furthest, q| {
            *furthest = q.end.max(*furthest);
            Some(*furthest)
        })
        .collect();
    for (line, block) in walk.text_lines {
        let span = index.line_range(text, line);
        let list_item = walk.item_lines.binary_search(&line).is_ok();
        let opened = walk.quotes.partition_point(|q| q.start < span.end);
        let quoted = opened
            .checked_sub(1)
            .is_some_and(|last| reach[last] > span.start);
        out.lines
            .push(Line::text(text, span, list_item, quoted, block));
    }
    out.lines.sort_by_key(|line| line.span.start);
    out.skip.sort_by_key(|r| r.start);
    out.skip = merge(out.skip);
    out
}

/// Reads pulldown-cmark's events for `part` of the text into `out`; an HTML block's Markdown
/// tail is pushed onto `parts` to be read the same way.
fn read_events(
    text: &str,
    index: &LineIndex,
    part: Range<usize>,
    out: &mut Layout,
    walk: &mut Walk,
    parts: &mut Vec<Range<usize>>,
) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let parser = Parser::new_ext(&text[part.clone()], options).into_offset_iter();
    for (event, range) in parser {
        let range = clamp(text, range.start + part.start..range.end + part.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                walk.heading = Some(OpenHeading {
                    level: level as u8,
                    span: range,
                    title: None,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(OpenHeading {
                    level,
                    span,
                    title: Some(title),
                }) = walk.heading.take()
                {
                    out.lines.push(Line::heading(
                        trim_line_end(text, span),
                        title,
                        level,
                        walk.block,
                    ));
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                walk.in_raw_block = true;
                out.skip.push(range);
            }
            Event::Start(Tag::HtmlBlock) => {
                walk.in_raw_block = true;
                html_block(text, index, range, out, walk, parts);
            }
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => {
                walk.in_raw_block = false;
                walk.html_tail = None;
            }
            // Lines of an HTML block's Markdown tail are read when the tail is parsed.
            Event::Html(_) if walk.html_tail.is_some_and(|tail| range.start >= tail) => {}
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => {
                if matches!(event, Event::InlineHtml(_)) {
                    out.html.push(range.clone());
                }
                out.skip.push(range.clone());
                walk.inline(index, range);
            }
            Event::Text(_) => walk.inline(index, range),
            Event::Start(Tag::TableHead) => {
                walk.in_table_head = true;
                walk.row = Some(OpenRow {
                    header: true,
                    span: range,
                    cells: Vec::new(),
                });
            }
            Event::Start(Tag::TableRow) => {
                walk.row = Some(OpenRow {
                    header: walk.in_table_head,
                    span: range,
                    cells: Vec::new(),
                });
            }
            Event::Start(Tag::TableCell) => {
                if let Some(row) = walk.row.as_mut() {
                    row.cells.push(trim_cell(text, range));
                }
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                walk.in_table_head = false;
                if let Some(row) = walk.row.take() {
                    let span = trim_line_end(text, row.span);
                    out.lines.push(Line {
                        content: span.clone(),
                        span,
                        kind: LineKind::TableRow { header: row.header },
                        list_item: false,
                        quoted: false,
                        block: walk.block,
                        cells: row.cells,
                        label: None,
                    });
                }
            }
            Event::Start(Tag::BlockQuote(_)) => walk.quotes.push(range),
            Event::Start(Tag::Item) => {
                walk.block += 1;
                walk.item_lines.push(index.line_of(range.start));
            }
            Event::Start(Tag::Paragraph) => walk.block += 1,
            _ => {}
        }
    }
}

/// An HTML block is never read for times, but `<h2>` lines in it are headings (their titles
/// are read), and from an ATX heading line on it is Markdown its author meant.
fn html_block(
    text: &str,
    index: &LineIndex,
    range: Range<usize>,
    out: &mut Layout,
    walk: &mut Walk,
    parts: &mut Vec<Range<usize>>,
) {
    let reading = read_html_block(text, index, &range);
    let end = reading.markdown_from.unwrap_or(range.end);
    if let Some(tail) = reading.markdown_from {
        walk.html_tail = Some(tail);
        parts.push(tail..range.end);
    }
    out.html.push(range.start..end);
    let mut from = range.start;
    for (span, title, level) in reading.headings {
        walk.block += 1;
        if from < title.start {
            out.skip.push(from..title.start);
        }
        from = title.end;
        out.lines
            .push(Line::heading(span, title, level, walk.block));
    }
    if from < end {
        out.skip.push(from..end);
    }
}

fn plain_text(text: &str, index: &LineIndex) -> Layout {
    static UNDERLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[ \t]*(?:={3,}|-{3,})[ \t]*$").expect("underline pattern compiles")
    });
    static ATX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$").expect("ATX pattern compiles")
    });

    let mut out = Layout {
        html: std::iter::once(0..text.len()).collect(),
        lines: Vec::with_capacity(index.line_count()),
        ..Layout::default()
    };
    let mut block = 0usize;
    let mut previous_open = false;
    let mut line = 0;
    while line < index.line_count() {
        let span = index.line_range(text, line);
        let raw = &text[span.clone()];
        line += 1;
        if raw.trim().is_empty() {
            previous_open = false;
            continue;
        }
        let next = (line < index.line_count()).then(|| index.line_range(text, line));
        if let Some(next) =
            next.filter(|n| UNDERLINE.is_match(&text[n.clone()]) && !UNDERLINE.is_match(raw))
        {
            let level = if text[next].trim_start().starts_with('=') {
                1
            } else {
                2
            };
            block += 1;
            out.lines.push(setext_heading(text, span, level, block));
            line += 1;
            previous_open = false;
            continue;
        }
        if let Some(caps) = ATX.captures(raw) {
            let title = caps.get(2).expect("group 2 always matches");
            block += 1;
            let title = span.start + title.start()..span.start + title.end();
            out.lines
                .push(Line::heading(span, title, caps[1].len() as u8, block));
            previous_open = false;
            continue;
        }
        let trimmed = raw.trim_start();
        let list_item = LIST_MARKER.is_match(trimmed);
        // A hard-wrapped sentence continues on the next line in lower case.
        let continues =
            previous_open && !list_item && trimmed.starts_with(|c: char| c.is_lowercase());
        if !continues {
            block += 1;
        }
        previous_open = !raw.trim_end().ends_with(['.', '!', '?', ':']);
        let quoted = trimmed.starts_with('>');
        out.lines
            .push(Line::text(text, span, list_item, quoted, block));
    }
    out
}

/// A setext heading's title: its line without surrounding white space.
fn setext_heading(text: &str, span: Range<usize>, level: u8, block: usize) -> Line {
    let raw = &text[span.clone()];
    let start = span.start + raw.len() - raw.trim_start().len();
    let title = start..span.start + raw.trim_end().len();
    Line::heading(span, title, level, block)
}

fn trim_line_end(text: &str, span: Range<usize>) -> Range<usize> {
    let trimmed = text[span.clone()].trim_end_matches(['\n', '\r']);
    span.start..span.start + trimmed.len()
}

fn trim_cell(text: &str, span: Range<usize>) -> Range<usize> {
    let cell = &text[span.clone()];
    let inner = cell.trim_matches(|c: char| c == '|' || c.is_whitespace());
    let start = span.start + cell.find(inner).unwrap_or(0);
    start..start + inner.len()
}

/// pulldown-cmark's ranges are byte offsets; make sure every one is in bounds and on a char
/// boundary before anything slices with it.
fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let start = crate::source::floor_char_boundary(text, range.start);
    let end = crate::source::floor_char_boundary(text, range.end).max(start);
    start..end
}

fn merge(ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(text: &str, format: Format) -> (Layout, Vec<(LineKind, String)>) {
        let index = LineIndex::new(text);
        let layout = layout(text, &index, format);
        let summary = layout
            .lines
            .iter()
            .map(|l| (l.kind, text[l.content.clone()].to_string()))
            .collect();
        (layout, summary)
    }

    #[test]
    fn markdown_headings_lists_tables_and_code() {
        let text = "# Title\n\nSetext\n------\n\n- **14:00 UTC** - paged\n- 14:05 - rolled back\n\n| Time | Event |\n| --- | --- |\n| 2021-03-31 12:06 | alert |\n\n```\n14:00 log line\n```\n\n> quoted 15:00\n";
        let (layout, lines) = lay(text, Format::Markdown);
        assert_eq!(lines[0], (LineKind::Heading { level: 1 }, "Title".into()));
        assert_eq!(lines[1], (LineKind::Heading { level: 2 }, "Setext".into()));
        assert_eq!(lines[2], (LineKind::Text, "**14:00 UTC** - paged".into()));
        assert!(layout.lines[2].list_item);
        assert_eq!(lines[4].0, LineKind::TableRow { header: true });
        let row = &layout.lines[5];
        assert_eq!(&text[row.cells[0].clone()], "2021-03-31 12:06");
        assert!(layout.lines.last().unwrap().quoted);
        let code = text.find("14:00 log").unwrap();
        assert!(layout.skip.iter().any(|r| r.contains(&code)));
    }

    #[test]
    fn code_and_html_blocks_hold_no_prose_and_nested_quotes_are_quoted() {
        let text = "# T\n\n```\nRoot cause: none\n```\n\n<div>\ncomplete outage\n</div>\n\n- item\n  > 14:01 quoted log line\n";
        let (layout, lines) = lay(text, Format::Markdown);
        assert!(
            !lines
                .iter()
                .any(|(_, t)| t.contains("Root cause") || t.contains("complete outage"))
        );
        let quote = layout
            .lines
            .iter()
            .find(|l| text[l.span.clone()].contains("quoted"))
            .unwrap();
        assert!(quote.quoted);
    }

    #[test]
    fn front_matter_only_at_the_start() {
        let text =
            "---\nstart: 2023-01-01T10:00Z\n---\n# Title\n\nIntro.\n\n---\nowner: sre\n---\n";
        let (layout, lines) = lay(text, Format::Markdown);
        assert_eq!(
            &text[layout.front_matter.clone().unwrap()],
            "start: 2023-01-01T10:00Z\n"
        );
        assert!(lines.iter().any(|(_, t)| t == "Intro."));
        assert!(lines.iter().any(|(_, t)| t == "owner: sre"));
    }

    #[test]
    fn plain_text_labels_stay_text_and_underlines_make_headings() {
        let text = "Timeline:\nMay 10, 2023, 14:00 WTC: detected\n\nSummary\n=======\nAll fine.\n";
        let (_, lines) = lay(text, Format::PlainText);
        assert_eq!(lines[0], (LineKind::Text, "Timeline:".into()));
        assert_eq!(lines[2], (LineKind::Heading { level: 1 }, "Summary".into()));
    }

    #[test]
    fn crlf_lines_have_no_carriage_return() {
        let text = "# T\r\n\r\nImpact: all users\r\n";
        let (_, lines) = lay(text, Format::Markdown);
        assert_eq!(lines[1].1, "Impact: all users");
    }
}
