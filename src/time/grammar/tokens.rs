//! The tokens of the timestamp grammar: one regex pass finds dates, clocks and weekdays, and
//! a small reader per kind reads each token's parts.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::Weekday;
use regex::{Captures, Regex};
use regex_automata::Input;

use super::{ClockPart, DatePart, Meridiem, PartSpan};
use crate::pattern;
use crate::time::APPROXIMATELY;
use crate::time::conventions::DateOrder;

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
    /// `11-05` and `11/05` right before a clock: a month and day without a year
    ShortNumeric,
    /// `14:05`, `9:30 AM`, `10:21:07`
    Clock,
    /// `10AM`, `9 pm`
    Hour,
    /// `3:AM`: a clock missing its minutes
    BrokenClock,
    /// `Tuesday`, `Sat.`
    Weekday,
}

fn token_patterns() -> [(Kind, String); 9] {
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
        (Kind::Numeric, r"(?P<first>[0-9]{1,2})(?P<s1>[/-])(?P<second>[0-9]{1,2})(?P<s2>[/-])(?P<year>[0-9]{4}|(?:19|20)[0-9]|[0-9]{2})".to_string()),
        (Kind::ShortNumeric, r"(?P<first>[0-9]{1,2})[/-](?P<second>[0-9]{1,2})".to_string()),
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
    finder: pattern::Regex,
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
        finder: pattern::whole_text(&finder),
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
pub(super) enum Token {
    Date(DatePart),
    Clock(ClockPart),
    Weekday(Weekday, Range<usize>),
}

impl Token {
    pub(super) fn span(&self) -> Range<usize> {
        match self {
            Token::Date(d) => d.span.clone(),
            Token::Clock(c) => c.span.clone(),
            Token::Weekday(_, span) => span.clone(),
        }
    }
}

pub(super) fn tokenize(text: &str, skip: &[Range<usize>], order: DateOrder) -> Vec<Token> {
    // A token takes at least a few bytes and its gap: room for one per eight bytes is more
    // than a real document needs, so a huge one's list is not copied as it grows, and the
    // room never used is never touched.
    let mut tokens = Vec::with_capacity(text.len() / 8);
    let mut numeric = NumericDates::default();
    let mut skip_index = 0;
    let mut at = 0;
    while let Some(found) = GRAMMAR.finder.find(Input::new(text).range(at..)) {
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
            .find_map(|(kind, reader)| Some((*kind, reader.captures(&text[found.range()])?)));
        let Some((kind, caps)) = read else { continue };
        let token = token_from(text, found.range(), kind, &caps, order);
        if matches!(kind, Kind::Numeric | Kind::ShortNumeric) {
            numeric.note(text, found.range(), &caps, token.is_some(), tokens.len());
        }
        tokens.extend(token);
    }
    numeric.settle(&mut tokens, order);
    tokens
}

/// What the numeric dates of one document say about their order. A document that writes
/// `24-10-2024` or `31/03` is day-first throughout, so its `05/02/2024` is 5 February.
#[derive(Default)]
struct NumericDates {
    day_first_seen: bool,
    month_first_seen: bool,
    /// Tokens whose two numbers could each be the month.
    ambiguous: Vec<usize>,
}

impl NumericDates {
    fn note(&mut self, text: &str, span: Range<usize>, caps: &Captures, read: bool, index: usize) {
        let int = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let (Some(first), Some(second)) = (int("first"), int("second")) else {
            return;
        };
        // A bare `31/03` counts when both halves have two digits: `24/7` is not a date.
        let bare_date = !read
            && caps.name("year").is_none()
            && span.len() == 5
            && !text[span.end..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '/')
            && !text[..span.start]
                .ends_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '.'));
        if !read && !bare_date {
            return;
        }
        match (first <= 12, second <= 12) {
            (true, true) if read && first != second => self.ambiguous.push(index),
            (false, true) if first <= 31 => self.day_first_seen = true,
            (true, false) if second <= 31 => self.month_first_seen = true,
            _ => {}
        }
    }

    fn settle(self, tokens: &mut [Token], configured: DateOrder) {
        let settled = match (self.day_first_seen, self.month_first_seen) {
            (true, false) => DateOrder::DayFirst,
            (false, true) => DateOrder::MonthFirst,
            _ => configured,
        };
        if settled == configured {
            return;
        }
        for index in self.ambiguous {
            if let Token::Date(date) = &mut tokens[index] {
                std::mem::swap(&mut date.month, &mut date.day);
            }
        }
    }
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
            hour: u8::try_from(hour).ok()?,
            minute: u8::try_from(minute).ok()?,
            second: u8::try_from(int("second").unwrap_or(0)).ok()?,
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

    let mut lowercase_month = None;
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
            let written = caps.name("month")?;
            let month = written.as_str();
            let open_ended = kind == Kind::DayMonth || caps.name("year").is_none();
            if open_ended && after.is_some_and(char::is_alphanumeric) {
                return None;
            }
            // `may 3` and `march 5` are often prose; with a year (`march 5, 2024`) only a date.
            if !starts_uppercase(month) {
                caps.name("year")?;
                lowercase_month =
                    PartSpan::new(span.start + written.start()..span.start + written.end());
            }
            (
                year("year").or_else(|| year("range_year")),
                month_from(month)?,
                int("day")?,
            )
        }
        Kind::Numeric | Kind::ShortNumeric => {
            let year = match kind {
                Kind::Numeric if caps["s1"] == caps["s2"] => {
                    let year = year("year")?;
                    Some(if year < 100 { 2000 + year } else { year })
                }
                // Without a year, `3-5` is far more often a range than a date: only a clock
                // right after it makes it a timestamp.
                Kind::ShortNumeric if clock_follows(&text[span.end..]) => None,
                _ => return None,
            };
            let (first, second) = (int("first")?, int("second")?);
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
            (year, month, day)
        }
        Kind::Clock | Kind::Hour | Kind::BrokenClock => unreachable!("clocks return above"),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let year_span = ["year", "range_year"]
        .into_iter()
        .find_map(|name| caps.name(name))
        .and_then(|m| PartSpan::new(span.start + m.start()..span.start + m.end()));
    Some(Token::Date(DatePart {
        span,
        year,
        year_span,
        month: u8::try_from(month).ok()?,
        lowercase_month,
        day: u8::try_from(day).ok()?,
        weekday: None,
    }))
}

