//! What the four action-item rules share: one report per open item that lacks something.

use super::{Context, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::document::ActionItem;

/// How much of an item's text a message quotes.
const QUOTE_CHARS: usize = 60;

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

/// The item's text, cut at a word boundary if it is long.
pub fn quote(said: &str) -> String {
    let said = said.replace("**", "").replace("__", "");
    let said = said.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    if said.chars().count() <= QUOTE_CHARS {
        return said.to_string();
    }
    let cut: String = said.chars().take(QUOTE_CHARS).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{cut}...")
}
