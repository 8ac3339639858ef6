//! Turns a chain of config files and the command line into a [`Config`]. Files later in the
//! chain (closer to the linted files) win: a value they set replaces the base's (`profile`,
//! `include`, `select`, `fixable`, `[dates] order`), a list of additions adds to it
//! (`extend-include`, `extend-select`, `ignore`, `unfixable`, `exclude`, per-file ignores),
//! and a table is merged key by key (`[lint.severity]`, `[timezones]`, `[extensions]`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use toml::Spanned;

use super::chain::Layer;
use super::file::{Order, Reading};
use super::resolver::normalize;
use super::rule_set::RuleSet;
use super::scope::{self, Files};
use super::{Config, ConfigError, Origins, Overrides, per_file};
use crate::Settings;
use crate::profile::Profile;
use crate::rules::{self, RuleMeta};
use crate::source::Format;
use crate::time::conventions::DateOrder;

const DEFAULT: &str = "default";
const COMMAND_LINE: &str = "command line";

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

/// The file `value` names, relative to a config file in `root`: it must exist and lie inside
/// `boundary` (the config's repository) once `..` and links are resolved, so that a config
/// cannot make pmlint read (and quote) a file elsewhere on the machine. A missing file and a
/// link that leads outside get one message, so whether a file outside exists is never told.
/// `key` is the setting that names it.
pub fn file_inside(
    root: &Path,
    boundary: &Path,
    key: &str,
    value: &str,
) -> Result<PathBuf, String> {
    let joined = inside_boundary(root, boundary, key, value, "file")?;
    if !joined.exists() || !crate::input::resolves_inside(&joined, boundary) {
        return Err(format!(
            "{key} `{value}`: no such file inside {}, links followed",
            place(boundary)
        ));
    }
    Ok(joined)
}

/// The path `value` names relative to a config file in `root`, once `..` is resolved; it must
/// lie inside `boundary` but need not exist. `what` it names: a file or a folder.
fn inside_boundary(
    root: &Path,
    boundary: &Path,
    key: &str,
    value: &str,
    what: &str,
) -> Result<PathBuf, String> {
    let joined = normalize(&root.join(value));
    if !joined.starts_with(boundary) {
        return Err(format!(
            "{key} `{value}` is outside {}: a {what} named by a config must lie inside the config's repository",
            place(boundary)
        ));
    }
    Ok(joined)
}

/// The folder a config's files must lie in, as messages name it.
fn place(boundary: &Path) -> String {
    match super::repository_root(boundary) {
        Some(_) => format!(
            "this repository ({})",
            crate::render::escape::path(boundary)
        ),
        None => format!(
            "{}, the folder config files are read up to outside a repository (where pmlint started, or your home)",
            crate::render::escape::path(boundary)
        ),
    }
}

/// Why a profile named by a config cannot be used.
enum ProfileProblem {
    /// Said of the config's `profile` value.
    Named(String),
    /// Inside the profile file itself, which has its own place to point at.
    InFile(ConfigError),
}

/// The profile file `value`, named by a config file in `root`.
fn profile_file(root: &Path, boundary: &Path, value: &str) -> Result<Profile, ProfileProblem> {
    let path = file_inside(root, boundary, "profile", value).map_err(ProfileProblem::Named)?;
    let unusable = |why: String| ProfileProblem::Named(format!("profile `{value}`: {why}"));
    let metadata = crate::input::regular_file(&path).map_err(|e| unusable(e.to_string()))?;
    if metadata.len() > crate::input::SETTINGS_CAP {
        return Err(unusable(
            crate::input::ReadError::TooLarge(crate::input::SETTINGS_CAP).to_string(),
        ));
    }
    Profile::load_file(&path).map_err(ProfileProblem::InFile)
}

/// The value of the last file in the chain that sets it, with that file.
fn last_set<'l, T>(
    layers: &'l [Layer],
    value: impl Fn(&'l Layer) -> Option<&'l T>,
) -> Option<(&'l Layer, &'l T)> {
    layers
        .iter()
        .rev()
        .find_map(|layer| Some((layer, value(layer)?)))
}

