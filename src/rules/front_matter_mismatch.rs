use chrono::TimeDelta;

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::time::{Stamp, approx_slack, describe_gap, min_gap};

declare_rule! {
    /// ## What it does
    /// Reports a start or end in front matter (`start_time: 2012-07-30T02:33:00Z`) that
    /// contradicts the body: the body's own stated start or end is a different moment, or the
    /// body writes the same date and clock in a zone that makes it another instant ("30 July
    /// 2012, 02:33 IST", which is 21:03 UTC the day before).
    ///
    /// Comparisons hold under every reading of an ambiguous zone, with half an hour of leeway
    /// for times written as approximate.
    ///
    /// ## Why is this bad?
    /// Front matter is what dashboards and indexes read; the body is what people read. When
    /// they disagree, one of them is wrong and the incident's metrics follow the wrong one.
    ///
    /// ## Example
    /// ```text
    /// ---
    /// start_time: 2012-07-30T02:33:00Z
    /// ---
    /// The grid failed on 30 July 2012, 02:33 IST.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// ---
    /// start_time: 2012-07-29T21:03:00Z
    /// ---
    /// The grid failed on 30 July 2012, 02:33 IST.
    /// ```
    pub struct FrontMatterMismatch {
        code: "PM114",
        name: "front-matter-mismatch",
        severity: Error,
        enabled: true,
        fix: None,
        summary: "A front-matter start or end that contradicts the body",
    }
}

impl Rule for FrontMatterMismatch {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let front = &doc.front_matter;
        let whole = 0..doc.text().len();
        let body_window = doc.windows.iter().find(|w| w.scope == whole);
        let sides = [
            (
                "start",
                front.start.as_ref(),
                body_window.and_then(|w| w.start.as_ref()),
            ),
            (
                "end",
                front.end.as_ref(),
                body_window.and_then(|w| w.end.as_ref()),
            ),
        ];
        for (side, stated, body) in sides {
            let Some(stated) = stated else { continue };
            // The body's own window, when it states this side itself.
            let body = body.filter(|b| b.span != stated.span).cloned();
            let counterpart = body
                .map(|b| (b, "the body's stated"))
                .or_else(|| same_digits_elsewhere(doc, stated).map(|b| (b, "the body's")));
            let Some((body, whose)) = counterpart else {
                continue;
            };
            let Some(gap) = apart(stated, &body) else {
                continue;
            };
            cx.report(
                Diagnostic::new(
                    &Self::META,
                    stated.span.clone(),
                    format!(
                        "front matter {side} {} {} is {} away from {whose} {} {} ({})",
                        stated.describe(),
                        zone_name(stated),
                        describe_gap(gap),
                        body.describe(),
                        zone_name(&body),
                        doc.text()[body.span.clone()].trim()
                    ),
                )
                .label(format!("front matter {side}"))
                .related(body.span.clone(), "the body says")
                .help("make the front matter and the body state the same instant, converting the zone if needed"),
            );
        }
    }
}

fn zone_name(stamp: &Stamp) -> String {
    stamp.zone.as_ref().map_or(String::new(), |z| z.to_string())
}

/// How far apart two stamps surely are, beyond their leeway.
fn apart(a: &Stamp, b: &Stamp) -> Option<TimeDelta> {
    let gap = min_gap(a, b)?.max(min_gap(b, a)?);
    (gap > approx_slack(a, b).max(TimeDelta::zero())).then_some(gap)
}

/// A time in the body with the same date and clock as `stated` but its own zone written.
fn same_digits_elsewhere(doc: &Document, stated: &Stamp) -> Option<Stamp> {
    doc.written.iter().find_map(|w| {
        let zone = w.mention.zone.as_ref()?;
        let time = w.mention.clock.as_ref()?.time();
        let body = Stamp {
            span: w.mention.span.clone(),
            date: w.date,
            date_written: true,
            time,
            zone: Some(zone.zone.clone()),
            zone_written: true,
            approx: w.mention.clock.as_ref().is_some_and(|c| c.approx),
            meridiem: w.mention.clock.as_ref().and_then(|c| c.meridiem),
        };
        (body.span != stated.span && body.date == stated.date && body.time == stated.time)
            .then_some(body)
    })
}
