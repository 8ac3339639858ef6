//! Numeric facts: every percentage with what it is a share of, lists of percentages that split
//! one whole, and wording that claims everyone was affected.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::clauses::Clauses;
use super::counts::{Count, counts_in};
use super::layout::{Line, LineKind};
use super::phrases::PHRASES;
use super::{range_at, skipped};
use crate::pattern;

/// What a share is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Population {
    Users,
    Requests,
}

impl Population {
    pub fn noun(self) -> &'static str {
        match self {
            Population::Users => "users",
            Population::Requests => "requests",
        }
    }
}

/// How exactly a percentage is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Exact,
    /// `~`, "approximately", "about", "roughly".
    Approx,
    /// "over", "more than", "at least".
    AtLeast,
    /// "up to", "under", "less than", "nearly".
    AtMost,
}

/// `N% (a of b)`: the counts given beside a percentage.
#[derive(Debug, Clone, PartialEq)]
pub struct Ratio {
    pub span: Range<usize>,
    pub part: f64,
    pub whole: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Percentage {
    /// The number and its `%` sign.
    pub span: Range<usize>,
    /// The percentage with what it is a share of: `80% of users`.
    pub phrase: Range<usize>,
    pub value: f64,
    /// Digits after the decimal point, which set the rounding tolerance.
    pub decimals: u32,
    pub qualifier: Qualifier,
    /// A share of users or requests.
    pub of: Option<Population>,
    /// A ratio to a baseline or a rate of change ("340% of normal", "CPU at 100%", "up 40%"),
    /// never a part of a whole.
    pub baseline: bool,
    pub ratio: Option<Ratio>,
    /// The share of users hit overall: its sentence says they were affected or impacted, and
    /// the group is not narrowed ("of users in the EU").
    pub overall: bool,
    /// Which paragraph (or table row) of the document holds it, counted from 0.
    pub paragraph: usize,
    /// The stated window that governs it, as an index into the document's windows.
    pub window: Option<usize>,
}

/// How much further an approximate share ("about 30%") may lie from its figure.
const APPROX_SLACK: f64 = 2.5;

impl Percentage {
    /// Half a unit of the last written digit: 80% covers 79.5..80.5, 2.5% covers 2.45..2.55.
    pub fn rounding(&self) -> f64 {
        0.5 / 10f64.powi(self.decimals as i32)
    }

    /// How far the true value may lie from the written one: its rounding, and for an
    /// approximate share ("about 30%") 2.5 points more.
    pub fn slack(&self) -> f64 {
        match self.qualifier {
            Qualifier::Approx => self.rounding() + APPROX_SLACK,
            _ => self.rounding(),
        }
    }

