//! What users and tools read: the miette report, the JSON document, and positions that stay
//! right with a byte-order mark and CRLF line endings.

mod common;

use common::{check_json, pmlint};

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

/// The same document with and without a byte-order mark, with LF and with CRLF endings.
#[test]
fn positions_are_right_with_bom_and_crlf() {
    let text = "# Outage\n\n## Timeline\n\nÜber-Team — 10:00 WTC: alerts fired\n";
    let dir = tempfile::tempdir().unwrap();
    let mut spans = Vec::new();
    for (name, bom, crlf) in [
        ("lf.md", false, false),
        ("crlf.md", false, true),
        ("bom-lf.md", true, false),
        ("bom-crlf.md", true, true),
    ] {
        let body = if crlf {
            text.replace('\n', "\r\n")
        } else {
            text.to_string()
        };
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
