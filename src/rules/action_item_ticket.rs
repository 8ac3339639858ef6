use super::action_items::{self, Lack};
use super::{Context, Rule};

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
        fix: None,
        summary: "An action item with no ticket",
    }
}

impl Rule for ActionItemTicket {
    fn check(&self, cx: &mut Context) {
        action_items::report(
            cx,
            &Self::META,
            &Lack {
                missing: |item| !item.ticket,
                what: "no ticket",
                help: "link the issue that tracks it: a key such as `PLAT-212`, `#412`, a URL, or fill the table's Ticket or Bug column",
            },
        );
    }
}
