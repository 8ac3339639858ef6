//! The cache `check` keeps between runs: reused only while the file, its settings, the output
//! options and pmlint are as they were; never for stdin; off with `--no-cache`.

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use common::{Run, pmlint_cached_in, pmlint_in, pmlint_in_with_env, scratch, write};

/// A postmortem with one finding: `missing-section` for its root cause under the default
/// profile.
const POSTMORTEM: &str = "# Queue backlog\n\n## Summary\n\nOrders waited twenty minutes on 2024-03-05.\n\n## Timeline\n\n- 2024-03-05 10:00 UTC: the queue alert fires\n- 2024-03-05 10:20 UTC: the consumers restart and the backlog drains\n";

/// Sets `path`'s modification time to `minutes` ago, then waits for its status-change time
/// (which only the clock sets) to settle: a file the cache keeps must not have changed in the
/// last two seconds (its times might not show a change made now).
fn age(path: &Path, minutes: u64) {
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("the file opens");
    let time = SystemTime::now() - Duration::from_secs(60 * minutes);
    file.set_modified(time).expect("the time is set");
    std::thread::sleep(Duration::from_millis(2100));
}

fn check(dir: &Path) -> Run {
    let run = pmlint_cached_in(dir, &["check", "--format", "concise", "pm.md"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    run
}

/// The rule codes a concise report names, in order.
fn codes(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|line| Some(line.split_once('[')?.1.split_once(']')?.0.to_string()))
        .collect()
}

/// A folder with the postmortem, checked once so that the cache holds it.
fn cached() -> tempfile::TempDir {
    let dir = scratch();
    age(&write(dir.path(), "pm.md", POSTMORTEM), 60);
    assert_eq!(codes(&check(dir.path())), ["PM201"]);
    dir
}

/// Rewrites `pm.md` with `edit` applied, keeping its size and modification time.
fn edit_keeping_size_and_time(dir: &Path, edit: fn(&str) -> String) {
    let path = dir.join("pm.md");
    let before = std::fs::metadata(&path).expect("pm.md exists");
    let text = edit(POSTMORTEM);
    assert_eq!(text.len() as u64, before.len(), "the edit keeps the size");
    std::fs::write(&path, text).expect("written");
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(before.modified().unwrap()).unwrap();
}

fn wrong_zone(text: &str) -> String {
    text.replace("10:20 UTC", "10:20 WTC")
}

/// The one cache file's modification time: a run that lints a file afresh rewrites it.
fn cache_written(dir: &Path) -> SystemTime {
    let version = std::fs::read_dir(dir.join(".pmlint_cache"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|entry| entry.path().is_dir())
        .expect("a folder per pmlint version");
    let file = std::fs::read_dir(version.path())
        .unwrap()
        .filter_map(Result::ok)
        .next()
        .expect("a cache file");
    file.metadata().unwrap().modified().unwrap()
}

#[test]
fn a_second_run_reuses_the_results_and_prints_the_same() {
    let dir = cached();
    let written = cache_written(dir.path());
    let first = check(dir.path());
    let second = check(dir.path());
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(second.code, first.code);
    assert_eq!(
        cache_written(dir.path()),
        written,
        "nothing was linted afresh"
    );
    let fresh = pmlint_cached_in(
        dir.path(),
        &["check", "--format", "concise", "--no-cache", "pm.md"],
    );
    assert_eq!(fresh.stdout, first.stdout);
}

#[test]
fn an_edit_that_keeps_the_size_and_time_is_still_seen() {
    let dir = cached();
    // The status-change time moves with the write and cannot be set back.
    edit_keeping_size_and_time(dir.path(), wrong_zone);
    assert_eq!(codes(&check(dir.path())), ["PM201", "PM101"]);
}

#[test]
fn the_cache_folder_ignores_itself() {
    let dir = cached();
    let ignore = std::fs::read_to_string(dir.path().join(".pmlint_cache/.gitignore"))
        .expect("the cache folder has a .gitignore");
    assert!(ignore.lines().any(|line| line == "*"), "{ignore}");
    assert!(dir.path().join(".pmlint_cache/CACHEDIR.TAG").exists());
}

#[test]
fn an_edited_file_is_linted_again() {
    let dir = cached();
    age(&write(dir.path(), "pm.md", &wrong_zone(POSTMORTEM)), 30);
    assert_eq!(codes(&check(dir.path())), ["PM201", "PM101"]);
    // And the same size, one second later.
    let path = dir.path().join("pm.md");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, POSTMORTEM).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified + Duration::from_secs(1))
        .unwrap();
    assert_eq!(codes(&check(dir.path())), ["PM201"]);
}

