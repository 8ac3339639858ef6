//! Phrase lists from `rules/phrases.toml`, compiled once.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use regex_automata::meta::Regex as PhraseRegex;
use serde::Deserialize;

use super::sections::{first_word, normalize};
use crate::pattern;

const PHRASES_TOML: &str = include_str!("../../rules/phrases.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhrasesFile {
    window: WindowLabels,
    dates: DatePhrases,
    entries: EntryPhrases,
    impact: ImpactPhrases,
    percentages: PercentagePhrases,
    metrics: MetricKinds,
    placeholders: PlaceholderPhrases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricKinds {
    detection: Vec<String>,
    mitigation: Vec<String>,
    recovery: Vec<String>,
    business_hours: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceholderPhrases {
    timestamp: Vec<String>,
    unknown: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WindowLabels {
    range: Vec<String>,
    start: Vec<String>,
    end: Vec<String>,
    sentence_start: Vec<String>,
    sentence_end: Vec<String>,
    length_before: Vec<String>,
    length_after: Vec<String>,
    incident: Vec<String>,
    start_markers: Vec<String>,
    end_markers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DatePhrases {
    narrative_before: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryPhrases {
    detection: Vec<String>,
    restoration: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ImpactPhrases {
    total_outage: Vec<String>,
    all_users: Vec<String>,
    all_requests: Vec<String>,
    affected: Vec<String>,
    partial: Vec<String>,
    overall: Vec<String>,
    counted: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PercentagePhrases {
    users: Vec<String>,
    requests: Vec<String>,
    baseline: Vec<String>,
    change: Vec<String>,
    readings: Vec<String>,
    breakdown: Vec<String>,
}

/// What a window label line states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowLabel {
    Range,
    Start,
    End,
}

/// Labels (`Duration`, `Time to repair`) by their normalized text, each with what it states.
/// Most lines' labels are none of them, and the first word tells so without normalizing.
struct LabelTable<K> {
    kinds: HashMap<String, K>,
    first_words: Vec<String>,
}

impl<K: Copy> LabelTable<K> {
    /// `groups` in order of precedence: a label listed in two keeps the first one's kind.
    fn new(groups: &[(&[String], K)]) -> LabelTable<K> {
        let mut kinds = HashMap::new();
        for (labels, kind) in groups {
            for label in labels.iter() {
                kinds.entry(normalize(label)).or_insert(*kind);
            }
        }
        let mut first_words: Vec<String> = kinds
            .keys()
            .filter_map(|label| label.split(' ').next().map(str::to_string))
            .collect();
        first_words.sort_unstable();
        first_words.dedup();
        LabelTable { kinds, first_words }
    }

    fn get(&self, label: &str) -> Option<K> {
        let may_be_listed = first_word(label).is_none_or(|word| {
            self.first_words
                .iter()
                .any(|first| first.eq_ignore_ascii_case(word))
        });
        if !may_be_listed {
            return None;
        }
        self.kinds.get(&normalize(label)).copied()
    }
}

pub struct Phrases {
    window_labels: LabelTable<WindowLabel>,
    narrative_before: HashSet<String>,
    /// A cue that ends the text before a time in a sentence, making it the window's start.
    pub sentence_start: PhraseRegex,
    /// Likewise for the window's end.
    pub sentence_end: PhraseRegex,
    /// A cue that ends the text before a length in a sentence ("lasted", "for").
    pub length_before: PhraseRegex,
    /// An incident word that starts the text after a length ("-minute outage").
    pub length_after: PhraseRegex,
    /// Words that make a sentence about the incident.
    pub incident: PhraseRegex,
    /// A timeline entry that marks the window's start ("OUTAGE BEGINS").
    pub start_marker: PhraseRegex,
    pub end_marker: PhraseRegex,
    pub detection: PhraseRegex,
    pub restoration: PhraseRegex,
    pub total_outage: PhraseRegex,
    pub all_users: PhraseRegex,
    pub all_requests: PhraseRegex,
    /// Any of the claims (total outage, all users, partial), to skip blocks with none in one
    /// scan.
    pub any_claim: PhraseRegex,
    pub affected: PhraseRegex,
    /// Wording that says only some were affected.
    pub partial: PhraseRegex,
    /// Verbs that state a share of users as the incident's overall reach.
    pub overall: PhraseRegex,
    /// What else an impact counts besides users and requests: errors, tickets.
    pub counted: PhraseRegex,
    pub users: PhraseRegex,
    pub requests: PhraseRegex,
    pub baseline: PhraseRegex,
    pub change: PhraseRegex,
    pub readings: PhraseRegex,
    pub breakdown: PhraseRegex,
    metric_labels: LabelTable<MetricKind>,
    /// "support hours", "business hours": a metric counted on a working clock.
    pub business_hours: PhraseRegex,
    /// Template text where a time belongs, matched with case.
    pub placeholder: Regex,
    unknown_values: HashSet<String>,
}

pub static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let file: PhrasesFile =
        toml::from_str(PHRASES_TOML).expect("rules/phrases.toml is checked by the test suite");
    let set = |labels: &[String]| labels.iter().map(|l| normalize(l)).collect::<HashSet<_>>();
    Phrases {
        window_labels: LabelTable::new(&[
            (&file.window.range, WindowLabel::Range),
            (&file.window.start, WindowLabel::Start),
            (&file.window.end, WindowLabel::End),
        ]),
        narrative_before: set(&file.dates.narrative_before),
        sentence_start: cue_before(&file.window.sentence_start),
        sentence_end: cue_before(&file.window.sentence_end),
        length_before: cue_before(&file.window.length_before),
        length_after: pattern::piece(&format!(
            r"(?i)^[ \t]*-?[ \t]*(?:{})\b",
            alternation(&file.window.length_after)
        )),
        incident: words(&file.window.incident),
        start_marker: marker(&file.window.start_markers),
        end_marker: marker(&file.window.end_markers),
        detection: words(&file.entries.detection),
        restoration: words(&file.entries.restoration),
        total_outage: words(&file.impact.total_outage),
        all_users: words(&file.impact.all_users),
        all_requests: words(&file.impact.all_requests),
        any_claim: words(
            &[
                &file.impact.total_outage[..],
                &file.impact.all_users[..],
                &file.impact.all_requests[..],
                &file.impact.partial[..],
            ]
            .concat(),
        ),
        affected: words(&file.impact.affected),
        partial: words(&file.impact.partial),
        overall: words(&file.impact.overall),
        counted: words(&file.impact.counted),
        users: words(&file.percentages.users),
        requests: words(&file.percentages.requests),
        baseline: words(&file.percentages.baseline),
        change: words(&file.percentages.change),
        readings: words(&file.percentages.readings),
        breakdown: words(&file.percentages.breakdown),
        metric_labels: LabelTable::new(&[
            (&file.metrics.detection, MetricKind::Detection),
            (&file.metrics.mitigation, MetricKind::Mitigation),
            (&file.metrics.recovery, MetricKind::Recovery),
        ]),
        business_hours: words(&file.metrics.business_hours),
        placeholder: exact_words(&file.placeholders.timestamp),
        unknown_values: file.placeholders.unknown.iter().cloned().collect(),
    }
});

/// A few lower-case ASCII words (at most 32) to find in a text, ignoring case, anywhere: one
/// pass over the bytes, cheap enough to run before any pattern on a hot path. Built at compile
/// time, so a search pays only for the scan.
pub struct AnyWord {
    words: &'static [&'static str],
    /// For each byte, which of the words start with it in either case: most positions cost
    /// one lookup, and a match compares only the words that can start there.
    starts: [u32; 256],
}

impl AnyWord {
    pub const fn new(words: &'static [&'static str]) -> AnyWord {
        assert!(words.len() <= 32, "AnyWord takes at most 32 words");
        let mut starts = [0u32; 256];
        let mut i = 0;
        while i < words.len() {
            let first = words[i].as_bytes()[0];
            starts[first as usize] |= 1 << i;
            starts[first.to_ascii_uppercase() as usize] |= 1 << i;
            i += 1;
        }
        AnyWord { words, starts }
    }

    /// Whether any of the words occurs in `text`.
    pub fn in_text(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        bytes.iter().enumerate().any(|(at, byte)| {
            let mut candidates = self.starts[usize::from(*byte)];
            while candidates != 0 {
                let word = self.words[candidates.trailing_zeros() as usize].as_bytes();
                candidates &= candidates - 1;
                if bytes
                    .get(at..at + word.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(word))
                {
                    return true;
                }
            }
            false
        })
    }
}

/// A cue at the very end of the text before a time or length, with the small words that may
/// stand between them ("began at about", "lasted for").
fn cue_before(patterns: &[String]) -> PhraseRegex {
    pattern::piece(&format!(
        r"(?i)\b(?:{})(?:[ \t]+(?:at|on|around|about|approximately|roughly|nearly|almost|by|from|for|just|shortly|after|over|under|more|less|than|some|~))*[ \t]*~?[ \t]*$",
        alternation(patterns)
    ))
}

/// A marker phrase set off in a timeline entry: the whole text, its own sentence, or in bold
/// or parentheses ("OUTAGE BEGINS", "... a deploy. **Outage begins.**", "(**outage ends**)").
fn marker(patterns: &[String]) -> PhraseRegex {
    pattern::piece(&format!(
        r"(?i)(?:^|[(*]|[.;:—–-][ \t])[ \t*_]*(?:{})[ \t]*[.!]?[ \t*_]*(?:$|[)*:.;—–-])",
        alternation(patterns)
    ))
}

/// Like [`words`], but matched with case: `HH:mm` is template text where `hh` is not.
/// Placeholders may start or end with punctuation (`??:??`), so the boundaries are "no word
/// character next to it" rather than `\b`; group 1 is the placeholder.
fn exact_words(patterns: &[String]) -> Regex {
    Regex::new(&format!(
        r"(?:^|[^\w?])({})(?:$|[^\w?])",
        alternation(patterns)
    ))
    .expect("rules/phrases.toml placeholder patterns compile")
}

/// One case-insensitive, whole-word alternation of the patterns. The phrases are English, so
/// ASCII case folding and word boundaries are enough. They are matched within one sentence or
/// entry at a time, where a literal prefilter gains nothing; without one they build four
/// times faster, which is most of a one-file run.
fn words(patterns: &[String]) -> PhraseRegex {
    let syntax = regex_automata::util::syntax::Config::new()
        .case_insensitive(true)
        .unicode(false);
    PhraseRegex::builder()
        .syntax(syntax)
        .configure(PhraseRegex::config().auto_prefilter(false))
        .build(&format!(r"\b(?:{})\b", alternation(patterns)))
        .expect("rules/phrases.toml patterns compile")
}

/// The patterns as one regular-expression alternation, each in its own group.
pub(super) fn alternation(patterns: &[String]) -> String {
    patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|")
}

/// Which incident metric a label states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    Detection,
    Mitigation,
    Recovery,
}

impl Phrases {
    pub fn metric_label(&self, label: &str) -> Option<MetricKind> {
        self.metric_labels.get(label)
    }

    /// `TBD`, `TBA`, ...: a value still to be filled in.
    pub fn is_unknown_value(&self, value: &str) -> bool {
        let value = value.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
        self.unknown_values.contains(value)
    }

    /// Whether a date after this word is the narrative's own ("on", "since").
    pub fn is_narrative_before(&self, word: &str) -> bool {
        self.narrative_before.contains(&normalize(word))
    }

    pub fn window_label(&self, label: &str) -> Option<WindowLabel> {
        self.window_labels.get(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_word_ignores_case(text in "(hOur|HR|Mi|n|x|é| |dAy|s|ec){0,10}") {
            static WORDS: AnyWord = AnyWord::new(&["hour", "hr", "min", "day", "sec"]);
            let lower = text.to_ascii_lowercase();
            let naive = WORDS.words.iter().any(|w| lower.contains(w));
            proptest::prop_assert_eq!(WORDS.in_text(&text), naive);
        }
    }

    #[test]
    fn phrase_file_loads() {
        assert_eq!(
            PHRASES.window_label("**Duration**"),
            Some(WindowLabel::Range)
        );
        assert_eq!(PHRASES.window_label("Start time"), Some(WindowLabel::Start));
        assert_eq!(PHRASES.window_label("Impact"), None);
        assert!(
            PHRASES
                .restoration
                .is_match("The service was fully restored, and users")
        );
        assert!(
            PHRASES
                .restoration
                .is_match("Service fully restored; issue resolved")
        );
        assert!(
            !PHRASES
                .restoration
                .is_match("Sev 1 ticket marked as resolved")
        );
        assert!(
            PHRASES
                .detection
                .is_match("Issue detected by monitoring alerts")
        );
        for reported in [
            "The outage is reported on GitHub by a contributor",
            "Incident declared",
            "On-call notices the error rate",
        ] {
            assert!(PHRASES.detection.is_match(reported), "{reported}");
        }
        // A milestone named alone is the restoration; a thing repaired in a sentence is not.
        assert!(PHRASES.restoration.is_match("Repaired"));
        assert!(
            !PHRASES
                .restoration
                .is_match("The disk was repaired and reattached")
        );
        assert!(
            PHRASES
                .total_outage
                .is_match("experienced a complete outage during")
        );
        assert!(PHRASES.all_users.is_match("affecting all users"));
    }
}
