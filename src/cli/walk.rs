//! Which files a `check` lints, each with the config that applies to it. Directories are
//! walked with the `ignore` crate: `.gitignore` and `.ignore` files are respected (those above
//! the walked folder only up to its repository's root), hidden entries are skipped unless
//! named, and symbolic links are not followed (as ripgrep does: a link in a pull request could
//! point at a secret). Each file is linted once however often it is named, and an earlier
//! report is never linted.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use pmlint::config::{
    Config, ConfigError, Resolver, absolute, ceiling, matches, normalize, repository_root,
};
use pmlint::input::{FileId, resolves_inside};
use pmlint::render::escape;
use pmlint::render::stream::Unreadable;

use super::output::is_report;
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
    /// Stdin was passed over: `--force-exclude` and an excluded `--stdin-filename`.
    pub stdin_excluded: bool,
    /// Every file taken so far, so a file named twice is linted once.
    seen: HashSet<FileId>,
    took_stdin: bool,
}

/// The paths named, or the current directory when none is.
pub fn paths_or_here(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
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
            stdin_excluded: false,
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
                Ok(metadata) if metadata.is_dir() => {
                    if let Err(message) = self.stays_inside(path) {
                        self.fail(escape::path(path), message);
                    } else {
                        self.directory(path, &mut inputs);
                    }
                }
                // A FIFO or a device named here is taken, and reported unreadable when read.
                Ok(_) => self.file(path, true, &mut inputs),
                Err(_) => self.fail(escape::path(path), "no such file or directory".into()),
            }
        }
        inputs
    }

    /// A folder named inside the repository pmlint runs in must not resolve outside it: a
    /// pull request can turn `docs/postmortems` into a link to `/`. A folder named outside the
    /// repository is the user's choice.
    fn stays_inside(&self, dir: &Path) -> Result<(), String> {
        let cwd = self.resolver.cwd();
        let top = ceiling(cwd, cwd);
        let named = normalize(&std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()));
        if named.starts_with(&top) && !resolves_inside(dir, &top) {
            return Err(format!(
                "links outside this repository ({}); name the folder it links to, to lint it",
                escape::path(&top)
            ));
        }
        Ok(())
    }

    fn stdin(&mut self, inputs: &mut Vec<Input>) {
        if std::mem::replace(&mut self.took_stdin, true) {
            return;
        }
        let (name, at) = match &self.stdin_filename {
            Some(path) => (escape::path(path), path.clone()),
            None => ("<stdin>".to_string(), PathBuf::from("<stdin>")),
        };
        let Some(config) = self.config_for(&at) else {
            return;
        };
        // `--force-exclude` applies the excludes to the name stdin is linted as, so an editor
        // or hook that pipes every file through pmlint gets nothing for an excluded one.
        let passed_over = self.stdin_filename.is_some()
            && self.force_exclude
            && (excluded(&self.exclude, &at, false)
                || !config.includes(&at)
                || config.excludes(&at, false));
        if passed_over {
            self.excluded += 1;
            self.stdin_excluded = true;
        } else {
            inputs.push(Input {
                path: None,
                name,
                config,
            });
        }
    }

    /// A file found in a folder is linted when its config includes it and no exclude matches
    /// it. A file named on the command line (`explicit`) is linted whatever `include` and the
    /// excludes say, unless `--force-exclude` asks for them: pre-commit names every file.
    fn file(&mut self, path: &Path, explicit: bool, inputs: &mut Vec<Input>) {
        let id = FileId::of(path);
        // An earlier report found by the walk is passed by; anything else at the output path
        // is taken, so that writing the report over it is refused.
        if !explicit && id.is_some() && id == self.output && is_report(path) {
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
        if !config.includes(path) {
            if !explicit {
                return;
            }
            if self.force_exclude {
                self.excluded += 1;
                return;
            }
        }
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
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file {
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
/// in `/tmp` must not silence a run. The walker reads the ignore files inside the walked folder
/// itself; those are read here again only to let a closer `!pattern` win over a rule from
/// above, as git ranks them.
struct IgnoredAbove {
    /// The walked folder, absolute.
    root: PathBuf,
    /// The folders above it, closest first.
    above: Vec<FolderIgnores>,
    /// The folders inside it met so far.
    inside: Mutex<HashMap<PathBuf, Arc<FolderIgnores>>>,
}

/// One folder's ignore files; a missing one matches nothing.
struct FolderIgnores {
    ignore: Gitignore,
    gitignore: Gitignore,
    exclude: Gitignore,
}

impl FolderIgnores {
    fn read(folder: &Path, is_repository_root: bool) -> FolderIgnores {
        let matcher = |file: PathBuf| {
            if !file.is_file() {
                return Gitignore::empty();
            }
            let mut builder = GitignoreBuilder::new(folder);
            builder.add(&file);
            builder.build().unwrap_or_else(|_| Gitignore::empty())
        };
        FolderIgnores {
            ignore: matcher(folder.join(".ignore")),
            gitignore: matcher(folder.join(".gitignore")),
            exclude: if is_repository_root {
                matcher(folder.join(".git/info/exclude"))
            } else {
                Gitignore::empty()
            },
        }
    }

    fn is_empty(&self) -> bool {
        self.ignore.is_empty() && self.gitignore.is_empty() && self.exclude.is_empty()
    }
}

impl IgnoredAbove {
    fn new(dir: &Path, cwd: &Path) -> IgnoredAbove {
        let root = std::path::absolute(dir).map_or_else(|_| dir.to_path_buf(), |d| normalize(&d));
        let top = ceiling(&root, cwd);
        let repository = repository_root(&root).map(Path::to_path_buf);
        let above = root
            .ancestors()
            .skip(1)
            .take_while(|folder| folder.starts_with(&top))
            .map(|folder| FolderIgnores::read(folder, repository.as_deref() == Some(folder)))
            .filter(|ignores| !ignores.is_empty())
            .collect();
        IgnoredAbove {
            root,
            above,
            inside: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the ignore files decide that `path` is ignored: `.ignore` files before
    /// `.gitignore` files before `.git/info/exclude`, and within each kind the closest folder
    /// first, as the `ignore` crate ranks them.
    fn ignores(&self, path: &Path, is_dir: bool) -> bool {
        if self.above.is_empty() {
            return false;
        }
        let Ok(absolute) = std::path::absolute(path).map(|p| normalize(&p)) else {
            return false;
        };
        let inside: Vec<Arc<FolderIgnores>> = absolute
            .ancestors()
            .skip(1)
            .take_while(|folder| folder.starts_with(&self.root))
            .map(|folder| self.inside(folder))
            .collect();
        let kinds: [fn(&FolderIgnores) -> &Gitignore; 3] =
            [|f| &f.ignore, |f| &f.gitignore, |f| &f.exclude];
        for kind in kinds {
            let folders = inside.iter().map(|f| &**f).chain(&self.above);
            for folder in folders {
                let matched = kind(folder).matched(&absolute, is_dir);
                if !matched.is_none() {
                    return matched.is_ignore();
                }
            }
        }
        false
    }

    fn inside(&self, folder: &Path) -> Arc<FolderIgnores> {
        let mut cache = self.inside.lock().unwrap_or_else(PoisonError::into_inner);
        cache
            .entry(folder.to_path_buf())
            .or_insert_with(|| Arc::new(FolderIgnores::read(folder, folder.join(".git").exists())))
            .clone()
    }
}

fn excluded(matcher: &Gitignore, path: &Path, is_dir: bool) -> bool {
    !matcher.is_empty() && absolute(path).is_some_and(|p| matches(matcher, &p, is_dir))
}