/// `rest` opens with a clock: `[11-05 14:05]`, `11/05, 2:05 PM`.
fn clock_follows(rest: &str) -> bool {
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let digits = rest.trim_start_matches([' ', '\t']);
    if digits.len() == rest.len() {
        return false;
    }
    let hour = digits.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&hour)
        && digits[hour..].starts_with(':')
        && digits[hour + 1..]
            .bytes()
            .take(2)
            .filter(u8::is_ascii_digit)
            .count()
            == 2
}

/// `~9:00 AM` and `~ 14:05` are approximate and the tilde belongs to the span; a preceding
/// word such as "approximately" or "around" also marks it approximate.
pub(super) fn approx_prefix(text: &str, start: usize) -> (usize, bool) {
    static WORD: LazyLock<pattern::Regex> =
        LazyLock::new(|| pattern::piece(&format!(r"(?i)(?:(?-u:\b)(?:{APPROXIMATELY})|~)[ \t]*$")));
    let window_start = crate::source::floor_char_boundary(text, start.saturating_sub(16));
    let window = &text[window_start..start];
    match WORD.find(window) {
        Some(m) if window[m.range()].starts_with('~') => (window_start + m.start(), true),
        Some(_) => (start, true),
        None => (start, false),
    }
}

pub(super) fn starts_uppercase(word: &str) -> bool {
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
