use super::{Rule, RuleMeta, action_items, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::profile::Profile;

declare_rule! {
    /// ## What it does
    /// Reports an open action item with no due date: no date in it, no deadline (`by the end of Q3`, `next sprint`, `within two weeks`) and an empty Due or Deadline column. Items marked done (`[x]`, `(done)`, a Status column saying done, a section titled "completed") are skipped, as by every action-item rule. Off by default; the `google-sre` and `pagerduty` profiles turn it on.
    ///
    /// ## Why is this bad?
    /// Items without a date slip behind new work; Atlassian gives priority actions a service-level objective of four or eight weeks.
    ///
    /// ## Example
    /// ```markdown
    /// ## Action items
    /// - Add an alert on the 5xx rate (owner: @sam)
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ## Action items
    /// - Add an alert on the 5xx rate (owner: @sam, due 2024-07-01)
    /// ```
    pub struct ActionItemDue {
        code: "PM405",
        name: "action-item-due",
        severity: Warning,
        enabled: false,
        summary: "An action item with no due date",
    }
}

impl Rule for ActionItemDue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _profile: &Profile, out: &mut Vec<Diagnostic>) {
        action_items::report(
            doc,
            &Self::META,
            |item| !item.due,
            "no due date",
            "add a date (`due 2024-07-01`), a deadline (`by the end of Q3`), or fill the table's Due column",
            out,
        );
    }
}
