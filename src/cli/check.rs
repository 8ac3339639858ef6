//! `pmlint check`: resolve settings, collect files, lint them in parallel, print one report.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use pmlint::config::Resolver;
use pmlint::diagnostic::Severity;
use pmlint::render::{FileReport, Summary, concise, github, human, json, json_lines, junit, sarif};
use pmlint::rules::RuleMeta;
use pmlint::source::{Format, SourceFile};

use super::walk::{Input, Walk, excludes};
use super::{CLEAN, CheckArgs, FAILURE, FINDINGS, FailOn, OutputFormat, emit, report_error};

pub fn run(args: CheckArgs) -> ExitCode {
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

    // Files are linted in parallel; collect keeps them in the order they were found.
    let results: Vec<Result<FileReport, String>> = inputs.par_iter().map(lint).collect();
    let mut reports = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(message) => {
                eprintln!("pmlint: error: {message}");
                failed = true;
            }
        }
    }

    // A run that linted nothing because of an error has no report to print but the error.
    if failed
        && reports.is_empty()
        && matches!(args.format, OutputFormat::Human | OutputFormat::Concise)
    {
        return ExitCode::from(FAILURE);
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let output = render(&args, &reports, to_terminal);
    let written = match &args.output {
        Some(file) => match std::fs::write(file, &output) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("pmlint: error: {}: {e}", file.display());
                ExitCode::from(FAILURE)
            }
        },
        None => emit(&output),
    };
    if failed {
        ExitCode::from(FAILURE)
    } else if written != ExitCode::SUCCESS {
        written
    } else if fails(&reports, args.fail_on) {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::from(CLEAN)
    }
}

fn lint(input: &Input) -> Result<FileReport, String> {
    let source = read(input)?;
    let settings = match &input.path {
        Some(path) => input.config.settings_for(path),
        None => input.config.settings_for(Path::new(&input.name)),
    };
    let findings = pmlint::lint(&source, &settings);
    Ok(FileReport {
        source,
        diagnostics: findings.diagnostics,
        suppressed: findings.suppressed,
    })
}

fn read(input: &Input) -> Result<SourceFile, String> {
    let name = &input.name;
    let bytes = match &input.path {
        Some(path) => std::fs::read(path).map_err(|e| format!("{name}: {e}"))?,
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{name}: {e}"))?;
            bytes
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(SourceFile::new(
        name.clone(),
        &text,
        Format::from_path(name),
    ))
}

fn render(args: &CheckArgs, reports: &[FileReport], to_terminal: bool) -> String {
    if args.statistics {
        return statistics(reports, args.format == OutputFormat::Json);
    }
    let summary = || {
        if args.quiet {
            String::new()
        } else {
            format!("{}\n", human::summary_line(&Summary::of(reports)))
        }
    };
    match args.format {
        OutputFormat::Human => human::render(reports, &human_options(to_terminal)) + &summary(),
        OutputFormat::Concise => concise::render(reports) + &summary(),
        OutputFormat::Json => json::render(reports),
        OutputFormat::JsonLines => json_lines::render(reports),
        OutputFormat::Sarif => sarif::render(reports),
        OutputFormat::Github => github::render(reports),
        OutputFormat::Junit => junit::render(reports),
    }
}

/// How many findings each rule made, most first: a table, or JSON.
fn statistics(reports: &[FileReport], as_json: bool) -> String {
    let mut counts: BTreeMap<&str, (&'static RuleMeta, Severity, usize)> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        counts
            .entry(d.rule.code)
            .or_insert((d.rule, d.severity, 0))
            .2 += 1;
    }
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

fn fails(reports: &[FileReport], fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Never => return false,
    };
    reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold)
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
