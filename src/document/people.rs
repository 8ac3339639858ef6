//! People in the narrative and blame wording: "the on-call engineer, John", "caused by Priya's
//! mistake", "human error" given as the cause.

use std::collections::BTreeSet;
use std::ops::Range;

use super::layout::{Line, LineKind};
use super::sections::SectionKind;
use super::writing::WRITING;
use super::{Section, outermost, range_at, skipped};

/// A person's name written in the narrative.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonMention {
    /// The name itself.
    pub name: Range<usize>,
    /// The name with the job title that introduces it ("the on-call engineer, John").
    pub phrase: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlameKind {
    /// "Priya's mistake", "a mistake by the engineer".
    PersonsFault,
    /// "engineer Marcus failed to follow the runbook".
    Failing,
    /// "human error" given as the cause.
    HumanCause,
    /// "careless", "negligent".
    Judgement,
    /// "the developer should have checked".
    Counterfactual,
    /// "caused by Sarah", "happened because Tom pushed ...".
    NamedCause,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BlamePhrase {
    pub kind: BlameKind,
    pub span: Range<usize>,
}

/// What the writing rules read: names in the narrative and wording that blames a person.
#[derive(Debug)]
pub struct People {
    pub mentions: Vec<PersonMention>,
    pub blame: Vec<BlamePhrase>,
}

pub fn find(text: &str, lines: &[Line], skip: &[Range<usize>], sections: &[Section]) -> People {
    let root_causes: Vec<Range<usize>> = outermost(sections, SectionKind::RootCause)
        .map(|s| s.span.clone())
        .collect();
    let blame = blame(text, lines, skip, &root_causes);
    let name_zones = name_zones(text, sections);
    let mut mentions = Vec::new();
    let mut header: Vec<bool> = Vec::new();
    for line in lines {
        let pieces: Vec<Range<usize>> = match line.kind {
            LineKind::Heading { .. } => continue,
            LineKind::TableRow { header: true } => {
                header = line
                    .cells
                    .iter()
                    .map(|c| WRITING.is_name_field(&text[c.clone()]))
                    .collect();
                continue;
            }
            LineKind::TableRow { header: false } => line
                .cells
                .iter()
                .enumerate()
                .filter(|(i, _)| !header.get(*i).copied().unwrap_or(false))
                .map(|(_, c)| c.clone())
                .collect(),
            LineKind::Text => {
                header.clear();
                let names_expected = line
                    .label
                    .as_ref()
                    .is_some_and(|l| WRITING.is_name_field(&text[l.name.clone()]));
                if names_expected {
                    continue;
                }
                vec![line.content.clone()]
            }
        };
        if range_at(&name_zones, line.span.start).is_some() {
            continue;
        }
        for piece in pieces {
            names_in(text, piece, skip, &blame, &mut mentions);
        }
    }
    let mut blame = blame;
    mentions.retain(|m| match named_cause(text, m) {
        Some(span) => {
            blame.push(BlamePhrase {
                kind: BlameKind::NamedCause,
                span,
            });
            false
        }
        None => true,
    });
    blame.sort_by_key(|b| b.span.start);
    People { mentions, blame }
}

/// A name given as the cause ("caused by Sarah"): the cue and the name, as one span.
fn named_cause(text: &str, mention: &PersonMention) -> Option<Range<usize>> {
    let line_start = text[..mention.name.start].rfind('\n').map_or(0, |i| i + 1);
    let from = crate::source::floor_char_boundary(
        text,
        mention.name.start.saturating_sub(40).max(line_start),
    );
    let before = &text[from..mention.name.start];
    let cue = WRITING.named_cause_before.find(before)?;
    let sentence_start = text[line_start..from + cue.start()]
        .rfind(['.', '!', '?', ';'])
        .map_or(line_start, |i| line_start + i + 1);
    let leading = &text[sentence_start..from + cue.start()];
    if WRITING.named_cause_credit.is_match(leading) {
        return None;
    }
    Some(from + cue.start()..mention.name.end)
}

/// The prose a match at `pos` belongs to: its line's content, or its table cell. Headings
/// and table headers are not prose.
fn piece_at(lines: &[Line], pos: usize) -> Option<Range<usize>> {
    let i = lines
        .partition_point(|l| l.span.start <= pos)
        .checked_sub(1)?;
    let line = &lines[i];
    match line.kind {
        LineKind::Text if line.content.contains(&pos) => Some(line.content.clone()),
        LineKind::TableRow { header: false } => {
            line.cells.iter().find(|c| c.contains(&pos)).cloned()
        }
        _ => None,
    }
}

/// Reads a match in its piece of prose (with whether it stands in a root-cause section) and
/// returns the span to report, if it is blame.
type Reading = dyn Fn(&str, Range<usize>, bool) -> Option<Range<usize>>;

/// Blame wording anywhere in the prose. Each phrase list is searched once over the whole text,
/// then read in the context of its line or cell.
fn blame(
    text: &str,
    lines: &[Line],
    skip: &[Range<usize>],
    root_causes: &[Range<usize>],
) -> Vec<BlamePhrase> {
    let mut out: Vec<BlamePhrase> = Vec::new();
    // The spans in `out`, which never overlap, so the one that starts last before a span's end
    // is the only one that can overlap it.
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut found = |kind: BlameKind, at: Range<usize>, reading: &Reading| {
        let Some(piece) = piece_at(lines, at.start) else {
            return;
        };
        if skipped(skip, at.start) || at.end > piece.end {
            return;
        }
        let in_root_cause = range_at(root_causes, at.start).is_some();
        let local = at.start - piece.start..at.end - piece.start;
        if let Some(span) = reading(&text[piece.clone()], local, in_root_cause) {
            let span = piece.start + span.start..piece.start + span.end;
            let before_end = taken.range(..(span.end, 0)).next_back();
            if !before_end.is_some_and(|&(start, end)| overlaps(&(start..end), &span)) {
                taken.insert((span.start, span.end));
                out.push(BlamePhrase { kind, span });
            }
        }
    };
    for m in WRITING.fault.find_iter(text) {
        found(BlameKind::PersonsFault, m.range(), &|s, m, _| {
            if let Some(start) = fault_owner_before(s, m.start) {
                Some(start..m.end)
            } else {
                fault_owner_after(s, m.end).map(|end| m.start..end)
            }
        });
    }
    for (pattern, kind) in [
        (&WRITING.failing, BlameKind::Failing),
        (&WRITING.counterfactual, BlameKind::Counterfactual),
    ] {
        for m in pattern.find_iter(text) {
            found(kind, m.range(), &|s, m, _| {
                subject_before(s, m.start).map(|start| start..m.end)
            });
        }
    }
    // Where sentences stop in the text, found once for all causes: a long line of them would
    // otherwise be searched back to its start for each.
    let mut stops: Option<Vec<usize>> = None;
    for m in WRITING.cause.find_iter(text) {
        let stops = stops.get_or_insert_with(|| {
            let stop = |b: &u8| matches!(b, b'.' | b'!' | b'?' | b';');
            text.bytes()
                .enumerate()
                .filter_map(|(i, b)| stop(&b).then_some(i))
                .collect()
        });
        let at = m.start();
        let last_stop = stops
            .partition_point(|&i| i < at)
            .checked_sub(1)
            .map(|i| stops[i]);
        let reading = move |s: &str, m: Range<usize>, in_root_cause: bool| {
            let before = &s[..m.start];
            let opens = before
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '-'))
                .is_empty();
            let piece_start = at - m.start;
            let sentence_start = last_stop
                .filter(|&i| i >= piece_start)
                .map_or(0, |i| i - piece_start + 1);
            let stated = WRITING.causal_before.is_match(&before[sentence_start..]);
            (stated || (opens && in_root_cause)).then_some(m)
        };
        found(BlameKind::HumanCause, m.range(), &reading);
    }
    for m in WRITING.judgement.find_iter(text) {
        found(BlameKind::Judgement, m.range(), &|_, m, _| Some(m));
    }
    out.sort_by_key(|b| b.span.start);
    out
}

