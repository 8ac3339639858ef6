use chrono::TimeDelta;

use super::shared::TYPO_GAP;
use super::year_outlier::year_outliers;
use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, TimelineEntry, WindowSource};
use crate::time::{approx_slack, describe_gap, min_gap};

declare_rule! {
    /// ## What it does
    /// Reports a timeline entry that is earlier than the entry before it ("15:40 rollback
    /// started" followed by "15:10 incident declared"). The related span points at the entry it
    /// contradicts.
    ///
    /// A timeline that runs past midnight without writing dates (23:50, then 00:20) is read as
    /// moving to the next day and is not reported; a backward step within one day is. Entries
    /// are compared within one timeline section, only when both have a time or a date, under
    /// every reading of their zones, with half an hour of leeway for times written as
    /// approximate. A timeline written newest first is left alone.
    ///
    /// An entry out of place because its own date is off (half a year or more outside its
    /// stated window, or the year typo `year-outlier` finds) is reported once, by those rules,
    /// and not again here on its innocent neighbour; the entries around it are still checked
    /// against each other.
    ///
    /// ## Why is this bad?
    /// Time to detect and time to recover are read off the timeline. An entry out of order is a
    /// wrong time or a misplaced line, and either way the metrics built on it are wrong.
    ///
    /// ## Example
    /// ```text
    /// | 2023-03-02 11:08 | Follow-up mail sent to customers |
    /// | 2023-03-02 11:07 | Sev 1 ticket raised              |
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// | 2023-03-02 11:07 | Sev 1 ticket raised              |
    /// | 2023-03-02 11:08 | Follow-up mail sent to customers |
    /// ```
    pub struct TimelineOrder {
        code: "PM103",
        name: "timeline-order",
        severity: Error,
        enabled: true,
        fix: None,
        summary: "A timeline entry earlier than the one before it",
    }
}

impl Rule for TimelineOrder {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let misdated = misdated(doc);
        let mut start = 0;
        while start < doc.entries.len() {
            let timeline = &doc.entries[start].timeline;
            let len = doc.entries[start..]
                .iter()
                .take_while(|e| e.timeline == *timeline)
                .count();
            let placed: Vec<&TimelineEntry> = (start..start + len)
                .filter(|&i| !misdated[i])
                .map(|i| &doc.entries[i])
                .filter(|e| e.stamp.date.is_some() && !e.event_first)
                .collect();
            check_timeline(&placed, cx);
            start += len;
        }
    }
}

/// Entries whose own date is off, by entry: a year typo, or a written date half a year or
/// more outside the stated window that governs it, and the entries that take their date from
/// such an entry.
fn misdated(doc: &Document) -> Vec<bool> {
    let mut misdated: Vec<bool> = doc
        .entries
        .iter()
        .map(|entry| {
            let Some(window) = entry.window.map(|w| &doc.windows[w]) else {
                return false;
            };
            let bounds = &window.bounds;
            let far = |gap: Option<TimeDelta>| gap.is_some_and(|gap| gap >= TYPO_GAP);
            entry.stamp.date_written
                && window.source != WindowSource::Markers
                && !bounds.is_inverted()
                && (far(bounds.end.as_ref().and_then(|end| min_gap(&entry.stamp, end)))
                    || far(bounds.start.as_ref().and_then(|start| min_gap(start, &entry.stamp))))
        })
        .collect();
    for outlier in year_outliers(doc) {
        if let Some(entry) = doc.written[outlier.written].entry {
            misdated[entry] = true;
        }
    }
    // An entry that writes only a time takes its date from the entry before: a wrong date
    // carries over to it.
    let mut carried = false;
    for (entry, misdated) in doc.entries.iter().zip(misdated.iter_mut()) {
        if entry.stamp.date_written {
            carried = *misdated;
        } else {
            *misdated |= carried;
        }
    }
    misdated
}

/// How far `entry` lies before `previous`, when it surely does.
fn backward_step(previous: &TimelineEntry, entry: &TimelineEntry) -> Option<TimeDelta> {
    let gap = min_gap(&previous.stamp, &entry.stamp)?;
    (gap > approx_slack(&previous.stamp, &entry.stamp)).then_some(gap)
}

fn check_timeline(placed: &[&TimelineEntry], cx: &mut Context) {
    let steps: Vec<Option<TimeDelta>> = placed
        .windows(2)
        .map(|pair| backward_step(pair[0], pair[1]))
        .collect();
    let backward = steps.iter().filter(|s| s.is_some()).count();
    let forward = placed
        .windows(2)
        .filter(|pair| backward_step(pair[1], pair[0]).is_some())
        .count();
    if backward > forward {
        return; // written newest first
    }
    for (i, step) in steps.iter().enumerate() {
        let Some(gap) = step else { continue };
        let (previous, entry) = (placed[i], placed[i + 1]);
        // The previous entry is the one out of place when this entry follows the one before it.
        let previous_is_odd = i > 0 && backward_step(placed[i - 1], entry).is_none();
        let help = if previous_is_odd {
            format!(
                "the entries before and after {} are in order: check that entry's date and time",
                previous.stamp.describe()
            )
        } else {
            "check this entry's time, or move the line to where it belongs".to_string()
        };
        cx.report(
            Diagnostic::new(
                &TimelineOrder::META,
                entry.stamp.span.clone(),
                format!(
                    "entry at {} is {} before the entry above it, at {}",
                    entry.stamp.describe(),
                    describe_gap(*gap),
                    previous.stamp.describe()
                ),
            )
            .label(format!(
                "{} earlier than the entry above",
                describe_gap(*gap)
            ))
            .related(previous.stamp.span.clone(), "the entry above")
            .help(help),
        );
    }
}
