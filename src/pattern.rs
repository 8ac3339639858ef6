//! How the regular expressions that search prose are built: with a literal prefilter only
//! where one pays. A prefilter skips text that cannot match, but extracting it costs more to
//! build than short searches, or the searches of a single document, ever save. Matches are
//! the same either way.

use std::sync::atomic::{AtomicBool, Ordering};

pub(crate) use regex_automata::meta::Regex;

/// Set when this process lints one document, before any pattern is built.
static ONE_DOCUMENT: AtomicBool = AtomicBool::new(false);

/// Tells the patterns that this process lints a single document (one file, or standard
/// input): the whole-text searches are then built without a prefilter.
pub fn expect_one_document() {
    ONE_DOCUMENT.store(true, Ordering::Relaxed);
}

/// Whether a search over each document's whole text gets a literal prefilter: yes, unless
/// the process lints one document.
pub(crate) fn prefilter_whole_text() -> bool {
    !ONE_DOCUMENT.load(Ordering::Relaxed)
}

/// A pattern searched over each document's whole text.
pub(crate) fn whole_text(pattern: &str) -> Regex {
    build(pattern, prefilter_whole_text())
}

/// A pattern only ever searched in a short piece of text (an entry, a clause, the words
/// before a time), never with a prefilter: the timeline markers' alone took a millisecond of
/// a one-file run to build.
pub(crate) fn piece(pattern: &str) -> Regex {
    build(pattern, false)
}

/// Builds one of pmlint's own patterns, which the test suite builds every one of.
fn build(pattern: &str, prefilter: bool) -> Regex {
    Regex::builder()
        .configure(Regex::config().auto_prefilter(prefilter))
        .build(pattern)
        .unwrap_or_else(|error| panic!("pattern {pattern:?} does not compile: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_text_patterns_get_a_prefilter() {
        assert!(whole_text("caused by").get_config().get_auto_prefilter());
        assert!(!piece("caused by").get_config().get_auto_prefilter());
    }
}
