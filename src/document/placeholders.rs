//! Template text left where a time belongs: `HH:mm`, `DATE RANGE`, `??:??`, and `TBD` as a
//! window's start or end or as an entry's time.

use std::ops::Range;

use super::layout::{Layout, LineKind};
use super::phrases::PHRASES;
use super::sections::SectionKind;
use super::{Section, outermost, range_at, skipped};

#[derive(Debug, Clone, PartialEq)]
pub struct Placeholder {
    pub span: Range<usize>,
}

pub fn find(text: &str, layout: &Layout, sections: &[Section]) -> Vec<Placeholder> {
    let mut found: Vec<Placeholder> = PHRASES
        .placeholder
        .captures_iter(text)
        .filter_map(|caps| caps.get(1))
        .filter(|m| !skipped(&layout.skip, m.start()))
        .map(|m| Placeholder { span: m.range() })
        .collect();

    let timelines: Vec<Range<usize>> = outermost(sections, SectionKind::Timeline)
        .map(|s| s.span.clone())
        .collect();
    for line in &layout.lines {
        let in_timeline = range_at(&timelines, line.span.start).is_some();
        let slot = match (&line.kind, &line.label) {
            (LineKind::Text, Some(label))
                if PHRASES.window_label(&text[label.name.clone()]).is_some() =>
            {
                Some(label.rest.clone())
            }
            (LineKind::TableRow { header: false }, _) if in_timeline => line.cells.first().cloned(),
            _ => None,
        };
        if let Some(slot) = slot
            && PHRASES.is_unknown_value(&text[slot.clone()])
        {
            let value = &text[slot.clone()];
            let start = slot.start + (value.len() - value.trim_start().len());
            let span = start..start + value.trim().len();
            found.push(Placeholder { span });
        }
    }
    found.sort_by_key(|p| p.span.start);
    found.dedup_by_key(|p| p.span.start);
    found
}
