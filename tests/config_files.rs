//! `pmlint.toml`: which files a folder's walk lints (`include`, `extend-include`,
//! `extensions`) and config files that `extend` another one.

mod common;

use common::{pmlint_in, scratch, write};

/// A postmortem with one unknown zone: one finding wherever it is linted.
const ONE_FINDING: &str = "# Disk full\n\n## Summary\n\nUploads failed.\n\n## Timeline\n\n- 09:00 WTC - alert\n- 09:30 UTC - disk grown\n\n## Root Cause\n\nA log filled the disk.\n\n## Action Items\n\n- Rotate logs.\n";

fn concise(dir: &std::path::Path, args: &[&str]) -> common::Run {
    let mut all = vec!["check", "--format", "concise"];
    all.extend_from_slice(args);
    pmlint_in(dir, &all)
}

/// The files named in a concise report, in order.
fn linted(run: &common::Run) -> Vec<String> {
    let mut files: Vec<String> = run
        .stdout
        .lines()
        .filter_map(|line| line.split_once(':').map(|(file, _)| file.to_string()))
        .filter(|file| !file.starts_with("Checked"))
        .collect();
    files.dedup();
    files
}

#[test]
fn include_replaces_the_default_and_extend_include_adds_to_it() {
    let dir = scratch();
    write(dir.path(), "postmortems/2024/disk.md", ONE_FINDING);
    write(dir.path(), "docs/notes.md", ONE_FINDING);
    write(dir.path(), "postmortems/drafts/wip.md", ONE_FINDING);
    write(dir.path(), "postmortems/2024/quarto.qmd", ONE_FINDING);
    write(
        dir.path(),
        "pmlint.toml",
        "include = [\"postmortems/**/*.md\", \"!postmortems/drafts/**\"]\nextend-include = [\"*.qmd\"]\n",
    );
    let run = concise(dir.path(), &["."]);
    assert_eq!(
        linted(&run),
        [
            "./postmortems/2024/disk.md",
            "./postmortems/2024/quarto.qmd"
        ],
        "{}",
        run.stdout
    );
    // A file named on the command line is linted whatever `include` says.
    let run = concise(dir.path(), &["docs/notes.md"]);
    assert_eq!(linted(&run), ["docs/notes.md"], "{}", run.stdout);

    // Without the config, the default takes every Markdown file and no .qmd.
    let run = concise(dir.path(), &["--isolated", "."]);
    assert_eq!(
        linted(&run),
        [
            "./docs/notes.md",
            "./postmortems/2024/disk.md",
            "./postmortems/drafts/wip.md"
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn extensions_are_walked_and_read_as_configured() {
    let dir = scratch();
    // Indented four spaces, the timeline is code in Markdown and read in plain text.
    let labelled = "Summary: Uploads failed.\n\nTimeline:\n\n    09:00 WTC alert\n    09:30 UTC disk grown\n\nRoot cause: A log filled the disk.\n\nAction items: Rotate logs.\n";
    write(dir.path(), "a.log", labelled);
    write(dir.path(), "b.html.md.erb", ONE_FINDING);
    write(dir.path(), "c.erb", ONE_FINDING);
    write(
        dir.path(),
        "pmlint.toml",
        "[extensions]\nlog = \"text\"\n\"html.md.erb\" = \"markdown\"\n",
    );
    let run = concise(dir.path(), &["."]);
    assert_eq!(
        linted(&run),
        ["./a.log", "./b.html.md.erb"],
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("./a.log:5:11: error[PM101]"),
        "{}",
        run.stdout
    );
    // Read as Markdown, the same timeline is code.
    write(
        dir.path(),
        "pmlint.toml",
        "[extensions]\nlog = \"markdown\"\n",
    );
    let run = concise(dir.path(), &["a.log"]);
    assert_eq!(run.stdout, "Checked 1 file: no problems found.\n");
}

#[test]
fn an_extension_that_is_a_pattern_is_an_error_in_the_file() {
    let dir = scratch();
    write(dir.path(), "a.md", ONE_FINDING);
    write(
        dir.path(),
        "pmlint.toml",
        "[extensions]\n\"*.qmd\" = \"markdown\"\n",
    );
    let run = concise(dir.path(), &["."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`*.qmd` is not a file-name ending")
            && run.stderr.contains("pmlint.toml:2"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_nested_config_extends_its_parent_and_changes_one_setting() {
    let dir = scratch();
    write(
        dir.path(),
        "pmlint.toml",
        "profile = \"google-sre\"\nexclude = [\"team-a/old/\"]\n[lint.severity]\nunknown-timezone = \"warning\"\n[timezones]\nIST = \"Asia/Kolkata\"\n",
    );
    write(
        dir.path(),
        "team-a/pmlint.toml",
        "extend = \"../pmlint.toml\"\n[lint]\nignore = [\"missing-section\"]\n",
    );
    write(dir.path(), "team-a/disk.md", ONE_FINDING);
    write(dir.path(), "team-a/old/disk.md", ONE_FINDING);
    let run = concise(dir.path(), &["."]);
    // The parent's severity and exclude apply below the child.
    assert_eq!(linted(&run), ["./team-a/disk.md"], "{}", run.stdout);
    assert!(run.stdout.contains("warning[PM101]"), "{}", run.stdout);

    let run = pmlint_in(&dir.path().join("team-a"), &["config"]);
    for expected in [
        "# which extends: ",
        "profile = \"google-sre\"",
        "IST = \"Asia/Kolkata\"",
        "missing-section      off      # pmlint.toml [lint] ignore",
        "unknown-timezone     warning  # ",
    ] {
        assert!(
            run.stdout.contains(expected),
            "{expected:?} in\n{}",
            run.stdout
        );
    }
    // The parent's settings are said to come from the parent, its patterns too.
    let parent = dir.path().join("pmlint.toml").display().to_string();
    for expected in [
        format!("{parent} [lint.severity]"),
        "exclude = [\"team-a/old/\"]".to_string(),
        format!("# {parent} exclude"),
    ] {
        assert!(
            run.stdout.contains(&expected),
            "{expected:?} in\n{}",
            run.stdout
        );
    }
}

#[test]
fn extend_refuses_circles_and_files_outside_the_repository() {
    let dir = scratch();
    write(dir.path(), "a.md", ONE_FINDING);
    write(dir.path(), "pmlint.toml", "extend = \"sub/base.toml\"\n");
    write(dir.path(), "sub/base.toml", "extend = \"../pmlint.toml\"\n");
    let run = concise(dir.path(), &["a.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`extend` goes round in a circle"),
        "{}",
        run.stderr
    );

    let outside = scratch();
    write(outside.path(), "base.toml", "profile = \"google-sre\"\n");
    let value = outside.path().join("base.toml");
    write(
        dir.path(),
        "pmlint.toml",
        &format!("extend = {:?}\n", value.display().to_string()),
    );
    let run = concise(dir.path(), &["a.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is outside this repository"),
        "{}",
        run.stderr
    );

    write(dir.path(), "pmlint.toml", "extend = \"missing.toml\"\n");
    let run = concise(dir.path(), &["a.md"]);
    assert!(
        run.stderr.contains("extend `missing.toml`: no such file"),
        "{}",
        run.stderr
    );
}

#[test]
fn force_exclude_applies_include_to_named_files_as_pre_commit_names_them() {
    let dir = scratch();
    write(dir.path(), "postmortems/disk.md", ONE_FINDING);
    write(dir.path(), "CHANGELOG.md", ONE_FINDING);
    write(
        dir.path(),
        "pmlint.toml",
        "include = [\"postmortems/**/*.md\"]\n",
    );
    let run = concise(
        dir.path(),
        &["--force-exclude", "postmortems/disk.md", "CHANGELOG.md"],
    );
    assert_eq!(linted(&run), ["postmortems/disk.md"], "{}", run.stdout);
    // Stdin named as a file `include` leaves out is given back unlinted.
    let named = dir.path().join("CHANGELOG.md");
    let run = common::pmlint_with_stdin(
        &[
            "check",
            "--force-exclude",
            "--stdin-filename",
            named.to_str().expect("a UTF-8 path"),
            "-",
        ],
        ONE_FINDING.as_bytes(),
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn endings_that_are_no_endings_or_given_twice_are_errors() {
    let dir = scratch();
    write(dir.path(), "a.md", ONE_FINDING);
    for (extensions, expected) in [
        ("\"..\" = \"text\"", "`..` is not a file-name ending"),
        ("\" md\" = \"text\"", "` md` is not a file-name ending"),
        (
            "qmd = \"text\"\n\".QMD\" = \"markdown\"",
            "`qmd` names the same ending as `.QMD`",
        ),
    ] {
        write(
            dir.path(),
            "pmlint.toml",
            &format!("[extensions]\n{extensions}\n"),
        );
        let run = concise(dir.path(), &["a.md"]);
        assert_eq!(run.code, 2, "{extensions}");
        assert!(
            run.stderr.contains(expected),
            "{expected:?} in {}",
            run.stderr
        );
    }
}

#[test]
fn an_extend_that_names_no_config_file_is_reported_where_it_is_written() {
    let dir = scratch();
    write(dir.path(), "team/a.md", ONE_FINDING);
    write(dir.path(), "team/pmlint.toml", "extend = \"..\"\n");
    let run = concise(dir.path(), &["team/a.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("extend `..`: not a regular file")
            && run.stderr.contains("team/pmlint.toml:1:10"),
        "{}",
        run.stderr
    );
    // A parent that is no TOML is reported in the parent, with the file that extends it.
    write(dir.path(), "notes.toml", "not toml\n");
    write(
        dir.path(),
        "team/pmlint.toml",
        "extend = \"../notes.toml\"\n",
    );
    let run = concise(dir.path(), &["team/a.md"]);
    assert!(
        run.stderr.contains("notes.toml:1")
            && run
                .stderr
                .contains("read because team/pmlint.toml extends it"),
        "{}",
        run.stderr
    );
}
