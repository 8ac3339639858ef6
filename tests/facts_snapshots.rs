//! One snapshot of `pmlint facts` per fixture and per seed, read in-process with the default
//! settings (as `pmlint facts --isolated` reads them). Each snapshot gives every value that is
//! not null, a moment or a duration on one line, so a change shows exactly which fact it moves.

mod common;

use std::fmt::Write as _;

use pmlint::document::Document;
use pmlint::facts::Facts;
use pmlint::source::{Format, SourceFile};
use pmlint::{Settings, lint_document};
use serde_json::Value;

fn facts(path: &str, text: &str) -> Value {
    let settings = Settings::default();
    let source = SourceFile::new(path, text, Format::from_path(path));
    let doc = Document::parse(&source, &settings.conventions);
    let findings = lint_document(&doc, &settings);
    serde_json::to_value(Facts::of(&doc, &findings, &settings.profile)).expect("a record")
}

/// `2022-05-09T09:00 EAT = 2022-05-09T06:00Z (line 5: May 9 ...)`, or the reason there is no UTC.
fn moment(m: &Value) -> String {
    let text = |key: &str| m[key].as_str().unwrap_or("-").to_string();
    let utc = match &m["utc"] {
        Value::Null => format!("UTC unknown: {}", text("utc_unknown")),
        range if range["earliest"] == range["latest"] => {
            format!("= {}", text_of(&range["earliest"]))
        }
        range => format!(
            "= {} .. {}",
            text_of(&range["earliest"]),
            text_of(&range["latest"])
        ),
    };
    format!(
        "{} {} {utc} (line {}: `{}`)",
        text("local"),
        text("zone"),
        m["line"],
        text("written")
    )
}

fn text_of(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string)
}

/// `90 min, window start -> restoration; stated 90 (line 7), agrees`, or why it is unknown.
fn duration(d: &Value) -> String {
    let mut out = match &d["minutes"] {
        Value::Null => format!("unknown: {}", text_of(&d["unknown"])),
        minutes => format!(
            "{minutes} min, {} -> {}",
            text_of(&d["from"]),
            text_of(&d["to"])
        ),
    };
    if !d["stated_minutes"].is_null() {
        let _ = write!(
            out,
            "; stated {} (line {})",
            d["stated_minutes"], d["stated_line"]
        );
    }
    if let Some(agrees) = d["agrees"].as_bool() {
        out.push_str(if agrees { ", agrees" } else { ", DISAGREES" });
    }
    out
}

/// Every value but nulls and empty lists, one per line under its path.
fn describe(value: &Value, path: &str, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Array(items) if items.is_empty() => {}
        Value::Object(map) if map.contains_key("written") => {
            let _ = writeln!(out, "{path}: {}", moment(value));
        }
        Value::Object(map) if map.contains_key("agrees") => {
            let _ = writeln!(out, "{path}: {}", duration(value));
        }
        Value::Object(map) => {
            for (key, item) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                describe(item, &path, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object()) => {
            let items: Vec<String> = items.iter().map(text_of).collect();
            let _ = writeln!(out, "{path}: {}", items.join(", "));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                describe(item, &format!("{path}[{i}]"), out);
            }
        }
        leaf => {
            let _ = writeln!(out, "{path}: {}", text_of(leaf));
        }
    }
}

fn snapshot(path: &str, text: &str) -> String {
    let mut out = String::new();
    describe(&facts(path, text), "", &mut out);
    out
}

#[test]
fn every_fixture() {
    insta::glob!("../fixtures", "**/*.{md,txt}", |path| {
        let relative = common::fixture_name(path);
        let text = std::fs::read_to_string(path).expect("the fixture reads");
        insta::assert_snapshot!(snapshot(&relative, &text));
    });
}

#[test]
fn both_seeds() {
    let Some(seeds) = common::seeds() else { return };
    for name in ["000_eb4d16a264d126bb.txt", "004_0e1e6b60f1f6d4a8.txt"] {
        let path = seeds.join(name);
        let text = std::fs::read_to_string(&path).expect("the seed reads");
        insta::assert_snapshot!(format!("seed_{}", &name[..3]), snapshot(name, &text));
    }
}
