//! `pmlint facts --format csv`: one row per document for spreadsheets. Text a document
//! controls (its title, zones, section names) cannot start a formula: a leading `=`, `+`, `-`
//! or `@` gets a `'` before it.

use super::{Duration, Facts, Moment};

/// The columns, documented in the README.
pub const HEADER: &str = "file,title,postmortem,window_start,window_start_zone,window_start_utc,window_end,window_end_zone,window_end_utc,window_stated_in,window_stated_minutes,entries,detection,detection_utc,restoration,restoration_utc,window_minutes,time_to_detect_minutes,time_to_detect_stated_minutes,time_to_detect_agrees,time_to_recover_minutes,time_to_recover_stated_minutes,time_to_recover_agrees,impact_users_percent,zones,sections_missing,action_items,action_items_with_owner,action_items_with_ticket,action_items_with_due_date,errors,warnings,infos";

/// The row of `facts`, without its line end.
pub fn row(facts: &Facts) -> String {
    let window = facts.window.as_ref();
    let start = window.and_then(|w| w.start.as_ref());
    let end = window.and_then(|w| w.end.as_ref());
    let timeline = &facts.timeline;
    let cells = [
        text(&facts.file),
        text(facts.title.as_deref().unwrap_or_default()),
        facts.postmortem.to_string(),
        local(start),
        zone(start),
        utc(start),
        local(end),
        zone(end),
        utc(end),
        window.map_or_else(String::new, |w| w.stated_in.to_string()),
        number(window.and_then(|w| w.stated_minutes)),
        facts.timeline.entries.to_string(),
        local(timeline.detection.as_ref()),
        utc(timeline.detection.as_ref()),
        local(timeline.restoration.as_ref()),
        utc(timeline.restoration.as_ref()),
        minutes(&facts.durations.window),
        minutes(&facts.durations.time_to_detect),
        number(facts.durations.time_to_detect.stated_minutes),
        flag(facts.durations.time_to_detect.agrees),
        minutes(&facts.durations.time_to_recover),
        number(facts.durations.time_to_recover.stated_minutes),
        flag(facts.durations.time_to_recover.agrees),
        users(facts),
        text(&facts.zones.join(" ")),
        text(&facts.sections.missing.join("; ")),
        facts.action_items.count.to_string(),
        facts.action_items.with_owner.to_string(),
        facts.action_items.with_ticket.to_string(),
        facts.action_items.with_due_date.to_string(),
        facts.findings.error.to_string(),
        facts.findings.warning.to_string(),
        facts.findings.info.to_string(),
    ];
    cells.join(",")
}

fn local(moment: Option<&Moment>) -> String {
    moment.and_then(|m| m.local.clone()).unwrap_or_default()
}

fn zone(moment: Option<&Moment>) -> String {
    text(moment.and_then(|m| m.zone.as_deref()).unwrap_or_default())
}

/// The UTC instant, or `earliest/latest` when the zone allows several.
fn utc(moment: Option<&Moment>) -> String {
    match moment.and_then(|m| m.utc.as_ref()) {
        Some(range) if range.earliest == range.latest => range.earliest.clone(),
        Some(range) => format!("{}/{}", range.earliest, range.latest),
        None => String::new(),
    }
}

fn minutes(duration: &Duration) -> String {
    number(duration.minutes)
}

fn flag(value: Option<bool>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The shares of users stated, space-separated.
fn users(facts: &Facts) -> String {
    let shares: Vec<String> = facts
        .impact
        .iter()
        .filter(|share| share.of == Some("users"))
        .map(|share| share.percent.to_string())
        .collect();
    shares.join(" ")
}

fn number(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A text cell, quoted when it must be and never read as a formula.
fn text(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_quoted_and_never_a_formula() {
        assert_eq!(text("plain"), "plain");
        assert_eq!(text("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(text("-1,2"), "\"'-1,2\"");
    }

    #[test]
    fn the_header_has_a_column_for_each_cell() {
        assert_eq!(HEADER.split(',').count(), 33);
    }
}
