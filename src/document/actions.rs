//! Action items: the list items and table rows of the action-item sections, with what each
//! says about its owner, ticket, due date and whether it is done.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::layout::{Line, LineKind};
use super::phrases::PHRASES;
use super::sections::SectionKind;
use super::writing::{ItemField, WRITING};
use super::{Section, WrittenTime, outermost, scopes, skipped};

#[derive(Debug, Clone, PartialEq)]
pub struct ActionItem {
    /// The item with its continuation lines and sub-items.
    pub span: Range<usize>,
    /// What the item asks for: its first line, or a table row's description cell.
    pub title: Range<usize>,
    pub owner: bool,
    pub ticket: bool,
    pub due: bool,
    pub done: bool,
    /// A vague verb that opens the item ("Investigate", "Look into").
    pub vague_verb: Option<Range<usize>>,
    /// An outcome bounds the item ("and decide whether", "so that", "to under 5 minutes").
    pub bounded: bool,
}

// The team name before "team" is matched as ASCII: thirty copies of Unicode `\w` took 15 ms
// to compile, more than linting the file. "(payments team)" is found in code for the same
// reason (`team_in_brackets`).
static OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\w.])@[a-z0-9][\w.-]*|(?-u:\b)(?:owners?|assignees?|assigned to|dri|responsible|poc)(?-u:\b)[ \t]*(?:\*\*)?[ \t]*[:=–—-]|[–—-][ \t]+(?-u:[\w ]){1,30}(?-u:\b)team[ \t]*$",
    )
    .expect("owner pattern compiles")
});

/// The word "team" inside brackets, at most 40 characters after the opening one and 10 before
/// the closing one, on one line: "(platform team)", "[owner: SRE team]".
fn team_in_brackets(said: &str) -> bool {
    let bytes = said.as_bytes();
    let is_word = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    (0..said.len().saturating_sub(3)).any(|at| {
        said.is_char_boundary(at)
            && bytes[at..at + 4].eq_ignore_ascii_case(b"team")
            && (at == 0 || !is_word(at - 1))
            && !is_word(at + 4)
            && said[..at]
                .chars()
                .rev()
                .take(41)
                .find(|c| matches!(c, '(' | '[' | ')' | ']' | '\n'))
                .is_some_and(|c| matches!(c, '(' | '['))
            && said[at + 4..]
                .chars()
                .take(11)
                .find(|c| matches!(c, ')' | ']' | '\n'))
                .is_some_and(|c| c != '\n')
    })
}

/// A section title that marks its items finished: "Immediate actions (completed)", "Done".
static DONE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:done|completed?|finished|closed)\)|^\W*(?:done|completed|finished)(?-u:\b)|(?-u:\b)(?:done|completed|finished)\W*$")
        .expect("done title pattern compiles")
});
static DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t]*(?:[-*+]|\d+[.)])?[ \t]*\[[xX]\]|✅|✔|^[ \t]*(?:[-*+]|\d+[.)])?[ \t]*~~|\((?:done|completed?|fixed|shipped|merged|closed)\)|^[ \t]*(?:[-*+]|\d+[.)])?[ \t]*\**(?:DONE|Done)(?-u:\b)")
        .expect("done pattern compiles")
});

/// Builds this module's patterns ahead of the first document (see `document::warm_up`).
pub(super) fn warm_up() {
    for pattern in [&OWNER, &DONE_TITLE, &DONE] {
        LazyLock::force(pattern);
    }
}

