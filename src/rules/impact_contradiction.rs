use std::collections::{HashMap, HashSet};

use super::shared::stated_where;
use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::{
    ClaimKind, Document, ImpactClaim, Percentage, Population, Qualifier, SectionKind,
};

declare_rule! {
    /// ## What it does
    /// Reports impact statements that cannot all be true:
    ///
    /// - a claim that everyone was affected ("complete outage", "completely unavailable",
    ///   "all users", "every customer") in the same paragraph as an explicit share below 100%
    ///   of users ("approximately 80% of users were affected"), and likewise a claim that all
    ///   traffic failed ("all incoming traffic was blocked") against a share of requests;
    /// - "every user" or "all traffic" in one paragraph of the summary or impact against a
    ///   lower share of the same in another (reported once per document, and not in a write-up
    ///   of several incidents);
    /// - a summary that says only some were affected ("partial degradation", "a subset of
    ///   users") while the impact section says everyone was ("all users", "complete outage"),
    ///   or the other way round;
    /// - two shares of users given as the reach of the same incident window ("30% of users
    ///   were affected" in the summary, "45% of users were affected" in the impact) whose
    ///   ranges, after rounding and "about", do not overlap. Shares in the timeline (the reach
    ///   changes as an incident unfolds), narrowed ones ("of users in the EU") and shares of a
    ///   single symptom ("could not pay") are not compared.
    ///
    /// Shares of requests are compared only with a claim about all requests or traffic: they
    /// are often measured over a longer stretch than the outage ("30% of requests failed during
    /// the recovery"), so a "complete outage" does not contradict them. Negated claims ("not a
    /// complete outage"), narrowed groups ("all users in the EU region") and lower bounds
    /// ("over 95% of users") are not contradictions.
    ///
    /// ## Why is this bad?
    /// Readers cannot tell whether the service was down for everyone or for a fraction of users,
    /// and the severity, the customer communication and the follow-ups depend on it.
    ///
    /// ## Example
    /// ```text
    /// Impact: The marketplace had a complete outage. Approximately 80% of users were affected.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Impact: The marketplace was unavailable for approximately 80% of users.
    /// ```
    pub struct ImpactContradiction {
        code: "PM302",
        name: "impact-contradiction",
        severity: Warning,
        enabled: true,
        fix: None,
        summary: "\"All users\" against a lower share, a partial summary against a total impact, or two shares for one window",
    }
}

impl Rule for ImpactContradiction {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        share_against_claim(doc, cx);
        share_against_claim_elsewhere(doc, cx);
        summary_against_impact(doc, cx);
        shares_against_each_other(doc, cx);
    }
}

/// "complete outage" or "all users" in the paragraph of a share below 100%.
fn share_against_claim(doc: &Document, cx: &mut Context) {
    let text = doc.text();
    // The first claim of each paragraph that could contradict a share: any claim but a
    // partial one, since the rest of `contradicts` reads only the share and the paragraph.
    let mut first_claim: HashMap<usize, &ImpactClaim> = HashMap::new();
    for claim in doc.impact().claims.iter().filter(|c| c.kind != ClaimKind::Partial) {
        first_claim.entry(claim.paragraph).or_insert(claim);
    }
    for share in &doc.impact().percentages {
        let Some(claim) = first_claim
            .get(&share.paragraph)
            .filter(|c| contradicts(c, share))
        else {
            continue;
        };
        let claim_text = &text[claim.span.clone()];
        let share_text = &text[share.phrase.clone()];
        let help = if claim.kind == ClaimKind::TotalOutage {
            "say which share of users saw the outage, or drop \"complete\" if some could still use the service"
        } else {
            "state one figure: either all users were affected or the share was lower"
        };
        cx.report(
            Diagnostic::new(
                &ImpactContradiction::META,
                share.phrase.clone(),
                format!("`{share_text}` contradicts `{claim_text}` in the same paragraph"),
            )
            .label("a share below 100%")
            .related(claim.span.clone(), "claims everyone was affected")
            .help(help),
        );
    }
}

/// Where a claim stands: in the summary proper, or in an impact section (which may sit inside
/// the summary, as `Impact:` does in the "Issue Summary" format).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Summary,
    Impact,
}

fn place(doc: &Document, offset: usize) -> Option<Place> {
    if doc.in_section(SectionKind::Impact, offset) {
        Some(Place::Impact)
    } else if doc.in_section(SectionKind::Summary, offset) {
        Some(Place::Summary)
    } else {
        None
    }
}

