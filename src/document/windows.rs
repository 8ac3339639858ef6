//! Stated incident windows: `Duration: X to Y`, `Start:`/`End:` lines, front matter and stated
//! lengths, each with the text it governs and its dates and zones resolved from context.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::TimeDelta;
use regex::Regex;

use super::WrittenTime;
use super::dates::DateContext;
use super::entries::{RawEntry, resolve};
use super::prose_windows::{heading_windows, sentence_windows};
use super::zones::ZoneHints;
use crate::document::layout::{Layout, LineKind};
use crate::document::phrases::{PHRASES, WindowLabel};
use crate::document::{Restatement, Section, StatedWindow, WindowSource, labels, scopes};
use crate::time::grammar::Mention;
use crate::time::length::{StatedLength, find_length};
use crate::time::{Interval, Stamp};

#[derive(Clone)]
pub(super) struct RawWindow {
    pub(super) span: Range<usize>,
    pub(super) mentions: Vec<Mention>,
    pub(super) label: WindowLabel,
    pub(super) length: Option<StatedLength>,
    pub(super) scope: Range<usize>,
    pub(super) source: WindowSource,
}

/// Label lines, front matter keys, timeline headings and summary sentences that state a window.
/// `entries` are in text order.
pub(super) fn find_windows(
    text: &str,
    layout: &Layout,
    mentions: &[WrittenTime],
    front_mentions: &[WrittenTime],
    sections: &[Section],
    entries: &[RawEntry],
) -> Vec<RawWindow> {
    let mut windows = Vec::new();
    for line in &layout.lines {
        if line.kind != LineKind::Text || line.quoted {
            continue;
        }
        // Window labels are read in any case (`start: 09:00 UTC`), other labels only
        // capitalised.
        let label = line
            .label
            .clone()
            .or_else(|| labels::plain_label(text, &line.content));
        let Some(label) = label else {
            continue;
        };
        let Some(kind) = PHRASES.window_label(&text[label.name.clone()]) else {
            continue;
        };
        let scope = window_scope(line.span.start, sections, entries, text.len());
        // A milestone of the timeline (`Resolved: 2024-03-05 10:15` under `Key events`) marks
        // the window from inside it, as `OUTAGE ENDS` does.
        let source = if entries
            .binary_search_by_key(&line.span.start, |e| e.line.start)
            .is_ok()
        {
            WindowSource::Markers
        } else {
            WindowSource::Label
        };
        // `Start: 09:00 UTC, End: 09:45 UTC` states both ends on one line.
        let mut parts = vec![(kind, label.rest.clone())];
        if let Some((second, at, rest)) = second_label(text, &label.rest, kind) {
            parts = vec![(kind, label.rest.start..at), (second, rest)];
        }
        for (kind, rest) in parts {
            let first = mentions.partition_point(|w| w.mention.span.start < rest.start);
            let stated: Vec<Mention> = mentions[first..]
                .iter()
                .map(|w| &w.mention)
                .take_while(|m| m.span.end <= rest.end)
                .cloned()
                .collect();
            windows.push(RawWindow {
                span: line.span.clone(),
                mentions: stated,
                label: kind,
                length: find_length(&text[rest.clone()], rest.start),
                scope: scope.clone(),
                source,
            });
        }
    }
    if let Some(front) = &layout.front_matter {
        windows.extend(front_matter_windows(text, front, front_mentions));
    }
    windows.extend(heading_windows(text, layout, mentions, sections, entries));
    windows.extend(sentence_windows(text, layout, mentions, sections, entries));
    windows
}

/// A second window label inside a label's value (`Start: 09:00 UTC, End: 09:45 UTC`): its
/// kind, where it starts, and its own value. Only a start followed by an end, or the reverse.
fn second_label(
    text: &str,
    rest: &Range<usize>,
    first: WindowLabel,
) -> Option<(WindowLabel, usize, Range<usize>)> {
    if first == WindowLabel::Range {
        return None;
    }
    let value = &text[rest.clone()];
    value.match_indices(':').find_map(|(colon, _)| {
        let after = &value[colon + 1..];
        if !(after.is_empty() || after.starts_with([' ', '\t'])) {
            return None;
        }
        let before = value[..colon].trim_end_matches(['*', '_', ' ', '\t']);
        // The label is the last one to three words before the colon.
        let starts: Vec<usize> = before
            .char_indices()
            .filter(|&(i, c)| i == 0 || (c != ' ' && before[..i].ends_with([' ', ',', ';', '|'])))
            .map(|(i, _)| i)
            .collect();
        starts.iter().rev().take(3).find_map(|&start| {
            let name = before[start..].trim_start_matches(['*', '_']);
            let kind = PHRASES
                .window_label(name)
                .filter(|k| *k != first && *k != WindowLabel::Range)?;
            let value_start = colon + 1 + (after.len() - after.trim_start().len());
            Some((kind, rest.start + start, rest.start + value_start..rest.end))
        })
    })
}