    /// The lowest and highest values the share can stand for, before its qualifier's
    /// direction ("at least", "up to") is taken into account. Widened step by step, so two
    /// ranges that touch in exact arithmetic compare as they always have.
    pub fn span_of_values(&self) -> (f64, f64) {
        let (low, high) = (self.value - self.rounding(), self.value + self.rounding());
        match self.qualifier {
            Qualifier::Approx => (low - APPROX_SLACK, high + APPROX_SLACK),
            _ => (low, high),
        }
    }
}

/// Percentages that split one whole: "45% timeouts, 40% 502s and 25% resets".
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// Indices into the document's percentages.
    pub parts: Vec<usize>,
    /// The text says these split one whole ("breakdown", "split", "consisting of"), so they
    /// must add up to 100%, not just stay under it.
    pub stated_whole: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimKind {
    /// "complete outage", "completely unavailable".
    TotalOutage,
    /// "all users", "every customer".
    AllUsers,
    /// "all incoming traffic was blocked", "every request failed".
    AllRequests,
    /// "partial outage", "a subset of users".
    Partial,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImpactClaim {
    pub kind: ClaimKind,
    pub span: Range<usize>,
    pub paragraph: usize,
}

/// What the impact rules read: shares, breakdowns of a whole, impact claims and counts.
#[derive(Debug)]
pub struct Facts {
    pub percentages: Vec<Percentage>,
    pub breakdowns: Vec<Breakdown>,
    pub claims: Vec<ImpactClaim>,
    /// Counts in the impact sections.
    pub counts: Vec<Count>,
}

/// Builds this module's patterns ahead of the first document (see `document::warm_up`).
pub(super) fn warm_up() {
    LazyLock::force(&RATIO);
    for pattern in [&PERCENT, &NEGATED, &NARROWED, &GAP_STOP] {
        LazyLock::force(pattern);
    }
}

// Read one sentence at a time, as are the patterns below.
static PERCENT: LazyLock<pattern::Regex> = LazyLock::new(|| {
    pattern::piece(
        r"(?i)(?:(?-u:\b)(?P<q>~|approximately|approx\.?|about|around|roughly|nearly|almost|just over|just under|over|more than|less than|under|up to|at least|at most|exactly|only)[ \t]*|(?P<tilde>~)[ \t]*)?(?P<num>[0-9]+(?:\.(?P<dec>[0-9]+))?)[ \t]?(?:%|percent(?-u:\b))",
    )
});
static RATIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*\([ \t]*(?P<a>[0-9][[0-9],]*(?:\.[0-9]+)?)[ \t]*(?:of|out of|/)[ \t]*(?P<b>[0-9][[0-9],]*(?:\.[0-9]+)?)(?-u:\b)[^)\n]{0,30}\)")
        .expect("ratio pattern compiles")
});
static NEGATED: LazyLock<pattern::Regex> = LazyLock::new(|| {
    pattern::piece(
        r"(?i)(?-u:\b)(?:not|no|never|without|nearly|almost|rather than|instead of|n't)[ \t]+(?:(?:a|an|the|quite|really)[ \t]+)?$",
    )
});
static NARROWED: LazyLock<pattern::Regex> = LazyLock::new(|| {
    pattern::piece(r"^\s+(?:in|on|from|using|who|that|which|with|within|located|outside)(?-u:\b)")
});
static GAP_STOP: LazyLock<pattern::Regex> = LazyLock::new(|| {
    pattern::piece(
        r"(?i)(?-u:\b)(?:to|from|vs|versus|than|then|compared|before|after|while|whereas|but|until|since)(?-u:\b)",
    )
});

/// Reads every block's percentages and claims, and the counts in `impact` (the outermost
/// impact sections' spans, in order), the only place counts are read.
pub fn extract(
    text: &str,
    lines: &[Line],
    skip: &[Range<usize>],
    impact: &[Range<usize>],
) -> Facts {
    let mut facts = Facts {
        percentages: Vec::new(),
        breakdowns: Vec::new(),
        claims: Vec::new(),
        counts: Vec::new(),
    };
    for (paragraph, block) in blocks(lines).into_iter().enumerate() {
        // Percentages and claims are rare; most blocks need no sentence split at all.
        let said = &text[block.clone()];
        let has_percent = said.contains('%') || said.contains("percent");
        let has_claim = PHRASES.any_claim.is_match(said);
        if range_at(impact, block.start).is_some() {
            counts_in(text, block.clone(), skip, &mut facts.counts);
        }
        if !has_percent && !has_claim {
            continue;
        }
        for sentence in sentences(text, block.clone()) {
            if has_percent {
                let start = facts.percentages.len();
                percentages_in(
                    text,
                    sentence.clone(),
                    skip,
                    paragraph,
                    &mut facts.percentages,
                );
                let said = &text[sentence.clone()];
                let stated_whole = PHRASES.breakdown.is_match(said);
                // "Disk usage was 85%, 91% and 97%": one reading per item, not parts.
                let readings = !stated_whole && PHRASES.readings.is_match(said);
                if facts.percentages.len() - start >= 2 && !readings {
                    facts.breakdowns.extend(inline_breakdowns(
                        text,
                        &facts.percentages,
                        start,
                        stated_whole,
                    ));
                }
            }
            if has_claim {
                claims_in(text, sentence, skip, paragraph, &mut facts.claims);
            }
        }
    }
    facts
        .breakdowns
        .extend(list_breakdowns(text, lines, &facts.percentages));
    facts
}

/// Byte ranges of paragraphs (consecutive prose lines of one block) and table rows.
pub(super) fn blocks(lines: &[Line]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut current: Option<(usize, Range<usize>)> = None;
    for line in lines {
        match line.kind {
            LineKind::Text => match &mut current {
                Some((block, range)) if *block == line.block && !line.list_item => {
                    range.end = line.content.end
                }
                _ => {
                    out.extend(current.take().map(|(_, r)| r));
                    current = Some((line.block, line.content.clone()));
                }
            },
            LineKind::TableRow { .. } => {
                out.extend(current.take().map(|(_, r)| r));
                out.push(line.span.clone());
            }
            LineKind::Heading { .. } => out.extend(current.take().map(|(_, r)| r)),
        }
    }
    out.extend(current.map(|(_, r)| r));
    out
}

