//! `pmlint check`: resolve settings, collect files, lint them in parallel, print one report.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use rayon::prelude::*;

use pmlint::config::Resolver;
use pmlint::diagnostic::Severity;
use pmlint::input::{FileId, ReadError};
use pmlint::render::concise::Concise;
use pmlint::render::escape;
use pmlint::render::github::Github;
use pmlint::render::human::{self, Human};
use pmlint::render::json::Json;
use pmlint::render::json_lines::JsonLines;
use pmlint::render::junit::Junit;
use pmlint::render::sarif::Sarif;
use pmlint::render::stream::{Part, Printer, Unreadable, Writer};
use pmlint::render::{FileReport, Summary};
use pmlint::rules::RuleMeta;
use pmlint::source::SourceFile;

use super::cache::{self, Cache, Key, Results, Stamp};
use super::fixing::{FileFix, FixMode, fix_one};
use super::output::Output;
use super::walk::{Input, Walk, excludes, paths_or_here};
use super::{CLEAN, CheckArgs, Error, FAILURE, FINDINGS, FailOn, OutputFormat, closed};

pub fn run(args: CheckArgs) -> Result<ExitCode, Error> {
    // One file named, as an editor or a pre-commit hook on one change does: the tables are
    // built for one document.
    if let [path] = &args.paths[..]
        && (path.as_os_str() == "-" || path.is_file())
    {
        pmlint::pattern::expect_one_document();
    }
    // The tables are built on a spare core while the configuration is read and the first file
    // parsed: half the time of a one-file run. Even with a cache: waiting for a file to miss it
    // costs a one-file run more (1.2 ms) than the build costs a run of unchanged files.
    rayon::spawn(pmlint::document::warm_up);
    if args.statistics
        && !matches!(
            args.format,
            OutputFormat::Human | OutputFormat::Concise | OutputFormat::Json
        )
    {
        return Err(Error::Message(
            "--statistics works with --format human, concise or json".into(),
        ));
    }
    let mode = fix_mode(&args);
    let mut resolver = Resolver::new(args.settings.mode(), args.settings.overrides())?;
    let exclude = excludes(&args.exclude)?;
    let paths = paths_or_here(&args.paths);
    let output_id = args.output.as_deref().and_then(FileId::of);
    let mut walk = Walk::new(&mut resolver, exclude);
    walk.force_exclude = args.force_exclude;
    walk.stdin_filename = args.stdin_filename.clone();
    walk.output = output_id.clone();
    let inputs = walk.collect(&paths);
    let mut failed = walk.failed;
    let excluded = walk.excluded;
    let not_walked = std::mem::take(&mut walk.unreadable);
    let stdin_excluded = walk.stdin_excluded;
    let cache_dir = (!args.no_cache && mode == FixMode::Off)
        .then(|| cache::dir(super::given_dir(&args.cache_dir), &mut resolver));

    if let (Some(output), Some(id)) = (&args.output, &output_id)
        && let Some(input) = inputs
            .iter()
            .find(|input| input_id(input).as_ref() == Some(id))
    {
        return Err(Error::Message(format!(
            "refusing to write the report to {}: it is {}, one of the files being linted; choose another --output",
            escape::path(output),
            input.name
        )));
    }
    // `--fix -` stands in for the text: an excluded stdin comes back as it was, never empty.
    if stdin_excluded && matches!(mode, FixMode::Fix(_)) {
        use std::io::{Read, Write};
        let mut text = Vec::new();
        std::io::stdin()
            .read_to_end(&mut text)
            .and_then(|_| std::io::stdout().write_all(&text))
            .map_err(|e| Error::Message(format!("<stdin>: {e}")))?;
    }
    if inputs.is_empty() && !failed {
        return nothing_linted(&args, excluded);
    }

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let out = match &args.output {
        Some(file) => Output::file(file)
            .map_err(|e| Error::Message(format!("{}: {e}", escape::path(file))))?,
        None => Output::stdout(),
    };
    let printer = printer(&args, to_terminal);
    let cache = cache_dir.map(|dir| Cache::open(&dir, &output_options(&args, to_terminal)));
    let mut run = lint_all(
        &inputs,
        not_walked,
        printer.as_ref(),
        out,
        (args.max_file_size, mode, cache.as_ref()),
    );
    if let Some(cache) = cache {
        cache.save(std::mem::take(&mut run.fresh), &run.reused);
    }
    failed |= run.failed;
    let diff_found = matches!(mode, FixMode::Diff(_)) && run.fixes.applied > 0;
    let exit = |failed: bool| {
        if failed {
            ExitCode::from(FAILURE)
        } else if diff_found {
            ExitCode::from(FINDINGS)
        } else if matches!(mode, FixMode::Diff(_)) {
            ExitCode::from(CLEAN)
        } else if fails(run.worst, args.fail_on) {
            ExitCode::from(FINDINGS)
        } else {
            ExitCode::from(CLEAN)
        }
    };
    let mut out = match run.out {
        Ok(out) => out,
        // Nothing more can be read (`pmlint check | head`): exit as if all had been printed.
        Err(e) if closed(&e) => return Ok(exit(failed)),
        Err(e) => return Err(Error::writing(&e)),
    };

    let linted_nothing = failed && run.summary.files == 0 && run.summary.unreadable == 0;
    // With fixes, stdout may hold a diff or the fixed text: what was fixed goes to stderr.
    if mode != FixMode::Off && !args.quiet {
        say!("{}", fix_summary(mode, &run.fixes, &run.summary));
    }
    let stdout_is_text = matches!(mode, FixMode::Diff(_))
        || (matches!(mode, FixMode::Fix(_)) && inputs.iter().any(|i| i.path.is_none()));
    let tail = if stdout_is_text {
        String::new()
    } else if args.statistics {
        statistics(run.counts, args.format == OutputFormat::Json)
    } else if matches!(args.format, OutputFormat::Human | OutputFormat::Concise)
        && !args.quiet
        && !linted_nothing
    {
        format!("{}\n", human::summary_line(&run.summary))
    } else {
        String::new()
    };
    match out.write_all(tail.as_bytes()).and_then(|()| out.commit()) {
        Err(e) if !closed(&e) => Err(Error::writing(&e)),
        _ => Ok(exit(failed)),
    }
}

