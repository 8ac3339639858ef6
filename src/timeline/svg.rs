//! The timeline as a self-contained SVG picture. Time runs down a vertical axis in the shown
//! zone, with ticks at a round step; the stated window is a shaded band; each entry is a mark
//! on the axis with its label to the right. Labels are stacked: one that would overlap the
//! label above moves down, with a leader line back to its mark, so no two overlap at any
//! number of entries. A stretch of time much longer than the rest of the timeline together
//! (a year between a typo and the incident) is cut out of the axis and labelled.

use std::fmt::Write;

use chrono::{Datelike, NaiveDateTime, TimeDelta, Timelike};

use super::{Axis, Row, Shown, ShownZone, Timeline};
use crate::document::EntryEvent;
use crate::render::escape::{markup, markup_attribute};

const WIDTH: f64 = 1000.0;
const AXIS_X: f64 = 160.0;
const LABEL_X: f64 = 210.0;
/// The distance between two labels' baselines; a 12px label is about 15px tall.
const PITCH: f64 = 18.0;
/// The axis starts below the title and the line under it.
const TOP: f64 = 96.0;
/// Room left at each end of a stretch of axis, and the height of a cut.
const PAD: f64 = 12.0;
const CUT: f64 = 44.0;
/// About how wide a 12px sans-serif character is, to lay out the legend.
const CHAR: f64 = 7.2;
/// Tick steps in minutes; the smallest at least `TICK_SPACE` pixels apart is used.
const STEPS: [i64; 15] = [
    1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 43200,
];
const TICK_SPACE: f64 = 44.0;

/// A stretch of the axis drawn to scale, from `from` to `to`, starting at `y`.
struct Stretch {
    from: NaiveDateTime,
    to: NaiveDateTime,
    y: f64,
}

/// Where times sit on the axis: stretches to scale, with cuts between them.
struct Scale {
    stretches: Vec<Stretch>,
    pixels_per_minute: f64,
    end: f64,
}

impl Scale {
    /// A scale for `times` (sorted) that gives the axis about `length` pixels. A gap is cut
    /// when it is over half a day and more than twice as long as all the others together (a
    /// typo a year off), or over three hours and ten times the middle gap (separate outages
    /// days apart, a quiet night before the last entry).
    fn new(times: &[NaiveDateTime], length: f64) -> Option<Scale> {
        let (first, last) = (*times.first()?, *times.last()?);
        let total = minutes(first, last);
        let mut gaps: Vec<f64> = times
            .windows(2)
            .map(|pair| minutes(pair[0], pair[1]))
            .filter(|gap| *gap > 0.0)
            .collect();
        gaps.sort_by(f64::total_cmp);
        let middle = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0);
        let cut = |gap: f64| {
            (gap > 720.0 && gap > 2.0 * (total - gap)) || (gap > 180.0 && gap > 10.0 * middle)
        };
        let mut stretches = vec![Stretch {
            from: first,
            to: first,
            y: 0.0,
        }];
        let mut kept = 0.0;
        for pair in times.windows(2) {
            let gap = minutes(pair[0], pair[1]);
            if cut(gap) {
                stretches.push(Stretch {
                    from: pair[1],
                    to: pair[1],
                    y: 0.0,
                });
            } else if let Some(last) = stretches.last_mut() {
                last.to = pair[1];
                kept += gap;
            }
        }
        let pixels_per_minute = if kept > 0.0 { length / kept } else { 1.0 };
        let mut y = TOP + PAD;
        let count = stretches.len();
        for (i, stretch) in stretches.iter_mut().enumerate() {
            stretch.y = y;
            y += minutes(stretch.from, stretch.to) * pixels_per_minute;
            if i + 1 < count {
                y += 2.0 * PAD + CUT;
            }
        }
        Some(Scale {
            stretches,
            pixels_per_minute,
            end: y + PAD,
        })
    }

    fn y(&self, at: NaiveDateTime) -> f64 {
        let stretch = self
            .stretches
            .iter()
            .rev()
            .find(|s| s.from <= at)
            .or(self.stretches.first());
        stretch.map_or(TOP, |s| {
            s.y + minutes(s.from, at.min(s.to)) * self.pixels_per_minute
        })
    }

    /// The stretch's end on the axis.
    fn bottom(&self, stretch: &Stretch) -> f64 {
        stretch.y + minutes(stretch.from, stretch.to) * self.pixels_per_minute
    }
}

