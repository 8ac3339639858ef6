//! `pmlint report`: one self-contained HTML page for a repository of postmortems, built from
//! each document's [`Facts`], the rules that found something in it and its timeline. This
//! module gathers the numbers (incidents per period, computed beside stated durations,
//! percentiles per quarter, the share of documents each rule finds something in); `chart`
//! draws them as inline SVG and `html` writes the page. Nothing here reads or writes files.

mod chart;
mod html;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

pub use html::page;

use crate::Findings;
use crate::document::Document;
use crate::facts::{Duration, Facts, Moment};
use crate::profile::Profile;
use crate::rule_meta::RuleMeta;
use crate::timeline::{ShownZone, Timeline};

/// One document of the report.
pub struct Item {
    pub facts: Facts,
    /// The rules that found something in it, once each, by code.
    pub rules: Vec<&'static RuleMeta>,
    /// How many timeline entries have a time of day.
    pub timed: usize,
    /// The timeline's picture, an `<svg>` element; `None` without timed entries.
    pub timeline: Option<String>,
    /// A relative link to the file from the page, when one can be written safely.
    pub href: Option<String>,
}

impl Item {
    /// The report's record of `doc`, whose `findings` the rules made under `profile`, with its
    /// timeline shown in `zone`.
    pub fn of(doc: &Document, findings: &Findings, profile: &Profile, zone: &ShownZone) -> Item {
        let mut rules: Vec<&'static RuleMeta> =
            findings.diagnostics.iter().map(|d| d.rule).collect();
        rules.sort_by_key(|r| r.code);
        rules.dedup_by_key(|r| r.code);
        let timed = doc
            .entries
            .iter()
            .filter(|e| e.stamp.time.is_some())
            .count();
        let timeline =
            (timed > 0).then(|| crate::timeline::svg(&Timeline::of(doc, findings, zone), zone));
        Item {
            facts: Facts::of(doc, findings, profile),
            rules,
            timed,
            timeline,
            href: None,
        }
    }
}

/// When an incident happened, for counting: the UTC day of the window's start, else of the
/// first timeline entry; the day as written when its zone is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    pub day: NaiveDate,
    /// Read from the local date because the zone is unknown.
    pub local: bool,
}

/// The day `start` (else `first`) falls on in UTC, or as written.
pub fn dated(start: Option<&Moment>, first: Option<&Moment>) -> Option<Dated> {
    let of = |m: &Moment| {
        if let Some(utc) = &m.utc {
            let at = NaiveDateTime::parse_from_str(&utc.earliest, "%Y-%m-%dT%H:%MZ").ok()?;
            return Some(Dated {
                day: at.date(),
                local: false,
            });
        }
        let local = m.local.as_deref()?;
        let day = NaiveDate::parse_from_str(local.get(..10)?, "%Y-%m-%d").ok()?;
        Some(Dated { day, local: true })
    };
    start.and_then(of).or_else(|| first.and_then(of))
}

impl Item {
    pub fn dated(&self) -> Option<Dated> {
        let start = self.facts.window.as_ref().and_then(|w| w.start.as_ref());
        dated(start, self.facts.timeline.first.as_ref())
    }
}

/// A calendar quarter: `(2024, 2)` is April to June 2024.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i32,
    pub q: u32,
}

impl Quarter {
    pub fn of(day: NaiveDate) -> Quarter {
        Quarter {
            year: day.year(),
            q: day.month0() / 3 + 1,
        }
    }

    pub fn label(self) -> String {
        format!("{} Q{}", self.year, self.q)
    }
}