/// Values of an owner, ticket or due column that leave it empty.
fn is_blank(value: &str) -> bool {
    let value = value.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`'));
    value.is_empty()
        || matches!(
            value,
            "-" | "–" | "—" | "?" | "??" | "none" | "None" | "unassigned" | "Unassigned"
        )
        || PHRASES.is_unknown_value(value)
}

pub fn find(
    text: &str,
    lines: &[Line],
    skip: &[Range<usize>],
    sections: &[Section],
    written: &[WrittenTime],
) -> Vec<ActionItem> {
    let mut items = Vec::new();
    for section in outermost(sections, SectionKind::ActionItems) {
        let first = lines.partition_point(|l| l.span.start < section.span.start);
        let last = lines.partition_point(|l| l.span.start < section.span.end);
        collect(text, &lines[first..last], skip, sections, &mut items);
    }
    for item in &mut items {
        // Dates written in an item give its due date ("by 2024-07-01", "Due: May 3").
        let i = written.partition_point(|w| w.mention.span.start < item.span.start);
        item.due |= written[i..]
            .iter()
            .take_while(|w| w.mention.span.start < item.span.end)
            .any(|w| w.date.is_some());
    }
    items
}

/// One pass over a section's lines: table rows by their header's columns, list items with
/// their continuation lines and sub-items.
fn collect(
    text: &str,
    lines: &[Line],
    skip: &[Range<usize>],
    sections: &[Section],
    out: &mut Vec<ActionItem>,
) {
    let finish = |mut item: ActionItem| {
        read_text(text, &mut item);
        item
    };
    let mut columns: Vec<Option<ItemField>> = Vec::new();
    let mut open: Option<ActionItem> = None;
    let mut base_indent: Option<usize> = None;
    // A top-level item that only introduces sub-items ("**Short term:**").
    let mut in_group = false;
    for (i, line) in lines.iter().enumerate() {
        if line.kind == LineKind::Text && skipped(skip, line.content.start) {
            continue;
        }
        match line.kind {
            LineKind::Heading { .. } => {
                out.extend(open.take().map(finish));
                base_indent = None;
                in_group = false;
            }
            LineKind::TableRow { header: true } => {
                out.extend(open.take().map(finish));
                columns = line
                    .cells
                    .iter()
                    .map(|c| WRITING.item_field(&text[c.clone()]))
                    .collect();
            }
            LineKind::TableRow { header: false } => {
                out.extend(open.take().map(finish));
                out.extend(table_item(text, line, &columns, sections).map(finish));
            }
            LineKind::Text => {
                let indent =
                    text[line.span.clone()].len() - text[line.span.clone()].trim_start().len();
                let top = line.list_item && base_indent.is_none_or(|b| indent <= b + 1);
                if top {
                    out.extend(open.take().map(finish));
                    base_indent.get_or_insert(indent);
                    let own = text[line.content.clone()].trim_end_matches(['*', '_', ' ']);
                    let nested_next = lines.get(i + 1).is_some_and(|n| {
                        n.list_item && n.kind == LineKind::Text && n.span.start > line.span.end && {
                            let next = &text[n.span.clone()];
                            next.len() - next.trim_start().len() > indent + 1
                        }
                    });
                    in_group = own.ends_with(':') && nested_next;
                    if !in_group {
                        open = Some(start_item(text, line, sections));
                    }
                } else if in_group && line.list_item {
                    out.extend(open.take().map(finish));
                    open = Some(start_item(text, line, sections));
                } else if let Some(item) = open.as_mut() {
                    // Sub-items and continuation lines belong to the open item, until prose
                    // that is not indented starts a new paragraph.
                    if indent == 0
                        && !line.list_item
                        && !line.quoted
                        && line.block != lines[i - 1].block
                    {
                        out.extend(open.take().map(finish));
                    } else {
                        item.span.end = line.span.end;
                        if line.label.as_ref().is_some_and(|l| {
                            WRITING.item_field(&text[l.name.clone()]) == Some(ItemField::Owner)
                                && !is_blank(&text[l.rest.clone()])
                        }) {
                            item.owner = true;
                        }
                    }
                }
            }
        }
    }
    out.extend(open.map(finish));
}

/// A list item: what its first line says, and whether its section is marked done.
fn start_item(text: &str, line: &Line, sections: &[Section]) -> ActionItem {
    // "**Redis isolation**: Decouple ..." is titled by its label, and "Improve code review:
    // Strengthen ..." opens with its label's verb.
    let label = line.label.as_ref().filter(|l| !l.rest.is_empty());
    let title = match label {
        Some(label) if label.bold => label.name.clone(),
        _ => line.content.clone(),
    };
    let marks = section_marks(text, line, sections);
    ActionItem {
        span: line.span.clone(),
        vague_verb: vague_verb(text, label.map_or(title.clone(), |l| l.name.clone())),
        title,
        owner: false,
        ticket: marks.ticket,
        due: marks.due,
        done: DONE.is_match(&text[line.span.clone()]) || marks.done,
        bounded: false,
    }
}

/// A table row of an action-item table, read by its columns.
fn table_item(
    text: &str,
    line: &Line,
    columns: &[Option<ItemField>],
    sections: &[Section],
) -> Option<ActionItem> {
    let description = line
        .cells
        .iter()
        .enumerate()
        .find(|(i, c)| {
            columns.get(*i).copied().flatten().is_none() && !text[(*c).clone()].trim().is_empty()
        })
        .map(|(_, c)| c.clone())?;
    let marks = section_marks(text, line, sections);
    let mut item = ActionItem {
        span: line.span.clone(),
        title: description.clone(),
        owner: false,
        ticket: marks.ticket,
        due: marks.due,
        done: marks.done || DONE.is_match(&text[description.clone()]),
        vague_verb: vague_verb(text, description),
        bounded: false,
    };
    for (cell, field) in line.cells.iter().zip(columns) {
        let value = &text[cell.clone()];
        match field {
            Some(ItemField::Owner) => item.owner |= !is_blank(value),
            Some(ItemField::Ticket) => item.ticket |= !is_blank(value),
            Some(ItemField::Due) => item.due |= !is_blank(value),
            Some(ItemField::Status) => item.done |= WRITING.done.is_match(value),
            None => {}
        }
    }
    Some(item)
}

/// What the titles of the sections around an item say about all their items.
struct SectionMarks {
    /// "Immediate actions (completed)"; only the innermost title counts.
    done: bool,
    /// "Short-term improvements (tracked in #40885)"; any enclosing title counts.
    ticket: bool,
    /// "In progress (next 2 weeks)", "Long-term (Q4 2025 - Q1 2026)".
    due: bool,
}

fn section_marks(text: &str, line: &Line, sections: &[Section]) -> SectionMarks {
    // Innermost first.
    let around: Vec<&Section> = scopes::around(sections, line.span.start).collect();
    let title_of = |s: &Section| {
        let end = text[s.title.start..]
            .find('\n')
            .map_or(text.len(), |i| s.title.start + i);
        &text[s.title.start..end]
    };
    let done = around
        .first()
        .is_some_and(|s| DONE_TITLE.is_match(title_of(s).trim_end_matches(['*', '_', ':'])));
    SectionMarks {
        done,
        ticket: around.iter().any(|s| WRITING.ticket.is_match(title_of(s))),
        due: around
            .iter()
            .any(|s| WRITING.deadline.is_match(title_of(s))),
    }
}

/// The vague verb that opens `title`, if any.
fn vague_verb(text: &str, title: Range<usize>) -> Option<Range<usize>> {
    let said = &text[title.clone()];
    let lead = said.len() - said.trim_start_matches(['*', '_', '[', ' ', '`']).len();
    WRITING
        .vague_verb
        .find(&said[lead..])
        .map(|m| title.start + lead + m.start()..title.start + lead + m.end())
}

