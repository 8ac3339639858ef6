//! `check --fix`, `--unsafe-fixes` and `--diff`: what they change, and every byte they keep.

mod common;

use std::path::Path;

use common::{corpus, pmlint_in, pmlint_with_stdin, root, scratch, seeds, write};
use pmlint::Settings;
use pmlint::fix::{FixOptions, fix_round};
use pmlint::source::Format;
use proptest::prelude::*;

fn seed_004() -> Option<String> {
    let dir = seeds()?;
    let entry = std::fs::read_dir(dir)
        .expect("the seeds folder reads")
        .map(|e| e.expect("an entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("004"))
        })
        .expect("seed 004");
    Some(std::fs::read_to_string(entry).expect("seed 004 reads"))
}

/// The words of `before` that `after` changed, in order, as (old, new) pairs; both texts must
/// have the same words otherwise.
fn changed_words(before: &str, after: &str) -> Vec<(String, String)> {
    let (old, new): (Vec<&str>, Vec<&str>) = (
        before.split_inclusive(char::is_whitespace).collect(),
        after.split_inclusive(char::is_whitespace).collect(),
    );
    assert_eq!(old.len(), new.len(), "a fix added or removed words");
    old.iter()
        .zip(&new)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn fix_on_seed_004_changes_only_the_zone_typos_and_a_second_run_nothing() {
    let Some(original) = seed_004() else { return };
    let dir = scratch();
    let file = write(dir.path(), "004.txt", &original);

    let diff = pmlint_in(dir.path(), &["check", "--isolated", "--diff", "004.txt"]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert!(diff.stdout.starts_with("--- a/004.txt\n+++ b/004.txt\n"));
    assert!(
        diff.stderr
            .contains("Would fix 12 findings in 1 file; 1 remaining.")
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        original,
        "--diff wrote the file"
    );

    let fixed = pmlint_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--fix",
            "--format",
            "json",
            "004.txt",
        ],
    );
    assert_eq!(fixed.code, 1, "the complete outage against 80% remains");
    assert!(
        fixed
            .stderr
            .contains("Fixed 12 findings in 1 file; 1 remaining.")
    );
    assert!(!fixed.stdout.contains("PM101"), "{}", fixed.stdout);
    let after = std::fs::read_to_string(&file).unwrap();
    let changes = changed_words(&original, &after);
    assert_eq!(changes.len(), 12, "{changes:?}");
    for (old, new) in &changes {
        let old = old.trim_end_matches([':', ' ', '\n']);
        assert!(old == "WTC" || old == "TC", "{old:?} changed");
        assert_eq!(new.trim_end_matches([':', ' ', '\n']), "UTC");
    }

    let again = pmlint_in(dir.path(), &["check", "--isolated", "--fix", "004.txt"]);
    assert!(
        again.stderr.contains("Fixed 0 findings in 0 files"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
}

#[test]
fn fix_keeps_the_bom_and_crlf_line_ends() {
    let dir = scratch();
    let text = "\u{feff}# Outage\r\n\r\n- 2024-03-04 10:05 WTC: alert\r\n";
    let file = write(dir.path(), "bom.md", text);
    let run = pmlint_in(dir.path(), &["check", "--isolated", "--fix", "bom.md"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(file).unwrap(),
        "\u{feff}# Outage\r\n\r\n- 2024-03-04 10:05 UTC: alert\r\n"
    );
}

#[test]
fn unsafe_fixes_need_asking_for_and_are_counted_until_then() {
    let dir = scratch();
    let text = "Duration: March 4, 2024, 10:00 to March 4, 2024, 12:30 UTC\n\nTimeline:\n\
                - March 4, 2025, 10:05 UTC: alert\n- March 4, 2024, 12:30 UTC: fixed\n";
    let file = write(dir.path(), "pm.txt", text);
    let only = ["--select", "entry-outside-window"];
    let safe = pmlint_in(
        dir.path(),
        &[&["check", "--isolated", "--fix", "pm.txt"][..], &only].concat(),
    );
    assert!(
        safe.stderr
            .contains("1 more fix available with `--unsafe-fixes`."),
        "{}",
        safe.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    pmlint_in(
        dir.path(),
        &[
            &["check", "--isolated", "--fix", "--unsafe-fixes", "pm.txt"][..],
            &only,
        ]
        .concat(),
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("- March 4, 2024, 10:05 UTC: alert")
    );
}

#[test]
fn the_config_decides_which_rules_are_fixed() {
    let dir = scratch();
    let text = "# Outage\n\n- 2024-03-04 10:05 WTC: alert\n- 2024-03-04 13:55 PM UTC: fixed\n";
    let file = write(dir.path(), "pm.md", text);
    write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nunfixable = [\"unknown-timezone\"]\n",
    );
    pmlint_in(dir.path(), &["check", "--fix", "pm.md"]);
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(
        after.contains("10:05 WTC") && after.contains("13:55 UTC"),
        "{after}"
    );

    std::fs::write(&file, text).unwrap();
    write(dir.path(), "pmlint.toml", "[lint]\nfixable = [\"PM101\"]\n");
    pmlint_in(dir.path(), &["check", "--fix", "pm.md"]);
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(
        after.contains("10:05 UTC") && after.contains("13:55 PM"),
        "{after}"
    );

    // A suppressed finding is never fixed.
    let suppressed =
        "# Outage\n\n- 2024-03-04 10:05 WTC: alert <!-- pmlint-disable-line unknown-timezone -->\n";
    std::fs::write(&file, suppressed).unwrap();
    write(dir.path(), "pmlint.toml", "");
    pmlint_in(dir.path(), &["check", "--fix", "pm.md"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), suppressed);
}

#[cfg(unix)]
#[test]
fn read_only_files_are_left_alone_links_fix_their_target_and_a_file_named_twice_once() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let text = "# Outage\n\n- 2024-03-04 10:05 WTC: alert\n";
    let fixed = "# Outage\n\n- 2024-03-04 10:05 UTC: alert\n";

    let locked = write(dir.path(), "locked.md", text);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = pmlint_in(dir.path(), &["check", "--isolated", "--fix", "locked.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("locked.md: is read-only; not fixed"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), text);

    let target = write(dir.path(), "real.md", text);
    std::os::unix::fs::symlink("real.md", dir.path().join("link.md")).unwrap();
    let run = pmlint_in(dir.path(), &["check", "--isolated", "--fix", "link.md"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), fixed);
    assert!(
        dir.path().join("link.md").is_symlink(),
        "the link was replaced"
    );

    let twice = write(dir.path(), "twice.md", text);
    let run = pmlint_in(
        dir.path(),
        &["check", "--isolated", "--fix", "twice.md", "./twice.md"],
    );
    assert!(
        run.stderr.contains("Fixed 1 finding in 1 file"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&twice).unwrap(), fixed);
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let run = pmlint_with_stdin(
        &["check", "--isolated", "--fix", "-"],
        b"# Outage\n\n- 2024-03-04 10:05 WTC: alert\n",
    );
    assert_eq!(run.stdout, "# Outage\n\n- 2024-03-04 10:05 UTC: alert\n");
}

/// Every file of the fixtures and the real corpus, fixed with every fix: each byte outside
/// the spans of the fixes offered is kept, and the fixed file is a fixed point.
#[test]
fn fixing_changes_no_byte_outside_a_fix() {
    let mut files = Vec::new();
    collect(&root().join("fixtures"), &mut files);
    if let Some(corpus) = corpus() {
        collect(&corpus, &mut files);
    }
    let options = FixOptions { unsafe_fixes: true };
    let mut fixed_files = 0;
    for path in files {
        let name = path.to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let fixed = fix_checked(&name, &text, Format::from_path(&name), options);
        fixed_files += usize::from(fixed != text);
    }
    assert!(fixed_files > 5, "only {fixed_files} files had a fix");
}

/// Fixes `text` round by round as `--fix` does, checking that each round changes only the
/// bytes inside the fixes it applied, and that the result is settled: a further round applies
/// nothing. Returns the fixed text.
fn fix_checked(name: &str, text: &str, format: Format, options: FixOptions) -> String {
    let settings = Settings::default();
    let mut text = text.to_string();
    for _ in 0..10 {
        let round = fix_round(name, &text, format, &settings, options);
        if round.applied.is_empty() {
            return text;
        }
        let spans = round.applied.iter().map(|r| (r.start, r.end)).collect();
        assert_kept_outside(name, &text, &round.contents, spans);
        text = round.contents;
    }
    panic!("{name}: still fixing after ten rounds");
}

/// Every stretch of `before` outside `spans` is in `after`, whole, in order, with the first at
/// the start and the last at the end: only the spans may have changed.
fn assert_kept_outside(name: &str, before: &str, after: &str, mut spans: Vec<(usize, usize)>) {
    spans.sort_unstable();
    let anchored = spans.first().is_some_and(|first| first.0 > 0);
    let mut kept = Vec::new();
    let mut from = 0;
    for (start, end) in spans {
        if start > from {
            kept.push(&before[from..start]);
        }
        from = from.max(end);
    }
    let last = &before[from..];
    let mut at = 0;
    for (i, piece) in kept.iter().enumerate() {
        let found = if i == 0 && anchored {
            after.starts_with(piece).then_some(0)
        } else {
            after[at..].find(piece).map(|offset| at + offset)
        };
        let found = found.unwrap_or_else(|| panic!("{name}: {piece:?} was changed"));
        at = found + piece.len();
    }
    assert!(
        after[at..].ends_with(last),
        "{name}: the text after the last fix changed"
    );
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md" || e == "txt") {
            out.push(path);
        }
    }
}

/// A timeline line with what fixes act on: zone typos, a redundant PM, a wrong weekday, a
/// year off by one.
fn entry_line() -> impl Strategy<Value = String> {
    let zone = prop::sample::select(vec!["UTC", "WTC", "TC", "PST", "PTS", "CET", "utc", ""]);
    let suffix = prop::sample::select(vec!["", " PM", " AM", "pm"]);
    let weekday = prop::sample::select(vec!["", "Tuesday, ", "Wed, ", "Mon, "]);
    let year = prop::sample::select(vec![2023, 2024, 2025]);
    (
        zone,
        suffix,
        weekday,
        year,
        1u32..28,
        0u32..24,
        0u32..60,
        "[a-z ]{0,12}",
    )
        .prop_map(|(zone, suffix, weekday, year, day, hour, minute, what)| {
            format!("- {weekday}March {day}, {year}, {hour:02}:{minute:02}{suffix} {zone}: {what}")
        })
}

/// A whole document: a window, a timeline of such lines, in LF or CRLF, maybe with a BOM and
/// maybe without a final line end.
fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(entry_line(), 1..8),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf, bom, final_eol)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str("# Outage");
            text.push_str(eol);
            text.push_str("Duration: March 3, 2024, 10:00 to March 9, 2024, 12:30 UTC");
            text.push_str(eol);
            text.push_str("## Timeline");
            text.push_str(eol);
            text.push_str(&lines.join(eol));
            if final_eol {
                text.push_str(eol);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Fixing keeps every byte outside the fixes' spans (the BOM and line ends included),
    /// and fixing the result again changes nothing.
    #[test]
    fn fixes_keep_other_bytes_and_settle(text in document(), plain in any::<bool>()) {
        let (name, format) = if plain { ("pm.txt", Format::PlainText) } else { ("pm.md", Format::Markdown) };
        let fixed = fix_checked(name, &text, format, FixOptions { unsafe_fixes: true });
        prop_assert_eq!(fixed.starts_with('\u{feff}'), text.starts_with('\u{feff}'));
        // A fix may add lines (a missing section's title), each ending as the others do.
        let crlf = text.contains("\r\n");
        let line_ends = fixed.matches('\n').count();
        prop_assert_eq!(fixed.matches("\r\n").count(), if crlf { line_ends } else { 0 });
        prop_assert_eq!(fixed.ends_with('\n'), text.ends_with('\n'));
    }
}

/// The missing sections' titles are written where a template puts them and the way the
/// document writes its titles, each with a `TODO` that is then reported as an empty section.
#[test]
fn missing_sections_are_added_in_the_documents_own_form() {
    let fixed = |input: &str, name: &str| {
        let run = pmlint_with_stdin(
            &[
                "check",
                "--isolated",
                "--fix",
                "--unsafe-fixes",
                "--select",
                "missing-section",
                "--stdin-filename",
                name,
                "-",
            ],
            input.as_bytes(),
        );
        run.stdout
    };
    let timeline = "- 2024-03-04 10:05 UTC: alert\n- 2024-03-04 10:40 UTC: fixed\n";
    let cases = [
        (
            format!("# Outage\n\n## Summary\n\nDisk full.\n\n## 3. Timeline\n\n{timeline}\n## Action items\n\n- Alert at 80%.\n"),
            "pm.md",
            format!("# Outage\n\n## Summary\n\nDisk full.\n\n## 3. Timeline\n\n{timeline}\n## Root cause\n\nTODO\n\n## Action items\n\n- Alert at 80%.\n"),
        ),
        (
            format!("<h2>Summary</h2>\n\nDisk full.\n\n<h2>Timeline</h2>\n\n{timeline}"),
            "pm.md",
            format!("<h2>Summary</h2>\n\nDisk full.\n\n<h2>Timeline</h2>\n\n{timeline}\n<h2>Root cause</h2>\n\nTODO\n\n<h2>Action items</h2>\n\nTODO\n"),
        ),
        (
            format!("**Summary:**\r\n\r\nDisk full.\r\n\r\n**Timeline:**\r\n\r\n{}", timeline.replace('\n', "\r\n")),
            "pm.md",
            format!("**Summary:**\r\n\r\nDisk full.\r\n\r\n**Timeline:**\r\n\r\n{}\r\n**Root cause:**\r\n\r\nTODO\r\n\r\n**Action items:**\r\n\r\nTODO\r\n", timeline.replace('\n', "\r\n")),
        ),
        (
            "- **Summary**: Disk full.\n- **Root cause**: logs were never rotated.\n".to_string(),
            "pm.md",
            "- **Summary**: Disk full.\n- **Timeline**: TODO\n- **Root cause**: logs were never rotated.\n\n- **Action items**: TODO\n".to_string(),
        ),
        (
            "- **Summary**:\n\nDisk full.\n\n- **Timeline**:\n  - 2024-03-04 10:05 UTC: alert\n\n- **Action items**:\n  - Rotate logs.\n".to_string(),
            "pm.md",
            "- **Summary**:\n\nDisk full.\n\n- **Timeline**:\n  - 2024-03-04 10:05 UTC: alert\n\n- **Root cause**: TODO\n- **Action items**:\n  - Rotate logs.\n".to_string(),
        ),
        (
            "Summary: Disk full.\nRoot cause: logs were never rotated.\nAction items: rotate logs.".to_string(),
            "pm.txt",
            "Summary: Disk full.\nTimeline: TODO\nRoot cause: logs were never rotated.\nAction items: rotate logs.".to_string(),
        ),
    ];
    let unchanged = [
        // An item in a numbered list would break its numbering.
        "# X\n\n1. **Impact**: 120 users\n2. **Timeline**: 10:05 UTC alert\n",
        // A title added in an unclosed code block would never be read.
        "# X\n\n## Impact\n\n120 users.\n\n## Timeline\n\n- 10:05 UTC alert\n\n```\nlog\n",
    ];
    for input in unchanged {
        assert_eq!(fixed(input, "pm.md"), input);
    }
    let marked_up =
        "# X\n\n## [Impact](#i)\n\n120 users.\n\n## *Timeline*\n\n- 10:05 UTC alert\n\n";
    assert_eq!(
        fixed(marked_up, "pm.md"),
        format!("{marked_up}## Root cause\n\nTODO\n\n## Action items\n\nTODO\n")
    );
    for (input, name, expected) in cases {
        let output = fixed(&input, name);
        assert_eq!(output, expected, "{input:?}");
        let again = fixed(&output, name);
        assert_eq!(again, output, "a second fix changed {output:?}");
    }
}