/// A window governs the innermost section around it that holds timeline entries (one incident
/// of several in a write-up), else the whole document.
pub(super) fn window_scope(
    pos: usize,
    sections: &[Section],
    entries: &[RawEntry],
    len: usize,
) -> Range<usize> {
    let holds_entry = |span: &Range<usize>| {
        let first = entries.partition_point(|e| e.line.start < span.start);
        entries
            .get(first)
            .is_some_and(|e| span.contains(&e.line.start))
    };
    scopes::around(sections, pos)
        .find(|s| holds_entry(&s.span))
        .map_or(0..len, |s| s.span.clone())
}

fn front_matter_windows(
    text: &str,
    front: &Range<usize>,
    front_mentions: &[WrittenTime],
) -> Vec<RawWindow> {
    static KEY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^[ \t]*(?P<key>start|end|start_time|end_time|started|ended|started_at|ended_at)[ \t]*:[ \t]*["']?(?P<value>[^"'\r\n]*)"#)
            .expect("front matter key pattern compiles")
    });
    KEY.captures_iter(&text[front.clone()])
        .filter_map(|caps| {
            let value = caps.name("value")?;
            let whole = caps.get(0)?;
            let range = front.start + value.start()..front.start + value.end();
            let stated: Vec<Mention> = front_mentions
                .iter()
                .map(|w| &w.mention)
                .filter(|m| range.contains(&m.span.start))
                .cloned()
                .collect();
            let label = if caps["key"].starts_with("start") {
                WindowLabel::Start
            } else {
                WindowLabel::End
            };
            (!stated.is_empty()).then(|| RawWindow {
                span: front.start + whole.start()..front.start + whole.end(),
                mentions: stated,
                label,
                length: None,
                scope: 0..text.len(),
                source: WindowSource::FrontMatter,
            })
        })
        .collect()
}

/// One window per scope, the statements of it merged (the first by precedence kept, the others
/// kept as restatements), with the windows that state only a length folded into the one around
/// them.
pub(super) fn resolve_windows(
    mut raw: Vec<RawWindow>,
    sections: &[Section],
    len: usize,
    dates: &DateContext,
    zones: &ZoneHints,
) -> Vec<StatedWindow> {
    let mut windows: Vec<StatedWindow> = Vec::new();
    let mut by_scope: HashMap<Range<usize>, usize> = HashMap::new();
    raw.sort_by_key(|w| w.source);
    for w in raw {
        // A time without a date takes the date of its own line or sentence, then its range
        // partner's ("between 14:00 and 15:20 UTC on 10 May"), then the text's.
        let partner_date = w.mentions.get(1).and_then(|n| dates.own_date(n));
        let context_date = |m: &Mention| {
            dates
                .own_date(m)
                .or_else(|| dates.last_within(m.span.start, &w.span))
                .or(partner_date)
                .or_else(|| dates.before(m.span.start))
                .or_else(|| dates.first_after(m.span.start, &w.scope))
        };
        let mut end_rolled = false;
        let (start, end) = match w.label {
            WindowLabel::Range => {
                let start = w.mentions.first().map(|m| {
                    let partner = w.mentions.get(1).filter(|n| n.ends_range);
                    resolve(m, partner, context_date(m), dates, zones)
                });
                let end = match (w.mentions.get(1).filter(|n| n.ends_range), &start) {
                    (Some(m), Some(start)) => {
                        let (end, rolled) = range_end(m, start, dates, zones);
                        end_rolled = rolled;
                        Some(end)
                    }
                    _ => None,
                };
                (start, end)
            }
            WindowLabel::Start | WindowLabel::End => {
                let stamp = w
                    .mentions
                    .first()
                    .map(|m| resolve(m, None, context_date(m), dates, zones));
                if w.label == WindowLabel::Start {
                    (stamp, None)
                } else {
                    (None, stamp)
                }
            }
        };
        if start.is_none() && end.is_none() && w.length.is_none() {
            continue;
        }
        match by_scope.get(&w.scope) {
            Some(&i) => {
                let existing = &mut windows[i];
                if existing.end.is_none() {
                    existing.end_rolled = end_rolled;
                }
                merge(
                    &mut existing.start,
                    start,
                    Restatement::Start,
                    &mut existing.restated,
                );
                merge(
                    &mut existing.end,
                    end,
                    Restatement::End,
                    &mut existing.restated,
                );
                merge(
                    &mut existing.length,
                    w.length,
                    Restatement::Length,
                    &mut existing.restated,
                );
            }
            None => {
                by_scope.insert(w.scope.clone(), windows.len());
                windows.push(StatedWindow {
                    span: w.span,
                    start,
                    end,
                    length: w.length,
                    scope: w.scope,
                    end_rolled,
                    bounds: Interval::default(),
                    restated: Vec::new(),
                    source: w.source,
                });
            }
        }
    }
    let mut windows = fold_lengths_outward(windows, by_scope, sections, len);
    for window in &mut windows {
        window.bounds = bounds_of(window);
    }
    windows
}

