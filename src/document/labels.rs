//! Label lines: `Impact: Users could not ...`, `**Timeline:**`, `**Duration:** 09:00 to 11:30`.

use std::ops::Range;

/// A line that starts with a label. `rest` is what follows it (maybe empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub name: Range<usize>,
    pub rest: Range<usize>,
    /// Written in bold (`**Timeline:**`), which makes a standalone label a pseudo-heading.
    pub bold: bool,
}

const BOLD_NAME_MAX: usize = 80;
const PLAIN_NAME_MAX: usize = 61;

/// Reads the label at the start of `content` (a byte range of `text`). Written by hand, not
/// with a regular expression: it runs on most lines, and a capturing regex cost more than the
/// rest of the line's layout.
pub fn label_of(text: &str, content: &Range<usize>) -> Option<Label> {
    let line = &text[content.clone()];
    let at = |range: Range<usize>| content.start + range.start..content.start + range.end;
    if line.starts_with("**") || line.starts_with("__") {
        return bold_label(line).map(|(name, rest)| Label {
            name: at(name),
            rest: at(rest),
            bold: true,
        });
    }
    if line.starts_with('<') {
        return html_label(line).map(|(name, rest)| Label {
            name: at(name),
            rest: at(rest),
            bold: true,
        });
    }
    // A plain label starts with a capital; a timeline line ("14:05 - ...") never is one.
    if !line.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    plain_label(text, content)
}

/// A plain label in any case (`start: 09:00 UTC`). Only for a caller that then accepts a few
/// names: lower-case prose often has a colon in it.
pub fn plain_label(text: &str, content: &Range<usize>) -> Option<Label> {
    let line = &text[content.clone()];
    let at = |range: Range<usize>| content.start + range.start..content.start + range.end;
    let colon = line.find(':')?;
    let name = 0..line[..colon].trim_end_matches([' ', '\t']).len();
    let after = &line[colon + 1..];
    let rest_start = colon + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len());
    // "Note:foo" and "https://" are not labels: the colon must end the line or be followed
    // by a space.
    if rest_start == colon + 1 && !after.is_empty() {
        return None;
    }
    let name_text = &line[name.clone()];
    let looks_like_label = name_text.chars().count() <= PLAIN_NAME_MAX
        && name_text.split_whitespace().count() <= 8
        && !name_text.contains(|c: char| {
            c.is_ascii_digit() || matches!(c, '.' | '!' | '?' | '*' | '`' | '[' | '|')
        });
    looks_like_label.then(|| Label {
        name: at(name),
        rest: at(rest_start..line.len()),
        bold: false,
    })
}

/// A label inside an inline HTML tag that sets it off as bold does (`<b>Impact:</b> ...`,
/// `<strong>Timeline</strong>`), read like `**Name:**`.
fn html_label(line: &str) -> Option<(Range<usize>, Range<usize>)> {
    const TAGS: [&str; 5] = ["b", "strong", "u", "em", "i"];
    let open_end = line.find('>')?;
    let tag = line[1..open_end].to_ascii_lowercase();
    if !TAGS.contains(&tag.as_str()) {
        return None;
    }
    let close = format!("</{tag}>");
    let close_at = open_end + 1 + line[open_end + 1..].to_ascii_lowercase().find(&close)?;
    let inside = &line[open_end + 1..close_at];
    let stripped = inside
        .trim()
        .strip_suffix(':')
        .unwrap_or(inside.trim())
        .trim_end();
    if stripped.is_empty() || stripped.contains('<') || stripped.chars().count() > BOLD_NAME_MAX {
        return None;
    }
    let name_start = open_end + 1 + inside.len() - inside.trim_start().len();
    let name = name_start..name_start + stripped.len();
    let after = &line[close_at + close.len()..];
    let after_space = after.trim_start_matches([' ', '\t']);
    let after_colon = after_space.strip_prefix(':').unwrap_or(after_space);
    let rest = line.len() - after_colon.trim_start_matches([' ', '\t']).len()..line.len();
    let had_colon = inside.trim_end().ends_with(':') || after_space.starts_with(':');
    (had_colon || rest.is_empty()).then_some((name, rest))
}

