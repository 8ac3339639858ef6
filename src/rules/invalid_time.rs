use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix};
use crate::time::grammar::{ClockPart, ClockProblem, Meridiem};

declare_rule! {
    /// ## What it does
    /// Reports a clock time that cannot be: an hour past 23 (`25:10`), a 24-hour time with
    /// AM or PM (`13:55 PM`, `23:00 AM`), or a colon with no minutes (`3:AM`).
    ///
    /// `24:00` as the end of a day is accepted, and so is `00:10 AM`, which can only mean ten
    /// past midnight. Partly unknown times such as `14:??` are not clocks and are not reported.
    ///
    /// ## Why is this bad?
    /// `13:55 PM` could be 13:55 or a mistyped 1:55 PM, or 11:55 PM; the reader cannot tell, and
    /// the entry drops out of ordering and duration checks.
    ///
    /// ## Example
    /// ```text
    /// - 13:55 PM PST: Rollback completed.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - 1:55 PM PST: Rollback completed.
    /// ```
    pub struct InvalidTime {
        code: "PM107",
        name: "invalid-time",
        severity: Error,
        enabled: true,
        summary: "A clock time that cannot be (25:10, 13:55 PM, 3:AM)",
    }
}

impl Rule for InvalidTime {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for clock in doc.written.iter().filter_map(|w| w.mention.clock.as_ref()) {
            let Some(problem) = clock.problem() else {
                continue;
            };
            let shown = doc.text()[clock.span.clone()]
                .trim_start_matches('~')
                .trim();
            let (message, help) = explain(shown, clock, problem);
            let mut diagnostic = Diagnostic::new(&Self::META, clock.span.clone(), message)
                .label("not a time of day")
                .help(help);
            if problem == ClockProblem::MeridiemOn24Hour && clock.hour > 12 {
                diagnostic.fixes.extend(drop_meridiem(doc.text(), clock));
            }
            cx.report(diagnostic);
        }
    }
}

/// `13:55 PM` is already a 24-hour time: the fix deletes what follows the last digit.
fn drop_meridiem(text: &str, clock: &ClockPart) -> Option<Fix> {
    let written = &text[clock.span.clone()];
    let digits_end = written.rfind(|c: char| c.is_ascii_digit())? + 1;
    let meridiem = written[digits_end..].trim();
    (!meridiem.is_empty()).then(|| Fix {
        title: format!(
            "Remove `{meridiem}`: {} is a 24-hour time",
            &written[..digits_end].trim_start_matches('~').trim()
        ),
        span: clock.span.start + digits_end..clock.span.end,
        replacement: String::new(),
    })
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
            format!("`{shown}` writes a 24-hour time with AM/PM"),
            format!(
                "write {hour:02}:{minute:02} or {}:{minute:02} PM",
                hour - 12
            ),
        ),
        ClockProblem::MeridiemOn24Hour => (
            format!("`{shown}` writes hour 0 with PM"),
            format!("write 00:{minute:02} (12:{minute:02} AM) or 12:{minute:02} PM"),
        ),
    }
}
