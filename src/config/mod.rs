//! `pmlint.toml`: which profile and rules apply, at what severity, to which files; what is
//! never linted; and how this repository writes dates and zones. The closest config file
//! above a linted file applies to it, whole: files are not merged ([`Resolver`]).

mod error;
mod file;
mod resolver;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use toml::Spanned;

pub use error::ConfigError;
pub use resolver::{Mode, Resolver};

use crate::Settings;
use crate::diagnostic::Severity;
use crate::profile::Profile;
use crate::rules::{self, RuleMeta};
use crate::time::conventions::DateOrder;
use file::{ConfigFile, Level, Order};

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
    /// The directory the file's patterns are relative to.
    root: PathBuf,
    pub settings: Settings,
    exclude: Gitignore,
    per_file_ignores: Vec<PerFileIgnore>,
    origins: Origins,
}

#[derive(Debug)]
struct PerFileIgnore {
    pattern: String,
    matcher: Gitignore,
    rules: Vec<&'static RuleMeta>,
}

/// Where each resolved setting came from, for `pmlint config`.
#[derive(Debug, Default)]
struct Origins {
    profile: String,
    rules: BTreeMap<&'static str, String>,
    date_order: String,
    exclude: Vec<String>,
}

const DEFAULT: &str = "default";
const COMMAND_LINE: &str = "command line";

impl Config {
    /// The settings for files no config file covers: the defaults and the command line.
    pub fn defaults(root: PathBuf, overrides: &Overrides) -> Result<Config, ConfigError> {
        build(ConfigFile::default(), None, "", root, overrides)
    }

    /// Reads the config file at `path`.
    pub fn load(path: &Path, overrides: &Overrides) -> Result<Config, ConfigError> {
        // Shown relative to the current directory where it lies below it.
        let cwd = std::env::current_dir().unwrap_or_default();
        let shown = path
            .strip_prefix(&cwd)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::plain(format!("{shown}: {e}")))?;
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let root = absolute
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let parsed = file::parse(&shown, &text)?;
        build(parsed, Some((path, &shown)), &text, root, overrides)
    }

    /// Whether the config's `exclude` patterns match `path` or a folder above it.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        relative_to(&self.root, path).is_some_and(|rel| {
            self.exclude
                .matched_path_or_any_parents(rel, is_dir)
                .is_ignore()
        })
    }

    /// The settings for the file at `path`: the config's, less its per-file ignores.
    pub fn settings_for(&self, path: &Path) -> Cow<'_, Settings> {
        let Some(rel) = relative_to(&self.root, path) else {
            return Cow::Borrowed(&self.settings);
        };
        let ignored: Vec<&RuleMeta> = self
            .per_file_ignores
            .iter()
            .filter(|p| {
                p.matcher
                    .matched_path_or_any_parents(&rel, false)
                    .is_ignore()
            })
            .flat_map(|p| p.rules.iter().copied())
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

    /// The resolved settings with the origin of each, as `pmlint config` prints them.
    pub fn describe(&self) -> String {
        let origin = |o: &str| format!("# {o}");
        let mut out = String::new();
        match &self.path {
            Some(path) => out.push_str(&format!("# config file: {}\n", path.display())),
            None => out.push_str("# no config file applies; these are the defaults\n"),
        }
        let profile = &self.settings.profile;
        out.push_str(&format!(
            "{:<40} {}\n",
            format!("profile = \"{}\"", profile.name),
            origin(&self.origins.profile)
        ));
        if !self.origins.exclude.is_empty() {
            let patterns: Vec<String> = self
                .origins
                .exclude
                .iter()
                .map(|p| format!("{p:?}"))
                .collect();
            out.push_str(&format!("exclude = [{}]\n", patterns.join(", ")));
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
        if !self.per_file_ignores.is_empty() {
            out.push_str("\n[per-file-ignores]\n");
            for p in &self.per_file_ignores {
                let names: Vec<String> = p.rules.iter().map(|r| format!("{:?}", r.name)).collect();
                out.push_str(&format!("{:?} = [{}]\n", p.pattern, names.join(", ")));
            }
        }
        out
    }
}

