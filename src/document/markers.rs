//! Timeline entries that mark the window themselves (`OUTAGE BEGINS`, `**Outage ends.**`, as
//! the Google SRE book's example postmortem does). Where no window is stated for their
//! timeline, the markers are its window; where one is, they restate it and must agree with it.

use std::ops::Range;

use super::phrases::PHRASES;
use super::windows::bounds_of;
use super::{Restatement, StatedWindow, TimelineEntry};
use crate::time::Interval;

/// Adds the windows the markers state, one per timeline, and links the entries they govern;
/// or records the markers as restatements of the window that already governs them.
pub(super) fn apply_markers(
    text: &str,
    windows: &mut Vec<StatedWindow>,
    entries: &mut [TimelineEntry],
) {
    let mut marked: Vec<Marked> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let said = &text[entry.text.clone()];
        let start = PHRASES.start_marker.is_match(said);
        let end = !start && PHRASES.end_marker.is_match(said);
        if !start && !end {
            continue;
        }
        let scope = entry.timeline.clone();
        let at = match marked.iter().position(|m| m.scope == scope) {
            Some(at) => at,
            None => {
                marked.push(Marked {
                    scope,
                    window: entry.window,
                    start: None,
                    end: None,
                });
                marked.len() - 1
            }
        };
        let m = &mut marked[at];
        if start {
            // The first start marker and the last end marker.
            m.start.get_or_insert(i);
        } else {
            m.end = Some(i);
        }
    }
    for m in marked {
        let start = m.start.map(|i| entries[i].stamp.clone());
        let end = m.end.map(|i| entries[i].stamp.clone());
        match m.window {
            Some(w) => {
                let window = &mut windows[w];
                window.restated.extend(start.map(Restatement::Start));
                window.restated.extend(end.map(Restatement::End));
            }
            None => {
                let first = m.start.or(m.end).expect("a marker was found");
                let mut window = StatedWindow {
                    span: entries[first].line.clone(),
                    start,
                    end,
                    length: None,
                    scope: m.scope.clone(),
                    end_rolled: false,
                    bounds: Interval::default(),
                    restated: Vec::new(),
                };
                window.bounds = bounds_of(&window);
                let index = windows.len();
                windows.push(window);
                for entry in entries.iter_mut() {
                    if entry.window.is_none() && m.scope.contains(&entry.line.start) {
                        entry.window = Some(index);
                    }
                }
            }
        }
    }
}

/// The markers of one scope and the window that already governs them.
struct Marked {
    scope: Range<usize>,
    window: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
}