/// The rules `list`, written in `layer`.
fn resolve(layer: &Layer, list: &[Spanned<String>]) -> Result<Vec<&'static RuleMeta>, ConfigError> {
    let mut out = Vec::new();
    for selector in list {
        out.extend(select(selector.get_ref()).ok_or_else(|| {
            unknown_rule(
                layer.error(selector.span(), no_rule(selector.get_ref()), "no such rule"),
                selector.get_ref(),
            )
        })?);
    }
    Ok(out)
}

/// Builds the config from `layers` (none for the defaults) and the command line. A profile
/// file a layer names must lie inside `boundary`.
pub fn build(
    layers: &[Layer],
    boundary: &Path,
    overrides: &Overrides,
) -> Result<Config, ConfigError> {
    let mut origins = Origins::default();
    let profile = match (
        &overrides.profile,
        last_set(layers, |l| l.file.profile.as_ref()),
    ) {
        (Some(name), _) => {
            origins.profile = COMMAND_LINE.into();
            Profile::load(name)?
        }
        (None, Some((layer, name))) => {
            origins.profile = layer.origin("profile");
            let value = name.get_ref();
            let profile = if Profile::is_path(value) {
                profile_file(&layer.root, boundary, value)
            } else {
                Profile::builtin(value).map_err(|e| ProfileProblem::Named(e.to_string()))
            };
            profile.map_err(|problem| match problem {
                ProfileProblem::Named(message) => layer.error(name.span(), message, "this profile"),
                ProfileProblem::InFile(error) => error,
            })?
        }
        (None, None) => {
            origins.profile = DEFAULT.into();
            Profile::default()
        }
    };
    let mut rule_set = RuleSet::new(profile, &mut origins);
    for layer in layers {
        let lint = &layer.file.lint;
        if let Some(list) = &lint.select {
            rule_set.select(&resolve(layer, list)?, &layer.origin("[lint] select"));
        }
        rule_set.extend(
            &resolve(layer, &lint.extend_select)?,
            &layer.origin("[lint] extend-select"),
        );
        for (rule, severity) in &lint.severity {
            let metas = resolve(layer, std::slice::from_ref(rule))?;
            rule_set.set(
                &metas,
                Some(*severity.get_ref()),
                &layer.origin("[lint.severity]"),
            );
        }
        rule_set.set(
            &resolve(layer, &lint.ignore)?,
            None,
            &layer.origin("[lint] ignore"),
        );
    }
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

    let fixable = match last_set(layers, |l| l.file.lint.fixable.as_ref()) {
        Some((layer, list)) => resolve(layer, list)?,
        None => rules::metas().collect(),
    };
    let mut unfixable = Vec::new();
    for layer in layers {
        unfixable.extend(resolve(layer, &layer.file.lint.unfixable)?);
    }
    let mut settings = Settings {
        profile,
        unfixable: rules::metas()
            .filter(|meta| !fixable.contains(meta) || unfixable.contains(meta))
            .map(|meta| meta.name)
            .collect(),
        ..Settings::default()
    };
    origins.date_order = match last_set(layers, |l| l.file.dates.order.as_ref()) {
        Some((layer, order)) => {
            settings.conventions.date_order = match order.get_ref() {
                Order::Mdy => DateOrder::MonthFirst,
                Order::Dmy => DateOrder::DayFirst,
            };
            layer.origin("[dates] order")
        }
        None => DEFAULT.into(),
    };
    for layer in layers {
        for (abbreviation, zone) in &layer.file.timezones {
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
                    layer.error(span, message, "not a zone pmlint can settle")
                })?;
        }
    }

    let files = files(layers, &mut origins)?;
    let mut per_file_ignores = Vec::new();
    for layer in layers {
        let mut builder = per_file::Builder::default();
        for (pattern, list) in &layer.file.lint.per_file_ignores {
            builder
                .add(pattern.get_ref(), resolve(layer, list)?)
                .map_err(|e| layer.error(pattern.span(), e, "this pattern"))?;
        }
        let ignores = builder.build();
        if !ignores.entries.is_empty() {
            per_file_ignores.push((layer.root.clone(), ignores));
        }
    }

    let cache_dir = match last_set(layers, |l| l.file.cache_dir.as_ref()) {
        Some((layer, value)) => Some(
            inside_boundary(
                &layer.root,
                boundary,
                "cache-dir",
                value.get_ref(),
                "folder",
            )
            .map_err(|message| layer.error(value.span(), message, "this folder"))?,
        ),
        None => None,
    };
    let path = layers.last().map(|layer| layer.path.clone());
    let extends = layers
        .iter()
        .rev()
        .skip(1)
        .map(|l| l.path.clone())
        .collect();
    Ok(Config {
        path,
        extends,
        settings,
        files,
        per_file_ignores,
        origins,
        cache_dir,
        settings_key: OnceLock::new(),
    })
}

