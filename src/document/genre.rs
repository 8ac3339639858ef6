//! Whether a file is a postmortem at all. A repository of postmortems keeps its README,
//! CONTRIBUTING guide and templates beside them; checked as postmortems they give a dozen
//! findings that help nobody.

use std::ops::Range;

use super::placeholders::Placeholder;
use super::sections::SECTIONS;
use super::{Section, StatedWindow, TimelineEntry};

/// What kind of document a file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Genre {
    Postmortem,
    /// A template: placeholders where times belong, and no real date or time.
    Template {
        placeholders: Vec<Range<usize>>,
    },
    /// A README, CONTRIBUTING guide or the like with none of a postmortem's sections.
    RepositoryFile,
}

/// A template has at least this many placeholders, unless its name says it is one.
const TEMPLATE_PLACEHOLDERS: usize = 2;

pub fn classify(
    path: &str,
    sections: &[Section],
    entries: &[TimelineEntry],
    windows: &[StatedWindow],
    placeholders: &[Placeholder],
) -> Genre {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let known_section = sections.iter().any(|s| !s.kinds.is_empty());
    if !known_section && SECTIONS.is_repository_file(stem) {
        return Genre::RepositoryFile;
    }
    let real_time = !windows.is_empty()
        || entries
            .iter()
            .any(|e| e.stamp.time.is_some() || e.stamp.date.is_some());
    let named_template = stem.to_ascii_lowercase().contains("template");
    let template = !real_time
        && !placeholders.is_empty()
        && (named_template || placeholders.len() >= TEMPLATE_PLACEHOLDERS);
    if template {
        return Genre::Template {
            placeholders: placeholders.iter().map(|p| p.span.clone()).collect(),
        };
    }
    Genre::Postmortem
}
