//! Every rule against its fixtures: a document that triggers it and one that must stay silent.

mod common;

use common::{check_json, findings, pmlint, relative, root, seeds};

fn rule_names() -> Vec<String> {
    rule_profiles().into_iter().map(|(name, _)| name).collect()
}

/// Every rule with the profile its fixtures run under: `default`, or for a rule that is off
/// by default the first profile `pmlint rules` says turns it on.
fn rule_profiles() -> Vec<(String, String)> {
    let run = pmlint(&["rules"]);
    assert_eq!(run.code, 0);
    let mut rules: Vec<(String, String)> = Vec::new();
    for line in run.stdout.lines() {
        if let Some(note) = line.trim_start().strip_prefix("off by default; on in ") {
            let profile = note.split(", ").next().expect("a profile");
            rules.last_mut().expect("a rule line first").1 = profile.to_string();
        } else {
            let name = line.split_whitespace().nth(1).expect("a name column");
            rules.push((name.to_string(), "default".to_string()));
        }
    }
    rules
}

fn check_under(profile: &str, file: &str) -> Vec<(String, u64, String)> {
    let run = pmlint(&["check", "--format", "json", "--profile", profile, file]);
    assert!(run.code != 2, "pmlint failed: {}", run.stderr);
    findings(&serde_json::from_str(&run.stdout).expect("the JSON output parses"))
}

fn fixtures(rule: &str, prefix: &str) -> Vec<String> {
    let dir = root().join("fixtures").join(rule);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fixtures/{rule}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .map(|p| relative(&p))
        .collect();
    files.sort();
    files
}

#[test]
fn every_rule_has_firing_and_silent_fixtures() {
    let names = rule_names();
    assert_eq!(names.len(), 27);
    for name in names {
        assert!(
            !fixtures(&name, "fires").is_empty(),
            "{name} has no firing fixture"
        );
        assert!(
            !fixtures(&name, "silent").is_empty(),
            "{name} has no silent fixture"
        );
    }
}

/// Fixtures whose one defect is rightly reported by a second rule too: an entry days after
/// the entries on both sides of it is outside the window and out of order.
const ALSO_REPORTED: &[(&str, &str)] = &[(
    "fixtures/entry-outside-window/fires-between-entries.md",
    "timeline-order",
)];

#[test]
fn firing_fixtures_report_their_rule_and_no_other() {
    for (name, profile) in rule_profiles() {
        for file in fixtures(&name, "fires") {
            let found = check_under(&profile, &file);
            assert!(!found.is_empty(), "{file} reports nothing");
            for (rule, line, message) in found {
                let allowed =
                    rule == name || ALSO_REPORTED.contains(&(file.as_str(), rule.as_str()));
                assert!(allowed, "{file}:{line}: unexpected {rule}: {message}");
            }
        }
    }
}

#[test]
fn silent_fixtures_report_nothing() {
    for (name, profile) in rule_profiles() {
        for file in fixtures(&name, "silent") {
            let found = check_under(&profile, &file);
            assert!(found.is_empty(), "{file} should be clean, got {found:#?}");
        }
    }
}

