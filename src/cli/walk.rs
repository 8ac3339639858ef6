//! Which files a `check` lints, each with the config that applies to it. Directories are
//! walked with the `ignore` crate: `.gitignore` and `.ignore` files are respected, hidden
//! entries are skipped unless named, symbolic links are not followed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use pmlint::config::{Config, ConfigError, Resolver};

use super::report_error;

/// One file to lint.
pub struct Input {
    /// `None` for stdin.
    pub path: Option<PathBuf>,
    /// The path in the report.
    pub name: String,
    pub config: Arc<Config>,
}

pub struct Walk<'r> {
    pub resolver: &'r mut Resolver,
    /// `--exclude`, relative to the current directory.
    pub exclude: Gitignore,
    pub force_exclude: bool,
    pub stdin_filename: Option<PathBuf>,
    /// Set once a path could not be linted; the run then exits with 2.
    pub failed: bool,
}

/// Builds the `--exclude` matcher.
pub fn excludes(patterns: &[String]) -> Result<Gitignore, ConfigError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut builder = GitignoreBuilder::new(cwd);
    for pattern in patterns {
        builder
            .add_line(None, pattern)
            .map_err(|e| ConfigError::plain(format!("--exclude {pattern}: {e}")))?;
    }
    builder
        .build()
        .map_err(|e| ConfigError::plain(format!("--exclude: {e}")))
}

impl Walk<'_> {
    /// Every file to lint under `paths`, in the order given, directories in path order.
    pub fn collect(&mut self, paths: &[PathBuf]) -> Vec<Input> {
        let mut inputs = Vec::new();
        for path in paths {
            if path.as_os_str() == "-" {
                self.stdin(&mut inputs);
            } else if path.is_file() {
                self.file(path, true, &mut inputs);
            } else if path.is_dir() {
                self.directory(path, &mut inputs);
            } else {
                self.fail(&format!("{}: no such file or directory", path.display()));
            }
        }
        inputs
    }

    fn stdin(&mut self, inputs: &mut Vec<Input>) {
        let (name, at) = match &self.stdin_filename {
            Some(path) => (path.display().to_string(), path.clone()),
            None => ("<stdin>".to_string(), PathBuf::from("<stdin>")),
        };
        if let Some(config) = self.config_for(&at) {
            inputs.push(Input {
                path: None,
                name,
                config,
            });
        }
    }

    /// A file named on the command line (`explicit`) is linted whatever its extension and
    /// excludes, unless `--force-exclude` asks for the excludes.
    fn file(&mut self, path: &Path, explicit: bool, inputs: &mut Vec<Input>) {
        let apply_excludes = !explicit || self.force_exclude;
        if apply_excludes && excluded(&self.exclude, path, false) {
            return;
        }
        let Some(config) = self.config_for(path) else {
            return;
        };
        if apply_excludes && config.excludes(path, false) {
            return;
        }
        inputs.push(Input {
            path: Some(path.to_path_buf()),
            name: path.display().to_string(),
            config,
        });
    }

    fn directory(&mut self, dir: &Path, inputs: &mut Vec<Input>) {
        let flag_excludes = self.exclude.clone();
        let walker = WalkBuilder::new(dir)
            .require_git(false)
            .git_global(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                entry.depth() == 0 || !excluded(&flag_excludes, entry.path(), is_dir)
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry
                        .file_type()
                        .is_some_and(|t| t.is_file() || (t.is_symlink() && entry.path().is_file()));
                    if is_file && is_postmortem(entry.path()) {
                        self.file(entry.path(), false, inputs);
                    }
                }
                Err(error) => self.fail(&error.to_string()),
            }
        }
    }

    fn config_for(&mut self, path: &Path) -> Option<Arc<Config>> {
        match self.resolver.for_file(path) {
            Ok(Some(config)) => Some(config),
            Ok(None) => {
                self.failed = true;
                None
            }
            Err(error) => {
                report_error(&error);
                self.failed = true;
                None
            }
        }
    }

    fn fail(&mut self, message: &str) {
        eprintln!("pmlint: error: {message}");
        self.failed = true;
    }
}

fn excluded(matcher: &Gitignore, path: &Path, is_dir: bool) -> bool {
    if matcher.is_empty() {
        return false;
    }
    let Ok(absolute) = std::path::absolute(path) else {
        return false;
    };
    absolute
        .strip_prefix(matcher.path())
        .is_ok_and(|rel| matcher.matched_path_or_any_parents(rel, is_dir).is_ignore())
}

fn is_postmortem(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown" | "txt"))
}
