//! A time given in two zones: `11:30 CEST (09:30 UTC)`, `09:30 UTC / 11:30 CEST`, or one table
//! row with a column per zone (`| Time (UTC) | Time (PDT) |`).

use std::ops::Range;

use super::WrittenTime;
use super::zones::{ColumnZone, column_zone_at};
use crate::time::Zone;

/// The same moment written twice, in two zones: the first as the text gives it and its
/// conversion after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub first: ConvertedTime,
    pub second: ConvertedTime,
}

/// One side of a conversion: a written time and the zone it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertedTime {
    /// Index into the document's written times.
    pub written: usize,
    pub zone: Zone,
    /// Where the zone is named: right after the clock, or in the column's header.
    pub zone_span: Range<usize>,
    pub in_header: bool,
}

/// Neighbouring times with a clock and a zone each, in different zones: written inline and
/// joined by an opening parenthesis, a slash, `=` or `aka`, or in one table row under columns
/// whose headers name the zones.
pub fn find(text: &str, written: &[WrittenTime], columns: &[ColumnZone]) -> Vec<Conversion> {
    let side = |i: usize| -> Option<ConvertedTime> {
        let m = &written[i].mention;
        m.clock.as_ref()?;
        match &m.zone {
            Some(z) if !z.span.is_empty() => Some(ConvertedTime {
                written: i,
                zone: z.zone.clone(),
                zone_span: z.span.clone(),
                in_header: false,
            }),
            Some(_) => None,
            None => column_zone_at(columns, m.span.start).map(|c| ConvertedTime {
                written: i,
                zone: c.zone.clone(),
                zone_span: c.header.clone(),
                in_header: true,
            }),
        }
    };
    (1..written.len())
        .filter_map(|i| {
            let (first, second) = (side(i - 1)?, side(i)?);
            let (a, b) = (&written[i - 1].mention, &written[i].mention);
            if first.zone == second.zone || b.span.start < a.span.end {
                return None;
            }
            let gap = &text[a.span.end..b.span.start];
            let joined = if first.in_header || second.in_header {
                same_row_next_cell(gap)
            } else {
                joins_conversion(gap)
            };
            joined.then_some(Conversion { first, second })
        })
        .collect()
}

fn joins_conversion(gap: &str) -> bool {
    let gap = gap.trim();
    matches!(gap, "(" | "/" | "=" | "[") || gap.eq_ignore_ascii_case("aka")
}

/// Two cells of one row, side by side: `16:45 | 09:45`.
fn same_row_next_cell(gap: &str) -> bool {
    gap.trim() == "|"
}
