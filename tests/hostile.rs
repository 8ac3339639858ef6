//! Files that try to break pmlint: not UTF-8, binary, NUL bytes, empty, huge, deeply nested, a
//! directory symlink loop, unreadable. Each must give a clear answer, never a panic, and never
//! stop the other files from being linted or change any file.

mod common;

use common::{Run, pmlint_in, scratch, write};
use std::path::Path;

/// A clean postmortem with `entries` timeline lines.
fn postmortem(entries: usize) -> String {
    let mut text = String::from(
        "# Queue backlog\n\n## Summary\n\nThe queue backed up.\n\n**Duration:** 09:00 UTC to 21:00 UTC, March 3, 2024\n\n\
         ## Impact\n\nAbout 5% of jobs were late.\n\n## Timeline\n\n",
    );
    for i in 0..entries {
        let minute = i * 720 / entries.max(1);
        text.push_str(&format!(
            "- 2024-03-03 {:02}:{:02} UTC - step {i} of the recovery\n",
            9 + minute / 60,
            minute % 60
        ));
    }
    text.push_str("\n## Root Cause\n\nA slow consumer.\n\n## Resolution\n\nScaled out.\n\n## Action Items\n\n- Alert on lag.\n");
    text
}

const BAD_ZONE: &str = "# Draft\n\n- 10:00 WTC: paged\n";

fn check(dir: &Path, paths: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "concise"];
    args.extend_from_slice(paths);
    pmlint_in(dir, &args)
}

fn assert_no_panic(run: &Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(matches!(run.code, 0..=2), "exit code {}", run.code);
}

