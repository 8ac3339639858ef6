//! Writing a date and time the way a document already wrote another: a fix that replaces a
//! stated time must keep the document's notation (`May 14, 2024 10:00` stays in that form,
//! `2024-05-14 10:00 AM` in its own).

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// Date notations, unpadded before padded, so `May 15` is read as `%B %-d` and `May 05` as
/// `%B %d`.
const DATES: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %-d, %Y",
    "%B %d, %Y",
    "%B %-d %Y",
    "%b %-d, %Y",
    "%b %-d %Y",
    "%-d %B %Y",
    "%d %B %Y",
    "%-d %b %Y",
    "%A, %B %-d, %Y",
    "%a, %B %-d, %Y",
    "%A %-d %B %Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%-d/%-m/%Y",
    "%-m/%-d/%Y",
    "%B %-d",
    "%-d %B",
];

const CLOCKS: &[&str] = &[
    "%H:%M",
    "%H:%M:%S",
    "%-H:%M",
    "%-I:%M %p",
    "%-I:%M%p",
    "%-I:%M %P",
    "%-I:%M%P",
    "%I:%M %p",
    "%-I %p",
    "%-I%p",
    "%H%M",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const SEPARATORS: &[&str] = &[" ", ", ", " at ", "T", " - ", ","];

/// `written`, a date (if `date_written`) and clock that read as `date` and `time`, rewritten to
/// say `new_date` and `new_time` in the same notation, with whatever follows the clock (its
/// zone) kept. `None` when the notation is not one pmlint can write, or cannot say the new
/// time: a clock without a date cannot move to another day, `2 PM` cannot say 2:30.
pub fn rewrite(
    written: &str,
    (date, time): (NaiveDate, NaiveTime),
    date_written: bool,
    (new_date, new_time): (NaiveDate, NaiveTime),
) -> Option<String> {
    let clocks: Vec<&str> = CLOCKS
        .iter()
        .copied()
        .filter(|clock| says(clock, new_time))
        .collect();
    if !date_written {
        if new_date != date {
            return None;
        }
        let (clock, rest) = clocks
            .iter()
            .find_map(|clock| Some((clock, written_clock(written, time, clock)?)))?;
        return Some(format!("{}{rest}", new_time.format(clock)));
    }
    for day in DATES {
        // `3/3/2024` reads the same in either order, so it cannot tell which to write.
        let numeric = day.contains("%m") && !day.starts_with("%Y");
        if numeric && date.day() == date.month() {
            return None;
        }
        let shown = date.format(day).to_string();
        let Some(after_date) = written.strip_prefix(&shown) else {
            continue;
        };
        if !day.contains("%Y") && new_date.year() != date.year() {
            continue;
        }
        for separator in SEPARATORS {
            let Some(clock_text) = after_date.strip_prefix(separator) else {
                continue;
            };
            if let Some((clock, rest)) = clocks
                .iter()
                .find_map(|clock| Some((clock, written_clock(clock_text, time, clock)?)))
            {
                return Some(format!(
                    "{}{separator}{}{rest}",
                    new_date.format(day),
                    new_time.format(clock)
                ));
            }
        }
    }
    None
}

/// What follows `time` written in `clock` at the start of `text`, if it is written so and is
/// not the first part of a longer clock (`10:00` in `10:00:30`).
fn written_clock<'t>(text: &'t str, time: NaiveTime, clock: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(&time.format(clock).to_string())?;
    let longer = rest.starts_with(|c: char| c.is_ascii_digit() || c == ':');
    // `10:00 AM` or `10:00 a.m.` read as `%H:%M` would keep a meridiem the new time may
    // contradict, and a weekday after the time (`(Saturday)`) one the new date may.
    let words = rest.to_ascii_lowercase();
    let meridiem = words.trim_start().replace('.', "").starts_with(['a', 'p'])
        && words
            .trim_start()
            .trim_start_matches(['a', 'p', '.'])
            .starts_with('m');
    let weekday = words
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|word| word.len() >= 3 && WEEKDAYS.iter().any(|day| day.starts_with(word)));
    (!longer && !meridiem && !weekday).then_some(rest)
}

/// Whether `clock` can write `time` exactly.
fn says(clock: &str, time: NaiveTime) -> bool {
    (clock.contains("%M") || time.minute() == 0) && (clock.contains("%S") || time.second() == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> (NaiveDate, NaiveTime) {
        (
            NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            NaiveTime::from_hms_opt(h, min, 0).unwrap(),
        )
    }

    fn end_on(month: u32, day: u32) -> (NaiveDate, NaiveTime) {
        at(2024, month, day, 19, 45)
    }

    #[test]
    fn keeps_the_notation_and_what_follows_the_clock() {
        let end = at(2024, 5, 14, 10, 0);
        let restored = at(2024, 5, 10, 9, 5);
        for (written, expected) in [
            ("May 14, 2024 10:00 UTC", "May 10, 2024 09:05 UTC"),
            ("2024-05-14 10:00 UTC", "2024-05-10 09:05 UTC"),
            ("2024-05-14T10:00Z", "2024-05-10T09:05Z"),
            ("14 May 2024, 10:00 AM (PDT)", "10 May 2024, 9:05 AM (PDT)"),
            (
                "Tuesday, May 14, 2024 at 10:00",
                "Friday, May 10, 2024 at 09:05",
            ),
        ] {
            assert_eq!(
                rewrite(written, end, true, restored).as_deref(),
                Some(expected),
                "{written}"
            );
        }
    }

    #[test]
    fn a_notation_that_cannot_say_the_new_time_gives_nothing() {
        let end = at(2024, 5, 14, 10, 0);
        // A clock alone cannot move to another day; `10 AM` cannot say 9:05.
        assert_eq!(
            rewrite("10:00 UTC", end, false, at(2024, 5, 10, 9, 5)),
            None
        );
        assert_eq!(
            rewrite("May 14, 2024 10 AM", end, true, at(2024, 5, 14, 9, 5)),
            None
        );
        assert_eq!(
            rewrite("10:00 UTC", end, false, at(2024, 5, 14, 9, 5)).as_deref(),
            Some("09:05 UTC")
        );
        assert_eq!(
            rewrite("in the morning", end, true, at(2024, 5, 14, 9, 5)),
            None
        );
        // A numeric date whose day is its month cannot tell its order.
        assert_eq!(
            rewrite(
                "3/3/2024 19:45 UTC",
                end_on(3, 3),
                true,
                at(2024, 3, 2, 23, 40)
            ),
            None
        );
        assert_eq!(
            rewrite(
                "3/4/2024 19:45 UTC",
                end_on(3, 4),
                true,
                at(2024, 3, 2, 23, 40)
            )
            .as_deref(),
            Some("3/2/2024 23:40 UTC")
        );
        // A meridiem or weekday after the clock may not fit the new time.
        let evening = at(2024, 3, 9, 10, 45);
        assert_eq!(
            rewrite(
                "March 9, 2024 10:45 a.m. UTC",
                evening,
                true,
                at(2024, 3, 8, 15, 40)
            ),
            None
        );
        assert_eq!(
            rewrite(
                "March 9, 2024 10:45 UTC (Saturday)",
                evening,
                true,
                at(2024, 3, 8, 15, 40)
            ),
            None
        );
        // A 24-hour clock with a PM keeps no PM it might contradict.
        let late = at(2024, 5, 14, 14, 0);
        assert_eq!(
            rewrite("May 14, 2024 14:00 PM", late, true, at(2024, 5, 14, 9, 5)),
            None
        );
    }
}
