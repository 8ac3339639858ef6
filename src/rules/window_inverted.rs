use chrono::{TimeDelta, Timelike};

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::TimelineEntry;
use crate::time::grammar::Meridiem;
use crate::time::{Stamp, describe_gap, min_gap};

declare_rule! {
    /// ## What it does
    /// Reports a stated incident window whose end is before its start: "Duration: 11:40 AM to
    /// 5:45 AM" where the timeline ends at 5:45 PM the same day, or an end date before the
    /// start date. The help names the likely fix: AM for PM, or the date.
    ///
    /// An end written without a date and with an earlier clock (`23:00 to 01:00`) is read as the
    /// next day, and is reported only when the timeline shows the incident ending on the start's
    /// day after the end's clock.
    ///
    /// ## Why is this bad?
    /// An inverted window gives a negative or wildly wrong duration, and every entry check
    /// against it is meaningless.
    ///
    /// ## Example
    /// ```text
    /// Duration: March 4, 2024, 11:40 AM to 5:45 AM PST
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Duration: March 4, 2024, 11:40 AM to 5:45 PM PST
    /// ```
    pub struct WindowInverted {
        code: "PM104",
        name: "window-inverted",
        severity: Error,
        enabled: true,
        fix: None,
        summary: "A stated incident window that ends before it starts",
    }
}

impl Rule for WindowInverted {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let mut by_window = None;
        for (index, window) in doc.windows.iter().enumerate() {
            let (Some(start), Some(end)) = (&window.start, &window.end) else {
                continue;
            };
            let same_day_end = if window.end_rolled {
                let end = same_day(end, start);
                let by_window = by_window.get_or_insert_with(|| doc.entries_by_window());
                if !timeline_ends_on_start_day(&by_window[index], start, &end) {
                    continue;
                }
                end
            } else {
                end.clone()
            };
            let Some(gap) = min_gap(start, &same_day_end).filter(|g| *g > TimeDelta::zero()) else {
                continue;
            };
            cx.report(
                Diagnostic::new(
                    &Self::META,
                    end.span.clone(),
                    format!(
                        "the stated end {} is {} before the stated start {}",
                        same_day_end.describe(),
                        describe_gap(gap),
                        start.describe()
                    ),
                )
                .label("ends before it starts")
                .related(start.span.clone(), "stated start")
                .help(likely_correction(start, &same_day_end)),
            );
        }
    }
}

/// The end read on the start's day, as written.
fn same_day(end: &Stamp, start: &Stamp) -> Stamp {
    Stamp {
        date: start.date,
        ..end.clone()
    }
}

/// The entries the window governs all fall on the start's day, and the last is after the
/// end's clock: the end was not the next morning.
fn timeline_ends_on_start_day(governed: &[&TimelineEntry], start: &Stamp, end: &Stamp) -> bool {
    !governed.is_empty()
        && governed.iter().all(|e| e.stamp.date == start.date)
        && governed
            .iter()
            .any(|e| min_gap(&e.stamp, end).is_some_and(|g| g > TimeDelta::zero()))
}

/// Help naming the likeliest correction: an end written AM that PM would put after the start,
/// or the dates to check.
fn likely_correction(start: &Stamp, end: &Stamp) -> String {
    if end.meridiem == Some(Meridiem::Am)
        && let Some(time) = end.time
    {
        let later = time + TimeDelta::hours(12);
        let flipped = Stamp {
            time: Some(later),
            ..end.clone()
        };
        if min_gap(&flipped, start).is_some_and(|g| g >= TimeDelta::zero()) {
            return format!(
                "did you mean {}:{:02} PM for the end?",
                time.hour12().1,
                time.minute()
            );
        }
    }
    if end.date_written && start.date_written && end.date != start.date {
        return "check the dates: the end date is before the start date".to_string();
    }
    "check the start and end: swap them, or correct AM/PM or the date".to_string()
}