/// Where names belong: attendee and author sections, and action items, whose owners are
/// named on purpose. Sorted and disjoint: a section inside one already listed is left out.
fn name_zones(text: &str, sections: &[Section]) -> Vec<Range<usize>> {
    let mut covered = 0;
    sections
        .iter()
        .filter(|s| {
            let field_section = s.kinds.contains(&SectionKind::Metadata) && {
                // `Owner: Jane` names one field; only a heading or a lone label opens a
                // section of names.
                let line_end = text[s.title.end..]
                    .find('\n')
                    .map_or(text.len(), |i| s.title.end + i);
                text[s.title.end..line_end]
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '*' | '_' | '#'))
                    .is_empty()
            };
            field_section || s.kinds.contains(&SectionKind::ActionItems)
        })
        .filter(|s| {
            let outer = s.span.start >= covered;
            if outer {
                covered = s.span.end;
            }
            outer
        })
        .map(|s| s.span.clone())
        .collect()
}

/// Adjectives allowed between an owner and the fault ("his own mistake").
const FAULT_ADJECTIVES: [&str; 7] = [
    "own", "simple", "obvious", "careless", "big", "small", "critical",
];
/// Words between a subject and its verb ("he simply forgot to").
const ADVERBS: [&str; 8] = [
    "also",
    "simply",
    "just",
    "then",
    "had",
    "has",
    "clearly",
    "obviously",
];
const ARTICLES: [&str; 6] = ["the", "a", "an", "our", "this", "that"];