fn minutes(from: NaiveDateTime, to: NaiveDateTime) -> f64 {
    (to - from).num_seconds() as f64 / 60.0
}

/// The timeline as an `<svg>` element that needs nothing else: no fonts, scripts or links.
pub fn svg(timeline: &Timeline, zone: &ShownZone) -> String {
    let placed: Vec<&Row> = {
        let mut rows: Vec<&Row> = timeline.rows.iter().filter(|r| r.at.is_some()).collect();
        rows.sort_by_key(|r| (r.at, r.line));
        rows
    };
    let unplaced: Vec<&Row> = timeline.rows.iter().filter(|r| r.at.is_none()).collect();
    let mut times: Vec<NaiveDateTime> = placed.iter().filter_map(|r| r.at).collect();
    if let Some((start, end)) = timeline.band {
        times.extend([start, end]);
    }
    times.sort();
    // The axis is stretched (up to four times) until no label sits far from its mark.
    let length = (PITCH * placed.len() as f64).max(240.0);
    let mut layout = None;
    for stretch in [1.0, 1.5, 2.0, 3.0, 4.0] {
        let Some(scale) = Scale::new(&times, length * stretch) else {
            break;
        };
        let marks: Vec<f64> = placed
            .iter()
            .filter_map(|r| r.at)
            .map(|at| scale.y(at))
            .collect();
        let labels = stack(&marks, TOP + 4.0);
        let drift = marks
            .iter()
            .zip(&labels)
            .map(|(mark, label)| (label - mark).abs())
            .fold(0.0, f64::max);
        layout = Some((scale, labels));
        if drift <= 3.0 * PITCH {
            break;
        }
    }
    // Entry labels carry as much of the date as the timeline needs to tell them apart.
    let time_format = match times.first().zip(times.last()) {
        Some((a, b)) if a.year() != b.year() => "%Y-%m-%d %H:%M",
        Some((a, b)) if a.date() != b.date() => "%m-%d %H:%M",
        _ => "%H:%M",
    };

    let mut body = String::new();
    let mut bottom = TOP;
    if let Some((scale, labels)) = &layout {
        if let Some((start, end)) = timeline.band {
            let (a, b) = (scale.y(start.min(end)), scale.y(start.max(end)));
            let _ = write!(
                body,
                r#"<rect class="band" x="{:.1}" y="{a:.1}" width="{:.1}" height="{:.1}"><title>the stated window</title></rect>"#,
                AXIS_X - 14.0,
                WIDTH - AXIS_X + 6.0,
                (b - a).max(2.0)
            );
        }
        body.push_str(&axis(scale, &timeline.axis));
        body.push_str(&entries(scale, &placed, labels, time_format));
        let lowest = labels.last().copied().unwrap_or(TOP);
        bottom = scale.end.max(lowest + PITCH);
    } else {
        let _ = write!(
            body,
            r#"<text x="10" y="{:.1}" class="note">No entry has a time to put on an axis.</text>"#,
            TOP + PITCH
        );
        bottom += PITCH;
    }
    let mut y = bottom + 2.0 * PITCH;
    body.push_str(&legend(y));
    if !unplaced.is_empty() {
        y += 1.5 * PITCH;
        let _ = write!(
            body,
            r#"<text x="10" y="{y:.1}" class="note">Not on the axis:</text>"#
        );
        for row in unplaced {
            y += PITCH;
            let (time, why) = match &row.time {
                Shown::Local { time, why } => (time.as_str(), why.as_str()),
                Shown::At { time, .. } => (time.as_str(), "placed apart"),
            };
            let text = fit(
                &format!("line {}: {time} {} ({why})", row.line, row.text),
                WIDTH - 30.0,
            );
            let _ = write!(
                body,
                r#"<text x="20" y="{y:.1}" class="note">{}</text>"#,
                markup(&text)
            );
        }
    }
    let height = (y + PITCH).ceil();
    let subtitle = match &timeline.axis {
        Axis::Zone => format!("times in {}", zone.name()),
        Axis::AsWritten { why } => format!("times as written, not in {}: {why}", zone.name()),
        Axis::TimeOfDay => "times of day as written: no dates".to_string(),
    };
    let window = timeline
        .window
        .as_ref()
        .map_or_else(|| "no stated window".to_string(), |w| format!("stated {w}"));
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">"#,
            "<style>{style}</style>",
            r#"<rect width="100%" height="100%" fill="white"/>"#,
            r#"<text x="10" y="28" class="title">{title}</text>"#,
            r#"<text x="10" y="50" class="note">{subtitle}</text>"#,
            r#"<text x="10" y="68" class="note">{window}</text>"#,
            "{body}</svg>\n"
        ),
        w = WIDTH,
        h = height,
        label = markup_attribute(&format!("Timeline of {}", timeline.title)),
        style = STYLE,
        title = markup(&fit(&timeline.title, (WIDTH - 20.0) * 12.0 / 16.0)),
        subtitle = markup(&fit(&subtitle, WIDTH - 20.0)),
        window = markup(&fit(&window, WIDTH - 20.0)),
        body = body,
    )
}

