//! A point in time as the document states it, and as UTC where the document says enough.

use chrono::{LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone};
use serde::Serialize;

use crate::document::Document;
use crate::time::{Stamp, Zone};

/// A stated time: as written, as local time, and as UTC (a range when the zone has several
/// meanings); `utc` is `null` with the reason in `utc_unknown` when the document does not say.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Moment {
    /// The text of the timestamp.
    pub written: String,
    pub line: usize,
    /// `2022-05-09T09:00`, or `2022-05-09` without a time of day; `null` without a date.
    pub local: Option<String>,
    /// The zone as written or declared: `EAT`, `UTC+05:30`, `Europe/Berlin`.
    pub zone: Option<String>,
    pub utc: Option<UtcRange>,
    pub utc_unknown: Option<String>,
}

/// The UTC instants a local time can mean: one unless its zone allows several readings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct UtcRange {
    pub earliest: String,
    pub latest: String,
}

impl Moment {
    pub fn of(doc: &Document, stamp: &Stamp) -> Moment {
        let text = doc.source.text.get(stamp.span.clone()).unwrap_or_default();
        let local = match (stamp.date, stamp.time) {
            (Some(date), Some(time)) => {
                Some(date.and_time(time).format("%Y-%m-%dT%H:%M").to_string())
            }
            (Some(date), None) => Some(date.format("%Y-%m-%d").to_string()),
            _ => None,
        };
        let (utc, utc_unknown) = match utc(stamp) {
            Ok(range) => (Some(range), None),
            Err(reason) => (None, Some(reason)),
        };
        Moment {
            written: text.split_whitespace().collect::<Vec<_>>().join(" "),
            line: doc.source.lines.line_of(stamp.span.start) + 1,
            local,
            zone: stamp.zone.as_ref().map(ToString::to_string),
            utc,
            utc_unknown,
        }
    }
}

/// The UTC range of `stamp`, or why there is none.
fn utc(stamp: &Stamp) -> Result<UtcRange, String> {
    let (earliest, latest) = utc_bounds(stamp)?;
    let format = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%MZ").to_string();
    Ok(UtcRange {
        earliest: format(earliest),
        latest: format(latest),
    })
}

/// The earliest and latest UTC instants `stamp` can mean, or why it has none.
pub fn utc_bounds(stamp: &Stamp) -> Result<(NaiveDateTime, NaiveDateTime), String> {
    let (local, (west, east)) = utc_parts(stamp)?;
    Ok((
        local - TimeDelta::seconds(i64::from(east)),
        local - TimeDelta::seconds(i64::from(west)),
    ))
}

/// The local time and the smallest and largest offset its zone may have then: at that very
/// time for a named zone, that day for an abbreviation or an offset.
fn utc_parts(stamp: &Stamp) -> Result<(NaiveDateTime, (i32, i32)), String> {
    let Some(date) = stamp.date else {
        return Err("no date is written or implied".into());
    };
    let Some(time) = stamp.time else {
        return Err("no time of day".into());
    };
    let local = date.and_time(time);
    let offsets = match &stamp.zone {
        None => return Err("no time zone is written or declared".into()),
        Some(Zone::Unknown(word)) => return Err(format!("`{word}` is not a time zone")),
        // A named zone's offset is the one at that very time: on the day the clocks change,
        // only the hour they repeat has two readings, and the hour they skip has none.
        Some(Zone::Iana(tz)) => match tz.from_local_datetime(&local) {
            LocalResult::Single(at) => {
                let offset = at.offset().fix().local_minus_utc();
                Some((offset, offset))
            }
            LocalResult::Ambiguous(a, b) => {
                let (a, b) = (
                    a.offset().fix().local_minus_utc(),
                    b.offset().fix().local_minus_utc(),
                );
                Some((a.min(b), a.max(b)))
            }
            LocalResult::None => {
                return Err(format!(
                    "{} did not happen in {}: the clocks skipped it",
                    local.format("%Y-%m-%d %H:%M"),
                    tz.name()
                ));
            }
        },
        Some(zone) => zone.offset_bounds_on(Some(date)),
    };
    let offsets = offsets.ok_or_else(|| "the zone's offset on that day is unknown".to_string())?;
    Ok((local, offsets))
}

/// Minutes from `from` to `to`: from their UTC instants when both are known exactly, else
/// from their local times when both are read in one zone (the same, or none); `Err` says
/// why it cannot be known.
pub fn minutes_between(from: &Stamp, to: &Stamp) -> Result<i64, String> {
    match (utc_bounds(from), utc_bounds(to)) {
        (Ok((a, a_latest)), Ok((b, b_latest))) if a == a_latest && b == b_latest => {
            Ok((b - a).num_minutes())
        }
        _ if from.zone == to.zone => match (from.local(), to.local()) {
            (Some(a), Some(b)) => Ok((b - a).num_minutes()),
            _ => Err("a time without a date or a time of day".into()),
        },
        (Err(reason), _) | (_, Err(reason)) => Err(reason),
        _ => Err("a zone with several offsets that day".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn new_york(hour: u32, minute: u32, day: u32, month: u32) -> Stamp {
        Stamp {
            span: 0..0,
            date: NaiveDate::from_ymd_opt(2024, month, day),
            date_written: true,
            time: NaiveTime::from_hms_opt(hour, minute, 0),
            zone: Some(Zone::Iana("America/New_York".parse().unwrap())),
            zone_written: true,
            approx: false,
            meridiem: None,
        }
    }

    #[test]
    fn a_named_zone_is_read_at_the_very_time_on_the_day_the_clocks_change() {
        // November 3, 2024: 01:00-01:59 happens twice in New York.
        assert_eq!(
            utc(&new_york(0, 50, 3, 11)).unwrap().latest,
            "2024-11-03T04:50Z"
        );
        assert_eq!(
            utc(&new_york(0, 50, 3, 11)).unwrap().earliest,
            "2024-11-03T04:50Z"
        );
        let repeated = utc(&new_york(1, 30, 3, 11)).unwrap();
        assert_eq!(
            (repeated.earliest.as_str(), repeated.latest.as_str()),
            ("2024-11-03T05:30Z", "2024-11-03T06:30Z")
        );
        assert_eq!(
            minutes_between(&new_york(0, 50, 3, 11), &new_york(2, 30, 3, 11)),
            Ok(160)
        );
        // March 10, 2024: 02:00-02:59 never happened.
        assert!(
            utc(&new_york(2, 30, 10, 3))
                .unwrap_err()
                .contains("did not happen")
        );
        assert_eq!(
            minutes_between(&new_york(1, 0, 10, 3), &new_york(4, 0, 10, 3)),
            Ok(120)
        );
    }
}
