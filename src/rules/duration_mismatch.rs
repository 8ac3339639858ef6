use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeDelta};

use super::shared::{TYPO_GAP, stated_where};
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Safety};
use crate::document::{
    Document, EntryEvent, MetricKind, Restatement, StatedMetric, StatedWindow, TimelineEntry,
};
use crate::time::length::StatedLength;
use crate::time::notation::rewrite;
use crate::time::{Stamp, approx_slack, describe_exact, describe_gap, min_gap};

declare_rule! {
    /// ## What it does
    /// Reports stated lengths and ends that the document's own times contradict:
    ///
    /// - a stated length that disagrees with the stated start and end ("Duration: 2 hours 15
    ///   minutes" with 09:00 to 13:30), including a length stated in a summary sentence ("the
    ///   outage lasted 45 minutes"), also when no year is written ("On 12th March uploads
    ///   failed for about five hours, from 13:10 to 15:40 UTC");
    /// - a start, end or length stated twice that disagrees with itself: a summary sentence
    ///   ("from 10:05 to 10:50 UTC on 3 March") against the `Duration:` line, a timeline
    ///   heading, or the timeline's `OUTAGE BEGINS` / `OUTAGE ENDS` markers (more than 15
    ///   minutes apart, or on another day);
    /// - a stated end well after the timeline's own restoration ("service fully restored" on
    ///   May 10 while the window ends on May 14), with nothing in the timeline after it. An
    ///   unsafe fix replaces the end with the restoration's time, written in the end's own
    ///   notation (`March 8, 2024 19:45 UTC` becomes `March 8, 2024 15:40 UTC`), when both are
    ///   in one zone and no stated length or second statement of the end would then disagree;
    /// - a stated time to detect, mitigate or recover that no two timeline entries are that far
    ///   apart to reproduce, in the forms teams write them: `Time to recovery: 84 minutes`,
    ///   `- **Time to repair**: 2h 10m`, `TTR 35h 36m`, `MTTR: 52 min`, a table row
    ///   (`| Time to resolve | 1 day 4 hours |`) or a column per metric (`| TTD | TTR |`). The
    ///   timeline may be a list of milestones (`- **Key events**` then `First detected:
    ///   2024-03-04 09:15`, `Resolved 2024-03-05 10:15`). This needs the whole timeline:
    ///   while an entry has an impossible date or clock, or sits half a year from the others,
    ///   that entry is the finding and the metric is not checked. A metric counted in support
    ///   or business hours (`7h (during support hours 10:00-17:00)`) is not compared with
    ///   wall-clock times.
    ///
    /// The tolerance follows how the length is written: "2 hours" is counted in hours and
    /// allows half an hour either way, "2 hours 15 minutes" half a minute, and approximate
    /// lengths ("about 2 hours", "~1hr") or times twice as much. A restoration is compared with
    /// the end only when it is over an hour earlier. A stated metric may also be off by 5% of
    /// itself or two minutes, whichever is more: it is often measured from an event the
    /// timeline leaves out.
    ///
    /// ## Why is this bad?
    /// Time to detect and time to recover are the numbers incident reviews aggregate. When the
    /// stated figure and the timeline disagree, at least one of them is wrong.
    ///
    /// ## Example
    /// ```text
    /// Duration: 2 hours 15 minutes (09:00 to 13:30 UTC)
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Duration: 4 hours 30 minutes (09:00 to 13:30 UTC)
    /// ```
    pub struct DurationMismatch {
        code: "PM105",
        name: "duration-mismatch",
        severity: Error,
        enabled: true,
        fix: Unsafe,
        summary: "A stated duration, end or time to detect/recover the timeline contradicts",
    }
}

/// A restoration this much before the stated end is not rounding or a short watch period.
const RESTORATION_LEEWAY: TimeDelta = TimeDelta::hours(1);

impl Rule for DurationMismatch {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for (window, entries) in doc.windows.iter().zip(&doc.entries_by_window()) {
            length_against_bounds(window, cx);
            end_against_restoration(window, entries, cx);
            restatements_against_window(doc, window, cx);
        }
        if doc.metrics.is_empty() || !timeline_is_sound(doc) {
            return;
        }
        let instants = entry_instants(doc);
        // Each length is looked for once: a long write-up may state the same one many times.
        let mut nearest_pairs = HashMap::new();
        // A metric counted in support hours cannot be checked against wall-clock times.
        for metric in doc.metrics.iter().filter(|m| !m.business_hours) {
            let stated = TimeDelta::seconds(metric.length.seconds);
            let nearest = *nearest_pairs
                .entry(metric.length.seconds)
                .or_insert_with(|| nearest_pair(&instants, stated));
            metric_against_timeline(doc.text(), metric, &instants, nearest, cx);
        }
    }
}

