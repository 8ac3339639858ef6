//! Time as postmortems write it: the timestamp grammar, zones, stated lengths, and resolved
//! timestamps that can be compared even when a zone has several meanings.

pub mod conventions;
pub mod grammar;
pub mod length;
pub mod notation;
pub mod season;
pub mod zone;

use std::ops::Range;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

pub use grammar::Meridiem;
pub use zone::Zone;

/// Words that mark a time or a length as approximate (`~` marks it too).
pub const APPROXIMATELY: &str =
    r"approximately|approx\.?|about|around|roughly|circa|ca\.|nearly|almost";

/// A timestamp with its date and zone resolved from context where the text left them out.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    /// The mention as written.
    pub span: Range<usize>,
    pub date: Option<NaiveDate>,
    /// The date was written in the mention, not inherited.
    pub date_written: bool,
    pub time: Option<NaiveTime>,
    pub zone: Option<Zone>,
    /// The zone was written next to this time, not inherited from a declaration.
    pub zone_written: bool,
    pub approx: bool,
    /// The AM or PM written with the clock.
    pub meridiem: Option<Meridiem>,
}

impl Stamp {
    /// The local date and time, when both are known.
    pub fn local(&self) -> Option<NaiveDateTime> {
        Some(self.date?.and_time(self.time?))
    }

    /// The local moments the stamp can mean: exact with a time, the whole day without one.
    pub fn local_bounds(&self) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let date = self.date?;
        Some(match self.time {
            Some(time) => (date.and_time(time), date.and_time(time)),
            None => (date.and_time(NaiveTime::MIN), date.and_hms_opt(23, 59, 59)?),
        })
    }

    /// `2022-05-14 15:00`, or `2022-05-14` without a time.
    pub fn describe(&self) -> String {
        match (self.date, self.time) {
            (Some(date), Some(time)) => {
                format!("{} {}", date.format("%Y-%m-%d"), time.format("%H:%M"))
            }
            (Some(date), None) => date.format("%Y-%m-%d").to_string(),
            (None, Some(time)) => time.format("%H:%M").to_string(),
            (None, None) => String::new(),
        }
    }

    /// [`describe`](Self::describe) with the zone when one is known: `2022-05-14 15:00 UTC`.
    pub fn describe_zoned(&self) -> String {
        match &self.zone {
            Some(zone) if self.time.is_some() && !matches!(zone, Zone::Unknown(_)) => {
                format!("{} {zone}", self.describe())
            }
            _ => self.describe(),
        }
    }
}

/// How far `later` lies after `earlier` under every reading of their zones: the smallest
/// difference any reading allows. Two stamps in the same zone are read in the same meaning of
/// it, and when either zone is missing or unknown both are read in one zone, which is what a
/// document that names one zone means.
pub fn min_gap(later: &Stamp, earlier: &Stamp) -> Option<TimeDelta> {
    let (later_lo, _) = later.local_bounds()?;
    let (_, earlier_hi) = earlier.local_bounds()?;
    let bounds = |s: &Stamp| s.zone.as_ref().and_then(|z| z.offset_bounds_on(s.date));
    let (later_east, earlier_west) = match (bounds(later), bounds(earlier)) {
        (Some((_, later_max)), Some((earlier_min, _))) if later.zone != earlier.zone => {
            (later_max, earlier_min)
        }
        _ => (0, 0),
    };
    let later_utc = later_lo - TimeDelta::seconds(i64::from(later_east));
    let earlier_utc = earlier_hi - TimeDelta::seconds(i64::from(earlier_west));
    Some(later_utc - earlier_utc)
}

/// Leeway between two stamps: half an hour for each written as approximate (`~9:00`).
pub fn approx_slack(a: &Stamp, b: &Stamp) -> TimeDelta {
    TimeDelta::minutes(30) * (i32::from(a.approx) + i32::from(b.approx))
}

/// A stretch of time between two stamps; either end may be open.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interval {
    pub start: Option<Stamp>,
    pub end: Option<Stamp>,
}

impl Interval {
    /// Not surely before the start nor surely after the end, under every reading of the
    /// zones. A stamp without a date is never inside.
    pub fn contains(&self, stamp: &Stamp) -> bool {
        let before = self.start.as_ref().map(|s| min_gap(s, stamp));
        let after = self.end.as_ref().map(|e| min_gap(stamp, e));
        [before, after]
            .into_iter()
            .flatten()
            .all(|gap| gap.is_some_and(|g| g <= TimeDelta::zero()))
    }

