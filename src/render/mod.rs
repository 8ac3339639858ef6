//! One printer per output format, all reading the same reports, one file at a time
//! ([`stream`]).

pub mod concise;
pub mod escape;
pub mod github;
pub mod human;
mod indexed;
pub mod json;
pub mod json_lines;
pub mod junit;
#[cfg(test)]
mod sample;
pub mod sarif;
pub mod stream;
pub mod uri;

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::suppress::Suppressed;

/// An error pmlint reports about its own input (a broken config file) as a miette report: the
/// command line prints it, the language server shows it to the user.
pub fn error_report(error: &dyn miette::Diagnostic, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
    if handler.render_report(&mut out, error).is_err() {
        return format!("pmlint: error: {error}\n");
    }
    out
}

/// A linted file and what the rules found in it, in source order.
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// What inline comments hid; only the JSON report lists them.
    pub suppressed: Vec<Suppressed>,
}

/// Counts over every file of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files read and linted.
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files with no finding.
    pub clean: usize,
    /// Files that could not be read; not counted in `files`.
    pub unreadable: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut summary = Summary::default();
        for report in reports {
            summary.add(report.diagnostics.iter().map(|d| d.severity));
        }
        summary
    }

    /// Counts one more file with findings at these severities.
    pub fn add(&mut self, severities: impl IntoIterator<Item = Severity>) {
        self.files += 1;
        let before = self.errors + self.warnings + self.infos;
        for severity in severities {
            match severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
        if self.errors + self.warnings + self.infos == before {
            self.clean += 1;
        }
    }
}