fn length_against_bounds(window: &StatedWindow, cx: &mut Context) {
    let (Some(start), Some(end), Some(length)) = (&window.start, &window.end, &window.length)
    else {
        return;
    };
    let Some((shortest, longest)) = apart(start, end) else {
        return;
    };
    let stated = TimeDelta::seconds(length.seconds);
    let slack = length.tolerance() + approx_slack(start, end);
    if stated + slack >= shortest && stated - slack <= longest {
        return;
    }
    let actual = if stated < shortest { shortest } else { longest };
    cx.report(
        Diagnostic::new(
            &DurationMismatch::META,
            length.span.clone(),
            format!(
                "stated length {} disagrees with the stated start {} and end {}, which are {} apart",
                describe_exact(stated),
                start.describe(),
                end.describe(),
                describe_exact(actual)
            ),
        )
        .label(format!("{} off", describe_exact(actual - stated)))
        .related(start.span.clone(), "stated start")
        .related(end.span.clone(), "stated end")
        .help(format!(
            "correct the length to {}, or the start or end",
            describe_exact(actual)
        )),
    );
}

/// How far apart a window's start and end may be, shortest and longest over the zones' readings.
/// A window stated without a year (`On 28th February ... from 15:30 to 18:10 UTC`) has no
/// dates, but its two clocks in one zone still give its length: the end is the first moment
/// at that clock after the start.
fn apart(start: &Stamp, end: &Stamp) -> Option<(TimeDelta, TimeDelta)> {
    if let (Some(shortest), Some(longest)) = (min_gap(end, start), min_gap(start, end)) {
        return Some((shortest, -longest));
    }
    let same_zone = start.zone.is_some() && start.zone == end.zone;
    let (None, None, Some(from), Some(to), true) =
        (start.date, end.date, start.time, end.time, same_zone)
    else {
        return None;
    };
    let gap = to - from;
    let gap = if gap < TimeDelta::zero() {
        gap + TimeDelta::days(1)
    } else {
        gap
    };
    Some((gap, gap))
}

/// Two statements of the same start or end this far apart are not rounding.
const RESTATEMENT_LEEWAY: TimeDelta = TimeDelta::minutes(15);

/// A start, end or length stated twice (the `Duration:` line and a summary sentence, or the
/// timeline's `OUTAGE ENDS` marker) must say the same thing. The statement that outranks the
/// other (a label over a heading over a sentence over a marker) is the one kept.
fn restatements_against_window(doc: &Document, window: &StatedWindow, cx: &mut Context) {
    let mut shifts: Vec<Shift> = Vec::new();
    for restated in &window.restated {
        let (other, kept, what) = match restated {
            Restatement::Start(other) => (other, window.start.as_ref(), "start"),
            Restatement::End(other) => (other, window.end.as_ref(), "end"),
            Restatement::Length(other) => {
                if let Some(kept) = &window.length {
                    lengths_agree(doc, kept, other, cx);
                }
                continue;
            }
        };
        let Some(kept) = kept else { continue };
        let (gap, side) = match (min_gap(other, kept), min_gap(kept, other)) {
            (Some(later), _) if later > TimeDelta::zero() => (later, "after"),
            (_, Some(earlier)) if earlier > TimeDelta::zero() => (earlier, "before"),
            _ => continue,
        };
        if gap > RESTATEMENT_LEEWAY + approx_slack(kept, other) {
            shifts.push(Shift {
                other,
                kept,
                what,
                gap,
                side,
            });
        }
    }
    let line = |span: &std::ops::Range<usize>| doc.source.lines.line_of(span.start);
    let mut i = 0;
    while i < shifts.len() {
        let shift = &shifts[i];
        // A start and an end restated together and moved together (the summary gives the
        // wrong day) are one finding.
        let pair = shifts.get(i + 1).filter(|next| {
            line(&next.other.span) == line(&shift.other.span)
                && next.gap == shift.gap
                && next.side == shift.side
        });
        cx.report(restatement_finding(doc, shift, pair));
        i += 1 + usize::from(pair.is_some());
    }
}

/// A restated start or end that disagrees with the one kept.
struct Shift<'w> {
    other: &'w Stamp,
    kept: &'w Stamp,
    what: &'static str,
    gap: TimeDelta,
    side: &'static str,
}

