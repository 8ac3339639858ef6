//! `--format concise`: one `path:line:col: severity[CODE] message` line per finding, the shape
//! editors' error formats and `grep` expect, with control characters and line feeds escaped so
//! that a finding stays on its line. The summary line is the caller's.

use super::FileReport;
use super::escape::controls;
use super::stream::{self, Part, Printer};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

pub struct Concise;

impl Printer for Concise {
    fn file(&self, report: &FileReport) -> Part {
        let mut out = String::new();
        for d in &report.diagnostics {
            out.push_str(&controls(&line(&report.source, d), true));
            out.push('\n');
        }
        Part::text(out)
    }
}

pub fn render(reports: &[FileReport]) -> String {
    stream::render(&Concise, reports)
}

/// A finding as one line, without the line end.
pub(super) fn line(source: &SourceFile, d: &Diagnostic) -> String {
    let start = source.position(d.span.start);
    format!(
        "{}:{}:{}: {}[{}] {}",
        source.path, start.line, start.column, d.severity, d.rule.code, d.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample::sample_reports;

    #[test]
    fn one_line_per_finding() {
        insta::assert_snapshot!(render(&sample_reports()));
    }

    #[test]
    fn nothing_found_prints_nothing() {
        let clean: Vec<_> = sample_reports()
            .into_iter()
            .filter(|r| r.diagnostics.is_empty())
            .collect();
        assert_eq!(render(&clean), "");
    }
}
