//! `pmlint check`: resolve settings, collect files, lint them in parallel, print one report.

use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use pmlint::config::Resolver;
use pmlint::diagnostic::Severity;
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
use pmlint::source::{Format, SourceFile};

use super::walk::{Input, Walk, excludes};
use super::{CLEAN, CheckArgs, FAILURE, FINDINGS, FailOn, OutputFormat, report_error};

pub fn run(args: CheckArgs) -> ExitCode {
    // The tables are built on a spare core while the configuration is read and the first file
    // parsed: half the time of a one-file run.
    rayon::spawn(pmlint::document::warm_up);
    if args.statistics
        && !matches!(
            args.format,
            OutputFormat::Human | OutputFormat::Concise | OutputFormat::Json
        )
    {
        eprintln!("pmlint: error: --statistics works with --format human, concise or json");
        return ExitCode::from(FAILURE);
    }
    let mut resolver = match Resolver::new(args.settings.mode(), args.settings.overrides()) {
        Ok(resolver) => resolver,
        Err(error) => {
            report_error(&error);
            return ExitCode::from(FAILURE);
        }
    };
    let exclude = match excludes(&args.exclude) {
        Ok(exclude) => exclude,
        Err(error) => {
            report_error(&error);
            return ExitCode::from(FAILURE);
        }
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut walk = Walk {
        resolver: &mut resolver,
        exclude,
        force_exclude: args.force_exclude,
        stdin_filename: args.stdin_filename.clone(),
        failed: false,
    };
    let inputs = walk.collect(&paths);
    let mut failed = walk.failed;

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let out: Box<dyn Write> = match &args.output {
        Some(file) => match std::fs::File::create(file) {
            Ok(f) => Box::new(BufWriter::new(f)),
            Err(e) => {
                eprintln!("pmlint: error: {}: {e}", file.display());
                return ExitCode::from(FAILURE);
            }
        },
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let printer = printer(&args, to_terminal);
    let run = match lint_all(&inputs, printer.as_ref(), out) {
        Ok(run) => run,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pmlint: error: cannot write the report: {e}");
            return ExitCode::from(FAILURE);
        }
    };
    failed |= run.failed;

    let linted_nothing = failed && run.summary.files == 0;
    let mut out = run.out;
    let tail = if args.statistics {
        statistics(run.counts, args.format == OutputFormat::Json)
    } else if matches!(args.format, OutputFormat::Human | OutputFormat::Concise)
        && !args.quiet
        && !linted_nothing
    {
        format!("{}\n", human::summary_line(&run.summary))
    } else {
        String::new()
    };
    match out.write_all(tail.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("pmlint: error: cannot write the report: {e}");
            return ExitCode::from(FAILURE);
        }
    }
    if failed {
        ExitCode::from(FAILURE)
    } else if fails(run.worst, args.fail_on) {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::from(CLEAN)
    }
}

/// How many linted files may wait to be written. Files are handed to the threads in order,
/// so the one the writer waits for is never far behind; documents are dropped once rendered.
const IN_FLIGHT: usize = 64;

/// Findings per rule code, for `--statistics`.
type RuleCounts = BTreeMap<&'static str, (&'static RuleMeta, Severity, usize)>;

/// What a whole run found.
struct Run {
    out: Box<dyn Write>,
    summary: Summary,
    counts: RuleCounts,
    worst: Option<Severity>,
    failed: bool,
}

/// What one file gives the run once its document is dropped.
struct Linted {
    part: Part,
    findings: Vec<(&'static RuleMeta, Severity)>,
}

/// Lints and renders the files on every core and writes each file's part in the order the
/// files were found.
fn lint_all(inputs: &[Input], printer: &dyn Printer, out: Box<dyn Write>) -> std::io::Result<Run> {
    let mut writer = Writer::new(printer, out)?;
    let mut summary = Summary::default();
    let mut counts = BTreeMap::new();
    let mut worst = None;
    let mut failed = false;
    let stop = AtomicBool::new(false);
    let written = std::thread::scope(|scope| -> std::io::Result<()> {
        let (sender, receiver) = std::sync::mpsc::sync_channel(IN_FLIGHT);
        let stop = &stop;
        scope.spawn(move || {
            inputs.iter().enumerate().par_bridge().for_each_with(
                sender,
                |sender, (index, input)| {
                    if !stop.load(Ordering::Relaxed) {
                        let _ = sender.send((index, lint(input, printer)));
                    }
                },
            );
        });
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                match result {
                    Ok(linted) => {
                        for &(meta, severity) in &linted.findings {
                            counts.entry(meta.code).or_insert((meta, severity, 0)).2 += 1;
                            worst = worst.max(Some(severity));
                        }
                        summary.add(linted.findings.iter().map(|(_, severity)| *severity));
                        if let Err(e) = writer.push(linted.part) {
                            // Nothing more can be written (`pmlint check | head`): stop linting.
                            stop.store(true, Ordering::Relaxed);
                            return Err(e);
                        }
                    }
                    Err(file) => {
                        let line = format!("{}: {}", file.path, file.message);
                        eprintln!("pmlint: error: {}", escape::controls(&line, true));
                        failed = true;
                        summary.unreadable += 1;
                        if let Err(e) = writer.unreadable(file) {
                            stop.store(true, Ordering::Relaxed);
                            return Err(e);
                        }
                    }
                }
            }
        }
        Ok(())
    });
    written?;
    Ok(Run {
        out: writer.finish(&summary)?,
        summary,
        counts,
        worst,
        failed,
    })
}

/// `--statistics` prints only counts, after every file.
struct Silent;

impl Printer for Silent {
    fn file(&self, _: &FileReport) -> Part {
        Part::default()
    }
}

fn lint(input: &Input, printer: &dyn Printer) -> Result<Linted, Unreadable> {
    let source = read(input).map_err(|message| Unreadable {
        path: input.name.clone(),
        message,
    })?;
    let settings = match &input.path {
        Some(path) => input.config.settings_for(path),
        None => input.config.settings_for(Path::new(&input.name)),
    };
    let findings = pmlint::lint(&source, &settings);
    let report = FileReport {
        source,
        diagnostics: findings.diagnostics,
        suppressed: findings.suppressed,
    };
    Ok(Linted {
        part: printer.file(&report),
        findings: report
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.severity))
            .collect(),
    })
}

/// The file's text, or why it could not be read.
fn read(input: &Input) -> Result<SourceFile, String> {
    let name = &input.name;
    let bytes = match &input.path {
        Some(path) => std::fs::read(path).map_err(|e| e.to_string())?,
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| e.to_string())?;
            bytes
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(SourceFile::new(
        name.clone(),
        &text,
        Format::from_path(name),
    ))
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
        OutputFormat::Sarif => Box::new(Sarif::default()),
        OutputFormat::Github => Box::new(Github),
        OutputFormat::Junit => Box::new(Junit),
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
        let mut text = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
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
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Never => return false,
    };
    worst.is_some_and(|worst| worst >= threshold)
}

fn human_options(to_terminal: bool) -> human::HumanOptions {
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
