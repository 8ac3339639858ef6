//! One printer per output format, all reading the same reports.

pub mod concise;
pub mod github;
pub mod human;
mod indexed;
pub mod json;
pub mod json_lines;
pub mod junit;
#[cfg(test)]
mod sample;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::suppress::Suppressed;

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
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut summary = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }
}