fn restatement_finding(doc: &Document, shift: &Shift, pair: Option<&Shift>) -> Diagnostic {
    let (what, other, kept) = match pair {
        Some(end) => (
            "window",
            format!(
                "{} to {}",
                shift.other.describe_zoned(),
                end.other.describe_zoned()
            ),
            format!(
                "{} to {}",
                shift.kept.describe_zoned(),
                end.kept.describe_zoned()
            ),
        ),
        None => (
            shift.what,
            shift.other.describe_zoned(),
            shift.kept.describe_zoned(),
        ),
    };
    let gap = describe_gap(shift.gap);
    let side = shift.side;
    let mut diagnostic = Diagnostic::new(
        &DurationMismatch::META,
        shift.other.span.clone(),
        format!(
            "this {what} {other} is {gap} {side} the {what} {kept} stated {}",
            stated_where(doc, &shift.kept.span)
        ),
    )
    .label(format!("{gap} {side} the other stated {what}"))
    .related(shift.kept.span.clone(), format!("stated {}", shift.what));
    if let Some(end) = pair {
        diagnostic = diagnostic
            .related(end.other.span.clone(), "restated end")
            .related(end.kept.span.clone(), "stated end");
    }
    diagnostic.help(format!(
        "the document states the incident's {what} twice: make both say the same"
    ))
}

fn lengths_agree(doc: &Document, kept: &StatedLength, other: &StatedLength, cx: &mut Context) {
    let gap = (kept.seconds - other.seconds).abs();
    if TimeDelta::seconds(gap) <= kept.tolerance() + other.tolerance() {
        return;
    }
    cx.report(
        Diagnostic::new(
            &DurationMismatch::META,
            other.span.clone(),
            format!(
                "stated length {} disagrees with the length {} stated {}",
                describe_exact(TimeDelta::seconds(other.seconds)),
                describe_exact(TimeDelta::seconds(kept.seconds)),
                stated_where(doc, &kept.span)
            ),
        )
        .label(format!("{} off", describe_exact(TimeDelta::seconds(gap))))
        .related(kept.span.clone(), "stated length")
        .help("the document states the incident's length twice: make both say the same"),
    );
}

/// `governed`: the entries the window governs, in order.
fn end_against_restoration(
    window: &StatedWindow,
    governed: &[&TimelineEntry],
    cx: &mut Context,
) {
    let Some(end) = &window.end else { return };
    let bounds = &window.bounds;
    // Entries inside the window; one outside it is a different finding.
    let inside: Vec<&Stamp> = governed
        .iter()
        .map(|e| &e.stamp)
        .filter(|s| bounds.contains(s))
        .collect();
    let restored = governed
        .iter()
        .rfind(|e| e.event == EntryEvent::Restoration);
    let Some(restored) = restored else { return };
    let restored = &restored.stamp;
    // Something logged after the restoration may be what the end marks.
    let later_entry = inside.iter().any(|s| {
        s.span != restored.span && min_gap(s, restored).is_none_or(|g| g > TimeDelta::zero())
    });
    let Some(gap) = min_gap(end, restored) else {
        return;
    };
    if later_entry || gap <= RESTORATION_LEEWAY + approx_slack(end, restored) {
        return;
    }
    let mut diagnostic = Diagnostic::new(
        &DurationMismatch::META,
        end.span.clone(),
        format!(
            "the stated end {} is {} after the timeline's restoration at {}",
            end.describe(),
            describe_gap(gap),
            restored.describe()
        ),
    )
    .label(format!("{} after service came back", describe_gap(gap)))
    .related(restored.span.clone(), "restoration in the timeline")
    .help(format!(
        "if service came back at {}, that is the end of the incident; otherwise correct the timeline",
        restored.describe()
    ));
    diagnostic.fixes.extend(end_as_restoration(cx.doc.text(), window, end, restored));
    cx.report(diagnostic);
}

/// The stated end rewritten to the restoration's time, in the end's own notation. Only where
/// nothing else would then disagree: the same zone, no stated length, no end stated twice.
fn end_as_restoration(text: &str, window: &StatedWindow, end: &Stamp, restored: &Stamp) -> Option<Fix> {
    let restated_end = window.restated.iter().any(|r| matches!(r, Restatement::End(_)));
    if window.length.is_some() || restated_end || end.zone.is_none() || end.zone != restored.zone {
        return None;
    }
    let written = rewrite(
        &text[end.span.clone()],
        (end.date?, end.time?),
        end.date_written,
        (restored.date?, restored.time?),
    )?;
    Some(Fix {
        title: format!("Replace the stated end with the restoration, `{written}`"),
        span: end.span.clone(),
        replacement: written,
        safety: Safety::Unsafe,
    })
}

