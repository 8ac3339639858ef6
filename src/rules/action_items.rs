//! What the owner, ticket and due-date rules share: one report per open item that lacks
//! what the rule looks for.

use super::shared::quote;
use super::{Context, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::document::ActionItem;

/// What one of the owner, ticket and due-date rules looks for, and what it says.
pub struct Lack {
    /// The item lacks it.
    pub missing: fn(&ActionItem) -> bool,
    /// "no owner": the message's end and the label.
    pub what: &'static str,
    pub help: &'static str,
}

/// Reports every item that is not done and lacks what `lack` looks for.
pub fn report(cx: &mut Context, meta: &'static RuleMeta, lack: &Lack) {
    let doc = cx.doc;
    let Lack {
        missing,
        what,
        help,
    } = lack;
    for item in doc.action_items().iter().filter(|i| !i.done && missing(i)) {
        cx.report(
            Diagnostic::new(
                meta,
                item.title.clone(),
                format!(
                    "action item `{}` has {what}",
                    quote(&doc.text()[item.title.clone()])
                ),
            )
            .label(what.to_string())
            .help(help.to_string()),
        );
    }
}
