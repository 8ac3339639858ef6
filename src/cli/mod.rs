//! The command line: `pmlint check`, `rule`, `rules`, `profiles`, `config`, `init`, and the
//! hidden `generate` for completions and the man page.

/// Writes a line to stderr; a closed stderr (`2>&1 | head`) is no reason to panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cache;
mod check;
mod commands;
mod error;
mod facts;
mod fixing;
mod gather;
mod output;
mod report;
mod timeline;
mod walk;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use error::{Error, closed, report_error};

use clap::{Args, Parser, Subcommand, ValueEnum};

use pmlint::config::{Mode, Overrides};
use pmlint::diagnostic::Severity;

#[derive(Parser)]
#[command(
    name = "pmlint",
    version,
    about = "A fast linter for incident postmortems"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint postmortems: files, directories (the files `include` takes below them: by default .md, .markdown and .txt), or - for stdin.
    Check(CheckArgs),
    /// What each postmortem says about its incident, as data: window, detection, restoration,
    /// durations, zones, sections and finding counts.
    Facts(FactsArgs),
    /// One self-contained HTML page for a repository of postmortems: incidents over time,
    /// computed beside stated durations, percentiles per quarter, findings per rule, every
    /// document and its timeline.
    Report(ReportArgs),
    /// A postmortem's timeline in one zone: gaps, the stated window, detection, restoration
    /// and the findings on each entry.
    Timeline(TimelineArgs),
    /// Print a rule's documentation.
    Rule {
        /// The rule's name (unknown-timezone) or code (PM101).
        name: String,
    },
    /// List every rule with its code, default severity and the profiles that turn it on.
    Rules,
    /// List the built-in template profiles.
    Profiles,
    /// Show the settings that apply to a file or folder, and where each came from.
    Config {
        /// The file or folder whose settings to show; defaults to the current directory.
        path: Option<PathBuf>,
        #[command(flatten)]
        settings: SettingsArgs,
    },
    /// Run the language server on stdin and stdout, for editors.
    Server {
        #[command(flatten)]
        settings: SettingsArgs,
    },
    /// Delete the results `check` keeps between runs (`.pmlint_cache`, or the config's
    /// `cache-dir`) for the current directory.
    Clean {
        /// The cache folder to delete instead.
        #[arg(long, env = "PMLINT_CACHE_DIR", value_name = "DIR", value_parser = any_path())]
        cache_dir: Option<PathBuf>,
    },
    /// Write a commented pmlint.toml in the current directory.
    Init {
        /// The profile the new file selects.
        #[arg(long, default_value = "default")]
        profile: String,
    },
    /// Write shell completions or the man page to stdout.
    #[command(hide = true)]
    Generate {
        #[command(subcommand)]
        what: Generate,
    },
}

#[derive(Subcommand)]
enum Generate {
    /// Completions for a shell.
    Completions { shell: clap_complete::Shell },
    /// The man page, in roff.
    Man,
}

/// Where the settings come from, for `check` and `config`.
#[derive(Args)]
struct SettingsArgs {
    /// Use this config file for every file, instead of the closest pmlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    isolated: bool,
    /// The template the postmortems follow: a built-in profile (`pmlint profiles` lists
    /// them) or the path of a profile file. Overrides the config's `profile`.
    #[arg(long)]
    profile: Option<String>,
    /// Run only these rules (names, codes, code prefixes such as PM1, or ALL).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<String>>,
    /// Run these rules as well.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    extend_select: Vec<String>,
    /// Do not run these rules.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
}

impl SettingsArgs {
    fn mode(&self) -> Mode {
        match (&self.config, self.isolated) {
            (Some(file), _) => Mode::File(file.clone()),
            (None, true) => Mode::Isolated,
            (None, false) => Mode::Discover,
        }
    }

    fn overrides(&self) -> Overrides {
        Overrides {
            profile: self.profile.clone(),
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
        }
    }
}