#[test]
fn invalid_utf8_exits_2_naming_the_file_and_the_others_are_still_linted() {
    let dir = scratch();
    std::fs::write(dir.path().join("latin1.md"), b"# Caf\xe9 outage\n").unwrap();
    write(dir.path(), "other.md", BAD_ZONE);
    let run = check(dir.path(), &["latin1.md", "other.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("latin1.md: not valid UTF-8 (invalid byte at offset 5)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("other.md:3:9: error[PM101]"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_binary_file_is_refused_like_any_file_that_is_not_text() {
    let dir = scratch();
    let png: Vec<u8> = [
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe,
    ]
    .into_iter()
    .cycle()
    .take(4096)
    .collect();
    std::fs::write(dir.path().join("diagram.md"), &png).unwrap();
    write(dir.path(), "ok.md", &postmortem(3));
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("diagram.md: not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("Checked 1 file: no findings; 1 file could not be read."),
        "{}",
        run.stdout
    );
}

#[test]
fn nul_bytes_are_text_like_any_other() {
    let dir = scratch();
    let text = postmortem(3).replace("The queue backed up.", "The queue\0backed\0up.");
    write(dir.path(), "nul.md", &text);
    write(dir.path(), "nul.txt", &format!("\0\0{BAD_ZONE}\0"));
    let run = check(dir.path(), &["nul.md", "nul.txt"]);
    assert_no_panic(&run);
    assert!(!run.stdout.contains("nul.md"), "{}", run.stdout);
    assert!(
        run.stdout.contains("nul.txt:3:9: error[PM101]"),
        "{}",
        run.stdout
    );
}

#[test]
fn empty_and_whitespace_only_files() {
    let dir = scratch();
    write(dir.path(), "empty.md", "");
    write(dir.path(), "blank.txt", "\n\n \r\n\t\n");
    write(dir.path(), "bom.md", "\u{feff}");
    let run = check(dir.path(), &["."]);
    // Each follows no template: a note each, and no failure.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.matches("info[PM201]").count(),
        3,
        "{}",
        run.stdout
    );
}

#[test]
fn a_huge_file_with_twenty_thousand_entries() {
    let dir = scratch();
    let text = postmortem(20_000);
    assert!(text.len() > 1_000_000);
    write(dir.path(), "huge.md", &text);
    let run = check(dir.path(), &["huge.md"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "Checked 1 file: no problems found.\n");
}

#[test]
fn a_megabyte_on_one_line() {
    let dir = scratch();
    let line = "words 10:00 UTC and 2024-01-02 ".repeat(35_000);
    write(dir.path(), "line.md", &format!("# One line\n\n{line}\n"));
    let run = check(dir.path(), &["line.md"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("info[PM201]"), "{}", run.stdout);
}

#[test]
fn deep_nesting() {
    let dir = scratch();
    write(
        dir.path(),
        "quotes.md",
        &format!("{}deep 10:00 WTC: x\n", "> ".repeat(10_000)),
    );
    let list: String = (0..2_000)
        .map(|i| format!("{}- item 10:00 WTC: x\n", "  ".repeat(i)))
        .collect();
    write(dir.path(), "list.md", &list);
    let html = format!("{}text{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
    write(dir.path(), "html.md", &html);
    let run = check(dir.path(), &["quotes.md", "list.md", "html.md"]);
    assert_no_panic(&run);
    assert!(run.stdout.contains("Checked 3 files"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_directory_symlink_loop_ends_the_walk_cleanly() {
    let dir = scratch();
    write(dir.path(), "postmortems/a.md", BAD_ZONE);
    std::os::unix::fs::symlink("..", dir.path().join("postmortems/up")).unwrap();
    std::os::unix::fs::symlink("loop", dir.path().join("postmortems/loop")).unwrap();
    let run = check(dir.path(), &["postmortems"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout.matches("a.md:3:9").count(), 1, "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_exits_2_naming_it_and_the_others_are_still_linted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let locked = write(dir.path(), "locked.md", BAD_ZONE);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    write(dir.path(), "open.md", BAD_ZONE);
    // Root reads files whatever their mode; /proc/self/mem is a file no one can read from the
    // start.
    let unreadable = if std::fs::read(&locked).is_ok() {
        "/proc/self/mem"
    } else {
        "locked.md"
    };
    let run = check(dir.path(), &[unreadable, "open.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(&format!("pmlint: error: {unreadable}: ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("open.md:3:9: error[PM101]"),
        "{}",
        run.stdout
    );
}

/// Terminal control sequences in a document and in its name: an OSC that retitles the window,
/// a CSI that clears the screen, and a C1 CSI, on lines with findings and in a quoted message.
#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = scratch();
    let hostile = "\u{1b}]0;pwned\u{7} and \u{1b}[2J then \u{9b}2J";
    let text = format!(
        "# Draft\n\n## Timeline\n\n- 10:00 WTC: paged {hostile} done\n\n\
         ## Action Items\n\n- Investigate the cache {hostile}\n"
    );
    write(dir.path(), "title\u{1b}]0;x\u{7}.md", &text);
    for format in ["human", "concise", "github"] {
        let run = pmlint_in(
            dir.path(),
            &[
                "check",
                "--extend-select",
                "action-item-vague",
                "--format",
                format,
                ".",
            ],
        );
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        for output in [&run.stdout, &run.stderr] {
            assert!(
                !output.contains(['\u{1b}', '\u{7}', '\u{9b}']),
                "{format}: {output:?}"
            );
        }
        let escaped = "\\u{1b}]0;pwned\\u{7} and \\u{1b}[2J then \\u{9b}2J";
        // In the quoted action item, and in human's snippet of each line.
        let times = if format == "human" { 3 } else { 1 };
        assert_eq!(
            run.stdout.matches(escaped).count(),
            times,
            "{format}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("title\\u{1b}]0;x\\u{7}.md"),
            "{format}: {}",
            run.stdout
        );
    }
}

#[test]
fn linting_never_changes_a_file() {
    let dir = scratch();
    let text = format!("<!-- pmlint-disable-next-line dst-label -->\n{BAD_ZONE}");
    let path = write(dir.path(), "pm.md", &text);
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    for format in ["human", "json", "sarif", "junit"] {
        pmlint_in(dir.path(), &["check", "--format", format, "pm.md"]);
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no file appeared: {names:?}");
}

#[test]
fn a_finding_past_column_65535_is_reported_plainly_in_the_human_format() {
    let dir = scratch();
    write(
        dir.path(),
        "wide.md",
        &format!("# Wide\n\n{}09:00 WTC\n", "x ".repeat(32_800)),
    );
    let run = pmlint_in(dir.path(), &["check", "wide.md"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "wide.md:3:65607: error[PM101] `WTC` is not a time zone\n  help: did you mean UTC?\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_finding_with_thousands_of_related_spans_is_reported_plainly() {
    let dir = scratch();
    let shares: String = (0..2000)
        .map(|i| format!(" {}.{}% failed in region {i},", i % 100, i % 10))
        .collect();
    write(
        dir.path(),
        "shares.md",
        &format!("# Shares\n\n## Impact\n\nOf all requests,{shares} and the rest succeeded.\n"),
    );
    let run = pmlint_in(dir.path(), &["check", "shares.md"]);
    assert_no_panic(&run);
    assert!(
        run.stdout
            .contains("shares.md:5:18: error[PM301] parts of one whole add up to"),
        "{}",
        run.stdout
    );
}
