//! `--format json-lines`: one compact JSON object per finding per line, each shaped like an
//! element of the `diagnostics` array of `--format json`, for tools that stream. A file that
//! could not be read is a line `{"type":"error","path":...,"message":...}`.

use serde::Serialize;

use super::FileReport;
use super::json::diagnostics;
use super::stream::{self, Part, Printer, Unreadable};

pub struct JsonLines;

/// A file that could not be read; `type` tells it from a finding, which has no `type`.
#[derive(Serialize)]
struct ErrorLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    path: &'a str,
    message: &'a str,
}

impl Printer for JsonLines {
    fn file(&self, report: &FileReport) -> Part {
        let mut out = String::new();
        for diagnostic in diagnostics(report) {
            out.push_str(&serde_json::to_string(&diagnostic).expect("a diagnostic serializes"));
            out.push('\n');
        }
        Part::text(out)
    }

    fn error(&self, file: &Unreadable) -> Part {
        let line = ErrorLine {
            kind: "error",
            path: &file.path,
            message: &file.message,
        };
        Part::text(serde_json::to_string(&line).expect("an error serializes") + "\n")
    }
}

pub fn render(reports: &[FileReport]) -> String {
    stream::render(&JsonLines, reports)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::json;
    use crate::render::sample::{render_with_unreadable, sample_reports};
    use serde_json::Value;

    #[test]
    fn one_object_per_line() {
        insta::assert_snapshot!(render(&sample_reports()));
    }

    #[test]
    fn a_file_that_could_not_be_read_is_an_error_line_in_its_place() {
        let text = render_with_unreadable(&JsonLines);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[3],
            r#"{"type":"error","path":"bad <1>.md","message":"not valid UTF-8 (invalid byte at offset 5)"}"#
        );
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
