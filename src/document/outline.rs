//! Sections: Markdown headings, bold pseudo-headings (`**Timeline:**`), label lines that name
//! a section (`Impact: Users could not ...`), and lone title lines (`TIMELINE`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Section;
use super::WrittenTime;
use super::entries::opening_mention;
use super::layout::{Line, LineKind};
use super::sections::{SECTIONS, SectionKind};

pub fn sections(text: &str, lines: &[Line]) -> Vec<Section> {
    let mut block_sizes: HashMap<usize, usize> = HashMap::new();
    for line in lines {
        *block_sizes.entry(line.block).or_default() += 1;
    }

    let mut found: Vec<Found> = Vec::new();
    let mut heading_level = 0u8;
    for (at, line) in lines.iter().enumerate() {
        match line.kind {
            LineKind::Heading { level } => {
                heading_level = level;
                let kinds = SECTIONS.classify(&text[line.content.clone()], true);
                found.push(Found::new(
                    line.span.clone(),
                    line.content.clone(),
                    level,
                    kinds,
                ));
            }
            LineKind::Text if !line.list_item && !line.quoted => {
                let pseudo_level = heading_level.saturating_add(1);
                if let Some(label) = line.label.clone() {
                    let name = &text[label.name.clone()];
                    let standalone = label.rest.is_empty();
                    let kinds = SECTIONS.classify(name, label.bold && standalone);
                    if !kinds.is_empty() || (label.bold && standalone) {
                        found.push(Found::new(
                            line.span.clone(),
                            label.name,
                            pseudo_level,
                            kinds,
                        ));
                    }
                } else if block_sizes.get(&line.block) == Some(&1) || opens_paragraph(lines, at) {
                    let title = text[line.content.clone()].trim_matches(['*', '_']);
                    let title_like = title.starts_with(char::is_alphabetic)
                        && !title.contains(|c: char| c.is_ascii_digit())
                        && !title.ends_with(['.', ',', ';'])
                        && title.split_whitespace().count() <= 6;
                    let kinds = if title_like {
                        SECTIONS.classify(title, false)
                    } else {
                        Vec::new()
                    };
                    if !kinds.is_empty() {
                        found.push(Found::new(
                            line.span.clone(),
                            line.content.clone(),
                            pseudo_level,
                            kinds,
                        ));
                    }
                }
            }
            LineKind::Text if line.list_item && !line.quoted => {
                if let Some(item) = list_item_section(text, lines, at) {
                    found.push(Found {
                        level: heading_level.saturating_add(1),
                        ..item
                    });
                }
            }
            _ => {}
        }
    }

    // Each section runs to the next one at its level or higher; the open ones form a stack,
    // innermost on top, which also gives each section its parent.
    let mut sections: Vec<Section> = Vec::with_capacity(found.len());
    let mut open: Vec<(usize, u8)> = Vec::new();
    for this in found {
        if let Some(end) = this.item_end {
            sections.push(Section {
                kinds: this.kinds,
                title: this.title,
                span: this.line.start..end,
                parent: open.last().map(|(i, _)| *i),
            });
            continue;
        }
        while let Some(&(i, _)) = open.last().filter(|(_, level)| *level >= this.level) {
            sections[i].span.end = this.line.start;
            open.pop();
        }
        open.push((sections.len(), this.level));
        sections.push(Section {
            kinds: this.kinds,
            title: this.title,
            span: this.line.start..text.len(),
            parent: open.iter().rev().nth(1).map(|(i, _)| *i),
        });
    }
    sections
}

