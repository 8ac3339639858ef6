//! What governs a place in the text: the sections around it. Sections nest (each runs to the
//! next heading of its level or higher), so they are found by walking from the innermost
//! section up through its parents, a few steps at most.

use super::Section;

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