/// The file an input reads: stdin's too, so `pmlint check - < pm.md -o pm.md` is refused.
fn input_id(input: &Input) -> Option<FileId> {
    match &input.path {
        Some(path) => FileId::of(path),
        None => stdin_id(),
    }
}

#[cfg(unix)]
fn stdin_id() -> Option<FileId> {
    FileId::of(Path::new("/dev/stdin"))
}

#[cfg(not(unix))]
fn stdin_id() -> Option<FileId> {
    None
}

/// A run that found no postmortem says so instead of "no problems found": an error when the
/// paths named hold none, a warning when excludes (or an empty folder by default) left none.
fn nothing_linted(args: &CheckArgs, excluded: usize) -> Result<ExitCode, Error> {
    let named: Vec<String> = args.paths.iter().map(|p| escape::path(p)).collect();
    if !named.is_empty() && excluded == 0 {
        return Err(Error::Message(format!(
            "no postmortems in {} (no file that `include` takes: by default .md, .markdown or .txt)",
            named.join(", ")
        )));
    }
    let why = match excluded {
        0 => "no file here that `include` takes: by default .md, .markdown or .txt".to_string(),
        1 => "1 file was excluded".to_string(),
        n => format!("{n} files were excluded"),
    };
    say!("pmlint: warning: no postmortems were linted ({why})");
    Ok(ExitCode::from(CLEAN))
}

/// How many files may be linted ahead of the one the writer waits for: a slow file holds
/// back the threads, not a growing pile of rendered reports behind it. A few megabytes of
/// typical reports, and enough to keep the other cores busy meanwhile.
const IN_FLIGHT: usize = 1024;

/// Findings per rule code, for `--statistics`.
type RuleCounts = BTreeMap<&'static str, (&'static RuleMeta, Severity, usize)>;

/// What a whole run found.
struct Run {
    /// The output, ready for the summary; an error once it could not be written.
    out: std::io::Result<Output>,
    summary: Summary,
    counts: RuleCounts,
    worst: Option<Severity>,
    failed: bool,
    fixes: FixTally,
    /// Results to keep in the cache, and the paths of the files whose kept results were used.
    fresh: Vec<(Key, Results)>,
    reused: Vec<String>,
}

