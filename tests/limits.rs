//! Inputs that used to hang pmlint or exhaust its memory: a FIFO, a device or an endless stream
//! given as a document, a config or a profile. Each must end at once with a clear error (exit
//! 2) while the other files are still linted. Every run here is guarded: a run that has not
//! ended within a minute is killed and the test fails, instead of hanging the suite.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, scratch, write};

const BAD_ZONE: &str = "# Draft\n\n- 10:00 WTC: paged\n";

/// Runs pmlint in `dir` with `stdin`, killing it if it has not ended within a minute.
fn guarded(dir: &Path, args: &[&str], stdin: Stdio) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmlint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pmlint starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("pmlint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().expect("an exit code"),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

#[cfg(unix)]
fn fifo(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let made = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
    assert!(made.success());
    path
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_as_a_config_or_profile_is_refused_at_once() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    fifo(dir.path(), "pipe.toml");
    for args in [
        ["check", "--config", "pipe.toml", "pm.md"],
        ["check", "--config", "/dev/zero", "pm.md"],
        ["check", "--profile", "pipe.toml", "pm.md"],
        ["check", "--profile", "/dev/urandom", "pm.md"],
        ["check", "--profile", "/dev/stdin", "pm.md"],
    ] {
        let run = guarded(dir.path(), &args, Stdio::piped());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("not a regular file"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn a_config_whose_profile_is_a_fifo_is_refused_at_once() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    fifo(dir.path(), "team.toml");
    write(dir.path(), "pmlint.toml", "profile = \"team.toml\"\n");
    let run = guarded(dir.path(), &["check", "pm.md"], Stdio::null());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("pmlint.toml") && run.stderr.contains("not a regular file"),
        "{}",
        run.stderr
    );
    // A config that is itself a FIFO is reported, not waited on.
    std::fs::remove_file(dir.path().join("pmlint.toml")).unwrap();
    fifo(dir.path(), "pmlint.toml");
    let run = guarded(dir.path(), &["check", "pm.md"], Stdio::null());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_named_as_a_document_is_not_a_regular_file() {
    let dir = scratch();
    write(dir.path(), "pm.md", BAD_ZONE);
    fifo(dir.path(), "pipe.md");
    let run = guarded(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "pipe.md",
            "/dev/zero",
            "pm.md",
        ],
        Stdio::null(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("pipe.md: not a regular file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("/dev/zero: not a regular file"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("no such file"), "{}", run.stderr);
    assert!(
        run.stdout.contains("pm.md:3:9: error[PM101]"),
        "{}",
        run.stdout
    );
    // Walking a folder passes a FIFO by, as it passes anything that is not a file.
    let run = guarded(
        dir.path(),
        &["check", "--format", "concise", "."],
        Stdio::null(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn an_endless_stdin_ends_at_the_size_cap() {
    let dir = scratch();
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let run = guarded(
        dir.path(),
        &["check", "--max-file-size", "1M", "-"],
        Stdio::from(zero),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("<stdin>: larger than 1 MiB (--max-file-size)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_document_over_the_size_cap_is_refused_and_the_others_linted() {
    let dir = scratch();
    write(dir.path(), "big.md", &"- 10:00 UTC: step\n".repeat(200));
    write(dir.path(), "pm.md", BAD_ZONE);
    let args = [
        "check",
        "--format",
        "concise",
        "--max-file-size",
        "2K",
        "big.md",
        "pm.md",
    ];
    let run = guarded(dir.path(), &args, Stdio::null());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("big.md: larger than 2 KiB (--max-file-size)"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("pm.md:3:9"), "{}", run.stdout);
    let run = guarded(
        dir.path(),
        &["check", "--max-file-size", "lots", "pm.md"],
        Stdio::null(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a size"), "{}", run.stderr);
}

#[test]
fn many_per_file_ignores_each_apply_where_they_match() {
    let dir = scratch();
    let mut config = String::from("[lint.per-file-ignores]\n");
    for i in 0..20_000 {
        config.push_str(&format!("\"team-{i}/*.md\" = [\"missing-section\"]\n"));
    }
    config.push_str("\"quiet/\" = [\"unknown-timezone\"]\n");
    write(dir.path(), "pmlint.toml", &config);
    write(dir.path(), "team-19999/pm.md", BAD_ZONE);
    write(dir.path(), "team-20000/pm.md", BAD_ZONE);
    write(dir.path(), "quiet/deep/pm.md", BAD_ZONE);
    let run = guarded(
        dir.path(),
        &["check", "--format", "concise", "."],
        Stdio::null(),
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "./quiet/deep/pm.md:1:3: info[PM201] this document has none of the sections of a known postmortem template",
            "./team-19999/pm.md:3:9: error[PM101] `WTC` is not a time zone",
            "./team-20000/pm.md:1:3: info[PM201] this document has none of the sections of a known postmortem template",
            "./team-20000/pm.md:3:9: error[PM101] `WTC` is not a time zone",
            "Checked 3 files: 2 errors, 2 infos.",
        ],
        "{}",
        run.stderr
    );
}
