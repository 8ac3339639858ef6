//! The report page: one HTML file with its style inline, its charts as inline SVG, no script
//! and nothing to fetch. Every piece of document text is escaped.

use std::fmt::Write;

use super::chart::{self, Svg};
use super::{Item, Metric, QuarterRow, Spread, minutes, pairs, per_period, quarters};
use crate::facts::{Duration, Moment};
use crate::render::escape::{markup, markup_attribute as attribute};

const STYLE: &str = r#"
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #fff; margin: 0; }
main { max-width: 1140px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 24px; margin: 8px 0; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 4px; overflow-wrap: anywhere; }
nav a { margin-right: 14px; }
a { color: #0969da; }
.note { color: #57606a; max-width: 900px; }
.figures { display: flex; flex-wrap: wrap; gap: 24px; }
figure { margin: 0; }
figcaption { color: #57606a; max-width: 540px; font-size: 13px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart text { font: 11px ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; fill: #3d444d; }
svg.chart .grid { stroke: #eaeef2; }
svg.chart .axis { stroke: #8c959f; stroke-width: 1; }
svg.chart .bar { fill: #54aeff; }
svg.chart .band { fill: #f6f8fa; stroke: none; }
svg.chart .diagonal { stroke: #8c959f; stroke-dasharray: 4 3; }
svg.chart .agrees { fill: #1a7f37; }
svg.chart .disagrees { fill: #cf222e; }
svg.chart .far { fill: #fff; stroke: #bc4c00; stroke-width: 2; }
svg.chart .near { fill: #8c959f; fill-opacity: .7; }
svg.chart .spread { stroke: #8c959f; stroke-width: 2; }
svg.chart .median { fill: #0969da; }
svg.chart .p90 { fill: #fff; stroke: #cf222e; stroke-width: 2; }
.key span { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px 0 12px; vertical-align: -1px; }
.key .agrees { background: #1a7f37; } .key .disagrees { background: #cf222e; }
.key .far { border: 2px solid #bc4c00; width: 7px; height: 7px; } .key .near { background: #8c959f; }
.key .median { background: #0969da; } .key .p90 { border: 2px solid #cf222e; width: 7px; height: 7px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #eaeef2; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.file, td.doc-title { overflow-wrap: anywhere; min-width: 150px; }
td.when { min-width: 110px; }
.utc { white-space: nowrap; }
.off { color: #cf222e; font-weight: 600; }
.unknown { color: #8c959f; }
details > div { overflow-x: auto; }
footer { margin-top: 32px; color: #57606a; font-size: 13px; }
"#;

/// The whole page for `items`, which are in the order to show them (by file); timelines are
/// in `zone`.
pub fn page(items: &[Item], zone: &str) -> String {
    let mut out = String::with_capacity(64 * 1024 + items.len() * 4096);
    let postmortems = items.iter().filter(|i| i.facts.postmortem).count();
    let with_findings = items.iter().filter(|i| !i.rules.is_empty()).count();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Postmortems: pmlint report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>Postmortems</h1>\n<p>{} documents ({postmortems} read as postmortems), {with_findings} with findings. \
         Written by pmlint {}.</p>\n<nav><a href=\"#over-time\">Over time</a><a href=\"#durations\">Computed and stated</a>\
         <a href=\"#quarters\">Per quarter</a><a href=\"#rules\">Per rule</a><a href=\"#documents\">Every document</a>\
         <a href=\"#timelines\">Timelines</a></nav>\n",
        items.len(),
        env!("CARGO_PKG_VERSION")
    );
    over_time(&mut out, items);
    durations(&mut out, items);
    per_quarter(&mut out, items);
    per_rule(&mut out, items);
    table(&mut out, items);
    timelines(&mut out, items, zone);
    out.push_str(
        "<footer><p id=\"notes\">Durations are whole minutes. Percentiles are nearest-rank: the \
         median of n figures is the ⌈n/2⌉th smallest, the 90th percentile the ⌈0.9n⌉th. \
         A time to detect runs from the stated start (else the first timeline entry) to the first \
         entry that reports the problem noticed; a time to recover to the first entry that reports \
         service back (else the stated end). Nothing is guessed: a figure the document does not \
         give is left empty, with the reason on hover.</p></footer>\n</main>\n</body>\n</html>\n",
    );
    out
}

fn figure(out: &mut String, svg: Svg, label: &str, caption: &str) {
    let _ = writeln!(
        out,
        "<figure>{}<figcaption>{caption}</figcaption></figure>",
        svg.finish(label)
    );
}

fn over_time(out: &mut String, items: &[Item]) {
    let dated: Vec<_> = items.iter().filter_map(Item::dated).collect();
    let days: Vec<_> = dated.iter().map(|d| d.day).collect();
    let local = dated.iter().filter(|d| d.local).count();
    let (period, buckets) = per_period(&days);
    let undated: Vec<&Item> = items.iter().filter(|i| i.dated().is_none()).collect();
    let _ = write!(
        out,
        "<section id=\"over-time\">\n<h2>Incidents over time</h2>\n<p class=\"note\">Documents per {} by the \
         day the stated window starts, in UTC; without a stated start, the day of the first timeline \
         entry. {local} dated by the day as written, since their zone is unknown.</p>\n",
        period.noun()
    );
    figure(
        out,
        chart::incidents(&buckets, period.noun()),
        &format!("Incidents per {}", period.noun()),
        "",
    );
    let _ = write!(out, "<p>Undated: {}", undated.len());
    if !undated.is_empty() {
        let names: Vec<String> = undated.iter().map(|i| link_to_row(items, i)).collect();
        let _ = write!(out, " ({})", names.join(", "));
    }
    out.push_str(".</p>\n</section>\n");
}

/// A link to the document's row in the table.
fn link_to_row(items: &[Item], item: &Item) -> String {
    let n = items
        .iter()
        .position(|i| std::ptr::eq(i, item))
        .map_or(0, |p| p + 1);
    format!("<a href=\"#row-{n}\">{}</a>", markup(&item.facts.file))
}

fn durations(out: &mut String, items: &[Item]) {
    out.push_str(
        "<section id=\"durations\">\n<h2>Computed and stated durations</h2>\n<p class=\"note\">One dot per \
         document that states a time to detect (or recover) and gives the times to compute it: stated \
         across, computed up, both on log scales. On the dashed line they are equal; in the shaded band \
         neither is more than twice the other. pmlint judges a pair only when the computed figure runs \
         from a start the document states as the incident's to a timeline entry; the other pairs are \
         shown as they are, not judged. Each dot links to its document.</p>\n<p class=\"key\">\
         <span class=\"disagrees\"></span>judged: disagrees<span class=\"agrees\"></span>judged: agrees\
         <span class=\"far\"></span>not judged, more than twice apart<span class=\"near\"></span>not judged, within twice</p>\n\
         <div class=\"figures\">\n",
    );
    for metric in [Metric::Detect, Metric::Recover] {
        let (pairs, computed_only, stated_only) = pairs(items, metric);
        let judged = pairs.iter().filter(|p| p.agrees.is_some()).count();
        let disagree = pairs.iter().filter(|p| p.agrees == Some(false)).count();
        let far = pairs
            .iter()
            .filter(|p| p.agrees.is_none() && p.far_off())
            .count();
        let floor = pairs
            .iter()
            .filter(|p| p.stated < 1 || p.computed < 1)
            .count();
        let mut caption = format!(
            "<b>{}</b>: {} pair{}, {judged} judged ({disagree} disagree); of those not judged, {far} are \
             more than twice apart. Computed only: {computed_only}; stated only: {stated_only}.",
            capitalised(metric.name()),
            pairs.len(),
            if pairs.len() == 1 { "" } else { "s" }
        );
        if floor > 0 {
            let _ = write!(
                caption,
                " {floor} with a figure under a minute (zero or negative) drawn at ≤1m."
            );
        }
        figure(
            out,
            chart::pairs(&pairs),
            &format!("Computed against stated {}", metric.name()),
            &caption,
        );
    }
    out.push_str("</div>\n</section>\n");
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn per_quarter(out: &mut String, items: &[Item]) {
    let (rows, negative) = quarters(items);
    let _ = write!(
        out,
        "<section id=\"quarters\">\n<h2>Median and 90th percentile per quarter</h2>\n<p class=\"note\">From the \
         computed figures of the documents dated in each quarter (as above), nearest-rank \
         (<a href=\"#notes\">notes</a>). {negative} negative figures (an event before the start: a \
         contradiction the rules report) are left out. Quarters without a figure are not shown.</p>\n\
         <p class=\"key\"><span class=\"median\"></span>median<span class=\"p90\"></span>90th percentile</p>\n\
         <div class=\"figures\">\n"
    );
    let detect: fn(&QuarterRow) -> Option<&Spread> = |r| r.detect.as_ref();
    let recover: fn(&QuarterRow) -> Option<&Spread> = |r| r.recover.as_ref();
    for (metric, spread) in [(Metric::Detect, detect), (Metric::Recover, recover)] {
        figure(
            out,
            chart::spreads(&rows, spread),
            &format!(
                "Median and 90th percentile of the computed {} per quarter",
                metric.name()
            ),
            &format!("<b>{}</b>", capitalised(metric.name())),
        );
    }
    out.push_str(
        "</div>\n<table>\n<thead><tr><th>quarter</th><th>documents</th><th>detect: n</th><th>median</th>\
         <th>90th</th><th>recover: n</th><th>median</th><th>90th</th></tr></thead>\n<tbody>\n",
    );
    let dated: Vec<_> = items.iter().filter_map(Item::dated).collect();
    for row in &rows {
        let documents = dated
            .iter()
            .filter(|d| super::Quarter::of(d.day) == row.quarter)
            .count();
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{documents}</td>",
            row.quarter.label()
        );
        for spread in [&row.detect, &row.recover] {
            match spread {
                Some(s) => {
                    let _ = write!(
                        out,
                        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                        s.count,
                        minutes(s.median),
                        minutes(s.p90)
                    );
                }
                None => out.push_str("<td class=\"n\">0</td><td></td><td></td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn per_rule(out: &mut String, items: &[Item]) {
    let shares = super::rule_shares(items);
    let _ = write!(
        out,
        "<section id=\"rules\">\n<h2>Documents with findings, per rule</h2>\n<p class=\"note\">The share of \
         all {} documents in which each rule found something, counting a document once per rule however \
         many findings it has there. {} documents have no finding.</p>\n",
        items.len(),
        items.iter().filter(|i| i.rules.is_empty()).count()
    );
    figure(
        out,
        chart::shares(&shares, items.len()),
        "Share of documents with findings, per rule",
        "",
    );
    out.push_str("<table>\n<thead><tr><th>code</th><th>rule</th><th>documents</th><th>share</th></tr></thead>\n<tbody>\n");
    for share in &shares {
        let _ = writeln!(
            out,
            "<tr class=\"rule\"><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td></tr>",
            share.rule.code,
            share.rule.name,
            share.documents,
            share.documents as f64 * 100.0 / items.len().max(1) as f64
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// A stated time in UTC (a range when its zone allows several instants), else as written.
fn when(moment: Option<&Moment>) -> String {
    let Some(m) = moment else {
        return String::new();
    };
    let utc = |t: &str| t.replace('T', " ").trim_end_matches('Z').to_string();
    match &m.utc {
        Some(range) if range.earliest == range.latest => {
            format!("<span class=\"utc\">{}</span>", utc(&range.earliest))
        }
        Some(range) => format!(
            "<span class=\"utc\">{}</span> – <span class=\"utc\">{}</span>",
            utc(&range.earliest),
            utc(&range.latest)
        ),
        None => format!(
            "<span class=\"unknown\" title=\"{}\">{} (as written)</span>",
            attribute(m.utc_unknown.as_deref().unwrap_or_default()),
            markup(&m.written)
        ),
    }
}

/// A computed figure, or empty with the reason on hover.
fn computed(duration: &Duration) -> String {
    match (duration.minutes, &duration.unknown) {
        (Some(m), _) => minutes(m),
        (None, Some(why)) => format!(
            "<span class=\"unknown\" title=\"{}\">–</span>",
            attribute(why)
        ),
        (None, None) => String::new(),
    }
}

/// A stated figure, marked when pmlint judged it to disagree with the computed one.
fn stated(duration: &Duration) -> String {
    match (duration.stated_minutes, duration.agrees) {
        (Some(m), Some(false)) => format!(
            "<span class=\"off\" title=\"disagrees with the computed figure\">{}</span>",
            minutes(m)
        ),
        (Some(m), _) => minutes(m),
        (None, _) => String::new(),
    }
}

fn table(out: &mut String, items: &[Item]) {
    out.push_str(
        "<section id=\"documents\">\n<h2>Every document</h2>\n<p class=\"note\">Window times in UTC (a range \
         where the zone allows several instants; as written where the zone is unknown). A stated figure \
         in red disagrees with the computed one.</p>\n<table>\n<thead><tr><th>#</th><th>file</th><th>title</th>\
         <th>window start</th><th>window end</th><th>detect</th><th>stated</th><th>recover</th><th>stated</th>\
         <th>errors</th><th>warnings</th><th>info</th><th>timeline</th></tr></thead>\n<tbody>\n",
    );
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let facts = &item.facts;
        let file = match &item.href {
            Some(href) => format!(
                "<a href=\"{}\">{}</a>",
                attribute(href),
                markup(&facts.file)
            ),
            None => markup(&facts.file),
        };
        let mut title = markup(facts.title.as_deref().unwrap_or_default());
        if !facts.postmortem {
            title.push_str(" <span class=\"unknown\">(not a postmortem)</span>");
        }
        let window = facts.window.as_ref();
        let timeline = if item.timeline.is_some() {
            format!("<a href=\"#doc-{n}\">{} entries</a>", item.timed)
        } else {
            "no timed entries".to_string()
        };
        let durations = &facts.durations;
        let counts = &facts.findings;
        let _ = writeln!(
            out,
            "<tr id=\"row-{n}\" class=\"doc\"><td class=\"n\">{n}</td><td class=\"file\">{file}</td><td class=\"doc-title\">{title}</td>\
             <td class=\"when\">{}</td><td class=\"when\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td>{timeline}</td></tr>",
            when(window.and_then(|w| w.start.as_ref())),
            when(window.and_then(|w| w.end.as_ref())),
            computed(&durations.time_to_detect),
            stated(&durations.time_to_detect),
            computed(&durations.time_to_recover),
            stated(&durations.time_to_recover),
            counts.error,
            counts.warning,
            counts.info,
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn timelines(out: &mut String, items: &[Item], zone: &str) {
    let without = items.iter().filter(|i| i.timeline.is_none()).count();
    let _ = write!(
        out,
        "<section id=\"timelines\">\n<h2>Timelines</h2>\n<p class=\"note\">Each document's timeline with times \
         in {}; open one to see it. {without} documents have no timeline entry with a time and are left out.</p>\n",
        markup(zone)
    );
    for (i, item) in items.iter().enumerate() {
        let Some(picture) = &item.timeline else {
            continue;
        };
        let n = i + 1;
        let title = item.facts.title.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "<section id=\"doc-{n}\" class=\"timeline\"><h3><a href=\"#row-{n}\">{n}</a>. {} — {}</h3>\
             <details><summary>{} timed entries</summary><div>{}</div></details></section>",
            markup(&item.facts.file),
            markup(title),
            item.timed,
            picture
        );
    }
    out.push_str("</section>\n");
}
