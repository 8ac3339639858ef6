//! Which config file applies to a path: the closest `.pmlint.toml` or `pmlint.toml` in its
//! folder or a folder above it, up to the repository root (the folder holding `.git`), or,
//! outside any repository, up to the folder pmlint started in or the user's home: a config
//! planted in `/tmp` or `/` never leaks in. Each file is read once per run.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{Config, ConfigError, FILE_NAMES, Overrides};

/// Where settings come from.
#[derive(Debug, Clone)]
pub enum Mode {
    /// The closest config file above each linted file.
    Discover,
    /// `--config FILE`: this file for every linted file.
    File(PathBuf),
    /// `--isolated`: no config file at all.
    Isolated,
}

pub struct Resolver {
    overrides: Overrides,
    /// The folder pmlint started in.
    cwd: PathBuf,
    /// The config for every file, when the mode fixes one.
    fixed: Option<Arc<Config>>,
    defaults: Arc<Config>,
    /// For each folder asked about: the config file found for it, and the folder that bounds
    /// the files it may read.
    found: HashMap<PathBuf, (Option<PathBuf>, PathBuf)>,
    /// Each config file read, or `None` once it failed and its error was handed out.
    loaded: HashMap<PathBuf, Option<Arc<Config>>>,
}

impl Resolver {
    /// Fails when the command line or the `--config` file cannot be used; those apply to
    /// every file.
    pub fn new(mode: Mode, overrides: Overrides) -> Result<Resolver, ConfigError> {
        let cwd = std::env::current_dir()
            .map_err(|e| ConfigError::plain(format!("cannot read the current directory: {e}")))?;
        let defaults = Arc::new(Config::defaults(&overrides)?);
        let fixed = match &mode {
            Mode::Discover => None,
            Mode::File(path) => {
                let absolute =
                    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.clone()));
                let folder = absolute.parent().unwrap_or(&absolute);
                let boundary = ceiling(folder, &cwd);
                Some(Arc::new(Config::load(path, &boundary, &overrides)?))
            }
            Mode::Isolated => Some(defaults.clone()),
        };
        Ok(Resolver {
            overrides,
            cwd,
            fixed,
            defaults,
            found: HashMap::new(),
            loaded: HashMap::new(),
        })
    }

    /// The folder pmlint started in, where discovery outside a repository stops.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The config for a file at `path` (which need not exist: `--stdin-filename`). An error
    /// is returned the first time a broken config file is met, `Ok(None)` after that, so each
    /// is reported once and its files are skipped.
    pub fn for_file(&mut self, path: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        let absolute = normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        let dir = absolute.parent().unwrap_or(&absolute).to_path_buf();
        self.for_dir(&dir)
    }

    /// The config for the files in the folder `dir`.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(Some(fixed.clone()));
        }
        let (file, boundary) = self.find(&normalize(dir));
        let Some(file) = file else {
            return Ok(Some(self.defaults.clone()));
        };
        if let Some(loaded) = self.loaded.get(&file) {
            return Ok(loaded.clone());
        }
        let loaded =
            inside(&file, &boundary).and_then(|()| Config::load(&file, &boundary, &self.overrides));
        match loaded {
            Ok(config) => {
                let config = Arc::new(config);
                self.loaded.insert(file, Some(config.clone()));
                Ok(Some(config))
            }
            Err(error) => {
                self.loaded.insert(file, None);
                Err(error)
            }
        }
    }

    /// The closest config file in `dir` or a folder above it, up to the boundary of `dir`'s
    /// files, and that boundary.
    fn find(&mut self, dir: &Path) -> (Option<PathBuf>, PathBuf) {
        if let Some(found) = self.found.get(dir) {
            return found.clone();
        }
        let boundary = ceiling(dir, &self.cwd);
        let mut found = None;
        for folder in dir.ancestors() {
            if let Some(name) = FILE_NAMES.iter().find(|n| folder.join(n).exists()) {
                found = Some(folder.join(name));
                break;
            }
            if folder == boundary {
                break;
            }
        }
        let answer = (found, boundary);
        self.found.insert(dir.to_path_buf(), answer.clone());
        answer
    }
}

/// The repository root above `dir` (the folder holding `.git`, as git finds it), if any.
pub fn repository_root(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|folder| folder.join(".git").exists())
}

/// The highest folder whose config files apply to the files in `dir` (absolute, without `..`):
/// its repository's root; outside a repository, the folder pmlint started in or the user's
/// home when `dir` lies below one of them (the closer wins) and that is not `/`; else `dir`
/// alone.
pub fn ceiling(dir: &Path, cwd: &Path) -> PathBuf {
    if let Some(root) = repository_root(dir) {
        return root.to_path_buf();
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    dir.ancestors()
        .filter(|folder| folder.parent().is_some())
        .find(|folder| *folder == cwd || home.as_deref() == Some(*folder))
        .unwrap_or(dir)
        .to_path_buf()
}

/// `path` with its `.` and `..` parts taken out as written, without asking the file system:
/// `repo/../other` is `other`, so walking up from it never passes through `repo`.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() && !out.has_root() {
                    out.push(part);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A config file found by discovery is used only if it is a file inside `boundary` once links
/// are resolved: a `pmlint.toml` that links to `/proc/self/environ` is refused unread.
fn inside(file: &Path, boundary: &Path) -> Result<(), ConfigError> {
    if crate::input::resolves_inside(file, boundary) {
        Ok(())
    } else {
        Err(ConfigError::plain(format!(
            "{}: resolves to a file outside this repository ({}); a config file must lie inside the repository it configures",
            crate::render::escape::path(file),
            crate::render::escape::path(boundary)
        )))
    }
}
