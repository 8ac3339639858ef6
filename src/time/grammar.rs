//! The timestamp grammar. One regex pass over the whole text finds date and clock tokens;
//! a combiner joins neighbours into mentions (`May 10, 2023, 14:00 WTC`), reads the zone
//! written after a clock, and links the two halves of a range (`16:58 to 18:46 UTC`).
//!
//! Nothing here guesses: a mention keeps what was written, and resolving a missing date or
//! zone from its context is the document builder's job.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime, Weekday};
use regex::{Captures, Regex};

use super::APPROXIMATELY;
use super::conventions::{Conventions, DateOrder};
use super::zone::{ZONES, Zone, parse_offset};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meridiem {
    Am,
    Pm,
}

/// A calendar date as written. `year` is absent in `June 14th`.
#[derive(Debug, Clone, PartialEq)]
pub struct DatePart {
    pub span: Range<usize>,
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    pub weekday: Option<(Weekday, Range<usize>)>,
}

impl DatePart {
    /// The date, taking the year from `year_hint` when none was written.
    pub fn resolve(&self, year_hint: Option<i32>) -> Option<NaiveDate> {
        let year = self
            .year
            .or(year_hint)
            .filter(|y| PLAUSIBLE_YEARS.contains(y))?;
        NaiveDate::from_ymd_opt(year, self.month, self.day)
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
        if NaiveDate::from_ymd_opt(year.unwrap_or(2000), self.month, self.day).is_some() {
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
            .filter_map(|year| NaiveDate::from_ymd_opt(year, self.month, self.day))
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
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
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
        NaiveTime::from_hms_opt(hour, self.minute, self.second)
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

const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const MERIDIEM: &str = r"(?i:[ap]\.m\.|[ap]m(?-u:\b))";

/// What a token is; the finder tries them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `2023-05-10`, `2019/03/07`
    Iso,
    /// `May 10, 2023`, `June 14th`, `January 14-19, 2026`
    MonthDay,
    /// `30 July 2012`, `28th of February`
    DayMonth,
    /// `07-27-2023`, `31/03/21`
    Numeric,
    /// `14:05`, `9:30 AM`, `10:21:07`
    Clock,
    /// `10AM`, `9 pm`
    Hour,
    /// `3:AM`: a clock missing its minutes
    BrokenClock,
    /// `Tuesday`, `Sat.`
    Weekday,
}

fn token_patterns() -> [(Kind, String); 8] {
    let ordinal = "(?i:st|nd|rd|th)";
    let year = "(?:19|20)[0-9]{2}";
    [
        (Kind::Iso, format!(r"(?P<year>{year}[0-9]?)(?P<s1>[-/])(?P<month>[0-9]{{1,2}})(?P<s2>[-/])(?P<day>[0-9]{{1,2}})")),
        (
            Kind::MonthDay,
            format!(
                r"(?P<month>(?i:{MONTHS}))\.?[ \t]?(?P<day>[0-9]{{1,2}}){ordinal}?(?:[-–][0-9]{{1,2}}{ordinal}?(?:,?[ \t]*(?P<range_year>{year})))?(?:,?[ \t]*(?P<year>{year}))?"
            ),
        ),
        (
            Kind::DayMonth,
            format!(r"(?P<day>[0-9]{{1,2}}){ordinal}?[ \t]+(?i:of[ \t]+)?(?P<month>(?i:{MONTHS}))\.?(?:,?[ \t]*(?P<year>{year}))?"),
        ),
        (Kind::Numeric, r"(?P<first>[0-9]{1,2})(?P<s1>[/-])(?P<second>[0-9]{1,2})(?P<s2>[/-])(?P<year>[0-9]{4}|[0-9]{2})".to_string()),
        (
            Kind::Clock,
            format!(r"(?P<hour>[0-9]{{1,2}}):(?P<minute>[0-9]{{2}})(?::(?P<second>[0-9]{{2}})(?:\.[0-9]+)?)?(?:[ \t]?(?P<meridiem>{MERIDIEM}))?"),
        ),
        (Kind::Hour, format!(r"(?P<hour>[0-9]{{1,2}})[ \t]?(?P<meridiem>{MERIDIEM})")),
        (Kind::BrokenClock, format!(r"(?P<hour>[0-9]{{1,2}}):[ \t]?(?P<meridiem>{MERIDIEM})")),
        (
            Kind::Weekday,
            r"(?P<weekday>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun))\.?".to_string(),
        ),
    ]
}

/// One regex finds tokens without reading groups, which keeps the scan on the fast DFA; a
/// small anchored regex per kind then reads the groups from the few bytes of each token.
struct Grammar {
    finder: Regex,
    readers: Vec<(Kind, Regex)>,
}

static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let patterns = token_patterns();
    // Kinds reuse group names, so the finder gets the patterns without them.
    let unnamed = Regex::new(r"\(\?P<[a-z_0-9]+>").expect("group name pattern compiles");
    let finder = patterns
        .iter()
        .map(|(_, p)| format!("(?:{})", unnamed.replace_all(p, "(?:")))
        .collect::<Vec<_>>()
        .join("|");
    Grammar {
        finder: Regex::new(&finder).expect("timestamp grammar compiles"),
        readers: patterns
            .into_iter()
            .map(|(kind, p)| {
                (
                    kind,
                    Regex::new(&format!("^(?:{p})$")).expect("token reader compiles"),
                )
            })
            .collect(),
    }
});