/// What one file gives the run once its document is dropped.
struct Linted {
    part: Part,
    findings: Vec<(&'static RuleMeta, Severity)>,
    fix: FileFix,
    cached: Cached,
}

/// How a file's results met the cache.
enum Cached {
    /// No cache, or a file it does not keep (stdin, a run whose output is gone).
    No,
    /// Linted afresh: the key to keep its results under.
    Fresh(Key),
    /// Its kept results were used: the file's path.
    Reused(String),
}

/// The fixes of a whole run.
#[derive(Default)]
struct FixTally {
    applied: usize,
    files: usize,
    unsafe_left: usize,
}

impl FixTally {
    fn add(&mut self, fix: FileFix) {
        self.applied += fix.applied;
        self.files += usize::from(fix.applied > 0);
        self.unsafe_left += fix.unsafe_left;
    }
}

/// `Fixed 12 findings in 1 file; 1 remaining.`, or for `--diff` `Would fix ...`, and how to
/// apply the unsafe fixes left.
fn fix_summary(mode: FixMode, fixes: &FixTally, summary: &Summary) -> String {
    let remaining = summary.errors + summary.warnings + summary.infos;
    let verb = if matches!(mode, FixMode::Diff(_)) {
        "Would fix"
    } else {
        "Fixed"
    };
    let mut line = format!(
        "{verb} {} in {}; {remaining} remaining.",
        plural(fixes.applied, "finding"),
        plural(fixes.files, "file")
    );
    if fixes.unsafe_left > 0 {
        line.push_str(&format!(
            " {} available with `--unsafe-fixes`.",
            plural(fixes.unsafe_left, "more fix")
        ));
    }
    line
}

fn plural(n: usize, what: &str) -> String {
    match (n, what.strip_suffix("fix")) {
        (1, _) => format!("1 {what}"),
        (n, Some(_)) => format!("{n} {what}es"),
        (n, None) => format!("{n} {what}s"),
    }
}

/// `--fix` or `--diff`, with or without the unsafe fixes.
fn fix_mode(args: &CheckArgs) -> FixMode {
    let options = pmlint::fix::FixOptions {
        unsafe_fixes: args.unsafe_fixes,
    };
    if args.diff {
        FixMode::Diff(options)
    } else if args.fix {
        FixMode::Fix(options)
    } else {
        FixMode::Off
    }
}

/// Lints and renders the files on every core and writes each file's part in the order the
/// files were found.
fn lint_all(
    inputs: &[Input],
    not_walked: Vec<Unreadable>,
    printer: &dyn Printer,
    out: Output,
    (max_size, mode, cache): (u64, FixMode, Option<&Cache>),
) -> Run {
    let mut fresh = Vec::new();
    let mut reused = Vec::new();
    let mut fixes = FixTally::default();
    let mut summary = Summary::default();
    let mut counts = BTreeMap::new();
    let mut worst = None;
    let mut failed = false;
    let started = Writer::new(printer, out).and_then(|mut writer| {
        for file in not_walked {
            report_unreadable(file, &mut summary, Some(&mut writer))?;
        }
        Ok(writer)
    });
    let mut writer = match started {
        Ok(writer) => writer,
        Err(e) => {
            return Run {
                out: Err(e),
                summary,
                counts,
                worst,
                failed,
                fixes,
                fresh,
                reused,
            };
        }
    };
    let window = Window::default();
    // Once stdout is gone (`pmlint check | head`), files are still linted, unrendered, so the
    // exit code is the one the findings call for.
    let silent = AtomicBool::new(false);
    let written = std::thread::scope(|scope| -> std::io::Result<()> {
        let (sender, receiver) = std::sync::mpsc::sync_channel(IN_FLIGHT);
        let (window, silent) = (&window, &silent);
        scope.spawn(move || {
            inputs.iter().enumerate().par_bridge().for_each_with(
                sender,
                |sender, (index, input)| {
                    if window.admit(index) {
                        // Nothing is printed for a file once stdout is gone: such a file's
                        // output is not kept either.
                        let (printer, cache) = if silent.load(Ordering::Relaxed) {
                            (&Silent as &dyn Printer, None)
                        } else {
                            (printer, cache)
                        };
                        let linted = lint_guarded(input, printer, max_size, (mode, cache));
                        let _ = sender.send((index, linted));
                    }
                },
            );
        });
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let mut gone = None;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                window.advance(next);
                let written = match result {
                    Ok(linted) => {
                        for &(meta, severity) in &linted.findings {
                            counts.entry(meta.code).or_insert((meta, severity, 0)).2 += 1;
                            worst = worst.max(Some(severity));
                        }
                        summary.add(linted.findings.iter().map(|(_, severity)| *severity));
                        fixes.add(linted.fix);
                        match linted.cached {
                            Cached::No => {}
                            Cached::Fresh(key) => fresh.push((
                                key,
                                Results {
                                    findings: linted.findings,
                                    part: cache::clone_part(&linted.part),
                                },
                            )),
                            Cached::Reused(path) => reused.push(path),
                        }
                        match gone {
                            None => writer.push(linted.part),
                            Some(_) => Ok(()),
                        }
                    }
                    Err(file) => {
                        failed = true;
                        report_unreadable(file, &mut summary, gone.is_none().then_some(&mut writer))
                    }
                };
                match written {
                    Ok(()) => {}
                    Err(e) if closed(&e) => {
                        silent.store(true, Ordering::Relaxed);
                        gone = Some(e);
                    }
                    Err(e) => {
                        window.close();
                        return Err(e);
                    }
                }
            }
        }
        gone.map_or(Ok(()), Err)
    });
    Run {
        out: written.and_then(|()| writer.finish(&summary)),
        summary,
        counts,
        worst,
        failed,
        fixes,
        fresh,
        reused,
    }
}

