//! Which meanings of an ambiguous abbreviation a document leaves open. "CST" alone may be US
//! Central or China; "CST" beside "EST" is US Central; "IST" beside "14:00 UTC+05:30" is India,
//! and so is "IST" in a document that names Mumbai.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::ZoneUse;
use crate::time::Zone;
use crate::time::season::label_on;
use crate::time::zone::{Abbreviation, Meaning, ZONES};

/// What the document's unambiguous zones say about where it was written.
#[derive(Debug, Default)]
pub struct ZoneEvidence {
    zones: HashSet<&'static str>,
    /// Numeric offsets written (`UTC+05:30`); an abbreviation's offset is no pointer, since
    /// EST and Cuba's CST share one.
    offsets: HashSet<i32>,
    /// `America`, `Europe`, `Asia`: the first part of the IANA names.
    areas: HashSet<&'static str>,
    /// Zones of an ambiguous abbreviation's common meanings whose places the text names.
    placed: HashSet<&'static str>,
}

fn area(zone: &str) -> &str {
    zone.split('/').next().unwrap_or(zone)
}

impl ZoneEvidence {
    pub fn gather(zones: &[ZoneUse], text: &str) -> ZoneEvidence {
        let mut evidence = ZoneEvidence::default();
        let mut looked_up: HashSet<&'static str> = HashSet::new();
        for used in zones {
            match &used.zone {
                Zone::Offset(seconds) if *seconds != 0 => {
                    evidence.offsets.insert(*seconds);
                }
                Zone::Iana(tz) => {
                    evidence.zones.insert(tz.name());
                    evidence.areas.insert(area(tz.name()));
                }
                Zone::Abbrev(abbr) => {
                    let mut common = abbr.meanings.iter().filter(|m| !m.rare);
                    if let (Some(only), None) = (common.next(), common.next())
                        && only.offset != 0
                    {
                        evidence.zones.insert(&only.zone);
                        evidence.areas.insert(area(&only.zone));
                    }
                    for meaning in abbr.meanings.iter().filter(|m| !m.rare) {
                        if looked_up.insert(&meaning.zone) && names_a_place(text, &meaning.zone) {
                            evidence.placed.insert(&meaning.zone);
                        }
                    }
                }
                _ => {}
            }
        }
        evidence
    }

    /// The meanings of `abbr` still open: those the other zones point to, else the common ones
    /// whose places the document names, else the common ones in the document's part of the
    /// world, else all common ones; then a summer label out of
    /// its season (Irish IST in October) is dropped.
    pub fn readings(
        &self,
        abbr: &'static Abbreviation,
        date: Option<NaiveDate>,
    ) -> Vec<&'static Meaning> {
        let all: Vec<&'static Meaning> = abbr.meanings.iter().collect();
        let pointed: Vec<&'static Meaning> = all
            .iter()
            .copied()
            .filter(|m| self.zones.contains(m.zone.as_str()) || self.offsets.contains(&m.offset))
            .collect();
        let common: Vec<&'static Meaning> = all.iter().copied().filter(|m| !m.rare).collect();
        let placed: Vec<&'static Meaning> = common
            .iter()
            .copied()
            .filter(|m| self.placed.contains(m.zone.as_str()))
            .collect();
        let nearby: Vec<&'static Meaning> = common
            .iter()
            .copied()
            .filter(|m| self.areas.contains(area(&m.zone)))
            .collect();
        let open = [pointed, placed, nearby, common]
            .into_iter()
            .find(|list| !list.is_empty())
            .unwrap_or(all);
        let Some(date) = date else { return open };
        let in_season: Vec<&'static Meaning> = open
            .iter()
            .copied()
            .filter(|m| !m.dst || label_on(&m.zone, date).is_none_or(|label| label == abbr.name))
            .collect();
        if in_season.is_empty() {
            open
        } else {
            in_season
        }
    }
}

/// Whether `text` names a place in `zone` as a whole word. Only a zone with place names
/// (a common meaning of an ambiguous abbreviation) costs a scan.
fn names_a_place(text: &str, zone: &str) -> bool {
    ZONES.places(zone).iter().any(|place| {
        text.match_indices(place.as_str()).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + place.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::zone::ZONES;

    fn uses(names: &[&str]) -> Vec<ZoneUse> {
        names
            .iter()
            .map(|name| ZoneUse {
                span: 0..0,
                zone: match crate::time::zone::parse_offset(name) {
                    Some(seconds) => Zone::Offset(seconds),
                    None => Zone::Abbrev(ZONES.lookup(name).unwrap()),
                },
                date: None,
                declared: false,
                restates: None,
            })
            .collect()
    }

    fn open(abbr: &str, with: &[&str], date: Option<&str>) -> Vec<String> {
        open_in(abbr, with, date, "")
    }

    /// The readings of `abbr`, used in `text` beside the zones `with`.
    fn open_in(abbr: &str, with: &[&str], date: Option<&str>, text: &str) -> Vec<String> {
        let mut used = uses(with);
        used.extend(uses(&[abbr]));
        let evidence = ZoneEvidence::gather(&used, text);
        let date = date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        evidence
            .readings(ZONES.lookup(abbr).unwrap(), date)
            .iter()
            .map(|m| m.zone.clone())
            .collect()
    }

    #[test]
    fn rare_meanings_need_a_pointer() {
        assert_eq!(open("PST", &[], None), ["America/Los_Angeles"]);
        assert_eq!(open("CST", &[], None), ["America/Chicago", "Asia/Shanghai"]);
        assert_eq!(open("CST", &["EST"], None), ["America/Chicago"]);
        assert_eq!(open("CST", &["JST"], None), ["Asia/Shanghai"]);
    }

    #[test]
    fn place_names_settle_a_common_meaning() {
        let open = |text: &str| open_in("IST", &[], Some("2024-06-11"), text);
        assert_eq!(open("the Mumbai data centre"), ["Asia/Kolkata"]);
        assert_eq!(open("our Dublin office"), ["Europe/Dublin"]);
        assert_eq!(
            open("the Mumbai and Dublin offices"),
            ["Asia/Kolkata", "Europe/Dublin"]
        );
        // A whole word only, and never a rare meaning: PST beside Manila stays Pacific.
        assert_eq!(
            open("Indiana"),
            ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]
        );
        assert_eq!(
            open_in("PST", &[], None, "the Manila office"),
            ["America/Los_Angeles"]
        );
        assert_eq!(
            open_in("CST", &[], None, "traffic from Shanghai"),
            ["Asia/Shanghai"]
        );
    }

    #[test]
    fn offsets_and_seasons_settle_ist() {
        assert_eq!(open("IST", &["+05:30"], None), ["Asia/Kolkata"]);
        // Irish Summer Time ended on 25 October 2020.
        assert_eq!(
            open("IST", &[], Some("2020-10-28")),
            ["Asia/Kolkata", "Asia/Jerusalem"]
        );
    }
}
