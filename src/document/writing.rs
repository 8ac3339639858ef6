//! The phrase lists of `rules/writing.toml`, compiled once: names, blame wording and the parts
//! of an action item.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex_automata::meta::Regex as PhraseRegex;
use serde::Deserialize;

use super::phrases::alternation;
use super::sections::normalize;
use crate::pattern;

const WRITING_TOML: &str = include_str!("../../rules/writing.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WritingFile {
    people: PeopleFile,
    blame: BlameFile,
    #[serde(rename = "action-items")]
    action_items: ActionItemsFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PeopleFile {
    given_names: Vec<String>,
    roles: Vec<String>,
    name_fields: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BlameFile {
    faults: Vec<String>,
    failings: Vec<String>,
    causes: Vec<String>,
    causal: Vec<String>,
    named_cause: Vec<String>,
    named_cause_credit: Vec<String>,
    judgements: Vec<String>,
    counterfactuals: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ActionItemsFile {
    owner_fields: Vec<String>,
    ticket_fields: Vec<String>,
    due_fields: Vec<String>,
    status_fields: Vec<String>,
    done: Vec<String>,
    tickets: Vec<String>,
    deadlines: Vec<String>,
    vague_verbs: Vec<String>,
    bounds: Vec<String>,
}

/// Which part of an action item a table column or an item label holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemField {
    Owner,
    Ticket,
    Due,
    Status,
}

pub struct Writing {
    given_names: HashSet<String>,
    /// Few enough to compare one by one, which is cheaper than hashing every word.
    roles: Vec<String>,
    name_fields: HashSet<String>,
    pub fault: PhraseRegex,
    pub failing: PhraseRegex,
    pub cause: PhraseRegex,
    /// Causal wording that ends right before a cause.
    pub causal_before: PhraseRegex,
    /// Wording that ends right before a name and makes the person the cause.
    pub named_cause_before: PhraseRegex,
    /// Words that make such a sentence credit the person instead ("noticed because Tim ...").
    pub named_cause_credit: PhraseRegex,
    pub judgement: PhraseRegex,
    pub counterfactual: PhraseRegex,
    item_fields: Vec<(HashSet<String>, ItemField)>,
    pub done: PhraseRegex,
    pub ticket: PhraseRegex,
    pub deadline: PhraseRegex,
    pub vague_verb: PhraseRegex,
    pub bound: PhraseRegex,
}

pub static WRITING: LazyLock<Writing> = LazyLock::new(|| {
    let file: WritingFile =
        toml::from_str(WRITING_TOML).expect("rules/writing.toml is checked by the test suite");
    let set = |items: &[String]| items.iter().map(|i| normalize(i)).collect::<HashSet<_>>();
    let a = &file.action_items;
    Writing {
        // Names are looked up as written: "John" is a name, "john" a word.
        // `Jun 27` and `| Mon |` are dates: a given name that is also a month or a weekday
        // (`Jun`, `May`) is never read as a person, whatever the list says.
        given_names: file
            .people
            .given_names
            .iter()
            .filter(|name| !is_calendar_word(name))
            .cloned()
            .collect(),
        roles: file.people.roles.clone(),
        name_fields: set(&file.people.name_fields),
        fault: words(Search::WholeText, &file.blame.faults),
        failing: words(Search::WholeText, &file.blame.failings),
        cause: words(Search::WholeText, &file.blame.causes),
        causal_before: pattern::piece(&format!(
            r"(?i)(?:(?-u:\b)(?:{})|:)[ \t]*(?:(?:simply|just|purely|a|an)[ \t]+)*$",
            alternation(&file.blame.causal)
        )),
        named_cause_before: pattern::piece(&format!(
            r"(?i)(?-u:\b)(?:{})[ \t]*$",
            alternation(&file.blame.named_cause)
        )),
        named_cause_credit: words(Search::Piece, &file.blame.named_cause_credit),
        judgement: words(Search::WholeText, &file.blame.judgements),
        counterfactual: words(Search::WholeText, &file.blame.counterfactuals),
        item_fields: vec![
            (set(&a.owner_fields), ItemField::Owner),
            (set(&a.ticket_fields), ItemField::Ticket),
            (set(&a.due_fields), ItemField::Due),
            (set(&a.status_fields), ItemField::Status),
        ],
        done: words(Search::Piece, &a.done),
        ticket: pattern::piece(&format!(r"(?:^|\W)(?:{})", alternation(&a.tickets))),
        deadline: words(Search::Piece, &a.deadlines),
        vague_verb: pattern::piece(&format!(
            r"(?i)^(?:{})(?-u:\b)",
            alternation(&a.vague_verbs)
        )),
        bound: words(Search::Piece, &a.bounds),
    }
});

impl Writing {
    /// A given name from the list, as written ("John", not "john").
    pub fn is_given_name(&self, word: &str) -> bool {
        word.starts_with(char::is_uppercase) && self.given_names.contains(word)
    }

    /// A job title that introduces a person ("engineer", "on-call"), in any case.
    pub fn is_role(&self, word: &str) -> bool {
        self.roles
            .iter()
            .any(|role| role.len() == word.len() && role.eq_ignore_ascii_case(word))
    }

    /// A label or column where names belong: `Authors:`, `Owner`, `Attendees`.
    pub fn is_name_field(&self, label: &str) -> bool {
        self.name_fields.contains(&normalize(label))
    }

    /// The part of an action item a table column or an item's label holds.
    pub fn item_field(&self, label: &str) -> Option<ItemField> {
        let label = normalize(label);
        self.item_fields
            .iter()
            .find(|(names, _)| names.contains(&label))
            .map(|(_, field)| *field)
    }
}

/// Where a word list is searched, which decides whether it gets a literal prefilter.
#[derive(Clone, Copy, PartialEq)]
enum Search {
    /// Over each document's whole text: the blame lists. A prefilter skips most of the text
    /// for lists whose words start with rare letters (the cause list scans ten times faster
    /// with one) and costs the others nothing measurable: 10,000 documents lint 5% faster.
    /// Building them costs a one-document run about 1 ms, so it goes without.
    WholeText,
    /// Over a line, cell or label at a time, where a prefilter gains nothing. Extracting the
    /// literals under Unicode case folding costs more than such searches ever save.
    Piece,
}

/// A case-insensitive whole-word alternation, with ASCII word boundaries so that the fast
/// search engines handle any text.
fn words(search: Search, patterns: &[String]) -> PhraseRegex {
    PhraseRegex::builder()
        .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
        .configure(
            PhraseRegex::config()
                .auto_prefilter(search == Search::WholeText && pattern::prefilter_whole_text()),
        )
        .build(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alternation(patterns)))
        .expect("rules/writing.toml patterns compile")
}

/// A month or weekday, in full or abbreviated: `Jun`, `June`, `Wed`.
fn is_calendar_word(word: &str) -> bool {
    word.parse::<chrono::Month>().is_ok() || word.parse::<chrono::Weekday>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writing_file_loads_and_matches() {
        let w = &*WRITING;
        assert!(w.is_given_name("Peter") && !w.is_given_name("May") && !w.is_given_name("peter"));
        // Listed as a given name, but also a month.
        assert!(!w.is_given_name("Jun") && !w.is_given_name("Wed"));
        assert!(w.is_role("Engineer") && w.is_role("on-call"));
        assert!(w.fault.is_match("a careless mistake"));
        assert!(w.causal_before.is_match("The outage was due to a "));
        assert!(
            !w.causal_before
                .is_match("Automate it to leave less room for ")
        );
        assert_eq!(w.item_field("Due date"), Some(ItemField::Due));
        assert!(w.is_name_field("**Authors**"));
        assert!(
            w.vague_verb
                .is_match("Investigate monitoring for this scenario")
        );
        assert!(w.ticket.is_match("Add alert (PLAT-123)"));
        assert!(w.deadline.is_match("Add alert by end of Q3"));
    }

    #[test]
    fn only_whole_text_searches_get_a_prefilter() {
        let w = &*WRITING;
        for list in [
            &w.fault,
            &w.failing,
            &w.cause,
            &w.judgement,
            &w.counterfactual,
        ] {
            assert!(list.get_config().get_auto_prefilter());
        }
        for list in [
            &w.named_cause_credit,
            &w.done,
            &w.deadline,
            &w.bound,
            &w.causal_before,
            &w.vague_verb,
        ] {
            assert!(!list.get_config().get_auto_prefilter());
        }
    }
}
