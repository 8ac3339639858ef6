//! Template profiles: `--profile`, `pmlint profiles`, profile files, and what each profile
//! asks of the seeds and the corpus.

mod common;

use common::{corpus, findings, pmlint, relative, seeds};

const PROFILES: [&str; 6] = [
    "default",
    "google-sre",
    "pagerduty",
    "atlassian",
    "alx",
    "minimal",
];

fn check(profile: &str, paths: &[&str]) -> Vec<(String, u64, String)> {
    let mut args = vec!["check", "--format", "json", "--profile", profile];
    args.extend_from_slice(paths);
    let run = pmlint(&args);
    assert!(run.code != 2, "pmlint failed: {}", run.stderr);
    findings(&serde_json::from_str(&run.stdout).expect("the JSON output parses"))
}

#[test]
fn profiles_lists_each_builtin_profile_with_a_description() {
    let run = pmlint(&["profiles"]);
    assert_eq!(run.code, 0);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, PROFILES);
    for line in run.stdout.lines() {
        assert!(line.split_whitespace().count() > 3, "{line}");
    }
}

#[test]
fn profiles_ask_for_different_sections() {
    let file = "fixtures/profiles/google-sre/fires-no-detection.md";
    assert_eq!(
        check("google-sre", &[file])[0].2,
        "no detection or lessons learned section"
    );
    assert!(check("default", &[file]).is_empty());
    assert!(check("minimal", &[file]).is_empty());
}

#[test]
fn the_sre_book_example_is_clean_only_with_its_sections_counted() {
    let file = "fixtures/profiles/google-sre/silent-sre-book.md";
    assert!(check("google-sre", &[file]).is_empty());
    // Under pagerduty the same document is checked for a ticket per item too, and has one.
    assert!(check("pagerduty", &[file]).is_empty());
}

#[test]
fn seeds_have_the_alx_sections() {
    let Some(dir) = seeds() else { return };
    let dir = relative(&dir);
    let found = check("alx", &[&dir]);
    let sections: Vec<_> = found
        .iter()
        .filter(|(rule, _, _)| rule == "missing-section" || rule == "missing-window")
        .collect();
    assert!(sections.is_empty(), "{sections:#?}");
    assert!(
        !found.iter().any(|(rule, _, _)| rule == "blame-language"),
        "{found:#?}"
    );
}

#[test]
fn action_item_rules_stay_off_by_default_and_fire_under_google_sre() {
    let Some(corpus) = corpus() else { return };
    let corpus = relative(&corpus);
    let is_action_rule = |rule: &String| rule.starts_with("action-item-");
    let default = check("default", &[&corpus]);
    assert!(!default.iter().any(|(r, _, _)| is_action_rule(r)));
    let sre = check("google-sre", &[&corpus]);
    assert!(sre.iter().any(|(r, _, _)| r == "action-item-owner"));
}

/// Each source of the real corpus checked against its own template, written as the profile
/// a team would keep: a missing section is reported only where one really is missing.
#[test]
fn each_corpus_source_under_its_own_profile_misses_only_what_is_missing() {
    let Some(corpus) = corpus() else { return };
    let expected: [(&str, &[(&str, &str)]); 5] = [
        ("moj", &[("2020-02-12.md", "no impact section")]),
        ("mybinder", &[]),
        (
            "dfds",
            &[
                ("PM2021-011_-_Log4Shell.md", "no root cause section"),
                (
                    "PM2023-002_-_Logs_not_shipped_to_CloudWatch.md",
                    "the `Lessons Learned` section is empty, so this postmortem has no lessons learned",
                ),
                (
                    "PM2024-003_-_Kube_state_metrics_exposing_wrong_labels.md",
                    "the `Lessons Learned` section is empty, so this postmortem has no lessons learned",
                ),
            ],
        ),
        (
            "posthog",
            &[(
                "2024-02-28-decide_is_down.md",
                "this document has none of the sections of a known postmortem template",
            )],
        ),
        ("kubernetes", &[]),
    ];
    for (source, missing) in expected {
        let profile = format!("tests/corpus_profiles/{source}.toml");
        let dir = relative(&corpus.join(source));
        let run = pmlint(&[
            "check",
            "--isolated",
            "--format",
            "json",
            "--profile",
            &profile,
            "--select",
            "missing-section",
            &dir,
        ]);
        assert!(run.code != 2, "{source}: {}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON output");
        let found: Vec<(String, String)> = json["diagnostics"]
            .as_array()
            .expect("a diagnostics array")
            .iter()
            .map(|d| {
                let file = d["path"].as_str().expect("a file").rsplit('/').next();
                let message = d["message"].as_str().expect("a message");
                (file.expect("a name").to_string(), message.to_string())
            })
            .collect();
        let missing: Vec<(String, String)> = missing
            .iter()
            .map(|(file, message)| (file.to_string(), message.to_string()))
            .collect();
        assert_eq!(found, missing, "{source}");
    }
}

