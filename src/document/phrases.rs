//! Phrase lists from `rules/phrases.toml`, compiled once.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use super::sections::normalize;

const PHRASES_TOML: &str = include_str!("../../rules/phrases.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhrasesFile {
    window: WindowLabels,
    entries: EntryPhrases,
    impact: ImpactPhrases,
    percentages: PercentagePhrases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowLabels {
    range: Vec<String>,
    start: Vec<String>,
    end: Vec<String>,
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
    affected: Vec<String>,
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

pub struct Phrases {
    window_range: HashSet<String>,
    window_start: HashSet<String>,
    window_end: HashSet<String>,
    pub detection: Regex,
    pub restoration: Regex,
    pub total_outage: Regex,
    pub all_users: Regex,
    pub affected: Regex,
    pub users: Regex,
    pub requests: Regex,
    pub baseline: Regex,
    pub change: Regex,
    pub readings: Regex,
    pub breakdown: Regex,
}

pub static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let file: PhrasesFile =
        toml::from_str(PHRASES_TOML).expect("rules/phrases.toml is checked by the test suite");
    let set = |labels: &[String]| labels.iter().map(|l| normalize(l)).collect::<HashSet<_>>();
    Phrases {
        window_range: set(&file.window.range),
        window_start: set(&file.window.start),
        window_end: set(&file.window.end),
        detection: words(&file.entries.detection),
        restoration: words(&file.entries.restoration),
        total_outage: words(&file.impact.total_outage),
        all_users: words(&file.impact.all_users),
        affected: words(&file.impact.affected),
        users: words(&file.percentages.users),
        requests: words(&file.percentages.requests),
        baseline: words(&file.percentages.baseline),
        change: words(&file.percentages.change),
        readings: words(&file.percentages.readings),
        breakdown: words(&file.percentages.breakdown),
    }
});

/// One case-insensitive, whole-word alternation of the patterns. The phrases are English, so
/// ASCII case folding and word boundaries are enough, and they compile several times faster.
fn words(patterns: &[String]) -> Regex {
    let alternation = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    RegexBuilder::new(&format!(r"\b(?:{alternation})\b"))
        .case_insensitive(true)
        .unicode(false)
        .build()
        .expect("rules/phrases.toml patterns compile")
}

impl Phrases {
    pub fn window_label(&self, label: &str) -> Option<WindowLabel> {
        let label = normalize(label);
        if self.window_range.contains(&label) {
            Some(WindowLabel::Range)
        } else if self.window_start.contains(&label) {
            Some(WindowLabel::Start)
        } else if self.window_end.contains(&label) {
            Some(WindowLabel::End)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(
            PHRASES
                .total_outage
                .is_match("experienced a complete outage during")
        );
        assert!(PHRASES.all_users.is_match("affecting all users"));
    }
}
