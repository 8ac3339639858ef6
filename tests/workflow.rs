//! The options editors and CI use, through the real binary: every output format, `--output`,
//! `--fail-on`, `--statistics`, `--quiet`, `--stdin-filename`, directory walking, and the
//! hidden `generate` command.

mod common;

use common::{pmlint, pmlint_in, pmlint_with_stdin, scratch, write};

const FIRES: &str = "fixtures/unknown-timezone/fires.md";
const INFO_ONLY: &str = "fixtures/named-individual/fires.md";

#[test]
fn concise_prints_one_line_per_finding_then_the_summary() {
    let run = pmlint(&["check", "--format", "concise", FIRES]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "fixtures/unknown-timezone/fires.md:8:21: error[PM101] `WTC` is not a time zone"
    );
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|l| l.starts_with(FIRES))
    );
    assert_eq!(lines.last().unwrap(), &"Checked 1 file: 7 errors.");
}

#[test]
fn json_lines_is_one_object_per_finding() {
    let run = pmlint(&["check", "--format", "json-lines", FIRES]);
    assert_eq!(run.code, 1);
    let objects: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(objects.len(), 7);
    assert_eq!(objects[0]["code"], "PM101");
    assert_eq!(objects[0]["span"]["line"], 8);
    assert_eq!(objects[0]["path"], FIRES);
}

#[test]
fn sarif_has_every_field_sarif_2_1_0_requires() {
    let run = pmlint(&["check", "--format", "sarif", FIRES, "fixtures/clean"]);
    assert_eq!(run.code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif"));
    let run0 = &sarif["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "pmlint");
    let rules = driver["rules"].as_array().expect("driver.rules");
    assert_eq!(rules.len(), pmlint::rules::metas().count());
    for rule in rules {
        assert!(rule["id"].as_str().unwrap().starts_with("PM"));
        assert!(rule["name"].is_string());
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(
            rule["help"]["text"]
                .as_str()
                .unwrap()
                .contains("## What it does")
        );
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["note", "warning", "error"].contains(&level), "{level}");
    }
    let results = run0["results"].as_array().expect("results");
    assert_eq!(results.len(), 7);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(result["ruleId"], rules[index]["id"]);
        assert!(result["message"]["text"].is_string());
        assert!(["none", "note", "warning", "error"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], FIRES);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn sarif_names_files_under_srcroot_the_current_directory() {
    let run = pmlint(&["check", "--format", "sarif", FIRES]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let root = std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).unwrap();
    let base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert_eq!(base, format!("file://{}/", root.display()));
    let dir = scratch();
    let absolute = dir.path().join("outside.md");
    std::fs::copy(FIRES, &absolute).unwrap();
    let run = pmlint(&["check", "--format", "sarif", absolute.to_str().unwrap()]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        serde_json::json!({ "uri": format!("file://{}", absolute.display()) })
    );
}

#[test]
fn sarif_lists_suppressed_findings_without_failing_the_run() {
    let suppressed = "fixtures/unused-suppression/silent.md";
    let run = pmlint(&["check", "--format", "sarif", suppressed]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{}", run.stdout);
    assert_eq!(results[0]["ruleId"], "PM101");
    assert_eq!(
        results[0]["suppressions"][0]["justification"],
        "the vendor's log is quoted as written"
    );
    assert_eq!(results[0]["suppressions"][0]["kind"], "inSource");
    let concise = pmlint(&["check", "--format", "concise", "-q", suppressed]);
    assert_eq!((concise.code, concise.stdout.as_str()), (0, ""));
}

#[test]
fn github_prints_workflow_commands() {
    let run = pmlint(&["check", "--format", "github", FIRES, INFO_ONLY]);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=fixtures/unknown-timezone/fires.md,line=8,col=21,endLine=8,endColumn=24,title=pmlint (PM101 unknown-timezone)::`WTC` is not a time zone"
        ),
        "{first}"
    );
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::notice file=fixtures/named-individual"))
    );
    assert!(
        !run.stdout.contains("Checked"),
        "machine formats have no summary line"
    );
}

