//! The unsafe fix for missing sections: a title and a `TODO` for each, at its place in the
//! usual template order, written the way the document writes its other section titles.

use std::ops::Range;

use super::title_case;
use crate::diagnostic::{Fix, Safety};
use crate::document::sections::{SECTIONS, SectionKind};
use crate::document::{Document, Section};
use crate::rules::shared::{join_and, joined_fix};
use crate::source::Format;

/// One fix adding a title and a `TODO` under it for each of `kinds`. The `TODO` keeps the
/// gap visible: a section with nothing else under its title is reported as empty.
pub fn fix(doc: &Document, kinds: &[SectionKind]) -> Option<Fix> {
    let text = doc.text();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    // The top-level sections pmlint knows: those inside another known section are its parts.
    let known: Vec<&Section> = doc
        .sections
        .iter()
        .filter(|s| !s.kinds.is_empty())
        .filter(|s| s.parent.is_none_or(|p| doc.sections[p].kinds.is_empty()))
        .collect();
    let last = known.last()?;
    let mut kinds = kinds.to_vec();
    kinds.sort();
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut titles: Vec<String> = Vec::new();
    for kind in kinds {
        let title = title_case(SECTIONS.examples(kind).first()?);
        // Before the first section that comes after this one in a template, else after the
        // last section.
        let (at, neighbour) = known
            .iter()
            .find(|s| s.kinds.iter().min().is_some_and(|first| *first > kind))
            .map_or((last.span.end, *last), |s| (s.span.start, *s));
        let (written, one_line) = written_like(doc, neighbour, &title, newline);
        let inserted = if at < text.len() {
            written
        } else {
            // At the end of the file: a blank line before a title, none after it; a label
            // line goes on the next line.
            let lead = match () {
                _ if text.is_empty() || text.ends_with("\n\n") || text.ends_with("\n\r\n") => "",
                _ if text.ends_with('\n') && one_line => "",
                _ if text.ends_with('\n') || one_line => newline,
                _ => &newline.repeat(2),
            };
            let body = written.trim_end_matches(['\r', '\n']);
            let end = if text.ends_with('\n') { newline } else { "" };
            format!("{lead}{body}{end}")
        };
        inserts.push((at, inserted));
        titles.push(format!("`{title}`"));
    }
    let edits: Vec<(Range<usize>, &str)> = inserts
        .iter()
        .map(|(at, inserted)| (*at..*at, inserted.as_str()))
        .collect();
    let title = match titles.as_slice() {
        [one] => format!("Add a section titled {one}, to fill in"),
        several => format!("Add sections titled {}, to fill in", join_and(several)),
    };
    joined_fix(text, &edits, title, Safety::Unsafe)
}

/// `title` with a `TODO` under it, written as `neighbour`'s title is: `## Root cause`,
/// `**Root cause:**`, `<h2>Root cause</h2>`, or, after a label with text on its line
/// (`Impact: users could not log in`) or a list item's title (`- **Impact**:`),
/// `Root cause: TODO` on one line, which the second value tells.
fn written_like(
    doc: &Document,
    neighbour: &Section,
    title: &str,
    newline: &str,
) -> (String, bool) {
    let text = doc.text();
    let line_start = text[..neighbour.title.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[neighbour.title.end..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| neighbour.title.end + i);
    let mut prefix = &text[line_start..neighbour.title.start];
    let suffix = &text[neighbour.title.end..line_end];
    // `## 3. Timeline`: the number belongs to that section.
    if prefix.starts_with('#') {
        prefix = &prefix[..prefix.find(|c: char| c != '#').unwrap_or(prefix.len())];
    }
    let prefix = match prefix {
        hashes if hashes.starts_with('#') => format!("{hashes} "),
        _ if prefix.contains(|c: char| c.is_alphanumeric()) && !prefix.contains('<') => {
            String::new()
        }
        other => other.to_string(),
    };
    // A list item's title (`- **Resolution**:` over its own list) gets its TODO on its line,
    // so the list stays one list.
    let marker = prefix.trim_start();
    let list_item = marker.starts_with(['-', '*', '+']) && marker[1..].starts_with(' ')
        || marker
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    match suffix.find(|c: char| c.is_alphanumeric()) {
        Some(words) if !suffix[..words].contains('<') => {
            let separator = suffix[..words].trim_end();
            (format!("{prefix}{title}{separator} TODO{newline}"), true)
        }
        // `- **Summary**` over a nested list is a title only with a colon when text follows.
        _ if list_item => {
            let colon = if suffix.contains(':') { "" } else { ":" };
            (format!("{prefix}{title}{suffix}{colon} TODO{newline}"), true)
        }
        _ if prefix.is_empty() && doc.source.format == Format::PlainText && suffix.is_empty() => (
            format!("{title}:{newline}{newline}TODO{newline}{newline}"),
            false,
        ),
        _ => (
            format!("{prefix}{title}{suffix}{newline}{newline}TODO{newline}{newline}"),
            false,
        ),
    }
}
