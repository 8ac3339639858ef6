//! Section kinds and their titles, from `rules/sections.toml`.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::Deserialize;

const SECTIONS_TOML: &str = include_str!("../../rules/sections.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    Summary,
    Impact,
    Timeline,
    RootCause,
    Resolution,
    ActionItems,
    Detection,
    Lessons,
    Metadata,
}

impl SectionKind {
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Summary => "summary",
            SectionKind::Impact => "impact",
            SectionKind::Timeline => "timeline",
            SectionKind::RootCause => "root cause",
            SectionKind::Resolution => "resolution",
            SectionKind::ActionItems => "action items",
            SectionKind::Detection => "detection",
            SectionKind::Lessons => "lessons learned",
            SectionKind::Metadata => "metadata",
        }
    }
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindEntry {
    id: SectionKind,
    titles: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionsFile {
    repository_files: Vec<String>,
    kind: Vec<KindEntry>,
}

pub struct SectionTable {
    /// A title may name more than one kind ("What happened" is a summary or a timeline).
    titles: HashMap<String, Vec<SectionKind>>,
    examples: HashMap<SectionKind, Vec<String>>,
    /// File names, lower case and without extension, a repository keeps beside postmortems.
    repository_files: Vec<String>,
}

pub static SECTIONS: LazyLock<SectionTable> = LazyLock::new(|| {
    let file: SectionsFile =
        toml::from_str(SECTIONS_TOML).expect("rules/sections.toml is checked by the test suite");
    let mut titles = HashMap::new();
    let mut examples = HashMap::new();
    for entry in file.kind {
        for title in &entry.titles {
            titles
                .entry(normalize(title))
                .or_insert_with(Vec::new)
                .push(entry.id);
        }
        examples.insert(entry.id, entry.titles);
    }
    SectionTable {
        titles,
        examples,
        repository_files: file.repository_files,
    }
});

impl SectionTable {
    /// The kinds a title names. `allow_prefix` lets a heading carry more words after a known
    /// title ("Timeline (all times UTC) May 3-4"); label lines must match exactly. A numbered
    /// title (`3. Timeline`) is read without its number when it names nothing with it.
    pub fn classify(&self, title: &str, allow_prefix: bool) -> Vec<SectionKind> {
        let kinds = self.classify_as_written(title, allow_prefix);
        // Exactly, so `1. Root cause follow-up` under the action items stays an item.
        match without_number(title) {
            unnumbered if kinds.is_empty() && unnumbered.len() < title.len() => {
                self.classify_as_written(unnumbered, false)
            }
            _ => kinds,
        }
    }

    fn classify_as_written(&self, title: &str, allow_prefix: bool) -> Vec<SectionKind> {
        let whole = normalize(title);
        if let Some(kinds) = self.lookup(&whole, allow_prefix) {
            return kinds.to_vec();
        }
        let mut kinds: Vec<SectionKind> = split_combined(title)
            .iter()
            .filter_map(|part| self.lookup(&normalize(part), false))
            .flatten()
            .copied()
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }

    fn lookup(&self, normalized: &str, allow_prefix: bool) -> Option<&[SectionKind]> {
        if normalized.is_empty() {
            return None;
        }
        if let Some(kinds) = self.titles.get(normalized) {
            return Some(kinds);
        }
        if !allow_prefix {
            return None;
        }
        let mut words: Vec<&str> = normalized.split(' ').collect();
        while words.len() > 1 {
            words.pop();
            if let Some(kinds) = self.titles.get(&words.join(" ")) {
                return Some(kinds);
            }
        }
        None
    }

    /// Whether a file named `stem` (without extension) is one a repository keeps beside its
    /// postmortems: `README`, `CONTRIBUTING`.
    pub fn is_repository_file(&self, stem: &str) -> bool {
        self.repository_files
            .iter()
            .any(|name| name.eq_ignore_ascii_case(stem))
    }

    /// A few titles that count as `kind`, for help text.
    pub fn examples(&self, kind: SectionKind) -> &[String] {
        self.examples
            .get(&kind)
            .map_or(&[], |titles| &titles[..titles.len().min(4)])
    }
}

/// A title without the number a numbered template puts before it: `3. Timeline`,
/// `2.1) Root cause`, `4 Action items`.
fn without_number(title: &str) -> &str {
    let trimmed = title.trim_start();
    let number = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ')'))
        .unwrap_or(trimmed.len());
    let rest = &trimmed[number..];
    // `2.1` numbers a section; `14.20` is a time.
    let mut parts = trimmed[..number].split(['.', ')']).skip(1);
    let numbered = parts.all(|part| part.len() <= 1);
    if numbered
        && trimmed.starts_with(|c: char| c.is_ascii_digit())
        && rest.starts_with([' ', '\t'])
    {
        rest.trim_start()
    } else {
        title
    }
}