#[test]
fn root_cause_and_resolution_counts_as_both_under_every_profile() {
    let file = "fixtures/profiles/alx/silent.txt";
    for profile in PROFILES {
        let missing: Vec<String> = check(profile, &[file])
            .into_iter()
            .filter(|(rule, _, _)| rule == "missing-section")
            .map(|(_, _, message)| message)
            .collect();
        assert!(
            missing
                .iter()
                .all(|m| !m.contains("root cause") && !m.contains("resolution")),
            "{profile}: {missing:?}"
        );
    }
}

#[test]
fn unknown_profile_exits_2_and_names_the_builtins() {
    let run = pmlint(&["check", "--profile", "sre", "fixtures/clean"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no profile named `sre`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("google-sre"), "{}", run.stderr);
}

#[test]
fn a_profile_file_extends_a_builtin_and_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.toml");
    std::fs::write(
        &team,
        "extends = \"google-sre\"\nsections = [\"summary\", \"timeline\"]\n[rules]\naction-item-ticket = \"off\"\nnamed-individual = \"warning\"\n",
    )
    .unwrap();
    let file = "fixtures/action-item-ticket/fires.md";
    assert!(check(team.to_str().unwrap(), &[file]).is_empty());
    let named = "fixtures/named-individual/fires.md";
    let run = pmlint(&["check", "--profile", team.to_str().unwrap(), named]);
    assert_eq!(run.code, 1, "a warning fails the run: {}", run.stdout);

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "sections = [\"summary\"]\n[rules]\nno-such-rule = \"off\"\n",
    )
    .unwrap();
    let run = pmlint(&["check", "--profile", bad.to_str().unwrap(), file]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("no-such-rule"), "{}", run.stderr);
}

#[test]
fn rule_docs_say_which_profiles_turn_a_rule_on() {
    let run = pmlint(&["rule", "action-item-owner"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("off by default; on in the google-sre, pagerduty profiles"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_profile_rule_setting_is_a_severity_or_off() {
    let dir = common::scratch();
    common::write(dir.path(), "a.md", "# T\n");
    common::write(dir.path(), "loud.toml", "[rules]\ndst-label = \"loud\"\n");
    let run = common::pmlint_in(dir.path(), &["check", "--profile", "loud.toml", "a.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown variant `loud`, expected one of `off`, `info`, `warning`, `error`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("loud.toml:2:13"), "{}", run.stderr);

    // `off` turns a rule off; a severity turns it on at that severity.
    common::write(
        dir.path(),
        "quiet.toml",
        "extends = \"default\"\n[rules]\nmissing-section = \"off\"\nnamed-individual = \"error\"\n",
    );
    common::write(
        dir.path(),
        "b.md",
        "# T\n\nThe on-call engineer, John, paged the team.\n",
    );
    let run = common::pmlint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--profile",
            "quiet.toml",
            "b.md",
        ],
    );
    assert!(!run.stdout.contains("[PM201]"), "{}", run.stdout);
    assert!(run.stdout.contains("error[PM402]"), "{}", run.stdout);
}
