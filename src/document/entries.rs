//! Timeline entries: the dated lines of each timeline section, with the date, zone and event
//! each one leaves out resolved from the lines around it and the window that governs it.

use std::borrow::Cow;
use std::ops::Range;

use chrono::{NaiveDate, TimeDelta};

use super::WrittenTime;
use super::dates::DateContext;
use super::layout::{Layout, Line, LineKind};
use super::phrases::PHRASES;
use super::sections::SectionKind;
use super::zones::ZoneHints;
use super::{EntryEvent, Section, StatedWindow, TimelineEntry, outermost, range_at};
use crate::time::Stamp;
use crate::time::grammar::Mention;

/// A backward step longer than this between two undated entries means the next day.
const ROLLOVER: TimeDelta = TimeDelta::hours(4);

pub(super) struct RawEntry {
    pub(super) line: Range<usize>,
    /// Index of the mention that opens it in the document's list.
    pub(super) index: usize,
    /// In a table with separate Date and Time columns, the index of the clock in the cell
    /// after the date: the entry's timestamp joins the two. Indexes rather than a joined copy
    /// keep a long timeline's entries small.
    time_cell: Option<usize>,
    pub(super) text: Range<usize>,
    pub(super) timeline: Range<usize>,
    pub(super) event_first: bool,
}

impl RawEntry {
    /// The entry's timestamp: its mention, or the date joined to the time cell's clock.
    pub(super) fn mention<'m>(&self, mentions: &'m [WrittenTime]) -> Cow<'m, Mention> {
        timestamp(mentions, self.index, self.time_cell)
    }

    /// The mention whose zone is the entry's: the time cell's, else the opening one.
    pub(super) fn zone_source<'m>(&self, mentions: &'m [WrittenTime]) -> &'m Mention {
        &mentions[self.time_cell.unwrap_or(self.index)].mention
    }
}

/// The mention at `index`, or, with a `time_cell`, its date joined to that cell's clock.
fn timestamp(mentions: &[WrittenTime], index: usize, time_cell: Option<usize>) -> Cow<'_, Mention> {
    let opening = &mentions[index].mention;
    match time_cell {
        None => Cow::Borrowed(opening),
        Some(cell) => {
            let clock = &mentions[cell].mention;
            Cow::Owned(Mention {
                span: opening.span.start..clock.span.end,
                clock: clock.clock.clone(),
                zone: clock.zone.clone(),
                ..opening.clone()
            })
        }
    }
}

/// Markup that may come before a timestamp at the start of an entry.
pub(super) fn only_markup(s: &str) -> bool {
    s.chars()
        .all(|c| matches!(c, '*' | '_' | '[' | '(' | '~' | '#' | ' ' | '\t'))
}

/// The mention that opens `range` (a line's content or a table cell), with only markup before
/// it, as an index into `mentions`.
pub(super) fn opening_mention(
    text: &str,
    mentions: &[WrittenTime],
    range: &Range<usize>,
) -> Option<usize> {
    let index = mentions.partition_point(|w| w.mention.span.start < range.start);
    let m = &mentions.get(index)?.mention;
    (m.span.start < range.end && only_markup(&text[range.start..m.span.start])).then_some(index)
}

