//! `--format json-lines`: one compact JSON object per finding per line, each shaped like an
//! element of the `diagnostics` array of `--format json`, for tools that stream.

use super::FileReport;
use super::json::diagnostics;
use super::stream::{self, Part, Printer};

pub struct JsonLines;

impl Printer for JsonLines {
    fn file(&self, report: &FileReport) -> Part {
        let mut out = String::new();
        for diagnostic in diagnostics(report) {
            out.push_str(&serde_json::to_string(&diagnostic).expect("a diagnostic serializes"));
            out.push('\n');
        }
        Part::text(out)
    }
}

pub fn render(reports: &[FileReport]) -> String {
    stream::render(&JsonLines, reports)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{json, sample::sample_reports};
    use serde_json::Value;

    #[test]
    fn one_object_per_line() {
        insta::assert_snapshot!(render(&sample_reports()));
    }

    #[test]
    fn lines_match_the_json_documents_diagnostics() {
        let reports = sample_reports();
        let document: Value = serde_json::from_str(&json::render(&reports)).unwrap();
        let lines: Vec<Value> = render(&reports)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(document["diagnostics"].as_array().unwrap(), &lines);
    }
}