#[test]
fn junit_is_xml_with_a_suite_per_file() {
    let run = pmlint(&[
        "check",
        "--format",
        "junit",
        FIRES,
        "fixtures/clean/checkout-latency.md",
    ]);
    assert!(
        run.stdout
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites")
    );
    assert_eq!(run.stdout.matches("<testsuite ").count(), 2);
    assert_eq!(run.stdout.matches("<failure ").count(), 7);
    assert!(run.stdout.trim_end().ends_with("</testsuites>"));
}

#[test]
fn junit_fails_only_the_findings_that_fail_the_run() {
    let run = pmlint(&["check", "--format", "junit", INFO_ONLY]);
    assert_eq!(run.code, 0);
    assert!(!run.stdout.contains("<failure "), "{}", run.stdout);
    assert!(run.stdout.contains("<system-out>"), "{}", run.stdout);
    assert!(run.stdout.contains(" failures=\"0\""), "{}", run.stdout);

    let run = pmlint(&["check", "--format", "junit", "--fail-on", "info", INFO_ONLY]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("<failure type=\"info\""),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("<system-out>"), "{}", run.stdout);
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = scratch();
    let out = dir.path().join("report.sarif");
    let run = pmlint(&[
        "check",
        "--format",
        "sarif",
        "--output",
        out.to_str().unwrap(),
        FIRES,
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("\"version\": \"2.1.0\""));
}

#[test]
fn fail_on_sets_the_severity_that_fails_the_run() {
    for (fail_on, fires, info_only) in [
        ("error", 1, 0),
        ("warning", 1, 0),
        ("info", 1, 1),
        ("never", 0, 0),
    ] {
        assert_eq!(
            pmlint(&["check", "--fail-on", fail_on, FIRES]).code,
            fires,
            "{fail_on}"
        );
        assert_eq!(
            pmlint(&["check", "--fail-on", fail_on, INFO_ONLY]).code,
            info_only,
            "{fail_on}"
        );
    }
    let warnings_only = "fixtures/dst-label/fires.md";
    assert_eq!(
        pmlint(&["check", "--fail-on", "error", warnings_only]).code,
        0
    );
    assert_eq!(
        pmlint(&["check", "--fail-on", "warning", warnings_only]).code,
        1
    );
}

#[test]
fn statistics_counts_findings_per_rule() {
    let run = pmlint(&["check", "--statistics", FIRES, "fixtures/missing-section"]);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0], ["7", "PM101", "unknown-timezone", "error"]);
    assert!(rows.iter().any(|r| r[1] == "PM201"), "{}", run.stdout);
    let run = pmlint(&["check", "--statistics", "--format", "json", FIRES]);
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(stats["version"], 1);
    assert_eq!(stats["rules"][0]["name"], "unknown-timezone");
    assert_eq!(stats["rules"][0]["count"], 7);
    let run = pmlint(&["check", "--statistics", "--format", "sarif", FIRES]);
    assert_eq!(run.code, 2);
}

