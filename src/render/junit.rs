//! `--format junit`: JUnit XML for CI dashboards. Each file is a test suite and each finding a
//! test case: a failed one when its severity fails the run (`--fail-on`), else a passing one
//! that carries the finding in `<system-out>`. A file with no findings has one passing case, so
//! it shows as checked, and a file that could not be read has one case in error. Every
//! `<testsuite>` and the `<testsuites>` carry `errors` (the files that could not be read), which
//! the common JUnit schema (Jenkins' `junit-10.xsd`, in `tests/schemas/`) requires.

use super::concise::line;
use super::escape::{markup, markup_attribute};
use super::stream::{self, Part, Printer, Unreadable};
use super::{FileReport, Summary};
use crate::diagnostic::Severity;

/// Buffers its suites: the document opens with the totals.
pub struct Junit {
    /// The lowest severity that fails the run, and so a test case; `None` when nothing does
    /// (`--fail-on never`).
    pub fails_at: Option<Severity>,
}

impl Printer for Junit {
    fn file(&self, report: &FileReport) -> Part {
        Part {
            items: Vec::new(),
            kept: vec![self.testsuite(report)],
        }
    }

    fn error(&self, file: &Unreadable) -> Part {
        let path = markup_attribute(&file.path);
        let suite = format!(
            "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    \
             <testcase name=\"pmlint\" classname=\"{path}\">\n      \
             <error type=\"unreadable\" message=\"{}\">{}</error>\n    \
             </testcase>\n  </testsuite>\n",
            markup_attribute(&file.message),
            markup(&format!("{}: {}", file.path, file.message))
        );
        Part {
            items: Vec::new(),
            kept: vec![suite],
        }
    }

    fn finish(
        &self,
        suites: Vec<String>,
        unreadable: &[Unreadable],
        summary: &Summary,
        _: bool,
    ) -> String {
        let findings = [
            (Severity::Error, summary.errors),
            (Severity::Warning, summary.warnings),
            (Severity::Info, summary.infos),
        ];
        let failures: usize = findings
            .iter()
            .filter(|(severity, _)| self.fails(*severity))
            .map(|(_, count)| count)
            .sum();
        let tests = findings.iter().map(|(_, count)| count).sum::<usize>()
            + summary.clean
            + unreadable.len();
        let errors = unreadable.len();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<testsuites name=\"pmlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n"
        ));
        for suite in suites {
            out.push_str(&suite);
        }
        out.push_str("</testsuites>\n");
        out
    }
}

/// Renders as `pmlint check` does with the default `--fail-on warning`.
pub fn render(reports: &[FileReport]) -> String {
    stream::render(
        &Junit {
            fails_at: Some(Severity::Warning),
        },
        reports,
    )
}

impl Junit {
    fn fails(&self, severity: Severity) -> bool {
        self.fails_at.is_some_and(|threshold| severity >= threshold)
    }

    fn testsuite(&self, report: &FileReport) -> String {
        let path = markup_attribute(&report.source.path);
        let failures = report
            .diagnostics
            .iter()
            .filter(|d| self.fails(d.severity))
            .count();
        let mut out = format!(
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
            report.diagnostics.len().max(1)
        );
        if report.diagnostics.is_empty() {
            out.push_str(&format!(
                "    <testcase name=\"pmlint\" classname=\"{path}\"/>\n"
            ));
        }
        for d in &report.diagnostics {
            let start = report.source.position(d.span.start);
            let mut details = line(&report.source, d);
            if let Some(help) = &d.help {
                details.push_str("\nhelp: ");
                details.push_str(help);
            }
            out.push_str(&format!(
                "    <testcase name=\"{} {} at {}:{}\" classname=\"{path}\">\n",
                d.rule.code, d.rule.name, start.line, start.column
            ));
            if self.fails(d.severity) {
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    d.severity,
                    markup_attribute(&d.message),
                    markup(&details)
                ));
            } else {
                out.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    markup(&details)
                ));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample::{render_with_unreadable, sample_reports};

    #[test]
    fn a_suite_per_file_and_a_case_per_finding() {
        insta::assert_snapshot!(render(&sample_reports()));
    }

    #[test]
    fn a_file_that_could_not_be_read_is_a_case_in_error() {
        insta::assert_snapshot!(render_with_unreadable(&Junit {
            fails_at: Some(Severity::Warning)
        }));
    }

    /// The number in `attribute="N"` of every element named `element`.
    fn counts(xml: &str, element: &str, attribute: &str) -> Vec<usize> {
        xml.split(&format!("<{element} "))
            .skip(1)
            .map(|rest| {
                let value = rest.split(&format!(" {attribute}=\"")).nth(1).unwrap();
                value[..value.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn only_findings_that_fail_the_run_are_failures() {
        // The sample has one error, one warning and one info.
        for (fails_at, failures) in [
            (Some(Severity::Error), 1),
            (Some(Severity::Warning), 2),
            (Some(Severity::Info), 3),
            (None, 0),
        ] {
            let xml = render_with_unreadable(&Junit { fails_at });
            assert_eq!(xml.matches("<failure ").count(), failures, "{xml}");
            assert_eq!(xml.matches("<system-out>").count(), 3 - failures, "{xml}");
            assert_eq!(counts(&xml, "testsuites", "failures"), [failures]);
            assert_eq!(
                counts(&xml, "testsuite", "failures").iter().sum::<usize>(),
                failures
            );
            // Three findings, the clean file's case and the unreadable file's.
            let cases = xml.matches("<testcase ").count();
            assert_eq!(cases, 5);
            assert_eq!(counts(&xml, "testsuites", "tests"), [cases]);
            assert_eq!(
                counts(&xml, "testsuite", "tests").iter().sum::<usize>(),
                cases
            );
        }
    }

    #[test]
    fn no_files_is_an_empty_run() {
        assert_eq!(
            render(&[]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <testsuites name=\"pmlint\" tests=\"0\" failures=\"0\" errors=\"0\">\n</testsuites>\n"
        );
    }
}
