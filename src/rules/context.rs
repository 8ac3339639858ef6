//! What a rule is given: the document, the settings it may need, and a place to report.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::profile::Profile;

pub struct Context<'c, 's> {
    pub doc: &'c Document<'s>,
    /// The template profile: the sections `missing-section` asks for.
    pub profile: &'c Profile,
    found: Vec<Diagnostic>,
}

impl<'c, 's> Context<'c, 's> {
    pub fn new(doc: &'c Document<'s>, profile: &'c Profile) -> Self {
        Context {
            doc,
            profile,
            found: Vec::new(),
        }
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }

    pub fn report_all(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.found.extend(diagnostics);
    }

    /// What the rule reported, in the order it reported it.
    pub fn into_found(self) -> Vec<Diagnostic> {
        self.found
    }
}
