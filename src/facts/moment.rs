//! A point in time as the document states it, and as UTC where the document says enough.

use chrono::{NaiveDateTime, TimeDelta};
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

/// The UTC instants a local time can mean: one when its zone has one offset that day.
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
    let (local, (west, east)) = utc_parts(stamp)?;
    let format = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%MZ").to_string();
    Ok(UtcRange {
        earliest: format(local - TimeDelta::seconds(i64::from(east))),
        latest: format(local - TimeDelta::seconds(i64::from(west))),
    })
}

/// The local time and the smallest and largest offset its zone may have that day.
pub fn utc_parts(stamp: &Stamp) -> Result<(NaiveDateTime, (i32, i32)), String> {
    let Some(date) = stamp.date else {
        return Err("no date is written or implied".into());
    };
    let Some(time) = stamp.time else {
        return Err("no time of day".into());
    };
    let offsets = match &stamp.zone {
        None => return Err("no time zone is written or declared".into()),
        Some(Zone::Unknown(word)) => return Err(format!("`{word}` is not a time zone")),
        Some(zone) => zone.offset_bounds_on(Some(date)),
    };
    let offsets = offsets.ok_or_else(|| "the zone's offset on that day is unknown".to_string())?;
    Ok((date.and_time(time), offsets))
}

/// Minutes from `from` to `to`: from their UTC instants when both are known exactly, else
/// from their local times when both are read in one zone (the same, or none); `Err` says
/// why it cannot be known.
pub fn minutes_between(from: &Stamp, to: &Stamp) -> Result<i64, String> {
    match (utc_parts(from), utc_parts(to)) {
        (Ok((a, (aw, ae))), Ok((b, (bw, be)))) if aw == ae && bw == be => {
            let a = a - TimeDelta::seconds(i64::from(ae));
            let b = b - TimeDelta::seconds(i64::from(be));
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
