use super::shared::join_or;
use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::time::Zone;
use crate::time::zone::ZONES;

declare_rule! {
    /// ## What it does
    /// Reports a time-zone abbreviation that no time zone uses, written next to a time or in a
    /// declaration such as "All times in WTC".
    ///
    /// A word counts as a zone only where it stands next to a time, so `CAT1` tokens or an `MSK`
    /// service name elsewhere in the text are never read as zones. An unknown word is reported
    /// when it is one edit away from a real abbreviation (`WTC`, `TC`, `GTM`, `PTD`), which is
    /// what typos look like, before punctuation or before a word (`14:20 UTX the on-call
    /// engineer rolled back`). Common terms after a time that are one edit from a zone
    /// (`14:49 AWS notified us`, `14:05 CDN purge`) are prose: they are listed as `not_zones`
    /// in `rules/timezones.toml`.
    /// `UTC+` with no hours after the sign is reported too, and an offset after a typo of UTC
    /// or GMT (`GMY+1`) as a whole, with the offset kept in the suggestion (`GMT+1`).
    ///
    /// ## Why is this bad?
    /// A timestamp in a zone that does not exist cannot be placed on the real clock, so time to
    /// detect, time to recover and every comparison with other systems' logs become guesses.
    ///
    /// ## Example
    /// ```text
    /// May 10, 2023, 14:00 WTC: monitoring alerts fired
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// May 10, 2023, 14:00 UTC: monitoring alerts fired
    /// ```
    ///
    /// The accepted abbreviations, with their offsets and the zones that use them, are in
    /// `rules/timezones.toml`.
    pub struct UnknownTimezone {
        code: "PM101",
        name: "unknown-timezone",
        severity: Error,
        enabled: true,
        summary: "A time-zone abbreviation that no time zone uses (WTC, GTM)",
    }
}

impl Rule for UnknownTimezone {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for used in &doc.zones {
            let Zone::Unknown(word) = &used.zone else {
                continue;
            };
            // `GMY+1`: the base is the typo, the offset stays.
            let (base, offset) = match word.find(['+', '-', '−']) {
                Some(at) if at > 0 => word.split_at(at),
                _ => (word.as_str(), ""),
            };
            let suggestions: Vec<String> = ZONES
                .near_misses(base)
                .into_iter()
                .filter(|n| offset.is_empty() || matches!(*n, "UTC" | "GMT"))
                .map(|n| format!("{n}{offset}"))
                .collect();
            let help = match suggestions.as_slice() {
                _ if word.ends_with('+') => format!(
                    "the offset after `{word}` is missing: write {} or an offset such as {word}3",
                    word.trim_end_matches('+')
                ),
                [] => "write a real abbreviation such as UTC, or a numeric offset such as +03:00"
                    .to_string(),
                names => format!("did you mean {}?", join_or(names)),
            };
            let mut diagnostic = Diagnostic::new(
                &Self::META,
                used.span.clone(),
                format!("`{word}` is not a time zone"),
            )
            .label("unknown time zone")
            .help(help);
            if !word.ends_with('+') {
                for suggestion in suggestions {
                    let message = format!("Replace `{word}` with `{suggestion}`");
                    diagnostic = diagnostic.fix(used.span.clone(), suggestion, message);
                }
            }
            cx.report(diagnostic);
        }
    }
}
