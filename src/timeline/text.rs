//! The timeline as text for the terminal.

use super::{Shown, ShownZone, Timeline, gap};
use crate::document::EntryEvent;

/// The timeline as text, `width` columns wide, with ANSI colour when `color`.
pub fn render(timeline: &Timeline, zone: &ShownZone, width: usize, color: bool) -> String {
    let paint = |text: &str, code: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = format!(
        "{}\n",
        paint(
            &format!("{} (times in {})", timeline.title, zone.name()),
            "1"
        )
    );
    if let Some(window) = &timeline.window {
        out.push_str(&format!("{window}\n"));
    }
    out.push_str(&format!(
        "\n  {:<17} {:>8} {:>8}  {:<5} {}\n",
        "time", "start", "prev", "line", "entry"
    ));
    for row in &timeline.rows {
        // The band: `|` inside the stated window, `!` outside it.
        let band = match row.inside_window {
            Some(true) => "|",
            Some(false) => "!",
            None => " ",
        };
        let band = if band == "!" {
            paint(band, "31;1")
        } else {
            band.to_string()
        };
        let time = match &row.time {
            Shown::At { time, ambiguous } => format!("{}{time}", if *ambiguous { "~" } else { "" }),
            Shown::Local { time, .. } => format!("{time}?"),
        };
        let mark = match row.event {
            EntryEvent::Detection => "detected ",
            EntryEvent::Restoration => "restored ",
            EntryEvent::Other => "",
        };
        let codes = match row.codes().as_str() {
            "" => String::new(),
            codes => format!("{codes} "),
        };
        let fixed = format!(
            "{band} {time:<17} {:>8} {:>8}  {:<5} ",
            row.from_start.map(gap).unwrap_or_default(),
            row.from_previous.map(gap).unwrap_or_default(),
            row.line
        );
        let used = 2 + 17 + 1 + 8 + 1 + 8 + 2 + 5 + 1 + mark.len() + codes.chars().count();
        let room = width.saturating_sub(used).max(20);
        let text: String = if row.text.chars().count() > room {
            row.text
                .chars()
                .take(room.saturating_sub(1))
                .chain(['…'])
                .collect()
        } else {
            row.text.clone()
        };
        out.push_str(&format!(
            "{fixed}{}{}{text}\n",
            paint(mark, "36"),
            paint(&codes, "31")
        ));
    }
    out.push_str("\n| inside the stated window   ! outside it   ~ earliest of several instants\n");
    // Why some times are shown as written, once per reason, with the lines it holds for.
    let mut reasons: Vec<(&str, Vec<usize>)> = Vec::new();
    for row in &timeline.rows {
        if let Shown::Local { why, .. } = &row.time {
            match reasons.iter_mut().find(|(r, _)| *r == why.as_str()) {
                Some((_, lines)) => lines.push(row.line),
                None => reasons.push((why, vec![row.line])),
            }
        }
    }
    for (why, lines) in reasons {
        let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
        let noun = if lines.len() == 1 { "line" } else { "lines" };
        out.push_str(&format!(
            "? shown as written, not in {}: {why} ({noun} {})\n",
            zone.name(),
            lines.join(", ")
        ));
    }
    out
}
