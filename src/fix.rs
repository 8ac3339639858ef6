//! `check --fix`: apply the fixes the rules offer, re-lint, and repeat until nothing changes.
//!
//! Fixes are applied to the file's own text, so the byte-order mark, the line endings and
//! every byte outside a fix's span stay as they were.

use std::ops::Range;

use crate::diagnostic::{Fix, Safety};
use crate::source::{Format, SourceFile};
use crate::{Findings, Settings, lint};

/// At most this many rounds of fix and re-lint: a fix may uncover another, but a pair of
/// rules that undo each other must not loop.
const MAX_ROUNDS: usize = 10;

/// What fixing one file came to.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The file's contents after every fix, BOM included.
    pub contents: String,
    /// How many fixes were applied, over all rounds.
    pub applied: usize,
    /// The findings that remain in the fixed text.
    pub remaining: Findings,
    /// The fixed text parsed, for the report.
    pub source: SourceFile,
}

/// Which fixes a run applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FixOptions {
    /// Apply unsafe fixes too; the first of several is taken.
    pub unsafe_fixes: bool,
}

/// Fixes `contents` (a whole file, as read) under `settings`, until a round applies nothing.
pub fn fix_file(
    path: &str,
    contents: &str,
    format: Format,
    settings: &Settings,
    options: FixOptions,
) -> Fixed {
    let mut round = fix_round(path, contents, format, settings, options);
    let mut applied = 0;
    for _ in 1..MAX_ROUNDS {
        if round.applied.is_empty() {
            break;
        }
        applied += round.applied.len();
        round = fix_round(path, &round.contents, format, settings, options);
    }
    applied += round.applied.len();
    if !round.applied.is_empty() {
        // The last round changed the text: report what remains in it.
        let source = SourceFile::new(path, &round.contents, format);
        round.findings = lint(&source, settings);
        round.source = source;
    }
    Fixed {
        contents: round.contents,
        applied,
        remaining: round.findings,
        source: round.source,
    }
}

/// One round of fixing.
pub struct Round {
    /// The text after the round's fixes.
    pub contents: String,
    /// Where each applied fix was, in the text before the round, BOM included.
    pub applied: Vec<Range<usize>>,
    /// What the text before the round was found to hold.
    pub findings: Findings,
    /// The text before the round, parsed.
    pub source: SourceFile,
}

/// Lints `contents` and applies one fix per finding, those whose spans do not overlap.
pub fn fix_round(
    path: &str,
    contents: &str,
    format: Format,
    settings: &Settings,
    options: FixOptions,
) -> Round {
    let source = SourceFile::new(path, contents, format);
    let findings = lint(&source, settings);
    let chosen = choose(&findings, settings, options);
    let bom = source.bom_len;
    let applied = chosen
        .iter()
        .map(|fix| fix.span.start + bom..fix.span.end + bom)
        .collect();
    let fixed = apply(contents, bom, &chosen);
    Round {
        contents: fixed,
        applied,
        findings,
        source,
    }
}

/// How many fixes the findings offer that `options` leaves out: the unsafe ones, when they
/// are not asked for.
pub fn unsafe_available(findings: &Findings, settings: &Settings, options: FixOptions) -> usize {
    if options.unsafe_fixes {
        return 0;
    }
    offered(findings, settings)
        .filter(|(_, fix)| fix.safety == Safety::Unsafe)
        .count()
}

/// The fix each finding of a fixable rule offers first, with the rule's code.
fn offered<'f>(
    findings: &'f Findings,
    settings: &Settings,
) -> impl Iterator<Item = (&'static str, &'f Fix)> {
    findings
        .diagnostics
        .iter()
        .filter(|d| !settings.unfixable.contains(&d.rule.name))
        .filter_map(|d| Some((d.rule.code, d.fixes.first()?)))
}

/// One fix per finding of a fixable rule, the first the options allow, in text order. Unsafe
/// fixes are guesses made from the rest of the document, and two rules may guess opposite ways
/// (the window's year from the entries, the entries' from the window), so a round applies the
/// unsafe fixes of one rule only; the next round reads the document as it then is.
fn choose<'f>(findings: &'f Findings, settings: &Settings, options: FixOptions) -> Vec<&'f Fix> {
    let fixable = || {
        offered(findings, settings)
            .filter(|(_, fix)| fix.safety == Safety::Safe || options.unsafe_fixes)
    };
    let unsafe_rule = fixable()
        .filter(|(_, fix)| fix.safety == Safety::Unsafe)
        .map(|(code, _)| code)
        .min();
    let mut chosen: Vec<&Fix> = fixable()
        .filter(|(code, fix)| fix.safety == Safety::Safe || Some(*code) == unsafe_rule)
        .map(|(_, fix)| fix)
        .collect();
    chosen.sort_by_key(|fix| (fix.span.start, fix.span.end));
    disjoint(chosen)
}