/// How incidents are counted over time: by month over up to five years, by quarter over up to
/// fifteen, else by year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    /// The period's number counted from year 0, so that neighbours differ by one.
    fn index(self, day: NaiveDate) -> i64 {
        let year = i64::from(day.year());
        match self {
            Period::Month => year * 12 + i64::from(day.month0()),
            Period::Quarter => year * 4 + i64::from(day.month0() / 3),
            Period::Year => year,
        }
    }

    fn label(self, index: i64) -> String {
        match self {
            Period::Month => format!("{}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1),
            Period::Quarter => format!("{} Q{}", index.div_euclid(4), index.rem_euclid(4) + 1),
            Period::Year => index.to_string(),
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// How many incidents each period holds, every period from the first to the last (empty ones
/// too), labelled.
pub fn per_period(days: &[NaiveDate]) -> (Period, Vec<(String, usize)>) {
    let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
        return (Period::Month, Vec::new());
    };
    let months = Period::Month.index(*last) - Period::Month.index(*first) + 1;
    let period = match months {
        ..=60 => Period::Month,
        61..=180 => Period::Quarter,
        _ => Period::Year,
    };
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for day in days {
        *counts.entry(period.index(*day)).or_default() += 1;
    }
    let (from, to) = (period.index(*first), period.index(*last));
    let buckets = (from..=to)
        .map(|i| (period.label(i), counts.get(&i).copied().unwrap_or(0)))
        .collect();
    (period, buckets)
}

/// The nearest-rank `p`th percentile (0 < p <= 100) of `sorted`: the smallest value with at
/// least p% of the values at or below it.
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (sorted.len() * p as usize).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The median and 90th percentile of the computed figures of one quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spread {
    pub count: usize,
    pub median: i64,
    pub p90: i64,
}

impl Spread {
    fn of(mut values: Vec<i64>) -> Option<Spread> {
        values.sort_unstable();
        Some(Spread {
            count: values.len(),
            median: percentile(&values, 50)?,
            p90: percentile(&values, 90)?,
        })
    }
}

/// One quarter's row: time to detect and time to recover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarterRow {
    pub quarter: Quarter,
    pub detect: Option<Spread>,
    pub recover: Option<Spread>,
}

/// Which duration a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Detect,
    Recover,
}

impl Metric {
    pub fn of(self, facts: &Facts) -> &Duration {
        match self {
            Metric::Detect => &facts.durations.time_to_detect,
            Metric::Recover => &facts.durations.time_to_recover,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Metric::Detect => "time to detect",
            Metric::Recover => "time to recover",
        }
    }
}

/// The median and 90th percentile of each quarter's computed figures that are not negative (a
/// negative one is a contradiction the rules report, not a duration), quarters in order; and
/// how many negative figures were left out.
pub fn quarters(items: &[Item]) -> (Vec<QuarterRow>, usize) {
    let mut values: BTreeMap<Quarter, [Vec<i64>; 2]> = BTreeMap::new();
    let mut negative = 0;
    for item in items {
        let Some(dated) = item.dated() else { continue };
        for (i, metric) in [Metric::Detect, Metric::Recover].into_iter().enumerate() {
            match metric.of(&item.facts).minutes {
                Some(m) if m < 0 => negative += 1,
                Some(m) => values.entry(Quarter::of(dated.day)).or_default()[i].push(m),
                None => {}
            }
        }
    }
    let rows = values
        .into_iter()
        .map(|(quarter, [detect, recover])| QuarterRow {
            quarter,
            detect: Spread::of(detect),
            recover: Spread::of(recover),
        })
        .collect();
    (rows, negative)
}

/// A computed figure beside a stated one, for one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The document's number in the page (its anchor is `doc-N`).
    pub doc: usize,
    pub file: String,
    pub stated: i64,
    pub computed: i64,
    pub agrees: Option<bool>,
}

impl Pair {
    /// Off by more than a factor of two either way (or one side zero or less and the other
    /// not).
    pub fn far_off(&self) -> bool {
        if self.stated <= 0 || self.computed <= 0 {
            return (self.stated <= 0) != (self.computed <= 0);
        }
        self.computed > 2 * self.stated || self.stated > 2 * self.computed
    }
}

/// The pairs of `metric`, and how many documents give only the computed or only the stated
/// figure.
pub fn pairs(items: &[Item], metric: Metric) -> (Vec<Pair>, usize, usize) {
    let (mut pairs, mut computed_only, mut stated_only) = (Vec::new(), 0, 0);
    for (i, item) in items.iter().enumerate() {
        let duration = metric.of(&item.facts);
        match (duration.minutes, duration.stated_minutes) {
            (Some(computed), Some(stated)) => pairs.push(Pair {
                doc: i + 1,
                file: item.facts.file.clone(),
                stated,
                computed,
                agrees: duration.agrees,
            }),
            (Some(_), None) => computed_only += 1,
            (None, Some(_)) => stated_only += 1,
            (None, None) => {}
        }
    }
    (pairs, computed_only, stated_only)
}

/// One rule's row: how many documents it found something in.
#[derive(Debug, Clone)]
pub struct RuleShare {
    pub rule: &'static RuleMeta,
    pub documents: usize,
}