const STYLE: &str = "text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;font-size:12px;fill:#1f2937}\
.title{font-size:16px;font-weight:bold}.note{fill:#4b5563}.tick{font-size:11px;fill:#4b5563}\
.cut{font-size:11px;font-style:italic;fill:#4b5563}.band{fill:#dbeafe}\
.axis{stroke:#374151;stroke-width:1.5}.grid{stroke:#e5e7eb}.leader{stroke:#9ca3af;fill:none}\
.mark{fill:#374151}.detected{fill:#b45309}.restored{fill:#15803d}\
.flag{fill:none;stroke:#c62828;stroke-width:2}.code{fill:#c62828;font-weight:bold}\
.event-detected{fill:#b45309;font-weight:bold}.event-restored{fill:#15803d;font-weight:bold}";

/// The axis line, its ticks and their labels, and the cuts.
fn axis(scale: &Scale, kind: &Axis) -> String {
    let mut out = String::new();
    let step = STEPS
        .iter()
        .copied()
        .find(|step| *step as f64 * scale.pixels_per_minute >= TICK_SPACE)
        .unwrap_or(STEPS[STEPS.len() - 1]);
    for (i, stretch) in scale.stretches.iter().enumerate() {
        let bottom = scale.bottom(stretch);
        let _ = write!(
            out,
            r#"<line class="axis" x1="{AXIS_X}" y1="{:.1}" x2="{AXIS_X}" y2="{:.1}"/>"#,
            stretch.y - PAD,
            bottom + PAD
        );
        // Each stretch starts with its first time in full, then round times far enough below.
        let mut previous: Option<(NaiveDateTime, f64)> = None;
        for tick in std::iter::once(stretch.from).chain(ticks(stretch.from, stretch.to, step)) {
            let y = scale.y(tick);
            if previous.is_some_and(|(_, above)| y - above < TICK_SPACE / 2.0) {
                continue;
            }
            let label = tick_label(tick, previous.map(|(t, _)| t), step, kind);
            previous = Some((tick, y));
            let _ = write!(
                out,
                r#"<line class="grid" x1="{:.1}" y1="{y:.1}" x2="{AXIS_X}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{label}</text>"#,
                AXIS_X - 6.0,
                AXIS_X - 14.0,
                y + 4.0
            );
        }
        if let Some(next) = scale.stretches.get(i + 1) {
            let (top, end) = (bottom + PAD, next.y - PAD);
            let middle = (top + end) / 2.0;
            let _ = write!(
                out,
                r#"<path class="leader" d="M{AXIS_X} {top:.1} l-6 6 l12 8 l-12 8 l12 8 l-6 6 L{AXIS_X} {end:.1}"/><text class="cut" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                AXIS_X - 16.0,
                middle + 4.0,
                markup(&format!("{} later", span(minutes(stretch.to, next.from))))
            );
        }
    }
    out
}

