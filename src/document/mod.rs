//! The parsed postmortem. Each file is read once into a [`Document`]: its sections, stated
//! incident windows, timeline entries, zones and numeric facts, all with byte spans. Rules
//! read the document and never parse text again.

mod actions;
mod clauses;
mod conversions;
mod counts;
mod dates;
mod entries;
mod facts;
mod genre;
mod labels;
mod layout;
mod loose_headings;
mod markers;
mod metrics;
mod outline;
mod people;
pub mod phrases;
mod placeholders;
mod prose_windows;
mod readings;
mod scopes;
pub mod sections;
pub mod suppressions;
mod timeline;
mod windows;
mod writing;
mod zones;

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use chrono::NaiveDate;

pub use actions::ActionItem;
pub use conversions::{Conversion, ConvertedTime};
pub use counts::Count;
pub use facts::{
    Breakdown, ClaimKind, Facts, ImpactClaim, Percentage, Population, Qualifier, Ratio,
};
pub use genre::Genre;
pub use layout::{Line, LineKind};
pub use metrics::{MetricKind, StatedMetric};
pub use people::{BlameKind, BlamePhrase, People, PersonMention};
pub use placeholders::Placeholder;
use readings::ZoneEvidence;
use scopes::WindowScopes;
pub use sections::SectionKind;
pub use suppressions::{Directive, Suppression};

use crate::source::{Format, SourceFile};
use crate::time::conventions::Conventions;
use crate::time::grammar::{self, Mention};
use crate::time::length::StatedLength;
use crate::time::zone::Meaning;
use crate::time::{Interval, Stamp, Zone};

/// A section: a heading, a bold pseudo-heading, or a label line such as `Impact: ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// What the title names; a combined title names several, an unknown one none.
    pub kinds: Vec<SectionKind>,
    pub title: Range<usize>,
    /// From the heading to the next heading of the same or a higher level.
    pub span: Range<usize>,
    /// The innermost section that holds this one, as an index into the document's sections.
    pub parent: Option<usize>,
}

/// What a timeline entry reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryEvent {
    /// The problem was noticed: alerts, pages, reports.
    Detection,
    /// Service came back.
    Restoration,
    Other,
}

/// One dated line of the timeline: a list item, a table row, a line or a heading that starts
/// with a time.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub line: Range<usize>,
    pub stamp: Stamp,
    /// What happened, after the timestamp.
    pub text: Range<usize>,
    pub event: EntryEvent,
    /// The timeline section the entry belongs to; entries are ordered within one.
    pub timeline: Range<usize>,
    /// The stated window that governs the entry, as an index into the document's windows.
    pub window: Option<usize>,
    /// The entry's timestamp, as an index into the document's written times.
    pub written: usize,
    /// The event is named before its time (`Resolved 2023-09-20 19:18`), as in a list of
    /// milestones, which teams order by kind rather than by time.
    pub event_first: bool,
}

/// The incident window the document states: `Duration: X to Y`, `Start:`/`End:` lines,
/// front matter, or a stated length.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedWindow {
    pub span: Range<usize>,
    pub start: Option<Stamp>,
    pub end: Option<Stamp>,
    pub length: Option<StatedLength>,
    /// The text the window governs: the whole document, or the subsection that states it
    /// (one of several incidents in one write-up).
    pub scope: Range<usize>,
    /// The end was written without a date and with an earlier clock than the start, so it
    /// was read as the next day (`23:00 to 01:00`).
    pub end_rolled: bool,
    /// The start and end, a missing one taken from the other and the stated length.
    pub bounds: Interval,
    /// Where the window is stated: for one stated several times, the statement that outranks
    /// the others.
    pub source: WindowSource,
    /// The same window stated again elsewhere (a summary sentence besides the `Duration:`
    /// line), which must agree with the start, end and length kept above.
    pub restated: Vec<Restatement>,
}

