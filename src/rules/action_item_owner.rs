use super::action_items::{self, Lack};
use super::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an action item with no owner: no `Owner:` label, no `@handle`, no person or team named in it, and an empty Owner, Who or Assignee column in an action-item table. Off by default; the `google-sre` and `pagerduty` profiles turn it on.
    ///
    /// ## Why is this bad?
    /// Without an owner an action item belongs to no one and is rarely done. The SRE Workbook lists missing ownership among the marks of a bad postmortem.
    ///
    /// ## Example
    /// ```markdown
    /// ## Action items
    /// - Add an alert on the 5xx rate
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ## Action items
    /// - Add an alert on the 5xx rate (owner: @sam, PLAT-212, due 2024-07-01)
    /// ```
    pub struct ActionItemOwner {
        code: "PM403",
        name: "action-item-owner",
        severity: Warning,
        enabled: false,
        fix: None,
        summary: "An action item with no owner",
    }
}

impl Rule for ActionItemOwner {
    fn check(&self, cx: &mut Context) {
        action_items::report(
            cx,
            &Self::META,
            &Lack {
                missing: |item| !item.owner,
                what: "no owner",
                help: "name an owner: a person or a team (`Owner: @sam`, `(platform team)`), or fill the table's Owner column",
            },
        );
    }
}
