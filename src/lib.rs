//! pmlint reads incident postmortems and reports what contradicts itself: timeline entries
//! outside the stated window, time zones that do not exist, impact figures that cannot all be
//! true, missing sections.
//!
//! The data flows one way: [`source::SourceFile`] → [`document::Document`] (parsed once) →
//! [`rules`] → inline suppressions ([`suppress`]) → [`diagnostic::Diagnostic`]s → one printer
//! per format in [`render`]. [`config`] decides, per file, which rules run and how dates and
//! zones are read.

pub mod config;
pub mod diagnostic;
pub mod document;
pub mod facts;
pub mod fix;
#[cfg(test)]
mod generated;
pub mod input;
pub mod pattern;
pub mod profile;
pub mod render;
pub mod report;
pub mod rule_meta;
pub mod rules;
pub mod server;
pub mod source;
pub mod suppress;
pub mod time;
pub mod timeline;

use diagnostic::Diagnostic;
use document::{Document, Genre};
use profile::Profile;
use source::SourceFile;
use suppress::Suppressed;
use time::conventions::Conventions;

/// Everything a run of the rules over one file depends on besides the file.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Which rules run, at what severity, and which sections are required.
    pub profile: Profile,
    /// How this repository writes dates and zones.
    pub conventions: Conventions,
    /// Rules whose fixes `check --fix` leaves alone (`fixable`, `unfixable` in the config),
    /// by name.
    pub unfixable: Vec<&'static str>,
}

/// What the rules found in one file.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// In source order, at the configured severities.
    pub diagnostics: Vec<Diagnostic>,
    /// What inline comments hid.
    pub suppressed: Vec<Suppressed>,
    /// Whether the file looks like a postmortem: it has sections of a postmortem template or
    /// a timeline with times. The editor lints only such files when no config says which
    /// files are postmortems.
    pub looks_like_postmortem: bool,
}

/// Runs the rules `settings` turns on over one file, then its inline suppressions.
pub fn lint(source: &SourceFile, settings: &Settings) -> Findings {
    lint_document(&Document::parse(source, &settings.conventions), settings)
}

/// [`lint`] for a document already parsed with `settings`' conventions.
pub fn lint_document(doc: &Document, settings: &Settings) -> Findings {
    // A template or README beside the postmortems is not checked as one; one rule says so.
    let postmortem = doc.genre == Genre::Postmortem;
    let mut diagnostics = Vec::new();
    for rule in rules::RULES {
        let Some(severity) = settings.profile.severity(rule.meta()) else {
            continue;
        };
        if !postmortem && rule.meta() != &rules::NotAPostmortem::META {
            continue;
        }
        let mut cx = rules::Context::new(doc, &settings.profile);
        rule.check(&mut cx);
        // A finding the rule capped below its own severity keeps the cap.
        let default = rule.meta().severity;
        diagnostics.extend(cx.into_found().into_iter().map(|diagnostic| Diagnostic {
            severity: if diagnostic.severity < default {
                severity.min(diagnostic.severity)
            } else {
                severity
            },
            ..diagnostic
        }));
    }
    diagnostics.sort_by(|a, b| (a.span.start, a.rule.code).cmp(&(b.span.start, b.rule.code)));
    let (diagnostics, suppressed) = suppress::apply(doc, settings, diagnostics);
    Findings {
        diagnostics,
        suppressed,
        looks_like_postmortem: postmortem && doc.looks_like_postmortem(),
    }
}
