use std::ops::Range;

use chrono::{NaiveDate, Timelike};

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::{ConvertedTime, WrittenTime};

declare_rule! {
    /// ## What it does
    /// Reports a time given in two zones whose two readings are different moments:
    /// `11:30 CEST (08:30 UTC)`, where 11:30 CEST is 09:30 UTC. The conversion may come in
    /// either order and be joined by a parenthesis, a slash or `=`, or stand in one table row
    /// under columns whose headers name the zones (`| Time (UTC) | Time (PDT) |`). A zone
    /// abbreviation with several meanings (IST, CST) is checked under each: the pair is
    /// reported only when no meaning of either zone makes them agree.
    ///
    /// ## Why is this bad?
    /// Readers in the other zone take the converted time at its word. When the two disagree,
    /// at least one of them puts the event at the wrong moment, and the timeline cannot be
    /// trusted for time to detect or time to recover.
    ///
    /// ## Example
    /// ```text
    /// - 2024-07-02 11:30 CEST (08:30 UTC): the certificate change was rolled back
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - 2024-07-02 11:30 CEST (09:30 UTC): the certificate change was rolled back
    /// ```
    pub struct ZoneConversionMismatch {
        code: "PM116",
        name: "zone-conversion-mismatch",
        severity: Error,
        enabled: true,
        fix: None,
        summary: "A time given in two zones that name different moments",
    }
}

const DAY_MINUTES: i64 = 24 * 60;

impl Rule for ZoneConversionMismatch {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let text = doc.text();
        for conversion in &doc.conversions {
            let sides = [&conversion.first, &conversion.second];
            let date = sides.iter().find_map(|side| {
                let w = &doc.written[side.written];
                w.date
                    .or_else(|| w.entry.and_then(|e| doc.entries[e].stamp.date))
            });
            let read = |side: &ConvertedTime| reading(text, &doc.written[side.written], side, date);
            let (Some(a), Some(b)) = (read(&conversion.first), read(&conversion.second)) else {
                continue;
            };
            // Minutes past midnight UTC, under each pair of zone readings.
            let utc = |minutes: i64, offset: i32| {
                (minutes - i64::from(offset) / 60).rem_euclid(DAY_MINUTES)
            };
            let agree = a.offsets.iter().any(|&oa| {
                b.offsets
                    .iter()
                    .any(|&ob| utc(a.minutes, oa) == utc(b.minutes, ob))
            });
            if agree {
                continue;
            }
            let (b_offsets, b_zone) = (&b.offsets, &b.zone);
            let mut expected: Vec<String> = a
                .offsets
                .iter()
                .flat_map(|&oa| {
                    b_offsets.iter().map(move |&ob| {
                        let at = (utc(a.minutes, oa) + i64::from(ob) / 60).rem_euclid(DAY_MINUTES);
                        format!("{:02}:{:02} {b_zone}", at / 60, at % 60)
                    })
                })
                .collect();
            expected.dedup();
            let (a_said, b_said) = (&a.said, &b.said);
            let mut diagnostic = Diagnostic::new(
                &Self::META,
                b.span.clone(),
                format!(
                    "`{b_said}` is given as the same moment as `{a_said}`, but `{a_said}` is {}",
                    expected.join(" or ")
                ),
            )
            .label("not the same moment")
            .related(a.span.clone(), "the time it converts")
            .help(format!(
                "correct one of the two: `{a_said}` is {}, or check the zones",
                expected.join(" or ")
            ));
            for side in sides.iter().filter(|side| side.in_header) {
                diagnostic = diagnostic.related(
                    side.zone_span.clone(),
                    format!("the column's zone, {}", side.zone),
                );
            }
            cx.report(diagnostic);
        }
    }
}

/// A written time's clock in minutes past midnight, its zone's possible offsets (seconds east
/// of UTC), the time as the message quotes it and where it is written.
struct Reading {
    minutes: i64,
    offsets: Vec<i32>,
    zone: String,
    said: String,
    span: Range<usize>,
}

fn reading(
    text: &str,
    written: &WrittenTime,
    side: &ConvertedTime,
    date: Option<NaiveDate>,
) -> Option<Reading> {
    let clock = written.mention.clock.as_ref()?;
    let time = clock.time()?;
    // A zone from the column's header is quoted after the clock; one written inline as written.
    let (span, said) = if side.in_header {
        let clock_text = &text[clock.span.clone()];
        (clock.span.clone(), format!("{clock_text} {}", side.zone))
    } else {
        let span = clock.span.start..side.zone_span.end;
        (span.clone(), text[span].to_string())
    };
    Some(Reading {
        minutes: i64::from(time.hour() * 60 + time.minute()),
        offsets: side.zone.offsets_on(date)?,
        zone: side.zone.to_string(),
        said,
        span,
    })
}
