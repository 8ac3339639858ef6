use super::{Rule, RuleMeta, action_items, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::profile::Profile;

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
        summary: "An action item with no owner",
    }
}

impl Rule for ActionItemOwner {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _profile: &Profile, out: &mut Vec<Diagnostic>) {
        action_items::report(
            doc,
            &Self::META,
            |item| !item.owner,
            "no owner",
            "name an owner: a person or a team (`Owner: @sam`, `(platform team)`), or fill the table's Owner column",
            out,
        );
    }
}