pub(super) fn find_entries(
    text: &str,
    layout: &Layout,
    mentions: &[WrittenTime],
    sections: &[Section],
) -> Vec<RawEntry> {
    let timelines: Vec<Range<usize>> = outermost(sections, SectionKind::Timeline)
        .map(|s| s.span.clone())
        .collect();
    // At most one entry per mention: room for them all, as in `scan_into`.
    let mut entries = Vec::with_capacity(mentions.len());
    for (at, line) in layout.lines.iter().enumerate() {
        let Some(timeline) = range_at(&timelines, line.span.start) else {
            continue;
        };
        if line.quoted || line.span.start == timeline.start {
            continue;
        }
        let candidates: Vec<Range<usize>> = match line.kind {
            LineKind::Text | LineKind::Heading { .. } => vec![line.content.clone()],
            LineKind::TableRow { header: false } => line.cells.iter().take(2).cloned().collect(),
            LineKind::TableRow { header: true } => continue,
        };
        let heading = matches!(line.kind, LineKind::Heading { .. });
        let first = mentions.partition_point(|w| w.mention.span.start < line.span.start);
        let found = candidates
            .iter()
            .find_map(|cell| opening_mention(text, mentions, cell));
        let lead = if found.is_none() && line.kind == LineKind::Text {
            event_then_time(text, line, mentions, first)
        } else {
            None
        };
        let Some(index) = found.or(lead.as_ref().map(|(index, _)| *index)) else {
            continue;
        };
        let time_cell = matches!(line.kind, LineKind::TableRow { .. })
            .then(|| time_cell(text, line, mentions, index))
            .flatten();
        let m = timestamp(mentions, index, time_cell);
        let range_end = mentions
            .get(index + 1)
            .map(|w| &w.mention)
            .filter(|next| next.ends_range)
            .map_or(m.span.end, |next| next.span.end);
        let rest_end = match line.kind {
            LineKind::TableRow { .. } => line.span.end,
            _ => line.content.end,
        };
        let mut rest = match lead {
            Some((_, ref said)) => said.clone(),
            None => entry_text(text, range_end..rest_end),
        };
        // `### 14:05` with what happened in the paragraph below it.
        if heading && rest.is_empty() {
            rest = layout.lines[at + 1..]
                .first()
                .filter(|next| next.kind == LineKind::Text)
                .map_or(rest, |next| next.content.clone());
        }
        let is_entry = m.clock.is_some() || (!heading && m.date.is_some() && !rest.is_empty());
        if is_entry {
            entries.push(RawEntry {
                line: line.span.clone(),
                index,
                time_cell,
                text: rest,
                timeline: timeline.clone(),
                event_first: lead.is_some(),
            });
        }
    }
    entries
}

/// `First detected: 2023-09-18 13:42` or `Resolved 2023-09-20 19:18`: a line that names
/// an event in at most three words, then gives its time and nothing after it. Returns the
/// time's mention index and what happened.
fn event_then_time(
    text: &str,
    line: &Line,
    mentions: &[WrittenTime],
    first: usize,
) -> Option<(usize, Range<usize>)> {
    let index = first
        + mentions[first..]
            .iter()
            .position(|w| w.mention.span.start >= line.content.start)?;
    let m = &mentions[index].mention;
    if m.span.end > line.content.end || m.clock.is_none() {
        return None;
    }
    // A range is a window (`Duration: 10:00 to 11:00`), not one event.
    if mentions
        .get(index + 1)
        .is_some_and(|next| next.mention.ends_range)
    {
        return None;
    }
    let after = text[m.span.end..line.content.end].trim_matches(['.', ' ', '\t']);
    let unmarked = text[line.content.start..m.span.start].trim_start_matches(['*', '_']);
    let start = m.span.start - unmarked.len();
    let lead = unmarked.trim_end_matches([' ', '\t', ':', '*', '_']);
    let words = lead.split_whitespace().count();
    let wordy = lead
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\''));
    (after.is_empty() && (1..=3).contains(&words) && wordy)
        .then(|| (index, start..start + lead.len()))
}

/// A table with separate Date and Time columns: the index of the clock that opens the cell
/// after the one holding the date at `index`, a date written alone.
fn time_cell(text: &str, row: &Line, mentions: &[WrittenTime], index: usize) -> Option<usize> {
    let date = &mentions[index].mention;
    if date.clock.is_some() {
        return None;
    }
    let cell = row
        .cells
        .iter()
        .position(|c| c.contains(&date.span.start))?;
    let following = row.cells.get(cell + 1)?;
    let next = &mentions.get(index + 1)?.mention;
    (next.date.is_none()
        && next.clock.is_some()
        && following.contains(&next.span.start)
        && only_markup(&text[following.start..next.span.start]))
    .then_some(index + 1)
}

