use std::collections::BTreeMap;

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports template text left where a time or date belongs: `DATE RANGE`, `HH:mm`,
    /// `YYYY-MM-DD`, `??:??`, and `TBD`, `TBA` or `TODO` as a window's start or end or as a
    /// timeline entry's time. One report per placeholder, pointing at its first use and listing
    /// the others.
    ///
    /// A partly known time such as `14:??` or `12:26-12:??` says what is known and is not
    /// reported; the ordering and duration checks skip it. The patterns live in
    /// `rules/phrases.toml` under `[placeholders]`.
    ///
    /// ## Why is this bad?
    /// A template field left in means the time was never filled in, and every metric derived
    /// from the timeline silently leaves that entry out.
    ///
    /// ## Example
    /// ```text
    /// | 2024-03-13 HH:mm | Short event description. |
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// | 2024-03-13 14:20 | Node group scaled out. |
    /// ```
    pub struct Placeholder {
        code: "PM115",
        name: "placeholder",
        severity: Warning,
        enabled: true,
        summary: "Template text left where a time belongs (HH:mm, DATE RANGE, TBD)",
    }
}

/// Further uses shown as related spans; the message counts them all.
const MAX_RELATED: usize = 10;

impl Rule for Placeholder {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let mut by_text: BTreeMap<&str, Vec<std::ops::Range<usize>>> = BTreeMap::new();
        for placeholder in &doc.placeholders {
            by_text
                .entry(&doc.text()[placeholder.span.clone()])
                .or_default()
                .push(placeholder.span.clone());
        }
        let mut found: Vec<Diagnostic> = by_text
            .into_iter()
            .map(|(text, spans)| {
                let more = match spans.len() - 1 {
                    0 => String::new(),
                    1 => " (and once more)".to_string(),
                    n => format!(" (and {n} more times)"),
                };
                let mut diagnostic = Diagnostic::new(
                    &Self::META,
                    spans[0].clone(),
                    format!("template placeholder `{text}` left where a time belongs{more}"),
                )
                .label("placeholder")
                .help("fill in the time; for a time only partly known, write what is known, such as `14:??`");
                for span in spans.iter().skip(1).take(MAX_RELATED) {
                    diagnostic = diagnostic.related(span.clone(), "also here");
                }
                diagnostic
            })
            .collect();
        found.sort_by_key(|d| d.span.start);
        cx.report_all(found);
    }
}
