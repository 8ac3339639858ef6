//! Inline suppressions through the real binary: next-line, line, block, file, reasons, and
//! the reports on suppressions that hide nothing.

mod common;

use common::{findings, pmlint_in, scratch, write};

/// A postmortem whose timeline has three unknown zones, on lines 15, 16 and 17 of the body
/// that `above` (lines put before the timeline entries) shifts down.
fn postmortem(above: &str) -> String {
    format!(
        "# Webhook retries\n\n## Summary\n\nWebhooks were retried twice for an hour.\n\n\
         **Duration:** 09:00 UTC to 10:00 UTC, April 3, 2024\n\n## Impact\n\nAbout 5% of webhooks arrived twice.\n\n\
         ## Timeline\n\n{above}- **09:00 WTC** - Retry bug shipped\n- **09:30 WTC** - Duplicates reported\n\
         - **10:00 WTC** - Fix shipped\n\n## Root Cause\n\nA retry loop ignored the success flag.\n\n\
         ## Resolution\n\nWe fixed the loop.\n\n## Action Items\n\n- Test retries end to end.\n"
    )
}

fn check(text: &str) -> (Vec<(String, u64, String)>, serde_json::Value) {
    let dir = scratch();
    write(dir.path(), "pm.md", text);
    let run = pmlint_in(dir.path(), &["check", "--format", "json", "pm.md"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    (findings(&report), report)
}

fn lines_of(found: &[(String, u64, String)], rule: &str) -> Vec<u64> {
    found
        .iter()
        .filter(|(name, _, _)| name == rule)
        .map(|(_, line, _)| *line)
        .collect()
}

#[test]
fn without_comments_every_line_is_reported() {
    let (found, _) = check(&postmortem(""));
    assert_eq!(lines_of(&found, "unknown-timezone"), [15, 16, 17]);
}

#[test]
fn disable_next_line_silences_exactly_one_line() {
    let (found, report) = check(&postmortem(
        "<!-- pmlint-disable-next-line unknown-timezone -- quoted from the vendor's status page -->\n",
    ));
    assert_eq!(lines_of(&found, "unknown-timezone"), [17, 18]);
    assert!(
        lines_of(&found, "unused-suppression").is_empty(),
        "{found:?}"
    );
    let suppressed = &report["suppressed"][0];
    assert_eq!(suppressed["code"], "PM101");
    assert_eq!(suppressed["line"], 16);
    assert_eq!(suppressed["reason"], "quoted from the vendor's status page");
    assert_eq!(report["suppressed"].as_array().unwrap().len(), 1);
}

#[test]
fn disable_and_enable_bound_a_block_and_codes_work_as_names() {
    let text = postmortem("")
        .replace(
            "- **09:00 WTC**",
            "<!-- pmlint-disable PM101 -->\n- **09:00 WTC**",
        )
        .replace(
            "- **10:00 WTC**",
            "<!-- pmlint-enable PM101 -->\n- **10:00 WTC**",
        );
    let (found, _) = check(&text);
    assert_eq!(lines_of(&found, "unknown-timezone"), [19]);
    assert!(
        lines_of(&found, "unused-suppression").is_empty(),
        "{found:?}"
    );
}

#[test]
fn disable_line_and_disable_file() {
    let text = postmortem("").replace(
        "- **09:30 WTC** - Duplicates reported",
        "- **09:30 WTC** - Duplicates reported <!-- pmlint-disable-line unknown-timezone -->",
    );
    let (found, _) = check(&text);
    assert_eq!(lines_of(&found, "unknown-timezone"), [15, 17]);

    let text = format!(
        "<!-- pmlint-disable-file unknown-timezone -->\n{}",
        postmortem("")
    );
    let (found, report) = check(&text);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(report["suppressed"].as_array().unwrap().len(), 3);
}

#[test]
fn a_blanket_disable_covers_every_rule_until_enabled() {
    let text = postmortem("<!-- pmlint-disable -->\n")
        .replace("- **10:00 WTC**", "<!-- pmlint-enable -->\n- **10:00 WTC**");
    let (found, _) = check(&text);
    assert_eq!(lines_of(&found, "unknown-timezone"), [19]);
}

#[test]
fn suppressions_that_hide_nothing_or_name_no_rule_are_reported() {
    let (found, _) = check(&postmortem(
        "<!-- pmlint-disable-next-line dst-label -->\n<!-- pmlint-disable-next-line dst-lable,unknown-timezone -->\n",
    ));
    let unused: Vec<&str> = found
        .iter()
        .filter(|d| d.0 == "unused-suppression")
        .map(|d| d.2.as_str())
        .collect();
    assert_eq!(
        unused,
        [
            "`pmlint-disable-next-line dst-label` suppresses nothing: no dst-label finding on line 16",
            "`dst-lable` in a suppression comment names no rule",
        ]
    );
    // The second comment's known rule did its job on the line after it.
    assert_eq!(lines_of(&found, "unknown-timezone"), [18, 19]);
}

#[test]
fn a_rule_the_configuration_does_not_run_suppresses_nothing() {
    let (found, _) = check(&postmortem(
        "<!-- pmlint-disable-next-line action-item-owner -->\n",
    ));
    assert!(
        found.iter().any(|d| d.2
            == "`pmlint-disable-next-line action-item-owner` suppresses nothing: the configuration does not run action-item-owner"),
        "{found:?}"
    );
}

#[test]
fn unused_suppression_can_itself_be_turned_off() {
    let dir = scratch();
    write(
        dir.path(),
        "pm.md",
        &postmortem("<!-- pmlint-disable-next-line dst-label -->\n"),
    );
    write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nignore = [\"unused-suppression\"]\n",
    );
    let run = pmlint_in(dir.path(), &["check", "--format", "concise", "pm.md"]);
    assert!(!run.stdout.contains("PM501"), "{}", run.stdout);
}

#[test]
fn comments_in_code_and_plain_text_files() {
    // In Markdown, a directive inside code is an example; in plain text it is a directive.
    let (found, _) = check(&postmortem("`<!-- pmlint-disable-file -->`\n\n"));
    assert_eq!(lines_of(&found, "unknown-timezone").len(), 3);

    let dir = scratch();
    let text = "Summary: webhooks were retried twice.\n\nTimeline:\n<!-- pmlint-disable-next-line unknown-timezone -->\n09:00 WTC - retry bug shipped\n09:30 WTC - duplicates reported\n";
    write(dir.path(), "pm.txt", text);
    let run = pmlint_in(
        dir.path(),
        &["check", "--format", "json", "--select", "PM101", "pm.txt"],
    );
    let found = findings(&serde_json::from_str(&run.stdout).unwrap());
    assert_eq!(lines_of(&found, "unknown-timezone"), [6]);
}
