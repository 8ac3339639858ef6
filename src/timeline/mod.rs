//! `pmlint timeline`: a document's timeline in one zone, each entry with the gap from the
//! start and from the entry before, the stated window as a band, detection and restoration
//! marked, and the codes of the findings on each entry's line. Read from the parsed
//! [`Document`] and the findings the rules made of it, and shown as text ([`render`]), an SVG
//! picture ([`svg`]) or an HTML page with the picture and a table ([`html`]).

mod html;
mod svg;
mod text;

pub use html::html;
pub use svg::svg;
pub use text::render;

use chrono::{NaiveDateTime, Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;

use crate::Findings;
use crate::document::{Document, EntryEvent};
use crate::facts::{minutes_between, utc_bounds};
use crate::time::zone::{ZONES, format_offset, iana_zone, parse_offset};

/// The zone a timeline is shown in.
#[derive(Debug, Clone)]
pub enum ShownZone {
    Fixed(i32),
    Iana(Tz),
}

impl ShownZone {
    /// `UTC`, an offset (`+05:30`, `UTC-8`), an IANA name, or an abbreviation with one
    /// meaning; the error says why a name is none of these.
    pub fn parse(name: &str) -> Result<ShownZone, String> {
        if name.eq_ignore_ascii_case("utc") || name.eq_ignore_ascii_case("z") {
            return Ok(ShownZone::Fixed(0));
        }
        let offset = name
            .strip_prefix("UTC")
            .or(name.strip_prefix("GMT"))
            .unwrap_or(name);
        if let Some(seconds) = parse_offset(offset) {
            return Ok(ShownZone::Fixed(seconds));
        }
        if let Some(tz) = iana_zone(name) {
            return Ok(ShownZone::Iana(tz));
        }
        match ZONES.lookup(name) {
            Some(abbreviation) if abbreviation.meanings.len() == 1 => {
                let meaning = &abbreviation.meanings[0];
                Ok(iana_zone(&meaning.zone)
                    .map_or(ShownZone::Fixed(meaning.offset), ShownZone::Iana))
            }
            Some(abbreviation) => {
                let zones: Vec<&str> = abbreviation
                    .meanings
                    .iter()
                    .map(|m| m.zone.as_str())
                    .collect();
                Err(format!(
                    "`{name}` has several meanings; name one: {}",
                    zones.join(", ")
                ))
            }
            None => Err(format!(
                "`{name}` is not a time zone: give UTC, an offset such as +05:30, or an IANA name such as Europe/Berlin"
            )),
        }
    }

    fn local(&self, utc: NaiveDateTime) -> NaiveDateTime {
        utc + TimeDelta::seconds(i64::from(self.offset_at(utc)))
    }

    fn offset_at(&self, utc: NaiveDateTime) -> i32 {
        match self {
            ShownZone::Fixed(seconds) => *seconds,
            ShownZone::Iana(tz) => tz.offset_from_utc_datetime(&utc).fix().local_minus_utc(),
        }
    }

    pub fn name(&self) -> String {
        match self {
            ShownZone::Fixed(0) => "UTC".into(),
            ShownZone::Fixed(seconds) => format!("UTC{}", format_offset(*seconds)),
            ShownZone::Iana(tz) => tz.name().into(),
        }
    }
}

/// One timeline entry as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    /// The entry's time in the shown zone, or as written with why it cannot be converted.
    pub time: Shown,
    /// Minutes from the window's start (else the first entry's time) and from the entry
    /// before that has a time.
    pub from_start: Option<i64>,
    pub from_previous: Option<i64>,
    pub event: EntryEvent,
    /// Inside the stated window; `None` without one or without a date.
    pub inside_window: Option<bool>,
    /// The findings on the entry's line.
    pub flags: Vec<Flag>,
    /// What happened, as written.
    pub text: String,
    /// Where the entry sits on a picture's axis (see [`Axis`]); `None` when it cannot be placed.
    pub at: Option<NaiveDateTime>,
}

impl Row {
    /// `[PM101,PM102]`: the codes of the findings on the line, or empty.
    pub fn codes(&self) -> String {
        if self.flags.is_empty() {
            return String::new();
        }
        let codes: Vec<&str> = self.flags.iter().map(|f| f.code).collect();
        format!("[{}]", codes.join(","))
    }
}

/// A finding on an entry's line.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub code: &'static str,
    pub name: &'static str,
    pub message: String,
}

