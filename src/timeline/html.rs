//! The timeline as one HTML page that needs nothing else: the picture and a table of the
//! entries, with no scripts, fonts or links to load.

use std::fmt::Write;

use super::{Axis, Shown, ShownZone, Timeline, gap, svg};
use crate::document::EntryEvent;
use crate::render::escape::markup;

/// The page: the title, the picture, and each entry with its gaps and findings.
pub fn html(timeline: &Timeline, zone: &ShownZone) -> String {
    let mut rows = String::new();
    for row in &timeline.rows {
        let time = match &row.time {
            Shown::At { time, ambiguous } => format!("{}{time}", if *ambiguous { "~" } else { "" }),
            Shown::Local { time, why } => format!("{time} (as written: {why})"),
        };
        let window = match row.inside_window {
            Some(true) => "inside",
            Some(false) => "outside",
            None => "",
        };
        let event = match row.event {
            EntryEvent::Detection => "detected",
            EntryEvent::Restoration => "restored",
            EntryEvent::Other => "",
        };
        let findings: Vec<String> = row
            .flags
            .iter()
            .map(|f| format!("<b>{}</b> {}", f.code, markup(&f.message)))
            .collect();
        let _ = writeln!(
            rows,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{window}</td><td>{event}</td><td>{}</td><td>{}</td></tr>",
            if row.flags.is_empty() {
                ""
            } else {
                r#" class="flagged""#
            },
            row.line,
            markup(&time),
            row.from_start.map(gap).unwrap_or_default(),
            row.from_previous.map(gap).unwrap_or_default(),
            markup(&row.text),
            findings.join("<br>")
        );
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – timeline</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{title}</h1>
<p>{times}. {window}</p>
<figure>
{svg}</figure>
<table>
<thead><tr><th>line</th><th>time</th><th>from start</th><th>from previous</th><th>window</th><th>event</th><th>entry</th><th>findings</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
<p class="made">Made by pmlint {version}.</p>
</body>
</html>
"#,
        title = markup(&timeline.title),
        times = markup(&match &timeline.axis {
            Axis::Zone => format!("Times in {}", zone.name()),
            Axis::AsWritten { why } => format!("Times as written, not in {}: {why}", zone.name()),
            Axis::TimeOfDay => "Times of day as written: no dates".to_string(),
        }),
        window = timeline
            .window
            .as_ref()
            .map_or("No stated window.".to_string(), |w| format!(
                "Stated {}.",
                markup(w)
            )),
        svg = svg(timeline, zone),
        version = env!("CARGO_PKG_VERSION"),
    )
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:24px;color:#1f2937;max-width:1100px}\
h1{font-size:20px}figure{margin:16px 0;overflow-x:auto}table{border-collapse:collapse;font-size:13px;width:100%}\
th,td{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}td:nth-child(n+7){overflow-wrap:anywhere}\
th{background:#f3f4f6}td:nth-child(-n+6){white-space:nowrap}tr.flagged td{background:#fef2f2}td b{color:#c62828}.made{color:#6b7280;font-size:12px}";
