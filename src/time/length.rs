//! Written lengths of time: `2 hours 15 minutes`, `1 hour and 48 minutes`, `(103 minutes)`,
//! `~1hr`, `7.5 hours`, `11 Days`.

use std::ops::Range;
use std::sync::LazyLock;

use super::APPROXIMATELY;
use crate::pattern;

/// A length of time as a postmortem states it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedLength {
    pub span: Range<usize>,
    pub seconds: i64,
    /// The smallest unit written, in seconds: "2 hours" is 3600, "2 hours 15 minutes" is 60.
    pub granularity: i64,
    /// Marked as approximate: `~`, "about", "approximately", "roughly", ...
    pub approx: bool,
}

impl StatedLength {
    /// How far a length written this way may be from the truth: half its smallest unit (at
    /// least 30 seconds), twice that when it is marked approximate.
    pub fn tolerance(&self) -> chrono::TimeDelta {
        let half_unit = chrono::TimeDelta::seconds((self.granularity / 2).max(30));
        if self.approx {
            half_unit * 2
        } else {
            half_unit
        }
    }
}

/// A hundred years, in seconds.
const LONGEST: f64 = 100.0 * 365.25 * 86_400.0;

const UNIT: &str = r"(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)";
/// Units spelt out, the only ones a number in words takes ("two hours", not "two h").
const WORD_UNIT: &str = r"(?:days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)";
/// Numbers in words up to sixty, and "a"/"an" for one ("about an hour").
const WORD_NUMBER: &str = r"(?:(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|sixty|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|one|two|three|four|five|six|seven|eight|nine|an?)";

/// One number with its unit: `2 hours`, `66-minute`, `forty-five minutes`.
fn part() -> String {
    format!(
        r"(?:[0-9]+(?:\.[0-9]+)?[ \t]*-?[ \t]*{UNIT}|{WORD_NUMBER}[ \t]*-?[ \t]*{WORD_UNIT})(?-u:\b)"
    )
}

// Both are read in a label's value or one sentence at a time.
static LENGTH: LazyLock<pattern::Regex> = LazyLock::new(|| {
    let part = part();
    pattern::piece(&format!(
        r"(?i)(?P<approx>~[ \t]*|(?-u:\b)(?:{APPROXIMATELY}|(?:just[ \t]+)?(?:over|under)|more[ \t]+than|less[ \t]+than)[ \t]+)?(?-u:\b)(?P<parts>{part}(?:(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+|[ \t]*){part})*)"
    ))
});

static PART: LazyLock<pattern::Regex> = LazyLock::new(|| {
    pattern::piece(&format!(
        r"(?i)(?:(?P<n>[0-9]+(?:\.[0-9]+)?)[ \t]*-?[ \t]*(?P<unit>{UNIT})|(?-u:\b)(?P<word>{WORD_NUMBER})[ \t]*-?[ \t]*(?P<word_unit>{WORD_UNIT}))(?-u:\b)"
    ))
});

/// Builds this module's patterns ahead of the first document (see `document::warm_up`).
pub fn warm_up() {
    LazyLock::force(&LENGTH);
    LazyLock::force(&PART);
}

/// Finds the first stated length in `text`; spans are offset by `base`.
pub fn find_length(text: &str, base: usize) -> Option<StatedLength> {
    let mut caps = LENGTH.create_captures();
    LENGTH.captures(text, &mut caps);
    let whole = caps.get_match()?;
    let parts = &text[caps.get_group_by_name("parts")?.range()];
    let mut seconds = 0f64;
    let mut granularity = i64::MAX;
    for part in PART.captures_iter(parts) {
        let group = |name: &str| part.get_group_by_name(name).map(|g| &parts[g.range()]);
        let (n, unit) = match (group("n"), group("unit")) {
            (Some(n), Some(unit)) => (n, unit),
            _ => (group("word")?, group("word_unit")?),
        };
        let value = number(n)?;
        let unit = unit_seconds(unit);
        seconds += value * unit as f64;
        let step = if n.contains('.') { unit / 10 } else { unit };
        granularity = granularity.min(step.max(1));
    }
    // No incident lasts a century: a longer figure is not a length pmlint can compare.
    if !seconds.is_finite() || seconds > LONGEST {
        return None;
    }
    Some(StatedLength {
        span: base + whole.start()..base + whole.end(),
        seconds: seconds.round() as i64,
        granularity,
        approx: caps.get_group_by_name("approx").is_some(),
    })
}

/// A number in digits or words.
fn number(written: &str) -> Option<f64> {
    if let Ok(value) = written.parse() {
        return Some(value);
    }
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 5] = ["twenty", "thirty", "forty", "fifty", "sixty"];
    let written = written.to_ascii_lowercase();
    if written == "a" || written == "an" {
        return Some(1.0);
    }
    let mut words = written.split(['-', ' ']);
    let first = words.next()?;
    let value = match TENS.iter().position(|t| *t == first) {
        Some(tens) => {
            let ones = match words.next() {
                Some(word) => ONES.iter().position(|o| *o == word)?,
                None => 0,
            };
            20 + 10 * tens + ones
        }
        None => ONES.iter().position(|o| *o == first)?,
    };
    Some(value as f64)
}

fn unit_seconds(unit: &str) -> i64 {
    match unit.to_ascii_lowercase().as_bytes()[0] {
        b'd' => 86_400,
        b'h' => 3_600,
        b'm' => 60,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> i64 {
        find_length(text, 0).unwrap().seconds
    }

    #[test]
    fn written_lengths() {
        assert_eq!(secs("2 hours 15 minutes"), 8100);
        assert_eq!(secs("lasting 1 hour and 48 minutes, from"), 6480);
        assert_eq!(secs("21:45 to 23:28 UTC (103 minutes)"), 6180);
        assert_eq!(secs("7.5 hours"), 27000);
        assert_eq!(secs("11 Days"), 950_400);
        assert_eq!(secs("~1hr"), 3600);
        assert!(find_length("~1hr", 0).unwrap().approx);
        assert!(find_length("about 2 hours", 0).unwrap().approx);
    }

    #[test]
    fn lengths_in_words_and_with_hyphens() {
        assert_eq!(secs("a 66-minute outage"), 3960);
        assert_eq!(secs("for about two hours"), 7200);
        assert_eq!(secs("forty-five minutes"), 2700);
        assert_eq!(secs("lasted fifty five minutes"), 3300);
        assert_eq!(secs("for about an hour"), 3600);
        assert!(find_length("took just over 3 hours", 0).unwrap().approx);
        assert!(find_length("one of the hosts", 0).is_none());
        assert!(find_length("a deploy", 0).is_none());
        assert_eq!(secs("lasting 1 hour and 48 minutes"), 6480);
    }

    #[test]
    fn granularity_is_the_smallest_unit() {
        assert_eq!(find_length("2 hours", 0).unwrap().granularity, 3600);
        assert_eq!(
            find_length("2 hours 15 minutes", 0).unwrap().granularity,
            60
        );
    }

    #[test]
    fn absurd_lengths_are_not_lengths() {
        assert!(find_length("99999999999 days", 0).is_none());
    }

    #[test]
    fn times_are_not_lengths() {
        assert!(find_length("May 10, 2023, 14:00 WTC", 0).is_none());
        assert!(find_length("from 09:00 to 11:30", 0).is_none());
    }
}