/// `**Name:** rest`, `**Name**: rest` or `__Name__`, as name and rest ranges. A bold phrase
/// followed by more text without a colon (`**October 24** (72 minutes): ...`) is no label.
fn bold_label(line: &str) -> Option<(Range<usize>, Range<usize>)> {
    const SPACE: [char; 2] = [' ', '\t'];
    let close = 2 + line[2..].find(['*', '_'])?;
    if !(line[close..].starts_with("**") || line[close..].starts_with("__")) {
        return None;
    }
    let inside = &line[2..close];
    let stripped = inside.trim_end_matches(SPACE);
    let stripped = stripped.strip_suffix(':').unwrap_or(stripped);
    let stripped = stripped.trim_end_matches(SPACE);
    // The name is never empty: in `**:**` the colon is the name.
    let name = 2..2 + stripped.len().max(inside.len().min(1));
    if name.is_empty() || line[name.clone()].chars().count() > BOLD_NAME_MAX {
        return None;
    }
    let after = &line[close + 2..];
    let after_space = after.trim_start_matches(SPACE);
    let after_colon = after_space.strip_prefix(':').unwrap_or(after_space);
    let rest = line.len() - after_colon.trim_start_matches(SPACE).len()..line.len();
    let had_colon = line[..rest.start].contains(':');
    (had_colon || rest.is_empty()).then_some((name, rest))
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
    fn labels_in_inline_html() {
        assert_eq!(
            label("<b>Next steps:</b> reject large messages"),
            Some(("Next steps".into(), "reject large messages".into(), true))
        );
        assert_eq!(
            label("<STRONG>Timeline</STRONG>"),
            Some(("Timeline".into(), "".into(), true))
        );
        assert_eq!(
            label("<u>Impact</u>: all users"),
            Some(("Impact".into(), "all users".into(), true))
        );
        assert_eq!(label("<b>Bold</b> words in a sentence"), None);
        assert_eq!(label("<span>Impact:</span> all users"), None);
        assert_eq!(label("<b>Impact"), None);
    }

    #[test]
    fn only_plain_label_reads_a_lower_case_name() {
        let line = "start: 09:00 UTC";
        assert_eq!(label(line), None);
        let found = plain_label(line, &(0..line.len())).expect("a label");
        assert_eq!(
            (&line[found.name], &line[found.rest]),
            ("start", "09:00 UTC")
        );
    }

    #[test]
    fn label_spacing_and_odd_bold() {
        assert_eq!(
            label("Root cause :\t the cache"),
            Some(("Root cause".into(), "the cache".into(), false))
        );
        assert_eq!(
            label("__Impact__ : all users"),
            Some(("Impact".into(), "all users".into(), true))
        );
        assert_eq!(
            label("**Owner :  ** Sam"),
            Some(("Owner".into(), "Sam".into(), true))
        );
        assert_eq!(label("**:**"), Some((":".into(), "".into(), true)));
        assert_eq!(label("****"), None);
        assert_eq!(label("**bold*_ text"), None);
        assert_eq!(label(&format!("**{}:**", "n".repeat(81))), None);
    }

    #[test]
    fn prose_and_timestamps_are_not_labels() {
        assert_eq!(
            label("May 10, 2023, 14:00 WTC: The issue was detected"),
            None
        );
        assert_eq!(label("See https://example.test for details"), None);
        assert_eq!(label("Note:no space after the colon"), None);
        assert_eq!(label("**Dates**"), Some(("Dates".into(), "".into(), true)));
        assert_eq!(label("**October 24** (72 minutes): rate limiting"), None);
        assert_eq!(
            label("The team agreed on one thing, and then another: rollback"),
            None
        );
    }
}
