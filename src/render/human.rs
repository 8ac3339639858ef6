//! The default output: one miette report per diagnostic, and the summary line the command
//! line prints after the reports. Text from the document (messages, help, labels, the snippet,
//! the path) has its control characters escaped.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::escape::controls;
use super::indexed::IndexedSource;
use super::stream::{self, Part, Printer};
use super::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, Severity};

#[derive(Debug)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

/// One miette report per diagnostic, each followed by a blank line; the caller adds the
/// summary line.
pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    pub fn new(options: &HumanOptions) -> Human {
        let theme = if options.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Human {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(options.width)
                .with_links(false),
        }
    }
}

impl Printer for Human {
    fn file(&self, report: &FileReport) -> Part {
        let handler = &self.handler;
        let mut out = String::new();
        let source = IndexedSource::new(&report.source);
        for diagnostic in &report.diagnostics {
            let view = View {
                diagnostic,
                source: (!report.source.text.is_empty()).then_some(&source),
                path: &report.source.path,
            };
            if !snippet_fits(report, diagnostic) || handler.render_report(&mut out, &view).is_err()
            {
                // The plain line still says everything the snippet would.
                out.push_str(&plain(report, diagnostic));
            }
            out.push('\n');
        }
        Part::text(out)
    }
}

/// The longest line, in bytes, and the most labels miette is asked to draw: it lays out every
/// label against the whole line (time that grows with both), and cannot pad past column 65,535.
const SNIPPET_LINE: usize = 10_000;
const SNIPPET_LABELS: usize = 64;

/// Whether `diagnostic` is drawn as a snippet: its labels are few and on lines of sane length.
fn snippet_fits(report: &FileReport, diagnostic: &Diagnostic) -> bool {
    let source = &report.source;
    let line_is_short = |offset: usize| {
        let line = source.lines.line_of(offset.min(source.text.len()));
        source.lines.line_range(&source.text, line).len() <= SNIPPET_LINE
    };
    diagnostic.related.len() < SNIPPET_LABELS
        && std::iter::once(&diagnostic.span)
            .chain(diagnostic.related.iter().map(|r| &r.span))
            .all(|span| line_is_short(span.start) && line_is_short(span.end))
}

/// A finding without its snippet: `path:line:col: severity[code] message`, and its help.
fn plain(report: &FileReport, diagnostic: &Diagnostic) -> String {
    let at = report.source.position(diagnostic.span.start);
    let mut out = format!(
        "{}:{}:{}: {}[{}] {}\n",
        controls(&report.source.path, true),
        at.line,
        at.column,
        diagnostic.severity,
        diagnostic.rule.code,
        controls(&diagnostic.message, false)
    );
    if let Some(help) = &diagnostic.help {
        out.push_str(&format!("  help: {}\n", controls(help, false)));
    }
    out
}

pub fn render(reports: &[FileReport], options: &HumanOptions) -> String {
    stream::render(&Human::new(options), reports)
}

/// `Checked 3 files: 2 errors, 1 warning.`, or `... no problems found.`; files that could not
/// be read are counted after a `;`.
pub fn summary_line(summary: &Summary) -> String {
    let files = plural(summary.files, "file");
    let counts = [
        (summary.errors, "error"),
        (summary.warnings, "warning"),
        (summary.infos, "info"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| plural(n, what))
    .collect::<Vec<_>>()
    .join(", ");
    let found = if counts.is_empty() && summary.unreadable > 0 {
        "no findings".to_string()
    } else if counts.is_empty() {
        "no problems found".to_string()
    } else {
        counts
    };
    let unreadable = match summary.unreadable {
        0 => String::new(),
        n => format!("; {} could not be read", plural(n, "file")),
    };
    format!("Checked {files}: {found}{unreadable}.")
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A diagnostic as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<&'a IndexedSource<'a>>,
    path: &'a str,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            controls(self.path, true),
            controls(&self.diagnostic.message, false)
        )
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&controls(&self.diagnostic.message, false))
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let rule = self.diagnostic.rule;
        Some(Box::new(format!("{}({})", rule.name, rule.code)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(controls(h, false)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let source = self.source?;
        let d = self.diagnostic;
        let label = (!d.label.is_empty()).then(|| controls(&d.label, false).into_owned());
        let primary = LabeledSpan::new_primary_with_span(label, source.span(&d.span));
        let related = d.related.iter().map(|r| {
            LabeledSpan::new_with_span(
                Some(controls(&r.message, false).into_owned()),
                source.span(&r.span),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::escape::is_control;
    use crate::rules::find;
    use crate::source::{Format, SourceFile};

    #[test]
    fn control_characters_are_escaped_and_labels_stay_under_their_text() {
        let text = "# \u{1b}]0;x\u{7}\n\n- 10:00 \u{1b}[2J \u{9b}1 WTC: paged\n";
        let at = text.find("WTC").unwrap();
        let report = FileReport {
            source: SourceFile::new("a\u{1b}.md", text, Format::Markdown),
            diagnostics: vec![
                Diagnostic::new(find("unknown-timezone").unwrap(), at..at + 3, "bad \u{7}")
                    .label("zone \u{9b}")
                    .help("help \u{1b}"),
            ],
            suppressed: Vec::new(),
        };
        let out = render(
            &[report],
            &HumanOptions {
                color: false,
                width: 100,
            },
        );
        assert!(!out.contains(is_control), "{out}");
        for shown in [
            "bad \\u{7}",
            "zone \\u{9b}",
            "help \\u{1b}",
            "[a\\u{1b}.md:3:",
        ] {
            assert!(out.contains(shown), "{shown} in {out}");
        }
        let lines: Vec<&str> = out.lines().collect();
        let row = lines.iter().position(|l| l.contains("WTC")).unwrap();
        assert!(lines[row].ends_with("- 10:00 \\u{1b}[2J \\u{9b}1 WTC: paged"));
        let column = lines[row][..lines[row].find("WTC").unwrap()]
            .chars()
            .count();
        let under: String = lines[row + 1].chars().skip(column).take(3).collect();
        assert_eq!(under, "─┬─", "{out}");
    }

    #[test]
    fn the_summary_counts_files_that_could_not_be_read() {
        let mut summary = Summary {
            files: 2,
            errors: 2,
            warnings: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&summary),
            "Checked 2 files: 2 errors, 1 warning."
        );
        summary.unreadable = 1;
        assert_eq!(
            summary_line(&summary),
            "Checked 2 files: 2 errors, 1 warning; 1 file could not be read."
        );
        let nothing = Summary {
            files: 1,
            unreadable: 2,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&nothing),
            "Checked 1 file: no findings; 2 files could not be read."
        );
        assert_eq!(
            summary_line(&Summary::default()),
            "Checked 0 files: no problems found."
        );
    }
}
