use chrono::{Datelike, TimeDelta};

use super::{Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, EntryEvent, StatedWindow, TimelineEntry};
use crate::time::{Stamp, describe_gap, min_gap};

declare_rule! {
    /// ## What it does
    /// Reports a timeline entry that falls outside the incident window the document states
    /// (`Duration: X to Y`, `Start:`/`End:` lines, front matter, or a start with a stated
    /// length), where the difference cannot be the normal lead-up or follow-up:
    ///
    /// - a restoration ("service fully restored") after the stated end;
    /// - a detection ("alerts fired", "paged") or restoration more than a day outside the window;
    /// - any dated entry half a year or more away from the window, which is almost always a
    ///   typo in the year.
    ///
    /// Lead-up entries before the start (the deploy that triggered the incident) and follow-up
    /// entries after the end (the review meeting) are normal and not reported. Entries whose
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
        summary: "A timeline entry outside the stated incident window",
    }
}

/// Detection or restoration this far outside the window is not lead-up or follow-up.
const DAY: TimeDelta = TimeDelta::hours(24);
/// Any dated entry this far away is a typo, usually in the year.
const FAR: TimeDelta = TimeDelta::days(180);
/// Slack for times written as approximate.
const APPROX: TimeDelta = TimeDelta::minutes(30);

impl Rule for EntryOutsideWindow {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for entry in &doc.entries {
            let Some(window) = doc.window_for(entry.line.start) else {
                continue;
            };
            let (start, end) = bounds(window);
            if let (Some(s), Some(e)) = (&start, &end)
                && min_gap(e, s).is_none_or(|gap| gap < TimeDelta::zero())
            {
                continue; // an inverted window is a different finding
            }
            if let Some(finding) = outside(entry, start.as_ref(), end.as_ref()) {
                out.push(report(doc, entry, finding, start.as_ref(), end.as_ref()));
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
}

fn outside<'w>(
    entry: &TimelineEntry,
    start: Option<&'w Stamp>,
    end: Option<&'w Stamp>,
) -> Option<Finding<'w>> {
    let stamp = &entry.stamp;
    let slack = if stamp.approx {
        APPROX
    } else {
        TimeDelta::zero()
    };
    let after = end.and_then(|e| Some((min_gap(stamp, e)?, e)));
    let before = start.and_then(|s| Some((min_gap(s, stamp)?, s)));
    let notable = matches!(entry.event, EntryEvent::Detection | EntryEvent::Restoration);

    if let Some((gap, bound)) = after {
        let slack = if bound.approx { slack + APPROX } else { slack };
        let restored_late = entry.event == EntryEvent::Restoration && gap > slack;
        let far = stamp.date_written && (gap >= FAR || (notable && gap > DAY));
        if restored_late && (stamp.date_written || gap < DAY) || far {
            return Some(Finding {
                side: Side::After,
                gap,
                bound,
            });
        }
    }
    if let Some((gap, bound)) = before {
        let far = stamp.date_written && (gap >= FAR || (notable && gap > DAY));
        if far {
            return Some(Finding {
                side: Side::Before,
                gap,
                bound,
            });
        }
    }
    None
}

/// The window's start and end, taking a missing one from the other and the stated length.
fn bounds(window: &StatedWindow) -> (Option<Stamp>, Option<Stamp>) {
    let length = window.length.as_ref();
    let shifted = |stamp: &Stamp, sign: i64| -> Option<Stamp> {
        let length = length?;
        let delta = TimeDelta::try_seconds(sign * length.seconds)?;
        let moved = stamp.local()?.checked_add_signed(delta)?;
        Some(Stamp {
            span: length.span.clone(),
            date: Some(moved.date()),
            time: Some(moved.time()),
            date_written: false,
            ..stamp.clone()
        })
    };
    let start = window
        .start
        .clone()
        .or_else(|| shifted(window.end.as_ref()?, -1));
    let end = window
        .end
        .clone()
        .or_else(|| shifted(window.start.as_ref()?, 1));
    (start, end)
}

fn report(
    doc: &Document,
    entry: &TimelineEntry,
    finding: Finding,
    start: Option<&Stamp>,
    end: Option<&Stamp>,
) -> Diagnostic {
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
        "{what} at {} is {gap} {side} the stated {bound_name} {}",
        stamp.describe(),
        finding.bound.describe()
    );
    let mut diagnostic = Diagnostic::new(&EntryOutsideWindow::META, stamp.span.clone(), message)
        .label(format!("{gap} {side} the window"))
        .related(finding.bound.span.clone(), format!("stated {bound_name}"));
    let help = suggestion(doc, entry, start, end).or_else(|| {
        (entry.event == EntryEvent::Restoration && matches!(finding.side, Side::After)).then(|| {
            format!(
                "the stated end should be when service came back: move it to {} or correct this entry",
                stamp.describe()
            )
        })
    });
    if let Some(help) = help {
        diagnostic = diagnostic.help(help);
    }
    diagnostic
}

/// A date that would put the entry where it belongs: the window's year (a year typo), else a
/// day between the entries around it.
fn suggestion(
    doc: &Document,
    entry: &TimelineEntry,
    start: Option<&Stamp>,
    end: Option<&Stamp>,
) -> Option<String> {
    let stamp = &entry.stamp;
    let date = stamp.date?;
    let inside = |candidate: &Stamp| {
        start.is_none_or(|s| min_gap(candidate, s).is_some_and(|g| g >= TimeDelta::zero()))
            && end.is_none_or(|e| min_gap(e, candidate).is_some_and(|g| g >= TimeDelta::zero()))
    };
    let with_date = |d| Stamp {
        date: Some(d),
        ..stamp.clone()
    };

    let mut years: Vec<i32> = [start, end]
        .into_iter()
        .flatten()
        .filter_map(|s| Some(s.date?.year()))
        .collect();
    years.dedup();
    for year in years.into_iter().filter(|y| *y != date.year()) {
        if let Some(candidate) = date.with_year(year).map(with_date).filter(|c| inside(c)) {
            return Some(format!(
                "did you mean {}? With {year} instead of {} the entry falls inside the window",
                candidate.describe(),
                date.year()
            ));
        }
    }

    let position = doc.entries.iter().position(|e| std::ptr::eq(e, entry))?;
    let fits = |e: &&TimelineEntry| e.stamp.date.is_some() && inside(&e.stamp);
    let previous = doc.entries[..position]
        .iter()
        .rev()
        .find(fits)
        .map(|e| (&e.stamp, "the previous entry"));
    let next = doc.entries[position + 1..]
        .iter()
        .find(fits)
        .map(|e| (&e.stamp, "the next entry"));
    let low = previous.or(start.map(|s| (s, "the stated start")))?;
    let high = next.or(end.map(|e| (e, "the stated end")))?;
    [low.0.date?, high.0.date?].into_iter().find_map(|day| {
        let candidate = with_date(day);
        let between = min_gap(&candidate, low.0).is_some_and(|g| g >= TimeDelta::zero())
            && min_gap(high.0, &candidate).is_some_and(|g| g >= TimeDelta::zero());
        between.then(|| {
            format!(
                "{} would fit: it falls between {} ({}) and {} ({})",
                candidate.describe(),
                low.1,
                low.0.describe(),
                high.1,
                high.0.describe()
            )
        })
    })
}
