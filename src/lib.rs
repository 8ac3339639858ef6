//! pmlint reads incident postmortems and reports what contradicts itself: timeline entries
//! outside the stated window, time zones that do not exist, impact figures that cannot all be
//! true, missing sections.
//!
//! The data flows one way: [`source::SourceFile`] → [`document::Document`] (parsed once) →
//! [`rules`] → [`diagnostic::Diagnostic`]s → one printer per format in [`render`].

pub mod diagnostic;
pub mod document;
pub mod render;
pub mod rules;
pub mod source;
pub mod time;

use diagnostic::Diagnostic;
use document::Document;
use source::SourceFile;

/// Runs every rule over one file and returns the findings in source order.
pub fn lint(source: &SourceFile) -> Vec<Diagnostic> {
    let doc = Document::parse(source);
    let mut diagnostics = Vec::new();
    for rule in rules::RULES {
        rule.check(&doc, &mut diagnostics);
    }
    diagnostics.sort_by(|a, b| (a.span.start, a.rule.code).cmp(&(b.span.start, b.rule.code)));
    diagnostics
}
