//! What users and tools read: the miette report, the JSON document, every report's account of
//! a file that could not be read, and positions that stay right with a byte-order mark, CRLF
//! and lone-CR line endings.

mod common;

use common::{Run, check_json, pmlint, pmlint_in, scratch, write};
use serde_json::{Value, json};

#[test]
fn human_report_for_a_year_typo_and_a_late_restoration() {
    let run = pmlint(&["check", "fixtures/entry-outside-window/fires.txt"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn human_report_with_a_related_span_on_the_same_line() {
    let run = pmlint(&["check", "fixtures/impact-contradiction/fires.md"]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_report() {
    let run = pmlint(&[
        "check",
        "--format",
        "json",
        "fixtures/percentage-total/fires.md",
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

/// The same document with and without a byte-order mark, with LF, CRLF and lone-CR endings.
#[test]
fn positions_are_right_with_bom_crlf_and_lone_cr() {
    let text = "# Outage\n\n## Timeline\n\nÜber-Team — 10:00 WTC: alerts fired\n";
    let dir = tempfile::tempdir().unwrap();
    let mut spans = Vec::new();
    for (name, bom, eol) in [
        ("lf.md", false, "\n"),
        ("crlf.md", false, "\r\n"),
        ("cr.md", false, "\r"),
        ("bom-lf.md", true, "\n"),
        ("bom-crlf.md", true, "\r\n"),
        ("bom-cr.md", true, "\r"),
    ] {
        let body = text.replace('\n', eol);
        let mut bytes = if bom {
            b"\xef\xbb\xbf".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend_from_slice(body.as_bytes());
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();

        let report = check_json(&[path.to_str().unwrap()]);
        let zone = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "PM101")
            .unwrap_or_else(|| panic!("{name}: WTC not reported"));
        let span = &zone["span"];
        let offset = span["offset"].as_u64().unwrap() as usize;
        assert_eq!(
            &bytes[offset..offset + 3],
            b"WTC",
            "{name}: offset points into the file"
        );
        spans.push((
            span["line"].clone(),
            span["column"].clone(),
            span["end_line"].clone(),
            span["end_column"].clone(),
        ));
    }
    for span in &spans {
        assert_eq!(span, &(5.into(), 19.into(), 5.into(), 22.into()));
    }
}

/// A file that is not UTF-8 beside one with a finding, in `format`.
fn unreadable_beside_a_finding(format: &str) -> Run {
    let dir = scratch();
    std::fs::write(dir.path().join("latin1.md"), b"# Caf\xe9 outage\n").unwrap();
    write(dir.path(), "zone.md", "# Draft\n\n- 10:00 WTC: paged\n");
    let run = pmlint_in(
        dir.path(),
        &["check", "--format", format, "latin1.md", "zone.md"],
    );
    assert_eq!(run.code, 2, "{format}: {}", run.stderr);
    assert!(
        run.stderr
            .contains("pmlint: error: latin1.md: not valid UTF-8 (invalid byte at offset 5)"),
        "{format}: {}",
        run.stderr
    );
    run
}

const NOT_UTF8: &str = "not valid UTF-8 (invalid byte at offset 5)";

#[test]
fn a_file_that_could_not_be_read_is_in_every_report() {
    let run = unreadable_beside_a_finding("json");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report["errors"],
        json!([{ "path": "latin1.md", "message": NOT_UTF8 }])
    );
    assert_eq!(report["version"], 1);
    let codes: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert!(codes.contains(&&json!("PM101")), "{}", run.stdout);
    assert_eq!(report["summary"]["files"], 1);

    let run = unreadable_beside_a_finding("json-lines");
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        lines[0],
        json!({ "type": "error", "path": "latin1.md", "message": NOT_UTF8 })
    );
    assert!(lines[1..].iter().all(|d| d.get("type").is_none()));
    assert!(lines[1..].iter().any(|d| d["code"] == "PM101"));

    let run = unreadable_beside_a_finding("sarif");
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["message"]["text"], NOT_UTF8);
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "latin1.md"
    );
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());

    let run = unreadable_beside_a_finding("junit");
    assert!(
        run.stdout.contains(
            "  <testsuite name=\"latin1.md\" tests=\"1\" failures=\"0\" errors=\"1\">\n    \
             <testcase name=\"pmlint\" classname=\"latin1.md\">\n      \
             <error type=\"unreadable\" message=\"not valid UTF-8 (invalid byte at offset 5)\">"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(" errors=\"1\">\n  <testsuite"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("<testsuite name=\"zone.md\""),
        "{}",
        run.stdout
    );

    let run = unreadable_beside_a_finding("github");
    assert!(
        run.stdout
            .starts_with(&format!("::error file=latin1.md::{NOT_UTF8}\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("::error file=zone.md,line=3"),
        "{}",
        run.stdout
    );

    for format in ["human", "concise"] {
        let run = unreadable_beside_a_finding(format);
        let last = run.stdout.lines().last().unwrap();
        assert!(
            last.starts_with("Checked 1 file: ") && last.ends_with("; 1 file could not be read."),
            "{format}: {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains("latin1.md"),
            "{format}: {}",
            run.stdout
        );
    }
}

/// Lines ending with a lone `\r` (old Mac files) are lines, as editors show them: the findings
/// and their positions are those of the same document with `\n`.
#[test]
fn lone_cr_line_endings_are_line_ends() {
    let text = "# Outage\n\n## Timeline\n\n- 2024-03-03 09:00 WTC - paged\n\
                - 2024-03-03 09:10 UTC - rolled back\n- 2024-03-03 09:20 XST - fixed\n";
    let dir = scratch();
    write(dir.path(), "lf.md", text);
    write(dir.path(), "cr.md", &text.replace('\n', "\r"));
    let concise = |name: &str| {
        let run = pmlint_in(
            dir.path(),
            &["check", "--format", "concise", "--quiet", name],
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.stdout.replace(name, "FILE")
    };
    let lf = concise("lf.md");
    assert!(lf.contains("FILE:5:20: error[PM101]"), "{lf}");
    assert!(lf.contains("FILE:7:20: error[PM101]"), "{lf}");
    assert_eq!(concise("cr.md"), lf);

    let human = pmlint_in(dir.path(), &["check", "cr.md"]);
    assert!(human.stdout.contains("[cr.md:7:20]"), "{}", human.stdout);
    assert!(!human.stdout.contains('\r'), "{:?}", human.stdout);
}