    /// The end is surely before the start.
    pub fn is_inverted(&self) -> bool {
        match (&self.start, &self.end) {
            (Some(start), Some(end)) => min_gap(start, end).is_some_and(|g| g > TimeDelta::zero()),
            _ => false,
        }
    }
}

/// Whole days, hours of the day and minutes of the hour in `gap`, ignoring its sign.
fn split(gap: TimeDelta) -> (i64, i64, i64) {
    let minutes = gap.num_minutes().abs();
    (minutes / 1440, minutes / 60 % 24, minutes % 60)
}

fn plural(n: i64, unit: &str) -> String {
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// "365 days", "2 hours 5 minutes", "40 minutes".
pub fn describe_gap(gap: TimeDelta) -> String {
    let (days, hours, mins) = split(gap);
    if days >= 2 {
        plural(days, "day")
    } else if days * 24 + hours > 0 {
        let hours = days * 24 + hours;
        if mins == 0 {
            plural(hours, "hour")
        } else {
            format!("{} {}", plural(hours, "hour"), plural(mins, "minute"))
        }
    } else {
        plural(mins, "minute")
    }
}

/// Every unit spelled out, for comparing lengths: "2 days 3 hours 10 minutes".
pub fn describe_exact(gap: TimeDelta) -> String {
    let (days, hours, mins) = split(gap);
    let parts: Vec<String> = [(days, "day"), (hours, "hour"), (mins, "minute")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| plural(n, unit))
        .collect();
    if parts.is_empty() {
        "0 minutes".to_string()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zone::ZONES;

    fn stamp(date: &str, time: Option<&str>, zone: Option<&str>) -> Stamp {
        Stamp {
            span: 0..0,
            date: Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()),
            date_written: true,
            time: time.map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap()),
            zone: zone.map(|z| Zone::Abbrev(ZONES.lookup(z).unwrap())),
            zone_written: zone.is_some(),
            approx: false,
            meridiem: None,
        }
    }

    #[test]
    fn gap_uses_zone_offsets() {
        let utc = stamp("2024-01-01", Some("12:00"), Some("UTC"));
        let eat = stamp("2024-01-01", Some("14:00"), Some("EAT"));
        assert_eq!(min_gap(&eat, &utc), Some(TimeDelta::hours(-1)));
    }

    #[test]
    fn ambiguous_zone_takes_the_smallest_gap() {
        let ist = stamp("2024-01-01", Some("12:00"), Some("IST"));
        let utc = stamp("2024-01-01", Some("06:00"), Some("UTC"));
        // IST read as India (+05:30) puts 12:00 at 06:30 UTC: only 30 minutes after.
        assert_eq!(min_gap(&ist, &utc), Some(TimeDelta::minutes(30)));
    }

    #[test]
    fn one_ambiguous_zone_is_read_in_one_meaning() {
        let start = stamp("2018-05-07", Some("03:20"), Some("BST"));
        let end = stamp("2018-05-07", Some("04:35"), Some("BST"));
        assert_eq!(min_gap(&end, &start), Some(TimeDelta::minutes(75)));
    }

    #[test]
    fn missing_zone_reads_both_in_one_zone() {
        let a = stamp("2024-01-01", Some("12:00"), None);
        let b = stamp("2024-01-01", Some("11:00"), Some("PST"));
        assert_eq!(min_gap(&a, &b), Some(TimeDelta::hours(1)));
    }

    #[test]
    fn date_only_covers_the_day() {
        let day = stamp("2024-01-02", None, None);
        let before = stamp("2024-01-01", Some("23:00"), None);
        assert_eq!(min_gap(&day, &before), Some(TimeDelta::hours(1)));
    }

    #[test]
    fn gaps_read_naturally() {
        assert_eq!(describe_gap(TimeDelta::minutes(40)), "40 minutes");
        assert_eq!(describe_gap(TimeDelta::minutes(125)), "2 hours 5 minutes");
        assert_eq!(
            describe_gap(TimeDelta::days(365) + TimeDelta::hours(18)),
            "365 days"
        );
        assert_eq!(
            describe_exact(TimeDelta::days(2) + TimeDelta::minutes(70)),
            "2 days 1 hour 10 minutes"
        );
        assert_eq!(describe_exact(TimeDelta::zero()), "0 minutes");
    }
}
