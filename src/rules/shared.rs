//! Helpers several rules share.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;
use std::ops::Range;

use chrono::TimeDelta;

use crate::diagnostic::{Diagnostic, Fix, Safety};
use crate::document::{Document, LineKind, SectionKind};

/// A date this far from the dates it belongs with is a typo, usually in the year; a nearer one
/// is not.
pub const TYPO_GAP: TimeDelta = TimeDelta::days(180);

/// How much of a text a message quotes.
const QUOTE_CHARS: usize = 60;

/// How many later occurrences a finding lists as related spans; the rest are left out.
const MAX_RELATED: usize = 10;

/// Rewrites the year written at `year_span`: offered only where its digits are the year
/// itself (`2021`, not `21` read as 2021), so the edit cannot write the wrong number.
pub fn year_fix(
    text: &str,
    year_span: Option<Range<usize>>,
    from: i32,
    to: i32,
    safety: Safety,
) -> Option<Fix> {
    let span = year_span?;
    (text[span.clone()] == from.to_string()).then(|| Fix {
        title: format!("Change the year {from} to {to}"),
        span,
        replacement: to.to_string(),
        safety,
    })
}

/// One fix made of several edits (sorted, disjoint), so that applying it resolves a finding
/// that stands for all of them: a single edit from the first to the last, every byte between
/// them kept.
pub fn joined_fix(
    text: &str,
    edits: &[(Range<usize>, &str)],
    title: String,
    safety: Safety,
) -> Option<Fix> {
    let (first, last) = (edits.first()?, edits.last()?);
    let mut replacement = String::new();
    let mut at = first.0.start;
    for (span, with) in edits {
        replacement.push_str(&text[at..span.start]);
        replacement.push_str(with);
        at = span.end;
    }
    Some(Fix {
        title,
        span: first.0.start..last.0.end,
        replacement,
        safety,
    })
}

/// Where something at `span` was stated, for a message: "on the `Duration:` line (line 3)",
/// "in the summary (line 5)", "in the timeline heading (line 3)", "in the front matter (line
/// 2)", or "on line 7".
pub fn stated_where(doc: &Document, span: &Range<usize>) -> String {
    let line = doc.source.lines.line_of(span.start);
    let number = line + 1;
    if crate::document::front_matter_end(doc.source).is_some_and(|end| span.start < end) {
        return format!("in the front matter (line {number})");
    }
    let at = doc.lines.partition_point(|l| l.span.end < span.start);
    let line = doc.lines.get(at).filter(|l| l.span.contains(&span.start));
    // A line may hold a second label (`Start: 09:00, End: 09:45`): name the first only when
    // nothing that looks like another label stands between it and the span.
    // A clock's colon is followed by a digit, a label's by a space.
    let own_label = line.and_then(|l| l.label.as_ref()).filter(|label| {
        let between = &doc.text()[label.rest.start..span.start.max(label.rest.start)];
        !between.contains(": ") && !between.ends_with(':')
    });
    if let Some(label) = own_label {
        let name = doc.text()[label.name.clone()].trim_matches(|c: char| c == '*' || c == '_');
        return format!("on the `{name}:` line (line {number})");
    }
    let heading = line.is_some_and(|l| matches!(l.kind, LineKind::Heading { .. }));
    let section = [
        SectionKind::Summary,
        SectionKind::Impact,
        SectionKind::Timeline,
    ]
    .into_iter()
    .find(|kind| doc.in_section(*kind, span.start));
    match (section, heading) {
        (Some(SectionKind::Timeline), true) => format!("in the timeline heading (line {number})"),
        (_, true) => format!("in a heading (line {number})"),
        (Some(kind), false) => format!("in the {} (line {number})", kind.name()),
        (None, false) => format!("on line {number}"),
    }
}

/// `said` without its emphasis, cut at a word boundary if it is long.
pub fn quote(said: &str) -> String {
    let said = said.replace("**", "").replace("__", "");
    let said = said.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    if said.chars().count() <= QUOTE_CHARS {
        return said.to_string();
    }
    let cut: String = said.chars().take(QUOTE_CHARS).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{cut}...")
}

/// Groups `items` by key in the order each key first occurs: the first item of each key with
/// the later ones, so that one finding can stand for all of them.
pub fn first_and_repeats<K: Eq + Hash, T>(
    items: impl IntoIterator<Item = (K, T)>,
) -> Vec<(T, Vec<T>)> {
    let mut group_of: HashMap<K, usize> = HashMap::new();
    let mut groups: Vec<(T, Vec<T>)> = Vec::new();
    for (key, item) in items {
        match group_of.entry(key) {
            Entry::Occupied(group) => groups[*group.get()].1.push(item),
            Entry::Vacant(group) => {
                group.insert(groups.len());
                groups.push((item, Vec::new()));
            }
        }
    }
    groups
}

/// Points the finding at the first few later occurrences of what it reports.
pub fn relate_repeats(
    mut diagnostic: Diagnostic,
    repeats: impl IntoIterator<Item = Range<usize>>,
    message: &str,
) -> Diagnostic {
    for span in repeats.into_iter().take(MAX_RELATED) {
        diagnostic = diagnostic.related(span, message);
    }
    diagnostic
}

/// `A`, `A or B`, `A, B or C`.
pub fn join_or(items: &[impl AsRef<str>]) -> String {
    join_last(items, "or")
}

/// `A`, `A and B`, `A, B and C`.
pub fn join_and(items: &[impl AsRef<str>]) -> String {
    join_last(items, "and")
}

fn join_last(items: &[impl AsRef<str>], word: &str) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {word} {}", rest.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_or_lists_with_commas_and_one_or() {
        assert_eq!(join_or(&["UTC"]), "UTC");
        assert_eq!(join_or(&["UTC", "GMT"]), "UTC or GMT");
        assert_eq!(join_or(&["a", "b", "c"]), "a, b or c");
        assert_eq!(join_or(&[] as &[&str]), "");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn first_and_repeats_keeps_the_order_of_first_occurrence() {
        let groups = first_and_repeats([("b", 1), ("a", 2), ("b", 3), ("b", 4)]);
        assert_eq!(groups, vec![(1, vec![3, 4]), (2, vec![])]);
    }

    #[test]
    fn year_fix_rewrites_the_year_where_it_is_written() {
        let text = "- May 15, 2023, 09:30: start";
        let fix = year_fix(text, Some(10..14), 2023, 2022, Safety::Unsafe).expect("a fix");
        assert_eq!(&text[fix.span.clone()], "2023");
        assert_eq!(fix.replacement, "2022");
        // No year written, or written in two digits: no edit is safe.
        assert_eq!(year_fix(text, None, 2023, 2022, Safety::Unsafe), None);
        assert_eq!(
            year_fix("05/15/23", Some(6..8), 2023, 2022, Safety::Unsafe),
            None
        );
        assert!(year_fix("20223-05-01", Some(0..5), 20223, 2023, Safety::Safe).is_some());
    }
}
