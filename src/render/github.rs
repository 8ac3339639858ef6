//! `--format github`: one GitHub Actions workflow command per finding, which the runner turns
//! into an annotation on the file and line, and an `::error` on the file for a file that could
//! not be read.

use super::FileReport;
use super::escape::controls;
use super::stream::{self, Part, Printer, Unreadable};
use crate::diagnostic::Severity;

pub struct Github;

impl Printer for Github {
    fn file(&self, report: &FileReport) -> Part {
        Part::text(commands(report))
    }

    fn error(&self, file: &Unreadable) -> Part {
        Part::text(format!(
            "::error file={}::{}\n",
            escape_property(&file.path),
            escape_data(&file.message)
        ))
    }
}

pub fn render(reports: &[FileReport]) -> String {
    stream::render(&Github, reports)
}

/// One workflow command per finding of `report`.
fn commands(report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let start = report.source.position(d.span.start);
        let end = report.source.position(d.span.end);
        let position = if start.line == end.line {
            format!(
                "line={},col={},endLine={},endColumn={}",
                start.line, start.column, end.line, end.column
            )
        } else {
            // GitHub accepts columns only for a span within one line.
            format!("line={},endLine={}", start.line, end.line)
        };
        let title = format!("pmlint ({} {})", d.rule.code, d.rule.name);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},{position},title={}::{}\n",
            escape_property(&report.source.path),
            escape_property(&title),
            escape_data(&message)
        ));
    }
    out
}

/// The runner splits commands at line ends and decodes `%XX`; the log is read on a terminal,
/// so other control characters are written escaped.
fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    controls(&text, false).into_owned()
}

/// Property values end at `,` and the properties at `::`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::render::sample::{render_with_unreadable, sample_reports};
    use crate::rules::find;
    use crate::source::{Format, SourceFile};

    #[test]
    fn one_command_per_finding() {
        insta::assert_snapshot!(render(&sample_reports()));
    }

    #[test]
    fn a_span_over_several_lines_has_no_columns() {
        let text = "a\nb WTC\nc\n";
        let span = text.find('b').unwrap()..text.find('c').unwrap() + 1;
        let report = FileReport {
            source: SourceFile::new("x.md", text, Format::Markdown),
            diagnostics: vec![Diagnostic::new(
                find("unknown-timezone").unwrap(),
                span,
                "m",
            )],
            suppressed: Vec::new(),
        };
        assert_eq!(
            render(&[report]),
            "::error file=x.md,line=2,endLine=3,title=pmlint (PM101 unknown-timezone)::m\n"
        );
    }

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("100%, a:b\r\nc"), "100%25, a:b%0D%0Ac");
        assert_eq!(escape_property("100%, a:b\nc"), "100%25%2C a%3Ab%0Ac");
        assert_eq!(
            escape_data("\u{1b}]0;x\u{7} \u{9b}2J"),
            "\\u{1b}]0;x\\u{7} \\u{9b}2J"
        );
    }

    #[test]
    fn a_file_that_could_not_be_read_is_an_error_on_the_file() {
        let text = render_with_unreadable(&Github);
        assert_eq!(
            text.lines().nth(3),
            Some("::error file=bad <1>.md::not valid UTF-8 (invalid byte at offset 5)")
        );
        assert_eq!(text.lines().count(), 4);
    }
}
