use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a document that gives times of day in its timeline or its stated window but no
    /// time zone anywhere: not next to a time, not in a heading such as `## Timeline (UTC)`, not
    /// in a line such as "All times in UTC".
    ///
    /// ## Why is this bad?
    /// "10:30" means a different moment in every office that reads it. Without a zone the
    /// timeline cannot be matched with logs, alerts or other teams' timelines.
    ///
    /// ## Example
    /// ```text
    /// ## Timeline
    /// - 10:30: Alerts fired.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// ## Timeline (UTC)
    /// - 10:30: Alerts fired.
    /// ```
    pub struct MissingTimezone {
        code: "PM113",
        name: "missing-timezone",
        severity: Warning,
        enabled: true,
        fix: None,
        summary: "Times of day given, but no time zone anywhere",
    }
}

impl Rule for MissingTimezone {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        if !doc.zones.is_empty() {
            return;
        }
        let window_stamps = doc
            .windows
            .iter()
            .flat_map(|w| [w.start.as_ref(), w.end.as_ref()])
            .flatten();
        let entry_stamps = doc.entries.iter().map(|e| &e.stamp);
        let stamps = window_stamps.chain(entry_stamps);
        // Front matter is not scanned for zones, but its times carry theirs (`...T02:33:00Z`).
        if stamps.clone().any(|s| s.zone.is_some()) {
            return;
        }
        let first = stamps
            .filter(|s| s.time.is_some())
            .min_by_key(|s| s.span.start);
        let Some(first) = first else { return };
        cx.report(
            Diagnostic::new(
                &Self::META,
                first.span.clone(),
                format!(
                    "times are given (the first is {}) but no time zone is written anywhere",
                    doc.text()[first.span.clone()].trim()
                ),
            )
            .label("in which zone?")
            .help("name the zone once, in the timeline heading (`## Timeline (UTC)`) or a line such as `All times in UTC`"),
        );
    }
}
