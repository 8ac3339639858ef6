use std::collections::HashSet;

use super::shared::join_or;
use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::time::Zone;
use crate::time::zone::format_offset;

declare_rule! {
    /// ## What it does
    /// Reports a zone abbreviation with several common meanings (IST: India, Israel or
    /// Ireland; CST: US Central or China) when nothing in the document settles which is meant.
    /// One report per abbreviation, at its first use.
    ///
    /// The document settles it first: another zone that can only mean one place (`EST` makes
    /// `CST` US Central, `UTC+05:30` makes `IST` India), a place it names (`IST` beside Mumbai
    /// is India's; the `[places]` lists in `rules/timezones.toml`), a zone in the same part of
    /// the world, then the date (Irish Summer Time does not exist in winter). Rarely intended meanings, such
    /// as PST for the Philippines, count only when the document points to them; they are marked
    /// `rare` in `rules/timezones.toml`. Checks that compare times still run under every meaning
    /// and report only what holds under all of them.
    ///
    /// ## Why is this bad?
    /// 14:00 IST is 08:30 UTC in India and 12:00 UTC in Israel. Readers elsewhere guess, and
    /// comparisons with logs in UTC are off by hours.
    ///
    /// ## Example
    /// ```text
    /// All times in IST.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// All times in UTC+05:30.
    /// ```
    pub struct AmbiguousTimezone {
        code: "PM111",
        name: "ambiguous-timezone",
        severity: Warning,
        enabled: true,
        fix: None,
        summary: "A zone abbreviation with several meanings the document does not settle (IST, CST)",
    }
}

impl Rule for AmbiguousTimezone {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let mut reported: HashSet<&str> = HashSet::new();
        for used in &doc.zones {
            let Zone::Abbrev(abbr) = &used.zone else {
                continue;
            };
            if reported.contains(abbr.name.as_str()) {
                continue;
            }
            let readings = doc.readings(used);
            let offsets: HashSet<i32> = readings.iter().map(|m| m.offset).collect();
            if offsets.len() < 2 {
                continue;
            }
            reported.insert(&abbr.name);
            let meanings: Vec<String> = readings
                .iter()
                .map(|m| format!("{} (UTC{})", m.region, format_offset(m.offset)))
                .collect();
            let example = readings[0];
            cx.report(
                Diagnostic::new(
                    &Self::META,
                    used.span.clone(),
                    format!(
                        "`{}` could mean {}, and nothing in the document settles which",
                        abbr.name,
                        join_or(&meanings)
                    ),
                )
                .label("which zone?")
                .help(format!(
                    "write the offset instead, such as `UTC{}`, or give the times in UTC",
                    format_offset(example.offset)
                )),
            );
        }
    }
}
