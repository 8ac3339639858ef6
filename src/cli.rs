//! The command line: `pmlint check`, `pmlint rule`, `pmlint rules`, `pmlint profiles`.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use pmlint::diagnostic::Severity;
use pmlint::profile::{self, Profile};
use pmlint::render::{FileReport, human, json};
use pmlint::rules;
use pmlint::source::{Format, SourceFile};

#[derive(Parser)]
#[command(
    name = "pmlint",
    version,
    about = "A fast linter for incident postmortems"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint postmortems: files, directories (every .md, .markdown and .txt below them), or - for stdin.
    Check {
        /// Files or directories to lint; defaults to the current directory.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// The template the postmortems follow: a built-in profile (`pmlint profiles` lists
        /// them) or the path of a profile file.
        #[arg(long, default_value = "default")]
        profile: String,
    },
    /// Print a rule's documentation.
    Rule {
        /// The rule's name (unknown-timezone) or code (PM101).
        name: String,
    },
    /// List every rule with its code, default severity and the profiles that turn it on.
    Rules,
    /// List the built-in template profiles.
    Profiles,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// miette reports with the source line and labels.
    Human,
    /// One versioned JSON document.
    Json,
}

/// Exit codes: no error or warning, findings, or pmlint could not do its job.
const CLEAN: u8 = 0;
const FINDINGS: u8 = 1;
const FAILURE: u8 = 2;

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { FAILURE } else { CLEAN };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check {
            paths,
            format,
            profile,
        } => match Profile::load(&profile) {
            Ok(profile) => check(paths, format, &profile),
            Err(e) => {
                eprintln!("pmlint: error: {e}");
                ExitCode::from(FAILURE)
            }
        },
        Command::Rule { name } => match rules::find(&name) {
            Some(meta) => {
                let text = format!(
                    "# {} ({})\n\nDefault severity: {}\n\n{}\n",
                    meta.name,
                    meta.code,
                    severity_column(meta),
                    rules::documentation(meta)
                );
                emit(&text)
            }
            None => {
                eprintln!("pmlint: error: no rule named `{name}`; `pmlint rules` lists them");
                ExitCode::from(FAILURE)
            }
        },
        Command::Rules => {
            let mut text = String::new();
            for rule in rules::RULES {
                let meta = rule.meta();
                text.push_str(&format!(
                    "{:<6} {:<20} {:<8} {}\n",
                    meta.code,
                    meta.name,
                    meta.severity.to_string(),
                    meta.summary
                ));
                if !meta.enabled {
                    text.push_str(&format!(
                        "{:<36}off by default; on in {}\n",
                        "",
                        profile::enabling(meta).join(", ")
                    ));
                }
            }
            emit(&text)
        }
        Command::Profiles => {
            let text: String = Profile::builtins()
                .iter()
                .map(|p| format!("{:<11} {}\n", p.name, p.description))
                .collect();
            emit(&text)
        }
    }
}

/// The severity column of `pmlint rule`: a rule that is off by default says so.
fn severity_column(meta: &rules::RuleMeta) -> String {
    if meta.enabled {
        meta.severity.to_string()
    } else {
        format!(
            "{} (off by default; on in the {} profiles)",
            meta.severity,
            profile::enabling(meta).join(", ")
        )
    }
}

fn check(paths: Vec<PathBuf>, format: OutputFormat, profile: &Profile) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    let mut failed = false;
    let mut inputs: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || path.is_file() {
            inputs.push(path);
        } else if path.is_dir() {
            if let Err(message) = collect(&path, &mut inputs) {
                eprintln!("pmlint: error: {message}");
                failed = true;
            }
        } else {
            eprintln!(
                "pmlint: error: {}: no such file or directory",
                path.display()
            );
            failed = true;
        }
    }

    let mut reports = Vec::new();
    for path in inputs {
        match read(&path) {
            Ok(source) => {
                let diagnostics = pmlint::lint(&source, profile);
                reports.push(FileReport {
                    source,
                    diagnostics,
                });
            }
            Err(message) => {
                eprintln!("pmlint: error: {message}");
                failed = true;
            }
        }
    }

    let output = match format {
        OutputFormat::Human => human::render(&reports, &human_options()),
        OutputFormat::Json => json::render(&reports),
    };
    let written = emit(&output);
    let findings = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= Severity::Warning);
    if failed {
        ExitCode::from(FAILURE)
    } else if written != ExitCode::SUCCESS {
        written
    } else if findings {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::from(CLEAN)
    }
}

/// Every postmortem below `dir`, in path order. Hidden entries are skipped and symbolic links
/// to directories are not followed, so a link loop cannot trap the walk.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    let mut result = Ok(());
    for child in children {
        let hidden = child
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        let Ok(meta) = std::fs::symlink_metadata(&child) else {
            continue;
        };
        if hidden {
            continue;
        }
        if meta.is_dir() {
            if let Err(e) = collect(&child, out) {
                result = Err(e);
            }
        } else if is_postmortem(&child) && (meta.is_file() || child.is_file()) {
            out.push(child);
        }
    }
    result
}

fn is_postmortem(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown" | "txt"))
}

fn read(path: &Path) -> Result<SourceFile, String> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("<stdin>: {e}"))?;
        ("<stdin>".to_string(), bytes)
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        (path.display().to_string(), bytes)
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let format = Format::from_path(&name);
    Ok(SourceFile::new(name, &text, format))
}

fn human_options() -> human::HumanOptions {
    let stdout = std::io::stdout();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = terminal_size::terminal_size_of(&stdout)
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100);
    human::HumanOptions {
        color: !no_color && stdout.is_terminal(),
        width,
    }
}

/// Writes to stdout; a closed pipe (`pmlint check | head`) is not an error.
fn emit(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pmlint: error: cannot write the report: {e}");
            ExitCode::from(FAILURE)
        }
    }
}
