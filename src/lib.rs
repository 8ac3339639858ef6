//! pmlint reads incident postmortems and reports what contradicts itself: timeline entries
//! outside the stated window, time zones that do not exist, impact figures that cannot all be
//! true, missing sections.
//!
//! The data flows one way: [`source::SourceFile`] → [`document::Document`] (parsed once) →
//! [`rules`] → [`diagnostic::Diagnostic`]s → one printer per format in [`render`].

pub mod diagnostic;
pub mod document;
pub mod profile;
pub mod render;
pub mod rules;
pub mod source;
pub mod time;

use diagnostic::Diagnostic;
use document::Document;
use profile::Profile;
use source::SourceFile;

/// Runs the rules `profile` turns on over one file and returns the findings in source order,
/// at the profile's severities.
pub fn lint(source: &SourceFile, profile: &Profile) -> Vec<Diagnostic> {
    let doc = Document::parse(source);
    let mut diagnostics = Vec::new();
    for rule in rules::RULES {
        let Some(severity) = profile.severity(rule.meta()) else {
            continue;
        };
        let first = diagnostics.len();
        rule.check(&doc, profile, &mut diagnostics);
        for diagnostic in &mut diagnostics[first..] {
            diagnostic.severity = severity;
        }
    }
    diagnostics.sort_by(|a, b| (a.span.start, a.rule.code).cmp(&(b.span.start, b.rule.code)));
    diagnostics
}
