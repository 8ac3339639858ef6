//! Headings CommonMark does not read as headings, though their authors meant them as such:
//! `<h2>Root cause</h2>` in an HTML block, `## Timeline` on the line after an `<img ...>` (the
//! HTML block runs on to the next blank line and swallows it), and `###Prevention` with no
//! space after the hashes.

use std::ops::Range;

use super::sections::SECTIONS;
use crate::source::LineIndex;

/// What an HTML block holds that was meant as Markdown.
#[derive(Debug, Default, PartialEq)]
pub struct HtmlBlockReading {
    /// `<hN>` lines: the line, the title between the tags, the level.
    pub headings: Vec<(Range<usize>, Range<usize>, u8)>,
    /// Where an ATX heading line starts the block's Markdown tail: that line and everything
    /// after it in the block.
    pub markdown_from: Option<usize>,
}

/// Reads the lines of the HTML block `block`. Comments, `<pre>`, `<script>`, `<style>` and
/// `<textarea>` blocks hold nothing meant as Markdown and are left alone.
pub fn read_html_block(text: &str, index: &LineIndex, block: &Range<usize>) -> HtmlBlockReading {
    let mut reading = HtmlBlockReading::default();
    let opening = text[block.clone()].trim_start().to_ascii_lowercase();
    let raw = ["<!", "<?", "<pre", "<script", "<style", "<textarea"];
    if block.is_empty() || raw.iter().any(|tag| opening.starts_with(tag)) {
        return reading;
    }
    let first = index.line_of(block.start);
    let last = index.line_of(block.end - 1);
    for line in first..=last {
        let span = index.line_range(text, line);
        let span = span.start.max(block.start)..span.end.min(block.end);
        if line > first && atx_level(&text[span.clone()]).is_some() {
            reading.markdown_from = Some(span.start);
            break;
        }
        if let Some((title, level)) = html_heading(&text[span.clone()]) {
            let title = span.start + title.start..span.start + title.end;
            reading.headings.push((span, title, level));
        }
    }
    reading
}

/// `###Prevention`: hashes run into a title that names a known section. Only a known title,
/// so `#incident-42` and `#ops` stay text.
pub fn unspaced_atx(text: &str, content: &Range<usize>) -> Option<(Range<usize>, u8)> {
    let line = &text[content.clone()];
    let hashes = line.len() - line.trim_start_matches('#').len();
    let title = line[hashes..].trim_end_matches([' ', '\t', '#']);
    let named = (1..=6).contains(&hashes)
        && title.starts_with(char::is_alphabetic)
        && !SECTIONS.classify(title, false).is_empty();
    named.then(|| {
        (
            content.start + hashes..content.start + hashes + title.len(),
            hashes as u8,
        )
    })
}

/// `## Title`: an ATX heading's level, at most three spaces in.
fn atx_level(line: &str) -> Option<u8> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
    let after = &trimmed[hashes..];
    ((1..=6).contains(&hashes) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then_some(hashes as u8)
}

/// `<h2>Root cause</h2>` or `<h3 id="x">Timeline</h3>` filling a line: the title's range in
/// the line and the level.
fn html_heading(line: &str) -> Option<(Range<usize>, u8)> {
    let trimmed = line.trim();
    let start = line.len() - line.trim_start().len();
    let bytes = trimmed.as_bytes();
    if bytes.len() < 9 || !bytes[..2].eq_ignore_ascii_case(b"<h") {
        return None;
    }
    let level = bytes[2].wrapping_sub(b'0');
    if !(1..=6).contains(&level) || !matches!(bytes[3], b'>' | b' ' | b'\t') {
        return None;
    }
    let open_end = trimmed.find('>')? + 1;
    let close = format!("</h{level}>");
    let close_at = trimmed.len().checked_sub(close.len())?;
    if close_at < open_end || !trimmed[close_at..].eq_ignore_ascii_case(&close) {
        return None;
    }
    let inner = &trimmed[open_end..close_at];
    let title_start = open_end + inner.len() - inner.trim_start().len();
    let title = start + title_start..start + title_start + inner.trim().len();
    (!inner.trim().is_empty() && !inner.contains('<')).then_some((title, level))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(text: &str) -> (Vec<(String, u8)>, Option<String>) {
        let index = LineIndex::new(text);
        let reading = read_html_block(text, &index, &(0..text.len()));
        let titles = reading
            .headings
            .iter()
            .map(|(_, title, level)| (text[title.clone()].to_string(), *level))
            .collect();
        (
            titles,
            reading.markdown_from.map(|at| text[at..].to_string()),
        )
    }

    #[test]
    fn html_headings_fill_their_line() {
        assert_eq!(
            headings("<h2>Root cause</h2>\n<H3 id=\"t\"> Timeline </H3>\n"),
            (vec![("Root cause".into(), 2), ("Timeline".into(), 3)], None)
        );
        assert_eq!(headings("<h2>Root <em>cause</em></h2>\n"), (vec![], None));
        assert_eq!(headings("<h2>Root cause</h3>\n"), (vec![], None));
        assert_eq!(headings("<hr>\n"), (vec![], None));
    }

    #[test]
    fn an_atx_line_after_an_html_line_starts_markdown() {
        let (_, tail) = headings("<img src=\"a.png\">\n## Timeline\n- 10:00 paged\n");
        assert_eq!(tail.as_deref(), Some("## Timeline\n- 10:00 paged\n"));
        assert_eq!(headings("<div>\n#hashtag\n</div>\n"), (vec![], None));
        assert_eq!(headings("<!--\n## Timeline\n-->\n"), (vec![], None));
    }

    #[test]
    fn unspaced_hashes_need_a_known_title() {
        let title = |line: &str| {
            unspaced_atx(line, &(0..line.len())).map(|(t, level)| (line[t].to_string(), level))
        };
        assert_eq!(title("###Prevention"), Some(("Prevention".into(), 3)));
        assert_eq!(title("##Root cause ##"), Some(("Root cause".into(), 2)));
        assert_eq!(title("#ops"), None);
        assert_eq!(title("#incident-42"), None);
        assert_eq!(title("####### Timeline"), None);
    }
}
