//! `check --fix`, `--unsafe-fixes` and `--diff`: what they change, and every byte they keep.

mod common;

use std::path::Path;

use common::{corpus, pmlint_in, pmlint_with_stdin, root, scratch, seeds, write};
use pmlint::Settings;
use pmlint::fix::{FixOptions, fix_file};
use pmlint::source::{Format, SourceFile};

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
    let safe = pmlint_in(dir.path(), &["check", "--isolated", "--fix", "pm.txt"]);
    assert!(
        safe.stderr
            .contains("1 more fix available with `--unsafe-fixes`."),
        "{}",
        safe.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    pmlint_in(
        dir.path(),
        &["check", "--isolated", "--fix", "--unsafe-fixes", "pm.txt"],
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
        let format = Format::from_path(&name);
        let settings = Settings::default();
        let offered = offered_spans(&name, &text, format, &settings);
        let fixed = fix_file(&name, &text, format, &settings, options);
        if fixed.contents == text {
            continue;
        }
        fixed_files += 1;
        assert_kept_outside(&name, &text, &fixed.contents, offered);
        let again = fix_file(&name, &fixed.contents, format, &settings, options);
        assert_eq!(again.applied, 0, "{name}: a second run fixed more");
    }
    assert!(fixed_files > 5, "only {fixed_files} files had a fix");
}

/// The spans (in the file, BOM included) of every fix offered on `text`.
fn offered_spans(
    name: &str,
    text: &str,
    format: Format,
    settings: &Settings,
) -> Vec<(usize, usize)> {
    let source = SourceFile::new(name, text, format);
    pmlint::lint(&source, settings)
        .diagnostics
        .iter()
        .flat_map(|d| &d.fixes)
        .map(|f| (f.span.start + source.bom_len, f.span.end + source.bom_len))
        .collect()
}

/// Every stretch of `before` outside the offered spans is in `after`, whole, in order, with
/// the first at the start and the last at the end: only the spans may have changed.
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
