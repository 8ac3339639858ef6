use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::BlameKind;

declare_rule! {
    /// ## What it does
    /// Reports wording that makes a person, or a person's mistake, the cause of the incident:
    ///
    /// - a person's mistake: "caused by Priya's mistake", "his error", "a mistake by the
    ///   engineer";
    /// - a person who failed: "engineer Marcus failed to follow the runbook", "the developer
    ///   ignored the warning";
    /// - "human error" or "operator error" given as the cause ("was due to human error", or a
    ///   root-cause item that opens with it), not "automate it to remove room for human
    ///   error";
    /// - judgements of people: "careless", "negligent", "reckless", "sloppy";
    /// - second-guessing a person: "the engineer should have checked". "We should have" and
    ///   "the alert should have fired" are not reported;
    /// - a person named as the cause: "the incident was caused by Sarah", "the outage happened
    ///   because Tom pushed an untested config". A sentence about finding or fixing the
    ///   incident ("this was noticed because Tim looked at the dashboard") credits the person
    ///   and is not reported.
    ///
    /// The phrase lists are in `rules/writing.toml`.
    ///
    /// ## Why is this bad?
    /// Blameless postmortems look for the conditions that let a mistake through, because
    /// people who expect blame stop reporting what they saw. Google's SRE book, PagerDuty
    /// ("an individual's action should never be considered a root cause") and Atlassian all
    /// ask for it, and "human error" ends the analysis where it should begin.
    ///
    /// ## Example
    /// ```text
    /// Root cause: human error. Engineer Marcus failed to follow the runbook.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Root cause: the runbook's restore step ran against production because both
    /// environments share one credentials file.
    /// ```
    pub struct BlameLanguage {
        code: "PM401",
        name: "blame-language",
        severity: Warning,
        enabled: true,
        fix: None,
        summary: "A person or a person's mistake named as the cause",
    }
}

impl Rule for BlameLanguage {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for phrase in &doc.writing().blame {
            let said = &doc.text()[phrase.span.clone()];
            let (message, label, help) = match phrase.kind {
                BlameKind::PersonsFault => (
                    format!("`{said}` names a person's mistake as the cause"),
                    "blames a person",
                    "describe what made the mistake possible and what let it through, not who made it",
                ),
                BlameKind::Failing => (
                    format!("`{said}` puts the failure on a person"),
                    "blames a person",
                    "describe the step as it happened and why the system allowed it (\"the runbook step was easy to skip\")",
                ),
                BlameKind::HumanCause => (
                    format!("`{said}` is given as the cause"),
                    "ends the analysis at a person",
                    "name the conditions behind the error: the missing check, the confusing interface, the time pressure",
                ),
                BlameKind::Judgement => (
                    format!("`{said}` judges a person"),
                    "judging word",
                    "state what happened without judging the people involved",
                ),
                BlameKind::NamedCause => (
                    format!("`{said}` names a person as the cause"),
                    "blames a person",
                    "name the process or the role instead (\"a migration ran without a backup step\"), and what let it happen",
                ),
                BlameKind::Counterfactual => (
                    format!("`{said}` second-guesses a person"),
                    "hindsight",
                    "say what the person knew at the time and what would have helped them",
                ),
            };
            cx.report(
                Diagnostic::new(&Self::META, phrase.span.clone(), message)
                    .label(label)
                    .help(help),
            );
        }
    }
}
