//! Which files a `check` lints, each with the config that applies to it. Directories are
//! walked with the `ignore` crate: `.gitignore` and `.ignore` files are respected (those above
//! the walked folder only up to its repository's root), hidden entries are skipped unless
//! named, and a symbolic link is followed only to a file inside the walked folder. Each file is
//! linted once however often it is named, and the report file is never linted.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use pmlint::config::{Config, ConfigError, Resolver, ceiling, repository_root};
use pmlint::input::{FileId, resolves_inside};
use pmlint::render::escape;
use pmlint::render::stream::Unreadable;

use super::report_error;

/// One file to lint.
pub struct Input {
    /// `None` for stdin.
    pub path: Option<PathBuf>,
    /// The path in the report, escaped so that it prints on one line.
    pub name: String,
    pub config: Arc<Config>,
}

pub struct Walk<'r> {
    pub resolver: &'r mut Resolver,
    /// `--exclude`, relative to the current directory.
    pub exclude: Gitignore,
    pub force_exclude: bool,
    pub stdin_filename: Option<PathBuf>,
    /// The report file (`--output`), which is never linted.
    pub output: Option<FileId>,
    /// Set once a path could not be linted; the run then exits with 2.
    pub failed: bool,
    /// Paths that could not be walked (no such file, an unreadable folder), for the report.
    pub unreadable: Vec<Unreadable>,
    /// Files passed over because an exclude matched them.
    pub excluded: usize,
    /// Every file taken so far, so a file named twice is linted once.
    seen: HashSet<FileId>,
    took_stdin: bool,
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

impl<'r> Walk<'r> {
    pub fn new(resolver: &'r mut Resolver, exclude: Gitignore) -> Walk<'r> {
        Walk {
            resolver,
            exclude,
            force_exclude: false,
            stdin_filename: None,
            output: None,
            failed: false,
            unreadable: Vec::new(),
            excluded: 0,
            seen: HashSet::new(),
            took_stdin: false,
        }
    }

    /// Every file to lint under `paths`, in the order given, directories in path order.
    pub fn collect(&mut self, paths: &[PathBuf]) -> Vec<Input> {
        let mut inputs = Vec::new();
        for path in paths {
            if path.as_os_str() == "-" {
                self.stdin(&mut inputs);
                continue;
            }
            match std::fs::metadata(path) {
                Ok(metadata) if metadata.is_dir() => self.directory(path, &mut inputs),
                // A FIFO or a device named here is taken, and reported unreadable when read.
                Ok(_) => self.file(path, true, &mut inputs),
                Err(_) => self.fail(escape::path(path), "no such file or directory".into()),
            }
        }
        inputs
    }

    fn stdin(&mut self, inputs: &mut Vec<Input>) {
        if std::mem::replace(&mut self.took_stdin, true) {
            return;
        }
        let (name, at) = match &self.stdin_filename {
            Some(path) => (escape::path(path), path.clone()),
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
        let id = FileId::of(path);
        if id.is_some() && id == self.output && !explicit {
            return;
        }
        let apply_excludes = !explicit || self.force_exclude;
        if apply_excludes && excluded(&self.exclude, path, false) {
            self.excluded += 1;
            return;
        }
        let Some(config) = self.config_for(path) else {
            return;
        };
        if apply_excludes && config.excludes(path, false) {
            self.excluded += 1;
            return;
        }
        if let Some(id) = id
            && !self.seen.insert(id)
        {
            return;
        }
        inputs.push(Input {
            path: Some(path.to_path_buf()),
            name: escape::path(path),
            config,
        });
    }

    fn directory(&mut self, dir: &Path, inputs: &mut Vec<Input>) {
        let flag_excludes = self.exclude.clone();
        let above = IgnoredAbove::new(dir, self.resolver.cwd());
        let walker = WalkBuilder::new(dir)
            .require_git(false)
            .git_global(false)
            // Ignore files above `dir` are read by `IgnoredAbove`, up to the repository root.
            .parents(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                entry.depth() == 0
                    || !(excluded(&flag_excludes, entry.path(), is_dir)
                        || above.ignores(entry.path(), is_dir))
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let Some(kind) = entry.file_type() else {
                        continue;
                    };
                    // A link is followed only to a file inside the walked folder: a link to
                    // /proc/self/environ in a pull request must not be printed.
                    let linted = kind.is_file()
                        || (kind.is_symlink()
                            && entry.path().is_file()
                            && resolves_inside(entry.path(), dir));
                    if linted && is_postmortem(entry.path()) {
                        self.file(entry.path(), false, inputs);
                    }
                }
                Err(error) => self.fail(escape::path(dir), error.to_string()),
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

    fn fail(&mut self, path: String, message: String) {
        self.failed = true;
        self.unreadable.push(Unreadable { path, message });
    }
}

/// The `.ignore` and `.gitignore` files (and `.git/info/exclude`) in the folders above a
/// walked folder, up to its repository's root: git applies none above it, and a file planted
/// in `/tmp` must not silence a run.
struct IgnoredAbove {
    /// Closest folder first; within a folder `.ignore` before `.gitignore`, as ripgrep ranks them.
    matchers: Vec<Gitignore>,
}

impl IgnoredAbove {
    fn new(dir: &Path, cwd: &Path) -> IgnoredAbove {
        let Ok(dir) = std::path::absolute(dir) else {
            return IgnoredAbove {
                matchers: Vec::new(),
            };
        };
        let top = ceiling(&dir, cwd);
        let repository = repository_root(&dir).map(Path::to_path_buf);
        let mut matchers = Vec::new();
        for folder in dir.ancestors().skip(1) {
            if !folder.starts_with(&top) {
                break;
            }
            let mut files = vec![folder.join(".ignore"), folder.join(".gitignore")];
            if repository.as_deref() == Some(folder) {
                files.push(folder.join(".git/info/exclude"));
            }
            for file in files.into_iter().filter(|f| f.is_file()) {
                let mut builder = GitignoreBuilder::new(folder);
                builder.add(&file);
                if let Ok(matcher) = builder.build()
                    && !matcher.is_empty()
                {
                    matchers.push(matcher);
                }
            }
        }
        IgnoredAbove { matchers }
    }

    /// Whether the closest rule that speaks of `path` ignores it.
    fn ignores(&self, path: &Path, is_dir: bool) -> bool {
        if self.matchers.is_empty() {
            return false;
        }
        let Ok(absolute) = std::path::absolute(path) else {
            return false;
        };
        self.matchers
            .iter()
            .map(|m| m.matched(&absolute, is_dir))
            .find(|m| !m.is_none())
            .is_some_and(|m| m.is_ignore())
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
