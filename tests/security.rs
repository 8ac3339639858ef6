//! A repository's files are untrusted input (pmlint runs in CI on strangers' pull requests): no
//! config, profile or link may make pmlint print a file from elsewhere on the machine, and no
//! option may destroy a postmortem. Each test plants a marker where a secret would be and
//! checks it never reaches stdout or stderr.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{Run, pmlint_in, pmlint_in_with_env, scratch, write};

const SECRET: &str = "tok-3b7f-never-print-me";
const BAD_ZONE: &str = "# Draft\n\n- 10:00 WTC: paged\n";

/// Runs pmlint in `dir` with the secret in its environment, and checks it stayed secret.
fn run_guarded(dir: &Path, args: &[&str]) -> Run {
    let run = pmlint_in_with_env(dir, args, "PMLINT_TEST_SECRET", SECRET);
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "the secret leaked:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).expect("a symbolic link");
}

#[test]
fn a_config_cannot_name_a_profile_outside_its_repository() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "team.toml",
        &format!("sections = [\"summary\"]\n{SECRET} = 1\n"),
    );
    let relative = format!(
        "../{}/team.toml",
        outside.path().file_name().unwrap().to_str().unwrap()
    );
    for profile in [
        "/proc/self/environ",
        "/etc/passwd",
        outside.path().join("team.toml").to_str().unwrap(),
        relative.as_str(),
    ] {
        write(
            dir.path(),
            "pmlint.toml",
            &format!("profile = {profile:?}\n"),
        );
        let run = run_guarded(dir.path(), &["check", "pm.md"]);
        assert_eq!(run.code, 2, "{profile}: {}", run.stderr);
        assert!(
            run.stderr.contains("pmlint.toml") && run.stderr.contains("outside this repository"),
            "{profile}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "{profile}");
    }
}

