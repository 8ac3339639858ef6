//! `pmlint.toml`: which profile and rules apply, at what severity, to which files; what is
//! never linted; and how this repository writes dates and zones. The closest config file
//! above a linted file applies to it ([`Resolver`]), with the files it names in `extend`.

mod build;
mod chain;
mod error;
mod file;
mod per_file;
mod resolver;
mod rule_set;
#[cfg(test)]
mod schema;
mod scope;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use error::ConfigError;
pub use resolver::{Mode, Resolver, ceiling, normalize, repository_root};
pub use scope::{absolute, matches};

use crate::Settings;
use crate::rules;
use crate::source::Format;
use crate::time::conventions::DateOrder;
use per_file::PerFileIgnores;
use scope::Files;

/// The names a config file may have, in the order they win within one directory.
pub const FILE_NAMES: [&str; 2] = [".pmlint.toml", "pmlint.toml"];

/// Settings given on the command line; they apply on top of every config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// One config file, resolved: the settings it gives and where each came from.
#[derive(Debug)]
pub struct Config {
    /// The file; `None` when no file applies and the defaults do.
    pub path: Option<PathBuf>,
    /// The files it extends, closest first.
    extends: Vec<PathBuf>,
    pub settings: Settings,
    files: Files,
    /// Each file's per-file ignores, with the folder their patterns are relative to.
    per_file_ignores: Vec<(PathBuf, PerFileIgnores)>,
    origins: Origins,
    /// `cache-dir`, made absolute.
    cache_dir: Option<PathBuf>,
    /// [`Config::settings_key`] of `settings`, written out once.
    settings_key: OnceLock<String>,
}

/// Where each resolved setting came from, for `pmlint config`.
#[derive(Debug, Default)]
struct Origins {
    profile: String,
    rules: BTreeMap<&'static str, String>,
    date_order: String,
    include: String,
    include_patterns: Vec<String>,
    /// Each file's additions, with the file.
    extend_include: Vec<(String, Vec<String>)>,
    exclude: Vec<(String, Vec<String>)>,
    extensions: Vec<(String, Format)>,
}

impl Config {
    /// The settings for files no config file covers: the defaults and the command line.
    pub fn defaults(overrides: &Overrides) -> Result<Config, ConfigError> {
        build::build(&[], Path::new("/"), overrides)
    }

    /// Reads the config file at `path` and the files it extends. Those and a profile file
    /// they name must lie inside `boundary` (its repository), whatever links and `..` say.
    pub fn load(
        path: &Path,
        boundary: &Path,
        overrides: &Overrides,
    ) -> Result<Config, ConfigError> {
        build::build(&chain::read(path, boundary)?, boundary, overrides)
    }

    /// Whether a folder's walk lints the file at `path`: `include`, `extend-include` and
    /// `extensions` say.
    pub fn includes(&self, path: &Path) -> bool {
        self.files.includes(path)
    }

