//! Which config file applies to a path: the closest `.pmlint.toml` or `pmlint.toml` in its
//! folder or a folder above it, up to the repository root (the folder holding `.git`), so a
//! config outside the repository never leaks in. Each file is read once per run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
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
    /// The config for every file, when the mode fixes one.
    fixed: Option<Arc<Config>>,
    defaults: Arc<Config>,
    /// The config file found for each folder asked about.
    found: HashMap<PathBuf, Option<PathBuf>>,
    /// Each config file read, or `None` once it failed and its error was handed out.
    loaded: HashMap<PathBuf, Option<Arc<Config>>>,
}

impl Resolver {
    /// Fails when the command line or the `--config` file cannot be used; those apply to
    /// every file.
    pub fn new(mode: Mode, overrides: Overrides) -> Result<Resolver, ConfigError> {
        let cwd = std::env::current_dir()
            .map_err(|e| ConfigError::plain(format!("cannot read the current directory: {e}")))?;
        let defaults = Arc::new(Config::defaults(cwd, &overrides)?);
        let fixed = match &mode {
            Mode::Discover => None,
            Mode::File(path) => Some(Arc::new(Config::load(path, &overrides)?)),
            Mode::Isolated => Some(defaults.clone()),
        };
        Ok(Resolver {
            overrides,
            fixed,
            defaults,
            found: HashMap::new(),
            loaded: HashMap::new(),
        })
    }

    /// The config for a file at `path` (which need not exist: `--stdin-filename`). An error
    /// is returned the first time a broken config file is met, `Ok(None)` after that, so each
    /// is reported once and its files are skipped.
    pub fn for_file(&mut self, path: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = absolute.parent().unwrap_or(&absolute).to_path_buf();
        self.for_dir(&dir)
    }

    /// The config for the files in the folder `dir`.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(Some(fixed.clone()));
        }
        let Some(file) = self.find(dir) else {
            return Ok(Some(self.defaults.clone()));
        };
        if let Some(loaded) = self.loaded.get(&file) {
            return Ok(loaded.clone());
        }
        match Config::load(&file, &self.overrides) {
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

    fn find(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.found.get(dir) {
            return found.clone();
        }
        let mut found = None;
        for folder in dir.ancestors() {
            if let Some(name) = FILE_NAMES.iter().find(|n| folder.join(n).is_file()) {
                found = Some(folder.join(name));
                break;
            }
            if folder.join(".git").exists() {
                break;
            }
        }
        self.found.insert(dir.to_path_buf(), found.clone());
        found
    }
}