#[derive(Args)]
struct CheckArgs {
    /// Files or directories to lint; defaults to the current directory.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    #[command(flatten)]
    settings: SettingsArgs,
    /// Skip files and folders matching this gitignore-style pattern (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Apply the excludes to files named on the command line too (for pre-commit).
    #[arg(long)]
    force_exclude: bool,
    /// The path of the document read from stdin (`-`), for its config and the report.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Write the report to this file instead of stdout (atomically: a run that is cut short
    /// leaves the previous report as it was). It must not be one of the files linted.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Refuse to read a document larger than this (bytes, or with K, M or G).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = pmlint::input::parse_size)]
    max_file_size: u64,
    /// The lowest severity that makes pmlint exit with 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Print how many findings each rule made instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Print only the findings: no summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Apply every safe fix, re-lint until nothing changes, and report what remains. With `-`
    /// the fixed text goes to stdout.
    #[arg(long)]
    fix: bool,
    /// With `--fix` or `--diff`, also apply fixes that may change what the document says.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what `--fix` would change, and change nothing; exit 1 when
    /// there is one.
    #[arg(long, conflicts_with_all = ["fix", "statistics"])]
    diff: bool,
    /// Lint every file afresh: neither read nor write the results kept from earlier runs.
    #[arg(long, env = "PMLINT_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    no_cache: bool,
    /// Keep results between runs in this folder instead of the config's `cache-dir` (default:
    /// `.pmlint_cache` beside the config file, or in the current directory).
    #[arg(long, env = "PMLINT_CACHE_DIR", value_name = "DIR", value_parser = any_path())]
    cache_dir: Option<PathBuf>,
}

/// Which files `facts` and `report` read, and with what settings.
#[derive(Args)]
struct FilesArgs {
    /// Files or directories, chosen as for `check`; defaults to the current directory.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    settings: SettingsArgs,
    /// Skip files and folders matching this gitignore-style pattern (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Refuse to read a document larger than this (bytes, or with K, M or G).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = pmlint::input::parse_size)]
    max_file_size: u64,
}

#[derive(Args)]
struct FactsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FactsFormat::Json)]
    format: FactsFormat,
    #[command(flatten)]
    files: FilesArgs,
}

#[derive(Args)]
struct ReportArgs {
    /// The HTML file to write (atomically: a run that is cut short leaves the previous page
    /// as it was).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// The zone to show the timelines in: UTC, an offset (+05:30), an IANA name
    /// (Europe/Berlin) or an abbreviation with one meaning.
    #[arg(long, default_value = "UTC")]
    zone: String,
    #[command(flatten)]
    files: FilesArgs,
}

#[derive(Args)]
struct TimelineArgs {
    /// The postmortem, or - for stdin.
    file: PathBuf,
    /// The zone to show times in: UTC, an offset (+05:30), an IANA name (Europe/Berlin) or an
    /// abbreviation with one meaning.
    #[arg(long, default_value = "UTC")]
    zone: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TimelineFormat::Text)]
    format: TimelineFormat,
    #[command(flatten)]
    settings: SettingsArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TimelineFormat {
    /// A table for the terminal, with the window as a band of `|` and `!`.
    Text,
    /// A self-contained SVG picture: a time axis, the window shaded, entries as labelled marks.
    Svg,
    /// One self-contained HTML page with the picture and a table of the entries.
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FactsFormat {
    /// One versioned JSON document: `{"version": 1, "documents": [...]}`.
    Json,
    /// One JSON record per document, per line, each with its `version`.
    JsonLines,
    /// One row per document, with a header row.
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// miette reports with the source line and labels.
    Human,
    /// One line per finding: `path:line:col: severity[code] message`.
    Concise,
    /// One versioned JSON document.
    Json,
    /// One JSON object per finding, per line.
    JsonLines,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run; `None` for `never`.
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Exit codes: nothing at or above `--fail-on`, findings, or pmlint could not do its job.
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
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Facts(args) => facts::run(args),
        Command::Report(args) => report::run(args),
        Command::Timeline(args) => timeline::run(args),
        Command::Rule { name } => commands::rule(&name),
        Command::Rules => commands::rules(),
        Command::Profiles => commands::profiles(),
        Command::Config { path, settings } => commands::config(path, &settings),
        Command::Init { profile } => commands::init(&profile),
        Command::Clean { cache_dir } => cache::clean_command(given_dir(&cache_dir)),
        Command::Server { settings } => {
            Ok(pmlint::server::run(settings.mode(), settings.overrides()))
        }
        Command::Generate { what } => commands::generate(what),
    };
    result.unwrap_or_else(|error| {
        error.print();
        ExitCode::from(FAILURE)
    })
}

/// Writes to stdout; a closed pipe (`pmlint check | head`) is not an error.
fn emit(text: &str) -> Result<ExitCode, Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if !closed(&e) => Err(Error::writing(&e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// A path, empty allowed: an empty `PMLINT_CACHE_DIR` (set but blank in a CI file) means
/// none, as an unset one does, rather than failing every run.
fn any_path() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    clap::builder::TypedValueParser::map(clap::builder::OsStringValueParser::new(), PathBuf::from)
}

/// The folder given, unless it was given empty.
fn given_dir(dir: &Option<PathBuf>) -> Option<&Path> {
    dir.as_deref().filter(|d| !d.as_os_str().is_empty())
}
