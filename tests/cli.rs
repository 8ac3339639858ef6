//! The command line: exit codes, bad input, stdin, directories, rule documentation.

mod common;

use common::{check_json, findings, pmlint, pmlint_with_stdin};

const WTC_LINE: &str = "# Outage\n\n## Timeline\n\n- 2024-01-02 10:00 WTC: alerts fired\n";

#[test]
fn missing_file_exits_2_and_other_files_are_still_linted() {
    let run = pmlint(&[
        "check",
        "no/such/postmortem.md",
        "fixtures/missing-section/fires.md",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no/such/postmortem.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("no root cause section"),
        "{}",
        run.stdout
    );
}

#[test]
fn invalid_utf8_names_the_file_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, b"# Title\n\xff\xfe broken\n").unwrap();
    let good = dir.path().join("good.md");
    std::fs::write(&good, WTC_LINE).unwrap();
    let run = pmlint(&["check", bad.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.md: not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("`WTC` is not a time zone"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_arguments_exit_2() {
    let run = pmlint(&["check", "--format", "xml", "fixtures/clean"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("xml"), "{}", run.stderr);
}

#[test]
fn stdin_is_linted_as_markdown() {
    let run = pmlint_with_stdin(&["check", "--format", "json", "-"], WTC_LINE.as_bytes());
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let zone = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "PM101")
        .expect("the WTC on stdin is reported");
    assert_eq!(zone["path"], "<stdin>");
    assert_eq!(zone["span"]["line"], 5);
}

#[test]
fn directories_are_walked_for_postmortems_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("nested")).unwrap();
    std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
    std::fs::write(dir.path().join("nested/a.md"), WTC_LINE).unwrap();
    std::fs::write(dir.path().join("b.txt"), "Timeline:\n10:00 WTC: paged\n").unwrap();
    std::fs::write(dir.path().join("notes.rst"), WTC_LINE).unwrap();
    std::fs::write(dir.path().join(".hidden/c.md"), WTC_LINE).unwrap();
    let report = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(report["summary"]["files"], 2);
    let paths: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "PM101")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2);
    assert!(
        paths[0].ends_with("b.txt") && paths[1].ends_with("a.md"),
        "{paths:?}"
    );
}

#[test]
fn warnings_alone_exit_1() {
    let run = pmlint(&["check", "fixtures/missing-section/fires.md"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with("Checked 1 file: 1 warning.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn no_color_output_has_no_escape_codes() {
    let run = pmlint(&["check", "fixtures/unknown-timezone/fires.md"]);
    assert!(!run.stdout.contains('\u{1b}'));
    assert!(run.stdout.contains("unknown-timezone(PM101)"));
}

#[test]
fn rule_prints_its_documentation_by_name_or_code() {
    for key in ["unknown-timezone", "PM101", "pm101"] {
        let run = pmlint(&["rule", key]);
        assert_eq!(run.code, 0);
        assert!(
            run.stdout
                .starts_with("# unknown-timezone (PM101)\n\nDefault severity: error\n")
        );
        assert!(run.stdout.contains("## What it does"));
        assert!(run.stdout.contains("May 10, 2023, 14:00 WTC"));
    }
    let run = pmlint(&["rule", "no-such-rule"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-rule"));
}

#[test]
fn rules_lists_every_rule_with_code_and_severity() {
    let run = pmlint(&["rules"]);
    assert_eq!(run.code, 0);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().take(3).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec!["PM101", "unknown-timezone", "error"],
            vec!["PM102", "entry-outside-window", "error"],
            vec!["PM103", "timeline-order", "error"],
            vec!["PM104", "window-inverted", "error"],
            vec!["PM105", "duration-mismatch", "error"],
            vec!["PM106", "invalid-date", "error"],
            vec!["PM107", "invalid-time", "error"],
            vec!["PM108", "weekday-mismatch", "error"],
            vec!["PM109", "year-outlier", "warning"],
            vec!["PM110", "dst-label", "warning"],
            vec!["PM111", "ambiguous-timezone", "warning"],
            vec!["PM112", "timezone-switch", "warning"],
            vec!["PM113", "missing-timezone", "warning"],
            vec!["PM114", "front-matter-mismatch", "error"],
            vec!["PM115", "placeholder", "warning"],
            vec!["PM116", "zone-conversion-mismatch", "error"],
            vec!["PM117", "zone-offset-mismatch", "warning"],
            vec!["PM118", "timestamp-case", "info"],
            vec!["PM201", "missing-section", "warning"],
            vec!["PM202", "missing-window", "warning"],
            vec!["off", "by", "default;"],
            vec!["PM203", "not-a-postmortem", "info"],
            vec!["PM301", "percentage-total", "error"],
            vec!["PM302", "impact-contradiction", "warning"],
            vec!["PM303", "impact-unquantified", "info"],
            vec!["off", "by", "default;"],
            vec!["PM401", "blame-language", "warning"],
            vec!["PM402", "named-individual", "info"],
            vec!["PM403", "action-item-owner", "warning"],
            vec!["off", "by", "default;"],
            vec!["PM404", "action-item-ticket", "warning"],
            vec!["off", "by", "default;"],
            vec!["PM405", "action-item-due", "warning"],
            vec!["off", "by", "default;"],
            vec!["PM406", "action-item-vague", "warning"],
            vec!["off", "by", "default;"],
            vec!["PM501", "unused-suppression", "warning"],
        ]
    );
    assert!(
        run.stdout.contains("off by default; on in alx\n"),
        "missing-window is only in alx: {}",
        run.stdout
    );
}

#[test]
fn empty_file_is_linted_without_crashing() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "").unwrap();
    let report = check_json(&[empty.to_str().unwrap()]);
    let found = findings(&report);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "missing-section");
    let human = pmlint(&["check", empty.to_str().unwrap()]);
    // One note that no template is followed, not a failure.
    assert_eq!(human.code, 0);
    assert!(
        human
            .stdout
            .contains("none of the sections of a known postmortem template"),
        "{}",
        human.stdout
    );
}

