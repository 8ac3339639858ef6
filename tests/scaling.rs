//! Large documents of the shapes that once took quadratic time. Each test checks what pmlint
//! finds in one, never how long it takes: a slow step shows as a slow test, not a failure.

mod common;

use common::{pmlint_in, scratch, write};
use serde_json::Value;

/// `pmlint check --format json` on one document, parsed.
fn check(text: &str) -> Value {
    let dir = scratch();
    write(dir.path(), "big.md", text);
    let run = pmlint_in(dir.path(), &["check", "--format", "json", "big.md"]);
    assert!(
        matches!(run.code, 0 | 1),
        "exit {}: {}",
        run.code,
        run.stderr
    );
    serde_json::from_str(&run.stdout).expect("the JSON output parses")
}

/// The findings of rule `name` in `list` (`diagnostics` or `suppressed`), in order.
fn of_rule<'r>(report: &'r Value, list: &str, name: &str) -> Vec<&'r Value> {
    report[list]
        .as_array()
        .expect("a list of findings")
        .iter()
        .filter(|d| d["name"] == name)
        .collect()
}

/// The 1-based lines of the findings of rule `name`, in order.
fn lines(report: &Value, list: &str, name: &str) -> Vec<u64> {
    of_rule(report, list, name)
        .iter()
        .map(|d| d["line"].as_u64().or(d["span"]["line"].as_u64()).unwrap())
        .collect()
}

/// `found` is `expected`; on failure, says where they first differ instead of printing both.
fn assert_same(found: &[u64], expected: &[u64]) {
    let first = found.iter().zip(expected).position(|(f, e)| f != e);
    assert!(
        first.is_none() && found.len() == expected.len(),
        "{} found, {} expected; first difference at {first:?}: {:?} against {:?}",
        found.len(),
        expected.len(),
        first.map(|i| found[i]),
        first.map(|i| expected[i]),
    );
}