/// Whether a section says nothing under its title: only blank lines, HTML tags and comments,
/// markup, or a `TODO`, `TBD` or `TBA` left by a template. A picture, an embed and a link in
/// angle brackets are content.
pub fn is_empty(text: &str, sections: &[Section], section: &Section) -> bool {
    // A list item's section (`- **Impact**:`) may have its text in the paragraphs after the
    // item: the body runs to the next section.
    let end = sections
        .iter()
        .find(|s| s.span.start >= section.span.end)
        .map_or(text.len(), |next| next.span.start);
    let mut body = &text[section.title.end..end];
    let mut words = String::new();
    while let Some(open) = body.find('<') {
        words.push_str(&body[..open]);
        let tag = &body[open..];
        let close = if tag.starts_with("<!--") {
            tag.find("-->").map(|end| end + 3)
        } else if tag[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            tag.find(['>', '\n'])
                .filter(|end| tag[*end..].starts_with('>'))
                .map(|end| end + 1)
        } else {
            None
        };
        let Some(close) = close else {
            // `<5% of users`: not a tag.
            words.push('<');
            body = &tag[1..];
            continue;
        };
        // A picture, an embed or a link written `<https://...>` is content.
        let name = tag[1..].trim_start_matches('/');
        if MEDIA.iter().any(|m| name.starts_with(m)) {
            words.push_str(" media ");
        }
        body = &tag[close..];
    }
    words.push_str(body);
    words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .all(|word| {
            ["TODO", "TBD", "TBA"]
                .iter()
                .any(|p| word.eq_ignore_ascii_case(p))
        })
}

/// Tags that are content of their own, and the `<http` of a link written in angle brackets.
const MEDIA: &[&str] = &[
    "img", "picture", "svg", "video", "audio", "iframe", "embed", "object", "http",
];

/// Words of prose under the title, before the first section, that make it a summary in all
/// but name.
const LEAD_WORDS: usize = 25;

/// The untitled paragraphs between a document's title and its first section (`# Outage`, then
/// what happened in a few sentences, then `## Timeline`): many write-ups open with their
/// summary this way and give it no heading.
pub fn lead(text: &str, lines: &[Line], sections: &[Section]) -> Option<Range<usize>> {
    let first = lines.first()?;
    let (start, skip) = match first.kind {
        LineKind::Heading { .. } => (first.span.end, 1),
        _ => (first.span.start, 0),
    };
    let end = sections
        .iter()
        .map(|s| s.span.start)
        .find(|&at| at >= start)
        .unwrap_or(text.len());
    let words: usize = lines[skip..]
        .iter()
        .take_while(|line| line.span.start < end)
        .filter(|line| line.kind == LineKind::Text && !line.list_item && !line.quoted)
        .map(|line| text[line.content.clone()].split_whitespace().count())
        .sum();
    (words >= LEAD_WORDS).then_some(start..end)
}

/// The first line of a paragraph of several: a title written straight above its text
/// (`Root cause` then `The deploy script ...`) is one paragraph in Markdown.
fn opens_paragraph(lines: &[Line], at: usize) -> bool {
    let block = lines[at].block;
    let first = at
        .checked_sub(1)
        .is_none_or(|before| lines[before].block != block);
    first && lines.get(at + 1).is_some_and(|next| next.block == block)
}

/// At least this many lines opening with a date and a time make a timeline of a section
/// whose title names nothing known.
const TIMESTAMPED_LINES: usize = 3;

/// A section whose title names nothing known (`Context`, `Sequence of events`) but whose lines
/// mostly open with a date and a time is a timeline in all but name. Only sections with no
/// subsections: a document's title holds everything.
pub fn timelines_by_content(
    text: &str,
    lines: &[Line],
    mentions: &[WrittenTime],
    sections: &mut [Section],
) {
    let parents: HashSet<usize> = sections.iter().filter_map(|s| s.parent).collect();
    for (i, section) in sections.iter_mut().enumerate() {
        if !section.kinds.is_empty() || parents.contains(&i) {
            continue;
        }
        let first = lines.partition_point(|l| l.span.end < section.title.end);
        let (mut stamped, mut other) = (0, 0);
        for line in lines[first..]
            .iter()
            .skip(1)
            .take_while(|l| l.span.start < section.span.end)
            .filter(|l| l.kind == LineKind::Text && !l.content.is_empty())
        {
            let opens = opening_mention(text, mentions, &line.content).is_some_and(|at| {
                mentions[at].mention.date.is_some() && mentions[at].mention.clock.is_some()
            });
            if opens {
                stamped += 1;
            } else {
                other += 1;
            }
        }
        if stamped >= TIMESTAMPED_LINES && stamped >= other {
            section.kinds.push(SectionKind::Timeline);
        }
    }
}