#[cfg(unix)]
#[test]
fn a_profile_that_links_out_of_the_repository_is_refused() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    link(
        Path::new("/proc/self/environ"),
        &dir.path().join("team.toml"),
    );
    write(dir.path(), "pmlint.toml", "profile = \"team.toml\"\n");
    let run = run_guarded(dir.path(), &["check", "pm.md"]);
    assert_eq!(run.code, 2);
    // Said as of a missing file, so that a link cannot tell whether a file outside exists.
    assert!(
        run.stderr
            .contains("profile `team.toml`: no such file inside this repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_profile_inside_the_repository_is_used() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    write(
        dir.path(),
        "profiles/team.toml",
        "extends = \"default\"\n[rules]\nunknown-timezone = \"warning\"\n",
    );
    write(
        dir.path(),
        "docs/pmlint.toml",
        "profile = \"../profiles/team.toml\"\n",
    );
    write(dir.path(), "docs/pm.md", BAD_ZONE);
    let run = run_guarded(dir.path(), &["check", "--format", "concise", "docs/pm.md"]);
    assert!(
        run.stdout.contains("warning[PM101]"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_config_file_that_links_out_of_the_repository_is_refused_unread() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    link(
        Path::new("/proc/self/environ"),
        &dir.path().join("pmlint.toml"),
    );
    let run = run_guarded(dir.path(), &["check", "pm.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("pmlint.toml") && run.stderr.contains("outside this repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_settings_file_that_is_no_toml_is_never_quoted() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    // `--config` names a file the user chose, but a file of NUL-separated text is no config.
    let run = run_guarded(
        dir.path(),
        &["check", "--config", "/proc/self/environ", "pm.md"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a TOML file"), "{}", run.stderr);
    let run = run_guarded(
        dir.path(),
        &["check", "--profile", "/proc/self/environ", "pm.md"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a TOML file"), "{}", run.stderr);
}

#[test]
fn a_config_error_quotes_no_long_line() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    let long = format!("{SECRET}{}", "x".repeat(300));
    write(
        dir.path(),
        "pmlint.toml",
        &format!("profile = \"default\"\n{long} = 1\n"),
    );
    let run = run_guarded(dir.path(), &["check", "pm.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("pmlint.toml:2:1"), "{}", run.stderr);
    // A short line is still quoted, with its line number.
    write(
        dir.path(),
        "pmlint.toml",
        "profile = \"default\"\ncolour = 1\n",
    );
    let run = run_guarded(dir.path(), &["check", "pm.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("[pmlint.toml:2:1]") && run.stderr.contains("2 │ colour = 1"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn links_in_a_walked_folder_are_not_followed() {
    let dir = scratch();
    let outside = tempfile::tempdir().unwrap();
    let secret_file = write(
        outside.path(),
        "notes.md",
        &format!("# {SECRET}\n\n- 10:00 WTC\n"),
    );
    link(Path::new("/proc/self/environ"), &dir.path().join("env.md"));
    link(&secret_file, &dir.path().join("notes.md"));
    // Inside the folder too: a link can point at a hidden or ignored file (`.env`, `.git/config`).
    write(dir.path(), ".env", &format!("KEY={SECRET}\n"));
    link(&dir.path().join(".env"), &dir.path().join("settings.md"));
    let inside = write(dir.path(), "docs/pm.md", BAD_ZONE);
    link(&inside, &dir.path().join("alias.md"));
    let run = run_guarded(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("./docs/pm.md:3:9"), "{}", run.stdout);
    assert!(run.stdout.contains("Checked 1 file:"), "{}", run.stdout);
    for name in ["env.md", "notes.md", "settings.md", "alias.md"] {
        assert!(!run.stdout.contains(name), "{name}: {}", run.stdout);
    }
    // A link named on the command line is the user's choice.
    let run = pmlint_in(dir.path(), &["check", "--format", "concise", "notes.md"]);
    assert!(run.stdout.contains("notes.md:3:9"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_named_folder_that_links_out_of_the_repository_is_refused() {
    let dir = scratch();
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "creds.txt",
        &format!("Token: {SECRET}\n10:00 WTC\n"),
    );
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    link(outside.path(), &dir.path().join("docs/postmortems"));
    write(dir.path(), "pm.md", BAD_ZONE);
    let run = run_guarded(dir.path(), &["check", "docs/postmortems", "pm.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("docs/postmortems: links outside this repository"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("pm.md"), "{}", run.stdout);
    // Named by where it really is, outside the repository, the folder is the user's choice.
    let run = pmlint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            outside.path().to_str().unwrap(),
        ],
    );
    assert!(
        run.stdout.contains("creds.txt:2:7"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn a_config_above_the_starting_folder_outside_a_repository_does_not_apply() {
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), "pmlint.toml", "exclude = [\"**\"]\n");
    let inner = outer.path().join("inner");
    write(&inner, "pm.md", BAD_ZONE);
    let run = pmlint_in(&inner, &["check", "--format", "concise", "pm.md", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("pm.md:3:9: error[PM101]"),
        "{}",
        run.stdout
    );
    // Started in the folder that holds it, the config applies.
    let run = pmlint_in(outer.path(), &["check", "--format", "concise", "inner"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn a_config_above_does_not_apply_when_pmlint_starts_at_the_root() {
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), "plant/pmlint.toml", "exclude = [\"**\"]\n");
    let pm = write(outer.path(), "plant/x/pm.md", BAD_ZONE);
    let run = pmlint_in(
        Path::new("/"),
        &[
            "check",
            "--format",
            "concise",
            pm.parent().unwrap().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("pm.md:3:9"), "{}", run.stdout);
}

#[test]
fn a_path_with_dot_dot_is_bounded_where_it_leads() {
    let ws = tempfile::tempdir().unwrap();
    write(ws.path(), "pmlint.toml", "exclude = [\"**\"]\n");
    write(ws.path(), ".gitignore", "*.md\n");
    std::fs::create_dir_all(ws.path().join("repo/.git")).unwrap();
    write(ws.path(), "other/pm.md", BAD_ZONE);
    let run = pmlint_in(
        &ws.path().join("repo"),
        &["check", "--format", "concise", "../other"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("../other/pm.md:3:9"), "{}", run.stdout);
}

#[test]
fn a_closer_negation_wins_over_an_ignore_file_above() {
    let dir = scratch();
    write(dir.path(), ".gitignore", "*.txt\n");
    write(dir.path(), "docs/.gitignore", "!notes.txt\n");
    write(
        dir.path(),
        "docs/notes.txt",
        "Timeline:\n10:00 WTC: paged\n",
    );
    write(
        dir.path(),
        "docs/other.txt",
        "Timeline:\n10:00 WTC: paged\n",
    );
    for (cwd, path) in [
        (dir.path().to_path_buf(), "docs"),
        (dir.path().join("docs"), "."),
    ] {
        let run = pmlint_in(&cwd, &["check", "--format", "concise", path]);
        assert_eq!(run.code, 1, "{path}: {}", run.stderr);
        assert!(
            run.stdout.contains("notes.txt:2:7"),
            "{path}: {}",
            run.stdout
        );
        assert!(!run.stdout.contains("other.txt"), "{path}: {}", run.stdout);
    }
}

#[test]
fn ignore_files_above_the_repository_root_do_not_apply() {
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), ".gitignore", "*.md\n");
    write(outer.path(), ".ignore", "*.md\n");
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    write(&repo, "docs/pm.md", BAD_ZONE);
    write(&repo, ".gitignore", "skipped.md\n");
    write(&repo, "docs/skipped.md", BAD_ZONE);
    let run = pmlint_in(outer.path(), &["check", "--format", "concise", "repo/docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("repo/docs/pm.md:3:9"), "{}", run.stdout);
    // The repository's own .gitignore still applies to a folder walked inside it.
    assert!(!run.stdout.contains("skipped.md"), "{}", run.stdout);
}

#[test]
fn the_report_is_never_written_over_a_linted_file() {
    let dir = scratch();
    let pm = write(dir.path(), "pm.md", BAD_ZONE);
    for output in ["pm.md", "./pm.md", "../pm.md"] {
        let cwd = if output.starts_with("..") {
            dir.path().join(".git")
        } else {
            dir.path().to_path_buf()
        };
        let run = pmlint_in(&cwd, &["check", output, "--output", output]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(
            run.stderr.contains("refusing to write the report to"),
            "{}",
            run.stderr
        );
        assert_eq!(std::fs::read_to_string(&pm).unwrap(), BAD_ZONE);
    }
}

#[test]
fn the_report_is_never_written_over_a_postmortem_the_walk_finds() {
    let dir = scratch();
    let a = write(dir.path(), "d/a.md", BAD_ZONE);
    write(dir.path(), "d/b.md", BAD_ZONE);
    let run = pmlint_in(dir.path(), &["check", "d", "--output", "d/a.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("refusing to write the report to d/a.md"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), BAD_ZONE);
}

#[test]
fn a_report_can_go_to_a_stream() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    let run = pmlint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "pm.md",
            "--output",
            "/dev/stdout",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("pm.md:3:9"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn the_report_is_never_written_over_a_linted_file_through_a_link() {
    let dir = scratch();
    let pm = write(dir.path(), "pm.md", BAD_ZONE);
    link(&pm, &dir.path().join("report.txt"));
    let run = pmlint_in(dir.path(), &["check", "pm.md", "--output", "report.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&pm).unwrap(), BAD_ZONE);
}

#[test]
fn a_report_inside_a_linted_folder_is_not_linted_by_the_next_run() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    let args = [
        "check",
        "--format",
        "concise",
        ".",
        "--output",
        "report.txt",
    ];
    for _ in 0..2 {
        let run = pmlint_in(dir.path(), &args);
        assert_eq!(run.code, 1, "{}", run.stderr);
    }
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(report.contains("Checked 1 file: 1 error"), "{report}");
    assert!(!report.contains("report.txt"), "{report}");
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_keeps_the_previous_report() {
    let dir = scratch();
    let report = write(dir.path(), "report.txt", "the previous report\n");
    // pmlint waits for stdin, which is never closed, and is interrupted meanwhile.
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmlint"))
        .current_dir(dir.path())
        .args(["check", "-", "--output", "report.txt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "the previous report\n"
    );
    // A finished run replaces the report whole.
    let run = pmlint_in(dir.path(), &["check", "-", "--output", "report.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&report).unwrap();
    assert!(written.contains("Checked 1 file"), "{written}");
}

/// `pmlint check pm.md` in `dir`, which must fail without a raw ESC or BEL on stderr.
fn run_without_controls(dir: &Path) -> Run {
    let run = run_guarded(dir, &["check", "pm.md"]);
    assert_eq!(run.code, 2);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{}",
        run.stderr
    );
    run
}

#[test]
fn a_config_error_never_sends_a_control_character_to_the_terminal() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    // Raw in the file: a line with a control character is pointed at, not quoted.
    write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nignore = [\"\u{1b}]0;pwned\u{7}\"]\n",
    );
    let run = run_without_controls(dir.path());
    assert!(run.stderr.contains("pmlint.toml:2:12"), "{}", run.stderr);
    // Written as TOML escapes, the rule name is quoted in the message, escaped again.
    write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nignore = [\"\\u001b]0;pwned\\u0007\"]\n",
    );
    let run = run_without_controls(dir.path());
    assert!(
        run.stderr.contains("\\u{1b}]0;pwned\\u{7}"),
        "{}",
        run.stderr
    );
}
