//! Builds the time family of the document (timeline entries, stated windows, zones and every
//! written time) from the modules that own each, with every date and zone the text leaves out
//! resolved from context:
//!
//! * a time without a date takes the last date written in its timeline, else the date of the
//!   window that governs it, else the last date written before it anywhere;
//! * a timeline that runs past midnight without dates (23:50, then 00:20) moves to the next day;
//! * a zone written once for a range (`16:58 to 18:46 UTC`) or declared for the document
//!   (`All times in UTC`, `## Timeline (UTC)`, a zone on the Duration line) applies to times
//!   written without one.

use super::conversions::{self, Conversion};
use super::dates::{DateContext, is_anchor, is_narrative};
use super::entries::{find_entries, resolve_entries};
use super::layout::Layout;
use super::markers::apply_markers;
use super::scopes::WindowScopes;
use super::windows::{find_windows, resolve_windows};
use super::zones::{ZoneHints, column_zones, declarations, zone_positions, zone_uses};
use super::{Section, StatedWindow, TimelineEntry, WindowSource, WrittenTime, ZoneUse};
use crate::time::Interval;
use crate::time::conventions::Conventions;

pub struct Timeline {
    pub windows: Vec<StatedWindow>,
    pub entries: Vec<TimelineEntry>,
    /// Zones written next to times and declared for the text, each with the date it applies to.
    pub zones: Vec<ZoneUse>,
    pub written: Vec<WrittenTime>,
    /// The start and end stated in front matter, before the body's window is merged with them.
    pub front_matter: Interval,
    /// The windows by scope, to find the one that governs an offset.
    pub scopes: WindowScopes,
    /// Times given in two zones.
    pub conversions: Vec<Conversion>,
}

pub fn build(
    text: &str,
    layout: &Layout,
    mut written: Vec<WrittenTime>,
    front_mentions: &[WrittenTime],
    sections: &[Section],
    conventions: &Conventions,
) -> Timeline {
    let declared_zones = declarations(text, layout, conventions);
    let mentions = &written[..];
    let dates = DateContext::new(text, layout, mentions);
    let raw_entries = find_entries(text, layout, mentions, sections);
    let raw_windows = find_windows(
        text,
        layout,
        mentions,
        front_mentions,
        sections,
        &raw_entries,
    );

    let zones = ZoneHints {
        in_columns: column_zones(layout, &declared_zones),
        declared: declared_zones
            .iter()
            .map(|z| (z.span.start, z.zone.clone()))
            .collect(),
        on_entries: zone_positions(raw_entries.iter().map(|e| e.zone_source(mentions))),
        on_windows: zone_positions(raw_windows.iter().flat_map(|w| w.mentions.iter())),
    };

    let front_matter = resolve_windows(
        raw_windows
            .iter()
            .filter(|w| w.source == WindowSource::FrontMatter)
            .cloned()
            .collect(),
        sections,
        text.len(),
        &dates,
        &zones,
    )
    .pop()
    .map(|w| Interval {
        start: w.start,
        end: w.end,
    })
    .unwrap_or_default();
    let mut windows = resolve_windows(raw_windows, sections, text.len(), &dates, &zones);
    let scopes = WindowScopes::new(&windows, text.len());
    let governing = |pos: usize| scopes.governing(sections, pos);
    let mut entries = resolve_entries(
        text,
        raw_entries,
        mentions,
        &windows,
        governing,
        &dates,
        &zones,
    );
    apply_markers(text, &mut windows, &mut entries);
    let scopes = WindowScopes::new(&windows, text.len());
    for w in &mut written {
        w.date = dates.own_date(&w.mention);
        w.anchored = is_anchor(text, layout, &w.mention);
        w.narrative = is_narrative(text, &w.mention);
    }
    for (i, entry) in entries.iter().enumerate() {
        written[entry.written].entry = Some(i);
    }
    Timeline {
        conversions: conversions::find(text, &written, &zones.in_columns),
        zones: zone_uses(text, &written, declared_zones, &dates, conventions),
        windows,
        entries,
        written,
        front_matter,
        scopes,
    }
}