/// The word that ends right before `end` (spaces skipped), with its start.
fn word_before(s: &str, end: usize) -> Option<(usize, &str)> {
    let before = s[..end].trim_end_matches(' ');
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[start..];
    (!word.is_empty()).then_some((start, word))
}

fn is_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Where the person who owns a fault word starts: "Priya's mistake", "his error", "the
/// engineer's oversight", "John made a mistake".
fn fault_owner_before(s: &str, fault: usize) -> Option<usize> {
    let mut end = fault;
    if let Some((start, word)) = word_before(s, end)
        && is_any(word, &FAULT_ADJECTIVES)
    {
        end = start;
    }
    let (start, word) = word_before(s, end)?;
    if word.eq_ignore_ascii_case("his") || word.eq_ignore_ascii_case("her") {
        return Some(start);
    }
    if is_any(word, &["a", "an"])
        && let Some((made, verb)) = word_before(s, start)
        && is_any(verb, &["made", "makes", "make"])
    {
        return subject_before(s, made);
    }
    let owner_end = s[..end]
        .trim_end_matches(' ')
        .strip_suffix("'s")
        .or_else(|| s[..end].trim_end_matches(' ').strip_suffix("’s"))?
        .len();
    person_ending_at(s, owner_end)
}

/// Where "a mistake by John", "the fault of the engineer" ends.
fn fault_owner_after(s: &str, fault: usize) -> Option<usize> {
    let rest = &s[fault..];
    let after = rest
        .strip_prefix(" by ")
        .or_else(|| rest.strip_prefix(" of "))?;
    let at = s.len() - after.len();
    let first_end = at
        + after
            .find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .unwrap_or(after.len());
    let first = &s[at..first_end];
    if WRITING.is_given_name(first) || is_any(first, &["him", "her", "someone", "somebody"]) {
        return Some(first_end);
    }
    if is_any(first, &ARTICLES) {
        // "the (on-call) engineer"
        let mut end = first_end;
        for _ in 0..2 {
            let next = s[end..].strip_prefix(' ')?;
            let start = s.len() - next.len();
            let word_end = start
                + next
                    .find(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .unwrap_or(next.len());
            if WRITING.is_role(&s[start..word_end]) {
                return Some(word_end);
            }
            end = word_end;
        }
    }
    None
}

/// Where a person who is the subject of the verb at `verb` starts: "he", "someone", "John",
/// "Peter Taylor", "engineer Marcus", "the (on-call) engineer", with "also", "simply"... in
/// between.
fn subject_before(s: &str, verb: usize) -> Option<usize> {
    let mut end = verb;
    while let Some((start, word)) = word_before(s, end) {
        if !is_any(word, &ADVERBS) {
            break;
        }
        end = start;
    }
    let (start, word) = word_before(s, end)?;
    if is_any(word, &["he", "she", "someone", "somebody"]) {
        return Some(start);
    }
    person_ending_at(s, end)
}

/// Where a person whose reference ends at `end` starts: a given name with or without a
/// surname, or a job title led by an article within three words.
fn person_ending_at(s: &str, end: usize) -> Option<usize> {
    let (start, word) = word_before(s, end)?;
    if WRITING.is_given_name(word) {
        return Some(start);
    }
    if word.starts_with(|c: char| c.is_ascii_uppercase())
        && s[..start].ends_with(' ')
        && let Some((first, given)) = word_before(s, start - 1)
        && WRITING.is_given_name(given)
        && start - 1 == first + given.len()
    {
        return Some(first);
    }
    if WRITING.is_role(word) {
        return article_before(s, start);
    }
    None
}

fn names_in(
    text: &str,
    piece: Range<usize>,
    skip: &[Range<usize>],
    blame: &[BlamePhrase],
    out: &mut Vec<PersonMention>,
) {
    let s = &text[piece.clone()];
    let mut push = |name: Range<usize>, phrase: Range<usize>| {
        let name = piece.start + name.start..piece.start + name.end;
        let phrase = piece.start + phrase.start..piece.start + phrase.end;
        // Blame phrases are sorted and disjoint, and names arrive in text order.
        let in_blame = blame
            .get(blame.partition_point(|b| b.span.end <= name.start))
            .is_some_and(|b| overlaps(&b.span, &name));
        let handled = skipped(skip, name.start)
            || in_blame
            || out.last().is_some_and(|m| overlaps(&m.name, &name));
        if !handled {
            out.push(PersonMention { name, phrase });
        }
    };
    let words = words_of(s);
    for (i, word) in words.iter().enumerate() {
        let said = &s[word.clone()];
        let next = words.get(i + 1);
        let capitalised_next = next.is_some_and(|n| s[n.clone()].starts_with(char::is_uppercase));
        if capitalised_next && WRITING.is_role(said) {
            // "engineer Marcus", "the on-call engineer, John," (a name set apart by commas
            // need not be in the list; a bare capitalised word after a title could be
            // anything: "engineer Kubernetes cluster").
            let Some(next) = next else {
                continue;
            };
            let gap = &s[word.end..next.start];
            let name = &s[next.clone()];
            let known = WRITING.is_given_name(name) && (gap == " " || gap == ", ");
            let apposition = gap == ", " && s[next.end..].starts_with([',', '.', ')', ';']);
            if known || apposition {
                let name_range = full_name(s, &words, i + 1);
                // The phrase includes the title's article and words: "the on-call engineer".
                let title = article_before(s, word.start).unwrap_or(word.start);
                push(name_range.clone(), title..name_range.end);
            }
        } else if WRITING.is_given_name(said)
            && !s[..word.start].ends_with(['@', '/', '.', '-', '_'])
        {
            // `@john` is a handle, which names an owner rather than a person in the story.
            let name = full_name(s, &words, i);
            push(name.clone(), name);
        }
    }
}

/// Words of `s`: runs of letters, digits and inner hyphens.
fn words_of(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let inside = c.is_alphanumeric() || (c == '-' && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push(st..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(st..s.len());
    }
    out
}

/// The name that starts at word `i`, with the capitalised surname that follows it.
fn full_name(s: &str, words: &[Range<usize>], i: usize) -> Range<usize> {
    let first = words[i].clone();
    match words.get(i + 1) {
        Some(next)
            if &s[first.end..next.start] == " "
                && s[next.clone()].starts_with(|c: char| c.is_ascii_uppercase())
                && s[next.clone()][1..]
                    .chars()
                    .all(|c| c.is_lowercase() || c == '-') =>
        {
            first.start..next.end
        }
        _ => first,
    }
}

/// Where the article that leads a job title starts, within three words before `role`: "the
/// on-call engineer", "our lead".
fn article_before(s: &str, role: usize) -> Option<usize> {
    let mut start = role;
    for _ in 0..3 {
        let (word_start, word) = word_before(s, start)?;
        start = word_start;
        if is_any(word, &ARTICLES) {
            return Some(start);
        }
    }
    None
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::layout::layout;
    use crate::document::outline;
    use crate::source::{Format, LineIndex};

    fn people(text: &str) -> (Vec<String>, Vec<(BlameKind, String)>) {
        let index = LineIndex::new(text);
        let layout = layout(text, &index, Format::Markdown);
        let sections = outline::sections(text, &layout.lines);
        let found = find(text, &layout.lines, &layout.skip, &sections);
        (
            found
                .mentions
                .iter()
                .map(|m| text[m.phrase.clone()].to_string())
                .collect(),
            found
                .blame
                .iter()
                .map(|b| (b.kind, text[b.span.clone()].to_string()))
                .collect(),
        )
    }

    #[test]
    fn names_with_and_without_titles() {
        let (names, _) = people(
            "## Timeline\n\n- Investigation started by the on-call engineer, John, at once.\n- We called Peter Taylor.\n- Restarted by @mike.\n",
        );
        assert_eq!(names, ["the on-call engineer, John", "Peter Taylor"]);
    }

    #[test]
    fn names_in_fields_and_action_items_are_expected() {
        let (names, _) = people(
            "Authors: Jane Doe, John Smith\n\n## Attendees\n\n- Peter\n\n## Action items\n\n| Item | Owner |\n|---|---|\n| Add alert | Sarah |\n",
        );
        assert!(names.is_empty(), "{names:?}");
        let (names, _) =
            people("| When | Who | What |\n|---|---|---|\n| 09:00 | Sarah | Tom paged |\n");
        assert_eq!(names, ["Tom"]);
    }

    #[test]
    fn a_person_named_as_the_cause_is_blame_but_credit_is_not() {
        let (names, blame) = people(
            "## Root cause\n\nThe outage happened because Tom pushed an untested config. This was noticed because Tim looked at Grafana.\n",
        );
        let kinds: Vec<_> = blame.iter().map(|(k, t)| (*k, t.as_str())).collect();
        assert_eq!(kinds, [(BlameKind::NamedCause, "because Tom")]);
        assert_eq!(names, ["Tim"]);
    }

    #[test]
    fn blame_wording() {
        let (names, blame) = people(
            "## Root cause\n\nThe outage was caused by Priya's mistake. Then engineer Marcus failed to follow the runbook. He should have checked. A careless edit.\n\n- Human error in the deploy step.\n\n## Lessons\n\nAutomate it to leave less room for human error. The job failed to start. We should have alerted.\n",
        );
        use BlameKind::*;
        let kinds: Vec<_> = blame.iter().map(|(k, t)| (*k, t.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (PersonsFault, "Priya's mistake"),
                (Failing, "Marcus failed to"),
                (Counterfactual, "He should have"),
                (Judgement, "careless"),
                (HumanCause, "Human error"),
            ]
        );
        assert!(names.is_empty(), "{names:?}");
    }
}
