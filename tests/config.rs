//! `pmlint.toml`: discovery, rule selection, severities, per-file ignores, excludes, zones,
//! date order, errors inside the file, `--config`, `--isolated`, `pmlint config`, `init`.

mod common;

use common::{Run, findings, pmlint_in, root, scratch, seeds, write};
use std::path::Path;

/// A clean postmortem apart from what the test adds to its timeline.
fn postmortem(timeline: &str) -> String {
    format!(
        "# Stale search index\n\n## Summary\n\nSearch results lagged behind edits after an indexer crash.\n\n\
         **Duration:** 09:00 UTC to 11:00 UTC, June 4, 2024\n\n## Impact\n\nAbout 3% of searches returned stale results.\n\n\
         ## Timeline\n\n{timeline}- **11:00 UTC** - Index caught up\n\n## Root Cause\n\nThe indexer ran out of memory.\n\n\
         ## Resolution\n\nWe raised the memory limit.\n\n## Action Items\n\n- Alert on indexer restarts.\n"
    )
}

fn json_in(dir: &Path, args: &[&str]) -> (Run, Vec<(String, u64, String)>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = pmlint_in(dir, &all);
    let found = if run.code == 2 {
        Vec::new()
    } else {
        findings(&serde_json::from_str(&run.stdout).expect("the JSON output parses"))
    };
    (run, found)
}

fn names(found: &[(String, u64, String)]) -> Vec<&str> {
    found.iter().map(|(name, _, _)| name.as_str()).collect()
}