/// What an entry says, after its timestamp and the punctuation that separates them.
fn entry_text(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let trimmed = s.trim_start_matches(|c: char| {
        matches!(
            c,
            '*' | '_' | ')' | ']' | ':' | '-' | '–' | '—' | '|' | ',' | '.' | ' ' | '\t'
        )
    });
    let start = range.start + (s.len() - trimmed.len());
    let end = start + trimmed.trim_end_matches(['|', ' ', '\t', '*']).len();
    start..end
}

/// A stamp for `m`: its zone is the one written, else its range partner's, else the nearest
/// declared one.
pub(super) fn resolve(
    m: &Mention,
    partner: Option<&Mention>,
    date: Option<NaiveDate>,
    dates: &DateContext,
    zones: &ZoneHints,
) -> Stamp {
    let zone = m
        .zone
        .as_ref()
        .or(partner.and_then(|p| p.zone.as_ref()))
        .map(|z| z.zone.clone())
        .or_else(|| zones.at(m.span.start));
    Stamp {
        span: m.span.clone(),
        date,
        date_written: dates.own_date(m).is_some(),
        time: m.clock.as_ref().and_then(|c| c.time()),
        zone,
        zone_written: m.zone.is_some(),
        approx: m.clock.as_ref().is_some_and(|c| c.approx),
        meridiem: m.clock.as_ref().and_then(|c| c.meridiem),
    }
}

/// `governing` gives the index in `windows` of the window that governs an offset.
pub(super) fn resolve_entries(
    text: &str,
    raw: Vec<RawEntry>,
    mentions: &[WrittenTime],
    windows: &[StatedWindow],
    governing: impl Fn(usize) -> Option<usize>,
    dates: &DateContext,
    zones: &ZoneHints,
) -> Vec<TimelineEntry> {
    let mut entries: Vec<TimelineEntry> = Vec::with_capacity(raw.len());
    let mut previous: Option<(Range<usize>, Stamp, usize)> = None;
    for e in raw {
        let mention = e.mention(mentions);
        let pos = mention.span.start;
        let window = governing(e.line.start);
        let partner = mentions
            .get(e.index + 1)
            .map(|w| &w.mention)
            .filter(|n| n.ends_range);
        let previous_here = previous
            .as_ref()
            .filter(|(timeline, _, _)| *timeline == e.timeline);
        let date = match dates.own_date(&mention) {
            Some(date) => Some(date),
            // A date written but impossible (April 31) is unknown, not inherited.
            None if mention.date.is_some() => None,
            None => {
                // A date line or heading since the previous entry resets the day.
                let since = previous_here.map_or(e.timeline.start, |(_, _, end)| *end);
                let window_start = window.and_then(|w| windows[w].start.as_ref()?.date);
                dates
                    .anchor_within(pos, &(since..pos))
                    .or(previous_here.and_then(|(_, stamp, _)| stamp.date))
                    .or_else(|| dates.anchor_within(pos, &(e.timeline.start..pos)))
                    .or(window_start)
                    .or_else(|| dates.before(pos))
            }
        };
        let mut stamp = resolve(&mention, partner, date, dates, zones);
        if !stamp.date_written
            && let (Some((_, before, _)), Some(local)) = (previous_here, stamp.local())
            && let Some(prev_local) = before.local()
            && before.date == stamp.date
            && local < prev_local - ROLLOVER
        {
            let next_day = Stamp {
                date: stamp.date.and_then(|d| d.succ_opt()),
                ..stamp.clone()
            };
            // `1:05` after `12:10` on a twelve-hour clock written without AM/PM is 13:05.
            let afternoon = mention
                .clock
                .as_ref()
                .filter(|c| c.meridiem.is_none() && (1..12).contains(&c.hour))
                .and_then(|_| {
                    let later = local + TimeDelta::hours(12);
                    (later.date() == local.date()).then(|| Stamp {
                        time: Some(later.time()),
                        ..stamp.clone()
                    })
                });
            // A stated window settles it: the first reading that puts the entry inside it.
            // Without one, a timeline that steps back this far has passed midnight.
            let bounds = window.map(|w| &windows[w].bounds);
            stamp = [Some(stamp), afternoon, Some(next_day.clone())]
                .into_iter()
                .flatten()
                .find(|candidate| bounds.is_some_and(|b| b.contains(candidate)))
                .unwrap_or(next_day);
        }
        previous = Some((e.timeline.clone(), stamp.clone(), e.line.end));
        entries.push(TimelineEntry {
            event: event_of(&text[e.text.clone()]),
            line: e.line,
            stamp,
            text: e.text,
            timeline: e.timeline,
            window,
            written: e.index,
            event_first: e.event_first,
        });
    }
    entries
}