#[test]
fn quiet_prints_only_the_findings() {
    let run = pmlint(&["check", "--quiet", "--format", "concise", FIRES]);
    assert_eq!(run.stdout.lines().count(), 7);
    let run = pmlint(&["check", "-q", "fixtures/clean"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn stdin_filename_names_the_document_and_finds_its_config() {
    let dir = scratch();
    write(
        dir.path(),
        "team/pmlint.toml",
        "[lint]\nignore = [\"missing-section\"]\n",
    );
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("pmlint");
    let output = cmd
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "team/new.md",
            "-",
        ])
        .write_stdin(b"# Draft\n\n- 10:00 WTC: paged\n".to_vec())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("team/new.md:3:9: error[PM101]"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("PM201"),
        "the team config ignores missing-section: {stdout}"
    );

    let text = std::fs::read(common::root().join(FIRES)).unwrap();
    let run = pmlint_with_stdin(&["check", "--format", "concise", "-"], &text);
    assert!(
        run.stdout.starts_with("<stdin>:8:21: error[PM101]"),
        "{}",
        run.stdout
    );
}

#[test]
fn walking_respects_gitignore_hidden_folders_and_exclude() {
    let dir = scratch();
    let bad = "# Draft\n\n- 10:00 WTC: paged\n";
    for name in [
        "postmortems/a.md",
        "postmortems/b.txt",
        "postmortems/notes.rst",
        "build/generated.md",
        ".drafts/hidden.md",
        "old/2019.md",
    ] {
        write(dir.path(), name, bad);
    }
    write(dir.path(), ".gitignore", "build/\n");
    let run = pmlint_in(
        dir.path(),
        &["check", "--format", "concise", "--exclude", "old", "."],
    );
    let files: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split(':').next())
        .filter(|f| !f.starts_with("Checked"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(files, ["./postmortems/a.md", "./postmortems/b.txt"]);
    // A hidden folder named on the command line is linted.
    let run = pmlint_in(dir.path(), &["check", "--format", "concise", ".drafts"]);
    assert!(run.stdout.contains(".drafts/hidden.md"), "{}", run.stdout);
}

#[test]
fn output_order_is_stable_across_runs() {
    let first = pmlint(&["check", "--format", "concise", "fixtures"]);
    for _ in 0..3 {
        assert_eq!(
            pmlint(&["check", "--format", "concise", "fixtures"]).stdout,
            first.stdout
        );
    }
    let (summary, findings) = first
        .stdout
        .trim_end()
        .rsplit_once('\n')
        .map(|(f, s)| (s, f))
        .unwrap();
    let fixtures = walkdir_count(&common::root().join("fixtures"));
    assert_eq!(
        summary.split(':').next(),
        Some(format!("Checked {fixtures} files").as_str())
    );
    let mut paths: Vec<&str> = findings
        .lines()
        .filter_map(|l| l.split(':').next())
        .collect();
    paths.dedup();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files are reported in path order");
}

#[test]
fn generate_writes_completions_and_a_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = pmlint(&["generate", "completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("stdin-filename"), "{shell}");
    }
    let run = pmlint(&["generate", "man"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with(".ie"), "{}", &run.stdout[..40]);
    assert!(run.stdout.contains("pmlint"));
    let help = pmlint(&["--help"]);
    assert!(!help.stdout.contains("generate"), "generate is hidden");
}

/// Postmortem files below `dir`.
fn walkdir_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                walkdir_count(&p)
            } else {
                usize::from(p.extension().is_some_and(|e| e == "md" || e == "txt"))
            }
        })
        .sum()
}

/// `--force-exclude` applies the excludes to `--stdin-filename` too: nothing is linted, and
/// `--fix -` gives the text back unchanged rather than nothing.
#[test]
fn force_exclude_applies_to_the_stdin_filename() {
    let text = b"# X\n\n- 2024-03-04 10:05 WTC: alert\n";
    let args = |extra: &[&'static str]| {
        let mut args = vec!["check", "--isolated", "--exclude", "drafts/"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--stdin-filename", "drafts/a.md", "-"]);
        args
    };
    let linted = pmlint_with_stdin(&args(&["--format", "concise"]), text);
    assert_eq!(
        linted.code, 1,
        "without --force-exclude a named stdin is linted"
    );
    assert!(linted.stdout.contains("PM101"), "{}", linted.stdout);
    let excluded = pmlint_with_stdin(&args(&["--force-exclude", "--format", "concise"]), text);
    assert_eq!((excluded.code, excluded.stdout.as_str()), (0, ""));
    assert!(
        excluded.stderr.contains("1 file was excluded"),
        "{}",
        excluded.stderr
    );
    let fixed = pmlint_with_stdin(&args(&["--force-exclude", "--fix"]), text);
    assert_eq!(fixed.code, 0);
    assert_eq!(fixed.stdout.as_bytes(), text);
}