/// Every rule that found something, most documents first (then by code).
pub fn rule_shares(items: &[Item]) -> Vec<RuleShare> {
    let mut counts: BTreeMap<&'static str, RuleShare> = BTreeMap::new();
    for rule in items.iter().flat_map(|i| &i.rules) {
        counts
            .entry(rule.code)
            .or_insert(RuleShare { rule, documents: 0 })
            .documents += 1;
    }
    let mut shares: Vec<RuleShare> = counts.into_values().collect();
    shares.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then(a.rule.code.cmp(b.rule.code))
    });
    shares
}

/// Minutes as people write a duration: `45m`, `2h05m`, `3d4h`, `-10m`.
pub fn minutes(m: i64) -> String {
    crate::timeline::gap(m).trim_start_matches('+').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::UtcRange;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn moment(local: &str, utc: Option<&str>) -> Moment {
        Moment {
            written: local.into(),
            line: 1,
            local: Some(local.into()),
            zone: None,
            utc: utc.map(|u| UtcRange {
                earliest: u.into(),
                latest: u.into(),
            }),
            utc_unknown: None,
        }
    }

    #[test]
    fn nearest_rank_percentiles() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 50), Some(7));
        assert_eq!(percentile(&[7], 90), Some(7));
        // Two values: the median is the lower one, the 90th the upper.
        assert_eq!(percentile(&[1, 9], 50), Some(1));
        assert_eq!(percentile(&[1, 9], 90), Some(9));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 50), Some(5));
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&ten, 100), Some(10));
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(percentile(&eleven, 50), Some(6));
        assert_eq!(percentile(&eleven, 90), Some(10));
    }

    #[test]
    fn quarters_split_at_the_first_of_april_july_and_october() {
        assert_eq!(Quarter::of(day(2024, 3, 31)), Quarter { year: 2024, q: 1 });
        assert_eq!(Quarter::of(day(2024, 4, 1)), Quarter { year: 2024, q: 2 });
        assert_eq!(Quarter::of(day(2024, 9, 30)).label(), "2024 Q3");
        assert_eq!(Quarter::of(day(2024, 12, 31)).label(), "2024 Q4");
        assert!(Quarter::of(day(2023, 12, 31)) < Quarter::of(day(2024, 1, 1)));
    }

    #[test]
    fn an_incident_is_dated_by_its_utc_start_else_as_written() {
        // 23:30 at UTC-5 on March 31 is April 1 in UTC: the second quarter.
        let start = moment("2024-03-31T23:30", Some("2024-04-01T04:30Z"));
        let dated = dated(Some(&start), None).unwrap();
        assert_eq!((dated.day, dated.local), (day(2024, 4, 1), false));
        assert_eq!(Quarter::of(dated.day), Quarter { year: 2024, q: 2 });
        // No UTC: the first entry's local day, marked as such.
        let first = moment("2023-05-10T14:00", None);
        let undated_start = Moment {
            local: None,
            ..moment("", None)
        };
        assert_eq!(
            super::dated(Some(&undated_start), Some(&first)),
            Some(Dated {
                day: day(2023, 5, 10),
                local: true
            })
        );
        assert_eq!(super::dated(None, None), None);
    }

    #[test]
    fn periods_run_without_gaps_and_widen_with_the_span() {
        let (period, buckets) = per_period(&[day(2024, 1, 5), day(2024, 3, 9), day(2024, 1, 20)]);
        assert_eq!(period, Period::Month);
        assert_eq!(
            buckets,
            vec![
                ("2024-01".to_string(), 2),
                ("2024-02".to_string(), 0),
                ("2024-03".to_string(), 1)
            ]
        );
        let (period, buckets) = per_period(&[day(2015, 2, 1), day(2024, 11, 1)]);
        assert_eq!(period, Period::Quarter);
        assert_eq!(buckets.first(), Some(&("2015 Q1".to_string(), 1)));
        assert_eq!(buckets.last(), Some(&("2024 Q4".to_string(), 1)));
        assert_eq!(buckets.len(), 40);
        let (period, buckets) = per_period(&[day(1999, 2, 1), day(2024, 11, 1)]);
        assert_eq!((period, buckets.len()), (Period::Year, 26));
        assert_eq!(per_period(&[]).1, Vec::new());
    }

    #[test]
    fn a_pair_is_far_off_beyond_a_factor_of_two() {
        let pair = |stated, computed| Pair {
            doc: 1,
            file: String::new(),
            stated,
            computed,
            agrees: None,
        };
        assert!(!pair(30, 60).far_off());
        assert!(pair(30, 61).far_off());
        assert!(pair(61, 30).far_off());
        assert!(pair(0, 5).far_off());
        assert!(!pair(0, 0).far_off());
    }
}
