//! What every rule declares about itself: the diagnostic and every printer need only this,
//! not the rules.

use std::fmt;

use crate::diagnostic::Severity;

/// Which fixes a rule offers, for its docs and for `pmlint rule NAME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    /// It never offers one.
    None,
    /// Every fix it offers is safe.
    Safe,
    /// Every fix it offers is unsafe: `check --fix` needs `--unsafe-fixes` for them.
    Unsafe,
    /// Safe when there is one reading, unsafe when it picks among several.
    Either,
}

impl fmt::Display for FixKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe (applied with --unsafe-fixes)",
            FixKind::Either => "safe when there is one reading, otherwise unsafe",
        })
    }
}

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
    /// Which fixes it offers.
    pub fix: FixKind,
    /// One line for `pmlint rules`.
    pub summary: &'static str,
    /// The rule's doc comment, for `pmlint rule NAME`.
    pub doc: &'static str,
}
