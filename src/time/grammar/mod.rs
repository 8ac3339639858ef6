//! The timestamp grammar. One regex pass over the whole text finds date and clock tokens;
//! a combiner joins neighbours into mentions (`May 10, 2023, 14:00 WTC`), reads the zone
//! written after a clock, and links the two halves of a range (`16:58 to 18:46 UTC`).
//!
//! Nothing here guesses: a mention keeps what was written, and resolving a missing date or
//! zone from its context is the document builder's job.

mod tokens;
mod zones;

use std::ops::Range;

use chrono::{NaiveDate, NaiveTime, Weekday};

use super::conventions::Conventions;
use super::zone::Zone;
use tokens::{Token, tokenize};
use zones::scan_zone;
pub use zones::zone_at;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meridiem {
    Am,
    Pm,
}

/// Where a part of a date is written, in 8 bytes rather than the 16 of a `Range<usize>`: a
/// huge document holds millions of dates. A part past 4 GiB is not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartSpan {
    start: u32,
    end: u32,
}

impl PartSpan {
    pub fn new(range: Range<usize>) -> Option<PartSpan> {
        Some(PartSpan {
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        })
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A calendar date as written. `year` is absent in `June 14th`.
#[derive(Debug, Clone, PartialEq)]
pub struct DatePart {
    pub span: Range<usize>,
    pub year: Option<i32>,
    /// Where the year is written, when it is.
    pub year_span: Option<PartSpan>,
    pub month: u8,
    /// Where the month's name is written in lower case (`march 3, 2024`), which is read only
    /// with a year after it.
    pub lowercase_month: Option<PartSpan>,
    pub day: u8,
    pub weekday: Option<(Weekday, PartSpan)>,
}

impl DatePart {
    /// The date, taking the year from `year_hint` when none was written.
    pub fn resolve(&self, year_hint: Option<i32>) -> Option<NaiveDate> {
        let year = self
            .year
            .or(year_hint)
            .filter(|y| PLAUSIBLE_YEARS.contains(y))?;
        NaiveDate::from_ymd_opt(year, self.month.into(), self.day.into())
    }

    /// Why no calendar has this date, if none does: April 31 never exists, February 29 only in
    /// leap years, and a year such as `20202` is a typo.
    pub fn impossibility(&self, year_hint: Option<i32>) -> Option<String> {
        let year = self.year.or(year_hint);
        if let Some(year) = year.filter(|y| !PLAUSIBLE_YEARS.contains(y)) {
            return Some(format!("year {year} is not a plausible year"));
        }
        let month_name = MONTH_NAMES[self.month as usize - 1];
        // 2000 is a leap year, so only dates that never exist fail here.
        if NaiveDate::from_ymd_opt(year.unwrap_or(2000), self.month.into(), self.day.into())
            .is_some()
        {
            return None;
        }
        Some(match year {
            Some(year) if self.month == 2 && self.day == 29 => {
                format!("{year} is not a leap year, so it has no February 29")
            }
            _ => format!("{month_name} has no day {}", self.day),
        })
    }

    /// The date, with a missing year chosen to put it nearest `context`: `January 1` after
    /// December 31, 2023 is in 2024.
    pub fn resolve_near(&self, context: NaiveDate) -> Option<NaiveDate> {
        use chrono::Datelike;
        if self.year.is_some() {
            return self.resolve(None);
        }
        [context.year(), context.year() + 1, context.year() - 1]
            .into_iter()
            .filter_map(|year| NaiveDate::from_ymd_opt(year, self.month.into(), self.day.into()))
            .min_by_key(|date| (*date - context).num_days().abs())
    }
}

/// Years a postmortem's dates can have; anything else is a typo such as `20202`.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2099;

/// Month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A clock time as written: `9:30 AM`, `14:05`, `10AM`, `~9:00 AM`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockPart {
    pub span: Range<usize>,
    // Small fields: a huge document holds millions of mentions.
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub meridiem: Option<Meridiem>,
    pub approx: bool,
    /// Written as `3:AM`: a colon with no minutes after it.
    pub missing_minutes: bool,
}

/// Why a clock as written cannot be a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockProblem {
    /// `25:10`
    HourPastDay,
    /// `13:55 PM`, `0:30 PM`
    MeridiemOn24Hour,
    /// `3:AM`
    MissingMinutes,
}

