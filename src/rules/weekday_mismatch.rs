use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Safety};

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
        fix: Unsafe,
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
            let (Some((weekday, weekday_span)), Some(date)) = (part.weekday, written.date) else {
                continue;
            };
            let weekday_span = weekday_span.range();
            if date.weekday() == weekday {
                continue;
            }
            let day = date.format("%B %-d, %Y");
            let written_weekday = &doc.text()[weekday_span.clone()];
            let right = written_like(written_weekday, date.weekday());
            cx.report(
                Diagnostic::new(
                    &Self::META,
                    weekday_span.start..part.span.end,
                    format!(
                        "{day} was a {}, not a {}",
                        name(date.weekday()),
                        name(weekday)
                    ),
                )
                .label(format!("{day} was a {}", name(date.weekday())))
                .help(suggestion(date, weekday))
                .fix(
                    weekday_span.clone(),
                    right.clone(),
                    format!("Replace `{written_weekday}` with `{right}`"),
                    Safety::Unsafe,
                ),
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

/// `weekday` written as `written` is: abbreviated (`Tue`, `Tues.`) or in full, in its case.
fn written_like(written: &str, weekday: Weekday) -> String {
    let full = name(weekday);
    let letters = written.trim_end_matches('.');
    // The shortest full name (`Monday`) has six letters; abbreviations (`Thurs`) have fewer.
    let word = if letters.len() >= 6 { full } else { &full[..3] };
    let dot = if written.ends_with('.') && word.len() == 3 { "." } else { "" };
    if letters.chars().all(|c| c.is_ascii_uppercase()) && letters.len() > 1 {
        format!("{}{dot}", word.to_ascii_uppercase())
    } else if letters.starts_with(|c: char| c.is_ascii_lowercase()) {
        format!("{}{dot}", word.to_ascii_lowercase())
    } else {
        format!("{word}{dot}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_weekday_is_written_as_the_wrong_one_was() {
        assert_eq!(written_like("Tuesday", Weekday::Wed), "Wednesday");
        assert_eq!(written_like("Tue", Weekday::Wed), "Wed");
        assert_eq!(written_like("Tue.", Weekday::Wed), "Wed.");
        assert_eq!(written_like("TUESDAY", Weekday::Wed), "WEDNESDAY");
        assert_eq!(written_like("tue", Weekday::Wed), "wed");
    }
}