/// Runs pmlint in `dir` as `pmlint ARGS | head -1`: the first line, then the exit code once
/// the reader has gone away.
fn first_line_then_close(dir: &std::path::Path, args: &[&str]) -> (String, Option<i32>) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmlint"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (first, output.status.code())
}

#[test]
fn a_closed_output_pipe_still_exits_by_the_findings() {
    let dir = common::scratch();
    for i in 0..2000 {
        common::write(dir.path(), &format!("pm-{i:04}.md"), WTC_LINE);
    }
    let (first, code) = first_line_then_close(dir.path(), &["check", "--format", "concise", "."]);
    assert!(first.starts_with("./pm-0000.md:"), "{first}");
    assert_eq!(code, Some(1));
}

#[test]
fn paths_that_hold_no_postmortem_exit_2_and_an_empty_run_warns() {
    let dir = common::scratch();
    common::write(dir.path(), "src/main.rs", "fn main() {}\n");
    let run = common::pmlint_in(dir.path(), &["check", "src"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "pmlint: error: no postmortems in src (no file that `include` takes: by default .md, .markdown or .txt)\n"
    );
    // With no path, the current folder is checked: finding nothing there is no failure.
    let run = common::pmlint_in(dir.path(), &["check"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "pmlint: warning: no postmortems were linted (no file here that `include` takes: by default .md, .markdown or .txt)\n"
    );
}

#[test]
fn a_file_named_twice_is_linted_once() {
    let dir = common::scratch();
    common::write(dir.path(), "pm.md", WTC_LINE);
    let run = common::pmlint_in(
        dir.path(),
        &["check", "--format", "concise", "pm.md", "./pm.md", "."],
    );
    assert_eq!(run.stdout.matches("PM101").count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("Checked 1 file:"), "{}", run.stdout);
    let run = pmlint_with_stdin(
        &["check", "--format", "concise", "-", "-"],
        WTC_LINE.as_bytes(),
    );
    assert_eq!(run.stdout.matches("PM101").count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("Checked 1 file:"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_plain_text_are_printed_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = common::scratch();
    let names: [&[u8]; 3] = [b"two\nlines.md", b"caf\xe9.md", b"bell\x07\x1b[2J.md"];
    for name in names {
        let path = dir.path().join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, WTC_LINE).unwrap();
    }
    let run = common::pmlint_in(dir.path(), &["check", "--format", "concise", "."]);
    for shown in [
        "./two\\u{a}lines.md:5:20: error[PM101]",
        "./caf\\xe9.md:5:20: error[PM101]",
        "./bell\\u{7}\\u{1b}[2J.md:5:20: error[PM101]",
    ] {
        assert!(run.stdout.contains(shown), "{shown} in {}", run.stdout);
    }
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'));
}

#[test]
fn a_closed_output_pipe_still_exits_by_the_findings_of_files_not_yet_printed() {
    let dir = common::scratch();
    // Warnings only, then one error in the last file in path order.
    for i in 0..2000 {
        common::write(
            dir.path(),
            &format!("a-{i:04}.md"),
            "# Draft\n\nNothing yet.\n",
        );
    }
    common::write(dir.path(), "z.md", WTC_LINE);
    let args = ["check", "--format", "concise", "--fail-on", "error", "."];
    let (first, code) = first_line_then_close(dir.path(), &args);
    assert!(first.starts_with("./a-0000.md:"), "{first}");
    assert_eq!(code, Some(1));
}
