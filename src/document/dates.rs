//! The dates written in the text, for times written without one to inherit.

use std::ops::Range;

use chrono::NaiveDate;

use super::WrittenTime;
use super::entries::only_markup;
use super::phrases::PHRASES;
use crate::document::layout::{Layout, LineKind};
use crate::time::grammar::Mention;

/// Dates written in the text, in order, for inheriting. Anchors are dates that open a line,
/// a table cell or a label's value, or sit in a heading; a date quoted in prose ("same cause
/// as October 21") is only used when nothing better is there.
pub(super) struct DateContext {
    written: Vec<(usize, NaiveDate, bool)>,
    /// For each written date, the index of the last anchor at or before it and of the first
    /// at or after it, so lookups stay logarithmic on long timelines.
    last_anchor: Vec<Option<usize>>,
    next_anchor: Vec<Option<usize>>,
    first_year: Option<i32>,
}

impl DateContext {
    pub(super) fn new(text: &str, layout: &Layout, mentions: &[WrittenTime]) -> DateContext {
        let first_year = mentions.iter().find_map(|w| w.mention.date.as_ref()?.year);
        let mut written: Vec<(usize, NaiveDate, bool)> = Vec::with_capacity(mentions.len());
        for m in mentions.iter().map(|w| &w.mention) {
            let Some(part) = &m.date else { continue };
            let date = match written.last() {
                Some((_, last, _)) => part.resolve_near(*last),
                None => part.resolve(first_year),
            };
            if let Some(date) = date {
                written.push((m.span.start, date, is_anchor(text, layout, m)));
            }
        }
        DateContext::indexed(written, first_year)
    }

    /// `written`: each date's offset, date and whether it is an anchor, in text order.
    fn indexed(written: Vec<(usize, NaiveDate, bool)>, first_year: Option<i32>) -> DateContext {
        let last_anchor = written
            .iter()
            .enumerate()
            .scan(None, |last, (i, (_, _, anchor))| {
                if *anchor {
                    *last = Some(i);
                }
                Some(*last)
            })
            .collect();
        let mut next_anchor: Vec<Option<usize>> = written
            .iter()
            .enumerate()
            .rev()
            .scan(None, |next, (i, (_, _, anchor))| {
                if *anchor {
                    *next = Some(i);
                }
                Some(*next)
            })
            .collect();
        next_anchor.reverse();
        DateContext {
            written,
            last_anchor,
            next_anchor,
            first_year,
        }
    }

    /// The last anchor before `pos`, as an index into `written`.
    fn anchor_before(&self, pos: usize) -> Option<usize> {
        let i = self.written.partition_point(|(p, _, _)| *p < pos);
        self.last_anchor[..i].last().copied().flatten()
    }

    /// The last date written before `pos`, an anchor if there is one.
    pub(super) fn before(&self, pos: usize) -> Option<NaiveDate> {
        let i = self.written.partition_point(|(p, _, _)| *p < pos);
        self.anchor_before(pos)
            .or(i.checked_sub(1))
            .map(|i| self.written[i].1)
    }

    /// The first date written in `range` after `pos`, an anchor if there is one: a window
    /// stated before its timeline ("Duration: 14:10 to 15:02 UTC") takes the entries' day.
    pub(super) fn first_after(&self, pos: usize, range: &Range<usize>) -> Option<NaiveDate> {
        let i = self.written.partition_point(|(p, _, _)| *p <= pos);
        let (first, _, _) = self.written.get(i)?;
        if !range.contains(first) {
            return None;
        }
        let anchor = self.next_anchor[i]
            .map(|a| self.written[a])
            .filter(|(p, _, _)| range.contains(p));
        Some(anchor.unwrap_or(self.written[i]).1)
    }

    /// The last anchor date in `range` before `pos`.
    pub(super) fn anchor_within(&self, pos: usize, range: &Range<usize>) -> Option<NaiveDate> {
        let (at, date, _) = self.written[self.anchor_before(pos)?];
        (at >= range.start).then_some(date)
    }