/// `path` relative to `root`, or `None` when it lies elsewhere.
fn relative_to(root: &Path, path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute.strip_prefix(root).ok().map(Path::to_path_buf)
}

/// What a selector in `select`, `ignore` and the like stands for: a rule's name or code, a
/// code prefix (`PM1`: the time rules), or `ALL`.
fn select(selector: &str) -> Option<Vec<&'static RuleMeta>> {
    if selector == "ALL" {
        return Some(rules::metas().collect());
    }
    if let Some(meta) = rules::find(selector) {
        return Some(vec![meta]);
    }
    let prefix = selector.to_ascii_uppercase();
    let is_prefix = prefix.len() > 2
        && prefix.starts_with("PM")
        && prefix[2..].chars().all(|c| c.is_ascii_digit());
    let matched: Vec<&RuleMeta> = rules::metas()
        .filter(|m| is_prefix && m.code.starts_with(&prefix))
        .collect();
    (!matched.is_empty()).then_some(matched)
}

/// Turns the parsed file (empty for the defaults) and the command line into a [`Config`].
fn build(
    file: ConfigFile,
    path: Option<(&Path, &str)>,
    text: &str,
    root: PathBuf,
    overrides: &Overrides,
) -> Result<Config, ConfigError> {
    let shown = path.map_or("", |(_, shown)| shown);
    let here = |span: Range<usize>, message: String, label: &str| {
        ConfigError::at(shown, text, span, message, label)
    };
    let file_origin = |key: &str| format!("{shown} {key}");
    let mut origins = Origins::default();

    let profile = match (&overrides.profile, &file.profile) {
        (Some(name), _) => {
            origins.profile = COMMAND_LINE.into();
            Profile::load(name).map_err(|e| ConfigError::plain(e.to_string()))?
        }
        (None, Some(name)) => {
            origins.profile = file_origin("profile");
            let value = name.get_ref();
            let is_path = value.contains(['/', '\\']) || value.ends_with(".toml");
            let location = if is_path {
                root.join(value).display().to_string()
            } else {
                value.clone()
            };
            Profile::load(&location)
                .map_err(|e| here(name.span(), e.to_string(), "this profile"))?
        }
        (None, None) => {
            origins.profile = DEFAULT.into();
            Profile::default()
        }
    };
    let mut rule_set = RuleSet::new(profile, &mut origins);

    let lint = &file.lint;
    let resolve = |list: &[Spanned<String>]| -> Result<Vec<&'static RuleMeta>, ConfigError> {
        let mut out = Vec::new();
        for selector in list {
            out.extend(select(selector.get_ref()).ok_or_else(|| {
                unknown_rule(
                    here(selector.span(), no_rule(selector.get_ref()), "no such rule"),
                    selector.get_ref(),
                )
            })?);
        }
        Ok(out)
    };
    if let Some(list) = &lint.select {
        rule_set.select(&resolve(list)?, &file_origin("[lint] select"));
    }
    rule_set.extend(
        &resolve(&lint.extend_select)?,
        &file_origin("[lint] extend-select"),
    );
    for (rule, level) in &lint.severity {
        let metas = resolve(std::slice::from_ref(rule))?;
        let severity = match level.get_ref() {
            Level::Info => Severity::Info,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        };
        rule_set.set(&metas, Some(severity), &file_origin("[lint.severity]"));
    }
    rule_set.set(&resolve(&lint.ignore)?, None, &file_origin("[lint] ignore"));

    let from_command_line = |list: &[String]| -> Result<Vec<&'static RuleMeta>, ConfigError> {
        let mut out = Vec::new();
        for selector in list {
            out.extend(
                select(selector)
                    .ok_or_else(|| unknown_rule(ConfigError::plain(no_rule(selector)), selector))?,
            );
        }
        Ok(out)
    };
    if let Some(list) = &overrides.select {
        rule_set.select(&from_command_line(list)?, COMMAND_LINE);
    }
    rule_set.extend(&from_command_line(&overrides.extend_select)?, COMMAND_LINE);
    rule_set.set(&from_command_line(&overrides.ignore)?, None, COMMAND_LINE);
    let profile = rule_set.profile;

    let mut settings = Settings {
        profile,
        ..Settings::default()
    };
    origins.date_order = match &file.dates.order {
        Some(order) => {
            settings.conventions.date_order = match order.get_ref() {
                Order::Mdy => DateOrder::MonthFirst,
                Order::Dmy => DateOrder::DayFirst,
            };
            file_origin("[dates] order")
        }
        None => DEFAULT.into(),
    };
    for (abbreviation, zone) in &file.timezones {
        settings
            .conventions
            .settle(abbreviation.get_ref(), zone.get_ref())
            .map_err(|message| {
                let known = crate::time::zone::ZONES
                    .lookup(abbreviation.get_ref())
                    .is_some();
                let span = if known {
                    zone.span()
                } else {
                    abbreviation.span()
                };
                here(span, message, "not a zone pmlint can settle")
            })?;
    }

    let mut exclude = GitignoreBuilder::new(&root);
    for pattern in &file.exclude {
        exclude
            .add_line(None, pattern.get_ref())
            .map_err(|e| here(pattern.span(), e.to_string(), "this pattern"))?;
        origins.exclude.push(pattern.get_ref().clone());
    }
    let exclude = exclude
        .build()
        .map_err(|e| ConfigError::plain(format!("{shown}: {e}")))?;

    let mut per_file_ignores = Vec::new();
    for (pattern, list) in &lint.per_file_ignores {
        let mut builder = GitignoreBuilder::new(&root);
        builder
            .add_line(None, pattern.get_ref())
            .map_err(|e| here(pattern.span(), e.to_string(), "this pattern"))?;
        let matcher = builder
            .build()
            .map_err(|e| here(pattern.span(), e.to_string(), "this pattern"))?;
        per_file_ignores.push(PerFileIgnore {
            pattern: pattern.get_ref().clone(),
            matcher,
            rules: resolve(list)?,
        });
    }

    Ok(Config {
        path: path.map(|(path, _)| path.to_path_buf()),
        root,
        settings,
        exclude,
        per_file_ignores,
        origins,
    })
}