/// The patterns `list` of `layer`, relative to its folder.
fn patterns(layer: &Layer, list: &[Spanned<String>]) -> Result<Gitignore, ConfigError> {
    let mut builder = GitignoreBuilder::new(&layer.root);
    for pattern in list {
        builder
            .add_line(None, pattern.get_ref())
            .map_err(|e| layer.error(pattern.span(), e.to_string(), "this pattern"))?;
    }
    builder
        .build()
        .map_err(|e| ConfigError::plain(format!("{}: {e}", layer.shown)))
}

/// `include`, `extend-include`, `exclude` and `extensions`.
fn files(layers: &[Layer], origins: &mut Origins) -> Result<Files, ConfigError> {
    let mut include = vec![match last_set(layers, |l| l.file.include.as_ref()) {
        Some((layer, list)) => {
            origins.include = layer.origin("include");
            origins.include_patterns = list.iter().map(|p| p.get_ref().clone()).collect();
            patterns(layer, list)?
        }
        None => {
            origins.include = DEFAULT.into();
            origins.include_patterns = scope::DEFAULT_INCLUDE.map(String::from).to_vec();
            scope::default_include()
        }
    }];
    let mut exclude = Vec::new();
    let mut extensions = BTreeMap::new();
    for layer in layers {
        let file = &layer.file;
        include.push(patterns(layer, &file.extend_include)?);
        exclude.push(patterns(layer, &file.exclude)?);
        let written = |list: &[Spanned<String>]| list.iter().map(|p| p.get_ref().clone()).collect();
        if !file.extend_include.is_empty() {
            let origin = layer.origin("extend-include");
            origins
                .extend_include
                .push((origin, written(&file.extend_include)));
        }
        if !file.exclude.is_empty() {
            origins
                .exclude
                .push((layer.origin("exclude"), written(&file.exclude)));
        }
        let mut endings = BTreeMap::new();
        for (ending, reading) in &file.extensions {
            let written = ending.get_ref();
            let bare = written.strip_prefix('.').unwrap_or(written);
            let not_an_ending = bare.is_empty()
                || bare.starts_with('.')
                || bare.ends_with('.')
                || bare.contains(|c: char| c.is_whitespace() || "/\\*?[".contains(c));
            if not_an_ending {
                return Err(layer.error(
                    ending.span(),
                    format!("`{written}` is not a file-name ending such as `qmd` or `html.md.erb`"),
                    "this ending",
                ));
            }
            let key = format!(".{}", bare.to_lowercase());
            if let Some(first) = endings.insert(key, written) {
                return Err(layer.error(
                    ending.span(),
                    format!("`{written}` names the same ending as `{first}`, given just before"),
                    "a second time",
                ));
            }
            let format = match reading.get_ref() {
                Reading::Markdown => Format::Markdown,
                Reading::Text => Format::PlainText,
            };
            extensions.insert(format!(".{}", bare.to_lowercase()), format);
        }
    }
    include.retain(|matcher| !matcher.is_empty());
    exclude.retain(|matcher| !matcher.is_empty());
    let mut extensions: Vec<(String, Format)> = extensions.into_iter().collect();
    extensions.sort_by_key(|(ending, _)| std::cmp::Reverse(ending.len()));
    origins.extensions = extensions.clone();
    Ok(Files {
        include,
        extensions,
        exclude,
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
