use super::shared::quote;
use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an open action item that starts with a vague verb ("Investigate", "Look into",
    /// "Consider", "Review", "Improve") and has no bound: no outcome ("and decide whether",
    /// "so that") and no threshold ("to under 5 minutes"). A due date is not a bound: it says
    /// when, not what done looks like. The verbs are in
    /// `rules/writing.toml`. Off by default; the `google-sre` and `pagerduty` profiles turn it
    /// on.
    ///
    /// ## Why is this bad?
    /// Action items should be actionable, specific and bounded (Lunney, Lueder and Beyer,
    /// ;login: 2017). "Investigate monitoring for this scenario" is their example of an item
    /// that can never be closed, because nothing says when it is done.
    ///
    /// ## Example
    /// ```markdown
    /// ## Action items
    /// - Investigate monitoring for this scenario
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ## Action items
    /// - Add an alert when more than 1% of checkout requests fail for 5 minutes
    /// ```
    pub struct ActionItemVague {
        code: "PM406",
        name: "action-item-vague",
        severity: Warning,
        enabled: false,
        fix: None,
        summary: "An action item that opens with a vague verb and says nothing of its outcome",
    }
}

impl Rule for ActionItemVague {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let text = doc.text();
        for item in doc.action_items().iter().filter(|i| !i.done && !i.bounded) {
            let Some(verb) = &item.vague_verb else {
                continue;
            };
            let verb_text = &text[verb.clone()];
            cx.report(
                Diagnostic::new(
                    &Self::META,
                    item.title.clone(),
                    format!(
                        "action item `{}` opens with `{verb_text}` and does not say what done looks like",
                        quote(&text[item.title.clone()])
                    ),
                )
                .label("no outcome")
                .help("name the change to make (\"Add an alert when ...\"), or bound it: \"... and decide by 2024-07-01 whether to ...\""),
            );
        }
    }
}
