use super::shared::join_or;
use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::sections::{SECTIONS, SectionKind};

declare_rule! {
    /// ## What it does
    /// Reports a postmortem that lacks one of the sections its profile requires: under the
    /// `default` profile summary, impact, timeline, root cause, resolution and action items;
    /// `google-sre` adds detection and lessons learned, `alx` asks for the four sections of its
    /// format, `minimal` only for a summary, a timeline and a root cause (`pmlint profiles`).
    /// One report per document names every missing section.
    ///
    /// A section is a Markdown heading, a bold line (`**Timeline:**`), or a label line with or
    /// without text after it (`Impact: Users could not log in`). Titles are matched against the
    /// synonyms in `rules/sections.toml` ("Contributing Factors" is a root cause, "Corrective and
    /// Preventative Measures" and "Follow-ups" are action items), and a combined title such as
    /// "Root Cause and Resolution" counts for each part.
    ///
    /// ## Why is this bad?
    /// Reviewers and later readers look for these sections first. A postmortem without an impact
    /// statement or a root cause leaves the questions a review exists to answer open.
    ///
    /// ## Example
    /// ```markdown
    /// # Checkout errors
    /// ## Summary
    /// ## Timeline
    /// ## Action items
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// # Checkout errors
    /// ## Summary
    /// ## Impact
    /// ## Timeline
    /// ## Root cause and resolution
    /// ## Action items
    /// ```
    pub struct MissingSection {
        code: "PM201",
        name: "missing-section",
        severity: Warning,
        enabled: true,
        summary: "A section the profile requires (by default summary, impact, timeline, root cause, resolution, action items) is absent",
    }
}

impl Rule for MissingSection {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let profile = cx.profile;
        let missing: Vec<SectionKind> = profile
            .sections
            .iter()
            .copied()
            .filter(|kind| !doc.has_section(*kind))
            .collect();
        if missing.is_empty() {
            return;
        }
        let names: Vec<&str> = missing.iter().map(|k| k.name()).collect();
        let message = format!("no {} section", join_or(&names));
        let help = missing
            .iter()
            .map(|kind| {
                let titles: Vec<String> = SECTIONS
                    .examples(*kind)
                    .iter()
                    .map(|t| format!("\"{}\"", title_case(t)))
                    .collect();
                format!("{kind}: {}", titles.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let span = doc.lines.first().map_or(0..0, |line| line.content.clone());
        cx.report(
            Diagnostic::new(&Self::META, span, message)
                .label(format!("this postmortem has no {}", names.join(", ")))
                .help(format!(
                    "add a heading or a `Title:` line; accepted titles include {help}"
                )),
        );
    }
}

fn title_case(title: &str) -> String {
    let mut chars = title.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}
