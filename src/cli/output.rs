//! Where a report goes: stdout, or the `--output` file, written to a temporary file beside it
//! and renamed over it only once the report is whole, so a run that is interrupted or fails
//! leaves the previous report as it was.

use std::fs::Permissions;
use std::io::{self, BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

pub enum Output {
    Stdout(BufWriter<Stdout>),
    /// A FIFO or a device (`/dev/stdout`, `/dev/null`): written as it is, since it cannot be
    /// replaced.
    Stream(BufWriter<std::fs::File>),
    File {
        temporary: BufWriter<NamedTempFile>,
        /// Where the finished report goes.
        target: PathBuf,
    },
}

impl Output {
    pub fn stdout() -> Output {
        Output::Stdout(BufWriter::new(io::stdout()))
    }

    /// A report to `path`. A link is written through to its target, which keeps its
    /// permissions; a new file gets the usual ones; a FIFO or a device is written directly.
    pub fn file(path: &Path) -> io::Result<Output> {
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let stream = std::fs::OpenOptions::new().write(true).open(path)?;
            return Ok(Output::Stream(BufWriter::new(stream)));
        }
        let target = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
            _ => path.to_path_buf(),
        };
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no folder {}", pmlint::render::escape::path(folder)),
            ));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".pmlint-report-").suffix(".tmp");
        let permissions = std::fs::metadata(&target)
            .map(|m| m.permissions())
            .ok()
            .or_else(default_permissions);
        if let Some(permissions) = permissions {
            builder.permissions(permissions);
        }
        let temporary = builder.tempfile_in(folder)?;
        Ok(Output::File {
            temporary: BufWriter::new(temporary),
            target,
        })
    }

    /// Flushes the report and, for a file, puts it in place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush(),
            Output::Stream(mut out) => out.flush(),
            Output::File { temporary, target } => {
                let file = temporary
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)?;
                file.as_file().sync_all()?;
                file.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(bytes),
            Output::Stream(out) => out.write(bytes),
            Output::File { temporary, .. } => temporary.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::Stream(out) => out.flush(),
            Output::File { temporary, .. } => temporary.flush(),
        }
    }
}

/// Read and write for everyone the umask allows, as a file made by `>` would have (a temporary
/// file alone would be private).
fn default_permissions() -> Option<Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Whether the file at `path` reads as a report pmlint wrote in some format, so that a walk may
/// pass it by; anything else there (a postmortem, say) must not be written over.
pub fn is_report(path: &Path) -> bool {
    let Ok(bytes) = pmlint::input::read_file(path, pmlint::input::DOCUMENT_CAP) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    let text = text.trim();
    let first = text.lines().next().unwrap_or("");
    let last = text.lines().next_back().unwrap_or("");
    text.is_empty()
        || text.starts_with('{')
        || text.starts_with("<?xml")
        || text.starts_with("::")
        || last.starts_with("Checked ")
        || is_finding_line(first)
}

/// A finding's first line in the concise or human format: `path:1:2: error[PM101] …` or
/// `unknown-timezone(PM101)`.
fn is_finding_line(line: &str) -> bool {
    let concise = line.split_once('[').is_some_and(|(before, after)| {
        ["error", "warning", "info"]
            .iter()
            .any(|s| before.ends_with(s))
            && after.starts_with("PM")
    });
    let human = line.ends_with(')') && line.contains("(PM") && !line.contains(' ');
    concise || human
}