/// A summary that says only some were affected while the impact says everyone was, or the
/// other way round.
fn summary_against_impact(doc: &Document, cx: &mut Context) {
    let text = doc.text();
    let placed: Vec<(&ImpactClaim, Place)> = doc
        .impact()
        .claims
        .iter()
        .filter_map(|c| Some((c, place(doc, c.span.start)?)))
        .collect();
    // The first partial and the first total claim in the impact.
    let first_impact = |partial: bool| {
        placed
            .iter()
            .find(|(c, p)| *p == Place::Impact && (c.kind == ClaimKind::Partial) == partial)
            .map(|(c, _)| *c)
    };
    let (partial_impact, total_impact) = (first_impact(true), first_impact(false));
    for (summary, _) in placed.iter().filter(|(_, p)| *p == Place::Summary) {
        let partial_summary = summary.kind == ClaimKind::Partial;
        let answer = if partial_summary {
            total_impact
        } else {
            partial_impact
        };
        let Some(impact) = answer else {
            continue;
        };
        let (summary_text, impact_text) = (&text[summary.span.clone()], &text[impact.span.clone()]);
        cx.report(
            Diagnostic::new(
                &ImpactContradiction::META,
                impact.span.clone(),
                format!("the impact says `{impact_text}` but the summary says `{summary_text}`"),
            )
            .label(if partial_summary {
                "everyone affected"
            } else {
                "only some affected"
            })
            .related(summary.span.clone(), "the summary's account")
            .help("make the summary and the impact section describe the same reach"),
        );
    }
}

/// Two shares of users given as the overall reach of one incident window that cannot both be
/// true ("30% of users were affected" in the summary, "45% of users were affected" below).
fn shares_against_each_other(doc: &Document, cx: &mut Context) {
    let text = doc.text();
    let in_breakdown: HashSet<usize> = doc
        .impact()
        .breakdowns
        .iter()
        .flat_map(|b| b.parts.iter().copied())
        .collect();
    let shares: Vec<(&Percentage, Option<usize>)> = doc
        .impact()
        .percentages
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            p.overall
                && p.of == Some(Population::Users)
                && !p.baseline
                && !in_breakdown.contains(i)
                && !doc.in_section(SectionKind::Timeline, p.span.start)
        })
        .map(|(_, p)| (p, p.window))
        .collect();
    // Shares are compared only within their window.
    let mut by_window: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (i, (_, window)) in shares.iter().enumerate() {
        by_window.entry(*window).or_default().push(i);
    }
    let mut earlier_of: Vec<Option<usize>> = vec![None; shares.len()];
    for members in by_window.values() {
        let ranges: Vec<(f64, f64)> = members.iter().map(|&i| range(shares[i].0)).collect();
        for (at, earlier) in first_disjoint_before(&ranges).into_iter().enumerate() {
            earlier_of[members[at]] = earlier.map(|e| members[e]);
        }
    }
    for ((later, _), earlier) in shares.iter().zip(earlier_of) {
        let Some((earlier, _)) = earlier.map(|e| shares[e]) else {
            continue;
        };
        let (earlier_text, later_text) =
            (&text[earlier.phrase.clone()], &text[later.phrase.clone()]);
        cx.report(
            Diagnostic::new(
                &ImpactContradiction::META,
                later.phrase.clone(),
                format!(
                    "`{later_text}` affected contradicts the `{earlier_text}` affected stated earlier for the same incident"
                ),
            )
            .label("a second figure")
            .related(earlier.phrase.clone(), "the first figure")
            .help("give one share of users affected, or say what each figure counts"),
        );
    }
}

/// The values a share can stand for, given its rounding and qualifier.
fn range(p: &Percentage) -> (f64, f64) {
    let (low, high) = p.span_of_values();
    match p.qualifier {
        Qualifier::Exact | Qualifier::Approx => (low, high),
        Qualifier::AtLeast => (low, 100.0),
        Qualifier::AtMost => (0.0, high),
    }
}

/// For each range, the first one before it that it does not overlap. A range ends below `x`
/// first at the first range that ends lower than every one before it, so only those (ends
/// falling) and their mirror (starts rising) are searched.
fn first_disjoint_before(ranges: &[(f64, f64)]) -> Vec<Option<usize>> {
    let mut falling_ends: Vec<usize> = Vec::new();
    let mut rising_starts: Vec<usize> = Vec::new();
    let mut found = Vec::with_capacity(ranges.len());
    for (i, &(low, high)) in ranges.iter().enumerate() {
        let ends_below = falling_ends.partition_point(|&e| ranges[e].1 >= low);
        let starts_above = rising_starts.partition_point(|&e| ranges[e].0 <= high);
        let below = falling_ends.get(ends_below).copied();
        let above = rising_starts.get(starts_above).copied();
        found.push(below.into_iter().chain(above).min());
        if falling_ends.last().is_none_or(|&e| high < ranges[e].1) {
            falling_ends.push(i);
        }
        if rising_starts.last().is_none_or(|&e| low > ranges[e].0) {
            rising_starts.push(i);
        }
    }
    found
}