#[test]
fn clean_postmortems_exit_0_with_only_a_summary() {
    let run = pmlint(&["check", "fixtures/clean"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "Checked 5 files: no problems found.\n");
    assert_eq!(run.stderr, "");
}

fn messages(file: &str) -> Vec<(u64, String)> {
    findings(&check_json(&[file]))
        .into_iter()
        .map(|(_, line, message)| (line, message))
        .collect()
}

fn helps(file: &str) -> Vec<String> {
    check_json(&[file])["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn unknown_timezone_names_the_word_and_the_nearest_zone() {
    let file = "fixtures/unknown-timezone/fires.md";
    let lines: Vec<(u64, String)> = messages(file);
    assert_eq!(
        lines,
        vec![
            (8, "`WTC` is not a time zone".to_string()),
            (8, "`WTC` is not a time zone".to_string()),
            (16, "`WTC` is not a time zone".to_string()),
            (17, "`GTM` is not a time zone".to_string()),
            (18, "`PTD` is not a time zone".to_string()),
            (19, "`WTC` is not a time zone".to_string()),
            (35, "`UTC+` is not a time zone".to_string()),
        ]
    );
    let helps = helps(file);
    assert_eq!(helps[0], "did you mean UTC?");
    assert_eq!(helps[3], "did you mean GMT?");
    assert!(helps[4].contains("PDT"), "{}", helps[4]);
    assert_eq!(
        helps[6],
        "the offset after `UTC+` is missing: write UTC or an offset such as UTC+3"
    );
}

#[test]
fn entry_outside_window_reports_year_typos_and_late_restoration() {
    let file = "fixtures/entry-outside-window/fires.txt";
    assert_eq!(
        messages(file),
        vec![
            (
                8,
                "detection at 2021-10-03 10:05 is 364 days before the stated start 2022-10-03 10:00"
                    .to_string()
            ),
            (
                11,
                "restoration at 2022-10-03 14:15 is 45 minutes after the stated end 2022-10-03 13:30"
                    .to_string()
            ),
        ]
    );
    let report = check_json(&[file]);
    let first = &report["diagnostics"][0];
    assert!(
        first["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean 2022-10-03 10:05?"),
        "{}",
        first["help"]
    );
    assert_eq!(first["related"][0]["message"], "stated start");
    assert_eq!(first["related"][0]["span"]["line"], 4);
}

#[test]
fn entry_outside_window_reports_an_entry_days_away_between_entries_inside() {
    let file = "fixtures/entry-outside-window/fires-between-entries.md";
    assert_eq!(
        messages(file),
        vec![
            (
                17,
                "entry at 2020-12-01 09:23 is 2 days after the stated end 2020-11-28 10:46"
                    .to_string()
            ),
            (
                18,
                "entry at 2020-11-28 09:40 is 2 days before the entry above it, at 2020-12-01 09:23"
                    .to_string()
            ),
        ]
    );
    assert_eq!(
        helps(file)[0],
        "2020-11-28 09:23 would fit: it falls between the previous entry (2020-11-28 09:09) and the next entry (2020-11-28 09:40)"
    );
}

#[test]
fn missing_section_lists_every_absent_section_once() {
    assert_eq!(
        messages("fixtures/missing-section/fires.md"),
        vec![(1, "no impact, root cause or resolution section".to_string())]
    );
    // Label lines inside a code block are not sections.
    assert_eq!(
        messages("fixtures/missing-section/fires-code-only.md"),
        vec![(
            1,
            "no root cause, resolution or action items section".to_string()
        )]
    );
}

#[test]
fn percentage_total_reports_each_impossible_figure() {
    assert_eq!(
        messages("fixtures/percentage-total/fires.md"),
        vec![
            (
                10,
                "parts of one whole add up to 110% (45% + 40% + 25%), more than 100%".to_string()
            ),
            (
                11,
                "`120% of users` is more than all of the users".to_string()
            ),
            (
                12,
                "12% does not match (30 of 400), which is 7.5%".to_string()
            ),
        ]
    );
}

#[test]
fn impact_contradiction_points_at_both_claims() {
    let report = check_json(&["fixtures/impact-contradiction/fires.md"]);
    let d = &report["diagnostics"][0];
    assert_eq!(
        d["message"],
        "`70% of users` contradicts `complete outage` in the same paragraph"
    );
    assert_eq!(d["related"][0]["message"], "claims everyone was affected");
    assert_eq!(d["related"][0]["span"]["line"], 9);
    assert_eq!(d["related"][0]["span"]["column"], 27);
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

    // The year typo, the timeline stepping back from it, the window ending four days after
    // the timeline's own restoration, and the on-call engineer named (info only).
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
            "detection at 2023-05-15 09:30 is 365 days after the stated end 2022-05-14 15:00",
        ),
        (
            "named-individual",
            15,
            "`the on-call engineer, John` names a person in the narrative",
        ),
        (
            "timeline-order",
            23,
            "entry at 2022-05-09 13:00 is 370 days before the entry above it, at 2023-05-15 09:30",
        ),
    ]
    .map(|(rule, line, message)| (rule.to_string(), line, message.to_string()));
    assert_eq!(found, expected);

    let run = pmlint(&["check", &seed("000"), &seed("004")]);
    assert_eq!(run.code, 1);
}

/// Every fix pmlint offers on the fixtures, applied alone, makes its finding go away and
/// leaves no new finding of that rule: a fix that is offered must be right.
#[test]
fn every_offered_fix_resolves_its_finding() {
    let scratch = common::scratch();
    let mut applied = Vec::new();
    for entry in walk(&root().join("fixtures")) {
        let file = relative(&entry);
        let report = check_json(&[&file]);
        let text = std::fs::read_to_string(&entry).expect("the fixture reads");
        for d in report["diagnostics"].as_array().expect("an array") {
            let name = d["name"].as_str().unwrap();
            for fix in d["fixes"].as_array().expect("fixes is an array") {
                let offset = fix["span"]["offset"].as_u64().unwrap() as usize;
                let length = fix["span"]["length"].as_u64().unwrap() as usize;
                let replacement = fix["replacement"].as_str().unwrap();
                let fixed = format!(
                    "{}{replacement}{}",
                    &text[..offset],
                    &text[offset + length..]
                );
                let extension = entry.extension().unwrap().to_str().unwrap();
                let path = common::write(scratch.path(), &format!("fixed.{extension}"), &fixed);
                let before = findings(&report)
                    .into_iter()
                    .filter(|f| f.0 == name)
                    .count();
                let after = findings(&check_json(&[path.to_str().unwrap()]))
                    .into_iter()
                    .filter(|f| f.0 == name)
                    .count();
                assert!(
                    after < before,
                    "{file}: `{}` left {after} of {before} {name} findings",
                    fix["title"].as_str().unwrap()
                );
                applied.push(format!("{file}: {}", fix["title"].as_str().unwrap()));
            }
        }
    }
    for kind in [
        "Replace `WTC` with `UTC`",
        "Change the year 2021 to 2022",
        "Change the year 20223 to 2023",
        "Remove `PM`",
    ] {
        assert!(
            applied.iter().any(|a| a.contains(kind)),
            "no fixture exercises `{kind}`: {applied:#?}"
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the folder reads") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}