#[derive(Debug, Clone)]
enum Token {
    Date(DatePart),
    Clock(ClockPart),
    Weekday(Weekday, Range<usize>),
}

impl Token {
    fn span(&self) -> Range<usize> {
        match self {
            Token::Date(d) => d.span.clone(),
            Token::Clock(c) => c.span.clone(),
            Token::Weekday(_, span) => span.clone(),
        }
    }
}

/// Finds every timestamp mention in `text`, skipping the sorted, disjoint `skip` ranges
/// (code blocks and inline code).
pub fn scan(text: &str, skip: &[Range<usize>], conventions: &Conventions) -> Vec<Mention> {
    scan_within(text, 0..text.len(), skip, conventions)
}

/// Like [`scan`], but only inside `within`; spans stay offsets into `text`.
pub fn scan_within(
    text: &str,
    within: Range<usize>,
    skip: &[Range<usize>],
    conventions: &Conventions,
) -> Vec<Mention> {
    let tokens = tokenize(text, within, skip, conventions.date_order);
    let mut mentions: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // An offset such as `-08:00` after a clock looks like a clock of its own.
        if mentions
            .last()
            .is_some_and(|m: &Mention| tokens[i].span().start < m.span.end)
        {
            i += 1;
            continue;
        }
        let (mention, used) = combine(text, &tokens[i..], conventions);
        i += used.max(1);
        let Some(mut mention) = mention else { continue };
        if let Some(previous) = mentions.last() {
            mention.ends_range = previous.clock.is_some()
                && mention.clock.is_some()
                && !previous.ends_range
                && is_range_connector(&text[previous.span.end..mention.span.start]);
        }
        mentions.push(mention);
    }
    mentions
}

fn tokenize(
    text: &str,
    within: Range<usize>,
    skip: &[Range<usize>],
    order: DateOrder,
) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut skip_index = 0;
    let haystack = &text[..within.end];
    let mut at = within.start;
    while let Some(found) = GRAMMAR.finder.find_at(haystack, at) {
        at = found.end().max(at + 1);
        while skip_index < skip.len() && skip[skip_index].end <= found.start() {
            skip_index += 1;
        }
        if skip
            .get(skip_index)
            .is_some_and(|s| s.start < found.end() && found.start() < s.end)
        {
            continue;
        }
        // The first kind whose reader matches the whole token is the one the finder chose.
        let read = GRAMMAR
            .readers
            .iter()
            .find_map(|(kind, reader)| Some((*kind, reader.captures(found.as_str())?)));
        if let Some((kind, caps)) = read
            && let Some(token) = token_from(text, found.range(), kind, &caps, order)
        {
            tokens.push(token);
        }
    }
    tokens
}

