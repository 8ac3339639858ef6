use std::ops::Range;

use super::shared::{joined_fix, relate_repeats};
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Safety, Severity};
use crate::time::grammar::{ClockPart, ClockProblem, Meridiem};

declare_rule! {
    /// ## What it does
    /// Reports a clock time that cannot be: an hour past 23 (`25:10`), an afternoon hour with
    /// AM (`23:00 AM`), hour 0 with PM (`00:10 PM`), or a colon with no minutes (`3:AM`).
    ///
    /// A 24-hour time with a PM that agrees with it (`13:55 PM`) is only a style slip: it is
    /// reported once per document as a warning, with the other occurrences as related spans
    /// and one fix that drops every such PM.
    ///
    /// `24:00` as the end of a day is accepted, and so is `00:10 AM`, which can only mean ten
    /// past midnight. Partly unknown times such as `14:??` are not clocks and are not reported.
    ///
    /// ## Why is this bad?
    /// `23:00 AM` could be 23:00 or 11:00 AM; the reader cannot tell, and the entry drops out
    /// of ordering and duration checks. `13:55 PM` is clear but untidy.
    ///
    /// ## Example
    /// ```text
    /// - 23:55 AM PST: Rollback completed.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - 11:55 PM PST: Rollback completed.
    /// ```
    pub struct InvalidTime {
        code: "PM107",
        name: "invalid-time",
        severity: Error,
        enabled: true,
        fix: Safe,
        summary: "A clock time that cannot be (25:10, 23:00 AM, 3:AM); a redundant PM (13:55 PM) is a warning",
    }
}

impl Rule for InvalidTime {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let mut redundant: Vec<&ClockPart> = Vec::new();
        for clock in doc.written.iter().filter_map(|w| w.mention.clock.as_ref()) {
            let Some(problem) = clock.problem() else {
                continue;
            };
            if is_redundant_pm(clock, problem) {
                redundant.push(clock);
                continue;
            }
            let shown = shown(doc.text(), clock);
            let (message, help) = explain(shown, clock, problem);
            cx.report(
                Diagnostic::new(&Self::META, clock.span.clone(), message)
                    .label("not a time of day")
                    .help(help),
            );
        }
        if let Some(diagnostic) = redundant_pm(doc.text(), &redundant) {
            cx.report(diagnostic);
        }
    }
}

/// `13:55 PM`: the clock is 24-hour and the PM agrees with it. A style slip, not a
/// contradiction; `23:00 AM` and `00:10 PM` contradict themselves.
fn is_redundant_pm(clock: &ClockPart, problem: ClockProblem) -> bool {
    problem == ClockProblem::MeridiemOn24Hour && clock.hour > 12 && clock.meridiem == Some(Meridiem::Pm)
}

fn shown<'t>(text: &'t str, clock: &ClockPart) -> &'t str {
    text[clock.span.clone()].trim_start_matches('~').trim()
}

/// One warning for every redundant PM in the document, at the first, with the others as
/// related spans and one fix that drops them all.
fn redundant_pm(text: &str, clocks: &[&ClockPart]) -> Option<Diagnostic> {
    let (first, rest) = clocks.split_first()?;
    let first_shown = shown(text, first);
    let mut message = format!("`{first_shown}` writes a 24-hour time with a PM it does not need");
    if !rest.is_empty() {
        message.push_str(&format!(" ({} times in this document)", clocks.len()));
    }
    let drops: Vec<Range<usize>> = clocks.iter().filter_map(|c| meridiem_span(text, c)).collect();
    let diagnostic = Diagnostic::new(&InvalidTime::META, first.span.clone(), message)
        .at_most(Severity::Warning)
        .label("24-hour time with PM")
        .help(format!(
            "drop the PM: {} is already a 24-hour time (or write {}:{:02} PM)",
            first_shown.trim_end_matches(|c: char| !c.is_ascii_digit()),
            first.hour - 12,
            first.minute
        ));
    let mut diagnostic = relate_repeats(diagnostic, rest.iter().map(|c| c.span.clone()), "also with PM");
    let title = match drops.as_slice() {
        [only] => format!("Remove `{}`", text[only.clone()].trim()),
        several => format!("Remove the redundant PM from {} times", several.len()),
    };
    let edits: Vec<(Range<usize>, &str)> = drops.into_iter().map(|drop| (drop, "")).collect();
    diagnostic
        .fixes
        .extend(joined_fix(text, &edits, title, Safety::Safe));
    Some(diagnostic)
}

/// Where the AM/PM after a clock's last digit is written, with the space before it.
fn meridiem_span(text: &str, clock: &ClockPart) -> Option<Range<usize>> {
    let written = &text[clock.span.clone()];
    let digits_end = written.rfind(|c: char| c.is_ascii_digit())? + 1;
    (!written[digits_end..].trim().is_empty())
        .then(|| clock.span.start + digits_end..clock.span.end)
}

fn explain(shown: &str, clock: &ClockPart, problem: ClockProblem) -> (String, String) {
    let (hour, minute) = (clock.hour, clock.minute);
    match problem {
        ClockProblem::HourPastDay => (
            format!("`{shown}` is not a time of day: hours run from 00 to 23"),
            "check the hour; a time after midnight belongs to the next day".to_string(),
        ),
        ClockProblem::MissingMinutes => {
            let meridiem = if clock.meridiem == Some(Meridiem::Pm) {
                "PM"
            } else {
                "AM"
            };
            (
                format!("`{shown}` has a colon but no minutes"),
                format!("write {hour}:00 {meridiem}, or the minutes that were meant"),
            )
        }
        ClockProblem::MeridiemOn24Hour if hour > 12 => (
            format!("`{shown}` writes an hour past noon with AM"),
            format!(
                "write {hour:02}:{minute:02} or {}:{minute:02} AM",
                hour - 12
            ),
        ),
        ClockProblem::MeridiemOn24Hour => (
            format!("`{shown}` writes hour 0 with PM"),
            format!("write 00:{minute:02} (12:{minute:02} AM) or 12:{minute:02} PM"),
        ),
    }
}
