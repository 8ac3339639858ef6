use chrono::{Datelike, TimeDelta};

use super::shared::{TYPO_GAP, stated_where, year_fix};
use super::{Context, Rule};
use crate::time::grammar::PartSpan;
use crate::diagnostic::{Diagnostic, Fix, Safety};
use crate::document::{Document, EntryEvent, TimelineEntry, WindowSource};
use crate::time::{Interval, Stamp, approx_slack, describe_gap, min_gap};

declare_rule! {
    /// ## What it does
    /// Reports a timeline entry that falls outside the incident window the document states
    /// (`Duration: X to Y`, `Start:`/`End:` lines, front matter, a start with a stated length,
    /// a summary sentence such as "payments failed from 10:05 to 10:50 UTC", a timeline
    /// heading with a range, or the timeline's `OUTAGE BEGINS` / `OUTAGE ENDS` markers), where
    /// the difference cannot be the normal lead-up or follow-up:
    ///
    /// - a restoration ("service fully restored") after the stated end;
    /// - the first detection ("alerts fired", "paged") or restoration more than a day outside
    ///   the window (later reports of the same problem repeat it, and are not reported again);
    /// - an entry outside the window that sits between entries inside it, so it is neither
    ///   lead-up nor follow-up;
    /// - any dated entry half a year or more away from the window, which is almost always a
    ///   typo in the year.
    ///
    /// Lead-up entries at the start of the timeline (the deploy that triggered the incident) and
    /// follow-up entries at its end (the review meeting) are normal and not reported. Entries whose
    /// date is not written are checked only against the same day. When the window's zone and the
    /// entry's zone differ, or a zone has several meanings, the entry is reported only if it is
    /// outside under every reading. The help names a date that would fit.
    ///
    /// ## Why is this bad?
    /// The window and the timeline feed incident metrics. When they disagree, either the time to
    /// recover or the timeline is wrong, and readers cannot tell which.
    ///
    /// ## Example
    /// ```text
    /// Duration: May 9, 2022, 9:00 AM to May 14, 2022, 3:00 PM EAT
    /// - May 15, 2023, 9:30 AM: Issue detected by monitoring alerts.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Duration: May 9, 2022, 9:00 AM to May 14, 2022, 3:00 PM EAT
    /// - May 9, 2022, 9:30 AM: Issue detected by monitoring alerts.
    /// ```
    pub struct EntryOutsideWindow {
        code: "PM102",
        name: "entry-outside-window",
        severity: Error,
        enabled: true,
        fix: Unsafe,
        summary: "A timeline entry outside the stated incident window",
    }
}

/// Detection or restoration this far outside the window is not lead-up or follow-up.
const DAY: TimeDelta = TimeDelta::hours(24);

impl Rule for EntryOutsideWindow {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let bounds: Vec<&Interval> = doc.windows.iter().map(|w| &w.bounds).collect();
        let window_of: Vec<Option<usize>> = doc.entries.iter().map(|e| e.window).collect();

        // The first and last entry inside each window: an outside entry between them is
        // neither lead-up nor follow-up.
        let mut inside_range: Vec<Option<(usize, usize)>> = vec![None; doc.windows.len()];
        for (i, entry) in doc.entries.iter().enumerate() {
            if let Some(w) = window_of[i]
                && bounds[w].contains(&entry.stamp)
            {
                let range = inside_range[w].get_or_insert((i, i));
                range.1 = i;
            }
        }

        // Only a window's first detection and first restoration are the incident's; later
        // reports repeat them, and one finding says what all of them would.
        let mut seen: Vec<[bool; 2]> = vec![[false; 2]; doc.windows.len()];
        for (i, entry) in doc.entries.iter().enumerate() {
            let Some(w) = window_of[i] else { continue };
            let notable = match entry.event {
                EntryEvent::Detection => !std::mem::replace(&mut seen[w][0], true),
                EntryEvent::Restoration => !std::mem::replace(&mut seen[w][1], true),
                EntryEvent::Other => false,
            };
            if bounds[w].is_inverted() {
                continue; // an inverted window is a different finding
            }
            let (start, end) = (bounds[w].start.as_ref(), bounds[w].end.as_ref());
            let sandwiched = inside_range[w].is_some_and(|(first, last)| first < i && i < last);
            let Some(finding) = outside(entry, notable, sandwiched, start, end) else {
                continue;
            };
            // A year between an entry and a marker of the timeline: either may hold the typo,
            // and `year-outlier` tells which.
            let year_from_marker =
                doc.windows[w].source == WindowSource::Markers && finding.gap >= TYPO_GAP;
            if !year_from_marker {
                cx.report(report(doc, i, finding, bounds[w]));
            }
        }
    }
}

enum Side {
    Before,
    After,
}

struct Finding<'w> {
    side: Side,
    gap: TimeDelta,
    bound: &'w Stamp,
    sandwiched: bool,
}