/// Keeps the statement already in `kept`, recording `other` as a restatement.
fn merge<T>(
    kept: &mut Option<T>,
    other: Option<T>,
    restatement: fn(T) -> Restatement,
    restated: &mut Vec<Restatement>,
) {
    match (kept.is_some(), other) {
        (true, Some(other)) => restated.push(restatement(other)),
        (false, other) => *kept = other,
        (true, None) => {}
    }
}

/// A stated length counted in units this coarse (half hours, hours, days) is a rounded figure.
const ROUGH_LENGTH: i64 = 30 * 60;

/// The window's start and end, taking a missing one from the other and the stated length.
pub(super) fn bounds_of(window: &StatedWindow) -> Interval {
    let shifted = |stamp: &Stamp, sign: i64| -> Option<Stamp> {
        let length = window.length.as_ref()?;
        let delta = TimeDelta::try_seconds(sign * length.seconds)?;
        let moved = stamp.local()?.checked_add_signed(delta)?;
        Some(Stamp {
            span: length.span.clone(),
            date: Some(moved.date()),
            time: Some(moved.time()),
            date_written: false,
            // "about 2 hours", or "2 hours" counted in whole hours, puts the end only
            // roughly.
            approx: stamp.approx || length.approx || length.granularity >= ROUGH_LENGTH,
            ..stamp.clone()
        })
    };
    Interval {
        start: window
            .start
            .clone()
            .or_else(|| shifted(window.end.as_ref()?, -1)),
        end: window
            .end
            .clone()
            .or_else(|| shifted(window.start.as_ref()?, 1)),
    }
}

/// A window that states only its length ("Duration: 1 hour") completes the window around it
/// instead of hiding that window's start and end from the entries in its scope. Scopes are
/// sections or the whole text, so the windows around one are found among its parent sections.
/// `by_scope` indexes `windows` by scope.
fn fold_lengths_outward(
    windows: Vec<StatedWindow>,
    mut by_scope: HashMap<Range<usize>, usize>,
    sections: &[Section],
    len: usize,
) -> Vec<StatedWindow> {
    let whole = 0..len;
    let mut windows: Vec<Option<StatedWindow>> = windows.into_iter().map(Some).collect();
    for i in 0..windows.len() {
        let Some(window) = &windows[i] else { continue };
        if window.start.is_some() || window.end.is_some() {
            continue;
        }
        let scope = window.scope.clone();
        // The narrowest other scope that holds this one and still has its window.
        let enclosing = scopes::around(sections, scope.start)
            .map(|s| &s.span)
            .chain(std::iter::once(&whole))
            .filter(|s| **s != scope && s.start <= scope.start && scope.end <= s.end)
            .find_map(|s| by_scope.get(s).copied());
        if let Some(j) = enclosing {
            by_scope.remove(&scope);
            let length = windows[i].take().and_then(|w| w.length);
            if let Some(outer) = &mut windows[j] {
                outer.length = outer.length.take().or(length);
            }
        }
    }
    windows.into_iter().flatten().collect()
}

