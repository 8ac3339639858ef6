//! How one repository writes dates and zones, from its `pmlint.toml`: which order `05/02/2022`
//! is in, and which zone an ambiguous abbreviation such as IST means there.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::zone::{Abbreviation, Meaning, ZONES};

/// The order of a numeric date whose first two numbers could both be a month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// `05/02/2022` is May 2 (`31/03/2022` is still March 31).
    #[default]
    MonthFirst,
    /// `05/02/2022` is February 5 (`03/31/2022` is still March 31).
    DayFirst,
}

#[derive(Debug, Clone, Default)]
pub struct Conventions {
    pub date_order: DateOrder,
    /// Abbreviations settled to one meaning; they shadow the built-in table.
    settled: Vec<&'static Abbreviation>,
}

impl Conventions {
    /// The abbreviation `name` as this repository reads it.
    pub fn lookup(&self, name: &str) -> Option<&'static Abbreviation> {
        self.settled
            .iter()
            .copied()
            .find(|a| a.name == name)
            .or_else(|| ZONES.lookup(name))
    }

    /// Settles `abbreviation` to the IANA zone `zone`, which must use it.
    pub fn settle(&mut self, abbreviation: &str, zone: &str) -> Result<(), String> {
        let known = ZONES.lookup(abbreviation).ok_or_else(|| {
            format!("`{abbreviation}` is not a time-zone abbreviation pmlint knows")
        })?;
        let meaning = match known.meanings.iter().find(|m| m.zone == zone) {
            Some(meaning) => meaning.clone(),
            None => meaning_in(abbreviation, zone).ok_or_else(|| {
                let zones: Vec<&str> = known.meanings.iter().map(|m| m.zone.as_str()).collect();
                format!(
                    "`{zone}` is not a time zone that uses {abbreviation}; {abbreviation} is {}",
                    zones.join(", ")
                )
            })?,
        };
        // Zones refer to abbreviations for the whole run, like the built-in table; a config is
        // loaded once per run, so leaking its few settled entries costs nothing.
        let settled: &'static Abbreviation = Box::leak(Box::new(Abbreviation {
            name: known.name.clone(),
            meanings: vec![meaning],
        }));
        self.settled.retain(|a| a.name != settled.name);
        self.settled.push(settled);
        Ok(())
    }

    /// The settled abbreviations and their zones, for `pmlint config`.
    pub fn settled(&self) -> impl Iterator<Item = (&str, &str)> {
        self.settled
            .iter()
            .map(|a| (a.name.as_str(), a.meanings[0].zone.as_str()))
    }
}

/// What `abbreviation` means in the IANA zone `zone`, if the zone has used it this century.
fn meaning_in(abbreviation: &str, zone: &str) -> Option<Meaning> {
    let tz: Tz = zone.parse().ok()?;
    (2000..=2030)
        .flat_map(|year| [1, 7].map(|month| (year, month)))
        .find_map(|(year, month)| {
            let date = NaiveDate::from_ymd_opt(year, month, 15)?.and_hms_opt(12, 0, 0)?;
            let offset = tz.offset_from_utc_datetime(&date);
            (offset.abbreviation() == Some(abbreviation)).then(|| Meaning {
                offset: (offset.base_utc_offset() + offset.dst_offset()).num_seconds() as i32,
                dst: !offset.dst_offset().is_zero(),
                generic: false,
                zone: zone.to_string(),
                region: zone.to_string(),
                alias: false,
                rare: false,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settling_an_abbreviation_leaves_one_meaning() {
        let mut conventions = Conventions::default();
        assert_eq!(conventions.lookup("IST").unwrap().meanings.len(), 3);
        conventions.settle("IST", "Asia/Kolkata").unwrap();
        let ist = conventions.lookup("IST").unwrap();
        assert_eq!(ist.meanings.len(), 1);
        assert_eq!(ist.meanings[0].offset, 19800);
        assert_eq!(conventions.lookup("UTC").unwrap().name, "UTC");
    }

    #[test]
    fn a_zone_outside_the_table_that_uses_the_abbreviation_is_accepted() {
        let mut conventions = Conventions::default();
        conventions.settle("CST", "America/Winnipeg").unwrap();
        let cst = &conventions.lookup("CST").unwrap().meanings[0];
        assert_eq!((cst.offset, cst.dst), (-6 * 3600, false));
    }

    #[test]
    fn a_zone_that_does_not_use_the_abbreviation_is_refused() {
        let mut conventions = Conventions::default();
        let err = conventions.settle("IST", "Asia/Tokyo").unwrap_err();
        assert!(err.contains("Asia/Kolkata"), "{err}");
        assert!(conventions.settle("WTC", "UTC").is_err());
        assert!(conventions.settle("IST", "Mars/Olympus").is_err());
    }
}