/// What a picture's time axis measures.
#[derive(Debug, Clone, PartialEq)]
pub enum Axis {
    /// Instants in the shown zone.
    Zone,
    /// No time can be put in the zone, so the local times as written, in the one zone they
    /// share; `why` says what the zone lacks.
    AsWritten { why: String },
    /// No dates at all: times of day as written.
    TimeOfDay,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// `2022-05-09 06:00`, with `~` when the zone allows several instants (the earliest).
    At { time: String, ambiguous: bool },
    /// The local time as written, and why it cannot be shown in the zone.
    Local { time: String, why: String },
}

/// The timeline of `doc` in `zone`: the header lines and the rows.
pub struct Timeline {
    pub title: String,
    pub window: Option<String>,
    pub rows: Vec<Row>,
    pub axis: Axis,
    /// The stated window's start and end on the axis, when both can be placed.
    pub band: Option<(NaiveDateTime, NaiveDateTime)>,
}

impl Timeline {
    pub fn of(doc: &Document, findings: &Findings, zone: &ShownZone) -> Timeline {
        let format = |utc: NaiveDateTime| zone.local(utc).format("%Y-%m-%d %H:%M").to_string();
        // The earliest instant, and whether the stamp has others.
        let instant = |stamp: &crate::time::Stamp| {
            utc_bounds(stamp)
                .ok()
                .map(|(earliest, latest)| (earliest, earliest != latest))
        };
        let window = doc.windows.first();
        // Gaps are counted between stamps, so that entries in one unknown zone still have
        // them (`minutes_between` reads such times in the one zone).
        let start = window
            .and_then(|w| w.bounds.start.as_ref())
            .or_else(|| doc.entries.first().map(|e| &e.stamp));
        let window_line = window.map(|w| {
            let end_of = |s: Option<&crate::time::Stamp>| match s.and_then(&instant) {
                Some((utc, ambiguous)) => {
                    format!("{}{}", if ambiguous { "~" } else { "" }, format(utc))
                }
                None => s.map_or_else(
                    || "?".to_string(),
                    |s| format!("{} (as written)", s.describe_zoned()),
                ),
            };
            format!(
                "window {} to {} (line {})",
                end_of(w.bounds.start.as_ref()),
                end_of(w.bounds.end.as_ref()),
                doc.source.lines.line_of(w.span.start) + 1
            )
        });
        let mut previous: Option<&crate::time::Stamp> = None;
        let mut rows = Vec::new();
        for entry in &doc.entries {
            let line = doc.source.lines.line_of(entry.line.start) + 1;
            let time = match instant(&entry.stamp) {
                Some((utc, ambiguous)) => Shown::At {
                    time: format(utc),
                    ambiguous,
                },
                None => {
                    let why = utc_bounds(&entry.stamp).err().unwrap_or_default();
                    Shown::Local {
                        time: entry.stamp.describe_zoned(),
                        why,
                    }
                }
            };
            let minutes =
                |from: Option<&crate::time::Stamp>| minutes_between(from?, &entry.stamp).ok();
            let row = Row {
                line,
                time,
                from_start: minutes(start),
                from_previous: minutes(previous),
                event: entry.event,
                inside_window: window
                    .filter(|_| entry.stamp.date.is_some())
                    .map(|w| w.bounds.contains(&entry.stamp)),
                flags: findings
                    .diagnostics
                    .iter()
                    .filter(|d| entry.line.contains(&d.span.start))
                    .map(|d| Flag {
                        code: d.rule.code,
                        name: d.rule.name,
                        message: d.message.clone(),
                    })
                    .collect(),
                text: shown_text(doc, &doc.text()[entry.text.clone()]),
                at: None,
            };
            if entry.stamp.local().is_some() {
                previous = Some(&entry.stamp);
            }
            rows.push(row);
        }
        // A picture puts entries in the zone when any can be; else as written.
        let stamps: Vec<&crate::time::Stamp> = doc.entries.iter().map(|e| &e.stamp).collect();
        let in_zone = |s: &crate::time::Stamp| instant(s).map(|(utc, _)| zone.local(utc));
        let axis = if stamps.iter().any(|s| instant(s).is_some()) {
            Axis::Zone
        } else if stamps.iter().any(|s| s.local().is_some()) {
            let why = stamps
                .iter()
                .find_map(|s| utc_bounds(s).err())
                .unwrap_or_default();
            Axis::AsWritten { why }
        } else {
            Axis::TimeOfDay
        };
        let place = |s: &crate::time::Stamp| match &axis {
            Axis::Zone => in_zone(s),
            Axis::AsWritten { .. } => s.local(),
            Axis::TimeOfDay => s.time.map(|t| chrono::NaiveDate::default().and_time(t)),
        };
        for (row, stamp) in rows.iter_mut().zip(&stamps) {
            row.at = place(stamp);
        }
        let band = window.and_then(|w| {
            let start = place(w.bounds.start.as_ref()?)?;
            let end = place(w.bounds.end.as_ref()?)?;
            Some((start, end)).filter(|_| axis != Axis::TimeOfDay)
        });
        Timeline {
            title: crate::facts::title(doc).unwrap_or_else(|| doc.source.path.clone()),
            window: window_line,
            rows,
            axis,
            band,
        }
    }
}