/// Drops each fix that overlaps one before it: it waits for the next round, when it is
/// offered again on the fixed text if it still applies.
fn disjoint(sorted: Vec<&Fix>) -> Vec<&Fix> {
    let mut end: Option<usize> = None;
    sorted
        .into_iter()
        .filter(|fix| {
            let clear = end.is_none_or(|end| fix.span.start >= end);
            if clear {
                end = Some(fix.span.end);
            }
            clear
        })
        .collect()
}

/// Writes the fixes (sorted, disjoint, offsets into the text after the BOM) into `contents`.
fn apply(contents: &str, bom_len: usize, fixes: &[&Fix]) -> String {
    let mut out = String::with_capacity(contents.len());
    let mut at = 0;
    for fix in fixes {
        let span: Range<usize> = fix.span.start + bom_len..fix.span.end + bom_len;
        out.push_str(&contents[at..span.start]);
        out.push_str(&fix.replacement);
        at = span.end;
    }
    out.push_str(&contents[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(contents: &str, unsafe_fixes: bool) -> Fixed {
        fix_file(
            "pm.md",
            contents,
            Format::Markdown,
            &Settings::default(),
            FixOptions { unsafe_fixes },
        )
    }

    #[test]
    fn safe_fixes_change_only_their_spans_and_keep_bom_and_crlf() {
        let text = "\u{feff}# Outage\r\n\r\n- 2024-03-04 10:05 WTC: alert\r\n- 2024-03-04 13:55 PM WTC: fixed\r\n";
        let result = fixed(text, false);
        assert_eq!(
            result.contents,
            "\u{feff}# Outage\r\n\r\n- 2024-03-04 10:05 UTC: alert\r\n- 2024-03-04 13:55 UTC: fixed\r\n"
        );
        assert_eq!(result.applied, 3);
        let again = fixed(&result.contents, false);
        assert_eq!((again.contents, again.applied), (result.contents, 0));
    }

    #[test]
    fn unsafe_fixes_wait_to_be_asked_for() {
        let text = "Duration: March 4, 2024, 10:00 to March 4, 2024, 12:30 UTC\n\n\
                    Timeline:\n- March 4, 2025, 10:05 UTC: alert\n- March 4, 2024, 12:30 UTC: fixed\n\n\
                    Impact: 3% of logins failed.\n\nRoot cause: a full disk.\n\n\
                    Action items: alert on disk use.\n";
        let safe = fixed(text, false);
        assert_eq!(safe.applied, 0);
        let settings = Settings::default();
        assert_eq!(
            unsafe_available(&safe.remaining, &settings, FixOptions::default()),
            1
        );
        let all = fixed(text, true);
        assert!(
            all.contents.contains("March 4, 2024, 10:05 UTC"),
            "{}",
            all.contents
        );
        assert_eq!(all.applied, 1);
    }

    #[test]
    fn opposite_guesses_of_two_rules_take_turns_and_settle() {
        // The window's years against the entries': year-outlier would move the window to
        // 2023 and entry-outside-window the entries to 2024, each undoing the other.
        let text = "Duration: March 3, 2024, 10:00 to March 9, 2024, 12:30 UTC\n\n\
                    Timeline:\n- March 3, 2023, 10:00 UTC: a\n- March 4, 2023, 08:00 UTC: b\n\
                    - March 4, 2023, 09:00 UTC: c\n";
        let once = fixed(text, true);
        assert!(!once.contents.contains("2023"), "{}", once.contents);
        assert_eq!(fixed(&once.contents, true).applied, 0);
    }

    #[test]
    fn overlapping_fixes_take_turns() {
        let fix = |span: Range<usize>| Fix {
            title: "a".into(),
            span,
            replacement: "x".into(),
            safety: Safety::Safe,
        };
        let (first, second, third) = (fix(0..3), fix(2..4), fix(4..5));
        let kept = disjoint(vec![&first, &second, &third]);
        assert_eq!(kept, vec![&first, &third]);
        assert_eq!(apply("abcdef", 0, &kept), "xdxf");
    }
}