    /// The last date written in `range` before `pos`, anchor or not: the date of the sentence
    /// or line a time stands in ("On 5 June the resolver failed from 09:00").
    pub(super) fn last_within(&self, pos: usize, range: &Range<usize>) -> Option<NaiveDate> {
        let i = self.written.partition_point(|(p, _, _)| *p < pos);
        let (at, date, _) = self.written[..i].last()?;
        (*at >= range.start).then_some(*date)
    }

    /// A mention's own date, with a missing year taken from the dates written before it.
    pub(super) fn own_date(&self, m: &Mention) -> Option<NaiveDate> {
        let part = m.date.as_ref()?;
        let i = self.written.partition_point(|(p, _, _)| *p < m.span.start);
        match i.checked_sub(1) {
            Some(last) => part.resolve_near(self.written[last].1),
            None => part.resolve(self.first_year),
        }
    }
}

/// A date the narrative states in a sentence ("On November 31, 2023, checkout slowed down"),
/// rather than data it quotes ("the job computed February 29, 2023 as ..."): nothing before it
/// on its line but punctuation, or a word such as "on" or "since" right before it, and no
/// quote mark.
pub(super) fn is_narrative(text: &str, m: &Mention) -> bool {
    // Read back from the mention only as far as the last word: a line may be megabytes long.
    let before = &text[..m.span.start];
    let before = before.trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    match before.chars().last() {
        None | Some('\n') => true,
        Some('"' | '\'' | '`' | '“' | '‘' | '«') => false,
        Some(c) if !c.is_alphanumeric() => true,
        Some(_) => {
            let word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
            PHRASES.is_narrative_before(&before[word_start..])
        }
    }
}

/// A mention in a heading, or at the start of a line, a table cell or a label's value.
pub(super) fn is_anchor(text: &str, layout: &Layout, m: &Mention) -> bool {
    let pos = m.span.start;
    let i = layout.lines.partition_point(|l| l.span.start <= pos);
    let Some(line) = i
        .checked_sub(1)
        .map(|i| &layout.lines[i])
        .filter(|l| l.span.contains(&pos))
    else {
        return false;
    };
    let opens = |start: usize| start <= pos && only_markup(&text[start..pos]);
    match line.kind {
        LineKind::Heading { .. } => true,
        LineKind::TableRow { .. } => line.cells.iter().any(|c| opens(c.start)),
        LineKind::Text => opens(
            line.label
                .as_ref()
                .map_or(line.content.start, |l| l.rest.start),
        ),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// `first_after` by reading the dates after `pos` one by one.
    fn first_after_by_scan(
        written: &[(usize, NaiveDate, bool)],
        pos: usize,
        range: &Range<usize>,
    ) -> Option<NaiveDate> {
        let i = written.partition_point(|(p, _, _)| *p <= pos);
        let later = || {
            written[i..]
                .iter()
                .take_while(|(p, _, _)| range.contains(p))
        };
        later()
            .find(|(_, _, anchor)| *anchor)
            .or_else(|| later().next())
            .map(|(_, d, _)| *d)
    }

    proptest! {
        #[test]
        fn first_after_finds_what_a_scan_finds(
            gaps in prop::collection::vec((0..4usize, any::<bool>()), 0..30),
            pos in 0..80usize,
            start in 0..80usize,
            len in 0..80usize,
        ) {
            let mut at = 0;
            let written: Vec<(usize, NaiveDate, bool)> = gaps
                .iter()
                .enumerate()
                .map(|(day, (gap, anchor))| {
                    at += gap;
                    let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(day as u64);
                    (at, date, *anchor)
                })
                .collect();
            let range = start..start + len;
            let dates = DateContext::indexed(written.clone(), None);
            prop_assert_eq!(dates.first_after(pos, &range), first_after_by_scan(&written, pos, &range));
        }
    }
}
