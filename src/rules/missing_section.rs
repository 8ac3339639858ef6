mod skeleton;

use super::shared::join_or;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::sections::{SECTIONS, SectionKind};
use crate::profile::SectionRequirement;

declare_rule! {
    /// ## What it does
    /// Reports a postmortem that lacks one of the sections its profile requires. The `default`
    /// profile asks for what nearly every template has: a summary or an impact statement, a
    /// timeline, a root cause and action items (resolution is often told in the timeline).
    /// `google-sre` and `atlassian` ask for the full set and more, `alx` for the four sections
    /// of its format, `minimal` only for a summary, a timeline and a root cause
    /// (`pmlint profiles`). A profile may accept any one of several kinds for one requirement:
    /// `sections = [["summary", "impact"], "timeline"]`. One report per document names every
    /// missing section.
    ///
    /// A document with no section pmlint knows at all (a status-page notice, a one-paragraph
    /// note, another team's template) gets one info that says so, not a warning that lists
    /// every section. The help names the profile mechanism, since a team's own template is the
    /// usual cause.
    ///
    /// A section is a Markdown or HTML heading (`<h2>Root cause</h2>`, or `###Prevention` with
    /// no space), a heading on the line after an HTML line, a bold line (`**Timeline:**`) or
    /// list item (`- **Impact**: ...`), a label in an inline tag (`<b>Next steps:</b>`), a label
    /// line with or without text after it (`Impact: Users could not log in`), or a title
    /// written straight above its text. Titles are matched against the synonyms in
    /// `rules/sections.toml` ("Contributing Factors" is a root cause, "Corrective and
    /// Preventative Measures" and "Follow-ups" are action items, "What happened" is a summary
    /// and a timeline), and a combined title such as "Root Cause and Resolution" counts for
    /// each part, and a numbered title (`3. Timeline`) is read without its number. Untitled
    /// paragraphs between the title and the first section are a summary.
    ///
    /// A section with nothing under its title (blank lines, an HTML comment, a `TODO`, `TBD`
    /// or a lone dash) does not meet a requirement either: it is reported at its title as
    /// empty. A picture (`<img>`) is content, and so are the paragraphs after a list-item
    /// label (`- **Impact**:` then a paragraph).
    ///
    /// The unsafe fix adds each missing section's title with a `TODO` under it, at its place
    /// in the usual order (summary, impact, timeline, root cause, resolution, action items,
    /// ...) and written as the document writes its other titles (`## 3. Timeline` gives
    /// `## Root cause`, `**Timeline:**` gives `**Root cause:**`, a label line gives
    /// `Root cause: TODO`). The `TODO` keeps the finding alive, as an empty section, until the
    /// section is written.
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
        fix: Unsafe,
        summary: "A section the profile requires (by default summary or impact, timeline, root cause, action items) is absent or empty",
    }
}

impl Rule for MissingSection {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let span = doc.lines.first().map_or(0..0, |line| line.content.clone());
        let profile_help = format!(
            "If your team's template names its sections differently, list them in a profile file \
             and use it with `--profile FILE` or `profile = \"FILE\"` in pmlint.toml (`pmlint \
             init` writes one); this check used the `{}` profile",
            cx.profile.name
        );
        // A document with no section pmlint knows follows some other template, or none: one
        // note says so, instead of a warning that lists every section.
        if !doc.sections.iter().any(|s| !s.kinds.is_empty()) {
            cx.report(
                Diagnostic::new(
                    &Self::META,
                    span,
                    "this document has none of the sections of a known postmortem template",
                )
                .at_most(Severity::Info)
                .label("no known section")
                .help(profile_help),
            );
            return;
        }
        let filled = |kind: SectionKind| {
            (kind == SectionKind::Summary && doc.lead.is_some())
                || doc
                    .sections
                    .iter()
                    .any(|s| s.kinds.contains(&kind) && !doc.is_empty_section(s))
        };
        let unmet: Vec<&SectionRequirement> = cx
            .profile
            .sections
            .iter()
            .filter(|required| !required.any_of.iter().any(|kind| filled(*kind)))
            .collect();
        // A requirement whose section is there with nothing under its title is reported at
        // that title; one with no section at all is named in the one report below.
        let (empty, missing): (Vec<_>, Vec<_>) = unmet.into_iter().partition(|required| {
            required.any_of.iter().any(|kind| doc.has_section(*kind))
        });
        for required in empty {
            let Some(section) = doc.sections.iter().find(|s| {
                s.kinds.iter().any(|kind| required.any_of.contains(kind))
            }) else {
                continue;
            };
            let title = &doc.text()[section.title.clone()];
            cx.report(
                Diagnostic::new(
                    &Self::META,
                    section.title.clone(),
                    format!("the `{title}` section is empty, so this postmortem has no {}", required.name()),
                )
                .label("nothing under this title")
                .help("write the section, or remove the title if the template's section does not apply"),
            );
        }
        if missing.is_empty() {
            return;
        }
        // "no summary or impact section" alone; "summary/impact" in a list of several.
        let names: Vec<String> = match missing.as_slice() {
            [only] => vec![only.name()],
            several => several
                .iter()
                .map(|r| r.any_of.iter().map(|k| k.name()).collect::<Vec<_>>().join("/"))
                .collect(),
        };
        let message = format!("no {} section", join_or(&names));
        let accepted = missing
            .iter()
            .flat_map(|required| required.any_of.iter())
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
        let mut diagnostic = Diagnostic::new(&Self::META, span, message)
            .label(format!("this postmortem has no {}", names.join(", ")))
            .help(format!(
                "add a heading or a `Title:` line; accepted titles include {accepted}. \
                 {profile_help}"
            ));
        let kinds: Vec<SectionKind> = missing.iter().map(|r| r.any_of[0]).collect();
        diagnostic.fixes.extend(skeleton::fix(doc, &kinds));
        cx.report(diagnostic);
    }
}

pub(super) fn title_case(title: &str) -> String {
    let mut chars = title.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}
