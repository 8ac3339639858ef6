//! What the four action-item rules share: one report per open item that lacks something.

use super::RuleMeta;
use crate::diagnostic::Diagnostic;
use crate::document::{ActionItem, Document};

/// How much of an item's text a message quotes.
const QUOTE_CHARS: usize = 60;

/// Reports every item that is not done and lacks what `missing` looks for.
pub fn report(
    doc: &Document,
    meta: &'static RuleMeta,
    missing: impl Fn(&ActionItem) -> bool,
    what: &str,
    help: &str,
    out: &mut Vec<Diagnostic>,
) {
    for item in doc.action_items.iter().filter(|i| !i.done && missing(i)) {
        out.push(
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