/// Whether `entry` is outside the window from `start` to `end`, and how; `notable` when it is
/// the window's first detection or restoration.
fn outside<'w>(
    entry: &TimelineEntry,
    notable: bool,
    sandwiched: bool,
    start: Option<&'w Stamp>,
    end: Option<&'w Stamp>,
) -> Option<Finding<'w>> {
    let stamp = &entry.stamp;
    let far = |gap: TimeDelta| stamp.date_written && (gap >= TYPO_GAP || (notable && gap > DAY));

    if let Some(bound) = end
        && let Some(gap) = min_gap(stamp, bound)
    {
        let slack = approx_slack(stamp, bound);
        let restored_late = entry.event == EntryEvent::Restoration
            && gap > slack
            && (stamp.date_written || gap < DAY);
        if restored_late || far(gap) || (sandwiched && gap > slack) {
            return Some(Finding {
                side: Side::After,
                gap,
                bound,
                sandwiched,
            });
        }
    }
    let bound = start?;
    let gap = min_gap(bound, stamp)?;
    (far(gap) || (sandwiched && gap > approx_slack(stamp, bound))).then_some(Finding {
        side: Side::Before,
        gap,
        bound,
        sandwiched,
    })
}

fn report(doc: &Document, index: usize, finding: Finding, window: &Interval) -> Diagnostic {
    let entry = &doc.entries[index];
    let stamp = &entry.stamp;
    let gap = describe_gap(finding.gap);
    let (side, bound_name) = match finding.side {
        Side::Before => ("before", "start"),
        Side::After => ("after", "end"),
    };
    let what = match entry.event {
        EntryEvent::Restoration => "restoration",
        EntryEvent::Detection => "detection",
        EntryEvent::Other => "entry",
    };
    let message = format!(
        "{what} at {} is {gap} {side} the stated {bound_name} {}, stated {}",
        stamp.describe_zoned(),
        finding.bound.describe_zoned(),
        stated_where(doc, &finding.bound.span)
    );
    let label = if finding.sandwiched {
        format!("{gap} {side} the window, between entries inside it")
    } else {
        format!("{gap} {side} the window")
    };
    let (help, fix) = match suggestion(doc, index, window) {
        Some((help, fix)) => (Some(help), fix),
        None => (None, None),
    };
    let help = help.or_else(|| match finding.side {
        Side::After if entry.event == EntryEvent::Restoration => Some(format!(
            "the stated end should be when service came back: move it to {} or correct this entry",
            stamp.describe()
        )),
        _ if finding.sandwiched => Some(
            "the entries around it are inside the window: check this entry's date and time"
                .to_string(),
        ),
        _ => None,
    });
    let mut diagnostic = Diagnostic::new(&EntryOutsideWindow::META, stamp.span.clone(), message)
        .label(label)
        .related(finding.bound.span.clone(), format!("stated {bound_name}"));
    if let Some(help) = help {
        diagnostic = diagnostic.help(help);
    }
    diagnostic.fixes.extend(fix);
    diagnostic
}

/// A date that would put the entry where it belongs: the window's year (a year typo, with the
/// edit that makes it), else a day between the entries around it.
fn suggestion(doc: &Document, index: usize, window: &Interval) -> Option<(String, Option<Fix>)> {
    let stamp = &doc.entries[index].stamp;
    let date = stamp.date?;
    let with_date = |d| Stamp {
        date: Some(d),
        ..stamp.clone()
    };

    let mut years: Vec<i32> = [&window.start, &window.end]
        .into_iter()
        .flatten()
        .filter_map(|s| Some(s.date?.year()))
        .collect();
    years.dedup();
    for year in years.into_iter().filter(|y| *y != date.year()) {
        if let Some(candidate) = date
            .with_year(year)
            .map(with_date)
            .filter(|c| window.contains(c))
        {
            let help = format!(
                "did you mean {}? With {year} instead of {} the entry falls inside the window",
                candidate.describe(),
                date.year()
            );
            let written = doc.written[doc.entries[index].written].mention.date.as_ref();
            let year_span = written.and_then(|d| d.year_span).map(PartSpan::range);
            return Some((help, year_fix(doc.text(), year_span, date.year(), year, Safety::Unsafe)));
        }
    }

    let fits = |e: &&TimelineEntry| window.contains(&e.stamp);
    let previous = doc.entries[..index]
        .iter()
        .rev()
        .find(fits)
        .map(|e| (&e.stamp, "the previous entry"));
    let next = doc.entries[index + 1..]
        .iter()
        .find(fits)
        .map(|e| (&e.stamp, "the next entry"));
    let low = previous.or(window.start.as_ref().map(|s| (s, "the stated start")))?;
    let high = next.or(window.end.as_ref().map(|e| (e, "the stated end")))?;
    [low.0.date?, high.0.date?].into_iter().find_map(|day| {
        let candidate = with_date(day);
        let between = Interval {
            start: Some(low.0.clone()),
            end: Some(high.0.clone()),
        };
        between.contains(&candidate).then(|| {
            let help = format!(
                "{} would fit: it falls between {} ({}) and {} ({})",
                candidate.describe(),
                low.1,
                low.0.describe(),
                high.1,
                high.0.describe()
            );
            (help, None)
        })
    })
}