/// Lints one file; should pmlint ever panic on it, the file is reported as one it could not
/// check and the run goes on (the files queued behind it must not wait forever).
fn lint_guarded(
    input: &Input,
    printer: &dyn Printer,
    max_size: u64,
    mode: (FixMode, Option<&Cache>),
) -> Result<Linted, Unreadable> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint(input, printer, max_size, mode)
    }))
    .unwrap_or_else(|_| {
        Err(Unreadable {
            path: input.name.clone(),
            message: "pmlint failed on this file; please report it as a bug".into(),
        })
    })
}

/// Reports a file that could not be read: on stderr, in the summary and in the report.
/// `writer` is `None` once stdout is gone.
fn report_unreadable(
    file: Unreadable,
    summary: &mut Summary,
    writer: Option<&mut Writer<'_, Output>>,
) -> std::io::Result<()> {
    let line = format!("{}: {}", file.path, file.message);
    say!("pmlint: error: {}", escape::controls(&line, true));
    summary.unreadable += 1;
    writer.map_or(Ok(()), |writer| writer.unreadable(file))
}

/// Admits file `index` for linting only while it is fewer than [`IN_FLIGHT`] files ahead of
/// the next one to be written; the writer moves the window on, or closes it to stop the run.
#[derive(Default)]
struct Window {
    /// The next file to be written, and whether the run stopped.
    state: Mutex<(usize, bool)>,
    moved: Condvar,
}

impl Window {
    /// Waits until file `index` may be linted; `false` once the run stopped.
    fn admit(&self, index: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while index >= state.0 + IN_FLIGHT && !state.1 {
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !state.1
    }

    fn advance(&self, next: usize) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).0 = next;
        self.moved.notify_all();
    }

    fn close(&self) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).1 = true;
        self.moved.notify_all();
    }
}

/// `--statistics` prints only counts, after every file.
struct Silent;

impl Printer for Silent {
    fn file(&self, _: &FileReport) -> Part {
        Part::default()
    }
}

fn lint(
    input: &Input,
    printer: &dyn Printer,
    max_size: u64,
    (mode, cache): (FixMode, Option<&Cache>),
) -> Result<Linted, Unreadable> {
    let unreadable = |message| Unreadable {
        path: input.name.clone(),
        message,
    };
    // Stdin is linted as the file it names.
    let path = input.path.as_deref().unwrap_or(Path::new(&input.name));
    let settings = input.config.settings_for(path);
    let format = input.config.format(path);
    // The file's size and time are read before its text, so a change while it is read shows
    // in the next run's.
    let key = cache.and_then(|_| {
        let stamp = Stamp::of(&std::fs::metadata(input.path.as_deref()?).ok()?)?;
        let settings = input.config.settings_key(&settings);
        Some(Key {
            path: pmlint::config::absolute(input.path.as_deref()?)?
                .to_str()?
                .to_string(),
            name: input.name.clone(),
            settings: format!("{format:?}\n{settings}"),
            stamp: (stamp.size() <= max_size).then_some(stamp)?,
        })
    });
    if let (Some(cache), Some(key)) = (cache, &key)
        && let Some(results) = cache.get(key)
    {
        return Ok(Linted {
            part: results.part,
            findings: results.findings,
            fix: FileFix::default(),
            cached: Cached::Reused(key.path.clone()),
        });
    }
    let text = read(input, max_size).map_err(unreadable)?;
    let (report, fix, printed) = if mode == FixMode::Off {
        let source = SourceFile::new(input.name.clone(), &text, format);
        // The source holds its own copy; a huge file is not held twice while it is linted.
        drop(text);
        let findings = pmlint::lint(&source, &settings);
        (report_of(source, findings), FileFix::default(), None)
    } else {
        let result = fix_one(
            input.path.as_deref(),
            &input.name,
            &text,
            format,
            &settings,
            mode,
        )
        .map_err(unreadable)?;
        let findings = result.remaining().clone();
        (
            report_of(result.fixed.source, findings),
            result.fix,
            result.printed,
        )
    };
    let part = match printed {
        Some(text) => Part::text(text),
        // `--diff` prints only diffs; an unchanged file has none.
        None if matches!(mode, FixMode::Diff(_)) => Part::default(),
        None => printer.file(&report),
    };
    Ok(Linted {
        part,
        findings: report
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.severity))
            .collect(),
        fix,
        cached: key.map_or(Cached::No, Cached::Fresh),
    })
}

