use std::ops::Range;

use super::shared::{joined_fix, relate_repeats};
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Safety};
use crate::time::Zone;

declare_rule! {
    /// ## What it does
    /// Reports a time-zone abbreviation or a month written in lower case in a timestamp:
    /// `10:05 utc`, `All times in pst`, `march 3, 2024`. It is reported once per document, at
    /// the first, with the others as related spans and one safe fix that writes them all in
    /// upper case.
    ///
    /// pmlint reads these as the zone or date they name. Only abbreviations that are no word
    /// of their own are read in lower case (`utc`, `pst`, `cest`, but not `cat` or `wet`:
    /// the list is `any_case` in `rules/timezones.toml`), never with an offset after them
    /// (`utc+2` is left unread), and a month in lower case only with a year after it, since
    /// `may 3` is as likely prose as a date.
    ///
    /// ## Why is this bad?
    /// It is a style slip, not a contradiction: readers understand it, but other tools and
    /// people searching the document for `UTC` or `March` do not find it.
    ///
    /// ## Example
    /// ```text
    /// - march 3, 2024 10:05 utc: the deploy started
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - March 3, 2024 10:05 UTC: the deploy started
    /// ```
    pub struct TimestampCase {
        code: "PM118",
        name: "timestamp-case",
        severity: Info,
        enabled: true,
        fix: Safe,
        summary: "A zone or month written in lower case in a timestamp (10:05 utc, march 3, 2024)",
    }
}

impl Rule for TimestampCase {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let text = doc.text();
        let zones = doc.zones.iter().filter_map(|used| match &used.zone {
            Zone::Abbrev(abbr) => {
                let written = &text[used.span.clone()];
                (written != abbr.name && written.eq_ignore_ascii_case(&abbr.name))
                    .then(|| (used.span.clone(), abbr.name.clone()))
            }
            _ => None,
        });
        let months = doc
            .written
            .iter()
            .filter_map(|w| w.mention.date.as_ref()?.lowercase_month)
            .map(|span| (span.range(), capitalised(&text[span.range()])));
        let mut slips: Vec<(Range<usize>, String)> = zones.chain(months).collect();
        slips.sort_by_key(|(span, _)| span.start);
        slips.dedup_by_key(|(span, _)| span.start);
        let Some(((first, proper), rest)) = slips.split_first() else {
            return;
        };
        let written = &text[first.clone()];
        let mut message = format!("`{written}` is written in the wrong case for `{proper}`");
        if !rest.is_empty() {
            message.push_str(&format!(
                " ({} zones and months in this document)",
                slips.len()
            ));
        }
        let diagnostic = Diagnostic::new(&Self::META, first.clone(), message)
            .label("wrong case")
            .help(format!("write `{proper}`"));
        let mut diagnostic = relate_repeats(
            diagnostic,
            rest.iter().map(|(span, _)| span.clone()),
            "also in the wrong case",
        );
        let title = match rest {
            [] => format!("Write `{proper}`"),
            _ => format!("Fix the case of {} zones and months", slips.len()),
        };
        let edits: Vec<(Range<usize>, &str)> = slips
            .iter()
            .map(|(span, proper)| (span.clone(), proper.as_str()))
            .collect();
        diagnostic
            .fixes
            .extend(joined_fix(text, &edits, title, Safety::Safe));
        cx.report(diagnostic);
    }
}

/// `march` as `March`.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
