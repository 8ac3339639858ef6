//! `--format json`: one versioned JSON document for tools. The schema is in the README; bump
//! [`VERSION`] on any change that is not an added field.

use serde::Serialize;

use super::stream::{self, JsonFrame, Part, Printer, Unreadable};
use super::{FileReport, Summary};
use crate::diagnostic::{Safety, Severity};
use crate::source::SourceFile;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    suppressed: Vec<JsonSuppressed<'a>>,
    /// The files that could not be read, each a `path` and a `message`.
    errors: Vec<Unreadable>,
    summary: JsonSummary,
}

/// A finding an inline comment hid, with the comment's reason.
#[derive(Serialize)]
struct JsonSuppressed<'a> {
    path: &'a str,
    code: &'static str,
    name: &'static str,
    line: usize,
    column: usize,
    reason: Option<&'a str>,
}

/// One finding; also a line of `--format json-lines`.
#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'a> {
    path: &'a str,
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    span: JsonSpan,
    related: Vec<JsonRelated<'a>>,
    fixes: Vec<JsonFix<'a>>,
}

/// A likely fix: replace the text at `span` with `replacement`.
#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    span: JsonSpan,
    replacement: &'a str,
    /// `safe`, applied by `check --fix`; `unsafe`, only with `--unsafe-fixes`.
    safety: Safety,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    span: JsonSpan,
}

/// `offset` and `length` are bytes in the file as stored (a byte-order mark counts); lines
/// and columns are 1-based, columns count characters, and the end is exclusive.
#[derive(Serialize)]
struct JsonSpan {
    offset: usize,
    length: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn span(source: &SourceFile, range: &std::ops::Range<usize>) -> JsonSpan {
    let start = source.position(range.start);
    let end = source.position(range.end);
    JsonSpan {
        offset: range.start + source.bom_len,
        length: range.len(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// One report's findings, in order.
pub(super) fn diagnostics(report: &FileReport) -> impl Iterator<Item = JsonDiagnostic<'_>> {
    report.diagnostics.iter().map(move |d| JsonDiagnostic {
        path: &report.source.path,
        code: d.rule.code,
        name: d.rule.name,
        severity: d.severity,
        message: &d.message,
        help: d.help.as_deref(),
        span: span(&report.source, &d.span),
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                message: &r.message,
                span: span(&report.source, &r.span),
            })
            .collect(),
        fixes: d
            .fixes
            .iter()
            .map(|f| JsonFix {
                title: &f.title,
                span: span(&report.source, &f.span),
                replacement: &f.replacement,
                safety: f.safety,
            })
            .collect(),
    })
}

fn suppressed(report: &FileReport) -> impl Iterator<Item = JsonSuppressed<'_>> {
    report.suppressed.iter().map(move |s| {
        let at = report.source.position(s.diagnostic.span.start);
        JsonSuppressed {
            path: &report.source.path,
            code: s.diagnostic.rule.code,
            name: s.diagnostic.rule.name,
            line: at.line,
            column: at.column,
            reason: s.reason.as_deref(),
        }
    })
}

/// The document with every array empty: the frame the elements go into.
fn frame(summary: &Summary) -> Output<'static> {
    Output {
        version: VERSION,
        diagnostics: Vec::new(),
        suppressed: Vec::new(),
        errors: Vec::new(),
        summary: JsonSummary {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
        },
    }
}

pub struct Json {
    /// `diagnostics` is streamed; its elements' indentation does not depend on the totals.
    diagnostics: JsonFrame,
}

impl Default for Json {
    fn default() -> Json {
        Json {
            diagnostics: JsonFrame::around(&frame(&Summary::default()), "diagnostics"),
        }
    }
}

impl Printer for Json {
    fn start(&self) -> String {
        self.diagnostics.head.clone()
    }

    fn file(&self, report: &FileReport) -> Part {
        Part {
            items: diagnostics(report)
                .map(|d| self.diagnostics.element(&d))
                .collect(),
            kept: suppressed(report)
                .map(|s| self.diagnostics.element(&s))
                .collect(),
        }
    }

    fn separator(&self) -> &'static str {
        ","
    }

    /// Closes `diagnostics`, then writes `suppressed`, `errors` and the totals, which only the
    /// end knows.
    fn finish(
        &self,
        kept: Vec<String>,
        unreadable: &[Unreadable],
        summary: &Summary,
        wrote_items: bool,
    ) -> String {
        let errors: Vec<String> = unreadable
            .iter()
            .map(|file| self.diagnostics.element(file))
            .collect();
        let rest = JsonFrame::around(&frame(summary), "diagnostics")
            .tail_with(&[("suppressed", &kept), ("errors", &errors)]);
        format!("{}{rest}", self.diagnostics.close(wrote_items))
    }
}

pub fn render(reports: &[FileReport]) -> String {
    stream::render(&Json::default(), reports)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample::{render_with_unreadable, sample_reports};
    use serde_json::{Value, json};

    #[test]
    fn no_errors_is_an_empty_array() {
        let document: Value = serde_json::from_str(&render(&sample_reports())).unwrap();
        assert_eq!(document["errors"], json!([]));
        assert_eq!(document["diagnostics"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn a_file_that_could_not_be_read_is_listed_in_errors() {
        let text = render_with_unreadable(&Json::default());
        let document: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            document["errors"],
            json!([{
                "path": "bad <1>.md",
                "message": "not valid UTF-8 (invalid byte at offset 5)"
            }])
        );
        assert_eq!(document["diagnostics"].as_array().unwrap().len(), 3);
        assert_eq!(document["summary"]["files"], 2);
        insta::assert_snapshot!(text);
    }
}
