use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, TimeDelta};

use super::shared::{TYPO_GAP, year_fix};
use super::{Context, Rule};
use crate::time::grammar::PartSpan;
use crate::diagnostic::{Diagnostic, Safety};
use crate::document::{Document, WindowSource, WrittenTime};

declare_rule! {
    /// ## What it does
    /// Reports a date whose year differs from the other dates' and lies half a year or more
    /// from all of them, when the other dates' year would put it among them: a typo in the year
    /// ("October 3, 2021" in a postmortem whose other dates are all in October 2022).
    ///
    /// Only a date in a year that fewer dates use than all the other years together (one typo,
    /// or the same slip made twice; on a tie, the year of the first date wins), at least half a year from every date in another year,
    /// while those dates lie within three months of each other (one incident, not a long
    /// history), and their year would put it within a week of them. With only two dates, the
    /// second is checked against the first, usually the title's or the summary's. Dates that
    /// cross a new year (December 31, then January 1) are close to each other and are not
    /// reported. A timeline entry outside a stated window is reported by
    /// `entry-outside-window`, whose help names the year that fits, so it is not reported twice.
    ///
    /// ## Why is this bad?
    /// A wrong year moves the entry a year away: ordering, durations and anything that reads the
    /// postmortem by date put it in the wrong place.
    ///
    /// ## Example
    /// ```text
    /// Date: October 3, 2022
    /// - October 3, 2021, 10:05 UTC: Queue alert fired.
    /// - October 3, 2022, 10:20 UTC: Workers restarted.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - October 3, 2022, 10:05 UTC: Queue alert fired.
    /// ```
    pub struct YearOutlier {
        code: "PM109",
        name: "year-outlier",
        severity: Warning,
        enabled: true,
        fix: Unsafe,
        summary: "A date whose year differs from the other dates' (a year typo)",
    }
}

/// The other dates must be this close together: one incident, not a long history.
const CLUSTER: TimeDelta = TimeDelta::days(92);
/// With the year fixed, the date must land this close to the others' span.
const NEAR: TimeDelta = TimeDelta::days(7);

impl Rule for YearOutlier {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for outlier in year_outliers(doc) {
            let written = &doc.written[outlier.written];
            if reported_by_window_check(doc, written) {
                continue;
            }
            let date = outlier.date;
            let year = date.year();
            let part = written
                .mention
                .date
                .as_ref()
                .map_or(written.mention.span.clone(), |d| d.span.clone());
            let year_span = written.mention.date.as_ref().and_then(|d| d.year_span).map(PartSpan::range);
            let fix = year_fix(doc.text(), year_span, year, outlier.fixed.year(), Safety::Unsafe);
            let mut diagnostic = Diagnostic::new(
                &Self::META,
                part,
                format!(
                    "{} is {} in {}; {}",
                    date.format("%Y-%m-%d"),
                    alone(outlier.same_year),
                    year,
                    others_description(outlier.others, outlier.others_span)
                ),
            )
            .label(format!("{} in {year}", alone(outlier.same_year)))
            .help(format!("did you mean {}?", outlier.fixed.format("%Y-%m-%d")));
            diagnostic.fixes.extend(fix);
            cx.report(diagnostic);
        }
    }
}

/// A date whose year is a likely typo.
pub(super) struct Outlier {
    /// The date, as an index into the document's written times.
    pub written: usize,
    date: NaiveDate,
    /// The date with the year that puts it among the others.
    fixed: NaiveDate,
    /// How many dates are in its year, itself included.
    same_year: usize,
    /// How many dates are in other years, and the first and last of them.
    others: usize,
    others_span: (NaiveDate, NaiveDate),
}

