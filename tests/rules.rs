//! The real binary on the seeds and the clean postmortems: what the core issue asked pmlint to
//! find, and a clean run's exit code and output. Each fixture's findings are snapshots in
//! tests/fixtures.rs.

mod common;

use common::{check_json, findings, pmlint, seeds};

#[test]
fn clean_postmortems_exit_0_with_only_a_summary() {
    let run = pmlint(&["check", "fixtures/clean"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "Checked 5 files: no problems found.\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn seeds_report_what_the_core_issue_asks_for() {
    let Some(dir) = seeds() else { return };
    let seed = |prefix: &str| {
        let entry = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
            .unwrap_or_else(|| panic!("seed {prefix} is missing"));
        entry.display().to_string()
    };

    let found = findings(&check_json(&[&seed("004")]));
    let wtc = found
        .iter()
        .filter(|(_, _, m)| m == "`WTC` is not a time zone")
        .count();
    assert_eq!(wtc, 11, "every WTC in seed 004: {found:#?}");
    assert!(
        found
            .iter()
            .any(|(_, line, m)| *line == 16 && m == "`TC` is not a time zone")
    );
    assert!(
        found
            .iter()
            .any(|(name, line, m)| name == "impact-contradiction"
                && *line == 5
                && m.contains("80% of users")
                && m.contains("complete outage"))
    );
    assert!(
        !found
            .iter()
            .any(|(name, _, m)| name == "missing-section" || m.contains("EAT"))
    );

    // The year typo (once: not again as the timeline stepping back from it), the window ending
    // four days after the timeline's own restoration, and the on-call engineer named (info
    // only).
    let found = findings(&check_json(&[&seed("000")]));
    let expected = [
        (
            "duration-mismatch",
            5,
            "the stated end 2022-05-14 15:00 is 4 days after the timeline's restoration at 2022-05-10 15:00",
        ),
        (
            "entry-outside-window",
            13,
            "detection at 2023-05-15 09:30 EAT is 365 days after the stated end 2022-05-14 15:00 EAT, stated on the `Duration:` line (line 5)",
        ),
        (
            "named-individual",
            15,
            "`the on-call engineer, John` names a person in the narrative",
        ),
    ]
    .map(|(rule, line, message)| (rule.to_string(), line, message.to_string()));
    assert_eq!(found, expected);

    let run = pmlint(&["check", &seed("000"), &seed("004")]);
    assert_eq!(run.code, 1);
}