fn token_from(
    text: &str,
    span: Range<usize>,
    kind: Kind,
    caps: &Captures,
    order: DateOrder,
) -> Option<Token> {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let int = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let year = |name: &str| int(name).map(|y| y as i32);

    if matches!(kind, Kind::Clock | Kind::Hour | Kind::BrokenClock) {
        if before.is_some_and(|c| c.is_ascii_digit() || c == ':' || c == '.')
            || after.is_some_and(|c| c.is_ascii_digit())
            || (after == Some(':')
                && text[span.end + 1..].starts_with(|c: char| c.is_ascii_digit()))
            || (kind != Kind::Clock && after.is_some_and(char::is_alphanumeric))
        {
            return None;
        }
        let hour = int("hour")?;
        let minute = int("minute").unwrap_or(0);
        if hour > 29 || minute > 59 {
            return None;
        }
        let meridiem =
            caps.name("meridiem")
                .map(|m| match m.as_str().as_bytes()[0].to_ascii_lowercase() {
                    b'a' => Meridiem::Am,
                    _ => Meridiem::Pm,
                });
        if meridiem.is_some() && after.is_some_and(char::is_alphanumeric) {
            return None;
        }
        let (start, approx) = approx_prefix(text, span.start);
        return Some(Token::Clock(ClockPart {
            span: start..span.end,
            hour,
            minute,
            second: int("second").unwrap_or(0),
            meridiem,
            approx,
            missing_minutes: kind == Kind::BrokenClock,
        }));
    }

    if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | ':'))
        || after.is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }

    let (year, month, day) = match kind {
        Kind::Weekday => {
            let word = caps.name("weekday")?.as_str();
            if !starts_uppercase(word) || after.is_some_and(char::is_alphanumeric) {
                return None;
            }
            return Some(Token::Weekday(weekday_from(word)?, span));
        }
        Kind::Iso => {
            if caps["s1"] != caps["s2"] {
                return None;
            }
            (year("year"), int("month")?, int("day")?)
        }
        Kind::MonthDay | Kind::DayMonth => {
            let month = caps.name("month")?.as_str();
            let open_ended = kind == Kind::DayMonth || caps.name("year").is_none();
            if !starts_uppercase(month) || (open_ended && after.is_some_and(char::is_alphanumeric))
            {
                return None;
            }
            (
                year("year").or_else(|| year("range_year")),
                month_from(month)?,
                int("day")?,
            )
        }
        Kind::Numeric => {
            if caps["s1"] != caps["s2"] {
                return None;
            }
            let (first, second) = (int("first")?, int("second")?);
            let year = year("year")?;
            let year = if year < 100 { 2000 + year } else { year };
            // The repository's order, unless the numbers allow only the other one
            // (31/03/2021 read month first, 03/31/2021 read day first).
            let day_first = match order {
                DateOrder::MonthFirst => first > 12,
                DateOrder::DayFirst => second <= 12,
            };
            let (month, day) = if day_first {
                (second, first)
            } else {
                (first, second)
            };
            (Some(year), month, day)
        }
        Kind::Clock | Kind::Hour | Kind::BrokenClock => unreachable!("clocks return above"),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(Token::Date(DatePart {
        span,
        year,
        month,
        day,
        weekday: None,
    }))
}

/// `~9:00 AM` and `~ 14:05` are approximate and the tilde belongs to the span; a preceding
/// word such as "approximately" or "around" also marks it approximate.
fn approx_prefix(text: &str, start: usize) -> (usize, bool) {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)(?:(?-u:\b)(?:{APPROXIMATELY})|~)[ \t]*$"))
            .expect("approximation prefix compiles")
    });
    let window_start = crate::source::floor_char_boundary(text, start.saturating_sub(16));
    let window = &text[window_start..start];
    match WORD.find(window) {
        Some(m) if m.as_str().starts_with('~') => (window_start + m.start(), true),
        Some(_) => (start, true),
        None => (start, false),
    }
}