#[test]
fn a_config_that_ignores_unknown_timezone_silences_it_on_seed_004() {
    let Some(seeds) = seeds() else { return };
    let dir = scratch();
    let seed = std::fs::read_dir(seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with("004"))
        .unwrap();
    std::fs::copy(&seed, dir.path().join("004.txt")).unwrap();

    let (_, before) = json_in(dir.path(), &["004.txt"]);
    assert!(names(&before).contains(&"unknown-timezone"), "{before:?}");
    write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nignore = [\"unknown-timezone\"]\n",
    );
    let (run, after) = json_in(dir.path(), &["004.txt"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!names(&after).contains(&"unknown-timezone"), "{after:?}");
    let others =
        |f: &[(String, u64, String)]| f.iter().filter(|d| d.0 != "unknown-timezone").count();
    assert_eq!(others(&before), others(&after));
}

#[test]
fn a_broken_config_exits_2_with_a_report_pointing_into_the_file() {
    let dir = scratch();
    write(dir.path(), "pm.md", &postmortem(""));
    write(
        dir.path(),
        "pmlint.toml",
        "profile = \"default\"\n[lint]\nignore = [\"unknown-timezon\"]\n",
    );
    let run = pmlint_in(dir.path(), &["check", "pm.md"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    for expected in [
        "pmlint.toml: `unknown-timezon` is not a rule",
        "[pmlint.toml:3:11]",
        "3 │ ignore = [\"unknown-timezon\"]",
        "no such rule",
        "did you mean `unknown-timezone` (PM101)?",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected:?} in\n{}",
            run.stderr
        );
    }

    write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nselect = [\"PM1\"]\ncolour = \"red\"\n",
    );
    let run = pmlint_in(dir.path(), &["check", "pm.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown field `colour`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[pmlint.toml:3:1]"), "{}", run.stderr);

    write(
        dir.path(),
        "pmlint.toml",
        "[lint.severity]\ndst-label = \"loud\"\n",
    );
    let run = pmlint_in(dir.path(), &["check", "pm.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown variant `loud`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[pmlint.toml:2:13]"), "{}", run.stderr);
}

#[test]
fn files_under_a_broken_config_are_skipped_and_the_others_still_linted() {
    let dir = scratch();
    write(
        dir.path(),
        "good/pm.md",
        &postmortem("- **09:30 WTC** - Paged\n"),
    );
    write(dir.path(), "bad/pm.md", &postmortem(""));
    write(
        dir.path(),
        "bad/pmlint.toml",
        "[timezones]\nIST = \"Asia/Tokyo\"\n",
    );
    let run = pmlint_in(dir.path(), &["check", "--format", "concise", "bad", "good"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`Asia/Tokyo` is not a time zone that uses IST"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("good/pm.md:"), "{}", run.stdout);
    assert!(!run.stdout.contains("bad/pm.md"), "{}", run.stdout);
}

#[test]
fn the_closest_config_wins_and_the_dotted_name_works_too() {
    let dir = scratch();
    let text = postmortem("- **09:30 WTC** - Paged\n");
    write(dir.path(), "top.md", &text);
    write(dir.path(), "team/pm.md", &text);
    write(dir.path(), ".pmlint.toml", "[lint]\nignore = [\"PM101\"]\n");
    write(
        dir.path(),
        "team/pmlint.toml",
        "[lint.severity]\nunknown-timezone = \"warning\"\n",
    );
    let run = pmlint_in(dir.path(), &["check", "--format", "concise", "."]);
    assert!(!run.stdout.contains("top.md"), "{}", run.stdout);
    assert!(
        run.stdout.contains("team/pm.md:15:11: warning[PM101]"),
        "{}",
        run.stdout
    );
}

#[test]
fn select_extend_select_and_severity_choose_what_runs() {
    let dir = scratch();
    write(
        dir.path(),
        "pm.md",
        &postmortem("- **09:30 WTC** - Paged the on-call engineer, John\n"),
    );
    write(dir.path(), "pmlint.toml", "[lint]\nselect = [\"PM4\"]\n");
    // A code prefix selects the rules that are off by default as well.
    let (_, found) = json_in(dir.path(), &["pm.md"]);
    assert_eq!(
        names(&found),
        [
            "named-individual",
            "action-item-owner",
            "action-item-ticket",
            "action-item-due"
        ]
    );

    write(
        dir.path(),
        "pmlint.toml",
        "profile = \"minimal\"\n[lint]\nextend-select = [\"action-item-owner\"]\nignore = [\"named-individual\"]\n[lint.severity]\nPM101 = \"info\"\n",
    );
    let (run, found) = json_in(dir.path(), &["pm.md"]);
    assert_eq!(names(&found), ["unknown-timezone", "action-item-owner"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["severity"], "info");

    // The command line applies on top of the file.
    let (_, found) = json_in(
        dir.path(),
        &["--ignore", "action-item-owner,PM101", "pm.md"],
    );
    assert!(found.is_empty(), "{found:?}");
    let (_, found) = json_in(
        dir.path(),
        &["--select", "ALL", "--profile", "default", "pm.md"],
    );
    assert!(names(&found).contains(&"action-item-ticket"), "{found:?}");
}

#[test]
fn per_file_ignores_and_excludes_follow_gitignore_patterns() {
    let dir = scratch();
    let incomplete = "# Draft\n\n## Summary\n\nWe are still writing this one.\n";
    write(dir.path(), "drafts/new.md", incomplete);
    write(dir.path(), "archive/2019/old.md", incomplete);
    write(dir.path(), "final.md", incomplete);
    write(
        dir.path(),
        "pmlint.toml",
        "exclude = [\"archive/\"]\n[lint.per-file-ignores]\n\"drafts/**\" = [\"missing-section\"]\n",
    );
    let run = pmlint_in(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(
        run.stdout,
        "./final.md:1:3: warning[PM201] no timeline, root cause or action items section\nChecked 2 files: 1 warning.\n"
    );
    // Named on the command line, an excluded file is linted unless --force-exclude.
    let run = pmlint_in(
        dir.path(),
        &["check", "--format", "concise", "archive/2019/old.md"],
    );
    assert!(
        run.stdout.contains("Checked 1 file: 1 warning."),
        "{}",
        run.stdout
    );
    let run = pmlint_in(
        dir.path(),
        &[
            "check",
            "--force-exclude",
            "--format",
            "concise",
            "archive/2019/old.md",
        ],
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "pmlint: warning: no postmortems were linted (1 file was excluded)\n"
    );
    assert_eq!(run.code, 0);
}

#[test]
fn a_settled_zone_is_no_longer_ambiguous() {
    let dir = scratch();
    write(
        dir.path(),
        "pm.md",
        &postmortem("- **10:15 IST** - Failover started\n"),
    );
    let (_, found) = json_in(dir.path(), &["pm.md"]);
    assert!(names(&found).contains(&"ambiguous-timezone"), "{found:?}");
    write(
        dir.path(),
        "pmlint.toml",
        "[timezones]\nIST = \"Asia/Kolkata\"\n",
    );
    let (_, found) = json_in(dir.path(), &["pm.md"]);
    assert!(!names(&found).contains(&"ambiguous-timezone"), "{found:?}");
}

#[test]
fn the_date_order_reads_numeric_dates() {
    let dir = scratch();
    // The window and two entries say 05/02, one entry says 02/05: whichever order the
    // repository uses, that entry is three months away from the others.
    let text = "# Login errors\n\n## Summary\n\nLogins failed.\n\n**Duration:** 05/02/2024 09:00 UTC to 05/02/2024 11:00 UTC\n\n\
                ## Impact\n\nAbout 2% of logins failed.\n\n## Timeline\n\n- 05/02/2024 09:00 UTC - Errors start\n\
                - 02/05/2024 10:00 UTC - Fix deployed\n- 05/02/2024 11:00 UTC - Errors stop\n\n## Root Cause\n\nA bad key.\n\n\
                ## Resolution\n\nRotated the key.\n\n## Action Items\n\n- Test key rotation.\n";
    write(dir.path(), "pm.md", text);
    let (_, month_first) = json_in(dir.path(), &["pm.md"]);
    write(dir.path(), "pmlint.toml", "[dates]\norder = \"dmy\"\n");
    let (_, day_first) = json_in(dir.path(), &["pm.md"]);
    assert!(
        names(&month_first).contains(&"entry-outside-window"),
        "{month_first:?}"
    );
    assert!(
        names(&day_first).contains(&"entry-outside-window"),
        "{day_first:?}"
    );
    // The odd entry out is the one written the other way round, read in each order.
    assert_eq!((month_first[0].1, day_first[0].1), (16, 16));
    assert!(
        month_first[0]
            .2
            .contains("2024-02-05 10:00 UTC is 86 days before the stated start 2024-05-02"),
        "{month_first:?}"
    );
    assert!(
        day_first[0]
            .2
            .contains("2024-05-02 10:00 UTC is 86 days after the stated end 2024-02-05"),
        "{day_first:?}"
    );
}

#[test]
fn config_flag_and_isolated_override_discovery() {
    let dir = scratch();
    write(
        dir.path(),
        "pm.md",
        &postmortem("- **09:30 WTC** - Paged\n"),
    );
    write(dir.path(), "pmlint.toml", "[lint]\nignore = [\"PM101\"]\n");
    write(dir.path(), "other.toml", "[lint]\nselect = [\"PM201\"]\n");
    let (_, found) = json_in(dir.path(), &["--isolated", "pm.md"]);
    assert_eq!(names(&found), ["unknown-timezone"]);
    let (_, found) = json_in(dir.path(), &["--config", "other.toml", "pm.md"]);
    assert!(found.is_empty(), "{found:?}");
    let run = pmlint_in(dir.path(), &["check", "--config", "missing.toml", "pm.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.toml"), "{}", run.stderr);
}

#[test]
fn config_command_shows_each_setting_and_its_origin() {
    let dir = scratch();
    write(
        dir.path(),
        "pmlint.toml",
        "profile = \"google-sre\"\n[lint]\nignore = [\"named-individual\"]\n[timezones]\nIST = \"Asia/Kolkata\"\n",
    );
    let run = pmlint_in(dir.path(), &["config"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for expected in [
        "profile = \"google-sre\"",
        "# pmlint.toml profile",
        "IST = \"Asia/Kolkata\"",
        "PM402  named-individual     off      # pmlint.toml [lint] ignore",
        "PM403  action-item-owner    warning  # profile google-sre",
        "order = \"mdy\"",
    ] {
        assert!(
            run.stdout.contains(expected),
            "{expected:?} in\n{}",
            run.stdout
        );
    }
    let run = pmlint_in(dir.path(), &["config", "--isolated"]);
    assert!(
        run.stdout.contains("no config file applies"),
        "{}",
        run.stdout
    );
}

#[test]
fn init_writes_a_commented_config_that_loads_and_never_overwrites() {
    let dir = scratch();
    let run = pmlint_in(dir.path(), &["init", "--profile", "pagerduty"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(dir.path().join("pmlint.toml")).unwrap();
    assert!(written.contains("profile = \"pagerduty\""));
    assert!(written.lines().filter(|l| l.starts_with('#')).count() > 5);
    let run = pmlint_in(dir.path(), &["config"]);
    assert!(
        run.stdout.contains("profile = \"pagerduty\""),
        "{}",
        run.stderr
    );

    std::fs::write(dir.path().join("pmlint.toml"), "# mine\n").unwrap();
    let run = pmlint_in(dir.path(), &["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pmlint.toml")).unwrap(),
        "# mine\n"
    );
    assert!(root().join("src/config/template.toml").is_file());
}
