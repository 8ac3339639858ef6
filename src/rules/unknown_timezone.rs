use super::shared::join_or;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Safety};
use crate::time::Zone;
use crate::time::zone::{ZONES, iana_near_misses};

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
    /// IANA names (`Europe/Berlin`, `US/Pacific`) are zones; a misspelt one (`Europe/Berln`,
    /// `UC/Pacific`) is reported with the nearest real name. Other slashed words after a time
    /// (`09:00 CI/CD`) are prose.
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
        fix: Either,
        summary: "A time-zone abbreviation or IANA name that no time zone uses (WTC, Europe/Berln)",
    }
}

impl Rule for UnknownTimezone {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for used in &doc.zones {
            let Zone::Unknown(word) = &used.zone else {
                continue;
            };
            let suggestions = suggestions(word);
            let help = match suggestions.as_slice() {
                _ if word.ends_with('+') => format!(
                    "the offset after `{word}` is missing: write {} or an offset such as {word}3",
                    word.trim_end_matches('+')
                ),
                [] => "write a real abbreviation such as UTC, or a numeric offset such as +03:00"
                    .to_string(),
                [name] if word.contains('/') => format!("did you mean the IANA zone {name}?"),
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
                // One near zone is the reading; of several, any pick is a guess.
                let safety = if suggestions.len() == 1 {
                    Safety::Safe
                } else {
                    Safety::Unsafe
                };
                for suggestion in suggestions {
                    let message = format!("Replace `{word}` with `{suggestion}`");
                    diagnostic = diagnostic.fix(used.span.clone(), suggestion, message, safety);
                }
            }
            cx.report(diagnostic);
        }
    }
}

/// Real zones the unknown `word` is likely a typo of: IANA names for a slashed name
/// (`Europe/Berln`), abbreviations otherwise, with a written offset kept (`GMY+1` → `GMT+1`).
fn suggestions(word: &str) -> Vec<String> {
    if word.contains('/') {
        return iana_near_misses(word).into_iter().map(String::from).collect();
    }
    let (base, offset) = match word.find(['+', '-', '−']) {
        Some(at) if at > 0 => word.split_at(at),
        _ => (word, ""),
    };
    ZONES
        .near_misses(base)
        .into_iter()
        .filter(|n| offset.is_empty() || matches!(*n, "UTC" | "GMT"))
        .map(|n| format!("{n}{offset}"))
        .collect()
}
