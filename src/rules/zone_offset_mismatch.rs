use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Safety};
use crate::time::season::label_on;
use crate::document::ZoneUse;
use crate::time::Zone;
use crate::time::zone::{ZONES, format_offset};

declare_rule! {
    /// ## What it does
    /// Reports a zone abbreviation restated with an offset in brackets that it never has:
    /// `All times in PST (UTC-7)`, where PST is UTC-8 and UTC-7 is PDT. Declarations and
    /// clocks (`14:00 CET (UTC+2)`) are both read. An abbreviation with several meanings (IST,
    /// CST) is reported only when none of them has the offset, and a generic label (PT, ET)
    /// accepts both its seasons. An IANA name is checked against the offset it had on the
    /// day (`Europe/Berlin (UTC+1)` in July is reported: Berlin is UTC+2 then).
    ///
    /// ## Why is this bad?
    /// The label and the offset put every time in the document an hour (or more) apart, and a
    /// reader cannot tell which one the author meant. The usual cause is a daylight-saving slip.
    ///
    /// ## Example
    /// ```text
    /// All times in PST (UTC-7).
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// All times in PDT (UTC-7).
    /// ```
    pub struct ZoneOffsetMismatch {
        code: "PM117",
        name: "zone-offset-mismatch",
        severity: Warning,
        enabled: true,
        fix: Unsafe,
        summary: "A zone label restated with an offset it never has: PST (UTC-7)",
    }
}

impl Rule for ZoneOffsetMismatch {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for restated in &doc.zones {
            let Some(label) = restated.restates.map(|i| &doc.zones[i]) else {
                continue;
            };
            let Zone::Offset(offset) = &restated.zone else {
                continue;
            };
            let Some(offsets) = label.zone.offsets_on(label.date) else {
                continue;
            };
            if offsets.contains(offset) {
                continue;
            }
            let has: Vec<String> = offsets.iter().map(|o| utc(*o)).collect();
            let abbr = match &label.zone {
                Zone::Abbrev(abbr) => abbr,
                Zone::Iana(tz) => {
                    cx.report(iana_mismatch(tz.name(), label, restated, &has, *offset));
                    continue;
                }
                _ => continue,
            };
            // With several meanings, say where each offset is used: "UTC-08:00 (US Pacific)".
            let described: Vec<String> = match abbr.meanings.as_slice() {
                [_, _, ..] => abbr
                    .meanings
                    .iter()
                    .map(|m| format!("{} ({})", utc(m.offset), m.region))
                    .collect(),
                _ => has.clone(),
            };
            let meant = abbr
                .meanings
                .iter()
                .find_map(|m| ZONES.label_at(&m.zone, *offset));
            let mut message = format!(
                "{} is {}, but the offset written with it is {}",
                abbr.name,
                described.join(" or "),
                utc(*offset)
            );
            if let Some(meant) = meant {
                message.push_str(&format!(", which is {meant}"));
            }
            let help = match meant {
                Some(meant) => format!(
                    "write {meant} if the times are {}, or correct the offset to {}",
                    utc(*offset),
                    has.join(" or ")
                ),
                None => format!("correct the offset to {}, or the label", has.join(" or ")),
            };
            let mut diagnostic = Diagnostic::new(&Self::META, restated.span.clone(), message)
                .label(format!("not an offset {} has", abbr.name))
                .related(label.span.clone(), "the label it restates")
                .help(help);
            // Relabelling is offered only where the new label is right for the date: `PST
            // (UTC-7)` in January is a wrong offset, and PDT there would be a new finding.
            let in_season = |meant: &str| {
                abbr.meanings.iter().any(|m| {
                    ZONES.label_at(&m.zone, *offset) == Some(meant)
                        && label
                            .date
                            .is_none_or(|day| label_on(&m.zone, day).is_none_or(|l| l == meant))
                })
            };
            if let Some(meant) = meant.filter(|meant| in_season(meant)) {
                diagnostic = diagnostic.fix(
                    label.span.clone(),
                    meant,
                    format!("Replace `{}` with `{meant}`", abbr.name),
                    Safety::Unsafe,
                );
            }
            cx.report(diagnostic);
        }
    }
}

fn utc(seconds: i32) -> String {
    format!("UTC{}", format_offset(seconds))
}

/// `Europe/Berlin (UTC+1)` in July: the IANA zone had another offset (`has`) that day.
fn iana_mismatch(
    zone: &str,
    label: &ZoneUse,
    restated: &ZoneUse,
    has: &[String],
    offset: i32,
) -> Diagnostic {
    let on = label
        .date
        .map_or(String::new(), |date| format!(" on {}", date.format("%Y-%m-%d")));
    Diagnostic::new(
        &ZoneOffsetMismatch::META,
        restated.span.clone(),
        format!(
            "{zone} is {}{on}, but the offset written with it is {}",
            has.join(" or "),
            utc(offset)
        ),
    )
    .label(format!("not an offset {zone} has{on}"))
    .related(label.span.clone(), "the zone it restates")
    .help(format!("correct the offset to {}, or the zone", has.join(" or ")))
}