impl ClockPart {
    /// The time of day, or `None` for a clock that cannot be (25:10, 13:55 PM). `00:10 AM`
    /// is read as ten past midnight, and `3:AM` as three o'clock: both say what they mean.
    pub fn time(&self) -> Option<NaiveTime> {
        let hour = match self.meridiem {
            None => self.hour,
            Some(_) if self.hour > 12 => return None,
            Some(Meridiem::Am) => self.hour % 12,
            Some(Meridiem::Pm) if self.hour == 0 => return None,
            Some(Meridiem::Pm) => self.hour % 12 + 12,
        };
        NaiveTime::from_hms_opt(hour.into(), self.minute.into(), self.second.into())
    }

    /// What is wrong with the clock as written. `24:00`, the end of a day, is not wrong.
    pub fn problem(&self) -> Option<ClockProblem> {
        let midnight_end = self.hour == 24 && self.minute == 0 && self.second == 0;
        match self.meridiem {
            _ if self.missing_minutes => Some(ClockProblem::MissingMinutes),
            Some(Meridiem::Pm) if self.hour == 0 => Some(ClockProblem::MeridiemOn24Hour),
            Some(_) if self.hour > 12 => Some(ClockProblem::MeridiemOn24Hour),
            None if self.hour > 23 && !midnight_end => Some(ClockProblem::HourPastDay),
            _ => None,
        }
    }
}

/// A zone written after a clock or declared for a stretch of text.
#[derive(Debug, Clone, PartialEq)]
pub struct ZonePart {
    pub span: Range<usize>,
    pub zone: Zone,
}

/// One timestamp as written: a date, a clock, or both, with the zone after the clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Range<usize>,
    pub date: Option<DatePart>,
    pub clock: Option<ClockPart>,
    pub zone: Option<ZonePart>,
    /// This mention ends a range whose start is the mention just before it.
    pub ends_range: bool,
}

/// Finds every timestamp mention in `text`, skipping the sorted, disjoint `skip` ranges
/// (code blocks and inline code).
pub fn scan(text: &str, skip: &[Range<usize>], conventions: &Conventions) -> Vec<Mention> {
    scan_into(text, skip, conventions, |m| m, |m| m)
}

/// [`scan`], each mention wrapped by `wrap` as it is found: a caller that keeps more beside
/// each mention builds its records in one pass, never holding a second copy of them all.
pub fn scan_into<T>(
    text: &str,
    skip: &[Range<usize>],
    conventions: &Conventions,
    wrap: impl Fn(Mention) -> T,
    unwrap: impl Fn(&T) -> &Mention,
) -> Vec<T> {
    let tokens = tokenize(text, skip, conventions.date_order);
    // Room for a mention per token, the most there can be: on a huge document the list is
    // not copied as it grows, and the room never used is never touched.
    let mut mentions: Vec<T> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        // An offset such as `-08:00` after a clock looks like a clock of its own.
        if mentions
            .last()
            .is_some_and(|m| tokens[i].span().start < unwrap(m).span.end)
        {
            i += 1;
            continue;
        }
        let (mention, used) = combine(text, &tokens[i..], conventions);
        i += used.max(1);
        let Some(mut mention) = mention else { continue };
        if let Some(previous) = mentions.last().map(&unwrap) {
            mention.ends_range = previous.clock.is_some()
                && mention.clock.is_some()
                && !previous.ends_range
                && is_range_connector(&text[previous.span.end..mention.span.start]);
        }
        mentions.push(wrap(mention));
    }
    mentions
}

