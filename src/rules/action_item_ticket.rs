use super::{Rule, RuleMeta, action_items, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::profile::Profile;

declare_rule! {
    /// ## What it does
    /// Reports an action item with no ticket: no issue key (`PLAT-212`), no `#412`, no link, and an empty Ticket, Bug or Issue column in an action-item table. Off by default; the `google-sre` and `pagerduty` profiles turn it on.
    ///
    /// ## Why is this bad?
    /// An item that lives only in the postmortem is forgotten when the document is filed. PagerDuty asks for a ticket per item; the SRE book's template has a Bug column.
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
    /// - Add an alert on the 5xx rate (owner: @sam, PLAT-212)
    /// ```
    pub struct ActionItemTicket {
        code: "PM404",
        name: "action-item-ticket",
        severity: Warning,
        enabled: false,
        summary: "An action item with no ticket",
    }
}

impl Rule for ActionItemTicket {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _profile: &Profile, out: &mut Vec<Diagnostic>) {
        action_items::report(
            doc,
            &Self::META,
            |item| !item.ticket,
            "no ticket",
            "link the issue that tracks it: a key such as `PLAT-212`, `#412`, a URL, or fill the table's Ticket or Bug column",
            out,
        );
    }
}
