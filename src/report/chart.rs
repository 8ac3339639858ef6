//! The report's charts as inline SVG, written by hand: bars, dots and lines need no library,
//! and writing them here keeps every label's place known, so labels are thinned or placed
//! where they cannot overlap. Text is set in a monospace font, whose width per character is
//! known closely enough to reserve each label's box.

use std::fmt::Write;

use super::{Pair, QuarterRow, RuleShare, Spread, minutes};
use crate::render::escape::{markup, markup_attribute as attribute};

/// The font size of every label, in pixels.
const SIZE: f64 = 11.0;
/// The width of one character at [`SIZE`], generously: monospace fonts use 0.6 em.
const CHAR: f64 = SIZE * 0.64;
/// The least room between two labels.
const GAP: f64 = 6.0;
/// How far below an axis its labels' baseline is: clear of the lowest label of the axis
/// across.
const BELOW: f64 = 18.0;

#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// An SVG being drawn, with the box each label takes.
pub struct Svg {
    width: f64,
    height: f64,
    body: String,
    /// `[left, top, right, bottom]` of each label.
    pub boxes: Vec<[f64; 4]>,
}

fn width_of(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR
}

impl Svg {
    fn new(width: f64, height: f64) -> Svg {
        Svg {
            width,
            height,
            body: String::new(),
            boxes: Vec::new(),
        }
    }

    /// A label whose baseline is at `y`.
    fn text(&mut self, x: f64, y: f64, anchor: Anchor, text: &str) {
        let w = width_of(text);
        let left = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - w / 2.0,
            Anchor::End => x - w,
        };
        self.boxes
            .push([left, y - SIZE * 0.85, left + w, y + SIZE * 0.3]);
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
            markup(text)
        );
    }

    /// A label turned to read upwards, centred on `(x, y)`.
    fn upright(&mut self, x: f64, y: f64, text: &str) {
        let w = width_of(text);
        self.boxes
            .push([x - SIZE * 0.85, y - w / 2.0, x + SIZE * 0.3, y + w / 2.0]);
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="middle" transform="rotate(-90 {x:.1} {y:.1})">{}</text>"#,
            markup(text)
        );
    }

    /// The finished `<svg>` element, described by `label` for screen readers.
    pub fn finish(self, label: &str) -> String {
        format!(
            r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{}">{}</svg>"#,
            attribute(label),
            self.body,
            w = self.width,
            h = self.height,
        )
    }
}

/// Of labels at `centres` along a line, each `extent` long, the ones that keep [`GAP`] apart,
/// first come first kept.
fn thin(centres: &[(f64, f64)]) -> Vec<bool> {
    let mut last_end = f64::NEG_INFINITY;
    centres
        .iter()
        .map(|&(centre, extent)| {
            let start = centre - extent / 2.0;
            let keep = start >= last_end + GAP;
            if keep {
                last_end = centre + extent / 2.0;
            }
            keep
        })
        .collect()
}

/// Category labels under bands `band` wide: every `step`th, so that the widest fits.
fn category_step(labels: &[String], band: f64) -> usize {
    let widest = labels.iter().map(|l| width_of(l)).fold(0.0, f64::max);
    ((widest + 2.0 * GAP) / band).ceil().max(1.0) as usize
}

/// A round step for a count axis that reaches `max` in at most five steps.
fn count_step(max: usize) -> usize {
    let mut power = 1;
    loop {
        for step in [power, 2 * power, 5 * power] {
            if max <= step * 5 {
                return step;
            }
        }
        power *= 10;
    }
}