/// Every date whose year is a likely typo, whether or not a window check reports it: the
/// order check leaves such an entry to this rule and `entry-outside-window`.
pub(super) fn year_outliers(doc: &Document) -> Vec<Outlier> {
    let dated: Vec<(usize, &WrittenTime, NaiveDate)> = doc
        .written
        .iter()
        .enumerate()
        .filter(|(_, w)| w.is_timestamp())
        .filter(|(_, w)| w.mention.date.as_ref().is_some_and(|d| d.year.is_some()))
        .filter_map(|(i, w)| Some((i, w, w.date?)))
        .collect();
    if dated.len() < 2 {
        return Vec::new();
    }
    // With two dates, the first (in the title or summary, usually) is the reference.
    let reference = (dated.len() == 2).then(|| dated[0].1.mention.span.start);
    let mut years: HashMap<i32, usize> = HashMap::new();
    for (_, _, date) in &dated {
        *years.entry(date.year()).or_default() += 1;
    }
    let mut sorted: Vec<NaiveDate> = dated.iter().map(|(_, _, d)| *d).collect();
    sorted.sort_unstable();
    let mut others_by_year: HashMap<i32, Vec<NaiveDate>> = HashMap::new();
    let mut outliers = Vec::new();
    for (index, written, date) in &dated {
        let year = date.year();
        // A year as common as all the others together is not a typo, unless it ties and
        // the first date (the title's or the summary's, usually) is in another year.
        let share = years[&year] * 2;
        if share > dated.len()
            || (share == dated.len() && dated[0].2.year() == year)
            || reference == Some(written.mention.span.start)
        {
            continue;
        }
        let others = others_by_year
            .entry(year)
            .or_insert_with(|| sorted.iter().copied().filter(|d| d.year() != year).collect());
        let at = others.partition_point(|d| d < date);
        let neighbours = [at.checked_sub(1), Some(at)];
        if neighbours
            .into_iter()
            .flatten()
            .filter_map(|i| others.get(i))
            .any(|d| (*d - *date).abs() < TYPO_GAP)
        {
            continue;
        }
        let (Some(&low), Some(&high)) = (others.first(), others.last()) else {
            continue;
        };
        let fitting = [low.year(), high.year()].into_iter().find_map(|year| {
            let fixed = date.with_year(year)?;
            (low - NEAR <= fixed && fixed <= high + NEAR).then_some(fixed)
        });
        let Some(fixed) = fitting.filter(|_| high - low <= CLUSTER) else {
            continue;
        };
        outliers.push(Outlier {
            written: *index,
            date: *date,
            fixed,
            same_year: years[&year],
            others: others.len(),
            others_span: (low, high),
        });
    }
    outliers
}

/// "the only date", "one of 2 dates".
fn alone(count: usize) -> String {
    match count {
        1 => "the only date".to_string(),
        n => format!("one of only {n} dates"),
    }
}

/// "the other date is 2022-10-03", "the other dates are all on ...", "the other dates run from
/// ... to ...".
fn others_description(others: usize, (low, high): (NaiveDate, NaiveDate)) -> String {
    let format = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    match others {
        1 => format!("the other date is {}", format(low)),
        _ if low == high => format!("the other dates are all on {}", format(low)),
        _ => format!("the other dates run from {} to {}", format(low), format(high)),
    }
}

/// A timeline entry governed by a window that states a date on the side the entry falls
/// outside of: `entry-outside-window` reports it with the year that fits. A window with only
/// an end cannot place an entry a year before it, and a window the timeline's own markers
/// state moves with a year typo in them, so neither does.
fn reported_by_window_check(doc: &Document, written: &WrittenTime) -> bool {
    let Some(entry) = written.entry.map(|e| &doc.entries[e]) else {
        return false;
    };
    let Some(date) = entry.stamp.date else {
        return false;
    };
    entry
        .window
        .map(|w| &doc.windows[w])
        .filter(|w| w.source != WindowSource::Markers)
        .map(|w| &w.bounds)
        .is_some_and(|b| {
            let start = b.start.as_ref().and_then(|s| s.date);
            let end = b.end.as_ref().and_then(|e| e.date);
            start.is_some_and(|s| date < s) || end.is_some_and(|e| date > e)
        })
}
