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

/// The 1-based lines of the findings of rule `name`, in order.
fn lines(report: &Value, list: &str, name: &str) -> Vec<u64> {
    report[list]
        .as_array()
        .expect("a list of findings")
        .iter()
        .filter(|d| d["name"] == name)
        .map(|d| d["line"].as_u64().or(d["span"]["line"].as_u64()).unwrap())
        .collect()
}

#[test]
fn twenty_thousand_suppression_comments() {
    const BLOCKS: u64 = 5_000;
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
    let hidden = lines(&report, "suppressed", "unknown-timezone");
    let expected_hidden: Vec<u64> = (0..BLOCKS)
        .flat_map(|i| [4, 6, 8].map(|line| 8 * i + line))
        .collect();
    assert_eq!(hidden, expected_hidden);
    let reported = lines(&report, "diagnostics", "unknown-timezone");
    let expected_reported: Vec<u64> = (0..BLOCKS).map(|i| 8 * i + 10).collect();
    assert_eq!(reported, expected_reported);
    assert!(lines(&report, "diagnostics", "unused-suppression").is_empty());
}
