use super::shared::{first_and_repeats, relate_repeats};
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
        fix: None,
        summary: "Template text left where a time belongs (HH:mm, DATE RANGE, TBD)",
    }
}

impl Rule for Placeholder {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let uses = doc
            .placeholders
            .iter()
            .map(|p| (&doc.text()[p.span.clone()], p.span.clone()));
        for (first, repeats) in first_and_repeats(uses) {
            let text = &doc.text()[first.clone()];
            let more = match repeats.len() {
                0 => String::new(),
                1 => " (and once more)".to_string(),
                n => format!(" (and {n} more times)"),
            };
            let diagnostic = Diagnostic::new(
                &Self::META,
                first,
                format!("template placeholder `{text}` left where a time belongs{more}"),
            )
            .label("placeholder")
            .help("fill in the time; for a time only partly known, write what is known, such as `14:??`");
            cx.report(relate_repeats(diagnostic, repeats, "also here"));
        }
    }
}
