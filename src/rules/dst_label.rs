use std::ops::Range;

use super::shared::{first_and_repeats, joined_fix};
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Safety};
use chrono::NaiveDate;

use crate::document::{Document, ZoneUse};
use crate::time::Zone;
use crate::time::season::label_on;
use crate::time::zone::Meaning;

declare_rule! {
    /// ## What it does
    /// Reports a standard-time label used during daylight saving, or the reverse: "PST" on a
    /// July date (Los Angeles is on PDT), "CET" in June (CEST), "BST" in December (GMT). The
    /// zone's real rules come from the tz database. One report per label, at its first
    /// mismatched use.
    ///
    /// The date is the one written with the time. A declaration such as "All times in CET" is
    /// checked on the days of the clocks it labels (up to the next declaration), and reported
    /// only when it is wrong on most of them, at the first such day: a lead-up entry from
    /// December does not make "All times in PDT" above a March incident wrong. A label that is right under any meaning the document
    /// leaves open is not reported, and neither is a day on which the clocks change. Generic
    /// labels that name the zone in any season (`PT`, `ET`) are never reported, nor is a
    /// declaration above a timeline that writes dates alone, with no clock after it.
    ///
    /// ## Why is this bad?
    /// PST and PDT are an hour apart. Converting "14:00 PST" in July to UTC gives 22:00 where
    /// 21:00 was meant, so the timeline is an hour off against logs. Writers usually mean local
    /// time, which is why this is a warning and not an error.
    ///
    /// ## Example
    /// ```text
    /// - July 10, 2021, 14:00 PST: Deploy started.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - July 10, 2021, 14:00 PDT: Deploy started.
    /// ```
    pub struct DstLabel {
        code: "PM110",
        name: "dst-label",
        severity: Warning,
        enabled: true,
        fix: Unsafe,
        summary: "A standard-time label during daylight saving, or the reverse (PST in July)",
    }
}

impl Rule for DstLabel {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let last_clock = doc
            .written
            .iter()
            .rev()
            .find(|w| w.mention.clock.is_some())
            .map(|w| w.mention.span.start);
        let findings = doc.zones.iter().enumerate().filter_map(|(i, used)| {
            let Zone::Abbrev(abbr) = &used.zone else {
                return None;
            };
            // `PST (UTC-7)` in July: zone-offset-mismatch names the label the offset belongs to.
            let restated_otherwise = doc.zones.get(i + 1).is_some_and(|r| {
                r.restates == Some(i)
                    && matches!(r.zone, Zone::Offset(o) if !used.zone.offsets().is_some_and(|all| all.contains(&o)))
            });
            if restated_otherwise {
                return None;
            }
            Some((abbr.name.as_str(), mismatch(doc, used, last_clock)?))
        });
        for (mut diagnostic, repeats) in first_and_repeats(findings) {
            if !repeats.is_empty() {
                diagnostic.fixes = one_fix_for_all(doc.text(), &diagnostic, &repeats);
                let label = format!("{} ({} uses)", diagnostic.label, repeats.len() + 1);
                diagnostic = diagnostic.label(label);
            }
            cx.report(diagnostic);
        }
    }
}

/// One fix that relabels every use the finding stands for, so that applying it resolves the
/// finding: a single edit from the first use to the last, every byte between kept.
fn one_fix_for_all(text: &str, first: &Diagnostic, repeats: &[Diagnostic]) -> Vec<Fix> {
    let edits: Vec<(Range<usize>, &str)> = std::iter::once(first)
        .chain(repeats)
        .filter_map(|d| d.fixes.first())
        .map(|fix| (fix.span.clone(), fix.replacement.as_str()))
        .collect();
    let title = first.fixes.first().map_or(String::new(), |fix| {
        format!("{} ({} times)", fix.title, edits.len())
    });
    joined_fix(text, &edits, title, Safety::Unsafe)
        .into_iter()
        .collect()
}

/// The day a declaration is checked on: the first clock it labels on a day the label is
/// wrong, unless it is right on at least half of the days it labels (a lead-up entry months
/// before the incident does not make "All times in PDT" wrong).
fn declaration_date(
    doc: &Document,
    used: &ZoneUse,
    name: &str,
    readings: &[&Meaning],
) -> Option<NaiveDate> {
    // Zones and written times are in text order: only those up to the next declaration are
    // read, so a file of many postmortems, each with its declaration, stays linear.
    let after = doc.zones.partition_point(|z| z.span.start <= used.span.end);
    let next_declaration = doc.zones[after..]
        .iter()
        .find(|other| other.declared && other.restates.is_none())
        .map_or(usize::MAX, |other| other.span.start);
    let first = doc
        .written
        .partition_point(|w| w.mention.span.start < used.span.end);
    let days: Vec<NaiveDate> = doc.written[first..]
        .iter()
        .take_while(|w| w.mention.span.start < next_declaration)
        .filter(|w| w.mention.clock.is_some())
        .filter_map(|w| w.date)
        .collect();
    let right_on = |day: &NaiveDate| {
        readings
            .iter()
            .any(|m| label_on(&m.zone, *day).is_none_or(|label| label == name))
    };
    let right = days.iter().filter(|day| right_on(day)).count();
    if days.is_empty() {
        return used.date;
    }
    (right * 2 < days.len())
        .then(|| days.iter().find(|day| !right_on(day)).copied())
        .flatten()
}

/// The diagnostic for a label wrong for its season under every open meaning.
/// `last_clock` is where the document's last written clock starts.
fn mismatch(doc: &Document, used: &ZoneUse, last_clock: Option<usize>) -> Option<Diagnostic> {
    let Zone::Abbrev(abbr) = &used.zone else {
        return None;
    };
    // A declaration above a timeline of dates alone labels no clock: its season cannot mislead.
    if used.declared && last_clock.is_none_or(|at| at < used.span.end) {
        return None;
    }
    let readings = doc.readings(used);
    if readings.is_empty() || readings.iter().any(|m| m.generic || m.alias) {
        return None;
    }
    let date = if used.declared {
        declaration_date(doc, used, abbr.name.as_str(), &readings)?
    } else {
        used.date?
    };
    let mut right = Vec::new();
    for meaning in &readings {
        let label = label_on(&meaning.zone, date)?;
        if label == abbr.name {
            return None;
        }
        right.push((meaning, label));
    }
    let (meaning, label) = right.first()?;
    let day = date.format("%Y-%m-%d");
    let kind = if meaning.dst {
        "a daylight-saving label outside daylight saving"
    } else {
        "a standard-time label during daylight saving"
    };
    let city = meaning
        .zone
        .rsplit('/')
        .next()
        .unwrap_or(&meaning.zone)
        .replace('_', " ");
    Some(
        Diagnostic::new(
            &DstLabel::META,
            used.span.clone(),
            format!(
                "{} on {day} is {kind}: {city} was on {label} that day",
                abbr.name
            ),
        )
        .label(format!("{label} on {day}"))
        .help(format!(
            "write {label}, or UTC; if the times really are {}, say so",
            abbr.name
        ))
        .fix(
            used.span.clone(),
            label.clone(),
            format!("Replace `{}` with `{label}`", abbr.name),
            Safety::Unsafe,
        ),
    )
}
