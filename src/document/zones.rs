//! Time zones: those written next to times and declared for the text (`All times in UTC`,
//! `## Timeline (CET)`), each with the date it applies to, and the hints that give a time
//! written without a zone the one it inherits.

use std::ops::Range;
use std::sync::LazyLock;

use super::dates::DateContext;
use super::layout::{Layout, LineKind};
use super::{WrittenTime, ZoneUse, skipped};
use crate::pattern;
use crate::time::Zone;
use crate::time::conventions::Conventions;
use crate::time::grammar::{self, Mention};

/// Every zone in the text with the date it applies to: a written zone takes its time's date
/// (else the last date before it), a declaration the first date after it.
pub(super) fn zone_uses(
    text: &str,
    written: &[WrittenTime],
    declared: Vec<ZoneUse>,
    dates: &DateContext,
    conventions: &Conventions,
) -> Vec<ZoneUse> {
    // Room for the usual one zone per time: a huge timeline's list is not copied as it grows.
    let mut zones: Vec<ZoneUse> = Vec::with_capacity(written.len() + declared.len());
    zones.extend(
        written
            .iter()
            .filter_map(|w| {
                let zone = w.mention.zone.as_ref()?;
                let pos = w.mention.span.start;
                let date = w
                    .date
                    .or_else(|| dates.before(pos))
                    .or_else(|| dates.first_after(pos, &(pos..text.len())));
                // `14:00 PST (UTC-8)`: the offset in brackets restates the clock's zone.
                let restated = bracketed(text, zone.span.end)
                    .then(|| grammar::zone_at(text, zone.span.end, conventions))
                    .flatten();
                let uses = std::iter::once(zone.clone()).chain(restated);
                Some(uses.map(move |z| ZoneUse {
                    span: z.span,
                    zone: z.zone,
                    date,
                    declared: false,
                    restates: None,
                }))
            })
            .flatten()
            .chain(declared.into_iter().map(|z| {
                ZoneUse {
                    date: dates
                        .first_after(z.span.start, &(z.span.start..text.len()))
                        .or_else(|| dates.before(z.span.start)),
                    ..z
                }
            })),
    );
    zones.sort_by_key(|z| z.span.start);
    zones.dedup_by_key(|z| z.span.start);
    for i in 1..zones.len() {
        let gap = &text[zones[i - 1].span.end..zones[i].span.start.max(zones[i - 1].span.end)];
        if gap.trim_matches([' ', '\t']) == "(" {
            zones[i].restates = Some(i - 1);
        }
    }
    zones
}

/// A bracket opens right after `pos`, where a zone is restated: `PST (UTC-8)`.
fn bracketed(text: &str, pos: usize) -> bool {
    text[pos..].trim_start_matches([' ', '\t']).starts_with('(')
}

/// Zones that apply to times written without one, by how explicitly they were given.
pub(super) struct ZoneHints {
    /// Table cells under a column whose header names a zone (`| Time (PDT) |`), in text order.
    pub(super) in_columns: Vec<ColumnZone>,
    /// `All times in UTC`, `## Timeline (CET)`: said for the text that follows.
    pub(super) declared: Vec<(usize, Zone)>,
    /// Written on earlier timeline entries.
    pub(super) on_entries: Vec<(usize, Zone)>,
    /// Written on a window line (`Duration: 09:00 to 11:00 EAT`).
    pub(super) on_windows: Vec<(usize, Zone)>,
}

impl ZoneHints {
    /// The zone of the table column `pos` stands in, else the nearest declaration before
    /// `pos`, else the nearest zone written on an entry before it, else the window's zone, else a declaration that comes later.
    pub(super) fn at(&self, pos: usize) -> Option<Zone> {
        if let Some(column) = column_zone_at(&self.in_columns, pos) {
            return Some(column.zone.clone());
        }
        let before = |list: &[(usize, Zone)]| {
            let i = list.partition_point(|(p, _)| *p <= pos);
            i.checked_sub(1).map(|i| list[i].1.clone())
        };
        before(&self.declared)
            .or_else(|| before(&self.on_entries))
            .or_else(|| before(&self.on_windows))
            .or_else(|| self.on_windows.first().map(|(_, z)| z.clone()))
            .or_else(|| self.declared.first().map(|(_, z)| z.clone()))
    }
}

/// Where each of these mentions wrote a zone, in text order.
pub(super) fn zone_positions<'m>(
    mentions: impl Iterator<Item = &'m Mention>,
) -> Vec<(usize, Zone)> {
    let mut found: Vec<(usize, Zone)> = mentions
        .filter_map(|m| m.zone.as_ref().map(|z| (z.span.start, z.zone.clone())))
        .collect();
    found.sort_by_key(|(pos, _)| *pos);
    found
}