/// A tick's label: the date in full where it is the first or the year changes, the month
/// and day where the day changes, else the time alone; no time on ticks a day or more apart.
fn tick_label(
    tick: NaiveDateTime,
    previous: Option<NaiveDateTime>,
    step: i64,
    kind: &Axis,
) -> String {
    let daily = step >= 1440;
    let format = match previous {
        _ if *kind == Axis::TimeOfDay => "%H:%M",
        Some(p) if p.year() == tick.year() && (daily || p.date() != tick.date()) => {
            if daily {
                "%m-%d"
            } else {
                "%m-%d %H:%M"
            }
        }
        Some(p) if p.date() == tick.date() => "%H:%M",
        _ => "%Y-%m-%d %H:%M",
    };
    tick.format(format).to_string()
}

/// Round times every `step` minutes from `from` to `to`, counted from midnight.
fn ticks(from: NaiveDateTime, to: NaiveDateTime, step: i64) -> Vec<NaiveDateTime> {
    let midnight = from.date().and_hms_opt(0, 0, 0).unwrap_or(from);
    let into_day = i64::from(from.num_seconds_from_midnight()) / 60;
    let mut tick = if step >= 1440 {
        // Whole days: from the day after `from` unless `from` is midnight.
        midnight + TimeDelta::days(i64::from(into_day > 0))
    } else {
        midnight + TimeDelta::minutes((into_day + step - 1) / step * step)
    };
    let mut out = Vec::new();
    while tick <= to && out.len() < 400 {
        out.push(tick);
        tick += TimeDelta::minutes(step);
    }
    out
}

/// `3 days`, `5 hours`, `1 year 2 days`: a cut's length, roughly.
fn span(minutes: f64) -> String {
    let days = (minutes / 1440.0).round() as i64;
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match days {
        _ if minutes < 2880.0 => plural((minutes / 60.0).round() as i64, "hour"),
        1..365 => plural(days, "day"),
        _ if days % 365 == 0 => plural(days / 365, "year"),
        _ => format!(
            "{} {}",
            plural(days / 365, "year"),
            plural(days % 365, "day")
        ),
    }
}

/// Where labels go so that each is at least `PITCH` below the one above and none above
/// `top`, as close to its mark (`marks`, sorted) as can be: a run of labels that would
/// collide is stacked centred on its marks (pool-adjacent-violators, in one pass).
fn stack(marks: &[f64], top: f64) -> Vec<f64> {
    // Each block: its first label, how many it holds, and the sum of where each label would
    // put the block's top.
    let mut blocks: Vec<(usize, usize, f64)> = Vec::new();
    let block_top = |(_, count, sum): (usize, usize, f64)| (sum / count as f64).max(top);
    for (i, mark) in marks.iter().enumerate() {
        let mut block = (i, 1, mark + 4.0);
        while let Some(&above) = blocks.last() {
            if block_top(block) >= block_top(above) + above.1 as f64 * PITCH {
                break;
            }
            blocks.pop();
            let shift = (above.1 * block.1) as f64 * PITCH;
            block = (above.0, above.1 + block.1, above.2 + block.2 - shift);
        }
        blocks.push(block);
    }
    blocks
        .into_iter()
        .flat_map(|block| {
            let first = block_top(block);
            (0..block.1).map(move |k| first + k as f64 * PITCH)
        })
        .collect()
}

