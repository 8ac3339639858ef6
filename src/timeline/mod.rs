//! `pmlint timeline`: a document's timeline in one zone, each entry with the gap from the
//! start and from the entry before, the stated window as a band, detection and restoration
//! marked, and the codes of the findings on each entry's line. Read from the parsed
//! [`Document`] and the findings the rules made of it.

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
    /// The codes of the findings on the entry's line.
    pub codes: Vec<&'static str>,
    /// What happened, as written.
    pub text: String,
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
                codes: findings
                    .diagnostics
                    .iter()
                    .filter(|d| entry.line.contains(&d.span.start))
                    .map(|d| d.rule.code)
                    .collect(),
                text: doc.text()[entry.text.clone()].trim().to_string(),
            };
            if entry.stamp.local().is_some() {
                previous = Some(&entry.stamp);
            }
            rows.push(row);
        }
        Timeline {
            title: crate::facts::title(doc).unwrap_or_else(|| doc.source.path.clone()),
            window: window_line,
            rows,
        }
    }
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

/// The timeline as text, `width` columns wide, with ANSI colour when `color`.
pub fn render(timeline: &Timeline, zone: &ShownZone, width: usize, color: bool) -> String {
    let paint = |text: &str, code: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = format!(
        "{}\n",
        paint(
            &format!("{} (times in {})", timeline.title, zone.name()),
            "1"
        )
    );
    if let Some(window) = &timeline.window {
        out.push_str(&format!("{window}\n"));
    }
    out.push_str(&format!(
        "\n  {:<17} {:>8} {:>8}  {:<5} {}\n",
        "time", "start", "prev", "line", "entry"
    ));
    for row in &timeline.rows {
        // The band: `|` inside the stated window, `!` outside it.
        let band = match row.inside_window {
            Some(true) => "|",
            Some(false) => "!",
            None => " ",
        };
        let band = if band == "!" {
            paint(band, "31;1")
        } else {
            band.to_string()
        };
        let time = match &row.time {
            Shown::At { time, ambiguous } => format!("{}{time}", if *ambiguous { "~" } else { "" }),
            Shown::Local { time, .. } => format!("{time}?"),
        };
        let mark = match row.event {
            EntryEvent::Detection => "detected ",
            EntryEvent::Restoration => "restored ",
            EntryEvent::Other => "",
        };
        let codes = if row.codes.is_empty() {
            String::new()
        } else {
            format!("[{}] ", row.codes.join(","))
        };
        let fixed = format!(
            "{band} {time:<17} {:>8} {:>8}  {:<5} ",
            row.from_start.map(gap).unwrap_or_default(),
            row.from_previous.map(gap).unwrap_or_default(),
            row.line
        );
        let used = 2 + 17 + 1 + 8 + 1 + 8 + 2 + 5 + 1 + mark.len() + codes.chars().count();
        let room = width.saturating_sub(used).max(20);
        let text: String = if row.text.chars().count() > room {
            row.text
                .chars()
                .take(room.saturating_sub(1))
                .chain(['…'])
                .collect()
        } else {
            row.text.clone()
        };
        out.push_str(&format!(
            "{fixed}{}{}{text}\n",
            paint(mark, "36"),
            paint(&codes, "31")
        ));
    }
    out.push_str("\n| inside the stated window   ! outside it   ~ earliest of several instants\n");
    // Why some times are shown as written, once per reason, with the lines it holds for.
    let mut reasons: Vec<(&str, Vec<usize>)> = Vec::new();
    for row in &timeline.rows {
        if let Shown::Local { why, .. } = &row.time {
            match reasons.iter_mut().find(|(r, _)| *r == why.as_str()) {
                Some((_, lines)) => lines.push(row.line),
                None => reasons.push((why, vec![row.line])),
            }
        }
    }
    for (why, lines) in reasons {
        let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
        let noun = if lines.len() == 1 { "line" } else { "lines" };
        out.push_str(&format!(
            "? shown as written, not in {}: {why} ({noun} {})\n",
            zone.name(),
            lines.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Settings;
    use crate::source::{Format, SourceFile};

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
