//! `--format github`: one GitHub Actions workflow command per finding, which the runner turns
//! into an annotation on the file and line, and an `::error` on the file for a file that could
//! not be read.
//!
//! GitHub shows at most ten annotations of each kind per step and drops the rest without a word,
//! so the first ten errors and warnings and nine notices are written, in file order, and then
//! one notice that says how many more there are and how to see them.

use super::escape::controls;
use super::stream::{self, Part, Printer, Unreadable};
use super::{FileReport, Summary};
use crate::diagnostic::Severity;

pub struct Github;

/// Annotations GitHub shows per kind and step.
const SHOWN: usize = 10;

impl Printer for Github {
    // Commands are kept to the end, in file order, since which ones fit depends on all of them.
    fn file(&self, report: &FileReport) -> Part {
        Part {
            items: Vec::new(),
            kept: commands(report),
        }
    }

    fn error(&self, file: &Unreadable) -> Part {
        Part {
            items: Vec::new(),
            kept: vec![format!(
                "::error file={}::{}\n",
                escape_property(&file.path),
                escape_data(&file.message)
            )],
        }
    }

    fn finish(&self, kept: Vec<String>, _: &[Unreadable], _: &Summary, _: bool) -> String {
        let mut out = String::new();
        // The summary is a notice itself: one notice's place is left for it.
        let mut room = [SHOWN, SHOWN, SHOWN - 1];
        let mut left_out = [0usize; 3];
        for command in kept {
            let kind = ["::error", "::warning", "::notice"]
                .iter()
                .position(|prefix| command.starts_with(prefix))
                .unwrap_or(2);
            if room[kind] > 0 {
                room[kind] -= 1;
                out.push_str(&command);
            } else {
                left_out[kind] += 1;
            }
        }
        let total: usize = left_out.iter().sum();
        if total > 0 {
            let [errors, warnings, notices] = left_out;
            out.push_str(&format!(
                "::notice title=pmlint::{total} more findings ({errors} errors, {warnings} warnings, \
                 {notices} infos) are not shown as annotations, since GitHub shows {SHOWN} of each \
                 kind per step: run `pmlint check --format concise` to see them all\n"
            ));
        }
        out
    }
}

pub fn render(reports: &[FileReport]) -> String {
    stream::render(&Github, reports)
}

/// One workflow command per finding of `report`.
fn commands(report: &FileReport) -> Vec<String> {
    let mut out = Vec::new();
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
        out.push(format!(
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
    fn ten_annotations_of_a_kind_then_one_notice_for_the_rest() {
        let text = "WTC\n".repeat(12);
        let finding = |line: usize, rule: &str| {
            Diagnostic::new(
                find(rule).unwrap(),
                line * 4..line * 4 + 3,
                format!("finding {line}"),
            )
        };
        let mut diagnostics: Vec<Diagnostic> = (0..12)
            .map(|line| finding(line, "unknown-timezone"))
            .collect();
        diagnostics.extend((0..3).map(|line| finding(line, "dst-label")));
        let report = FileReport {
            source: SourceFile::new("x.md", &text, Format::Markdown),
            diagnostics,
            suppressed: Vec::new(),
        };
        let out = render(&[report]);
        let count = |prefix: &str| out.lines().filter(|l| l.starts_with(prefix)).count();
        assert_eq!(
            (count("::error"), count("::warning"), count("::notice")),
            (10, 3, 1)
        );
        assert!(out.contains("::error file=x.md,line=10,"), "{out}");
        assert!(!out.contains("line=11,"), "{out}");
        let last = out.lines().last().unwrap();
        assert!(
            last.starts_with(
                "::notice title=pmlint::2 more findings (2 errors, 0 warnings, 0 infos)"
            ),
            "{last}"
        );
        assert!(last.contains("pmlint check --format concise"), "{last}");
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
