use super::shared::{first_and_repeats, relate_repeats};
use super::{Context, Rule};
use crate::diagnostic::Diagnostic;

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
        fix: None,
        summary: "A person's name in the narrative rather than a role",
    }
}

impl Rule for NamedIndividual {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let text = doc.text();
        let mentions = doc
            .writing()
            .mentions
            .iter()
            .map(|mention| (&text[mention.name.clone()], mention));
        for (first, repeats) in first_and_repeats(mentions) {
            let phrase = &text[first.phrase.clone()];
            let diagnostic = Diagnostic::new(
                &Self::META,
                first.phrase.clone(),
                format!("`{phrase}` names a person in the narrative"),
            )
            .label("a person's name")
            .help("refer to the role (\"the on-call engineer\") and keep names to the owner and attendee fields");
            let named_again = repeats.iter().map(|mention| mention.name.clone());
            cx.report(relate_repeats(diagnostic, named_again, "named again"));
        }
    }
}