/// Everything a file's printed part depends on besides the file and its settings.
fn output_options(args: &CheckArgs, to_terminal: bool) -> String {
    let human = human_options(to_terminal);
    let cwd = std::env::current_dir().unwrap_or_default();
    format!(
        "format {:?}, statistics {}, {human:?}, fail on {:?}, in {}",
        args.format,
        args.statistics,
        args.fail_on,
        cwd.display()
    )
}

fn report_of(source: SourceFile, findings: pmlint::Findings) -> FileReport {
    FileReport {
        source,
        diagnostics: findings.diagnostics,
        suppressed: findings.suppressed,
    }
}

/// The file's text, or why it could not be read: only a regular file of at most `max_size`
/// bytes is read (stdin too).
pub(super) fn read(input: &Input, max_size: u64) -> Result<String, String> {
    let bytes = match &input.path {
        Some(path) => pmlint::input::read_file(path, max_size),
        None => pmlint::input::read_stream(std::io::stdin().lock(), max_size),
    };
    let bytes = bytes.map_err(|e| match e {
        ReadError::TooLarge(_) => format!("{e} (--max-file-size)"),
        e => e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The printer for `--format`; `--statistics` replaces the findings with counts.
fn printer(args: &CheckArgs, to_terminal: bool) -> Box<dyn Printer> {
    if args.statistics {
        return Box::new(Silent);
    }
    match args.format {
        OutputFormat::Human => Box::new(Human::new(&human_options(to_terminal))),
        OutputFormat::Concise => Box::new(Concise),
        OutputFormat::Json => Box::new(Json::default()),
        OutputFormat::JsonLines => Box::new(JsonLines),
        // `%SRCROOT%`, which the paths named relative to the current directory are under.
        OutputFormat::Sarif => Box::new(Sarif::new(std::env::current_dir().ok().as_deref())),
        OutputFormat::Github => Box::new(Github),
        OutputFormat::Junit => Box::new(Junit {
            fails_at: args.fail_on.threshold(),
        }),
    }
}

/// How many findings each rule made, most first: a table, or JSON.
fn statistics(counts: RuleCounts, as_json: bool) -> String {
    let mut rows: Vec<_> = counts.into_values().collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.code.cmp(b.0.code)));
    if as_json {
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|(meta, severity, count)| {
                serde_json::json!({
                    "code": meta.code,
                    "name": meta.name,
                    "severity": severity,
                    "count": count,
                })
            })
            .collect();
        // Versioned like the findings' JSON, so a script can tell the shape it reads.
        let document = serde_json::json!({
            "version": pmlint::render::json::VERSION,
            "rules": rows,
        });
        let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        return text;
    }
    rows.iter()
        .map(|(meta, severity, count)| {
            format!(
                "{count:>6}  {:<6} {:<22} {severity}\n",
                meta.code, meta.name
            )
        })
        .collect()
}

fn fails(worst: Option<Severity>, fail_on: FailOn) -> bool {
    worst
        .zip(fail_on.threshold())
        .is_some_and(|(worst, threshold)| worst >= threshold)
}

pub(super) fn human_options(to_terminal: bool) -> human::HumanOptions {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = terminal_size::terminal_size_of(std::io::stdout())
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100);
    human::HumanOptions {
        color: !no_color && to_terminal,
        width,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_too_far_ahead_of_the_writer_waits_for_it() {
        let window = Window::default();
        assert!(window.admit(IN_FLIGHT - 1));
        let admitted = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let waiting = scope.spawn(|| {
                let admitted_now = window.admit(IN_FLIGHT);
                admitted.store(true, Ordering::SeqCst);
                admitted_now
            });
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(
                !admitted.load(Ordering::SeqCst),
                "admitted before the writer moved"
            );
            window.advance(1);
            assert!(waiting.join().unwrap());
        });
    }

    #[test]
    fn closing_the_window_releases_every_waiting_file() {
        let window = Window::default();
        std::thread::scope(|scope| {
            let waiting = scope.spawn(|| window.admit(10 * IN_FLIGHT));
            window.close();
            assert!(!waiting.join().unwrap());
        });
        assert!(!window.admit(0));
    }
}
