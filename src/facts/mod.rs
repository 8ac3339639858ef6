//! `pmlint facts`: what a postmortem says about its incident, as data. One record per
//! document, read from the same [`Document`] the rules read: the stated window, the timeline's
//! first entry, detection, restoration and last entry, the durations computed from them, the
//! zones, the sections, and how many findings the rules made. A value the document does not
//! give is `null`, with the reason beside it; nothing is guessed.

mod csv;
mod moment;
#[cfg(test)]
mod schema;

use serde::Serialize;

pub use csv::{HEADER, row};
pub use moment::{Moment, UtcRange};

use crate::Findings;
use crate::diagnostic::Severity;
use crate::document::{Document, EntryEvent, Genre, SectionKind, WindowSource};
use crate::profile::Profile;
use crate::time::Stamp;
use moment::minutes_between;

/// The version of the record's shape; it changes when a field changes meaning or goes.
pub const VERSION: u32 = 1;

/// One record of `pmlint facts`: what a postmortem says about its incident.
#[derive(Debug, Serialize)]
#[cfg_attr(
    test,
    derive(schemars::JsonSchema),
    schemars(title = "pmlint facts record")
)]
pub struct Facts {
    pub file: String,
    /// The first heading or line of text.
    pub title: Option<String>,
    /// `false` for a template or README beside the postmortems.
    pub postmortem: bool,
    pub window: Option<Window>,
    pub timeline: Timeline,
    pub durations: Durations,
    /// Every zone the document writes or declares, once each, in order.
    pub zones: Vec<String>,
    pub sections: Sections,
    pub findings: Counts,
}

/// The incident window as the document states it.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Window {
    pub start: Option<Moment>,
    pub end: Option<Moment>,
    /// A length stated with it (`Duration: 2 hours`), in minutes.
    pub stated_minutes: Option<i64>,
    /// `label` (`Duration:`, `Start:`), `front-matter`, `heading`, `sentence` or `markers`.
    pub stated_in: &'static str,
    pub line: usize,
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Timeline {
    pub entries: usize,
    pub first: Option<Moment>,
    /// The first entry that reports the problem noticed: alerts, pages, reports.
    pub detection: Option<Moment>,
    /// The first entry that reports service back.
    pub restoration: Option<Moment>,
    pub last: Option<Moment>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Durations {
    /// From the stated start to the stated end.
    pub window: Duration,
    pub time_to_detect: Duration,
    pub time_to_recover: Duration,
}

/// A duration computed from two stated times, or why it cannot be.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Duration {
    pub minutes: Option<i64>,
    /// The times it runs between: `window start`, `first entry`, `detection`, `restoration`,
    /// `window end`.
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    pub unknown: Option<String>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Sections {
    /// The kinds of section present, in order: `summary`, `timeline`, `root cause`, ...
    pub present: Vec<&'static str>,
    /// The sections the profile asks for that are missing: `action items`, `impact or summary`.
    pub missing: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Facts {
    /// The facts of `doc`, whose `findings` the rules made under `profile`.
    pub fn of(doc: &Document, findings: &Findings, profile: &Profile) -> Facts {
        let window = doc.windows.first();
        let entries = &doc.entries;
        let stamp_of =
            |event: EntryEvent| entries.iter().find(|e| e.event == event).map(|e| &e.stamp);
        let detection = stamp_of(EntryEvent::Detection);
        let restoration = stamp_of(EntryEvent::Restoration);
        let start = window.and_then(|w| w.bounds.start.as_ref());
        let end = window.and_then(|w| w.bounds.end.as_ref());
        let first = entries.first().map(|e| &e.stamp);
        let (origin, origin_name) = match (start, first) {
            (Some(start), _) => (Some(start), "window start"),
            (None, first) => (first, "first entry"),
        };
        let recovered = match (restoration, end) {
            (Some(restored), _) => (Some(restored), "restoration"),
            (None, end) => (end, "window end"),
        };
        let moment = |stamp: &Stamp| Moment::of(doc, stamp);
        Facts {
            file: doc.source.path.clone(),
            title: title(doc),
            postmortem: doc.genre == Genre::Postmortem,
            window: window.map(|w| Window {
                start: w.start.as_ref().map(moment),
                end: w.end.as_ref().map(moment),
                stated_minutes: w.length.as_ref().map(|l| l.seconds / 60),
                stated_in: source_name(w.source),
                line: doc.source.lines.line_of(w.span.start) + 1,
            }),
            timeline: Timeline {
                entries: entries.len(),
                first: first.map(moment),
                detection: detection.map(moment),
                restoration: restoration.map(moment),
                last: entries.last().map(|e| moment(&e.stamp)),
            },
            durations: Durations {
                window: duration((start, "window start"), (end, "window end")),
                time_to_detect: duration((origin, origin_name), (detection, "detection")),
                time_to_recover: duration((origin, origin_name), recovered),
            },
            zones: zones(doc),
            sections: sections(doc, profile),
            findings: counts(findings),
        }
    }
}

fn source_name(source: WindowSource) -> &'static str {
    match source {
        WindowSource::Label => "label",
        WindowSource::FrontMatter => "front-matter",
        WindowSource::Heading => "heading",
        WindowSource::Sentence => "sentence",
        WindowSource::Markers => "markers",
    }
}

fn duration(
    (from, from_name): (Option<&Stamp>, &'static str),
    (to, to_name): (Option<&Stamp>, &'static str),
) -> Duration {
    let (Some(from), Some(to)) = (from, to) else {
        let missing = if from.is_none() { from_name } else { to_name };
        return Duration {
            minutes: None,
            from: None,
            to: None,
            unknown: Some(format!("no {missing} is stated")),
        };
    };
    let (minutes, unknown) = match minutes_between(from, to) {
        Ok(minutes) => (Some(minutes), None),
        Err(reason) => (None, Some(reason)),
    };
    Duration {
        minutes,
        from: Some(from_name),
        to: Some(to_name),
        unknown,
    }
}

/// The first line of text outside front matter and code, without its heading marks.
fn title(doc: &Document) -> Option<String> {
    let text = &doc.source.text;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line
            .trim()
            .trim_start_matches('#')
            .trim()
            .trim_matches('*')
            .trim();
        if trimmed.is_empty()
            || doc.is_skipped(start)
            || trimmed.chars().all(|c| c == '-' || c == '=')
        {
            continue;
        }
        return Some(trimmed.chars().take(200).collect());
    }
    None
}

fn zones(doc: &Document) -> Vec<String> {
    let mut zones: Vec<String> = Vec::new();
    for used in &doc.zones {
        let name = used.zone.to_string();
        if !zones.contains(&name) {
            zones.push(name);
        }
    }
    zones
}

fn sections(doc: &Document, profile: &Profile) -> Sections {
    let mut present: Vec<&'static str> = Vec::new();
    let kinds = doc.sections.iter().flat_map(|s| s.kinds.iter());
    let lead = doc.lead.is_some().then_some(&SectionKind::Summary);
    for kind in lead.into_iter().chain(kinds) {
        if !present.contains(&kind.name()) {
            present.push(kind.name());
        }
    }
    let missing = profile
        .sections
        .iter()
        .filter(|required| !required.any_of.iter().any(|k| doc.has_section(*k)))
        .map(|required| required.name())
        .collect();
    Sections { present, missing }
}

fn counts(findings: &Findings) -> Counts {
    let mut counts = Counts::default();
    for d in &findings.diagnostics {
        match d.severity {
            Severity::Error => counts.error += 1,
            Severity::Warning => counts.warning += 1,
            Severity::Info => counts.info += 1,
        }
    }
    counts
}