/// Joins the tokens at the head of `tokens` into one mention; returns it and how many tokens
/// it used.
fn combine(text: &str, tokens: &[Token], conventions: &Conventions) -> (Option<Mention>, usize) {
    let mut used = 0;
    let mut weekday = None;
    if let Token::Weekday(day, span) = &tokens[0] {
        match tokens.get(1) {
            Some(Token::Date(_)) if gap_is(text, span.end, tokens[1].span().start, &[",", ""]) => {
                weekday = Some((*day, span.clone()));
                used = 1;
            }
            _ => return (None, 1),
        }
    }

    let mut date = None;
    if let Some(Token::Date(d)) = tokens.get(used) {
        let mut d = d.clone();
        d.weekday = weekday.clone();
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
        weekday.as_ref().map(|(_, s)| s.start),
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

/// Reads a zone written at `pos`, as in a declaration (`All times in AEST`,
/// `## Timeline (UTC+10)`): the same words and offsets a clock may carry.
pub fn zone_at(text: &str, pos: usize, conventions: &Conventions) -> Option<ZonePart> {
    scan_zone(text, pos, false, conventions)
}

/// Reads the zone written right after a clock at `pos`. A word counts as a zone only where it
/// stands next to the time: `CAT1` or `AWS MSK` elsewhere in the text never reach here. An
/// unknown word is reported as a zone only when it is one edit away from a real abbreviation
/// and punctuation follows it, so `14:05 CDN purge` stays prose.
fn scan_zone(
    text: &str,
    pos: usize,
    numeric_offset_ok: bool,
    conventions: &Conventions,
) -> Option<ZonePart> {
    let rest = &text[pos..];
    if rest.starts_with('Z') && !rest[1..].starts_with(|c: char| c.is_alphanumeric()) {
        return Some(ZonePart {
            span: pos..pos + 1,
            zone: Zone::Offset(0),
        });
    }
    if numeric_offset_ok {
        static ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^[+-][0-9]{2}:?[0-9]{2}(?-u:\b)").expect("offset pattern compiles")
        });
        if let Some(m) = ATTACHED.find(rest) {
            return Some(ZonePart {
                span: pos..pos + m.end(),
                zone: Zone::Offset(parse_offset(m.as_str())?),
            });
        }
    }
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[ \t]{0,2}(\(?)[ \t]?(?:(?P<base>UTC|GMT)[ \t]?(?P<offset>[-+−][ \t]?[0-9]{1,2}(?::?[0-9]{2})?)(?-u:\b)|(?P<word>[A-Za-z]{2,5})(?-u:\b))")
            .expect("zone word pattern compiles")
    });
    let caps = WORD.captures(rest)?;
    if let Some(offset) = caps.name("offset") {
        let base = caps.name("base")?;
        let compact: String = offset
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        // `UTC - 2021-09-14 07:50` and `09:00 UTC - 10:45 UTC` are ranges, not offsets: a
        // spaced minus is a dash, and an offset never runs on into a date.
        let spaced_minus = compact.starts_with('-')
            && (offset.as_str().contains([' ', '\t'])
                || rest[..offset.start()].ends_with([' ', '\t']));
        let after = &rest[offset.end()..];
        let runs_on = after.starts_with(['-', '/'])
            || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit()));
        return match parse_offset(&compact).filter(|_| !runs_on && !spaced_minus) {
            Some(seconds) => Some(ZonePart {
                span: pos + base.start()..pos + offset.end(),
                zone: Zone::Offset(seconds),
            }),
            None => Some(ZonePart {
                span: pos + base.start()..pos + base.end(),
                zone: classify_zone_word(base.as_str(), &rest[base.end()..], conventions)?,
            }),
        };
    }
    let word = caps.name("word")?;
    let span = pos + word.start()..pos + word.end();
    let name = word.as_str();
    // `UTC+` with no hours after the sign is an offset left unfinished (an offset with hours
    // was read above).
    if matches!(name, "UTC" | "GMT") && rest[word.end()..].starts_with('+') {
        let span = span.start..span.end + 1;
        return Some(ZonePart {
            zone: Zone::Unknown(text[span.clone()].to_string()),
            span,
        });
    }
    let zone = classify_zone_word(name, &text[span.end..], conventions)?;
    Some(ZonePart { span, zone })
}

/// Decides whether a word in zone position is a zone: a known abbreviation, or an unknown one
/// that looks like a typo of a real one (`WTC`, `TC`, `GTM`, `PTD`) with punctuation after it.
fn classify_zone_word(name: &str, after: &str, conventions: &Conventions) -> Option<Zone> {
    let uppercase = name.chars().all(|c| c.is_ascii_uppercase());
    if let Some(abbr) = conventions.lookup(name) {
        return (uppercase || name == abbr.name).then_some(Zone::Abbrev(abbr));
    }
    if !uppercase || name == "AM" || name == "PM" {
        return None;
    }
    // Spaces may pad a table cell or come before a dash: `| 07:42 TC  |`, `07:42 TC  - text`.
    // A comment after the zone is not text: `07:42 TC <!-- pmlint-disable-line ... -->`.
    let rest = after.trim_start_matches([' ', '\t']);
    let spaced = rest.len() < after.len();
    let delimited = rest.is_empty()
        || rest.starts_with(['\r', '\n', '|'])
        || rest.starts_with("<!--")
        || after.starts_with([':', ',', ';', ')', ']', '*', '_', '-', '–', '—'])
        || after.starts_with(". ")
        || after == "."
        || after.starts_with(".\n")
        || after.starts_with(".\r")
        || (spaced
            && (rest.starts_with(['-', '–', '—'])
                || ["to ", "on ", "until "].iter().any(|p| rest.starts_with(p))));
    (delimited && !ZONES.near_misses(name).is_empty()).then(|| Zone::Unknown(name.to_string()))
}

fn starts_uppercase(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
}

fn month_from(name: &str) -> Option<u32> {
    let prefix: String = name
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

fn weekday_from(name: &str) -> Option<Weekday> {
    let prefix: String = name
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match prefix.as_str() {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Mention {
        let mentions = scan(text, &[], &Conventions::default());
        assert_eq!(mentions.len(), 1, "{text:?} gave {mentions:#?}");
        mentions.into_iter().next().unwrap()
    }

    fn date(m: &Mention) -> (Option<i32>, u32, u32) {
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
