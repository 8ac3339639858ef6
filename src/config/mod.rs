//! `pmlint.toml`: which profile and rules apply, at what severity, to which files; what is
//! never linted; and how this repository writes dates and zones. The closest config file
//! above a linted file applies to it, whole: files are not merged ([`Resolver`]).

mod error;
mod file;
mod per_file;
mod resolver;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use toml::Spanned;

pub use error::ConfigError;
pub use resolver::{Mode, Resolver, ceiling, normalize, repository_root};

use crate::Settings;
use crate::diagnostic::Severity;
use crate::profile::Profile;
use crate::rules::{self, RuleMeta};
use crate::time::conventions::DateOrder;
use file::{ConfigFile, Order};
use per_file::PerFileIgnores;

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
    per_file_ignores: PerFileIgnores,
    origins: Origins,
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
        build(ConfigFile::default(), None, root, overrides)
    }

    /// Reads the config file at `path`. A profile file it names must lie inside `boundary`
    /// (its repository), whatever links and `..` say.
    pub fn load(
        path: &Path,
        boundary: &Path,
        overrides: &Overrides,
    ) -> Result<Config, ConfigError> {
        // Shown relative to the current directory where it lies below it.
        let cwd = std::env::current_dir().unwrap_or_default();
        let shown = crate::render::escape::path(path.strip_prefix(&cwd).unwrap_or(path));
        let text = crate::input::read_settings(path)
            .map_err(|e| ConfigError::plain(format!("{shown}: {e}")))?;
        let absolute = normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        let root = absolute
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let parsed = file::parse(&shown, &text)?;
        let file = Some(Loaded {
            path,
            shown: &shown,
            text: &text,
            boundary,
        });
        build(parsed, file, root, overrides)
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
        let ignored = self.per_file_ignores.rules_for(&rel);
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
            Some(path) => out.push_str(&format!(
                "# config file: {}\n",
                crate::render::escape::path(path)
            )),
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
        if !self.per_file_ignores.entries.is_empty() {
            out.push_str("\n[per-file-ignores]\n");
            for p in &self.per_file_ignores.entries {
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

/// The config file a [`Config`] is built from.
struct Loaded<'a> {
    path: &'a Path,
    shown: &'a str,
    text: &'a str,
    /// The folder a profile file it names must lie in.
    boundary: &'a Path,
}

/// Why a profile named by a config cannot be used.
enum ProfileProblem {
    /// Said of the config's `profile` value.
    Named(String),
    /// Inside the profile file itself, which has its own place to point at.
    InFile(ConfigError),
}

/// The profile file `value`, named by a config file in `root`: it must be a regular file inside
/// the config's repository once `..` and links are resolved, so that a config cannot make
/// pmlint read (and quote) a file elsewhere on the machine. Whether a file outside exists is
/// never told.
fn profile_file(root: &Path, boundary: &Path, value: &str) -> Result<Profile, ProfileProblem> {
    let joined = normalize(&root.join(value));
    let outside = || {
        ProfileProblem::Named(format!(
            "profile `{value}` is outside this repository ({}): a profile named by a config must be a file inside the config's repository",
            crate::render::escape::path(boundary)
        ))
    };
    if !joined.starts_with(boundary) {
        return Err(outside());
    }
    if !joined.exists() {
        return Err(ProfileProblem::Named(format!(
            "profile `{value}`: no such file"
        )));
    }
    if !crate::input::resolves_inside(&joined, boundary) {
        return Err(outside());
    }
    let unusable = |why: String| ProfileProblem::Named(format!("profile `{value}`: {why}"));
    let metadata = crate::input::regular_file(&joined).map_err(|e| unusable(e.to_string()))?;
    if metadata.len() > crate::input::SETTINGS_CAP {
        return Err(unusable(
            crate::input::ReadError::TooLarge(crate::input::SETTINGS_CAP).to_string(),
        ));
    }
    Profile::load_file(&joined).map_err(ProfileProblem::InFile)
}

/// Turns the parsed file (empty for the defaults) and the command line into a [`Config`].
fn build(
    file: ConfigFile,
    loaded: Option<Loaded<'_>>,
    root: PathBuf,
    overrides: &Overrides,
) -> Result<Config, ConfigError> {
    let shown = loaded.as_ref().map_or("", |l| l.shown);
    let text = loaded.as_ref().map_or("", |l| l.text);
    let here = |span: Range<usize>, message: String, label: &str| {
        ConfigError::at(shown, text, span, message, label)
    };
    let file_origin = |key: &str| format!("{shown} {key}");
    let mut origins = Origins::default();

    let profile = match (&overrides.profile, &file.profile) {
        (Some(name), _) => {
            origins.profile = COMMAND_LINE.into();
            Profile::load(name)?
        }
        (None, Some(name)) => {
            origins.profile = file_origin("profile");
            let value = name.get_ref();
            let profile = match &loaded {
                Some(loaded) if Profile::is_path(value) => {
                    profile_file(&root, loaded.boundary, value)
                }
                _ => Profile::builtin(value).map_err(|e| ProfileProblem::Named(e.to_string())),
            };
            profile.map_err(|problem| match problem {
                ProfileProblem::Named(message) => here(name.span(), message, "this profile"),
                ProfileProblem::InFile(error) => error,
            })?
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
    for (rule, severity) in &lint.severity {
        let metas = resolve(std::slice::from_ref(rule))?;
        rule_set.set(
            &metas,
            Some(*severity.get_ref()),
            &file_origin("[lint.severity]"),
        );
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

    let fixable = match &lint.fixable {
        Some(list) => resolve(list)?,
        None => crate::rules::metas().collect(),
    };
    let unfixable = resolve(&lint.unfixable)?;
    let mut settings = Settings {
        profile,
        unfixable: crate::rules::metas()
            .filter(|meta| !fixable.contains(meta) || unfixable.contains(meta))
            .map(|meta| meta.name)
            .collect(),
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

    let mut per_file_ignores = per_file::Builder::default();
    for (pattern, list) in &lint.per_file_ignores {
        per_file_ignores
            .add(pattern.get_ref(), resolve(list)?)
            .map_err(|e| here(pattern.span(), e, "this pattern"))?;
    }
    let per_file_ignores = per_file_ignores.build();

    Ok(Config {
        path: loaded.map(|l| l.path.to_path_buf()),
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