/// The second half of a range takes the first half's date, moved to the next day when its
/// clock is earlier (`23:00 to 01:00`); the flag says it was moved.
fn range_end(m: &Mention, start: &Stamp, dates: &DateContext, zones: &ZoneHints) -> (Stamp, bool) {
    let mut date = dates.own_date(m);
    let mut rolled = false;
    if date.is_none() && m.date.is_none() {
        date = start.date;
        let time = m.clock.as_ref().and_then(|c| c.time());
        if let (Some(d), Some(t), Some(s)) = (date, time, start.time)
            && t < s
        {
            date = d.succ_opt();
            rolled = true;
        }
    }
    (resolve(m, None, date, dates, zones), rolled)
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, EntryEvent};
    use crate::source::{Format, SourceFile};

    #[test]
    fn start_and_end_on_one_line_are_one_window() {
        for line in [
            "Start: 2024-05-14 13:20 UTC, End: 2024-05-14 13:50 UTC",
            "Start: 2024-05-14 13:20 UTC End: 2024-05-14 13:50 UTC",
            "start: 2024-05-14 13:20 UTC; resolved at: 2024-05-14 13:50 UTC",
        ] {
            let text = format!("# T\n\n{line}\n");
            let source = SourceFile::new("t", &text, Format::Markdown);
            let doc = Document::parse(&source, &Default::default());
            assert_eq!(doc.windows.len(), 1, "{line}");
            let window = &doc.windows[0];
            let describe = |s: &Option<crate::time::Stamp>| s.as_ref().map(|s| s.describe());
            assert_eq!(
                describe(&window.start).as_deref(),
                Some("2024-05-14 13:20"),
                "{line}"
            );
            assert_eq!(
                describe(&window.end).as_deref(),
                Some("2024-05-14 13:50"),
                "{line}"
            );
        }
    }

    #[test]
    fn each_incident_gets_its_own_window() {
        let text = "# Two\n\n## Timeline\n\n### May 1, 2024\n\n**Duration:** 10:00 to 11:00 UTC\n\n- **10:05 UTC** - alert fired\n\n### May 2, 2024\n\n**Duration:** 20:00 to 21:00 UTC\n\n- **20:30 UTC** - service fully restored\n";
        let source = SourceFile::new("t", text, Format::Markdown);
        let doc = Document::parse(&source, &Default::default());
        assert_eq!(doc.windows.len(), 2);
        let second = &doc.windows[doc.entries[1].window.unwrap()];
        assert_eq!(
            second.start.as_ref().unwrap().describe(),
            "2024-05-02 20:00"
        );
        assert_eq!(doc.entries[1].event, EntryEvent::Restoration);
    }

    #[test]
    fn a_length_alone_completes_the_window_around_it() {
        let text = "---\nstart: 2024-05-01T10:00Z\nend: 2024-05-01T11:00Z\n---\n# Queue backlog\n\nDuration: 1 hour\n\n## Timeline\n\n- 2024-05-01 10:05 UTC - paged\n";
        let source = SourceFile::new("t", text, Format::Markdown);
        let doc = Document::parse(&source, &Default::default());
        assert_eq!(doc.windows.len(), 1);
        assert_eq!(doc.windows[0].length.as_ref().unwrap().seconds, 3600);
        assert!(doc.windows[0].start.is_some());
    }

    #[test]
    fn lengths_fold_into_the_nearest_window_around_them_in_order() {
        let text = "# Outages\n\n**Duration:** 2024-05-01 10:00 to 12:00 UTC\n\n## Timeline\n\n### First\n\nDuration: 30 minutes\n\n- 2024-05-01 10:05 UTC - paged\n\n### Second\n\nDuration: 1 hour\n\n- 2024-05-01 11:00 UTC - paged\n";
        let source = SourceFile::new("t", text, Format::Markdown);
        let doc = Document::parse(&source, &Default::default());
        assert_eq!(doc.windows.len(), 1);
        assert_eq!(doc.windows[0].length.as_ref().unwrap().seconds, 1800);
        assert_eq!(doc.entries[1].window, Some(0));
    }
}