#[test]
fn a_suppression_added_to_the_file_hides_the_finding() {
    let dir = cached();
    let text = format!("<!-- pmlint-disable missing-section -->\n{POSTMORTEM}");
    age(&write(dir.path(), "pm.md", &text), 30);
    assert_eq!(codes(&check(dir.path())), Vec::<String>::new());
}

#[test]
fn an_edited_config_is_read_again() {
    let dir = cached();
    write(dir.path(), "pmlint.toml", "[lint]\nignore = [\"PM201\"]\n");
    assert_eq!(codes(&check(dir.path())), Vec::<String>::new());
    write(
        dir.path(),
        "pmlint.toml",
        "[lint.severity]\nPM201 = \"error\"\n",
    );
    let run = check(dir.path());
    assert!(run.stdout.contains("error[PM201]"), "{}", run.stdout);
}

#[test]
fn an_edited_profile_file_is_read_again() {
    let dir = scratch();
    age(&write(dir.path(), "pm.md", POSTMORTEM), 60);
    write(dir.path(), "pmlint.toml", "profile = \"ours.toml\"\n");
    write(
        dir.path(),
        "ours.toml",
        "sections = [\"summary\", \"timeline\"]\n",
    );
    assert_eq!(codes(&check(dir.path())), Vec::<String>::new());
    write(
        dir.path(),
        "ours.toml",
        "sections = [\"summary\", \"timeline\", \"root-cause\"]\n",
    );
    assert_eq!(codes(&check(dir.path())), ["PM201"]);
}

#[test]
fn other_output_options_do_not_reuse_results() {
    let dir = cached();
    let json = pmlint_cached_in(dir.path(), &["check", "--format", "json", "pm.md"]);
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(parsed["diagnostics"][0]["code"], "PM201", "{}", json.stdout);
    let statistics = pmlint_cached_in(dir.path(), &["check", "--statistics", "pm.md"]);
    assert!(
        statistics.stdout.trim_start().starts_with("1  PM201"),
        "{}",
        statistics.stdout
    );
}

