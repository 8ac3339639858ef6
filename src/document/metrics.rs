//! Stated incident metrics: `Time to detection: 5 minutes`, `- TTR: 84 minutes`.

use super::layout::{Line, LineKind};
pub use super::phrases::MetricKind;
use super::phrases::PHRASES;
use crate::time::length::{StatedLength, find_length};

/// A time to detect or recover, as the document states it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedMetric {
    pub kind: MetricKind,
    pub length: StatedLength,
}

/// Label lines that state a metric with a length; `N/A` and `?` state none.
pub fn extract(text: &str, lines: &[Line]) -> Vec<StatedMetric> {
    lines
        .iter()
        .filter(|line| line.kind == LineKind::Text && !line.quoted)
        .filter_map(|line| {
            let label = line.label.as_ref()?;
            let kind = PHRASES.metric_label(&text[label.name.clone()])?;
            let length = find_length(&text[label.rest.clone()], label.rest.start)?;
            Some(StatedMetric { kind, length })
        })
        .collect()
}