/// The entries' marks, and their labels at `labels`.
fn entries(scale: &Scale, rows: &[&Row], labels: &[f64], time_format: &str) -> String {
    let mut out = String::new();
    for (row, &label_y) in rows.iter().zip(labels) {
        let Some(at) = row.at else { continue };
        let y = scale.y(at);
        let mut tooltip = format!("line {}: {}", row.line, row.text);
        for flag in &row.flags {
            let _ = write!(tooltip, "\n{} {}: {}", flag.code, flag.name, flag.message);
        }
        let _ = write!(
            out,
            r#"<g class="entry"><title>{}</title>"#,
            markup(&tooltip)
        );
        if (label_y - (y + 4.0)).abs() > 1.0 {
            let _ = write!(
                out,
                r#"<path class="leader" d="M{:.1} {y:.1} L{:.1} {y:.1} L{:.1} {:.1}"/>"#,
                AXIS_X + 6.0,
                AXIS_X + 20.0,
                LABEL_X - 6.0,
                label_y - 4.0
            );
        }
        let mark = match row.event {
            EntryEvent::Detection => detected(AXIS_X, y),
            EntryEvent::Restoration => restored(AXIS_X, y),
            EntryEvent::Other => {
                format!(r#"<circle class="mark" cx="{AXIS_X}" cy="{y:.1}" r="4"/>"#)
            }
        };
        out.push_str(&mark);
        if !row.flags.is_empty() {
            let _ = write!(
                out,
                r#"<circle class="flag" cx="{AXIS_X}" cy="{y:.1}" r="9"/>"#
            );
        }
        let ambiguous = matches!(
            row.time,
            Shown::At {
                ambiguous: true,
                ..
            }
        );
        let time = format!(
            "{}{}",
            if ambiguous { "~" } else { "" },
            at.format(time_format)
        );
        let event = match row.event {
            EntryEvent::Detection => Some(("event-detected", "detected")),
            EntryEvent::Restoration => Some(("event-restored", "restored")),
            EntryEvent::Other => None,
        };
        let codes = row.codes();
        let used =
            width(&time) + event.map_or(0.0, |(_, word)| width(word) + 4.0) + width(&codes) + 12.0;
        let room = WIDTH - LABEL_X - 10.0 - used;
        let _ = write!(out, r#"<text x="{LABEL_X}" y="{label_y:.1}">{time} "#,);
        if let Some((class, word)) = event {
            let _ = write!(out, r#"<tspan class="{class}">{word}</tspan> "#);
        }
        if !codes.is_empty() {
            let _ = write!(out, r#"<tspan class="code">{codes}</tspan> "#);
        }
        let _ = write!(out, "{}</text></g>", markup(&fit(&row.text, room)));
    }
    out
}

/// The key under the picture, at baseline `y`.
fn legend(y: f64) -> String {
    let mut out = String::new();
    let mut x = 10.0;
    for words in [
        "stated window",
        "entry",
        "detected",
        "restored",
        "finding (hover a mark for its message)",
    ] {
        let centre = x + 7.0;
        let _ = match words {
            "stated window" => write!(
                out,
                r#"<rect class="band" x="{x:.1}" y="{:.1}" width="14" height="12"/>"#,
                y - 10.0
            ),
            "entry" => write!(
                out,
                r#"<circle class="mark" cx="{centre:.1}" cy="{:.1}" r="4"/>"#,
                y - 4.0
            ),
            "detected" => write!(out, "{}", detected(centre, y - 4.0)),
            "restored" => write!(out, "{}", restored(centre, y - 4.0)),
            _ => write!(
                out,
                r#"<circle class="flag" cx="{centre:.1}" cy="{:.1}" r="6"/>"#,
                y - 4.0
            ),
        };
        let _ = write!(
            out,
            r#"<text class="note" x="{:.1}" y="{y:.1}">{words}</text>"#,
            x + 20.0
        );
        x += 20.0 + words.len() as f64 * CHAR + 24.0;
    }
    out
}

/// A detection's mark, a diamond centred on (`x`, `y`).
fn detected(x: f64, y: f64) -> String {
    format!(
        r#"<path class="detected" d="M{x:.1} {:.1} l6 6 l-6 6 l-6 -6 z"/>"#,
        y - 6.0
    )
}

/// A restoration's mark, a square centred on (`x`, `y`).
fn restored(x: f64, y: f64) -> String {
    format!(
        r#"<rect class="restored" x="{:.1}" y="{:.1}" width="10" height="10"/>"#,
        x - 5.0,
        y - 5.0
    )
}

/// `text` cut with `…` to fit `room` pixels of 12px text.
fn fit(text: &str, room: f64) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if width(&text) <= room {
        return text;
    }
    let mut used = width("…");
    let mut out = String::new();
    for c in text.chars() {
        used += advance(c);
        if used > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// How wide `text` is at most, in pixels of 12px sans-serif (bold for the codes and events).
fn width(text: &str) -> f64 {
    text.chars().map(advance).sum()
}

/// A generous width for one character: capitals, digits and `m`/`w` are wide in DejaVu Sans,
/// East Asian characters and emoji a full em.
fn advance(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 4.2,
        'A'..='Z' | '0'..='9' | 'm' | 'w' | '%' | '@' | '#' | '&' => 10.0,
        c if c.is_ascii() => 7.6,
        c if u32::from(c) >= 0x1100 => 12.5,
        _ => 8.0,
    }
}

#[cfg(test)]
mod tests;