fn no_rule(selector: &str) -> String {
    format!("`{selector}` is not a rule, a code prefix (PM1) or ALL")
}

fn unknown_rule(error: ConfigError, selector: &str) -> ConfigError {
    match rules::nearest(selector) {
        Some(meta) => error.help(format!("did you mean `{}` ({})?", meta.name, meta.code)),
        None => error.help("`pmlint rules` lists every rule's name and code"),
    }
}

/// The rules that run and their severities, as the layers of configuration apply in turn.
struct RuleSet<'o> {
    /// The profile as chosen, before any selection: a selected rule runs at its severity.
    chosen: Profile,
    profile: Profile,
    origins: &'o mut Origins,
}

impl<'o> RuleSet<'o> {
    fn new(profile: Profile, origins: &'o mut Origins) -> RuleSet<'o> {
        for meta in rules::metas() {
            origins
                .rules
                .insert(meta.code, format!("profile {}", profile.name));
        }
        RuleSet {
            chosen: profile.clone(),
            profile,
            origins,
        }
    }

    fn chosen_severity(&self, meta: &RuleMeta) -> Severity {
        self.chosen.severity(meta).unwrap_or(meta.severity)
    }

    /// Runs exactly `selected`.
    fn select(&mut self, selected: &[&'static RuleMeta], origin: &str) {
        for meta in rules::metas() {
            let on = selected.iter().any(|s| s.code == meta.code);
            let severity = on.then(|| self.chosen_severity(meta));
            self.profile.set(meta, severity);
            self.origins.rules.insert(meta.code, origin.to_string());
        }
    }

    /// Also runs `extra`.
    fn extend(&mut self, extra: &[&'static RuleMeta], origin: &str) {
        for meta in extra {
            if self.profile.severity(meta).is_none() {
                let severity = self.chosen_severity(meta);
                self.profile.set(meta, Some(severity));
                self.origins.rules.insert(meta.code, origin.to_string());
            }
        }
    }

    fn set(&mut self, rules: &[&'static RuleMeta], severity: Option<Severity>, origin: &str) {
        for meta in rules {
            self.profile.set(meta, severity);
            self.origins.rules.insert(meta.code, origin.to_string());
        }
    }
}
