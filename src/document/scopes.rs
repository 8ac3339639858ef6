//! What governs a place in the text: the sections around it, and the stated window with the
//! narrowest scope around it. Sections nest (each runs to the next heading of its level or
//! higher) and a window's scope is a section or the whole text, so both are found by walking
//! from the innermost section up through its parents, a few steps at most.

use std::collections::HashMap;
use std::ops::Range;

use super::{Section, StatedWindow};

/// The sections that hold `pos`, innermost first. `sections` are in text order, each with its
/// parent.
pub fn around(sections: &[Section], pos: usize) -> impl Iterator<Item = &Section> {
    // The last section to start at or before `pos` holds it or has a parent that does: a
    // section that holds `pos` and starts earlier holds that section too.
    let mut next = sections
        .partition_point(|s| s.span.start <= pos)
        .checked_sub(1);
    std::iter::from_fn(move || {
        while let Some(i) = next {
            let section = &sections[i];
            next = section.parent;
            if section.span.contains(&pos) {
                return Some(section);
            }
        }
        None
    })
}

/// The stated windows by scope, to find the one that governs an offset.
#[derive(Debug, Default)]
pub struct WindowScopes {
    by_scope: HashMap<Range<usize>, usize>,
    whole: Range<usize>,
}

impl WindowScopes {
    pub fn new(windows: &[StatedWindow], len: usize) -> WindowScopes {
        let mut by_scope = HashMap::new();
        for (i, window) in windows.iter().enumerate() {
            by_scope.entry(window.scope.clone()).or_insert(i);
        }
        WindowScopes {
            by_scope,
            whole: 0..len,
        }
    }

    /// The window with the narrowest scope around `pos`, as an index into the windows.
    pub fn governing(&self, sections: &[Section], pos: usize) -> Option<usize> {
        let whole = Some(&self.whole).filter(|w| w.contains(&pos));
        around(sections, pos)
            .map(|s| &s.span)
            .chain(whole)
            .find_map(|scope| self.by_scope.get(scope).copied())
    }
}
