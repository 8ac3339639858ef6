//! Timeline entries that mark the window themselves (`OUTAGE BEGINS`, `**Outage ends.**`, as
//! the Google SRE book's example postmortem does). Where no window is stated for their
//! timeline, the markers are its window; where one is, they restate it and must agree with it.

use std::ops::Range;

use super::phrases::{AnyWord, PHRASES};
use super::windows::bounds_of;
use super::{Restatement, StatedWindow, TimelineEntry, WindowSource};
use crate::time::Interval;

/// Adds the windows the markers state, one per timeline, and links the entries they govern;
/// or completes the window that already governs them, or records the markers as its
/// restatements.
pub(super) fn apply_markers(
    text: &str,
    windows: &mut Vec<StatedWindow>,
    entries: &mut [TimelineEntry],
) {
    let mut marked: Vec<Marked> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let said = &text[entry.text.clone()];
        // Every marker names the outage, incident, impact or disruption: a byte scan skips
        // the marker patterns for almost every entry.
        static MARKER_WORDS: AnyWord =
            AnyWord::new(&["outage", "incident", "impact", "disruption"]);
        if !MARKER_WORDS.in_text(said) {
            continue;
        }
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
                // A window stated only in part ("a 47 minute period") takes its missing start
                // and end from the markers; a stated start or end is restated by them.
                let window = &mut windows[w];
                match (&window.start, start) {
                    (None, start) => window.start = start,
                    (Some(_), Some(start)) => window.restated.push(Restatement::Start(start)),
                    (Some(_), None) => {}
                }
                match (&window.end, end) {
                    (None, end) => window.end = end,
                    (Some(_), Some(end)) => window.restated.push(Restatement::End(end)),
                    (Some(_), None) => {}
                }
                window.bounds = bounds_of(window);
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
                    source: WindowSource::Markers,
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