/// Incidents per period, as bars.
pub fn incidents(buckets: &[(String, usize)], noun: &str) -> Svg {
    let (width, height) = (1100.0, 240.0);
    let (left, right, top, bottom) = (48.0, 16.0, 14.0, 40.0);
    let mut svg = Svg::new(width, height);
    let (plot_w, plot_h) = (width - left - right, height - top - bottom);
    let base = top + plot_h;
    if buckets.is_empty() {
        svg.text(
            width / 2.0,
            height / 2.0,
            Anchor::Middle,
            "no dated documents",
        );
        return svg;
    }
    let max = buckets.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let step = count_step(max);
    let y_max = max.div_ceil(step) * step;
    let y = |count: usize| base - plot_h * count as f64 / y_max as f64;
    for tick in (0..=y_max).step_by(step) {
        let _ = write!(
            svg.body,
            r#"<line class="grid" x1="{left}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/>"#,
            left + plot_w,
            y = y(tick)
        );
        svg.text(left - 6.0, y(tick) + 4.0, Anchor::End, &tick.to_string());
    }
    let band = (plot_w / buckets.len() as f64).min(48.0);
    let labels: Vec<String> = buckets.iter().map(|b| b.0.clone()).collect();
    let every = category_step(&labels, band);
    for (i, (label, count)) in buckets.iter().enumerate() {
        let x = left + band * i as f64;
        let bar = if band > 3.0 { band * 0.8 } else { band };
        let s = if *count == 1 { "" } else { "s" };
        let _ = write!(
            svg.body,
            r#"<rect class="bar" x="{:.2}" y="{:.1}" width="{bar:.2}" height="{:.1}"><title>{}: {count} incident{s}</title></rect>"#,
            x + (band - bar) / 2.0,
            y(*count),
            base - y(*count),
            markup(label)
        );
        if i % every == 0 && x + band / 2.0 + width_of(label) / 2.0 <= width {
            svg.text(x + band / 2.0, base + BELOW, Anchor::Middle, label);
        }
    }
    let _ = write!(
        svg.body,
        r#"<line class="axis" x1="{left}" x2="{:.1}" y1="{base}" y2="{base}"/>"#,
        left + plot_w
    );
    svg.text(left + plot_w / 2.0, height - 6.0, Anchor::Middle, noun);
    svg
}

/// The ticks of a log axis of minutes, with their labels.
const TICKS: [(i64, &str); 9] = [
    (1, "1m"),
    (10, "10m"),
    (60, "1h"),
    (600, "10h"),
    (1440, "1d"),
    (10_080, "1w"),
    (43_200, "30d"),
    (525_600, "1y"),
    (5_256_000, "10y"),
];

/// A log scale of minutes from 1 (anything less drawn at 1) to `top`, onto `from..to` pixels.
struct LogScale {
    top: f64,
    from: f64,
    to: f64,
}

impl LogScale {
    /// Up to the first tick at or above `max` (at least an hour).
    fn up_to(max: i64, from: f64, to: f64) -> LogScale {
        let top = TICKS
            .iter()
            .map(|t| t.0)
            .find(|&t| t >= max.max(60))
            .unwrap_or(max);
        LogScale {
            top: top as f64,
            from,
            to,
        }
    }

    fn at(&self, minutes: i64) -> f64 {
        let share = (minutes.max(1) as f64).log10() / self.top.log10();
        self.from + (self.to - self.from) * share.min(1.0)
    }

    /// The ticks within the scale, the lowest labelled `≤1m` since everything less sits there.
    fn ticks(&self) -> Vec<(i64, String)> {
        TICKS
            .iter()
            .filter(|t| t.0 as f64 <= self.top)
            .map(|&(m, l)| (m, if m == 1 { "≤1m".into() } else { l.into() }))
            .collect()
    }
}

/// Log axes: grid lines and labels of both, those that fit.
fn log_axes(svg: &mut Svg, x: &LogScale, y: &LogScale) {
    let ticks = x.ticks();
    let along: Vec<(f64, f64)> = ticks.iter().map(|(m, l)| (x.at(*m), width_of(l))).collect();
    for ((m, label), keep) in ticks.iter().zip(thin(&along)) {
        let at = x.at(*m);
        let _ = write!(
            svg.body,
            r#"<line class="grid" x1="{at:.1}" x2="{at:.1}" y1="{:.1}" y2="{:.1}"/>"#,
            y.to, y.from
        );
        if keep {
            svg.text(at, y.from + BELOW, Anchor::Middle, label);
        }
    }
    log_y_axis(svg, y, x.from, x.to);
}

fn log_y_axis(svg: &mut Svg, y: &LogScale, left: f64, right: f64) {
    let ticks = y.ticks();
    // Upwards: the labels' extent is their height.
    let along: Vec<(f64, f64)> = ticks.iter().map(|(m, _)| (-y.at(*m), SIZE)).collect();
    for ((m, label), keep) in ticks.iter().zip(thin(&along)) {
        let at = y.at(*m);
        let _ = write!(
            svg.body,
            r#"<line class="grid" x1="{left:.1}" x2="{right:.1}" y1="{at:.1}" y2="{at:.1}"/>"#
        );
        if keep {
            svg.text(left - 6.0, at + 4.0, Anchor::End, label);
        }
    }
}