#[test]
fn no_cache_neither_reads_nor_writes_one() {
    let dir = scratch();
    age(&write(dir.path(), "pm.md", POSTMORTEM), 60);
    let run = pmlint_cached_in(dir.path(), &["check", "--no-cache", "pm.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!dir.path().join(".pmlint_cache").exists());
    // Nor does the common helper's environment variable, which CI may set.
    let run = pmlint_in(dir.path(), &["check", "pm.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!dir.path().join(".pmlint_cache").exists());
}

#[test]
fn stdin_and_fixes_are_never_cached() {
    let dir = scratch();
    age(&write(dir.path(), "pm.md", POSTMORTEM), 60);
    let output = assert_cmd::cargo::cargo_bin_cmd!("pmlint")
        .current_dir(dir.path())
        .env_remove("PMLINT_NO_CACHE")
        .args(["check", "-", "--stdin-filename", "pm.md"])
        .write_stdin(POSTMORTEM)
        .output()
        .expect("pmlint runs");
    assert_eq!(output.status.code(), Some(1));
    let run = pmlint_cached_in(dir.path(), &["check", "--diff", "pm.md"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(!dir.path().join(".pmlint_cache").exists());
}

#[test]
fn cache_dir_in_the_config_is_relative_to_it_and_stays_in_the_repository() {
    let dir = cached();
    std::fs::remove_dir_all(dir.path().join(".pmlint_cache")).unwrap();
    write(dir.path(), "pmlint.toml", "cache-dir = \"build/lint\"\n");
    check(dir.path());
    assert!(dir.path().join("build/lint/.gitignore").exists());
    assert!(!dir.path().join(".pmlint_cache").exists());

    write(dir.path(), "pmlint.toml", "cache-dir = \"../elsewhere\"\n");
    let run = pmlint_cached_in(dir.path(), &["check", "pm.md"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("cache-dir `../elsewhere` is outside"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_damaged_cache_is_linted_over() {
    let dir = cached();
    let version = std::fs::read_dir(dir.path().join(".pmlint_cache"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|entry| entry.path().is_dir())
        .expect("a folder per pmlint version");
    for file in std::fs::read_dir(version.path()).unwrap() {
        std::fs::write(file.unwrap().path(), "not a cache").unwrap();
    }
    assert_eq!(codes(&check(dir.path())), ["PM201"]);
    assert_eq!(
        codes(&check(dir.path())),
        ["PM201"],
        "read from the rewritten cache"
    );
}

#[test]
fn clean_deletes_the_cache_and_nothing_else() {
    let dir = cached();
    let run = pmlint_cached_in(dir.path(), &["clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("removed the cache"), "{}", run.stderr);
    assert!(!dir.path().join(".pmlint_cache").exists());
    assert!(dir.path().join("pm.md").exists());
    let again = pmlint_cached_in(dir.path(), &["clean"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("no cache"), "{}", again.stderr);

    // A folder pmlint did not make is never deleted, even when named as the cache.
    write(dir.path(), "docs/pm.md", POSTMORTEM);
    let refused = pmlint_cached_in(dir.path(), &["clean", "--cache-dir", "docs"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("left as it is"),
        "{}",
        refused.stderr
    );
    assert!(dir.path().join("docs/pm.md").exists());
}

#[cfg(unix)]
#[test]
fn a_path_that_now_names_another_file_is_linted_again() {
    let dir = scratch();
    let right = write(dir.path(), "right.md", POSTMORTEM);
    let wrong = write(dir.path(), "wrong.md", &wrong_zone(POSTMORTEM));
    // The same size and modification time: only which file it is tells them apart.
    let time = SystemTime::now() - Duration::from_secs(3600);
    for path in [&right, &wrong] {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(time).unwrap();
    }
    std::thread::sleep(Duration::from_millis(2100));
    std::os::unix::fs::symlink("right.md", dir.path().join("pm.md")).unwrap();
    assert_eq!(codes(&check(dir.path())), ["PM201"]);
    std::fs::remove_file(dir.path().join("pm.md")).unwrap();
    std::os::unix::fs::symlink("wrong.md", dir.path().join("pm.md")).unwrap();
    let afresh = pmlint_in(dir.path(), &["check", "--format", "concise", "pm.md"]);
    assert_eq!(check(dir.path()).stdout, afresh.stdout);
    assert!(codes(&afresh).len() > 1, "{}", afresh.stdout);
}

#[test]
fn a_config_from_elsewhere_gets_no_cache_beside_it() {
    let dir = scratch();
    let project = dir.path().join("project");
    age(&write(&project, "pm.md", POSTMORTEM), 60);
    write(dir.path(), "shared/pmlint.toml", "profile = \"default\"\n");
    let run = pmlint_cached_in(
        &project,
        &["check", "--config", "../shared/pmlint.toml", "pm.md"],
    );
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(project.join(".pmlint_cache").exists());
    assert!(!dir.path().join("shared/.pmlint_cache").exists());
}

#[test]
fn an_empty_cache_dir_variable_means_none_was_given() {
    let dir = cached();
    let run = pmlint_in_with_env(dir.path(), &["check", "pm.md"], "PMLINT_CACHE_DIR", "");
    assert_ne!(run.code, 2, "{}", run.stderr);
    let clean = pmlint_in_with_env(dir.path(), &["clean"], "PMLINT_CACHE_DIR", "");
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(
        clean.stderr.contains("removed the cache"),
        "{}",
        clean.stderr
    );
}

#[cfg(unix)]
#[test]
fn clean_leaves_a_link_to_a_cache_alone() {
    let dir = cached();
    std::os::unix::fs::symlink(".pmlint_cache", dir.path().join("linked")).unwrap();
    let run = pmlint_cached_in(dir.path(), &["clean", "--cache-dir", "linked"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(dir.path().join("linked").exists());
    assert!(dir.path().join(".pmlint_cache/CACHEDIR.TAG").exists());
}
