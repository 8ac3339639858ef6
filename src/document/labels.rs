//! Label lines: `Impact: Users could not ...`, `**Timeline:**`, `**Duration:** 09:00 to 11:30`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A line that starts with a label. `rest` is what follows it (maybe empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub name: Range<usize>,
    pub rest: Range<usize>,
    /// Written in bold (`**Timeline:**`), which makes a standalone label a pseudo-heading.
    pub bold: bool,
}

// The longest names are checked in code, not with `{1,80}`: eighty copies of a Unicode class
// took milliseconds to compile.
static BOLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\*\*|__)(?P<name>[^*_\n]+?)[ \t]*:?[ \t]*(?:\*\*|__)[ \t]*:?[ \t]*(?P<rest>.*)$",
    )
    .expect("bold label pattern compiles")
});
const BOLD_NAME_MAX: usize = 80;

static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<name>[A-Z][^:\n]*?)[ \t]*:(?:[ \t]+(?P<rest>.*)|[ \t]*$)")
        .expect("plain label pattern compiles")
});
const PLAIN_NAME_MAX: usize = 61;

/// Reads the label at the start of `content` (a byte range of `text`).
pub fn label_of(text: &str, content: &Range<usize>) -> Option<Label> {
    let line = &text[content.clone()];
    // Labels start with a capital letter or bold; a timeline line ("14:05 - ...") never is one.
    let bold = line.starts_with("**") || line.starts_with("__");
    let capital_with_colon =
        line.starts_with(|c: char| c.is_ascii_uppercase()) && line.contains(':');
    if !bold && !capital_with_colon {
        return None;
    }
    let at = |m: regex::Match| content.start + m.start()..content.start + m.end();
    let rest_of = |caps: &regex::Captures| caps.name("rest").map_or(content.end..content.end, &at);
    let bold_caps = BOLD.captures(line).filter(|caps| {
        caps.name("name")
            .is_some_and(|n| n.as_str().chars().count() <= BOLD_NAME_MAX)
    });
    if let Some(caps) = bold_caps {
        let name = caps.name("name")?;
        let rest = rest_of(&caps);
        let had_colon = line[..caps.name("rest").map_or(line.len(), |m| m.start())].contains(':');
        // `**October 24** (72 minutes): ...` is a bold phrase, not a label.
        if had_colon || rest.is_empty() {
            return Some(Label {
                name: at(name),
                rest,
                bold: true,
            });
        }
        return None;
    }
    let caps = PLAIN.captures(line)?;
    let name = caps.name("name")?;
    if name.as_str().chars().count() > PLAIN_NAME_MAX {
        return None;
    }
    let words = name.as_str().split_whitespace().count();
    let looks_like_label = words <= 8
        && !name.as_str().contains(|c: char| {
            c.is_ascii_digit() || matches!(c, '.' | '!' | '?' | '*' | '`' | '[' | '|')
        });
    looks_like_label.then(|| Label {
        name: at(name),
        rest: rest_of(&caps),
        bold: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(line: &str) -> Option<(String, String, bool)> {
        label_of(line, &(0..line.len()))
            .map(|l| (line[l.name].to_string(), line[l.rest].to_string(), l.bold))
    }

    #[test]
    fn label_forms() {
        assert_eq!(
            label("Timeline:"),
            Some(("Timeline".into(), "".into(), false))
        );
        assert_eq!(
            label("Impact: Users could not log in."),
            Some(("Impact".into(), "Users could not log in.".into(), false))
        );
        assert_eq!(
            label("**Timeline:**"),
            Some(("Timeline".into(), "".into(), true))
        );
        assert_eq!(
            label("**Timeline**"),
            Some(("Timeline".into(), "".into(), true))
        );
        assert_eq!(
            label("**Duration:** 21:45 to 23:28 UTC"),
            Some(("Duration".into(), "21:45 to 23:28 UTC".into(), true))
        );
    }

    #[test]
    fn prose_and_timestamps_are_not_labels() {
        assert_eq!(
            label("May 10, 2023, 14:00 WTC: The issue was detected"),
            None
        );
        assert_eq!(label("See https://example.test for details"), None);
        assert_eq!(label("**October 24** (72 minutes): rate limiting"), None);
        assert_eq!(
            label("The team agreed on one thing, and then another: rollback"),
            None
        );
    }
}