/// Computed beside stated figures: stated across, computed up, both on log scales, the line
/// where they are equal and the band within a factor of two of it.
pub fn pairs(pairs: &[Pair]) -> Svg {
    let (width, height) = (540.0, 420.0);
    let (left, right, top, bottom) = (56.0, 16.0, 14.0, 46.0);
    let mut svg = Svg::new(width, height);
    let max = pairs
        .iter()
        .map(|p| p.stated.max(p.computed))
        .max()
        .unwrap_or(60);
    let x = LogScale::up_to(max, left, width - right);
    let y = LogScale::up_to(max, height - bottom, top);
    log_axes(&mut svg, &x, &y);
    // The band where neither figure is more than twice the other, then the diagonal.
    let t = x.top;
    let corners = [
        (1.0, 2.0),
        (t / 2.0, t),
        (t, t),
        (t, t / 2.0),
        (2.0, 1.0),
        (1.0, 1.0),
    ];
    let at = |s: &LogScale, v: f64| s.from + (s.to - s.from) * v.log10() / s.top.log10();
    let points: Vec<String> = corners
        .iter()
        .map(|&(a, b)| format!("{:.1},{:.1}", at(&x, a), at(&y, b)))
        .collect();
    let _ = write!(
        svg.body,
        r#"<polygon class="band" points="{}"/><line class="diagonal" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
        points.join(" "),
        x.from,
        y.from,
        x.to,
        y.to
    );
    for pair in pairs {
        let class = match pair.agrees {
            Some(false) => "disagrees",
            Some(true) => "agrees",
            None if pair.far_off() => "far",
            None => "near",
        };
        let judged = match pair.agrees {
            Some(false) => "judged: disagrees",
            Some(true) => "judged: agrees",
            None => "not judged",
        };
        let _ = write!(
            svg.body,
            r##"<a href="#row-{}"><circle class="{class}" cx="{:.1}" cy="{:.1}" r="4"><title>{}: stated {}, computed {} ({judged})</title></circle></a>"##,
            pair.doc,
            x.at(pair.stated),
            y.at(pair.computed),
            markup(&pair.file),
            minutes(pair.stated),
            minutes(pair.computed)
        );
    }
    svg.text(
        (x.from + x.to) / 2.0,
        height - 6.0,
        Anchor::Middle,
        "stated",
    );
    svg.upright(14.0, (y.from + y.to) / 2.0, "computed");
    svg
}

/// The median and 90th percentile of each quarter: a line from one to the other, the 90th
/// percentile a ring and the median a dot (inside the ring when they are equal).
pub fn spreads(rows: &[QuarterRow], spread: fn(&QuarterRow) -> Option<&Spread>) -> Svg {
    let (width, height) = (540.0, 260.0);
    let (left, right, top, bottom) = (56.0, 16.0, 14.0, 40.0);
    let mut svg = Svg::new(width, height);
    let rows: Vec<(&QuarterRow, &Spread)> =
        rows.iter().filter_map(|r| Some((r, spread(r)?))).collect();
    if rows.is_empty() {
        svg.text(
            width / 2.0,
            height / 2.0,
            Anchor::Middle,
            "no computed figures",
        );
        return svg;
    }
    let max = rows.iter().map(|(_, s)| s.p90).max().unwrap_or(60);
    let y = LogScale::up_to(max, height - bottom, top);
    log_y_axis(&mut svg, &y, left, width - right);
    let band = ((width - left - right) / rows.len() as f64).min(60.0);
    let labels: Vec<String> = rows.iter().map(|(r, _)| r.quarter.label()).collect();
    let every = category_step(&labels, band);
    for (i, ((_, s), label)) in rows.iter().zip(&labels).enumerate() {
        let cx = left + band * (i as f64 + 0.5);
        let _ = write!(
            svg.body,
            r#"<g><title>{}: median {}, 90th percentile {} (of {})</title><line class="spread" x1="{cx:.1}" x2="{cx:.1}" y1="{:.1}" y2="{:.1}"/><circle class="p90" cx="{cx:.1}" cy="{:.1}" r="4"/><circle class="median" cx="{cx:.1}" cy="{:.1}" r="2.5"/></g>"#,
            markup(label),
            minutes(s.median),
            minutes(s.p90),
            s.count,
            y.at(s.median),
            y.at(s.p90),
            y.at(s.p90),
            y.at(s.median)
        );
        if i % every == 0 && cx + width_of(label) / 2.0 <= width {
            svg.text(cx, y.from + BELOW, Anchor::Middle, label);
        }
    }
    svg.text(
        left + (width - left - right) / 2.0,
        height - 6.0,
        Anchor::Middle,
        "quarter",
    );
    svg
}

