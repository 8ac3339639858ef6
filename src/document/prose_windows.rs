//! Windows stated in prose: a sentence of the summary or impact ("card payments failed from
//! 10:05 to 10:50 UTC", "began at 09:12 and ended at 10:02", "for 50 minutes starting at
//! 08:00"), a length in such a sentence ("the outage lasted 45 minutes"), and a timeline heading
//! that holds a range (`## Timeline (4 June 2024, 09:00–09:45 UTC)`).

use std::ops::Range;

use super::WindowSource;
use super::WrittenTime;
use super::entries::RawEntry;
use super::facts::{blocks, sentences};
use super::windows::{RawWindow, window_scope};
use crate::document::layout::{Layout, Line, LineKind};
use crate::document::phrases::{AnyWord, PHRASES, WindowLabel};
use crate::document::{Section, SectionKind, scopes};
use crate::source::floor_char_boundary;
use crate::time::grammar::Mention;
use crate::time::length::{StatedLength, find_length};

/// How far before a time its cue may start ("the incident began at about").
const CUE_REACH: usize = 48;

/// The window's start, end and length as the first sentences of the summary and impact state
/// them, one statement each. Sentences that are timeline entries are not read.
pub(super) fn sentence_windows(
    text: &str,
    layout: &Layout,
    mentions: &[WrittenTime],
    sections: &[Section],
    entries: &[RawEntry],
) -> Vec<RawWindow> {
    let mut found = Found::default();
    for block in blocks(&layout.lines) {
        let first = mentions.partition_point(|w| w.mention.span.start < block.start);
        let has_clock = mentions[first..]
            .iter()
            .map(|w| &w.mention)
            .take_while(|m| m.span.start < block.end)
            .any(|m| m.clock.is_some());
        // The cheap tests first: most blocks are not in the summary or impact, and most of
        // those name no time or length.
        let Some(line) = placed(sections, entries, layout, &block) else {
            continue;
        };
        if !(has_clock || names_unit(&text[block.clone()])) || read_as_label(text, line) {
            continue;
        }
        for sentence in sentences(text, block) {
            read_sentence(text, mentions, &sentence, &mut found);
            if found.complete() {
                break;
            }
        }
    }
    let Found { start, end, length } = found;
    let scope = |at: usize| window_scope(at, sections, entries, text.len());
    let window = |span: Range<usize>, mentions: Vec<Mention>, label| RawWindow {
        scope: scope(span.start),
        span,
        mentions,
        label,
        length: None,
        source: WindowSource::Sentence,
    };
    let mut windows = Vec::new();
    match (start, end) {
        (Some((span, m)), Some((_, n))) if n.ends_range => {
            windows.push(window(span, vec![m, n], WindowLabel::Range))
        }
        (start, end) => {
            windows.extend(start.map(|(span, m)| window(span, vec![m], WindowLabel::Start)));
            windows.extend(end.map(|(span, m)| window(span, vec![m], WindowLabel::End)));
        }
    }
    if let Some((span, length)) = length {
        let mut w = window(span, Vec::new(), WindowLabel::Range);
        w.length = Some(length);
        windows.push(w);
    }
    windows
}

#[derive(Default)]
struct Found {
    start: Option<(Range<usize>, Mention)>,
    end: Option<(Range<usize>, Mention)>,
    length: Option<(Range<usize>, StatedLength)>,
}

impl Found {
    fn complete(&self) -> bool {
        self.start.is_some() && self.end.is_some() && self.length.is_some()
    }
}

/// The first line of a prose block in the summary or impact, or under the title before the
/// first section, that is not a quote or a timeline entry.
fn placed<'l>(
    sections: &[Section],
    entries: &[RawEntry],
    layout: &'l Layout,
    block: &Range<usize>,
) -> Option<&'l Line> {
    let at = layout.lines.partition_point(|l| l.span.end < block.start);
    let line = layout.lines.get(at)?;
    if line.kind != LineKind::Text || line.quoted {
        return None;
    }
    let first = entries.partition_point(|e| e.line.end <= block.start);
    if entries.get(first).is_some_and(|e| e.line.start < block.end) {
        return None;
    }
    let mut around = scopes::around(sections, block.start).peekable();
    // Under the title, only paragraphs: a list there is usually a summary card or key
    // events.
    let under_title = !line.list_item
        && match around.peek() {
            None => true,
            Some(innermost) => innermost.kinds.is_empty() && std::ptr::eq(*innermost, &sections[0]),
        };
    let summary = under_title
        || around.any(|s| {
            s.kinds
                .iter()
                .any(|k| matches!(k, SectionKind::Summary | SectionKind::Impact))
        });
    summary.then_some(line)
}

/// Window and metric labels are read as labels, not sentences.
fn read_as_label(text: &str, line: &Line) -> bool {
    line.label.as_ref().is_some_and(|label| {
        let name = &text[label.name.clone()];
        PHRASES.window_label(name).is_some() || PHRASES.metric_label(name).is_some()
    })
}

