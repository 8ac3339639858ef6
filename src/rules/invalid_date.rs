use std::collections::HashMap;

use chrono::Datelike;

use super::{Context, Rule, shared::year_fix};
use crate::diagnostic::{Diagnostic, Safety};
use crate::document::WrittenTime;
use crate::time::grammar::{PLAUSIBLE_YEARS, PartSpan};

declare_rule! {
    /// ## What it does
    /// Reports a date that does not exist: April 31, February 29 in a year that is not a leap
    /// year, or a year with a typo such as `20202-01-16`.
    ///
    /// The postmortem's own dates are checked: a date that opens a line, a table cell or a
    /// label's value, stands in a heading, has a time of day with it, or is stated by the
    /// narrative ("On November 31, 2023, checkout slowed down": nothing but punctuation or a
    /// word such as "on", "since" or "until" before it, from `rules/phrases.toml`). A date
    /// quoted in a sentence as the subject of the incident ("the job computed February 29,
    /// 2023") or in quote marks is data, not a date of the incident, and is left alone.
    ///
    /// ## Why is this bad?
    /// A timestamp that names no real day cannot be placed on the timeline, so the entry drops
    /// out of every ordering and duration check, and readers have to guess which day was meant.
    ///
    /// ## Example
    /// ```text
    /// - April 31, 2024, 09:10 UTC: Alerts fired for the payment API.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - April 30, 2024, 09:10 UTC: Alerts fired for the payment API.
    /// ```
    pub struct InvalidDate {
        code: "PM106",
        name: "invalid-date",
        severity: Error,
        enabled: true,
        fix: Either,
        summary: "A date that does not exist (April 31, February 29, 2023)",
    }
}

impl Rule for InvalidDate {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let mut years: Option<HashMap<i32, usize>> = None;
        for written in doc.written.iter().filter(|w| w.is_timestamp() || w.narrative) {
            let Some(part) = &written.mention.date else {
                continue;
            };
            let Some(reason) = part.impossibility(None) else {
                continue;
            };
            let shown = &doc.text()[part.span.clone()];
            let mut diagnostic = Diagnostic::new(
                &Self::META,
                part.span.clone(),
                format!("`{shown}` is not a date: {reason}"),
            )
            .label("no such date");
            let years = years.get_or_insert_with(|| {
                let mut counts = HashMap::new();
                for year in doc.written.iter().filter_map(|w| Some(w.date?.year())) {
                    *counts.entry(year).or_default() += 1;
                }
                counts
            });
            if let Some(help) = help(written, years) {
                diagnostic = diagnostic.help(help);
            }
            let typo = part
                .year
                .filter(|y| !PLAUSIBLE_YEARS.contains(y))
                .and_then(|y| Some((y, year_typo(y, years)?)));
            if let Some((year, (fixed, only))) = typo {
                // One year of the document a digit away is the reading; of several, a guess.
                let safety = if only { Safety::Safe } else { Safety::Unsafe };
                let span = part.year_span.map(PartSpan::range);
                diagnostic
                    .fixes
                    .extend(year_fix(doc.text(), span, year, fixed, safety));
            }
            cx.report(diagnostic);
        }
    }
}

/// A year with a digit typed twice (`20223`) or left out (`202`): of the years the rest of the
/// document uses (with how often), the most used one digit away, and whether it is the only
/// one.
fn year_typo(year: i32, years: &HashMap<i32, usize>) -> Option<(i32, bool)> {
    let without_one = |digits: &str| -> Vec<String> {
        (0..digits.len())
            .map(|i| format!("{}{}", &digits[..i], &digits[i + 1..]))
            .collect()
    };
    let digits = year.to_string();
    let shorter = without_one(&digits);
    let near: Vec<(&i32, &usize)> = years
        .iter()
        .filter(|(y, _)| {
            let other = y.to_string();
            shorter.contains(&other) || without_one(&other).contains(&digits)
        })
        .collect();
    near.iter()
        .max_by_key(|(y, count)| (**count, std::cmp::Reverse(**y)))
        .map(|(y, _)| (**y, near.len() == 1))
}

/// `years`: how often each year is used in the document's dates, counted once.
fn help(written: &WrittenTime, years: &HashMap<i32, usize>) -> Option<String> {
    let part = written.mention.date.as_ref()?;
    let year = part.year?;
    if !PLAUSIBLE_YEARS.contains(&year) {
        let (fixed, _) = year_typo(year, years)?;
        return Some(format!(
            "did you mean {fixed}? The other dates are in {fixed}"
        ));
    }
    let last_day = (28..=31)
        .rev()
        .find(|d| chrono::NaiveDate::from_ymd_opt(year, part.month.into(), *d).is_some())?;
    Some(format!(
        "the month ends on day {last_day}: check the day, or whether the next month was meant"
    ))
}
