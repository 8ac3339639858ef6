//! What every rule declares about itself: the diagnostic and every printer need only this,
//! not the rules.

use crate::diagnostic::Severity;

/// What every rule declares about itself.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code, such as `PM101`.
    pub code: &'static str,
    /// Stable kebab-case name, such as `unknown-timezone`.
    pub name: &'static str,
    pub severity: Severity,
    /// Runs unless a profile turns it off; rules that are off run only where a profile turns
    /// them on.
    pub enabled: bool,
    /// One line for `pmlint rules`.
    pub summary: &'static str,
    /// The rule's doc comment, for `pmlint rule NAME`.
    pub doc: &'static str,
}