/// Reads one sentence: a range states start and end, cue words before a time state one of
/// them, and a cued length in a sentence about the incident states the length.
fn read_sentence(text: &str, mentions: &[WrittenTime], sentence: &Range<usize>, found: &mut Found) {
    let first = mentions.partition_point(|w| w.mention.span.start < sentence.start);
    let inside: Vec<&Mention> = mentions[first..]
        .iter()
        .map(|w| &w.mention)
        .take_while(|m| m.span.end <= sentence.end)
        .filter(|m| m.clock.is_some())
        .collect();
    let before = |m: &Mention| {
        let from = floor_char_boundary(
            text,
            m.span.start.saturating_sub(CUE_REACH).max(sentence.start),
        );
        &text[from..m.span.start]
    };
    if found.start.is_none() && found.end.is_none() {
        for pair in inside.windows(2) {
            let (m, n) = (pair[0], pair[1]);
            if let Some(end) = range_end(text, m, n) {
                found.start = Some((sentence.clone(), m.clone()));
                found.end = Some((sentence.clone(), end));
                break;
            }
        }
    }
    for m in &inside {
        if m.ends_range {
            continue;
        }
        let cue = before(m);
        if found.start.is_none() && PHRASES.sentence_start.is_match(cue) {
            found.start = Some((sentence.clone(), (*m).clone()));
        } else if found.end.is_none() && PHRASES.sentence_end.is_match(cue) {
            found.end = Some((sentence.clone(), (*m).clone()));
        }
    }
    if found.length.is_none() {
        // A sentence that states the window's range is about the incident, whatever its words:
        // "checkout was slow for 5 hours, from 15:30 to 18:10".
        let states_range = found
            .end
            .as_ref()
            .is_some_and(|(s, m)| s == sentence && m.ends_range);
        found.length = sentence_length(text, sentence, states_range).map(|l| (sentence.clone(), l));
    }
}

/// The end of a range that `m` starts: the next time, linked by `to`, `until` or a dash, or
/// by `and` after `between`.
fn range_end(text: &str, m: &Mention, n: &Mention) -> Option<Mention> {
    if n.ends_range {
        return Some(n.clone());
    }
    let gap = text[m.span.end..n.span.start].trim();
    let before = text[..m.span.start].trim_end().as_bytes();
    let opens_between =
        before.len() >= 7 && before[before.len() - 7..].eq_ignore_ascii_case(b"between");
    (opens_between && gap.eq_ignore_ascii_case("and")).then(|| Mention {
        ends_range: true,
        ..n.clone()
    })
}

/// A length the sentence states for the incident: cued before ("lasted 45 minutes") or
/// followed by an incident word ("a 66-minute outage"), in a sentence that names the
/// incident or states its range.
fn sentence_length(
    text: &str,
    sentence: &Range<usize>,
    states_range: bool,
) -> Option<StatedLength> {
    let said = &text[sentence.clone()];
    if !names_unit(said) || !(states_range || PHRASES.incident.is_match(said.as_bytes())) {
        return None;
    }
    let length = find_length(said, sentence.start)?;
    let before = &text[sentence.start..length.span.start];
    let after = &text[length.span.end..sentence.end];
    (PHRASES.length_before.is_match(before) || PHRASES.length_after.is_match(after))
        .then_some(length)
}

/// Whether the text may state a length: most prose names no unit of time at all, and a word
/// search is far cheaper than the length pattern.
fn names_unit(said: &str) -> bool {
    static UNITS: AnyWord = AnyWord::new(&["hour", "hr", "min", "day", "sec"]);
    UNITS.in_text(said)
}

/// A timeline heading that states a range: `## Timeline (4 June 2024, 09:00–09:45 UTC)`.
pub(super) fn heading_windows(
    text: &str,
    layout: &Layout,
    mentions: &[WrittenTime],
    sections: &[Section],
    entries: &[RawEntry],
) -> Vec<RawWindow> {
    let mut windows = Vec::new();
    for line in &layout.lines {
        if !matches!(line.kind, LineKind::Heading { .. }) {
            continue;
        }
        // Sections and entries are in text order, so each lookup is a binary search.
        let at = sections.partition_point(|s| s.title.start < line.content.start);
        let timeline = sections
            .get(at)
            .is_some_and(|s| s.title == line.content && s.kinds.contains(&SectionKind::Timeline));
        let entry = entries.partition_point(|e| e.line.start < line.span.start);
        if !timeline
            || entries
                .get(entry)
                .is_some_and(|e| e.line.start == line.span.start)
        {
            continue;
        }
        let first = mentions.partition_point(|w| w.mention.span.start < line.content.start);
        let inside: Vec<&Mention> = mentions[first..]
            .iter()
            .map(|w| &w.mention)
            .take_while(|m| m.span.end <= line.content.end)
            .collect();
        let range = inside.windows(2).find_map(|pair| {
            let (m, n) = (pair[0], pair[1]);
            (m.clock.is_some() && n.clock.is_some())
                .then(|| range_end(text, m, n).map(|end| vec![m.clone(), end]))
                .flatten()
        });
        if let Some(stated) = range {
            windows.push(RawWindow {
                span: line.span.clone(),
                mentions: stated,
                label: WindowLabel::Range,
                length: None,
                scope: window_scope(line.span.start, sections, entries, text.len()),
                source: WindowSource::Heading,
            });
        }
    }
    windows
}
