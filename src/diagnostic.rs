//! What a rule reports. Printers turn these into text, JSON or miette reports; nothing here
//! knows about any output format.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::rule_meta::RuleMeta;

/// How much a finding matters. Where a rule can also be off (a profile, a config), that is
/// `Option<Severity>`: `None` is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Another place in the file that the finding involves.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub span: Range<usize>,
    pub message: String,
}

/// Whether a fix keeps the document's meaning. `check --fix` applies safe fixes; unsafe ones
/// only with `--unsafe-fixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Only one reading is possible: `WTC` with one near zone, `13:55 PM`.
    Safe,
    /// A guess that may change what the document says: a year taken from the window, which
    /// may itself be the wrong one; the first of several near zones.
    Unsafe,
}

/// A replacement that likely resolves the finding, exact enough to apply: the language
/// server offers it as a quick fix, `check --fix` applies it, and the JSON report lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// What the edit does, as an editor's menu shows it: "Replace `WTC` with `UTC`".
    pub title: String,
    pub span: Range<usize>,
    pub replacement: String,
    pub safety: Safety,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    /// What is inconsistent with what.
    pub message: String,
    /// Byte range of the offending text.
    pub span: Range<usize>,
    /// A short label drawn under the primary span.
    pub label: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// Likely fixes, the likeliest first; empty where the right text cannot be known.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static RuleMeta,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            span,
            label: String::new(),
            help: None,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// Reports this finding at no more than `severity`, whatever the rule is set to: a weaker
    /// form of what the rule looks for (a document that follows no template at all).
    pub fn at_most(mut self, severity: Severity) -> Diagnostic {
        self.severity = self.severity.min(severity);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn fix(
        mut self,
        span: Range<usize>,
        replacement: impl Into<String>,
        title: impl Into<String>,
        safety: Safety,
    ) -> Diagnostic {
        self.fixes.push(Fix {
            title: title.into(),
            span,
            replacement: replacement.into(),
            safety,
        });
        self
    }

    pub fn related(mut self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}
