use super::action_items::{self, Lack};
use super::{Context, Rule};

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
        fix: None,
        summary: "An action item with no due date",
    }
}

impl Rule for ActionItemDue {
    fn check(&self, cx: &mut Context) {
        action_items::report(
            cx,
            &Self::META,
            &Lack {
                missing: |item| !item.due,
                what: "no due date",
                help: "add a date (`due 2024-07-01`), a deadline (`by the end of Q3`), or fill the table's Due column",
            },
        );
    }
}
