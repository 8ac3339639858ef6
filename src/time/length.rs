//! Written lengths of time: `2 hours 15 minutes`, `1 hour and 48 minutes`, `(103 minutes)`,
//! `~1hr`, `7.5 hours`, `11 Days`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::APPROXIMATELY;

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

/// A hundred years, in seconds.
const LONGEST: f64 = 100.0 * 365.25 * 86_400.0;

const UNIT: &str = r"(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)";

static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<approx>~[ \t]*|(?-u:\b)(?:{APPROXIMATELY})[ \t]+)?(?-u:\b)(?P<parts>[0-9]+(?:\.[0-9]+)?[ \t]*{UNIT}(?-u:\b)(?:(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+|[ \t]*)[0-9]+(?:\.[0-9]+)?[ \t]*{UNIT}(?-u:\b))*)"
    ))
    .expect("length pattern compiles")
});

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<n>[0-9]+(?:\.[0-9]+)?)[ \t]*(?P<unit>{UNIT})(?-u:\b)"
    ))
    .expect("length part pattern compiles")
});

/// Builds this module's patterns ahead of the first document (see `document::warm_up`).
pub fn warm_up() {
    LazyLock::force(&LENGTH);
    LazyLock::force(&PART);
}

/// Finds the first stated length in `text`; spans are offset by `base`.
pub fn find_length(text: &str, base: usize) -> Option<StatedLength> {
    let caps = LENGTH.captures(text)?;
    let parts = caps.name("parts")?;
    let mut seconds = 0f64;
    let mut granularity = i64::MAX;
    for part in PART.captures_iter(parts.as_str()) {
        let value: f64 = part["n"].parse().ok()?;
        let unit = unit_seconds(&part["unit"]);
        seconds += value * unit as f64;
        let step = if part["n"].contains('.') {
            unit / 10
        } else {
            unit
        };
        granularity = granularity.min(step.max(1));
    }
    let whole = caps.get(0)?;
    // No incident lasts a century: a longer figure is not a length pmlint can compare.
    if !seconds.is_finite() || seconds > LONGEST {
        return None;
    }
    Some(StatedLength {
        span: base + whole.start()..base + whole.end(),
        seconds: seconds.round() as i64,
        granularity,
        approx: caps.name("approx").is_some(),
    })
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
