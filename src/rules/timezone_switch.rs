use std::ops::Range;

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::time::Zone;

declare_rule! {
    /// ## What it does
    /// Reports a timeline that changes time zone part-way without saying so: entries in PST,
    /// then an entry in MST; or a heading that declares PST above entries written in CST.
    ///
    /// Zones that tell the same clock are not a switch: UTC, GMT, `Z` and `+00:00`; PST and PDT
    /// (the same zone in two seasons; `dst-label` checks the season); CET and `UTC+1`. A new
    /// declaration ("All times below in MST") between the entries says so, and the entries after
    /// it are compared with it. An entry that also gives its time in the zone in force
    /// (`11:30 CEST (09:30 UTC)`) is not a switch. A single entry in another zone between two
    /// in the zone in force is one finding on that entry, not a switch there and one back.
    ///
    /// ## Why is this bad?
    /// Readers carry the first zone they see down the timeline. A silent switch makes the later
    /// entries look hours earlier or later than they were, and the durations between them wrong.
    ///
    /// ## Example
    /// ```text
    /// - 22:10 PST: Node pool drained.
    /// - 23:00 MST: Traffic shifted back.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - 22:10 PST: Node pool drained.
    /// - 22:00 PST: Traffic shifted back.
    /// ```
    pub struct TimezoneSwitch {
        code: "PM112",
        name: "timezone-switch",
        severity: Warning,
        enabled: true,
        fix: None,
        summary: "The timeline changes time zone part-way without saying so",
    }
}

impl Rule for TimezoneSwitch {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let declarations: Vec<(Range<usize>, &Zone)> = doc
            .zones
            .iter()
            // `All times in PST (UTC-7)` declares PST: the bracket restates it, and a
            // contradiction between the two is zone-offset-mismatch's.
            .filter(|z| z.declared && z.restates.is_none())
            .map(|z| (z.span.clone(), &z.zone))
            .collect();
        let mut in_force: Option<(Range<usize>, &Zone)> = None;
        let mut timeline: Option<&Range<usize>> = None;
        let mut switches: Vec<Switch> = Vec::new();
        let mut zoned = 0;
        for entry in &doc.entries {
            if timeline != Some(&entry.timeline) {
                timeline = Some(&entry.timeline);
                in_force = None;
            }
            // The latest declaration before this entry, if it is newer than the zone in force.
            let declared = declarations
                .partition_point(|(span, _)| span.start < entry.stamp.span.start)
                .checked_sub(1)
                .map(|i| &declarations[i]);
            if let Some((span, zone)) = declared
                && in_force.as_ref().is_none_or(|(s, _)| s.start < span.start)
            {
                in_force = Some((span.clone(), zone));
            }
            if !entry.stamp.zone_written {
                continue;
            }
            let Some(zone) = &entry.stamp.zone else {
                continue;
            };
            // Zones are sorted by position: the first one at or after the stamp's start.
            let at = doc
                .zones
                .partition_point(|z| z.span.start < entry.stamp.span.start);
            let zone_span = doc
                .zones
                .get(at)
                .filter(|z| entry.stamp.span.contains(&z.span.start))
                .map_or(entry.stamp.span.clone(), |z| z.span.clone());
            // `11:30 CEST (09:30 UTC)` gives the time in the zone in force as well: no switch.
            let line_zones = &doc.zones[at..];
            let also_in_force = |previous: &Zone| {
                line_zones
                    .iter()
                    .take_while(|z| z.span.start < entry.line.end)
                    .any(|z| same_clock(previous, &z.zone))
            };
            if let Some((_, previous)) = &in_force
                && also_in_force(previous)
            {
                continue;
            }
            zoned += 1;
            if let Some((previous_span, previous)) = &in_force
                && !same_clock(previous, zone)
            {
                switches.push(Switch {
                    entry: zoned,
                    span: zone_span.clone(),
                    from: previous,
                    from_span: previous_span.clone(),
                    to: zone,
                });
            }
            in_force = Some((zone_span, zone));
        }
        report(cx, &switches);
    }
}

/// A zone written on an entry that differs from the one in force.
struct Switch<'d> {
    /// Which zoned entry it is on, counting from the document's start.
    entry: usize,
    span: Range<usize>,
    from: &'d Zone,
    from_span: Range<usize>,
    to: &'d Zone,
}

/// One finding per switch, except that a single entry in another zone between two in the
/// zone in force (a switch there and straight back) is one finding, on that entry.
fn report(cx: &mut Context, switches: &[Switch]) {
    let mut i = 0;
    while i < switches.len() {
        let switch = &switches[i];
        let back = switches.get(i + 1).filter(|next| {
            next.entry == switch.entry + 1
                && same_clock(next.to, switch.from)
                && same_clock(next.from, switch.to)
        });
        let (from, to) = (switch.from, switch.to);
        let diagnostic = match back {
            Some(back) => Diagnostic::new(
                &TimezoneSwitch::META,
                switch.span.clone(),
                format!("this entry is in {to}, between entries in {from}"),
            )
            .label(format!("{to}, where the entries around it use {from}"))
            .related(switch.from_span.clone(), format!("{from} before it"))
            .related(back.span.clone(), format!("{from} again after it"))
            .help(format!(
                "write this entry in {from} like the others, or say that it is given in {to}"
            )),
            None => Diagnostic::new(
                &TimezoneSwitch::META,
                switch.span.clone(),
                format!("the timeline switches from {from} to {to} here without saying so"),
            )
            .label(format!("{to}, where the entries above use {from}"))
            .related(switch.from_span.clone(), format!("{from} in force"))
            .help(format!(
                "write this entry in {from} like the others, or say that times change to {to} from here"
            )),
        };
        cx.report(diagnostic);
        i += if back.is_some() { 2 } else { 1 };
    }
}

/// The two zones can tell the same time: equal offsets, or one zone in two seasons.
fn same_clock(a: &Zone, b: &Zone) -> bool {
    // An unknown zone has no offsets; unknown-timezone reports it.
    let (Some(offsets_a), Some(offsets_b)) = (a.offsets(), b.offsets()) else {
        return true;
    };
    if offsets_a.iter().any(|o| offsets_b.contains(o)) {
        return true;
    }
    match (a, b) {
        (Zone::Abbrev(x), Zone::Abbrev(y)) => x
            .meanings
            .iter()
            .any(|m| y.meanings.iter().any(|n| n.zone == m.zone)),
        (Zone::Abbrev(abbr), Zone::Iana(tz)) | (Zone::Iana(tz), Zone::Abbrev(abbr)) => {
            abbr.meanings.iter().any(|m| m.zone == tz.name())
        }
        _ => false,
    }
}
