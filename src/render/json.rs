//! `--format json`: one versioned JSON document for tools. The schema is in the README; bump
//! [`VERSION`] on any change that is not an added field.

use serde::Serialize;

use super::{FileReport, Summary};
use crate::diagnostic::Severity;
use crate::source::SourceFile;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    suppressed: Vec<JsonSuppressed<'a>>,
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

/// Every report's findings, in order.
pub(super) fn diagnostics(reports: &[FileReport]) -> impl Iterator<Item = JsonDiagnostic<'_>> {
    reports.iter().flat_map(|report| {
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
        })
    })
}

pub fn render(reports: &[FileReport]) -> String {
    let diagnostics = diagnostics(reports).collect();
    let suppressed = reports
        .iter()
        .flat_map(|report| {
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
        })
        .collect();
    let summary = Summary::of(reports);
    let output = Output {
        version: VERSION,
        diagnostics,
        suppressed,
        summary: JsonSummary {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
        },
    };
    let mut text = serde_json::to_string_pretty(&output).expect("the report serializes");
    text.push('\n');
    text
}