/// Joins the tokens at the head of `tokens` into one mention; returns it and how many tokens
/// it used.
fn combine(text: &str, tokens: &[Token], conventions: &Conventions) -> (Option<Mention>, usize) {
    let mut used = 0;
    let mut weekday = None;
    if let Token::Weekday(day, span) = &tokens[0] {
        match tokens.get(1) {
            Some(Token::Date(_)) if gap_is(text, span.end, tokens[1].span().start, &[",", ""]) => {
                weekday = PartSpan::new(span.clone()).map(|span| (*day, span));
                used = 1;
            }
            _ => return (None, 1),
        }
    }

    let mut date = None;
    if let Some(Token::Date(d)) = tokens.get(used) {
        let mut d = d.clone();
        d.weekday = weekday;
        date = Some(d);
        used += 1;
    }

    let mut clock = None;
    if let Some(Token::Clock(c)) = tokens.get(used) {
        let joins = match &date {
            None => true,
            Some(d) => gap_is(
                text,
                d.span.end,
                c.span.start,
                &[",", "", "at", ", at", "@", "T", "-", "–", "—"],
            ),
        };
        if joins {
            clock = Some(c.clone());
            used += 1;
        }
    }
    if clock.is_none() {
        clock = date
            .as_ref()
            .and_then(|d| compact_clock(text, d, conventions));
    }

    let mut zone = None;
    if let Some(c) = &clock {
        let iso_time = date.is_some() && text[..c.span.start].ends_with('T');
        zone = scan_zone(text, c.span.end, c.second != 0 || iso_time, conventions);
        if date.is_none()
            && let Some(Token::Date(d)) = tokens.get(used)
        {
            let from = zone.as_ref().map_or(c.span.end, |z| z.span.end);
            if gap_is(
                text,
                from,
                d.span.start,
                &["(", ",", "on", ", on", "", "of"],
            ) {
                date = Some(d.clone());
                used += 1;
            }
        }
    }

    let start = [
        weekday.map(|(_, s)| s.range().start),
        date.as_ref().map(|d| d.span.start),
        clock.as_ref().map(|c| c.span.start),
    ]
    .into_iter()
    .flatten()
    .min();
    let Some(start) = start else {
        return (None, used.max(1));
    };
    let end = [
        date.as_ref().map(|d| d.span.end),
        clock.as_ref().map(|c| c.span.end),
        zone.as_ref().map(|z| z.span.end),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(start);
    (
        Some(Mention {
            span: start..end,
            date,
            clock,
            zone,
            ends_range: false,
        }),
        used,
    )
}

/// `2025-01-14 1600`: four digits right after a full date, then maybe a zone, ending the line
/// or followed by a separator, are a 24-hour clock without its colon. Anywhere else `1600` is
/// a count.
fn compact_clock(text: &str, date: &DatePart, conventions: &Conventions) -> Option<ClockPart> {
    if date.year.is_none() || !text[..date.span.end].ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let digits_at = date.span.end + 1;
    let digits = text[date.span.end..].strip_prefix([' ', 'T'])?.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hour: u8 = digits[..2].parse().ok()?;
    let minute: u8 = digits[2..].parse().ok()?;
    let end = digits_at + 4;
    let zone_end = scan_zone(text, end, true, conventions).map_or(end, |z| z.span.end);
    let rest = text[zone_end..].trim_start_matches([' ', '\t']);
    let ends_entry = rest.is_empty()
        || rest.starts_with(['\n', '\r', '-', '–', '—', '|', ')'])
        || rest.starts_with(": ");
    (hour < 24 && minute < 60 && ends_entry).then_some(ClockPart {
        span: digits_at..end,
        hour,
        minute,
        second: 0,
        meridiem: None,
        approx: false,
        missing_minutes: false,
    })
}

/// True when the text between two tokens is one of `allowed`, ignoring spaces and tabs.
fn gap_is(text: &str, from: usize, to: usize, allowed: &[&str]) -> bool {
    if from > to {
        return false;
    }
    let gap = &text[from..to];
    if gap.len() > 8 || gap.contains('\n') {
        return false;
    }
    let squeezed: String = gap.split_whitespace().collect::<Vec<_>>().join(" ");
    let squeezed = squeezed.trim_matches(' ');
    allowed.iter().any(|a| squeezed.eq_ignore_ascii_case(a))
}

fn is_range_connector(gap: &str) -> bool {
    if gap.len() > 12 || gap.contains('\n') {
        return false;
    }
    let word = gap.trim().trim_end_matches('~').trim();
    matches!(
        word.to_ascii_lowercase().as_str(),
        "-" | "–" | "—" | "--" | "to" | "until" | "till" | "through" | "thru"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::conventions::DateOrder;

    fn one(text: &str) -> Mention {
        let mentions = scan(text, &[], &Conventions::default());
        assert_eq!(mentions.len(), 1, "{text:?} gave {mentions:#?}");
        mentions.into_iter().next().unwrap()
    }

    fn date(m: &Mention) -> (Option<i32>, u8, u8) {
        let d = m.date.as_ref().expect("a date");
        (d.year, d.month, d.day)
    }

    fn time(m: &Mention) -> String {
        m.clock
            .as_ref()
            .and_then(ClockPart::time)
            .unwrap()
            .format("%H:%M")
            .to_string()
    }

    fn zone(m: &Mention) -> String {
        m.zone.as_ref().expect("a zone").zone.to_string()
    }

    #[test]
    fn a_date_knows_where_its_year_is_written() {
        for (text, year) in [
            ("May 10, 2023, 14:00", Some("2023")),
            ("2023-05-10", Some("2023")),
            ("20223-05-11", Some("20223")),
            ("30 July 2012", Some("2012")),
            ("January 14-19, 2026", Some("2026")),
            ("07-27-23", Some("23")),
            ("June 14th", None),
        ] {
            let date = one(text).date.expect("a date");
            let written = date.year_span.map(|span| &text[span.range()]);
            assert_eq!(written, year, "{text}");
        }
    }

    #[test]
    fn month_name_date_with_time_and_unknown_zone() {
        let text = "May 10, 2023, 14:00 WTC: detected";
        let m = one(text);
        assert_eq!(date(&m), (Some(2023), 5, 10));
        assert_eq!(time(&m), "14:00");
        assert_eq!(m.zone.as_ref().unwrap().zone, Zone::Unknown("WTC".into()));
        assert_eq!(&text[m.span.clone()], "May 10, 2023, 14:00 WTC");
    }

    #[test]
    fn twelve_hour_clock_without_zone() {
        let m = one("May 9, 2022, 9:00 AM: paged");
        assert_eq!(date(&m), (Some(2022), 5, 9));
        assert_eq!(time(&m), "09:00");
        assert!(m.zone.is_none());
    }

    #[test]
    fn time_only_forms() {
        assert_eq!(time(&one("9:30 AM - rollback")), "09:30");
        assert_eq!(time(&one("12:15 AM")), "00:15");
        assert_eq!(time(&one("12:15 pm")), "12:15");
        assert_eq!(time(&one("14:05 - deploy")), "14:05");
        assert_eq!(time(&one("10AM standup")), "10:00");
        let bold = one("- **16:58 UTC** - writer saturated");
        assert_eq!(time(&bold), "16:58");
        assert_eq!(zone(&bold), "UTC");
    }

    #[test]
    fn approximate_clock_keeps_its_tilde() {
        let text = "~9:00 AM: next morning";
        let m = one(text);
        assert!(m.clock.as_ref().unwrap().approx);
        assert_eq!(&text[m.span.clone()], "~9:00 AM");
        assert!(one("around 14:00 the pager went").clock.unwrap().approx);
    }

    #[test]
    fn iso_8601_with_z_and_offsets() {
        let z = one("2023-05-10T14:00Z");
        assert_eq!(date(&z), (Some(2023), 5, 10));
        assert_eq!(zone(&z), "UTC");
        let offset = one("2022-01-13T07:28:00-08:00");
        assert_eq!(zone(&offset), "-08:00");
        let spaced = one("2023-01-17 14:00 UTC");
        assert_eq!(time(&spaced), "14:00");
        assert_eq!(zone(&spaced), "UTC");
        assert_eq!(zone(&one("2024-07-02 14:00 +05:30: paged")), "+05:30");
        assert_eq!(zone(&one("14:00 +0530 paged")), "+05:30");
    }

    #[test]
    fn a_spaced_minus_is_a_range_not_an_offset() {
        let text = "14:00 -15:00 rollback";
        let mentions = scan(text, &[], &Conventions::default());
        assert!(mentions[0].zone.is_none(), "{mentions:?}");
    }

    #[test]
    fn table_cell_and_ordinals() {
        let cell = one("| 2021-03-31 12:06 | Alert fired |");
        assert_eq!(date(&cell), (Some(2021), 3, 31));
        assert_eq!(time(&cell), "12:06");
        let ordinal = one("**June 14th, 2022, 10:00 AM:** paged");
        assert_eq!(date(&ordinal), (Some(2022), 6, 14));
        assert_eq!(time(&ordinal), "10:00");
        assert_eq!(date(&one("Oct 22rd 2022")), (Some(2022), 10, 22));
        assert_eq!(date(&one("on 30 July 2012")), (Some(2012), 7, 30));
        assert_eq!(date(&one("since June 14th")), (None, 6, 14));
        assert_eq!(
            date(&one("**Date:** January 14-19, 2026")),
            (Some(2026), 1, 14)
        );
    }

    #[test]
    fn weekday_attaches_to_its_date() {
        let m = one("Tuesday, November 9, 2022 at 10:00");
        assert_eq!(m.date.unwrap().weekday.unwrap().0, Weekday::Tue);
        assert!(scan("we met on Sunday", &[], &Conventions::default()).is_empty());
    }

    #[test]
    fn four_digits_after_a_full_date_are_a_clock() {
        assert_eq!(time(&one("Repaired: 2025-01-14 1600")), "16:00");
        assert_eq!(time(&one("2025-01-14 0930Z - paged")), "09:30");
        let counts = scan(
            "2025-01-14 1200 users, 2025-01-14 2561, 1600 users",
            &[],
            &Conventions::default(),
        );
        assert!(counts.iter().all(|m| m.clock.is_none()));
    }

    #[test]
    fn date_after_time() {
        let m = one("**00:03 UTC (Oct 30)** - rolled back");
        assert_eq!(date(&m), (None, 10, 30));
        assert_eq!(time(&m), "00:03");
        let on = one("22:30 UTC on October 29");
        assert_eq!(date(&on), (None, 10, 29));
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(date(&one("07-27-2023 2:14 pm")), (Some(2023), 7, 27));
        assert_eq!(date(&one("31/03/2021")), (Some(2021), 3, 31));
        assert!(scan("version 1.2.3 and 10-12", &[], &Conventions::default()).is_empty());
    }

    #[test]
    fn the_repository_date_order_reads_numeric_dates() {
        let mut day_first = Conventions::default();
        day_first.date_order = DateOrder::DayFirst;
        let read = |text: &str, c: &Conventions| date(&scan(text, &[], c)[0]);
        assert_eq!(
            read("05/02/2022", &Conventions::default()),
            (Some(2022), 5, 2)
        );
        assert_eq!(read("05/02/2022", &day_first), (Some(2022), 2, 5));
        assert_eq!(read("03/31/2022", &day_first), (Some(2022), 3, 31));
    }

    #[test]
    fn a_month_and_day_without_a_year_is_a_date_only_before_a_clock() {
        let m = one("[11-05 14:05] paged");
        assert_eq!((date(&m), time(&m).as_str()), ((None, 11, 5), "14:05"));
        assert_eq!(date(&one("11/05, 2:05 PM")), (None, 11, 5));
        let none = Conventions::default();
        assert!(scan("3-5 engineers, 24/7 support", &[], &none).is_empty());
        assert_eq!(scan("release 4.3-5 14:00", &[], &none)[0].date, None);
    }

    #[test]
    fn one_unambiguous_numeric_date_settles_the_order_of_the_others() {
        let read = |text: &str| -> Vec<(Option<i32>, u8, u8)> {
            let mentions = scan(text, &[], &Conventions::default());
            mentions
                .iter()
                .filter(|m| m.date.is_some())
                .map(date)
                .collect()
        };
        assert_eq!(
            read("24-10-2024 then 05/02/2024"),
            [(Some(2024), 10, 24), (Some(2024), 2, 5)]
        );
        assert_eq!(read("on 31/03 and 05/02 09:40"), [(None, 2, 5)]);
        // Both orders written: each date keeps the configured reading.
        assert_eq!(
            read("24/10/2024, 10/25/2024 and 05/02/2024"),
            [
                (Some(2024), 10, 24),
                (Some(2024), 10, 25),
                (Some(2024), 5, 2)
            ]
        );
        // `24/7` settles nothing.
        assert_eq!(read("24/7 support; 05/02/2024"), [(Some(2024), 5, 2)]);
    }

    #[test]
    fn ranges_link_their_halves() {
        let text = "from 16:58 to 18:46 UTC.";
        let mentions = scan(text, &[], &Conventions::default());
        assert_eq!(mentions.len(), 2);
        assert!(mentions[1].ends_range);
        assert!(mentions[0].zone.is_none());
        assert_eq!(zone(&mentions[1]), "UTC");

        let dated = scan(
            "2021-09-14 07:05 UTC - 2021-09-14 07:50 UTC",
            &[],
            &Conventions::default(),
        );
        assert_eq!(zone(&dated[0]), "UTC");
        assert!(dated[1].ends_range);

        let window = scan(
            "May 10, 2023, 14:00 WTC - May 11, 2023, 03:00 WTC",
            &[],
            &Conventions::default(),
        );
        assert_eq!(window.len(), 2);
        assert!(window[1].ends_range);
    }

    #[test]
    fn words_are_zones_only_next_to_a_time() {
        assert!(scan("CAT1 tokens and AWS MSK", &[], &Conventions::default()).is_empty());
        let m = one("3:00 PM CAT1 minted");
        assert!(m.zone.is_none());
        assert!(one("14:05 CDN purge started").zone.is_none());
        assert!(one("10:45 EKS upgrade").zone.is_none());
        for line in [
            "14:05 IC: incident declared",
            "14:07 CS: tickets",
            "14:20 ES-prod restarted",
        ] {
            assert!(one(line).zone.is_none(), "{line}");
        }
        assert_eq!(
            one("17:00 TC: workaround").zone.unwrap().zone,
            Zone::Unknown("TC".into())
        );
        for padded in [
            "| 2023-02-19 07:42 TC  | status page |",
            "- 07:42 WTC  - paged",
            "- 07:42 WTC <!-- a note -->",
            "| 07:42 WTC <!-- pmlint-disable-line unknown-timezone --> |",
        ] {
            let m = scan(padded, &[], &Conventions::default()).remove(0);
            assert!(matches!(m.zone.unwrap().zone, Zone::Unknown(_)), "{padded}");
        }
        assert!(one("14:05 CDN  purge").zone.is_none());
        assert_eq!(zone(&one("16:15 GMT+1: restart")), "+01:00");
        assert_eq!(zone(&one("16:15 GMT + 1 restart")), "+01:00");
        assert_eq!(
            one("10:41 UTC+: incident declared").zone.unwrap().zone,
            Zone::Unknown("UTC+".into())
        );
        let range = scan("09:00 UTC - 10:45 UTC", &[], &Conventions::default());
        assert_eq!(zone(&range[0]), "UTC");
        assert!(range[1].ends_range);
        assert_eq!(zone(&one("10:30 AM (UTC): alert")), "UTC");
    }

    #[test]
    fn listed_zones_are_read_in_lower_case_but_not_words_or_offsets() {
        assert_eq!(zone(&one("10:05 utc: paged")), "UTC");
        assert_eq!(zone(&one("10:05 Pst, paged")), "PST");
        let range = scan("09:00 utc - 10:45 utc", &[], &Conventions::default());
        assert_eq!(zone(&range[0]), "UTC");
        for line in [
            "10:05 cat /var/log/app",
            "10:05 wet roads",
            "10:05 utc+2 paged",
            "10:20 est annulé",
            "vendor ETA 11:00 est.",
        ] {
            assert!(one(line).zone.is_none(), "{line}");
        }
    }

    #[test]
    fn a_month_in_lower_case_is_a_date_only_with_a_year() {
        let text = "on march 3, 2024 at 10:05";
        let date = one(text).date.expect("a date");
        assert_eq!((date.month, date.day), (3, 3));
        assert_eq!(
            date.lowercase_month.map(|s| &text[s.range()]),
            Some("march")
        );
        assert_eq!(one("3 june 2024").date.unwrap().month, 6);
        assert!(one("March 3, 2024").date.unwrap().lowercase_month.is_none());
        assert!(scan("we may 3x the pool", &[], &Conventions::default()).is_empty());
        assert!(scan("in march 5 teams", &[], &Conventions::default()).is_empty());
    }

    #[test]
    fn iana_names_are_zones_and_misspelt_ones_unknown() {
        assert_eq!(zone(&one("14:00 Europe/Berlin: alert")), "Europe/Berlin");
        assert_eq!(zone(&one("14:00 (US/Pacific) alert")), "US/Pacific");
        assert_eq!(
            one("14:00 Europe/Berln: alert").zone.unwrap().zone,
            Zone::Unknown("Europe/Berln".into())
        );
        for prose in [
            "14:00 CI/CD pipeline",
            "14:00 I/O stalls",
            "14:00 TCP/IP reset",
        ] {
            assert!(one(prose).zone.is_none(), "{prose}");
        }
    }

    #[test]
    fn code_ranges_are_skipped() {
        let text = "see `14:00 UTC` and 15:00";
        let code = text.find('`').unwrap()..text.rfind('`').unwrap() + 1;
        let mentions = scan(text, &[code], &Conventions::default());
        assert_eq!(mentions.len(), 1);
        assert_eq!(time(&mentions[0]), "15:00");
    }

    #[test]
    fn not_times() {
        assert!(
            scan(
                "ratio 3:1, port 8080:80, v1.10:30",
                &[],
                &Conventions::default()
            )
            .is_empty()
        );
        assert!(scan("it was 5 ampere", &[], &Conventions::default()).is_empty());
    }

    #[test]
    fn impossible_clocks_parse_but_do_not_resolve() {
        assert!(one("13:55 PM").clock.unwrap().time().is_none());
        assert!(one("25:10 restart").clock.unwrap().time().is_none());
    }
}
