use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a weekday written with a date that fell on another day: "Tuesday, November 9,
    /// 2022" when November 9, 2022 was a Wednesday. A date written without a year is checked in
    /// the year the dates around it give.
    ///
    /// ## Why is this bad?
    /// Either the weekday or the date is wrong, and readers lining the timeline up with a
    /// calendar, a deploy log or an on-call rota cannot tell which.
    ///
    /// ## Example
    /// ```text
    /// Duration: Tuesday, November 9, 2022, 10:00 to 11:30 UTC
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Duration: Wednesday, November 9, 2022, 10:00 to 11:30 UTC
    /// ```
    pub struct WeekdayMismatch {
        code: "PM108",
        name: "weekday-mismatch",
        severity: Error,
        enabled: true,
        fix: None,
        summary: "A weekday that does not match its date",
    }
}

impl Rule for WeekdayMismatch {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for written in &doc.written {
            let Some(part) = &written.mention.date else {
                continue;
            };
            let (Some((weekday, weekday_span)), Some(date)) = (&part.weekday, written.date) else {
                continue;
            };
            if date.weekday() == *weekday {
                continue;
            }
            let day = date.format("%B %-d, %Y");
            cx.report(
                Diagnostic::new(
                    &Self::META,
                    weekday_span.start..part.span.end,
                    format!(
                        "{day} was a {}, not a {}",
                        name(date.weekday()),
                        name(*weekday)
                    ),
                )
                .label(format!("{day} was a {}", name(date.weekday())))
                .help(suggestion(date, *weekday)),
            );
        }
    }
}

/// The fix of either half: the right weekday, or the nearest date that is that weekday.
fn suggestion(date: NaiveDate, weekday: Weekday) -> String {
    let nearest = (-3i64..=3)
        .filter_map(|d| date.checked_add_signed(TimeDelta::days(d)))
        .filter(|d| d.weekday() == weekday)
        .min_by_key(|d| (*d - date).num_days().abs());
    let right_weekday = format!("{}, {}", name(date.weekday()), date.format("%B %-d, %Y"));
    match nearest {
        Some(other) => format!(
            "did you mean {right_weekday}, or {}, {}?",
            name(weekday),
            other.format("%B %-d, %Y")
        ),
        None => format!("did you mean {right_weekday}?"),
    }
}

fn name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}