/// Reads the whole item's text for an owner, a ticket, a deadline and a bound.
fn read_text(text: &str, item: &mut ActionItem) {
    let said = &text[item.span.clone()];
    item.owner |= OWNER.is_match(said)
        || team_in_brackets(said)
        || said
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|word| WRITING.is_given_name(word));
    item.ticket |= WRITING.ticket.is_match(said);
    item.due |= WRITING.deadline.is_match(said);
    item.bounded = WRITING.bound.is_match(said);
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::source::{Format, SourceFile};

    /// Each item as its title, the vague verb, and its flags as a string of letters: Owner,
    /// Ticket, Due date, done (X), Bounded.
    fn items(text: &str) -> Vec<(String, Option<String>, String)> {
        let source = SourceFile::new("t.md", text, Format::Markdown);
        let doc = Document::parse(&source, &Default::default());
        doc.action_items()
            .iter()
            .map(|i| {
                let flags = [
                    (i.owner, 'O'),
                    (i.ticket, 'T'),
                    (i.due, 'D'),
                    (i.done, 'X'),
                    (i.bounded, 'B'),
                ];
                (
                    text[i.title.clone()].to_string(),
                    i.vague_verb.clone().map(|v| text[v].to_string()),
                    flags
                        .iter()
                        .filter(|(on, _)| *on)
                        .map(|(_, c)| *c)
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn list_items_with_owners_tickets_and_dates() {
        let found = items(
            "## Action items\n\n- Investigate monitoring for this scenario\n- Add an alert on 5xx rate (@sam, PLAT-12, due 2024-07-01)\n  - Owner: Jane\n- [x] Roll back the cache change\n\nThe list was agreed in the review.\n\n## Lessons\n\n- not an item\n",
        );
        assert_eq!(
            found,
            [
                (
                    "Investigate monitoring for this scenario".to_string(),
                    Some("Investigate".to_string()),
                    String::new()
                ),
                (
                    "Add an alert on 5xx rate (@sam, PLAT-12, due 2024-07-01)".to_string(),
                    None,
                    "OTD".to_string()
                ),
                (
                    "Roll back the cache change".to_string(),
                    None,
                    "X".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_team_in_brackets_owns_the_item() {
        use super::team_in_brackets;
        assert!(team_in_brackets("Add a canary (payments team)"));
        assert!(team_in_brackets("Add a canary [owner: the SRE Team, Q3]"));
        assert!(!team_in_brackets("Add a canary (teams) for the team"));
        assert!(!team_in_brackets("Tell the team (soon)"));
        assert!(!team_in_brackets("(a note) team"));
        // The opening bracket is more than 40 characters before "team".
        assert!(!team_in_brackets(
            "(this sentence runs on for quite a while before the team)"
        ));
        assert!(!team_in_brackets("(platform team\n)"));
        assert!(!team_in_brackets("(é team"));
    }

    #[test]
    fn table_rows_by_column() {
        let found = items(
            "## Action Items\n\n| Action item | Type | Owner | Bug |\n|---|---|---|---|\n| Look into disk alerts and decide on a threshold | prevent | jennifer | 4567 |\n| Add a canary | mitigate | - | |\n",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1.as_deref(), Some("Look into"));
        assert_eq!(found[0].2, "OTB");
        assert_eq!(found[1].2, "");
    }

    /// A bold group label is a section of its own, so what its title says (a due date) holds
    /// for the items under it.
    #[test]
    fn group_labels_are_not_items() {
        let found = items(
            "## Follow-ups\n\n- **Short term (next 2 weeks):**\n  - Add a retry\n  - Document the flag\n- Long term: rewrite the loader\n",
        );
        let titles: Vec<(&str, &str)> =
            found.iter().map(|f| (f.0.as_str(), f.2.as_str())).collect();
        assert_eq!(
            titles,
            [
                ("Add a retry", "D"),
                ("Document the flag", "D"),
                ("Long term: rewrite the loader", "")
            ]
        );
    }
}
