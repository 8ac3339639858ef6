//! The rule engine: one rule per file, each with a stable code, a kebab-case name, a default
//! severity and documentation taken from its doc comment. [`RULES`] lists them all.

mod action_items;
mod context;
mod shared;

pub use crate::rule_meta::RuleMeta;
pub use context::Context;

use crate::time::zone::edit_distance;

/// A rule reads the document through its [`Context`] and reports there.
pub trait Rule: Declared + Sync {
    fn check(&self, cx: &mut Context);
}

/// Declares a rule's unit struct, its [`RuleMeta`] (whose `doc` is the struct's doc comment)
/// and the `meta` half of [`Rule`]; the rule's file then writes only `check`.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident,
            enabled: $enabled:literal,
            fix: $fix:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rule_name,
                severity: $crate::diagnostic::Severity::$severity,
                enabled: $enabled,
                fix: $crate::rule_meta::FixKind::$fix,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::rules::Declared for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }
        }
    };
}
/// The metadata half of [`Rule`], written by [`declare_rule!`].
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
}

/// The rules in code order: each line declares the rule's module and its place in [`RULES`],
/// so a new rule is its file and one line here.
macro_rules! registry {
    ($($module:ident::$rule:ident),* $(,)?) => {
        $(mod $module;)*

        /// Every rule, in code order.
        pub static RULES: &[&dyn Rule] = &[$(&$module::$rule),*];
    };
}

registry! {
    unknown_timezone::UnknownTimezone,
    entry_outside_window::EntryOutsideWindow,
    timeline_order::TimelineOrder,
    window_inverted::WindowInverted,
    duration_mismatch::DurationMismatch,
    invalid_date::InvalidDate,
    invalid_time::InvalidTime,
    weekday_mismatch::WeekdayMismatch,
    year_outlier::YearOutlier,
    dst_label::DstLabel,
    ambiguous_timezone::AmbiguousTimezone,
    timezone_switch::TimezoneSwitch,
    missing_timezone::MissingTimezone,
    front_matter_mismatch::FrontMatterMismatch,
    placeholder::Placeholder,
    zone_conversion_mismatch::ZoneConversionMismatch,
    zone_offset_mismatch::ZoneOffsetMismatch,
    timestamp_case::TimestampCase,
    missing_section::MissingSection,
    missing_window::MissingWindow,
    not_a_postmortem::NotAPostmortem,
    percentage_total::PercentageTotal,
    impact_contradiction::ImpactContradiction,
    impact_unquantified::ImpactUnquantified,
    blame_language::BlameLanguage,
    named_individual::NamedIndividual,
    action_item_owner::ActionItemOwner,
    action_item_ticket::ActionItemTicket,
    action_item_due::ActionItemDue,
    action_item_vague::ActionItemVague,
}

/// The one rule that runs on a file that is not a postmortem, to say so.
pub use not_a_postmortem::NotAPostmortem;

/// The engine's own rule: it reports on suppressions after the rules, not from the document.
pub mod unused_suppression;

/// Every rule's metadata in code order: the rules above, then the engine's own rule, which
/// reports after them on the suppressions they did not need.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| r.meta()).chain(std::iter::once(
        &unused_suppression::UnusedSuppression::META,
    ))
}

/// Finds a rule by name or code, ignoring case.
pub fn find(name_or_code: &str) -> Option<&'static RuleMeta> {
    metas().find(|m| {
        m.name.eq_ignore_ascii_case(name_or_code) || m.code.eq_ignore_ascii_case(name_or_code)
    })
}

/// The rule whose name is closest to a misspelt `written`, if any is close.
pub fn nearest(written: &str) -> Option<&'static RuleMeta> {
    let written = written.to_ascii_lowercase();
    metas()
        .map(|m| (edit_distance(&written, m.name), m))
        .filter(|(distance, m)| *distance <= 2.max(m.name.len() / 5))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, m)| m)
}

/// The rule's documentation as Markdown, without the space `///` leaves on each line.
pub fn documentation(meta: &RuleMeta) -> String {
    meta.doc
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for meta in metas() {
            assert!(codes.insert(meta.code), "duplicate code {}", meta.code);
            assert!(names.insert(meta.name), "duplicate name {}", meta.name);
            assert!(
                meta.code.starts_with("PM") && meta.code.len() == 5,
                "{}",
                meta.code
            );
            assert!(
                meta.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                meta.name
            );
            let doc = documentation(meta);
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(doc.contains(heading), "{} doc lacks {heading}", meta.name);
            }
        }
    }

    #[test]
    fn find_by_name_or_code() {
        assert_eq!(find("unknown-timezone").unwrap().code, "PM101");
        assert_eq!(find("pm101").unwrap().name, "unknown-timezone");
        assert!(find("no-such-rule").is_none());
        assert_eq!(find("PM501").unwrap().name, "unused-suppression");
    }

    #[test]
    fn nearest_names_a_misspelt_rule() {
        assert_eq!(nearest("dst-lable").unwrap().name, "dst-label");
        assert_eq!(nearest("unknown-timezon").unwrap().name, "unknown-timezone");
        assert!(nearest("frobnicate").is_none());
    }
}