/// Sentences of a block: split after `.`, `!` or `?` followed by white space.
pub(super) fn sentences(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[block.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends = matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        if ends {
            out.push(block.start + start..block.start + i + 1);
            start = i + 1;
        }
    }
    if start < s.len() {
        out.push(block.start + start..block.end);
    }
    out
}

fn percentages_in(
    text: &str,
    sentence: Range<usize>,
    skip: &[Range<usize>],
    paragraph: usize,
    out: &mut Vec<Percentage>,
) {
    let s = &text[sentence.clone()];
    let mut reach = Reach {
        sentence: s,
        clauses: None,
        last: None,
    };
    for caps in PERCENT.captures_iter(s) {
        let group = |name: &str| caps.get_group_by_name(name).map(|g| &s[g.range()]);
        let whole = caps.get_match().expect("a found percentage matched");
        let num = caps
            .get_group_by_name("num")
            .expect("the number always matches");
        let at = sentence.start + num.start;
        if skipped(skip, at)
            || s[..num.start].ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
        {
            continue;
        }
        let Ok(value) = s[num.range()].parse::<f64>() else {
            continue;
        };
        let qualifier = match group("q").map(str::to_ascii_lowercase) {
            _ if group("tilde").is_some() => Qualifier::Approx,
            None => Qualifier::Exact,
            Some(q) => match q.as_str() {
                "over" | "more than" | "at least" | "just over" => Qualifier::AtLeast,
                "under" | "less than" | "up to" | "at most" | "nearly" | "almost"
                | "just under" => Qualifier::AtMost,
                "exactly" | "only" => Qualifier::Exact,
                _ => Qualifier::Approx,
            },
        };
        let after = &s[whole.end()..];
        let (of, baseline_after, noun_end) = share_of(after);
        let before_words: Vec<&str> = s[..whole.start()]
            .split_whitespace()
            .rev()
            .take(3)
            .collect();
        let baseline = baseline_after || before_words.iter().any(|w| PHRASES.change.is_match(w));
        let ratio = RATIO.captures(after).map(|r| {
            let number = |name: &str| r[name].replace(',', "").parse::<f64>().unwrap_or(f64::NAN);
            let m = r.get(0).expect("group 0 always matches");
            Ratio {
                span: sentence.start + whole.end() + m.start()
                    ..sentence.start + whole.end() + m.end(),
                part: number("a"),
                whole: number("b"),
            }
        });
        let span = sentence.start + num.start..sentence.start + whole.end();
        let overall = of.is_some()
            && reach.stated(num.start, whole.end())
            && !NARROWED.is_match(&after[noun_end..]);
        out.push(Percentage {
            overall,
            phrase: span.start..sentence.start + whole.end() + noun_end,
            span,
            value,
            decimals: group("dec").map_or(0, |d| d.len() as u32),
            qualifier,
            of,
            baseline,
            ratio,
            paragraph,
            window: None,
        });
    }
}

/// Whether the clause around a share says it is the incident's overall reach ("were
/// affected"). Each clause is read once: a sentence may list thousands of shares, many in one
/// clause.
struct Reach<'s> {
    sentence: &'s str,
    /// Built for the first share of users in the sentence.
    clauses: Option<Clauses>,
    /// The clause read last, and what it said.
    last: Option<(Range<usize>, bool)>,
}

impl Reach<'_> {
    fn stated(&mut self, start: usize, end: usize) -> bool {
        let clause = self
            .clauses
            .get_or_insert_with(|| Clauses::new(self.sentence))
            .around(start, end);
        match &self.last {
            Some((read, said)) if *read == clause => *said,
            _ => {
                let said = PHRASES.overall.is_match(&self.sentence[clause.clone()]);
                self.last = Some((clause, said));
                said
            }
        }
    }
}