/// An entry's text as a reader of the rendered Markdown sees it: `S&amp;O` is `S&O`.
fn shown_text(doc: &Document, text: &str) -> String {
    let text = text.trim();
    if doc.source.format != crate::source::Format::Markdown || !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest.find(';').filter(|end| *end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or(name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#')?.parse().ok())
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match entity {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `+1h05m`, `-2d3h`, `+0m`.
pub fn gap(minutes: i64) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    let (days, hours, mins) = (m / 1440, m % 1440 / 60, m % 60);
    match (days, hours) {
        (0, 0) => format!("{sign}{mins}m"),
        (0, _) => format!("{sign}{hours}h{mins:02}m"),
        _ => format!("{sign}{days}d{hours}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Settings;
    use crate::source::{Format, SourceFile};

    #[test]
    fn markdown_character_references_read_as_rendered() {
        let text = "# Outage\n\n## Timeline\n\n- June 4, 2024 09:10 UTC - S&amp;O paged &#x41; &bogus; & co\n";
        let source = SourceFile::new("a.md", text, Format::Markdown);
        let settings = Settings::default();
        let doc = Document::parse(&source, &settings.conventions);
        let zone = ShownZone::parse("UTC").unwrap();
        let timeline = Timeline::of(&doc, &crate::lint_document(&doc, &settings), &zone);
        assert_eq!(timeline.rows[0].text, "S&O paged A &bogus; & co");
    }

    #[test]
    fn gaps_read_as_people_write_them() {
        assert_eq!(gap(0), "+0m");
        assert_eq!(gap(65), "+1h05m");
        assert_eq!(gap(-(3 * 1440 + 4 * 60)), "-3d4h");
    }

    #[test]
    fn zones_are_named_as_people_name_them() {
        assert_eq!(ShownZone::parse("utc").unwrap().name(), "UTC");
        assert_eq!(ShownZone::parse("+05:30").unwrap().name(), "UTC+05:30");
        assert_eq!(
            ShownZone::parse("Europe/Berlin").unwrap().name(),
            "Europe/Berlin"
        );
        assert!(
            ShownZone::parse("IST")
                .unwrap_err()
                .contains("several meanings")
        );
        assert!(
            ShownZone::parse("WTC")
                .unwrap_err()
                .contains("not a time zone")
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let text = "# Outage\n\n**Duration:** 09:00 to 10:00 UTC, June 4, 2024\n\n## Timeline\n\n\
                    - June 4, 2024 09:10 UTC - alert fired\n- June 5, 2024 09:10 UTC - restored\n";
        let source = SourceFile::new("a.md", text, Format::Markdown);
        let settings = Settings::default();
        let doc = Document::parse(&source, &settings.conventions);
        let findings = crate::lint_document(&doc, &settings);
        let zone = ShownZone::parse("UTC").unwrap();
        let timeline = Timeline::of(&doc, &findings, &zone);
        assert_eq!(timeline.rows.len(), 2);
        assert_eq!(timeline.rows[0].inside_window, Some(true));
        assert_eq!(timeline.rows[1].inside_window, Some(false));
        assert_eq!(timeline.rows[1].from_previous, Some(1440));
        let plain = render(&timeline, &zone, 100, false);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(plain.contains("! 2024-06-05 09:10"), "{plain}");
        assert!(render(&timeline, &zone, 100, true).contains("\x1b[31;1m!\x1b[0m"));
    }
}
