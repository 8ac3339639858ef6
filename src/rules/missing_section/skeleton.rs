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
    // A file ending in an unclosed code block or comment would swallow what is added.
    if doc.is_skipped(text.len().saturating_sub(1)) {
        return None;
    }
    let mut kinds = kinds.to_vec();
    kinds.sort();
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut titles: Vec<String> = Vec::new();
    for kind in kinds {
        let mut title = title_case(SECTIONS.examples(kind).first()?);
        // Before the first section that comes after this one in a template, else after the
        // last section.
        let (at, neighbour) = known
            .iter()
            .find(|s| s.kinds.iter().min().is_some_and(|first| *first > kind))
            .map_or((last.span.end, *last), |s| (s.span.start, *s));
        let shown = &text[neighbour.title.clone()];
        if shown.chars().any(char::is_alphabetic) && !shown.chars().any(char::is_lowercase) {
            title = title.to_uppercase();
        }
        let written = written_like(doc, neighbour, &title, newline)?;
        let inserted = if at < text.len() {
            // Inside an HTML block the title would not be read; after a line of text with
            // no blank line it would join that paragraph or table.
            if doc.is_skipped(at) {
                return None;
            }
            let before = &text[..at];
            let separated = before.is_empty() || before.ends_with("\n\n") || before.ends_with("\n\r\n");
            let added_here = inserts.last().is_some_and(|(last_at, _)| *last_at == at);
            // An item after an item of one list is part of it.
            let bullet = |line: &str| {
                let marker = line.trim_start().get(..2).unwrap_or("");
                ["- ", "* ", "+ "].iter().position(|m| *m == marker)
            };
            let previous = before.trim_end_matches(['\r', '\n']).rsplit('\n').next().unwrap_or("");
            let same_list = bullet(&written).is_some() && bullet(&written) == bullet(previous);
            // Plain text reads every label line on its own.
            let plain = doc.source.format == Format::PlainText;
            if separated || added_here || same_list || plain {
                written
            } else {
                format!("{newline}{written}")
            }
        } else {
            // At the end of the file, after the text or what was added there before: a blank
            // line before the title, so that no table or paragraph above takes it in, and
            // none after it.
            let tail = inserts
                .last()
                .filter(|(last_at, _)| *last_at == at)
                .map_or(text, |(_, last)| last.as_str());
            let lead = match () {
                _ if tail.is_empty() || tail.ends_with("\n\n") || tail.ends_with("\n\r\n") => "",
                _ if tail.ends_with('\n') => newline,
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

/// `title` with a `TODO` under it, written as `neighbour`'s title is, in one of the forms
/// pmlint reads as a section: `## Root cause` (at the neighbour's heading level, its number
/// and markup left out), `<h2>Root cause</h2>`, `**Root cause:**`, `Root cause:`, or on one
/// line with its `TODO` after a label with text (`Impact: users could not log in`) or a list
/// item's title (`- **Root cause**: TODO`). `None` for a title
/// written some other way beside an ordered list, where an item would break the numbering.
fn written_like(
    doc: &Document,
    neighbour: &Section,
    title: &str,
    newline: &str,
) -> Option<String> {
    let text = doc.text();
    let line_start = text[..neighbour.title.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[neighbour.title.end..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| neighbour.title.end + i);
    let prefix = &text[line_start..neighbour.title.start];
    let suffix = &text[neighbour.title.end..line_end];
    let block = |opening: &str, closing: &str| {
        Some(format!(
            "{opening}{title}{closing}{newline}{newline}TODO{newline}{newline}"
        ))
    };
    let marker = prefix.trim_start();
    if marker.starts_with('#') {
        let level = marker.bytes().take_while(|b| *b == b'#').count();
        return block(&format!("{} ", "#".repeat(level)), "");
    }
    if let Some(level) = marker
        .strip_prefix("<h")
        .and_then(|rest| rest.chars().next())
        .filter(|c| ('1'..='6').contains(c))
    {
        return block(&format!("<h{level}>"), &format!("</h{level}>"));
    }
    // The emphasis and colon that close the title: `**:`, `:**`, `:`.
    let closing_len = suffix
        .find(|c: char| !matches!(c, '*' | '_' | ':'))
        .unwrap_or(suffix.len());
    let closing = &suffix[..closing_len];
    let text_follows = !suffix[closing_len..].trim().is_empty();
    let emphasis = marker.trim_start_matches(['-', '+']).trim_start();
    // `* **Impact**:`: the first star is the bullet.
    let emphasis = match emphasis.strip_prefix("* ") {
        Some(rest) if marker.starts_with("* ") => rest.trim_start(),
        _ => emphasis,
    };
    if !emphasis.chars().all(|c| matches!(c, '*' | '_')) {
        return None;
    }
    let bullet = marker.starts_with(['-', '*', '+']) && marker[1..].starts_with(' ');
    let colon = if closing.contains(':') { "" } else { ":" };
    let indent = &prefix[..prefix.len() - marker.len()];
    if bullet {
        let bullet = &marker[..2];
        return Some(format!(
            "{indent}{bullet}{emphasis}{title}{closing}{colon} TODO{newline}"
        ));
    }
    if marker.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if text_follows {
        return Some(format!("{indent}{emphasis}{title}{closing} TODO{newline}"));
    }
    match doc.source.format {
        Format::PlainText if emphasis.is_empty() => block(indent, &format!("{closing}{colon}")),
        Format::PlainText => block(&format!("{indent}{emphasis}"), closing),
        Format::Markdown if !emphasis.is_empty() => block(&format!("{indent}{emphasis}"), closing),
        Format::Markdown => block("## ", ""),
    }
}