fn contradicts(claim: &ImpactClaim, share: &Percentage) -> bool {
    claim.paragraph == share.paragraph && below_everyone(claim, share)
}

/// The share is below 100% of what the claim says all of were affected. A total outage is
/// about people: a lower share of requests is often measured over a longer stretch than the
/// outage ("30% of requests failed during the recovery").
fn below_everyone(claim: &ImpactClaim, share: &Percentage) -> bool {
    let population = match claim.kind {
        ClaimKind::Partial => return false,
        ClaimKind::TotalOutage | ClaimKind::AllUsers => Population::Users,
        ClaimKind::AllRequests => Population::Requests,
    };
    if share.of != Some(population) || share.baseline {
        return false;
    }
    let upper = match share.qualifier {
        Qualifier::AtLeast => return false,
        Qualifier::AtMost => share.value,
        Qualifier::Exact | Qualifier::Approx => share.span_of_values().1,
    };
    upper < 100.0
}

/// "Every user was locked out" in one paragraph of the summary or impact, "about 30% of users
/// could not sign in" in another: reported once, on the first such pair. A total outage is
/// left to the same-paragraph check (it is often one feature's outage), and a document with
/// several windows (several incidents) is left alone.
fn share_against_claim_elsewhere(doc: &Document, cx: &mut Context) {
    if doc.windows.len() > 1 {
        return;
    }
    let text = doc.text();
    let facts = doc.impact();
    let in_breakdown: HashSet<usize> = facts
        .breakdowns
        .iter()
        .flat_map(|b| b.parts.iter().copied())
        .collect();
    let placed = |at: usize| place(doc, at).is_some();
    let claims: Vec<&ImpactClaim> = facts
        .claims
        .iter()
        .filter(|c| matches!(c.kind, ClaimKind::AllUsers | ClaimKind::AllRequests))
        .filter(|c| placed(c.span.start))
        .collect();
    // Whether a share is below a claim depends on the claim only through its population, so
    // per population the first claim, and the first in another paragraph than that one, are
    // the only ones a share can be paired with: a long document is not scanned per share.
    let mut firsts: Vec<&ImpactClaim> = Vec::new();
    for claim in &claims {
        let same_kind = firsts.iter().filter(|f| f.kind == claim.kind);
        if same_kind.clone().count() < 2 && same_kind.clone().all(|f| f.paragraph != claim.paragraph) {
            firsts.push(claim);
        }
    }
    let mut in_paragraph: HashMap<usize, Vec<&ImpactClaim>> = HashMap::new();
    for claim in &claims {
        in_paragraph.entry(claim.paragraph).or_default().push(claim);
    }
    let pair = facts
        .percentages
        .iter()
        .enumerate()
        .filter(|(i, p)| !in_breakdown.contains(i) && placed(p.span.start))
        .find_map(|(_, share)| {
            // The same paragraph's own claim is the other check's finding.
            let own = in_paragraph.get(&share.paragraph);
            if own.is_some_and(|own| own.iter().any(|o| below_everyone(o, share))) {
                return None;
            }
            let claim = firsts
                .iter()
                .find(|c| c.paragraph != share.paragraph && below_everyone(c, share))?;
            Some((share, *claim))
        });
    let Some((share, claim)) = pair else { return };
    let (share_text, claim_text) = (&text[share.phrase.clone()], &text[claim.span.clone()]);
    cx.report(
        Diagnostic::new(
            &ImpactContradiction::META,
            share.phrase.clone(),
            format!(
                "`{share_text}` contradicts `{claim_text}`, stated {}",
                stated_where(doc, &claim.span)
            ),
        )
        .label("a share below 100%")
        .related(claim.span.clone(), "claims all were affected")
        .help("state one figure: either all were affected or the share was lower"),
    );
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn disjoint(a: (f64, f64), b: (f64, f64)) -> bool {
        a.1 < b.0 || b.1 < a.0
    }

    proptest! {
        #[test]
        fn records_find_what_a_scan_of_the_earlier_ranges_finds(
            ranges in prop::collection::vec((0..20u8, 0..6u8), 0..60),
        ) {
            let ranges: Vec<(f64, f64)> = ranges
                .into_iter()
                .map(|(low, width)| (f64::from(low) / 2.0, f64::from(low + width) / 2.0))
                .collect();
            let by_scan: Vec<Option<usize>> = (0..ranges.len())
                .map(|i| (0..i).find(|&e| disjoint(ranges[e], ranges[i])))
                .collect();
            prop_assert_eq!(first_disjoint_before(&ranges), by_scan);
        }
    }
}
