//! Counts in the impact sections: numbers of people, requests or money.

use std::ops::Range;
use std::sync::LazyLock;

use super::facts::population;
use super::phrases::PHRASES;
use super::skipped;
use crate::pattern;

/// A number of people, requests or money: "3,400 customers", "about 12k requests", "$20,000".
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub span: Range<usize>,
}

/// Builds this module's patterns ahead of the first document (see `document::warm_up`).
pub(super) fn warm_up() {
    for pattern in [&COUNT, &CURRENCY] {
        LazyLock::force(pattern);
    }
}

// The words after the number are matched as ASCII: a Unicode `\w` repeated in the group cost
// over a millisecond to compile, and the nouns counted in English postmortems are ASCII.
static COUNT: LazyLock<pattern::Regex> = LazyLock::new(|| {
    pattern::piece(
        r"(?i)(?P<money>[$€£¥][ \t]?[0-9][0-9,.]*)|(?-u:\b)(?P<num>[0-9][0-9,.]*(?:[ \t]?(?:k|m|bn|thousand|hundred|million|billion)(?-u:\b))?|(?:hundreds|thousands|millions|dozens|tens of thousands)[ \t]+of)(?P<rest>(?:[ \t]+(?-u:[\w'-])+){1,3})?",
    )
});
static CURRENCY: LazyLock<pattern::Regex> =
    LazyLock::new(|| pattern::piece(r"(?i)^[ \t]*(?:usd|eur|gbp|dollars|euros|pounds)(?-u:\b)"));

/// Numbers of people, requests or money in a block: a number followed within three words by
/// what it counts, or an amount of money.
pub(super) fn counts_in(
    text: &str,
    block: Range<usize>,
    skip: &[Range<usize>],
    out: &mut Vec<Count>,
) {
    let said = &text[block.clone()];
    if !said.contains(|c: char| c.is_ascii_digit()) && !said.contains("of ") {
        return;
    }
    for caps in COUNT.captures_iter(said) {
        let whole = caps.get_match().expect("a found count matched");
        let start = block.start + whole.start();
        if skipped(skip, start) {
            continue;
        }
        let money = caps.get_group_by_name("money").is_some();
        let counted = money
            || caps.get_group_by_name("rest").is_some_and(|rest| {
                let rest = &said[rest.range()];
                CURRENCY.is_match(rest)
                    || rest
                        .split_whitespace()
                        .any(|w| population(w).is_some() || PHRASES.counted.is_match(w))
            });
        if counted && (money || caps.get_group_by_name("num").is_some()) {
            out.push(Count {
                span: start..block.start + whole.end(),
            });
        }
    }
}