/// Where a window is stated, in order of precedence: when two statements give the same end of
/// one window, the first kind is kept and the other is compared with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WindowSource {
    /// `Duration:`, `Start:` / `End:` and the other window labels.
    Label,
    FrontMatter,
    /// A timeline heading with a range.
    Heading,
    /// A sentence of the summary or impact.
    Sentence,
    /// The timeline's `OUTAGE BEGINS` / `OUTAGE ENDS` entries.
    Markers,
}

/// A start, end or length stated again for a window that already has one.
#[derive(Debug, Clone, PartialEq)]
pub enum Restatement {
    Start(Stamp),
    End(Stamp),
    Length(StatedLength),
}

/// A zone written next to a time or declared for the document (`All times in UTC`).
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneUse {
    pub span: Range<usize>,
    pub zone: Zone,
    /// The day the zone applies to: its time's date, or for a declaration the first date
    /// after it.
    pub date: Option<NaiveDate>,
    /// Declared for the text (`All times in UTC`) rather than written next to a time.
    pub declared: bool,
    /// The zone this one restates in brackets: `PST (UTC-8)`, `All times in IST (UTC+05:30)`.
    pub restates: Option<usize>,
}

/// A date or time as written anywhere outside code, with its date resolved from context.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenTime {
    pub mention: Mention,
    /// The mention's own date, a missing year taken from the dates written before it.
    pub date: Option<NaiveDate>,
    /// It opens a line, a table cell or a label's value, or stands in a heading.
    pub anchored: bool,
    /// The timeline entry it stamps, as an index into the document's entries.
    pub entry: Option<usize>,
    /// Stated by the narrative itself ("On November 31, 2023, checkout slowed down") rather
    /// than quoted as data ("the job computed February 29, 2023 as ...").
    pub narrative: bool,
}

impl WrittenTime {
    /// A mention as the grammar found it, before its context is read.
    fn unresolved(mention: Mention) -> WrittenTime {
        WrittenTime {
            mention,
            date: None,
            anchored: false,
            entry: None,
            narrative: false,
        }
    }

    /// A timestamp of the postmortem (anchored, or with a time of day) rather than a date
    /// quoted in a sentence ("the job computed February 29, 2023").
    pub fn is_timestamp(&self) -> bool {
        self.anchored || self.mention.clock.is_some()
    }
}

#[derive(Debug)]
pub struct Document<'s> {
    pub source: &'s SourceFile,
    pub lines: Vec<Line>,
    pub sections: Vec<Section>,
    /// The untitled opening paragraphs under the title, which serve as a summary.
    pub lead: Option<Range<usize>>,
    /// Whether the file is a postmortem, or a template or README beside them.
    pub genre: Genre,
    pub windows: Vec<StatedWindow>,
    pub entries: Vec<TimelineEntry>,
    pub zones: Vec<ZoneUse>,
    /// Every date and time written outside code, in text order.
    pub written: Vec<WrittenTime>,
    /// Times given in two zones (`11:30 CEST (09:30 UTC)`).
    pub conversions: Vec<Conversion>,
    /// The start and end front matter states, if any.
    pub front_matter: Interval,
    /// Stated time to detect and time to recover.
    pub metrics: Vec<StatedMetric>,
    /// Template text left where a time belongs (`HH:mm`, `DATE RANGE`).
    pub placeholders: Vec<Placeholder>,
    /// What the unambiguous zones say, for settling the ambiguous ones.
    zone_evidence: ZoneEvidence,
    /// `<!-- pmlint-disable ... -->` comments, in text order.
    pub suppressions: Vec<Suppression>,
    /// Sorted, disjoint ranges never read as prose: code, HTML, front matter.
    skip: Vec<Range<usize>>,
    /// The windows by scope, to link a share to the window that governs it.
    window_scopes: WindowScopes,
    // The families only some rules read are built on first use, so a run whose rules do
    // not read them (the action-item rules are off by default) never pays for them.
    impact: OnceLock<Facts>,
    writing: OnceLock<People>,
    action_items: OnceLock<Vec<ActionItem>>,
}

