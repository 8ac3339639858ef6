use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a postmortem that does not state its outage window with a start, an end and a
    /// time zone: a `Duration: May 10, 14:00 - May 11, 03:00 UTC` line, `Start:` and `End:`
    /// lines, or a start and a stated length. Off by default; the `alx` profile turns it on,
    /// since that format asks for "the duration of the outage with start and end times
    /// (including timezone)".
    ///
    /// ## Why is this bad?
    /// Without the window readers cannot tell how long users were affected, and the timeline
    /// cannot be checked against it.
    ///
    /// ## Example
    /// ```text
    /// Issue Summary:
    /// The checkout service was down for some time on Tuesday.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Issue Summary:
    /// Duration: 2024-03-05 14:00 to 15:10 UTC
    /// ```
    pub struct MissingWindow {
        code: "PM202",
        name: "missing-window",
        severity: Warning,
        enabled: false,
        fix: None,
        summary: "No stated outage window with a start, an end and a time zone",
    }
}

impl Rule for MissingWindow {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let complete = doc.windows.iter().any(|w| {
            let bounds = &w.bounds;
            let zoned = [&bounds.start, &bounds.end]
                .iter()
                .any(|s| s.as_ref().is_some_and(|s| s.zone.is_some()));
            bounds.start.is_some() && bounds.end.is_some() && zoned
        });
        if complete {
            return;
        }
        let (message, span, help) = match doc.windows.first() {
            Some(window) => (
                "the stated window lacks a start, an end or a time zone",
                window.span.clone(),
                "give both ends with a zone, e.g. `Duration: 2024-03-05 14:00 to 15:10 UTC`",
            ),
            None => (
                "the postmortem states no outage window",
                doc.lines.first().map_or(0..0, |l| l.content.clone()),
                "add a line such as `Duration: 2024-03-05 14:00 to 15:10 UTC` to the summary",
            ),
        };
        cx.report(
            Diagnostic::new(&Self::META, span, message)
                .label("no complete window")
                .help(help),
        );
    }
}
