use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::Genre;

declare_rule! {
    /// ## What it does
    /// Says, once, that a file is not checked as a postmortem, and no other rule runs on it:
    ///
    /// - a template: placeholders where times belong (`HH:mm`, `YYYY-MM-DD`, `DATE RANGE`) and
    ///   nothing real: no stated window and no timeline entry with a real date or clock. One
    ///   placeholder is enough when the file's name says it is a template.
    /// - a repository file: a `README`, `CONTRIBUTING`, `CHANGELOG` or the like (the list is
    ///   `repository_files` in `rules/sections.toml`) with none of a postmortem's sections. An
    ///   incident's folder that keeps its postmortem as `README.md`, with a timeline or a
    ///   summary, is checked as usual.
    ///
    /// ## Why is this bad?
    /// It is not bad: a repository of postmortems keeps these files beside them. Checked as
    /// postmortems they give a dozen findings that help nobody, so pmlint reports one info
    /// instead. List the files under `exclude` in `pmlint.toml` to silence it.
    ///
    /// ## Example
    /// ```text
    /// ## Timeline
    /// - YYYY-MM-DD HH:mm UTC: what happened
    /// ```
    pub struct NotAPostmortem {
        code: "PM203",
        name: "not-a-postmortem",
        severity: Info,
        enabled: true,
        fix: None,
        summary: "A template or README beside the postmortems, which is not checked as one",
    }
}

impl Rule for NotAPostmortem {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let help = "pmlint checks filled-in postmortems; list files that are not under `exclude` \
                    in pmlint.toml to leave them out";
        let diagnostic = match &doc.genre {
            Genre::Postmortem => return,
            Genre::Template { placeholders } => {
                let Some((first, more)) = placeholders.split_first() else {
                    return;
                };
                let mut diagnostic = Diagnostic::new(
                    &Self::META,
                    first.clone(),
                    format!(
                        "this looks like a postmortem template ({} placeholders and no real \
                         date or time), so it is not checked as a postmortem",
                        placeholders.len()
                    ),
                )
                .label("a placeholder");
                for span in more {
                    diagnostic = diagnostic.related(span.clone(), "another placeholder");
                }
                diagnostic
            }
            Genre::RepositoryFile => {
                let span = doc.lines.first().map_or(0..0, |line| line.content.clone());
                let name = doc.source.path.rsplit(['/', '\\']).next().unwrap_or("");
                Diagnostic::new(
                    &Self::META,
                    span,
                    format!(
                        "`{name}` has none of a postmortem's sections and is named as a \
                         repository file, so it is not checked as a postmortem"
                    ),
                )
                .label("not a postmortem")
            }
        };
        cx.report(diagnostic.help(help));
    }
}
