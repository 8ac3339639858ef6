//! One snapshot per fixture, linted in-process under the profile its rule runs in: every
//! message, label, help text, related span and fix pmlint gives on the fixtures is visible in
//! `tests/snapshots/fixtures__*.snap`, so a change shows exactly what it moves.
//!
//! Beside the snapshot each fixture keeps its invariant: a `fires*` fixture reports its own
//! rule and no other, a `silent*` fixture reports nothing, and every fix offered, applied
//! alone, removes its finding.

use std::fmt::Write as _;
mod common;

use std::path::Path;

use pmlint::diagnostic::Diagnostic;
use pmlint::profile::{self, Profile};
use pmlint::rules::{self, RuleMeta};
use pmlint::source::{Format, SourceFile};
use pmlint::{Settings, lint};

/// Fixtures whose one defect is rightly reported by a second rule too: an entry days after
/// the entries on both sides of it is outside the window and out of order.
const ALSO_REPORTED: &[(&str, &str)] = &[
    (
        "entry-outside-window/fires-between-entries.md",
        "timeline-order",
    ),
    ("timeline-order/fires-past-an-outlier.md", "year-outlier"),
];

/// What a fixture is for, read from where it sits: `fixtures/RULE/...` tests one rule,
/// `fixtures/profiles/PROFILE/...` one profile's required sections, `fixtures/clean/...` a
/// postmortem with nothing to report.
struct Purpose {
    /// The rule a firing fixture must report, if any.
    rule: Option<&'static RuleMeta>,
    profile: Profile,
    fires: bool,
}

fn purpose(relative: &str) -> Purpose {
    let mut parts = relative.split('/');
    let folder = parts.next().expect("a folder");
    // A file whose name matters (`README.md`) says which it is by its own folder's name.
    let mut names = relative.rsplit('/');
    let file = names.next().expect("a file name");
    let purpose_of = |name: &str| {
        (name.starts_with("fires") || name.starts_with("silent")).then(|| name.starts_with("fires"))
    };
    let named = purpose_of(file).or_else(|| names.next().and_then(purpose_of));
    assert!(
        named.is_some() || folder == "clean",
        "fixtures/{relative}: name it, or its folder, fires* or silent*"
    );
    let fires = named == Some(true);
    match folder {
        "clean" => Purpose {
            rule: None,
            profile: Profile::default(),
            fires: false,
        },
        "profiles" => {
            let name = parts.next().expect("a profile folder");
            Purpose {
                rule: rules::find("missing-section"),
                profile: Profile::builtin(name).expect("a built-in profile"),
                fires,
            }
        }
        name => {
            let rule = rules::find(name)
                .unwrap_or_else(|| panic!("fixtures/{name} is named after no rule"));
            Purpose {
                rule: Some(rule),
                profile: profile_for(rule),
                fires,
            }
        }
    }
}

/// `default`, or for a rule that is off by default the first built-in profile that turns it
/// on.
fn profile_for(rule: &RuleMeta) -> Profile {
    if rule.enabled {
        return Profile::default();
    }
    let name = profile::enabling(rule)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no built-in profile turns {} on", rule.name));
    Profile::builtin(&name).expect("a built-in profile")
}

fn lint_text(path: &str, text: &str, settings: &Settings) -> Vec<Diagnostic> {
    let source = SourceFile::new(path, text, Format::from_path(path));
    lint(&source, settings).diagnostics
}

#[test]
fn every_fixture() {
    insta::glob!("../fixtures", "**/*.{md,txt}", |path| {
        let relative = common::fixture_name(path);
        let text = std::fs::read_to_string(path).expect("the fixture reads");
        let purpose = purpose(&relative);
        let settings = Settings {
            profile: purpose.profile.clone(),
            ..Settings::default()
        };
        let found = lint_text(&relative, &text, &settings);

        if purpose.fires {
            let own = purpose.rule.expect("a firing fixture tests a rule").name;
            assert!(!found.is_empty(), "{relative} reports nothing");
            for d in &found {
                let allowed =
                    d.rule.name == own || ALSO_REPORTED.contains(&(&*relative, d.rule.name));
                assert!(
                    allowed,
                    "{relative}: unexpected {}: {}",
                    d.rule.name, d.message
                );
            }
        } else {
            assert!(found.is_empty(), "{relative} should be clean: {found:#?}");
        }
        for d in &found {
            assert_fixes_resolve(&relative, &text, &settings, &found, d);
        }

        insta::assert_snapshot!(describe(&relative, &text, &settings, &found));
    });
}

/// Applies each fix `finding` offers alone and checks it leaves fewer findings of that rule,
/// not counting those on the text the fix wrote: a missing section's title with a `TODO` under
/// it is reported as empty until someone writes it.
fn assert_fixes_resolve(
    path: &str,
    text: &str,
    settings: &Settings,
    found: &[Diagnostic],
    finding: &Diagnostic,
) {
    let before = found.iter().filter(|d| d.rule == finding.rule).count();
    for fix in &finding.fixes {
        let fixed = format!(
            "{}{}{}",
            &text[..fix.span.start],
            fix.replacement,
            &text[fix.span.end..]
        );
        let written = fix.span.start..fix.span.start + fix.replacement.len();
        let after = lint_text(path, &fixed, settings)
            .into_iter()
            .filter(|d| d.rule == finding.rule)
            .filter(|d| !(written.contains(&d.span.start) && d.span.end <= written.end))
            .count();
        assert!(
            after < before,
            "{path}: `{}` left {after} of {before} {} findings",
            fix.title,
            finding.rule.name
        );
    }
}

/// The findings as a reader checks them: where, what, and everything offered with it.
fn describe(path: &str, text: &str, settings: &Settings, found: &[Diagnostic]) -> String {
    let source = SourceFile::new(path, text, Format::from_path(path));
    let at = |offset: usize| {
        let p = source.position(offset);
        format!("{}:{}", p.line, p.column)
    };
    let mut out = format!("profile: {}\n", settings.profile.name);
    if found.is_empty() {
        out.push_str("no findings\n");
    }
    for d in found {
        let _ = writeln!(
            out,
            "\n{} {}[{}] {}: {}",
            at(d.span.start),
            d.severity,
            d.rule.code,
            d.rule.name,
            d.message
        );
        let _ = writeln!(
            out,
            "  on `{}`: {}",
            excerpt(&text[d.span.clone()]),
            d.label
        );
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  help: {help}");
        }
        for related in &d.related {
            let _ = writeln!(
                out,
                "  related {} `{}`: {}",
                at(related.span.start),
                excerpt(&text[related.span.clone()]),
                related.message
            );
        }
        for fix in &d.fixes {
            let _ = writeln!(
                out,
                "  fix {}: {} (`{}` -> `{}`)",
                at(fix.span.start),
                fix.title,
                &text[fix.span.clone()],
                fix.replacement
            );
        }
    }
    out
}

/// The first line of a span's text, cut at 60 characters: enough to see what it points at.
fn excerpt(spanned: &str) -> String {
    let line = spanned.lines().next().unwrap_or_default();
    match line.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None if line.len() < spanned.trim_end().len() => format!("{line}…"),
        None => line.to_string(),
    }
}

#[test]
fn every_rule_has_firing_and_silent_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for meta in rules::metas() {
        let names: Vec<String> = std::fs::read_dir(root.join(meta.name))
            .unwrap_or_else(|e| panic!("fixtures/{}: {e}", meta.name))
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        for kind in ["fires", "silent"] {
            assert!(
                names.iter().any(|n| n.starts_with(kind)),
                "{} has no {kind} fixture",
                meta.name
            );
        }
    }
}
