//! Time zones as postmortems write them: abbreviations from `rules/timezones.toml`, numeric
//! offsets, IANA names (`Europe/Berlin`), and words that stand where a zone goes but are not
//! one (`WTC`, `Europe/Berln`).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime, Offset, TimeZone};
use chrono_tz::{TZ_VARIANTS, Tz};
use serde::Deserialize;

const TABLE_TOML: &str = include_str!("../../rules/timezones.toml");

/// One thing an abbreviation can mean.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meaning {
    #[serde(deserialize_with = "parse_offset_field")]
    pub offset: i32,
    #[serde(default)]
    pub dst: bool,
    #[serde(default)]
    pub generic: bool,
    pub zone: String,
    pub region: String,
    #[serde(default)]
    pub alias: bool,
    #[serde(default)]
    pub rare: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviation {
    pub name: String,
    pub meanings: Vec<Meaning>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    /// Upper-case words that follow a time in prose and are one edit from a zone.
    not_zones: Vec<String>,
    any_case: Vec<String>,
    full_names: BTreeMap<String, String>,
    places: BTreeMap<String, Vec<String>>,
    abbreviation: Vec<Abbreviation>,
}

pub struct ZoneTable {
    not_zones: Vec<String>,
    /// Abbreviations read in any case (`utc`), being no English word.
    any_case: Vec<String>,
    /// Names written in full, lower-cased, longest first, with the abbreviation each means.
    full_names: Vec<(String, String)>,
    /// Place names by the IANA zone they point to.
    places: BTreeMap<String, Vec<String>>,
    abbreviations: Vec<Abbreviation>,
}

pub static ZONES: LazyLock<ZoneTable> = LazyLock::new(|| {
    let file: TableFile =
        toml::from_str(TABLE_TOML).expect("rules/timezones.toml is checked by the test suite");
    let mut full_names: Vec<(String, String)> = file
        .full_names
        .into_iter()
        .map(|(name, abbreviation)| (name.to_lowercase(), abbreviation))
        .collect();
    full_names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    ZoneTable {
        not_zones: file.not_zones,
        any_case: file.any_case,
        full_names,
        places: file.places,
        abbreviations: file.abbreviation,
    }
});

