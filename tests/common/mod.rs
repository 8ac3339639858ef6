//! Runs the real pmlint binary for integration tests.

#![allow(dead_code)] // each test file uses a different part of this module

pub mod lsp;

use std::path::{Path, PathBuf};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn command(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("pmlint");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        // Each run lints afresh and leaves nothing behind; tests/cache.rs turns the cache on.
        .env("PMLINT_NO_CACHE", "1")
        .env_remove("PMLINT_CACHE_DIR")
        .args(args);
    cmd
}

fn finish(cmd: &mut assert_cmd::Command) -> Run {
    let output = cmd.output().expect("pmlint runs");
    Run {
        code: output.status.code().expect("pmlint exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

pub fn pmlint(args: &[&str]) -> Run {
    finish(&mut command(args))
}

/// Runs pmlint in `dir` instead of the repository root.
pub fn pmlint_in(dir: &Path, args: &[&str]) -> Run {
    finish(command(args).current_dir(dir))
}

/// Runs pmlint in `dir` with one more environment variable.
pub fn pmlint_in_with_env(dir: &Path, args: &[&str], key: &str, value: &str) -> Run {
    finish(command(args).current_dir(dir).env(key, value))
}

/// Runs pmlint in `dir` with its cache on, as users run it.
pub fn pmlint_cached_in(dir: &Path, args: &[&str]) -> Run {
    finish(command(args).current_dir(dir).env_remove("PMLINT_NO_CACHE"))
}

pub fn pmlint_with_stdin(args: &[&str], input: &[u8]) -> Run {
    finish(command(args).write_stdin(input.to_vec()))
}

/// `pmlint check --format json PATHS...`, parsed.
pub fn check_json(paths: &[&str]) -> serde_json::Value {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(paths);
    let run = pmlint(&args);
    assert!(run.code != 2, "pmlint failed: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("the JSON output parses")
}

/// Each diagnostic as `(name, line, message)`.
pub fn findings(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["span"]["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed postmortems the project started from, kept beside the repository in
/// `../shared/seeds`.
pub fn seeds() -> Option<PathBuf> {
    shared("seeds")
}

/// The real postmortems in `../shared/corpus`.
pub fn corpus() -> Option<PathBuf> {
    shared("corpus")
}

/// A folder of `../shared`. CI always provides it, so there its absence fails the test; a
/// developer without it is told which checks did not run.
fn shared(name: &str) -> Option<PathBuf> {
    let dir = root().join("../shared").join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/{name} must be beside the repository in CI"
    );
    eprintln!("../shared/{name} is not beside the repository; skipping the checks that read it");
    None
}

/// A scratch folder that is its own repository root (a `.git` folder), so config discovery
/// never looks above it.
pub fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join(".git")).expect("a .git folder");
    dir
}

/// Writes `text` to `dir/name`, creating folders on the way.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    std::fs::write(&path, text).expect("the file is written");
    path
}

pub fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A fixture's path below `fixtures/`, with `/` between its parts: `clean/billing-table.md`.
pub fn fixture_name(path: &Path) -> String {
    path.strip_prefix(root().join("fixtures"))
        .expect("under fixtures/")
        .to_str()
        .expect("a UTF-8 path")
        .replace('\\', "/")
}
