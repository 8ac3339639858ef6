//! The rules that run and their severities, as `select`, `extend-select`, `[lint.severity]`,
//! `ignore` and the command line apply in turn.

use crate::diagnostic::Severity;
use crate::profile::Profile;
use crate::rules::{self, RuleMeta};

use super::Origins;

/// The rules that run and their severities, as the layers of configuration apply in turn.
pub struct RuleSet<'o> {
    /// The profile as chosen, before any selection: a selected rule runs at its severity.
    chosen: Profile,
    pub profile: Profile,
    origins: &'o mut Origins,
}

impl<'o> RuleSet<'o> {
    pub fn new(profile: Profile, origins: &'o mut Origins) -> RuleSet<'o> {
        for meta in rules::metas() {
            origins
                .rules
                .insert(meta.code, format!("profile {}", profile.name));
        }
        RuleSet {
            chosen: profile.clone(),
            profile,
            origins,
        }
    }

    fn chosen_severity(&self, meta: &RuleMeta) -> Severity {
        self.chosen.severity(meta).unwrap_or(meta.severity)
    }

    /// Runs exactly `selected`.
    pub fn select(&mut self, selected: &[&'static RuleMeta], origin: &str) {
        for meta in rules::metas() {
            let on = selected.iter().any(|s| s.code == meta.code);
            let severity = on.then(|| self.chosen_severity(meta));
            self.profile.set(meta, severity);
            self.origins.rules.insert(meta.code, origin.to_string());
        }
    }

    /// Also runs `extra`.
    pub fn extend(&mut self, extra: &[&'static RuleMeta], origin: &str) {
        for meta in extra {
            if self.profile.severity(meta).is_none() {
                let severity = self.chosen_severity(meta);
                self.profile.set(meta, Some(severity));
                self.origins.rules.insert(meta.code, origin.to_string());
            }
        }
    }

    pub fn set(&mut self, rules: &[&'static RuleMeta], severity: Option<Severity>, origin: &str) {
        for meta in rules {
            self.profile.set(meta, severity);
            self.origins.rules.insert(meta.code, origin.to_string());
        }
    }
}
