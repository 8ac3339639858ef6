//! Stated incident metrics: `Time to detection: 5 minutes`, `- TTR: 84 minutes`,
//! `TTR 35h 36m`, and tables with a row or a column per metric.

use std::ops::Range;

use super::layout::{Line, LineKind};
pub use super::phrases::MetricKind;
use super::phrases::PHRASES;
use crate::time::length::{StatedLength, find_length};

/// A time to detect, mitigate or recover, as the document states it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedMetric {
    pub kind: MetricKind,
    /// The metric's name as written: a label, a bare name or a table cell.
    pub name: Range<usize>,
    pub length: StatedLength,
    /// Counted in support or business hours, not on the wall clock.
    pub business_hours: bool,
}

/// Label lines, label-less lines and table cells that state a metric with a length; `N/A`
/// and `?` state none.
pub fn extract(text: &str, lines: &[Line]) -> Vec<StatedMetric> {
    let mut metrics = Vec::new();
    // The metric each column of the current table names in its header, if any.
    let mut columns: Vec<Option<(MetricKind, Range<usize>)>> = Vec::new();
    for line in lines.iter().filter(|line| !line.quoted) {
        let found: Vec<Named> = match line.kind {
            LineKind::Text => {
                columns.clear();
                labelled(text, line)
                    .or_else(|| unlabelled(text, line))
                    .into_iter()
                    .collect()
            }
            LineKind::TableRow { header: true } => {
                columns = line
                    .cells
                    .iter()
                    .map(|cell| Some((PHRASES.metric_label(&text[cell.clone()])?, cell.clone())))
                    .collect();
                table_row(text, &line.cells).into_iter().collect()
            }
            LineKind::TableRow { header: false } => match table_row(text, &line.cells) {
                Some(found) => vec![found],
                None => line
                    .cells
                    .iter()
                    .zip(&columns)
                    .filter_map(|(cell, column)| {
                        let (kind, name) = column.clone()?;
                        Some((kind, name, length_at_start(text, cell)?))
                    })
                    .collect(),
            },
            LineKind::Heading { .. } => {
                columns.clear();
                Vec::new()
            }
        };
        let business_hours =
            !found.is_empty() && PHRASES.business_hours.is_match(&text[line.span.clone()]);
        metrics.extend(found.into_iter().map(|(kind, name, length)| StatedMetric {
            kind,
            name,
            length,
            business_hours,
        }));
    }
    metrics
}

/// A metric, where its name is written, and its length.
type Named = (MetricKind, Range<usize>, StatedLength);

/// `Time to repair: 2h 10m`, `- **TTR:** 35 minutes`.
fn labelled(text: &str, line: &Line) -> Option<Named> {
    let label = line.label.as_ref()?;
    let kind = PHRASES.metric_label(&text[label.name.clone()])?;
    let length = find_length(&text[label.rest.clone()], label.rest.start)?;
    Some((kind, label.name.clone(), length))
}

/// `TTR 35h 36m`, `MTTR = 52 min`: a metric's name, then its length right after it.
fn unlabelled(text: &str, line: &Line) -> Option<Named> {
    let content = &text[line.content.clone()];
    let value_at = content.find(|c: char| c.is_ascii_digit() || c == '~')?;
    let before = content[..value_at].trim_end_matches([' ', '\t', '=', '-', '–', '*', '_']);
    let name = before.trim_start_matches(['*', '_']);
    let kind = PHRASES.metric_label(name)?;
    let length = length_at_start(text, &(line.content.start + value_at..line.content.end))?;
    let start = line.content.start + (before.len() - name.len());
    Some((kind, start..line.content.start + before.len(), length))
}

/// `| Time to repair | 2h 10m |`: a row whose first cell names the metric.
fn table_row(text: &str, cells: &[Range<usize>]) -> Option<Named> {
    let name = cells.first()?.clone();
    let kind = PHRASES.metric_label(&text[name.clone()])?;
    let length = cells[1..]
        .iter()
        .find_map(|cell| length_at_start(text, cell))?;
    Some((kind, name, length))
}

/// A length that opens `range`, after markup.
fn length_at_start(text: &str, range: &Range<usize>) -> Option<StatedLength> {
    let value = &text[range.clone()];
    let markup = value.len() - value.trim_start_matches(['*', '_', ' ']).len();
    let length = find_length(&value[markup..], range.start + markup)?;
    (length.span.start == range.start + markup).then_some(length)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::layout::layout;
    use crate::source::{Format, LineIndex};

    fn metrics(text: &str) -> Vec<(MetricKind, i64, bool)> {
        named(text)
            .into_iter()
            .map(|(kind, _, seconds, business)| (kind, seconds, business))
            .collect()
    }

    fn named(text: &str) -> Vec<(MetricKind, String, i64, bool)> {
        let index = LineIndex::new(text);
        let layout = layout(text, &index, Format::Markdown);
        extract(text, &layout.lines)
            .into_iter()
            .map(|m| {
                let name = text[m.name].to_string();
                (m.kind, name, m.length.seconds, m.business_hours)
            })
            .collect()
    }

    #[test]
    fn each_metric_knows_where_its_name_is_written() {
        let names: Vec<String> = named(
            "- **Time to repair**: 2h 10m\n\n**MTTD** = 5 min\n\n| Time to detect | 12m |\n| --- | --- |\n\n| TTD | TTR |\n| --- | --- |\n| 11 min | 2 hours |\n",
        )
        .into_iter()
        .map(|(_, name, _, _)| name)
        .collect();
        assert_eq!(
            names,
            ["Time to repair", "MTTD", "Time to detect", "TTD", "TTR"]
        );
    }

    #[test]
    fn labels_bold_list_items_and_bare_names() {
        use MetricKind::*;
        assert_eq!(
            metrics("- **Time to repair**: 2h 10m\n\nTTR 35h 36m\n\nMTTD = 5 min\n"),
            [
                (Recovery, 7800, false),
                (Recovery, 128_160, false),
                (Detection, 300, false)
            ]
        );
        assert_eq!(
            metrics("Time to resolve: 1 day 4 hours (during support hours)\n"),
            [(Recovery, 100_800, true)]
        );
        assert!(metrics("TTR was long, 35 hours\n\nThe time to repair grew 2h\n").is_empty());
    }

    #[test]
    fn tables_with_a_row_or_a_column_per_metric() {
        use MetricKind::*;
        let rows = "| Metric | Value |\n| --- | --- |\n| Time to detect | 12m |\n| Time to mitigate | 1h |\n";
        assert_eq!(
            metrics(rows),
            [(Detection, 720, false), (Mitigation, 3600, false)]
        );
        let columns = "| TTD | TTR |\n| --- | --- |\n| 11 min | 2 hours |\n";
        assert_eq!(
            metrics(columns),
            [(Detection, 660, false), (Recovery, 7200, false)]
        );
    }
}