/// Reads what follows a percentage: `of (the) affected users` is a share of users;
/// `of normal` or a rate word makes it a baseline ratio. Returns the population, whether it is
/// a baseline, and where the phrase ends.
fn share_of(after: &str) -> (Option<Population>, bool, usize) {
    // Only the first 80 bytes are read, so a long sentence is not scanned for each share.
    let clause_end = after
        .bytes()
        .take(80)
        .position(|b| {
            matches!(
                b,
                b',' | b'.' | b';' | b':' | b'(' | b')' | b'!' | b'?' | b'\n' | b'|'
            )
        })
        .unwrap_or(after.len().min(80));
    let clause = &after[..crate::source::floor_char_boundary(after, clause_end)];
    let mut words = clause.split_whitespace().peekable();
    let first = words.peek().copied().unwrap_or("");
    if first.eq_ignore_ascii_case("of") {
        words.next();
        for word in words.take(6) {
            let end = word_end(after, word);
            if PHRASES.baseline.is_match(word) {
                return (None, true, end);
            }
            if let Some(population) = population(word) {
                return (Some(population), false, end);
            }
        }
        return (None, false, 0);
    }
    if PHRASES.change.is_match(first) {
        return (None, true, word_end(after, first));
    }
    match population(first) {
        Some(p) => (Some(p), false, word_end(after, first)),
        None => (None, false, 0),
    }
}

fn word_end(haystack: &str, word: &str) -> usize {
    let start = word.as_ptr() as usize - haystack.as_ptr() as usize;
    start + word.len()
}

pub(super) fn population(word: &str) -> Option<Population> {
    if PHRASES.users.is_match(word) {
        Some(Population::Users)
    } else if PHRASES.requests.is_match(word) {
        Some(Population::Requests)
    } else {
        None
    }
}

/// A part of a whole: a plain percentage, neither a share of a named population nor a
/// baseline ratio nor a bound.
fn is_part(p: &Percentage) -> bool {
    !p.baseline && p.of.is_none() && matches!(p.qualifier, Qualifier::Exact | Qualifier::Approx)
}

/// Runs of percentages in one sentence listed together ("45% timeouts, 40% 502s and 25%
/// resets"). Without a word saying they split one whole, three are needed, since two rates
/// side by side are often not parts of anything.
fn inline_breakdowns(
    text: &str,
    all: &[Percentage],
    start: usize,
    stated_whole: bool,
) -> Vec<Breakdown> {
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut flush = |run: &mut Vec<usize>| {
        let needed = if stated_whole { 2 } else { 3 };
        if run.len() >= needed {
            out.push(Breakdown {
                parts: std::mem::take(run),
                stated_whole,
            });
        }
        run.clear();
    };
    for i in start..all.len() {
        if !is_part(&all[i]) {
            flush(&mut run);
            continue;
        }
        if let Some(&last) = run.last() {
            let gap = &text[all[last].span.end..all[i].span.start];
            let listed = gap.split_whitespace().count() <= 6
                && (gap.contains(',')
                    || gap.contains(" and ")
                    || gap.contains(" or ")
                    || gap.contains('/'))
                && !GAP_STOP.is_match(gap);
            if !listed {
                flush(&mut run);
            }
        }
        run.push(i);
    }
    flush(&mut run);
    out
}

/// A lead-in such as "Breakdown of failed requests:" followed by list items with one share
/// each.
fn list_breakdowns(text: &str, lines: &[Line], all: &[Percentage]) -> Vec<Breakdown> {
    let mut out = Vec::new();
    for (i, lead) in lines.iter().enumerate() {
        let said = text[lead.content.clone()].trim_end();
        if lead.kind != LineKind::Text || !said.ends_with(':') || !PHRASES.breakdown.is_match(said)
        {
            continue;
        }
        let parts: Vec<usize> = lines[i + 1..]
            .iter()
            .take_while(|l| l.kind == LineKind::Text && l.list_item)
            .filter_map(|item| {
                // The percentages are in text order: the item's first one, if it has one.
                let p = all.partition_point(|p| p.span.start < item.content.start);
                all.get(p)
                    .filter(|first| item.content.contains(&first.span.start))
                    .filter(|first| is_part(first) || first.of.is_some())
                    .map(|_| p)
            })
            .collect();
        if parts.len() >= 2 {
            out.push(Breakdown {
                parts,
                stated_whole: true,
            });
        }
    }
    out
}