/// A list item whose bold label names a section (`- **Impact**: ...`, `- **Key events**` over
/// a nested list): some teams write every section this way. The section is the item itself,
/// with its nested lines, so it never swallows the items after it. A bold label of another
/// name over a nested list (`- **Context**`) is a section of no known kind, which its content
/// may still make a timeline.
fn list_item_section(text: &str, lines: &[Line], at: usize) -> Option<Found> {
    let item = &lines[at];
    let label = item.label.as_ref().filter(|label| label.bold)?;
    let standalone = label.rest.is_empty();
    let kinds = SECTIONS.classify(&text[label.name.clone()], standalone);
    if kinds.is_empty() && !standalone {
        return None;
    }
    let indent = |line: &Line| line.content.start - line.span.start;
    let depth = indent(item);
    let end = lines[at + 1..]
        .iter()
        .find(|line| {
            let outside = if line.list_item {
                indent(line) <= depth
            } else {
                line.block != item.block && indent(line) < depth
            };
            outside || matches!(line.kind, LineKind::Heading { .. })
        })
        .map_or(text.len(), |next| next.span.start);
    if kinds.is_empty() && end <= item.span.end {
        return None;
    }
    Some(Found {
        line: item.span.clone(),
        title: label.name.clone(),
        level: 0,
        kinds,
        item_end: Some(end),
    })
}

/// A line that opens a section; its end is known once the next one at its level is found,
/// unless it is a list item, which ends with the item.
struct Found {
    line: Range<usize>,
    title: Range<usize>,
    level: u8,
    kinds: Vec<SectionKind>,
    item_end: Option<usize>,
}