/// Whether every entry's time is known and plausible. "No two entries are that far apart" holds
/// only of a whole timeline: an entry with an impossible date or clock, or one half a year
/// from the others (a year typo), is reported by its own rule, and the pair it belonged to
/// must not also be reported missing here.
fn timeline_is_sound(doc: &Document) -> bool {
    let mut days = Vec::with_capacity(doc.entries.len());
    for entry in &doc.entries {
        let written = &doc.written[entry.written].mention;
        let unreadable = (written.date.is_some() && entry.stamp.date.is_none())
            || (written.clock.is_some() && entry.stamp.time.is_none());
        if unreadable {
            return false;
        }
        days.extend(entry.stamp.date);
    }
    days.sort_unstable();
    let Some(&median) = days.get(days.len() / 2) else {
        return true;
    };
    days.iter().all(|d| (*d - median).abs() < TYPO_GAP)
}

/// Every timeline entry with a date and time, as an instant in one zone's frame, sorted, with
/// its stamp.
fn entry_instants<'d>(doc: &'d Document) -> Vec<(NaiveDateTime, &'d Stamp)> {
    let mut instants: Vec<(NaiveDateTime, &Stamp)> = doc
        .entries
        .iter()
        .filter_map(|e| {
            let local = e.stamp.local()?;
            let offset = e
                .stamp
                .zone
                .as_ref()
                .and_then(|z| z.offsets_on(e.stamp.date))
                .and_then(|o| o.first().copied())
                .unwrap_or(0);
            Some((local - TimeDelta::seconds(i64::from(offset)), &e.stamp))
        })
        .collect();
    instants.sort_by_key(|(at, _)| *at);
    instants
}

/// The two entries (as indices into `instants`) whose distance is nearest to `stated`, and
/// how far off it is.
fn nearest_pair(
    instants: &[(NaiveDateTime, &Stamp)],
    stated: TimeDelta,
) -> Option<(TimeDelta, usize, usize)> {
    if instants.len() < 2 || stated <= TimeDelta::zero() {
        return None;
    }
    // For each entry, the entry nearest to `stated` after it.
    let mut nearest: Option<(TimeDelta, usize, usize)> = None;
    for (i, (at, _)) in instants.iter().enumerate() {
        let target = *at + stated;
        let j = instants.partition_point(|(t, _)| *t < target);
        for k in [j.checked_sub(1), Some(j)].into_iter().flatten() {
            let Some((other, _)) = instants.get(k).filter(|_| k > i) else {
                continue;
            };
            let off = (*other - *at - stated).abs();
            if nearest.is_none_or(|(best, _, _)| off < best) {
                nearest = Some((off, i, k));
            }
        }
    }
    nearest
}

/// The metric as written ("time to resolve"), with what an acronym stands for ("TTR (time to
/// recover)").
fn metric_name(written: &str, what: &str) -> String {
    let written = written.trim_matches(['*', '_', ':', ' ']);
    if written.chars().any(|c| c.is_lowercase()) {
        written.to_lowercase()
    } else {
        format!("{written} ({what})")
    }
}

/// The least a stated metric may be off from the nearest pair of entries.
const METRIC_SLACK: TimeDelta = TimeDelta::minutes(2);

/// `nearest`: the pair of entries whose distance is nearest to the metric's length.
fn metric_against_timeline(
    text: &str,
    metric: &StatedMetric,
    instants: &[(NaiveDateTime, &Stamp)],
    nearest: Option<(TimeDelta, usize, usize)>,
    cx: &mut Context,
) {
    let stated = TimeDelta::seconds(metric.length.seconds);
    let slack = metric.length.tolerance()
        .max(stated / 20)
        .max(METRIC_SLACK);
    let Some((off, from, to)) = nearest else {
        return;
    };
    if off <= slack {
        return;
    }
    let what = match metric.kind {
        MetricKind::Detection => "time to detect",
        MetricKind::Mitigation => "time to mitigate",
        MetricKind::Recovery => "time to recover",
    };
    let (from, to) = (instants[from].1, instants[to].1);
    let found = min_gap(to, from).unwrap_or_default();
    cx.report(
        Diagnostic::new(
            &DurationMismatch::META,
            metric.length.span.clone(),
            format!(
                "stated {} of {} cannot be reproduced from the timeline: the closest pair of entries is {} apart ({} to {})",
                metric_name(&text[metric.name.clone()], what),
                text[metric.length.span.clone()].trim(),
                describe_exact(found),
                from.describe(),
                to.describe()
            ),
        )
        .label(format!("no two entries are {} apart", describe_exact(stated)))
        .related(metric.name.clone(), "the metric")
        .related(from.span.clone(), "from")
        .related(to.span.clone(), "to")
        .help(format!(
            "recompute the {what} from the timeline, or add the entry it was measured from"
        )),
    );
}