/// Claims that everyone was affected, in one sentence. "All users" counts only where the
/// sentence says they were hit and the group is not narrowed ("all users in the EU region").
fn claims_in(
    text: &str,
    sentence: Range<usize>,
    skip: &[Range<usize>],
    paragraph: usize,
    out: &mut Vec<ImpactClaim>,
) {
    let s = &text[sentence.clone()];
    let mut kinds = vec![
        (&PHRASES.total_outage, ClaimKind::TotalOutage),
        (&PHRASES.partial, ClaimKind::Partial),
    ];
    if PHRASES.affected.is_match(s) {
        kinds.push((&PHRASES.all_users, ClaimKind::AllUsers));
        kinds.push((&PHRASES.all_requests, ClaimKind::AllRequests));
    }
    for (pattern, kind) in kinds {
        for m in pattern.find_iter(s) {
            let before =
                &s[crate::source::floor_char_boundary(s, m.start().saturating_sub(20))..m.start()];
            let span = sentence.start + m.start()..sentence.start + m.end();
            let everyone = matches!(kind, ClaimKind::AllUsers | ClaimKind::AllRequests);
            let narrowed = everyone && NARROWED.is_match(&s[m.end()..]);
            // "not a complete outage: search kept working for all users" says nothing
            // about all users being hit: the hit must be in the claim's own clause.
            let unaffected = everyone && {
                let clause = Clauses::new(s).around(m.start(), m.end());
                !PHRASES.affected.is_match(&s[clause])
            };
            if NEGATED.is_match(before) || narrowed || unaffected || skipped(skip, span.start) {
                continue;
            }
            out.push(ImpactClaim {
                kind,
                paragraph,
                span,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::layout::layout;
    use crate::source::{Format, LineIndex};

    fn facts(text: &str) -> Facts {
        let index = LineIndex::new(text);
        let layout = layout(text, &index, Format::Markdown);
        let whole = 0..text.len();
        extract(
            text,
            &layout.lines,
            &layout.skip,
            std::slice::from_ref(&whole),
        )
    }

    #[test]
    fn shares_and_baselines() {
        let text = "Approximately 80% of users were affected. Traffic hit 340% of normal and CPU at 100%.\n";
        let f = facts(text);
        assert_eq!(f.percentages.len(), 3);
        let users = &f.percentages[0];
        assert_eq!(users.of, Some(Population::Users));
        assert_eq!(users.qualifier, Qualifier::Approx);
        assert_eq!(&text[users.phrase.clone()], "80% of users");
        assert!(f.percentages[1].baseline);
        assert!(f.percentages[2].baseline);
    }

    #[test]
    fn ratios_beside_a_share() {
        let f = facts("Notifications late: 12% (30 of 400 pages).\n");
        let ratio = f.percentages[0].ratio.as_ref().unwrap();
        assert_eq!((ratio.part, ratio.whole), (30.0, 400.0));
    }

    #[test]
    fn listed_parts_make_a_breakdown() {
        let f = facts("Of the failed requests, 45% were timeouts, 40% 502s and 25% resets.\n");
        assert_eq!(f.breakdowns.len(), 1);
        assert_eq!(f.breakdowns[0].parts.len(), 3);
        for readings in [
            "Errors went from 5% to 40% and then 60% overnight.\n",
            "Disk usage on db-1, db-2 and db-3 was 85%, 91% and 97%.\n",
            "Error rates on the shards peaked at 35%, 42% and 51% respectively.\n",
        ] {
            assert!(facts(readings).breakdowns.is_empty(), "{readings}");
        }
    }

    #[test]
    fn list_breakdown_after_a_lead_in() {
        let f = facts("Breakdown of errors:\n\n- timeouts: 50%\n- resets: 30%\n- 502s: 10%\n");
        assert_eq!(f.breakdowns.len(), 1);
        assert!(f.breakdowns[0].stated_whole);
    }

    #[test]
    fn claims_and_negations() {
        let f =
            facts("It was a complete outage affecting all users. It was not a complete outage.\n");
        let kinds: Vec<_> = f.claims.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![ClaimKind::TotalOutage, ClaimKind::AllUsers]);
        for clean in [
            "Search kept working for all users.\n",
            "All users in the EU region were affected.\n",
            "The banner said `complete outage` while it was not.\n",
        ] {
            assert!(facts(clean).claims.is_empty(), "{clean}");
        }
    }
}
