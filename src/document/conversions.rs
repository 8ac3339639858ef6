//! A time given in two zones: `11:30 CEST (09:30 UTC)`, `09:30 UTC / 11:30 CEST`.

use super::WrittenTime;

/// The same moment written twice, in two zones, as indices into the document's written times:
/// the first as the text gives it and its conversion right after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion {
    pub first: usize,
    pub second: usize,
}

/// Neighbouring times with a clock and a written zone each, in different zones, joined by an
/// opening parenthesis, a slash, `=` or `aka`.
pub fn find(text: &str, written: &[WrittenTime]) -> Vec<Conversion> {
    let zoned = |w: &WrittenTime| {
        let m = &w.mention;
        m.clock.is_some() && m.zone.as_ref().is_some_and(|z| !z.span.is_empty())
    };
    written
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| zoned(&pair[0]) && zoned(&pair[1]))
        .filter(|(_, pair)| {
            let (a, b) = (&pair[0].mention, &pair[1].mention);
            let zones = a.zone.as_ref().zip(b.zone.as_ref());
            zones.is_some_and(|(x, y)| x.zone != y.zone)
                && b.span.start >= a.span.end
                && joins_conversion(&text[a.span.end..b.span.start])
        })
        .map(|(i, _)| Conversion {
            first: i,
            second: i + 1,
        })
        .collect()
}

fn joins_conversion(gap: &str) -> bool {
    let gap = gap.trim();
    matches!(gap, "(" | "/" | "=" | "[") || gap.eq_ignore_ascii_case("aka")
}
