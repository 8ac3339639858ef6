//! Why a command could not do its job. Every command returns `Result<ExitCode, Error>`;
//! `cli::run` prints the error, once, and exits 2.

use std::io::{IsTerminal, Write};

use pmlint::config::ConfigError;

pub enum Error {
    /// A config, a profile or an exclude pattern that cannot be used, shown with its source.
    Config(ConfigError),
    /// Said in one line: `pmlint: error: ...`.
    Message(String),
    /// Already reported where it arose.
    Reported,
}

impl From<ConfigError> for Error {
    fn from(error: ConfigError) -> Error {
        Error::Config(error)
    }
}

impl Error {
    /// A report that could not be written; a closed pipe is told apart by [`closed`] first.
    pub fn writing(error: &std::io::Error) -> Error {
        Error::Message(format!("cannot write the report: {error}"))
    }

    pub fn print(&self) {
        match self {
            Error::Config(error) => report_error(error),
            Error::Message(message) => say!("pmlint: error: {message}"),
            Error::Reported => {}
        }
    }
}

/// The reader went away (`pmlint check | head`): not an error, there is just no one left to
/// write to.
pub fn closed(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::BrokenPipe
}

/// Prints a miette report of `error` to stderr, in colour on a terminal.
pub fn report_error(error: &dyn miette::Diagnostic) {
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let out = pmlint::render::error_report(error, color);
    let _ = stderr.lock().write_all(out.as_bytes());
}