/// Lower case, links reduced to their text, parentheses dropped, punctuation to spaces,
/// `&` and `+` read as "and".
pub fn normalize(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    // A separator is written only when the next word starts, so words end up joined by single
    // spaces without a split-and-join pass.
    let mut gap = false;
    let mut depth = 0usize;
    for c in title.chars() {
        let lower = match c {
            '(' => {
                depth += 1;
                continue;
            }
            ')' => {
                depth = depth.saturating_sub(1);
                continue;
            }
            _ if depth > 0 => continue,
            '&' | '+' => {
                gap = true;
                separate(&mut out, &mut gap);
                out.push_str("and");
                gap = true;
                continue;
            }
            c if c.is_alphanumeric() => c.to_lowercase(),
            _ => {
                gap = true;
                continue;
            }
        };
        separate(&mut out, &mut gap);
        out.extend(lower);
    }
    out
}

/// The first word of [`normalize`]`(title)` as written (not lower-cased), found without
/// building the whole string, or `None` when it cannot be told cheaply: a word that runs into
/// a parenthesis (`ab(x)cd` normalizes to `abcd`, `a)b` to `ab`) or that is not ASCII.
pub fn first_word(title: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in title.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '&' | '+' => return Some("and"),
            c if c.is_alphanumeric() => {
                let rest = &title[i..];
                let end = rest
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(rest.len());
                let word = &rest[..end];
                let clear = word.is_ascii() && !rest[end..].starts_with(['(', ')']);
                return clear.then_some(word);
            }
            _ => {}
        }
    }
    None
}

fn separate(out: &mut String, gap: &mut bool) {
    if std::mem::take(gap) && !out.is_empty() {
        out.push(' ');
    }
}

fn split_combined(title: &str) -> Vec<String> {
    let mut parts = vec![title.to_string()];
    for separator in [" and ", " And ", " AND ", "&", "/", ",", "+"] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(separator).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(title: &str, prefix: bool) -> Vec<SectionKind> {
        SECTIONS.classify(title, prefix)
    }

    #[test]
    fn a_numbered_title_is_read_without_its_number() {
        assert_eq!(
            SECTIONS.classify("3. Timeline", true),
            [SectionKind::Timeline]
        );
        assert_eq!(
            SECTIONS.classify("2.1) Root cause", true),
            [SectionKind::RootCause]
        );
        assert_eq!(SECTIONS.classify("5 Whys", true), [SectionKind::RootCause]);
        assert!(SECTIONS.classify("24 hours later", true).is_empty());
        assert!(
            SECTIONS
                .classify("14.20 Root cause identified", true)
                .is_empty()
        );
        assert!(
            SECTIONS
                .classify("1. Root cause follow-up", true)
                .is_empty()
        );
        assert_eq!(
            SECTIONS.classify("3. Timeline (UTC)", true),
            [SectionKind::Timeline]
        );
    }

    #[test]
    fn normalized_titles() {
        assert_eq!(normalize("Cause&Effect"), "cause and effect");
        assert_eq!(normalize("  Q&A + Notes "), "q and a and notes");
        assert_eq!(normalize("**Root Cause (summary):**"), "root cause");
        assert_eq!(normalize("What's next?"), "what s next");
        assert_eq!(normalize("ÉTAT -- Übersicht"), "état übersicht");
        assert_eq!(normalize("&"), "and");
        assert_eq!(normalize("()"), "");
    }

    proptest::proptest! {
        #[test]
        fn first_word_is_the_normalized_first_word(title in "[aB1é &+()*:-]{0,12}") {
            let normalized = normalize(&title);
            if let Some(word) = first_word(&title) {
                let first = normalized.split(' ').next().unwrap_or("");
                proptest::prop_assert!(first.eq_ignore_ascii_case(word), "{title:?}");
            }
        }
    }

    #[test]
    fn synonyms_and_combined_titles() {
        use SectionKind::*;
        assert_eq!(kinds("Issue Summary", false), vec![Summary]);
        assert_eq!(
            kinds("Root Cause and Resolution", false),
            vec![RootCause, Resolution]
        );
        assert_eq!(kinds("Resolution and recovery", false), vec![Resolution]);
        assert_eq!(
            kinds("Corrective and Preventative Measures", false),
            vec![ActionItems]
        );
        assert_eq!(kinds("Mitigation & Resolution", false), vec![Resolution]);
        assert_eq!(kinds("TIMELINE", false), vec![Timeline]);
        assert_eq!(kinds("What didn't go well?", false), vec![Lessons]);
    }

    #[test]
    fn headings_may_carry_more_words() {
        use SectionKind::*;
        assert_eq!(
            kinds("Timeline (all times PST) DATE RANGE", true),
            vec![Timeline]
        );
        assert_eq!(
            kinds(
                "Short-term Improvements ([Tracked in issue #4](https://x.test/4))",
                true
            ),
            vec![ActionItems]
        );
        assert!(kinds("Timeline of the migration project", false).is_empty());
        assert!(kinds("Temporary Workaround", true).is_empty());
    }
}