impl<'s> Document<'s> {
    pub fn parse(source: &'s SourceFile, conventions: &Conventions) -> Document<'s> {
        let text: &str = &source.text;
        let layout = layout::layout(text, &source.lines, source.format);
        let mut written = grammar::scan_into(
            text,
            &layout.grammar_skip(),
            conventions,
            WrittenTime::unresolved,
            |w| &w.mention,
        );
        // Front matter dates state only the window; the body's readers never see them.
        let in_front = layout.front_matter.as_ref().map_or(0, |front| {
            written.partition_point(|w| w.mention.span.start < front.end)
        });
        let front_mentions: Vec<WrittenTime> = written.drain(..in_front).collect();
        let mut sections = outline::sections(text, &layout.lines);
        outline::timelines_by_content(text, &layout.lines, &written, &mut sections);
        let lead = outline::lead(text, &layout.lines, &sections);
        let timeline = timeline::build(
            text,
            &layout,
            written,
            &front_mentions,
            &sections,
            conventions,
        );
        let metrics = metrics::extract(text, &layout.lines);
        let placeholders = placeholders::find(text, &layout, &sections);
        let suppressions = suppressions::find(text, &layout.html);
        let genre = genre::classify(
            &source.path,
            &sections,
            &timeline.entries,
            &timeline.windows,
            &placeholders,
        );
        Document {
            source,
            zone_evidence: ZoneEvidence::gather(&timeline.zones, text),
            zones: timeline.zones,
            conversions: timeline.conversions,
            written: timeline.written,
            front_matter: timeline.front_matter,
            metrics,
            placeholders,
            lines: layout.lines,
            sections,
            lead,
            genre,
            windows: timeline.windows,
            entries: timeline.entries,
            suppressions,
            skip: layout.skip,
            window_scopes: timeline.scopes,
            impact: OnceLock::new(),
            writing: OnceLock::new(),
            action_items: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &'s str {
        &self.source.text
    }

    /// Shares, breakdowns, impact claims and counts, each share linked to its window.
    pub fn impact(&self) -> &Facts {
        self.impact.get_or_init(|| {
            let impact: Vec<Range<usize>> = outermost(&self.sections, SectionKind::Impact)
                .map(|s| s.span.clone())
                .collect();
            let mut facts = facts::extract(self.text(), &self.lines, &self.skip, &impact);
            for share in &mut facts.percentages {
                share.window = self
                    .window_scopes
                    .governing(&self.sections, share.span.start);
            }
            facts
        })
    }

    /// People's names in the narrative (not in author, owner or attendee fields), and
    /// wording that puts the incident on a person.
    pub fn writing(&self) -> &People {
        self.writing
            .get_or_init(|| people::find(self.text(), &self.lines, &self.skip, &self.sections))
    }

    pub fn action_items(&self) -> &[ActionItem] {
        self.action_items.get_or_init(|| {
            actions::find(
                self.text(),
                &self.lines,
                &self.skip,
                &self.sections,
                &self.written,
            )
        })
    }

    /// Whether a section of `kind` is present; untitled opening paragraphs count as a summary.
    pub fn has_section(&self, kind: SectionKind) -> bool {
        (kind == SectionKind::Summary && self.lead.is_some())
            || self.sections.iter().any(|s| s.kinds.contains(&kind))
    }

    /// Whether the document reads as an incident's account: a root-cause, detection or
    /// resolution section beside another section of a postmortem template, a stated incident
    /// window, timeline entries with times of day, or a timeline title over one such entry or
    /// a time zone. A
    /// README, a changelog's "Fixed" sections, an RFC with a summary and an impact, or a
    /// design note with a rollout plan by month has none of them.
    pub fn looks_like_postmortem(&self) -> bool {
        let mut kinds: Vec<SectionKind> = self
            .sections
            .iter()
            .flat_map(|s| s.kinds.iter().copied())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        let incident_section = kinds.iter().any(|k| {
            matches!(
                k,
                SectionKind::RootCause | SectionKind::Detection | SectionKind::Resolution
            )
        });
        let timed = self
            .entries
            .iter()
            .filter(|e| e.stamp.time.is_some())
            .count();
        (incident_section && kinds.len() >= 2)
            || !self.windows.is_empty()
            || timed >= 2
            || (kinds.contains(&SectionKind::Timeline) && (timed == 1 || !self.zones.is_empty()))
    }

    /// Whether `pos` lies in code, HTML or front matter, which is never read as prose.
    pub fn is_skipped(&self, pos: usize) -> bool {
        skipped(&self.skip, pos)
    }

    /// Whether a section has nothing under its title but blank lines, tags or a `TODO`.
    pub fn is_empty_section(&self, section: &Section) -> bool {
        outline::is_empty(self.text(), &self.sections, section)
    }

    /// The sections of `kind`, each counted once however they nest.
    pub fn outermost_sections(&self, kind: SectionKind) -> impl Iterator<Item = &Section> {
        outermost(&self.sections, kind)
    }

    /// Whether `offset` lies in a section of `kind`.
    pub fn in_section(&self, kind: SectionKind, offset: usize) -> bool {
        scopes::around(&self.sections, offset).any(|s| s.kinds.contains(&kind))
    }

    /// The meanings a zone abbreviation can have here, after the document's other zones and
    /// the date have ruled out what they can. Empty for anything but an abbreviation.
    pub fn readings(&self, used: &ZoneUse) -> Vec<&'static Meaning> {
        match &used.zone {
            Zone::Abbrev(abbr) => self.zone_evidence.readings(abbr, used.date),
            _ => Vec::new(),
        }
    }

    /// The entries each window governs, by window index, in text order.
    pub fn entries_by_window(&self) -> Vec<Vec<&TimelineEntry>> {
        let mut governed = vec![Vec::new(); self.windows.len()];
        for entry in &self.entries {
            if let Some(w) = entry.window {
                governed[w].push(entry);
            }
        }
        governed
    }
}

/// Where the body of a Markdown file starts after the `---` front matter that opens it.
pub fn front_matter_end(source: &SourceFile) -> Option<usize> {
    if source.format != Format::Markdown {
        return None;
    }
    layout::front_matter(&source.text, &source.lines).map(|(_, end)| end)
}

/// Builds the word lists and patterns a parse needs, in the reverse of the order a parse
/// meets them. Run on a spare core while the first document is parsed, the two threads meet in
/// the middle, and a table is never built twice (each is a `LazyLock`): building them is most
/// of a one-file run. The action-item tables come last: their rules are off by default, so
/// most runs never build the model that needs them.
pub fn warm_up() {
    LazyLock::force(&writing::WRITING);
    facts::warm_up();
    counts::warm_up();
    crate::time::length::warm_up();
    LazyLock::force(&phrases::PHRASES);
    LazyLock::force(&sections::SECTIONS);
    actions::warm_up();
}

/// The sections of `kind` that no other section of `kind` contains: an "Action items" heading
/// once, not again for its "Short term" subsection.
fn outermost(sections: &[Section], kind: SectionKind) -> impl Iterator<Item = &Section> {
    let mut covered = 0;
    sections.iter().filter(move |s| {
        let outer = s.kinds.contains(&kind) && s.span.start >= covered;
        if outer {
            covered = s.span.end;
        }
        outer
    })
}

/// Whether `pos` falls in one of the sorted, disjoint ranges that are never read as prose.
fn skipped(skip: &[Range<usize>], pos: usize) -> bool {
    range_at(skip, pos).is_some()
}

/// The range of the sorted, disjoint `ranges` that holds `pos`.
fn range_at(ranges: &[Range<usize>], pos: usize) -> Option<&Range<usize>> {
    let i = ranges.partition_point(|r| r.end <= pos);
    ranges.get(i).filter(|r| r.contains(&pos))
}