    /// Whether the config's `exclude` patterns match `path` or a folder above it.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        self.files.excludes(path, is_dir)
    }

    /// How the file at `path` is read when the config's `extensions` name its ending.
    pub fn extension_format(&self, path: &Path) -> Option<Format> {
        self.files.extension(path)
    }

    /// How the file called `name` is read.
    pub fn format(&self, name: &Path) -> Format {
        self.files.format(name)
    }

    /// The settings for the file at `path`: the config's, less its per-file ignores.
    pub fn settings_for(&self, path: &Path) -> Cow<'_, Settings> {
        let Some(path) = absolute(path) else {
            return Cow::Borrowed(&self.settings);
        };
        let ignored: Vec<_> = self
            .per_file_ignores
            .iter()
            .filter_map(|(root, ignores)| Some(ignores.rules_for(path.strip_prefix(root).ok()?)))
            .flatten()
            .collect();
        if ignored.is_empty() {
            return Cow::Borrowed(&self.settings);
        }
        let mut settings = self.settings.clone();
        for rule in ignored {
            settings.profile.set(rule, None);
        }
        Cow::Owned(settings)
    }

    /// Where `check`, run in `cwd`, keeps its results between runs: `cache-dir`, else
    /// `.pmlint_cache` beside the config file when that is `cwd`'s or a folder's above it.
    /// `None` when no config file applies, or for one from elsewhere (a shared config given
    /// with `--config`, one in `/etc`), which gets no cache folder beside it.
    pub fn cache_dir(&self, cwd: &Path) -> Option<PathBuf> {
        self.cache_dir.clone().or_else(|| {
            let path = resolver::normalize(&std::path::absolute(self.path.as_deref()?).ok()?);
            let folder = path.parent()?;
            cwd.starts_with(folder)
                .then(|| folder.join(".pmlint_cache"))
        })
    }

    /// Everything in `settings` (which [`Config::settings_for`] gave) that the rules' findings
    /// depend on, written out: two runs with the same key find the same in the same file.
    pub fn settings_key(&self, settings: &Settings) -> Cow<'_, str> {
        if std::ptr::eq(settings, &self.settings) {
            Cow::Borrowed(self.settings_key.get_or_init(|| format!("{settings:?}")))
        } else {
            Cow::Owned(format!("{settings:?}"))
        }
    }

    /// The resolved settings with the origin of each, as `pmlint config` prints them.
    pub fn describe(&self) -> String {
        let origin = |o: &str| format!("# {o}");
        let mut out = String::new();
        match &self.path {
            Some(path) => {
                out.push_str(&format!(
                    "# config file: {}\n",
                    crate::render::escape::path(path)
                ));
                for base in &self.extends {
                    out.push_str(&format!(
                        "# which extends: {}\n",
                        crate::render::escape::path(base)
                    ));
                }
            }
            None => out.push_str("# no config file applies; these are the defaults\n"),
        }
        let profile = &self.settings.profile;
        out.push_str(&format!(
            "{:<40} {}\n",
            format!("profile = \"{}\"", profile.name),
            origin(&self.origins.profile)
        ));
        let list = |patterns: &[String]| {
            let quoted: Vec<String> = patterns.iter().map(|p| toml_string(p)).collect();
            format!("[{}]", quoted.join(", "))
        };
        out.push_str(&format!(
            "{:<40} {}\n",
            format!("include = {}", list(&self.origins.include_patterns)),
            origin(&self.origins.include)
        ));
        // Each file's patterns are relative to that file, so each is shown with it.
        for (key, added) in [
            ("extend-include", &self.origins.extend_include),
            ("exclude", &self.origins.exclude),
        ] {
            for (from, patterns) in added {
                out.push_str(&format!(
                    "{:<40} {}\n",
                    format!("{key} = {}", list(patterns)),
                    origin(from)
                ));
            }
        }
        if !self.origins.extensions.is_empty() {
            out.push_str("\n[extensions]\n");
            for (ending, format) in &self.origins.extensions {
                let reading = match format {
                    Format::Markdown => "markdown",
                    Format::PlainText => "text",
                };
                out.push_str(&format!("{} = \"{reading}\"\n", toml_string(&ending[1..])));
            }
        }
        out.push_str("\n[dates]\n");
        let order = match self.settings.conventions.date_order {
            DateOrder::MonthFirst => "mdy",
            DateOrder::DayFirst => "dmy",
        };
        out.push_str(&format!(
            "{:<40} {}\n",
            format!("order = \"{order}\""),
            origin(&self.origins.date_order)
        ));
        let settled: Vec<(&str, &str)> = self.settings.conventions.settled().collect();
        if !settled.is_empty() {
            out.push_str("\n[timezones]\n");
            for (abbreviation, zone) in settled {
                out.push_str(&format!("{abbreviation} = \"{zone}\"\n"));
            }
        }
        out.push_str("\n[rules]\n");
        for meta in rules::metas() {
            let severity = profile
                .severity(meta)
                .map_or_else(|| "off".to_string(), |s| s.to_string());
            let from = self.origins.rules.get(meta.code).map_or("", String::as_str);
            out.push_str(&format!(
                "{:<6} {:<20} {:<8} {}\n",
                meta.code,
                meta.name,
                severity,
                origin(from)
            ));
        }
        let entries = self.per_file_ignores.iter().flat_map(|(_, i)| &i.entries);
        if entries.clone().next().is_some() {
            out.push_str("\n[per-file-ignores]\n");
            for p in entries {
                let names: Vec<String> = p.rules.iter().map(|r| toml_string(r.name)).collect();
                out.push_str(&format!(
                    "{} = [{}]\n",
                    toml_string(&p.pattern),
                    names.join(", ")
                ));
            }
        }
        out
    }
}

/// `text` as a TOML basic string, so `pmlint config`'s output can be pasted into a config.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn a_toml_string_reads_back_as_written() {
        for text in ["İX", "a\"b\\c", "bell\u{7}", "tab\there", "*.md"] {
            let parsed: toml::Table = format!("k = {}", toml_string(text))
                .parse()
                .expect("valid TOML");
            assert_eq!(parsed["k"].as_str(), Some(text));
        }
    }
}
