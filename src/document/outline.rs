//! Sections: Markdown headings, bold pseudo-headings (`**Timeline:**`), label lines that name
//! a section (`Impact: Users could not ...`), and lone title lines (`TIMELINE`).

use std::collections::HashMap;
use std::ops::Range;

use super::Section;
use super::layout::{Line, LineKind};
use super::sections::{SECTIONS, SectionKind};

pub fn sections(text: &str, lines: &[Line]) -> Vec<Section> {
    let mut block_sizes: HashMap<usize, usize> = HashMap::new();
    for line in lines {
        *block_sizes.entry(line.block).or_default() += 1;
    }

    let mut found: Vec<Found> = Vec::new();
    let mut heading_level = 0u8;
    for line in lines {
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
                } else if block_sizes.get(&line.block) == Some(&1) {
                    let title = text[line.content.clone()].trim_matches(['*', '_']);
                    let title_like = title.starts_with(char::is_alphabetic)
                        && !title.contains(|c: char| c.is_ascii_digit())
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
            _ => {}
        }
    }

    // Each section runs to the next one at its level or higher; the open ones form a stack,
    // innermost on top, which also gives each section its parent.
    let mut sections: Vec<Section> = Vec::with_capacity(found.len());
    let mut open: Vec<(usize, u8)> = Vec::new();
    for this in found {
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

/// A line that opens a section; its end is known once the next one at its level is found.
struct Found {
    line: Range<usize>,
    title: Range<usize>,
    level: u8,
    kinds: Vec<SectionKind>,
}

impl Found {
    fn new(line: Range<usize>, title: Range<usize>, level: u8, kinds: Vec<SectionKind>) -> Found {
        Found {
            line,
            title,
            level,
            kinds,
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
    fn lone_title_lines_and_list_labels() {
        let text = "TIMELINE\n\n- Impact: none of this is a section\n\nSummary\n";
        let found = outline(text, Format::PlainText);
        let kinds: Vec<_> = found.iter().map(|(_, k, _)| k.clone()).collect();
        assert_eq!(kinds, vec![vec![Timeline], vec![Summary]]);
    }
}
