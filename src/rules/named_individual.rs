use std::collections::HashMap;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Related};

/// Further mentions of one name are left out of its report.
const MAX_RELATED: usize = 10;

declare_rule! {
    /// ## What it does
    /// Reports a person's name in the narrative: "the on-call engineer, John", "a call with
    /// Peter Taylor", "John restarted the pod". One report per name, at its first mention,
    /// with the others as related spans.
    ///
    /// Names are expected, and never reported, in author, owner, attendee and reviewer fields
    /// (`Authors: ...`, an `## Attendees` section, a table's `Owner` or `Who` column), in
    /// action items (whose owners are named on purpose), and as `@handles`. Names are
    /// recognised from a list of given names in `rules/writing.toml` and from a job title
    /// followed by a name ("engineer, Marcus,").
    ///
    /// ## Why is this bad?
    /// Blameless postmortems refer to roles ("the on-call engineer") so that readers look at
    /// the system rather than at the person, and so that the document can be shared widely.
    /// This is information, not an error: some teams name people on purpose.
    ///
    /// ## Example
    /// ```text
    /// - 09:40: Investigation started by the on-call engineer, John.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - 09:40: Investigation started by the on-call engineer.
    /// ```
    pub struct NamedIndividual {
        code: "PM402",
        name: "named-individual",
        severity: Info,
        enabled: true,
        summary: "A person's name in the narrative rather than a role",
    }
}

impl Rule for NamedIndividual {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let text = doc.text();
        let mut found: Vec<Diagnostic> = Vec::new();
        let mut first: HashMap<&str, usize> = HashMap::new();
        for mention in &doc.writing().mentions {
            let name = &text[mention.name.clone()];
            match first.get(name) {
                Some(&at) => {
                    if found[at].related.len() < MAX_RELATED {
                        found[at].related.push(Related {
                            span: mention.name.clone(),
                            message: "named again".into(),
                        });
                    }
                }
                None => {
                    first.insert(name, found.len());
                    let phrase = &text[mention.phrase.clone()];
                    found.push(
                        Diagnostic::new(
                            &Self::META,
                            mention.phrase.clone(),
                            format!("`{phrase}` names a person in the narrative"),
                        )
                        .label("a person's name")
                        .help("refer to the role (\"the on-call engineer\") and keep names to the owner and attendee fields"),
                    );
                }
            }
        }
        cx.report_all(found);
    }
}
