//! What a zone's clocks were labelled on a given day, from the tz database (chrono-tz).

use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::{OffsetName, Tz};

/// The label `zone` used all through `date` (`PDT` for Los Angeles in July), or `None` when
/// the zone is unknown or changed label that day.
pub fn label_on(zone: &str, date: NaiveDate) -> Option<String> {
    let tz: Tz = zone.parse().ok()?;
    let label_at = |time: NaiveTime| -> Option<String> {
        let offset = tz.offset_from_utc_datetime(&date.and_time(time));
        offset.abbreviation().map(str::to_string)
    };
    let (morning, night) = (
        label_at(NaiveTime::MIN)?,
        label_at(NaiveTime::from_hms_opt(23, 59, 0)?)?,
    );
    (morning == night).then_some(morning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::zone::ZONES;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn labels_follow_the_season() {
        assert_eq!(
            label_on("America/Los_Angeles", day("2021-07-10")).as_deref(),
            Some("PDT")
        );
        assert_eq!(
            label_on("America/Los_Angeles", day("2021-12-10")).as_deref(),
            Some("PST")
        );
        assert_eq!(
            label_on("Europe/Paris", day("2020-06-09")).as_deref(),
            Some("CEST")
        );
        assert_eq!(
            label_on("Europe/Dublin", day("2020-10-28")).as_deref(),
            Some("GMT")
        );
        assert_eq!(
            label_on("Asia/Kolkata", day("2020-10-28")).as_deref(),
            Some("IST")
        );
        // The day clocks change has two labels.
        assert_eq!(label_on("America/Los_Angeles", day("2021-03-14")), None);
        assert_eq!(label_on("Nowhere/Special", day("2021-03-14")), None);
    }

    /// Every tz-database meaning in rules/timezones.toml names a real zone that writes the
    /// abbreviation in some season, so a tzdata change shows up here.
    #[test]
    fn table_meanings_match_the_tz_database() {
        let days = [day("2024-01-15"), day("2024-07-15")];
        for name in ZONES.names() {
            let abbreviation = ZONES.lookup(name).unwrap();
            for meaning in &abbreviation.meanings {
                if meaning.alias || meaning.generic {
                    continue;
                }
                let labels: Vec<String> = days
                    .iter()
                    .filter_map(|d| label_on(&meaning.zone, *d))
                    .collect();
                assert!(
                    labels.iter().any(|l| l == name),
                    "{name} is not written in {} (it writes {labels:?})",
                    meaning.zone
                );
            }
        }
    }
}
