//! `check --fix` and `check --diff` for one file: apply the fixes, then write the file back
//! atomically, print the fixed text (stdin), or print a unified diff.

use std::io::Write;
use std::path::Path;

use similar::TextDiff;

use pmlint::fix::{FixOptions, Fixed, fix_file, unsafe_available};
use pmlint::render::escape;
use pmlint::source::Format;
use pmlint::{Findings, Settings};

/// What `check` does with the fixes it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Report only.
    Off,
    /// Apply them and write the files.
    Fix(FixOptions),
    /// Print what `--fix` would change; write nothing.
    Diff(FixOptions),
}

impl FixMode {
    pub fn options(self) -> Option<FixOptions> {
        match self {
            FixMode::Off => None,
            FixMode::Fix(options) | FixMode::Diff(options) => Some(options),
        }
    }
}

/// What fixing one file did.
#[derive(Debug, Default, Clone, Copy)]
pub struct FileFix {
    /// Fixes applied (or, for `--diff`, that would be).
    pub applied: usize,
    /// Unsafe fixes left for `--unsafe-fixes`.
    pub unsafe_left: usize,
}

/// The fixed file, what remains in it, and the text to print for it: the unified diff for
/// `--diff`, the fixed text for `--fix` on stdin.
pub struct FileResult {
    pub fixed: Fixed,
    pub fix: FileFix,
    pub printed: Option<String>,
}

impl FileResult {
    pub fn remaining(&self) -> &Findings {
        &self.fixed.remaining
    }
}

/// Fixes the file read as `original` from `path` (`None` for stdin) and writes it back.
pub fn fix_one(
    path: Option<&Path>,
    name: &str,
    original: &str,
    format: Format,
    settings: &Settings,
    mode: FixMode,
) -> Result<FileResult, String> {
    let options = mode.options().unwrap_or_default();
    let fixed = fix_file(name, original, format, settings, options);
    let fix = FileFix {
        applied: fixed.applied,
        unsafe_left: unsafe_available(&fixed.remaining, settings, options),
    };
    let changed = fixed.contents != original;
    let printed = match (mode, path) {
        (FixMode::Diff(_), _) => changed.then(|| diff(name, original, &fixed.contents)),
        (FixMode::Fix(_), None) => Some(fixed.contents.clone()),
        (FixMode::Fix(_), Some(path)) => {
            if changed {
                write_back(path, original, &fixed.contents)?;
            }
            None
        }
        (FixMode::Off, _) => None,
    };
    Ok(FileResult {
        fixed,
        fix,
        printed,
    })
}

/// A unified diff of the fix, with `a/` and `b/` paths as `git apply` reads them.
fn diff(name: &str, before: &str, after: &str) -> String {
    let name = escape::controls(name, true);
    // `a/` and `b/` let `git apply` take a relative path; an absolute one is given as it is.
    let (old, new) = if Path::new(name.as_ref()).is_absolute() {
        (name.to_string(), name.to_string())
    } else {
        (format!("a/{name}"), format!("b/{name}"))
    };
    TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&old, &new)
        .to_string()
}

/// Replaces the file at `path` with `fixed`, atomically: a temporary file in the same folder,
/// given the file's permissions, renamed over it. A file that changed on disk since it was
/// read (`original`) or is read-only is left alone; a symbolic link is followed and its
/// target replaced, so the link stays a link.
fn write_back(path: &Path, original: &str, fixed: &str) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let now = std::fs::read(&target).map_err(|e| e.to_string())?;
    if now != original.as_bytes() {
        return Err("changed on disk while pmlint was fixing it; not overwritten".into());
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)
        .map_err(|e| e.to_string())?
        .permissions();
    // A rename would replace it all the same; read-only says the file is not to be changed.
    if permissions.readonly() {
        return Err("is read-only; not fixed".into());
    }
    let written = tempfile::Builder::new()
        .prefix(".pmlint-fix-")
        .tempfile_in(folder)
        .and_then(|mut temporary| {
            temporary.write_all(fixed.as_bytes())?;
            temporary.as_file().set_permissions(permissions)?;
            temporary.as_file().sync_all()?;
            temporary.persist(&target).map_err(|e| e.error)?;
            Ok(())
        });
    written.map_err(|e| format!("could not write the fixed file: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("pm.md");
        std::fs::write(&path, "edited meanwhile\n").expect("written");
        let refused = write_back(&path, "as read\n", "fixed\n");
        assert!(refused.is_err_and(|e| e.contains("changed on disk")));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "edited meanwhile\n"
        );
        write_back(&path, "edited meanwhile\n", "fixed\n").expect("written back");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fixed\n");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "the temporary file was left behind");
    }

    #[cfg(unix)]
    #[test]
    fn the_fixed_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("pm.md");
        std::fs::write(&path, "a\n").expect("written");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_back(&path, "a\n", "b\n").expect("written back");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}
