//! Property tests for the timestamp grammar: every date and time it can print back parses to
//! the same instant, and no input makes parsing or linting panic or put a span off a character
//! boundary.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use pmlint::Settings;
use pmlint::profile::Profile;
use pmlint::source::{Format, SourceFile};
use pmlint::time::Zone;
use pmlint::time::conventions::Conventions;
use pmlint::time::grammar::{MONTH_NAMES, scan};
use pmlint::time::zone::ZONES;
use proptest::prelude::*;

const ZONE_NAMES: [&str; 8] = ["UTC", "GMT", "PST", "CET", "EAT", "IST", "AEST", "Z"];

/// Writes a date and time in one of the notations postmortems use.
fn print(date: NaiveDate, time: NaiveTime, style: usize, zone: &str) -> String {
    let (h, m) = (time.hour(), time.minute());
    let twelve = format!(
        "{}:{m:02} {}",
        if h % 12 == 0 { 12 } else { h % 12 },
        if h < 12 { "AM" } else { "PM" }
    );
    let month = MONTH_NAMES[date.month0() as usize];
    // `Z` attaches only to a 24-hour clock (`14:00Z`); a twelve-hour one writes UTC.
    let twelve_hour = matches!(style % 5, 1 | 3);
    let zone = if zone == "Z" && twelve_hour {
        "UTC"
    } else {
        zone
    };
    let zone_sep = if zone == "Z" { "" } else { " " };
    match style % 5 {
        0 => format!("{} {h:02}:{m:02}{zone_sep}{zone}", date.format("%Y-%m-%d")),
        1 => format!(
            "{month} {}, {}, {twelve}{zone_sep}{zone}",
            date.day(),
            date.year()
        ),
        2 => format!(
            "{} {month} {} {h:02}:{m:02}{zone_sep}{zone}",
            date.day(),
            date.year()
        ),
        3 => format!("{} {twelve}{zone_sep}{zone}", date.format("%m/%d/%Y")),
        _ => format!("{}T{h:02}:{m:02}:00Z", date.format("%Y-%m-%d")),
    }
}

fn offsets_of(zone: &str) -> Option<Vec<i32>> {
    match zone {
        "Z" => Some(vec![0]),
        name => Zone::Abbrev(ZONES.lookup(name)?).offsets(),
    }
}

proptest! {
    #[test]
    fn printed_timestamps_parse_back_to_the_same_instant(
        // The grammar reads years 1900-2099; 47_482 days after 1970 is the end of 2099.
        days in 0i64..47_482,
        minutes in 0u32..1440,
        style in 0usize..5,
        zone in 0usize..ZONE_NAMES.len(),
        prefix in "(- |\\| |\\*\\*|)",
        suffix in "(: deploy| - paged| \\||\\*\\*)",
    ) {
        let date = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::TimeDelta::days(days);
        let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap();
        let zone = ZONE_NAMES[zone];
        let printed = print(date, time, style, zone);
        let text = format!("{prefix}{printed}{suffix}");
        let mentions = scan(&text, &[], &Conventions::default());
        prop_assert_eq!(mentions.len(), 1, "{:?} gave {:?}", text, mentions);
        let m = &mentions[0];
        prop_assert_eq!(m.date.as_ref().and_then(|d| d.resolve(None)), Some(date), "{}", text);
        prop_assert_eq!(m.clock.as_ref().and_then(|c| c.time()), Some(time), "{}", text);
        let written_zone = if style % 5 == 4 { "Z" } else { zone };
        let parsed = m.zone.as_ref().and_then(|z| z.zone.offsets());
        prop_assert_eq!(parsed, offsets_of(written_zone), "{}", text);
        prop_assert_eq!(&text[m.span.clone()], printed.as_str());
    }

    #[test]
    fn any_text_scans_with_spans_on_character_boundaries(text in "\\PC{0,200}") {
        for m in scan(&text, &[], &Conventions::default()) {
            prop_assert!(m.span.start <= m.span.end && m.span.end <= text.len());
            prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        }
    }

    #[test]
    fn timestamp_soup_lints_without_panicking(
        parts in proptest::collection::vec(
            "(# Timeline\n|## Timeline \\(PST\\)\n|Duration: |- |\\| |[0-9]{1,5}[:/-][0-9?]{1,3}|[ \n]|(AM|PM|WTC|UTC\\+|IST|CST|Z)|(April 31|Feb 29|Tuesday,|20202-01-16|25:10|3:AM|HH:mm|TBD)|Time to recovery: [0-9]{1,12} (minutes|days)|<!-- pmlint-(disable|enable|disable-next-line|disable-file) (PM101|dst-label|nope)?( -- why)? -->\n?|---\nstart_time: 2012-07-30T02:33:00Z\n---\n|\\PC{0,3})",
            0..40,
        ),
    ) {
        let text: String = parts.concat();
        // Between them these two profiles run every rule.
        let profiles = ["pagerduty", "alx"].map(|name| Settings {
            profile: Profile::builtin(name).unwrap(),
            ..Settings::default()
        });
        for (format, settings) in [Format::Markdown, Format::PlainText].into_iter().flat_map(|f| profiles.iter().map(move |p| (f, p))) {
            let source = SourceFile::new("prop", &text, format);
            for d in pmlint::lint(&source, settings).diagnostics {
                prop_assert!(d.span.end <= source.text.len());
                prop_assert!(source.text.is_char_boundary(d.span.start));
                prop_assert!(source.text.is_char_boundary(d.span.end));
            }
        }
    }
}