/// `All times in UTC.`, `Times below are in CET.`, `Time zone: CET`, and in a heading or a table's header row
/// `(UTC)` or `(times in BST)`. The zone itself is read by the timestamp grammar, so a
/// declaration accepts exactly the zones a clock does.
pub(super) fn declarations(text: &str, layout: &Layout, conventions: &Conventions) -> Vec<ZoneUse> {
    static PHRASE: LazyLock<pattern::Regex> = LazyLock::new(|| {
        pattern::whole_text(
            r"(?i)(?-u:\b)(?:all[ \t]+times?[ \t]+(?:below[ \t]+|from[ \t]+here[ \t]+on[ \t]+)?(?:are[ \t]+)?(?:in[ \t]+)?|(?:times?|timestamps?)[ \t]+(?:(?:below|here|above|shown|listed)[ \t]+)?are[ \t]+(?:given[ \t]+)?in[ \t]+|times?[ \t]+below[ \t]+in[ \t]+|time[ \t]*zone[ \t]*(?:is[ \t]+)?:[ \t]*|timezone[ \t]*(?:is[ \t]+)?:?[ \t]*)",
        )
    });
    // In a heading or a table's header row: `(UTC)`, `(times in BST)`, `Date and Time in CET`.
    static HEADER: LazyLock<pattern::Regex> = LazyLock::new(|| {
        pattern::piece(
            r"(?i)\((?:(?:all[ \t]+)?times?[ \t]+(?:are[ \t]+)?(?:in[ \t]+)?)?|(?-u:\b)(?:times?|timestamps?|date and time|date/time)[ \t]+(?:are[ \t]+)?in[ \t]+",
        )
    });
    let mut found: Vec<ZoneUse> = Vec::new();
    // "All times in UTC" may stand anywhere outside code: one pass over the whole text.
    for m in PHRASE.find_iter(text) {
        if !skipped(&layout.skip, m.start())
            && let Some(zone) = grammar::zone_at(text, m.end(), conventions)
        {
            // "All times are in IST (UTC+05:30)": the zone restated in brackets is declared
            // too, so it can settle which IST is meant.
            let restated = bracketed(text, zone.span.end)
                .then(|| grammar::zone_at(text, zone.span.end, conventions))
                .flatten();
            for zone in std::iter::once(zone).chain(restated) {
                found.push(ZoneUse {
                    span: zone.span,
                    zone: zone.zone,
                    date: None,
                    declared: true,
                    restates: None,
                });
            }
        }
    }
    // Headings and table header rows declare with less: a parenthesised zone, or a zone after
    // "times in" that ends the cell or the heading.
    for line in &layout.lines {
        if matches!(
            line.kind,
            LineKind::Heading { .. } | LineKind::TableRow { header: true }
        ) {
            let content = &text[line.content.clone()];
            for m in HEADER.find_iter(content) {
                let at = line.content.start + m.end();
                let Some(zone) = grammar::zone_at(text, at, conventions) else {
                    continue;
                };
                let after = text[zone.span.end..line.span.end.max(zone.span.end)].trim_start();
                let closed = if content[m.range()].starts_with('(') {
                    after.starts_with(')')
                } else {
                    !after.starts_with(char::is_alphanumeric)
                };
                if closed {
                    found.push(ZoneUse {
                        span: zone.span,
                        zone: zone.zone,
                        date: None,
                        declared: true,
                        restates: None,
                    });
                }
            }
        }
    }
    found.sort_by_key(|z| z.span.start);
    found
}

/// A table body cell whose column's header names a zone: `| Time (UTC) | Time (PDT) |` gives
/// each clock below the zone of its own column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnZone {
    pub cell: Range<usize>,
    pub zone: Zone,
    /// Where the header names the zone.
    pub header: Range<usize>,
}

/// The column zone of the cell `pos` lies in.
pub(super) fn column_zone_at(columns: &[ColumnZone], pos: usize) -> Option<&ColumnZone> {
    let i = columns.partition_point(|c| c.cell.start <= pos);
    let column = &columns[i.checked_sub(1)?];
    column.cell.contains(&pos).then_some(column)
}

/// The body cells of every table whose header row declares a zone in some column, each with
/// that column's zone. `declared` are the document's declarations, header rows included.
pub(super) fn column_zones(layout: &Layout, declared: &[ZoneUse]) -> Vec<ColumnZone> {
    let mut found = Vec::new();
    let mut header: Vec<Option<(Zone, Range<usize>)>> = Vec::new();
    for line in &layout.lines {
        match line.kind {
            LineKind::TableRow { header: true } => {
                header = line
                    .cells
                    .iter()
                    .map(|cell| {
                        let i = declared.partition_point(|z| z.span.start < cell.start);
                        let zone = declared.get(i).filter(|z| z.span.end <= cell.end)?;
                        Some((zone.zone.clone(), zone.span.clone()))
                    })
                    .collect();
            }
            LineKind::TableRow { header: false } => {
                for (cell, column) in line.cells.iter().zip(&header) {
                    if let Some((zone, span)) = column {
                        found.push(ColumnZone {
                            cell: cell.clone(),
                            zone: zone.clone(),
                            header: span.clone(),
                        });
                    }
                }
            }
            _ => header.clear(),
        }
    }
    found
}