/// The share of documents each rule finds something in, as bars, most first.
pub fn shares(shares: &[RuleShare], documents: usize) -> Svg {
    let width = 1100.0;
    let row = 22.0;
    let height = (shares.len().max(1) as f64) * row + 12.0;
    let mut svg = Svg::new(width, height);
    if shares.is_empty() || documents == 0 {
        svg.text(8.0, 18.0, Anchor::Start, "no findings");
        return svg;
    }
    let names: Vec<String> = shares
        .iter()
        .map(|s| format!("{} {}", s.rule.code, s.rule.name))
        .collect();
    let column = names.iter().map(|n| width_of(n)).fold(0.0, f64::max) + 8.0 + 2.0 * GAP;
    let values: Vec<String> = shares
        .iter()
        .map(|s| {
            format!(
                "{}% ({} of {documents})",
                (s.documents * 100 + documents / 2) / documents,
                s.documents
            )
        })
        .collect();
    let widest_value = values.iter().map(|v| width_of(v)).fold(0.0, f64::max);
    let room = (width - column - widest_value - 2.0 * GAP).max(40.0);
    for (i, ((share, name), value)) in shares.iter().zip(&names).zip(&values).enumerate() {
        let y = 6.0 + row * i as f64;
        let length = room * share.documents as f64 / documents as f64;
        svg.text(8.0, y + 15.0, Anchor::Start, name);
        let _ = write!(
            svg.body,
            r#"<rect class="bar" x="{column:.1}" y="{:.1}" width="{length:.1}" height="{:.1}"><title>{}: {}</title></rect>"#,
            y + 3.0,
            row - 6.0,
            markup(name),
            markup(value)
        );
        svg.text(column + length + GAP, y + 15.0, Anchor::Start, value);
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Quarter, Spread};
    use crate::rules::RULES;

    /// Every two labels' boxes are apart, and inside the picture.
    fn apart(svg: &Svg) {
        for (i, a) in svg.boxes.iter().enumerate() {
            assert!(
                a[0] >= -0.5 && a[1] >= -0.5 && a[2] <= svg.width + 0.5 && a[3] <= svg.height + 0.5,
                "label {i} {a:?} outside {}x{}",
                svg.width,
                svg.height
            );
            for (j, b) in svg.boxes.iter().enumerate().skip(i + 1) {
                let overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
                assert!(!overlap, "labels {i} {a:?} and {j} {b:?} overlap");
            }
        }
    }

    #[test]
    fn count_steps_are_round() {
        assert_eq!(count_step(1), 1);
        assert_eq!(count_step(5), 1);
        assert_eq!(count_step(6), 2);
        assert_eq!(count_step(11), 5);
        assert_eq!(count_step(30), 10);
        assert_eq!(count_step(113), 50);
        assert_eq!(count_step(400), 100);
    }

    #[test]
    fn bar_labels_never_overlap_whatever_the_number_of_periods() {
        for n in [0, 1, 2, 12, 40, 60, 113, 400] {
            let buckets: Vec<(String, usize)> = (0..n)
                .map(|i| (format!("20{:02}-{:02}", i / 12, i % 12 + 1), i % 7))
                .collect();
            let svg = incidents(&buckets, "month");
            apart(&svg);
            let labels = svg.boxes.len();
            assert!(n == 0 || labels > 2, "{n} periods, {labels} labels");
        }
    }

    #[test]
    fn scatter_and_spread_labels_never_overlap() {
        for max in [0, 1, 59, 61, 600, 1440, 20_000, 600_000, 60_000_000] {
            let dots: Vec<Pair> = (0..113)
                .map(|i| Pair {
                    doc: i + 1,
                    file: format!("<a & \"{i}\">.md"),
                    stated: (i as i64 * max) / 113,
                    computed: max - (i as i64 * max) / 113,
                    agrees: [None, Some(true), Some(false)][i % 3],
                })
                .collect();
            let svg = pairs(&dots);
            apart(&svg);
            assert!(svg.finish("x").contains("&lt;a &amp; &quot;"));
            for quarters in [1, 5, 40, 113] {
                let rows: Vec<QuarterRow> = (0..quarters)
                    .map(|i| QuarterRow {
                        quarter: Quarter {
                            year: 2000 + i / 4,
                            q: (i % 4 + 1) as u32,
                        },
                        detect: Some(Spread {
                            count: 3,
                            median: max / 3,
                            p90: max,
                        }),
                        recover: None,
                    })
                    .collect();
                apart(&spreads(&rows, |r| r.detect.as_ref()));
                apart(&spreads(&rows, |r| r.recover.as_ref()));
            }
        }
        apart(&pairs(&[]));
    }

    #[test]
    fn every_rule_gets_a_row_that_fits() {
        let all: Vec<RuleShare> = RULES
            .iter()
            .enumerate()
            .map(|(i, r)| RuleShare {
                rule: r.meta(),
                documents: i + 1,
            })
            .collect();
        let svg = shares(&all, RULES.len());
        apart(&svg);
        assert_eq!(svg.boxes.len(), 2 * RULES.len());
        apart(&shares(&all[..1], 1));
        apart(&shares(&[], 0));
    }
}