impl ZoneTable {
    #[cfg(test)]
    pub fn names(&'static self) -> impl Iterator<Item = &'static str> {
        self.abbreviations.iter().map(|a| a.name.as_str())
    }

    /// The zone written in full at the start of `text` (`Central European Time`, any case) and
    /// how many bytes it takes: the longest listed name, ending at a word boundary.
    pub fn full_name_at(&'static self, text: &str) -> Option<(&'static Abbreviation, usize)> {
        self.full_names.iter().find_map(|(name, abbreviation)| {
            let written = text.get(..name.len())?;
            let bounded = !text[name.len()..].starts_with(|c: char| c.is_alphanumeric());
            if !(bounded && written.eq_ignore_ascii_case(name)) {
                return None;
            }
            self.lookup(abbreviation).map(|abbr| (abbr, name.len()))
        })
    }

    /// The place names that point to the IANA zone `zone` (`Mumbai` to Asia/Kolkata).
    pub fn places(&'static self, zone: &str) -> &'static [String] {
        self.places.get(zone).map_or(&[], Vec::as_slice)
    }

    /// A word such as `AWS` or `CDN` that follows times in prose and is no zone, though one
    /// edit from one.
    pub fn is_not_zone(&self, word: &str) -> bool {
        self.not_zones.iter().any(|w| w == word)
    }

    /// The abbreviation the IANA zone `zone` uses at `offset`: PDT for Los Angeles at -07:00.
    pub fn label_at(&'static self, zone: &str, offset: i32) -> Option<&'static str> {
        self.abbreviations
            .iter()
            .find(|a| {
                a.meanings
                    .iter()
                    .any(|m| m.zone == zone && m.offset == offset && !m.generic)
            })
            .map(|a| a.name.as_str())
    }

    pub fn lookup(&'static self, name: &str) -> Option<&'static Abbreviation> {
        self.abbreviations.iter().find(|a| a.name == name)
    }

    /// The abbreviation `word` writes in lower or mixed case (`utc`, `Pst`), if it is one of
    /// those read in any case.
    pub fn miscased(&'static self, word: &str) -> Option<&'static Abbreviation> {
        let listed = self
            .any_case
            .iter()
            .find(|n| n.eq_ignore_ascii_case(word))?;
        (listed != word).then(|| self.lookup(listed)).flatten()
    }

    /// Real abbreviations one edit away from `word` (a substitution, insertion, deletion or
    /// swap of neighbours), UTC first: `WTC` gives `UTC`, `GTM` gives `GMT`. Two-letter labels
    /// such as `ET` are never the target, since `ETL` or `ES` are words of their own, and a
    /// two-letter word is read as a typo only of UTC or GMT (`TC`), not of `ICT` or `EST`.
    pub fn near_misses(&'static self, word: &str) -> Vec<&'static str> {
        let upper = word.to_ascii_uppercase();
        let mut found: Vec<&'static str> = self
            .abbreviations
            .iter()
            .filter(|a| a.name.len() >= 3)
            .filter(|a| upper.len() > 2 || matches!(a.name.as_str(), "UTC" | "GMT"))
            .filter(|a| one_edit_apart(&upper, &a.name.to_ascii_uppercase()))
            .map(|a| a.name.as_str())
            .collect();
        found.sort_by_key(|name| *name != "UTC");
        found
    }
}

/// A zone written next to a time.
#[derive(Debug, Clone, PartialEq)]
pub enum Zone {
    /// A numeric offset in seconds east of UTC: `Z`, `+05:30`, `GMT+1`.
    Offset(i32),
    Abbrev(&'static Abbreviation),
    /// An IANA name: `Europe/Berlin`, `US/Pacific`. Its offset depends on the date.
    Iana(Tz),
    /// Written where a zone goes, but no zone uses it.
    Unknown(Box<str>),
}

impl PartialEq for Abbreviation {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Zone {
    /// Every UTC offset (seconds) the zone can stand for, or `None` when it is not a zone.
    pub fn offsets(&self) -> Option<Vec<i32>> {
        match self {
            Zone::Offset(seconds) => Some(vec![*seconds]),
            Zone::Abbrev(abbr) => {
                let mut offsets: Vec<i32> = abbr
                    .meanings
                    .iter()
                    .flat_map(|m| {
                        let daylight = m.generic.then_some(m.offset + 3600);
                        std::iter::once(m.offset).chain(daylight)
                    })
                    .collect();
                offsets.sort_unstable();
                offsets.dedup();
                Some(offsets)
            }
            Zone::Iana(tz) => Some(iana_offsets(*tz, &reference_days())),
            Zone::Unknown(_) => None,
        }
    }

    /// The offsets the zone can stand for on `date`: an IANA zone has one (two on the day its
    /// clocks change); an abbreviation has all its meanings whatever the date.
    pub fn offsets_on(&self, date: Option<NaiveDate>) -> Option<Vec<i32>> {
        match (self, date) {
            (Zone::Iana(tz), Some(date)) => Some(iana_offsets(*tz, &[date])),
            _ => self.offsets(),
        }
    }

    /// [`offset_bounds`](Self::offset_bounds) on `date`, exact for an IANA zone.
    pub fn offset_bounds_on(&self, date: Option<NaiveDate>) -> Option<(i32, i32)> {
        match (self, date) {
            (Zone::Iana(tz), Some(date)) => {
                let offsets = iana_offsets(*tz, &[date]);
                Some((*offsets.first()?, *offsets.last()?))
            }
            _ => self.offset_bounds(),
        }
    }

    /// The least and greatest UTC offsets (seconds) the zone can stand for, without
    /// collecting them: every time comparison asks for these.
    pub fn offset_bounds(&self) -> Option<(i32, i32)> {
        match self {
            Zone::Offset(seconds) => Some((*seconds, *seconds)),
            Zone::Iana(_) => {
                let offsets = self.offsets()?;
                Some((*offsets.first()?, *offsets.last()?))
            }
            Zone::Abbrev(abbr) => abbr.meanings.iter().fold(None, |bounds, m| {
                let high = m.offset + if m.generic { 3600 } else { 0 };
                Some(bounds.map_or((m.offset, high), |(lo, hi): (i32, i32)| {
                    (lo.min(m.offset), hi.max(high))
                }))
            }),
            Zone::Unknown(_) => None,
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Offset(0) => f.write_str("UTC"),
            Zone::Offset(seconds) => f.write_str(&format_offset(*seconds)),
            Zone::Abbrev(abbr) => f.write_str(&abbr.name),
            Zone::Iana(tz) => f.write_str(tz.name()),
            Zone::Unknown(word) => f.write_str(word),
        }
    }
}

/// Days that show a zone's winter and summer offsets when a time has no date: mid-January
/// and mid-July of a recent year.
fn reference_days() -> [NaiveDate; 2] {
    [(2025, 1, 15), (2025, 7, 15)]
        .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("reference days are real dates"))
}

/// The offsets (seconds east of UTC) `tz` used over `days`, sorted: its clocks are read at the
/// start and end of each day, so a day its clocks change gives both.
fn iana_offsets(tz: Tz, days: &[NaiveDate]) -> Vec<i32> {
    let ends = [
        NaiveTime::MIN,
        NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(NaiveTime::MIN),
    ];
    let mut offsets: Vec<i32> = days
        .iter()
        .flat_map(|day| ends.map(|time| day.and_time(time)))
        .map(|moment| tz.offset_from_utc_datetime(&moment).fix().local_minus_utc())
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    offsets
}

/// The IANA zone spelt `name`, in any letter case: `Europe/Berlin`, `us/pacific`.
pub fn iana_zone(name: &str) -> Option<Tz> {
    name.parse().ok().or_else(|| {
        TZ_VARIANTS
            .iter()
            .copied()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
    })
}

/// Real IANA names nearest to a misspelt one (`Europe/Berln`, `UC/Pacific`): one edit away,
/// or two in a name of ten letters or more, whose area is written with a capital as the
/// real names are. Empty when nothing is that near: `CI/CD` is no misspelt zone.
pub fn iana_near_misses(name: &str) -> Vec<&'static str> {
    if !name.contains('/') || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Vec::new();
    }
    let allowed = if name.len() >= 10 { 2 } else { 1 };
    let lower = name.to_ascii_lowercase();
    let mut best: Vec<(usize, &'static str)> = TZ_VARIANTS
        .iter()
        .filter(|tz| tz.name().contains('/') && tz.name().len().abs_diff(name.len()) <= allowed)
        .map(|tz| {
            (
                edit_distance(&lower, &tz.name().to_ascii_lowercase()),
                tz.name(),
            )
        })
        .filter(|(distance, _)| *distance <= allowed)
        .collect();
    best.sort_unstable();
    let nearest = best.first().map(|(distance, _)| *distance);
    best.into_iter()
        .take_while(|(distance, _)| Some(*distance) == nearest)
        .map(|(_, name)| name)
        .collect()
}

pub fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses `+05:30`, `-0800` or `+3` into seconds east of UTC, within -12:00..=+14:00.
pub fn parse_offset(text: &str) -> Option<i32> {
    let mut chars = text.chars();
    let sign = match chars.next()? {
        '+' => 1,
        '-' | '\u{2212}' => -1,
        _ => return None,
    };
    let digits = chars.as_str();
    let digits = digits.trim_start();
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        None if digits.len() <= 2 => (digits.parse().ok()?, 0),
        None => return None,
    };
    let seconds = sign * (hours * 3600 + minutes * 60);
    let valid = minutes < 60 && (-12 * 3600..=14 * 3600).contains(&seconds);
    valid.then_some(seconds)
}

fn parse_offset_field<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_offset(&text).ok_or_else(|| serde::de::Error::custom(format!("bad offset {text:?}")))
}

/// Whether `edit_distance(a, b) == 1`, without the table: every unknown word in a document is
/// compared with every abbreviation.
fn one_edit_apart(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return one_edit(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    one_edit(&a, &b)
}

fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let same = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 if same == short.len() => false,
        0 => {
            let swapped = same + 1 < short.len()
                && short[same] == long[same + 1]
                && short[same + 1] == long[same]
                && short[same + 2..] == long[same + 2..];
            swapped || short[same + 1..] == long[same + 1..]
        }
        1 => short[same..] == long[same + 1..],
        _ => false,
    }
}

/// Optimal string alignment distance: edits plus swaps of adjacent letters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in table[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (table[i - 1][j] + 1)
                .min(table[i][j - 1] + 1)
                .min(table[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[i - 2][j - 2] + 1);
            }
            table[i][j] = best;
        }
    }
    table[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_with_every_meaning_of_an_abbreviation() {
        let offsets = |name: &str| Zone::Abbrev(ZONES.lookup(name).unwrap()).offsets().unwrap();
        assert_eq!(offsets("IST"), vec![3600, 7200, 19800]);
        assert_eq!(offsets("EAT"), vec![10800]);
        assert_eq!(offsets("PST"), vec![-28800, 28800]);
        assert!(ZONES.lookup("WTC").is_none());
    }

    proptest::proptest! {
        #[test]
        fn one_edit_apart_is_an_edit_distance_of_one(a in "[ABTé]{0,5}", b in "[ABTé]{0,5}") {
            proptest::prop_assert_eq!(one_edit_apart(&a, &b), edit_distance(&a, &b) == 1);
        }
    }

    #[test]
    fn any_case_lists_known_abbreviations_in_upper_case() {
        for name in &ZONES.any_case {
            assert!(
                ZONES.lookup(name).is_some(),
                "{name} is not an abbreviation"
            );
        }
        assert_eq!(ZONES.miscased("utc").map(|a| a.name.as_str()), Some("UTC"));
        assert!(ZONES.miscased("UTC").is_none());
        assert!(ZONES.miscased("cat").is_none());
    }

    #[test]
    fn full_names_stand_for_their_abbreviation() {
        let (abbr, len) = ZONES.full_name_at("central european time (CET)").unwrap();
        assert_eq!((abbr.name.as_str(), len), ("CET", 21));
        let (abbr, _) = ZONES.full_name_at("Central European Summer Time.").unwrap();
        assert_eq!(abbr.name, "CEST");
        assert!(ZONES.full_name_at("Pacific Timeline").is_none());
        for (_, abbreviation) in &ZONES.full_names {
            assert!(ZONES.lookup(abbreviation).is_some(), "{abbreviation}");
        }
    }

    #[test]
    fn places_point_to_a_common_meaning_of_an_ambiguous_abbreviation() {
        for (zone, names) in &ZONES.places {
            assert!(!names.is_empty(), "{zone}");
            let common_meaning_of_ambiguous = ZONES.abbreviations.iter().any(|abbr| {
                let common: Vec<&Meaning> = abbr.meanings.iter().filter(|m| !m.rare).collect();
                common.iter().any(|m| &m.zone == zone)
                    && common.iter().any(|m| m.offset != common[0].offset)
            });
            assert!(common_meaning_of_ambiguous, "{zone} settles nothing");
        }
    }

    #[test]
    fn near_misses_put_utc_first() {
        assert_eq!(ZONES.near_misses("WTC"), vec!["UTC"]);
        assert_eq!(ZONES.near_misses("TC")[0], "UTC");
        assert_eq!(ZONES.near_misses("GTM"), vec!["GMT"]);
        assert!(ZONES.near_misses("PTD").contains(&"PDT"));
        assert!(ZONES.near_misses("QQQQ").is_empty());
        for word in ["IC", "CS", "ES", "ETL"] {
            assert!(ZONES.near_misses(word).is_empty(), "{word}");
        }
    }

    #[test]
    fn iana_zones_have_their_offsets_on_the_day() {
        let berlin = Zone::Iana(iana_zone("Europe/Berlin").unwrap());
        assert_eq!(berlin.offsets(), Some(vec![3600, 7200]));
        let july = NaiveDate::from_ymd_opt(2024, 7, 2);
        assert_eq!(berlin.offsets_on(july), Some(vec![7200]));
        assert_eq!(berlin.offset_bounds_on(july), Some((7200, 7200)));
        let switch = NaiveDate::from_ymd_opt(2024, 3, 31);
        assert_eq!(berlin.offsets_on(switch), Some(vec![3600, 7200]));
        assert_eq!(berlin.to_string(), "Europe/Berlin");
        assert_eq!(
            iana_zone("us/pacific").map(|tz| tz.name()),
            Some("US/Pacific")
        );
        assert!(iana_zone("Europe/Berln").is_none());
    }

    #[test]
    fn misspelt_iana_names_have_a_nearest_real_one() {
        assert_eq!(iana_near_misses("Europe/Berln"), vec!["Europe/Berlin"]);
        assert_eq!(iana_near_misses("UC/Pacific"), vec!["US/Pacific"]);
        assert_eq!(
            iana_near_misses("Amerca/New_York"),
            vec!["America/New_York"]
        );
        for prose in ["CI/CD", "I/O", "TCP/IP", "read/write", "Frontend/Backend"] {
            assert!(iana_near_misses(prose).is_empty(), "{prose}");
        }
    }

    #[test]
    fn offsets_parse_and_format() {
        assert_eq!(parse_offset("+05:30"), Some(19800));
        assert_eq!(parse_offset("-0800"), Some(-28800));
        assert_eq!(parse_offset("+1"), Some(3600));
        assert_eq!(parse_offset("+15:00"), None);
        assert_eq!(format_offset(-28800), "-08:00");
    }

    #[test]
    fn generic_labels_cover_both_seasons() {
        let pt = Zone::Abbrev(ZONES.lookup("PT").unwrap());
        assert_eq!(pt.offsets(), Some(vec![-28800, -25200]));
        assert_eq!(pt.offset_bounds(), Some((-28800, -25200)));
        let ist = Zone::Abbrev(ZONES.lookup("IST").unwrap());
        let offsets = ist.offsets().unwrap();
        assert_eq!(
            ist.offset_bounds(),
            Some((offsets[0], offsets[offsets.len() - 1]))
        );
        assert_eq!(Zone::Offset(3600).offset_bounds(), Some((3600, 3600)));
        assert_eq!(Zone::Unknown("WTC".into()).offsets(), None);
    }
}