/// What an entry reports, read from its text.
fn event_of(said: &str) -> EntryEvent {
    if PHRASES.restoration.is_match(said) {
        EntryEvent::Restoration
    } else if PHRASES.detection.is_match(said) {
        EntryEvent::Detection
    } else {
        EntryEvent::Other
    }
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::source::{Format, SourceFile};

    fn parse(text: &str, format: Format) -> (SourceFile, Vec<(String, String)>) {
        let source = SourceFile::new("t", text, format);
        let doc = Document::parse(&source, &Default::default());
        let entries = doc
            .entries
            .iter()
            .map(|e| {
                let zone = e
                    .stamp
                    .zone
                    .as_ref()
                    .map_or(String::new(), |z| z.to_string());
                (e.stamp.describe(), zone)
            })
            .collect();
        (source, entries)
    }

    fn entries(text: &str) -> Vec<(String, String)> {
        parse(text, Format::Markdown).1
    }

    #[test]
    fn midnight_rollover_moves_to_the_next_day() {
        let text = "# T\n\n## Timeline\n\nAll times in UTC, June 3, 2024.\n\n- 23:50 - deploy\n- 00:20 - alerts\n- 01:10 - fixed\n";
        assert_eq!(
            entries(text),
            [
                ("2024-06-03 23:50", "UTC"),
                ("2024-06-04 00:20", "UTC"),
                ("2024-06-04 01:10", "UTC")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn a_stated_window_keeps_a_backward_step_on_its_day() {
        let text = "# T\n\nDuration: November 3, 2019, 02:15 to 03:59 IST\n\n## Timeline\n\n- 02:41 IST - paged\n- 07:59 IST - replicas scaled\n- 03:22 IST - indexes rebuilt\n";
        assert_eq!(entries(text)[2].0, "2019-11-03 03:22");
    }

    #[test]
    fn a_date_without_a_year_crosses_into_the_new_year() {
        let text = "# T\n\n## Timeline\n\n- December 31, 2023, 23:40 UTC - push\n- January 1, 00:05 UTC - alerts\n";
        assert_eq!(entries(text)[1].0, "2024-01-01 00:05");
    }

    #[test]
    fn a_stated_window_reads_a_bare_twelve_hour_clock_as_afternoon() {
        let text = "# T\n\nDuration: 2024-04-02 11:45 to 13:30 PDT\n\n## Timeline\n\n- 11:50 - alerts\n- 12:10 - rollback\n- 1:05 - service fully restored\n";
        assert_eq!(entries(text)[2].0, "2024-04-02 13:05");
    }

    #[test]
    fn a_short_backward_step_stays_on_the_same_day() {
        let text = "# T\n\n## Timeline\n\n- 2024-06-03 15:40 - rollback started\n- 15:10 - incident declared\n";
        assert_eq!(entries(text)[1].0, "2024-06-03 15:10");
    }

    #[test]
    fn zones_come_from_the_range_the_heading_or_the_duration_line() {
        let range =
            "# T\n\nDuration: May 3, 2024, 16:58 to 18:46 UTC\n\n## Timeline\n\n- 17:00 - paged\n";
        let (source, _) = parse(range, Format::Markdown);
        let doc = Document::parse(&source, &Default::default());
        let window = &doc.windows[0];
        assert_eq!(
            window
                .start
                .as_ref()
                .unwrap()
                .zone
                .as_ref()
                .unwrap()
                .to_string(),
            "UTC"
        );
        assert_eq!(window.end.as_ref().unwrap().describe(), "2024-05-03 18:46");
        assert_eq!(
            entries(range)[0],
            ("2024-05-03 17:00".to_string(), "UTC".to_string())
        );

        let heading = "# T\n\n## Timeline (CET)\n\n- 2024-05-03 17:00 - paged\n";
        assert_eq!(entries(heading)[0].1, "CET");

        let table = "# T\n\n## Timeline\n\n| Time (UTC) | Event |\n| --- | --- |\n| 2024-05-03 17:00 | paged |\n";
        assert_eq!(entries(table)[0].1, "UTC");

        // Each clock takes its own column's zone, not the header's last one.
        let columns = "# T\n\n## Timeline\n\n| Time (UTC) | Time (PDT) | Event |\n| --- | --- | --- |\n| 2024-05-03 17:00 | 10:00 | paged |\n\nLater: 2024-05-03 18:00 fixed\n";
        assert_eq!(entries(columns)[0].1, "UTC");
    }

    #[test]
    fn declarations_take_any_zone_a_clock_takes_and_win_over_the_window_line() {
        let heading = "# T\n\n## Timeline (AEST)\n\n- 2024-05-03 10:05 - paged\n";
        assert_eq!(entries(heading)[0].1, "AEST");

        let declared = "# T\n\nAll times in UTC+10.\n\n**Duration:** 2024-05-03 00:00 to 02:00 UTC\n\n## Timeline\n\n- 2024-05-03 10:05 - paged\n";
        assert_eq!(entries(declared)[0].1, "+10:00");

        let below = "# T\n\n## Timeline\n\nTimes below are in CET.\n\n- 2024-05-03 10:05 - paged\n";
        assert_eq!(entries(below)[0].1, "CET");

        let prose =
            "# T\n\nResponse times in EU doubled.\n\n## Timeline\n\n- 2024-05-03 10:05 - paged\n";
        assert_eq!(entries(prose)[0].1, "");
    }

    #[test]
    fn headings_set_the_day_and_prose_dates_do_not() {
        let text = "# Outages\n\n## Timeline\n\n### October 28, 2025 - second\n\nSame cause as October 21.\n\n- **19:12 UTC** - rollout\n";
        assert_eq!(entries(text)[0].0, "2025-10-28 19:12");
    }

    #[test]
    fn plain_text_seed_style_and_front_matter_windows() {
        let text = "Postmortem: x\n\nIssue Summary:\nDuration: May 9, 2022, 9:00 AM to May 14, 2022, 3:00 PM EAT\n\nTimeline:\n\n- May 9, 2022, 1:00 PM: escalated\n";
        let (_, found) = parse(text, Format::PlainText);
        assert_eq!(
            found,
            vec![("2022-05-09 13:00".to_string(), "EAT".to_string())]
        );

        let front =
            "---\nstart_time: 2012-07-30T02:33:00Z\nend_time: \"2012-07-30T05:00:00Z\"\n---\n# T\n";
        let source = SourceFile::new("t", front, Format::Markdown);
        let doc = Document::parse(&source, &Default::default());
        let window = &doc.windows[0];
        assert_eq!(
            window.start.as_ref().unwrap().describe(),
            "2012-07-30 02:33"
        );
        assert_eq!(window.end.as_ref().unwrap().describe(), "2012-07-30 05:00");
    }

    #[test]
    fn code_fences_and_quotes_are_not_entries() {
        let text = "# T\n\n## Timeline\n\n```\n14:00 log line\n```\n\n> 15:00 quoted alert\n\n- 2024-01-01 16:00 - real entry\n";
        assert_eq!(entries(text).len(), 1);
    }
}