/// The names of every finding that stands, each once, sorted.
fn rules_found(report: &Value) -> Vec<String> {
    let mut names: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("a list of findings")
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn sixteen_thousand_suppression_comments() {
    const BLOCKS: u64 = 4_000;
    let mut text = String::from("# Retries\n\n");
    for i in 0..BLOCKS {
        let minute = i % 60;
        text.push_str(&format!(
            "<!-- pmlint-disable-next-line unknown-timezone -->\n- 10:{minute:02} WTC - retry {i}\n\
             <!-- pmlint-disable-next-line unknown-timezone -->\n- 11:{minute:02} WTC - retry {i}\n\
             <!-- pmlint-disable unknown-timezone -->\n- 12:{minute:02} WTC - retry {i}\n\
             <!-- pmlint-enable unknown-timezone -->\n- 13:{minute:02} WTC - after the block {i}\n"
        ));
    }
    let report = check(&text);
    // Three lines of each block are hidden; the line after `enable` is reported.
    let hidden: Vec<u64> = (0..BLOCKS)
        .flat_map(|i| [4, 6, 8].map(|line| 8 * i + line))
        .collect();
    assert_same(&lines(&report, "suppressed", "unknown-timezone"), &hidden);
    let reported: Vec<u64> = (0..BLOCKS).map(|i| 8 * i + 10).collect();
    assert_same(
        &lines(&report, "diagnostics", "unknown-timezone"),
        &reported,
    );
    assert!(lines(&report, "diagnostics", "unused-suppression").is_empty());
}

#[test]
fn four_thousand_shares_of_users_in_one_sentence() {
    const SHARES: u64 = 4_000;
    // Each part is 28 characters with its separator: share i starts at column 1 + 28 i.
    let parts: Vec<&str> = (0..SHARES)
        .map(|i| {
            if i % 2 == 0 {
                "30% of users were affected"
            } else {
                "45% of users were affected"
            }
        })
        .collect();
    let report = check(&format!("# Shares\n\n## Impact\n\n{}.\n", parts.join(", ")));
    let found = of_rule(&report, "diagnostics", "impact-contradiction");
    // Every share after the first contradicts the first earlier one of the other figure.
    assert_eq!(found.len() as u64, SHARES - 1);
    for (i, finding) in (1..SHARES).zip(found) {
        assert_eq!(finding["span"]["column"], 1 + 28 * i);
        let first_other = if i % 2 == 1 { 1 } else { 29 };
        assert_eq!(finding["related"][0]["span"]["column"], first_other);
    }
}

/// A realistic postmortem with two planted defects: parts that add up to 110% (line 15) and an
/// unknown zone (line 26). 47 lines.
fn postmortem(i: u64) -> String {
    let date = format!("2024-03-{:02}", i % 28 + 1);
    format!(
        "# Postmortem: checkout errors, incident {i}

**Date:** {date}
**Authors:** Dana Reyes, Lee Okafor

## Summary

On {date} the checkout service returned errors for about 30% of users for 2 hours 28
minutes. It was a partial outage: browsing kept working.

**Duration:** {date} 09:12 UTC to 11:40 UTC (2 hours 28 minutes)

## Impact

Approximately 30% of users were affected. About 12,000 requests failed. Errors were 45%
timeouts, 40% 502s and 25% resets.

Time to detect: 8 minutes

## Timeline

All times are UTC.

- {date} 09:12 UTC - deploy of v2.{i} started
- 09:20 UTC - alert fired for the checkout error rate
- 09:25 WTC - on-call paged
- 10:02 UTC - rollback started

| Time (UTC) | Event |
| --- | --- |
| {date} 10:45 | traffic shifted back |
| {date} 11:40 | service fully restored |

## Root Cause

A configuration change lowered the connection pool size.

## Resolution

We rolled back the change and raised the pool size.

## Action Items

| Action | Owner | Due | Ticket |
| --- | --- | --- | --- |
| Alert on pool saturation | @dana | {date} | OPS-{i} |

"
    )
}

#[test]
fn five_hundred_postmortems_in_one_file() {
    const COPIES: u64 = 500;
    let report = check(&(0..COPIES).map(postmortem).collect::<String>());
    let every = |line: u64| (0..COPIES).map(|i| 47 * i + line).collect::<Vec<_>>();
    assert_same(
        &lines(&report, "diagnostics", "percentage-total"),
        &every(15),
    );
    assert_same(
        &lines(&report, "diagnostics", "unknown-timezone"),
        &every(26),
    );
    assert_eq!(
        rules_found(&report),
        ["percentage-total", "unknown-timezone"]
    );
}

#[test]
fn eight_thousand_headings_around_two_thousand_timelines() {
    const TIMELINES: u64 = 2_000;
    let mut text = String::from("# Many timelines\n\n");
    for i in 0..TIMELINES {
        text.push_str(&format!(
            "## Timeline {i}\n\n### Detail\n\n- 2024-03-03 09:00 UTC - paged\n\
             - 2024-03-03 09:10 UTC - rollback\n- 2024-03-03 09:50 UTC - restored\n\
             - 2024-03-03 09:20 UTC - announced\n\n#### Notes\n\nNothing more.\n\n"
        ));
    }
    let report = check(&text);
    // Each timeline is ordered on its own: one step back in each, on its 10th line.
    let expected: Vec<u64> = (0..TIMELINES).map(|i| 13 * i + 10).collect();
    assert_same(&lines(&report, "diagnostics", "timeline-order"), &expected);
    assert_eq!(rules_found(&report), ["missing-section", "timeline-order"]);
}

#[test]
fn three_thousand_incidents_each_with_its_own_window() {
    const INCIDENTS: u64 = 3_000;
    let mut text = String::from("# Incidents\n\n## Summary\n\nMany outages.\n\n## Timeline\n\n");
    let first_day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for i in 0..INCIDENTS {
        let day = first_day + chrono::Days::new(i);
        text.push_str(&format!(
            "### {day} - incident {i}\n\n**Duration:** 10:00 to 11:00 UTC (2 hours)\n\n\
             - **10:05 UTC** - alert fired\n- **10:40 UTC** - service fully restored\n\n"
        ));
    }
    let report = check(&text);
    // Each window states the wrong length, and governs only its own entries, which all fall
    // inside it.
    let expected: Vec<u64> = (0..INCIDENTS).map(|i| 7 * i + 11).collect();
    assert_same(
        &lines(&report, "diagnostics", "duration-mismatch"),
        &expected,
    );
    assert_eq!(
        rules_found(&report),
        ["duration-mismatch", "missing-section"]
    );
}

#[test]
fn three_thousand_paragraphs_of_shares_and_total_claims() {
    const PARAGRAPHS: u64 = 3_000;
    let mut text = String::from(
        "# Checkout incident\n\n## Summary\n\nA partial outage for a subset of users.\n\n## Impact\n\n",
    );
    for _ in 0..PARAGRAPHS {
        text.push_str(
            "Approximately 30% of users were affected. It was a complete outage for all users.\n\n",
        );
    }
    let report = check(&text);
    let found = of_rule(&report, "diagnostics", "impact-contradiction");
    let messages: Vec<&str> = found
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    let share = "`30% of users` contradicts `complete outage` in the same paragraph";
    // One per paragraph, and the summary's two partial claims against the first total one.
    assert_eq!(
        messages.iter().filter(|m| **m == share).count() as u64,
        PARAGRAPHS
    );
    assert_eq!(found.len() as u64, PARAGRAPHS + 2);
    assert_eq!(
        lines(&report, "diagnostics", "impact-contradiction")[..3],
        [9, 9, 9]
    );
}

#[test]
fn ten_thousand_zone_declarations_followed_by_dates_in_prose() {
    let mut text = String::from("# Notes\n\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "All times are in PST. The report was filed on July {}, 2024 after review.\n\n",
            i % 28 + 1
        ));
    }
    // A clock at the end: the declarations label it, so their season matters.
    text.push_str("The review ended at 16:00.\n");
    let report = check(&text);
    // Each declaration takes the July date after it; a summer PST is reported once.
    let found = of_rule(&report, "diagnostics", "dst-label");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["span"]["line"], 3);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("PST on 2024-07-01 is a standard-time label")
    );
}

#[test]
fn ten_thousand_blamed_causes_on_one_line() {
    const CAUSES: u64 = 10_000;
    let said = "The outage was due to human error, and John's mistake made it worse, ";
    let step = said.len() as u64;
    let report = check(&format!(
        "# B\n\n## Root cause\n\n{}\n",
        said.repeat(CAUSES as usize)
    ));
    let columns: Vec<u64> = of_rule(&report, "diagnostics", "blame-language")
        .iter()
        .map(|d| d["span"]["column"].as_u64().unwrap())
        .collect();
    let expected: Vec<u64> = (0..CAUSES)
        .flat_map(|i| [23 + step * i, 40 + step * i])
        .collect();
    assert_same(&columns, &expected);
}
