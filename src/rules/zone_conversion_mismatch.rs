use chrono::NaiveDate;

use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::WrittenTime;

declare_rule! {
    /// ## What it does
    /// Reports a time given in two zones whose two readings are different moments:
    /// `11:30 CEST (08:30 UTC)`, where 11:30 CEST is 09:30 UTC. The conversion may come in
    /// either order and be joined by a parenthesis, a slash or `=`. A zone abbreviation with
    /// several meanings (IST, CST) is checked under each: the pair is reported only when no
    /// meaning of either zone makes them agree.
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
        summary: "A time given in two zones that name different moments",
    }
}

const DAY_MINUTES: i64 = 24 * 60;

impl Rule for ZoneConversionMismatch {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for conversion in &doc.conversions {
            let (first, second) = (&doc.written[conversion.first], &doc.written[conversion.second]);
            let date = [first, second].iter().find_map(|w| {
                w.date
                    .or_else(|| w.entry.and_then(|e| doc.entries[e].stamp.date))
            });
            let (Some(a), Some(b)) = (reading(first, date), reading(second, date)) else {
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
            let text = doc.text();
            let (a_said, b_said) = (&text[a.span.clone()], &text[b.span.clone()]);
            cx.report(
                Diagnostic::new(
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
                )),
            );
        }
    }
}

/// A written time's clock in minutes past midnight, its zone's possible offsets (seconds east
/// of UTC) and where the clock and zone are written.
struct Reading {
    minutes: i64,
    offsets: Vec<i32>,
    zone: String,
    span: std::ops::Range<usize>,
}

fn reading(written: &WrittenTime, date: Option<NaiveDate>) -> Option<Reading> {
    let clock = written.mention.clock.as_ref()?;
    let zone = written.mention.zone.as_ref()?;
    let time = clock.time()?;
    use chrono::Timelike;
    Some(Reading {
        minutes: i64::from(time.hour() * 60 + time.minute()),
        offsets: zone.zone.offsets_on(date)?,
        zone: zone.zone.to_string(),
        span: clock.span.start..zone.span.end,
    })
}
