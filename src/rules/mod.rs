//! The rule engine: one rule per file, each with a stable code, a kebab-case name, a default
//! severity and documentation taken from its doc comment. [`RULES`] lists them all.

mod action_item_due;
mod action_item_owner;
mod action_item_ticket;
mod action_item_vague;
mod action_items;
mod ambiguous_timezone;
mod blame_language;
mod dst_label;
mod duration_mismatch;
mod entry_outside_window;
mod front_matter_mismatch;
mod impact_contradiction;
mod impact_unquantified;
mod invalid_date;
mod invalid_time;
mod missing_section;
mod missing_timezone;
mod missing_window;
mod named_individual;
mod percentage_total;
mod placeholder;
mod timeline_order;
mod timezone_switch;
mod unknown_timezone;
pub mod unused_suppression;
mod weekday_mismatch;
mod window_inverted;
mod year_outlier;

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::profile::Profile;
use crate::time::zone::edit_distance;

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

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, doc: &Document, profile: &Profile, out: &mut Vec<Diagnostic>);
}

/// Declares a rule's unit struct and its [`RuleMeta`], whose `doc` is the struct's doc comment.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident,
            enabled: $enabled:literal,
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
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}
use declare_rule;

/// Every rule, in code order.
pub static RULES: &[&dyn Rule] = &[
    &unknown_timezone::UnknownTimezone,
    &entry_outside_window::EntryOutsideWindow,
    &timeline_order::TimelineOrder,
    &window_inverted::WindowInverted,
    &duration_mismatch::DurationMismatch,
    &invalid_date::InvalidDate,
    &invalid_time::InvalidTime,
    &weekday_mismatch::WeekdayMismatch,
    &year_outlier::YearOutlier,
    &dst_label::DstLabel,
    &ambiguous_timezone::AmbiguousTimezone,
    &timezone_switch::TimezoneSwitch,
    &missing_timezone::MissingTimezone,
    &front_matter_mismatch::FrontMatterMismatch,
    &placeholder::Placeholder,
    &missing_section::MissingSection,
    &missing_window::MissingWindow,
    &percentage_total::PercentageTotal,
    &impact_contradiction::ImpactContradiction,
    &impact_unquantified::ImpactUnquantified,
    &blame_language::BlameLanguage,
    &named_individual::NamedIndividual,
    &action_item_owner::ActionItemOwner,
    &action_item_ticket::ActionItemTicket,
    &action_item_due::ActionItemDue,
    &action_item_vague::ActionItemVague,
];

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

/// Rewrites the year of a date written in `span`: offered only where the year's four digits
/// appear once there, so the edit cannot touch the wrong number.
fn year_fix(text: &str, span: &Range<usize>, from: i32, to: i32) -> Option<Fix> {
    let written = &text[span.clone()];
    let digits = from.to_string();
    let mut found = written.match_indices(&digits).filter(|(at, _)| {
        let before = written[..*at].chars().next_back();
        let after = written[at + digits.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    });
    let (at, _) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let start = span.start + at;
    Some(Fix {
        title: format!("Change the year {from} to {to}"),
        span: start..start + digits.len(),
        replacement: to.to_string(),
    })
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
    fn year_fix_rewrites_only_a_year_written_once() {
        let text = "- May 15, 2023, 09:30: start";
        let fix = year_fix(text, &(2..21), 2023, 2022).expect("a fix");
        assert_eq!(&text[fix.span.clone()], "2023");
        assert_eq!(fix.replacement, "2022");
        // Written twice, or only inside a longer number: no edit is safe.
        assert_eq!(year_fix("2023-05-15 2023", &(0..15), 2023, 2022), None);
        assert_eq!(year_fix("120230", &(0..6), 2023, 2022), None);
        assert!(year_fix("20223-05-01", &(0..11), 20223, 2023).is_some());
    }

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
