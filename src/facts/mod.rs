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
pub use moment::{Moment, UtcRange, minutes_between, utc_bounds};

use crate::Findings;
use crate::diagnostic::Severity;
use crate::document::{
    ActionItem, Document, EntryEvent, Genre, MetricKind, Population, Qualifier, SectionKind,
    WindowSource,
};
use crate::profile::Profile;
use crate::time::Stamp;

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
    /// Shares of users or requests the document states.
    pub impact: Vec<Share>,
    pub sections: Sections,
    pub action_items: ActionItems,
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
    /// pmlint reads no mitigation entry, so only the stated figure is given.
    pub time_to_mitigate: Duration,
    pub time_to_recover: Duration,
}

/// A duration computed from two stated times, or why it cannot be.
#[derive(Debug, Default, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Duration {
    pub minutes: Option<i64>,
    /// The times it runs between: `window start`, `first entry`, `detection`, `restoration`,
    /// `window end`.
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    pub unknown: Option<String>,
    /// The figure the document types (`Time to detect: 12 minutes`), in minutes.
    pub stated_minutes: Option<i64>,
    pub stated_line: Option<usize>,
    /// Whether the computed and stated figures agree, within what the stated one's rounding
    /// allows; `null` when either is missing, the computed one does not run from a start
    /// stated as the incident's (a label, front matter, markers) to a timeline entry, or the
    /// stated one counts business hours.
    pub agrees: Option<bool>,
}

/// A share the document states: `about 30% of users`.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Share {
    pub percent: f64,
    /// `users`, `requests`, or `null` when the text does not say.
    pub of: Option<&'static str>,
    /// `exact`, `approximately`, `at least` or `at most`.
    pub qualifier: &'static str,
    /// Said of the users hit overall, not of a narrower group.
    pub overall: bool,
    pub line: usize,
}

/// How many action items there are and how many name an owner, a ticket and a due date.
#[derive(Debug, Default, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ActionItems {
    pub count: usize,
    pub with_owner: usize,
    pub with_ticket: usize,
    pub with_due_date: usize,
    pub done: usize,
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
        // A figure is compared with the stated one only when it counts from a start the
        // document states as the incident's (a `Start:` label, front matter, outage markers)
        // to a timeline entry. The first entry may be a maintenance begun an hour before, and
        // a window in a sentence may be one symptom's ("between 14:22 and 14:26, metrics were
        // lost"), so either would claim a disagreement that is not there.
        let comparable = window.is_some_and(|w| {
            w.bounds.start.is_some()
                && matches!(
                    w.source,
                    WindowSource::Label | WindowSource::FrontMatter | WindowSource::Markers
                )
        });
        // No duration is counted to an entry the rules find outside the window or a year off:
        // the document contradicts itself there, and the figure would be days or a year long.
        let contradicted = |stamp: &Stamp| {
            let entry = entries.iter().find(|e| std::ptr::eq(&e.stamp, stamp))?;
            findings.diagnostics.iter().find(|d| {
                entry.line.contains(&d.span.start)
                    && matches!(d.rule.name, "entry-outside-window" | "year-outlier")
            })
        };
        let counted = |(to, name): (Option<&Stamp>, &'static str)| match to
            .and_then(|stamp| Some((stamp, contradicted(stamp)?)))
        {
            Some((stamp, finding)) => Duration::unread(&format!(
                "the {name} (line {}) contradicts the document ({} {})",
                doc.source.lines.line_of(stamp.span.start) + 1,
                finding.rule.code,
                finding.rule.name
            )),
            None => duration((origin, origin_name), (to, name)),
        };
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
                time_to_detect: counted((detection, "detection")).beside(
                    doc,
                    MetricKind::Detection,
                    comparable,
                ),
                time_to_mitigate: Duration::unread("pmlint reads no mitigation entry").beside(
                    doc,
                    MetricKind::Mitigation,
                    comparable,
                ),
                time_to_recover: counted(recovered).beside(doc, MetricKind::Recovery, comparable),
            },
            zones: zones(doc),
            impact: impact(doc),
            sections: sections(doc, profile),
            action_items: action_items(doc),
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
        return Duration::unread(&format!("no {missing} is stated"));
    };
    // Counted from the first entry when that entry is the event itself, the figure would be
    // zero only because the start is not stated.
    if std::ptr::eq(from, to) {
        return Duration::unread(&format!(
            "the {from_name} is the {to_name}: the incident's start is not stated"
        ));
    }
    let (minutes, unknown) = match minutes_between(from, to) {
        // A duration below zero is a contradiction (an inverted window, entries out of
        // order), not a figure to average.
        Ok(minutes) if minutes < 0 => (
            None,
            Some(format!(
                "the {to_name} is {} minutes before the {from_name}",
                -minutes
            )),
        ),
        Ok(minutes) => (Some(minutes), None),
        Err(reason) => (None, Some(reason)),
    };
    Duration {
        minutes,
        from: Some(from_name),
        to: Some(to_name),
        unknown,
        ..Duration::default()
    }
}

impl Duration {
    /// A duration that cannot be computed, and why.
    fn unread(why: &str) -> Duration {
        Duration {
            unknown: Some(why.to_string()),
            ..Duration::default()
        }
    }

    /// With the figure the document states for `kind`, and whether the two agree when the
    /// computed one is `comparable`.
    fn beside(mut self, doc: &Document, kind: MetricKind, comparable: bool) -> Duration {
        let Some(metric) = doc.metrics.iter().find(|m| m.kind == kind) else {
            return self;
        };
        let stated = metric.length.seconds;
        self.stated_minutes = Some(stated / 60);
        self.stated_line = Some(doc.source.lines.line_of(metric.name.start) + 1);
        self.agrees = match self.minutes {
            Some(minutes)
                if !metric.business_hours && comparable && self.to != Some("window end") =>
            {
                let gap = (minutes * 60 - stated).abs();
                Some(gap <= metric.length.tolerance().num_seconds().max(60))
            }
            _ => None,
        };
        self
    }
}

fn impact(doc: &Document) -> Vec<Share> {
    doc.impact()
        .percentages
        .iter()
        .filter(|p| !p.baseline)
        .map(|p| Share {
            percent: p.value,
            of: p.of.map(Population::noun),
            qualifier: match p.qualifier {
                Qualifier::Exact => "exact",
                Qualifier::Approx => "approximately",
                Qualifier::AtLeast => "at least",
                Qualifier::AtMost => "at most",
            },
            overall: p.overall,
            line: doc.source.lines.line_of(p.span.start) + 1,
        })
        .collect()
}

fn action_items(doc: &Document) -> ActionItems {
    let items = doc.action_items();
    let count = |has: fn(&ActionItem) -> bool| items.iter().filter(|i| has(i)).count();
    ActionItems {
        count: items.len(),
        with_owner: count(|i| i.owner),
        with_ticket: count(|i| i.ticket),
        with_due_date: count(|i| i.due),
        done: count(|i| i.done),
    }
}

/// The first line of text outside front matter and code, without its heading marks.
pub fn title(doc: &Document) -> Option<String> {
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