impl Found {
    fn new(line: Range<usize>, title: Range<usize>, level: u8, kinds: Vec<SectionKind>) -> Found {
        Found {
            line,
            title,
            level,
            kinds,
            item_end: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SectionKind::*;
    use crate::document::layout::layout;
    use crate::source::{Format, LineIndex};

    fn outline(text: &str, format: Format) -> Vec<(String, Vec<SectionKind>, String)> {
        let index = LineIndex::new(text);
        let layout = layout(text, &index, format);
        sections(text, &layout.lines)
            .into_iter()
            .map(|s| {
                (
                    text[s.title].to_string(),
                    s.kinds,
                    text[s.span].trim_end().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_section_is_empty_with_nothing_but_tags_comments_and_todo_under_it() {
        let empty_root_cause = |body: &str| {
            let text = format!("# Outage\n\n## Root cause\n\n{body}\n\n## Action items\n\n- x\n");
            let index = LineIndex::new(&text);
            let found = sections(&text, &layout(&text, &index, Format::Markdown).lines);
            let section = found
                .iter()
                .find(|s| s.kinds == [RootCause])
                .expect("a root cause");
            is_empty(&text, &found, section)
        };
        for body in [
            "",
            "TODO",
            "<!-- what made it happen? -->",
            "-",
            "<p></p>",
            "TBD.",
        ] {
            assert!(empty_root_cause(body), "{body:?} is empty");
        }
        for body in [
            "<1% of disks had headroom.",
            "<https://wiki.example.com/rca/42>",
            "<iframe src=\"x\"></iframe>",
            "<img src=\"graph.png\">",
            "```\nstack trace\n```",
            "| a | b |\n| - | - |\n| 1 | 2 |",
            "TODO: find out why the pool was exhausted",
        ] {
            assert!(!empty_root_cause(body), "{body:?} is content");
        }
    }

    #[test]
    fn plain_text_label_lines() {
        let text = "Postmortem: Outage\n\nIssue Summary:\nDuration: 1 hour\nImpact: All users saw errors.\n\nTimeline:\n09:00 - paged\nRoot Cause and Resolution:\nA bad cache.\nTemporary Workaround: flushed it.\n";
        let found = outline(text, Format::PlainText);
        let kinds: Vec<_> = found.iter().map(|(_, k, _)| k.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                vec![Summary],
                vec![Impact],
                vec![Timeline],
                vec![RootCause, Resolution]
            ]
        );
        assert_eq!(found[2].2, "Timeline:\n09:00 - paged");
    }

    #[test]
    fn markdown_nesting_and_bold_pseudo_headings() {
        let text = "# Title\n\n## Incident Timeline\n\n### May 3 - first\n\n**Duration:** 1 hour\n\n**Timeline:**\n\n- 09:00 - paged\n\n### May 4 - second\n\n## Action Items\n\n- fix\n";
        let found = outline(text, Format::Markdown);
        let titles: Vec<_> = found.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Title",
                "Incident Timeline",
                "May 3 - first",
                "Timeline",
                "May 4 - second",
                "Action Items"
            ]
        );
        assert!(found[3].2.ends_with("09:00 - paged"));
        assert!(found[1].2.contains("May 4 - second"));
        assert_eq!(found[5].1, vec![ActionItems]);
    }

    #[test]
    fn a_list_of_timestamps_under_an_unknown_title_is_a_timeline() {
        let kinds = |text: &str| {
            let source = crate::source::SourceFile::new("t.md", text, Format::Markdown);
            let doc = crate::document::Document::parse(&source, &Default::default());
            doc.sections
                .iter()
                .map(|s| (text[s.title.clone()].to_string(), s.kinds.clone()))
                .collect::<Vec<_>>()
        };
        let stamped = "# Incident

- **Context**:
  - 2024-03-04 09:15: paged
  - 2024-03-04 09:20: rolled back
  - 2024-03-04 09:40: recovered
";
        assert_eq!(
            kinds(stamped),
            [
                ("Incident".into(), vec![]),
                ("Context".into(), vec![Timeline])
            ]
        );
        // Two timestamps, or more prose than timestamps, do not make a timeline.
        let two = stamped.replace("  - 2024-03-04 09:40: recovered\n", "");
        assert_eq!(kinds(&two)[1].1, vec![]);
        let prose = format!(
            "{stamped}  - the cache was cold\n  - the team met\n  - we wrote it up\n  - later\n"
        );
        assert_eq!(kinds(&prose)[1].1, vec![]);
    }

    #[test]
    fn bold_list_item_labels_are_sections_that_end_with_their_item() {
        let text = "# Incident\n\n- **Key events**\n  - First detected: 2024-03-04 09:15\n  - Resolved: 2024-03-04 10:00\n- **Monitoring**: Sam\n- **Impact**: builds failed\n  for everyone\n\nClosing words.\n";
        let found = outline(text, Format::Markdown);
        let sections: Vec<_> = found
            .iter()
            .map(|(title, kinds, span)| (title.as_str(), kinds.clone(), span.lines().count()))
            .collect();
        assert_eq!(
            sections,
            [
                ("Incident", vec![], 10),
                ("Key events", vec![Timeline], 3),
                ("Impact", vec![Impact], 2),
            ]
        );
    }

    #[test]
    fn lone_title_lines_and_list_labels() {
        let text = "TIMELINE\n\n- Impact: none of this is a section\n\nSummary\n";
        let found = outline(text, Format::PlainText);
        let kinds: Vec<_> = found.iter().map(|(_, k, _)| k.clone()).collect();
        assert_eq!(kinds, vec![vec![Timeline], vec![Summary]]);
    }

    #[test]
    fn titles_straight_above_their_text_and_headings_markdown_reads_as_html() {
        let text = "Root cause\nThe deploy script ran twice.\n\nImpact.\nAll users.\n\n\
                    <h2>Summary</h2>\n\n<img src=\"a.png\">\n## Timeline\n\n###Prevention\n";
        let found = outline(text, Format::Markdown);
        let titles: Vec<_> = found
            .iter()
            .map(|(t, k, _)| (t.clone(), k.clone()))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("Root cause".to_string(), vec![RootCause]),
                ("Summary".to_string(), vec![Summary]),
                ("Timeline".to_string(), vec![Timeline]),
                ("Prevention".to_string(), vec![ActionItems]),
            ]
        );
    }
}
