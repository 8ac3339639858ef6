//! The shape of `pmlint.toml`, with the span of every value so that a mistake is reported
//! where it was written.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::ConfigError;
use crate::diagnostic::Severity;

/// pmlint's configuration: `pmlint.toml` or `.pmlint.toml`, the closest above each linted
/// file.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(title = "pmlint.toml"))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Another config file, relative to this one, whose settings this file starts from.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    pub extend: Option<Spanned<String>>,
    /// A built-in profile, or a profile file relative to this file.
    #[cfg_attr(test, schemars(with = "Option<super::schema::ProfileName>"))]
    pub profile: Option<Spanned<String>>,
    /// Gitignore-style patterns, relative to this file, of the files a folder's walk lints
    /// (default: `*.md`, `*.markdown`, `*.txt`).
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    pub include: Option<Vec<Spanned<String>>>,
    /// Patterns linted as well as `include`'s.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "Vec<String>"))]
    pub extend_include: Vec<Spanned<String>>,
    /// Gitignore-style patterns, relative to this file, of what is never linted.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "Vec<String>"))]
    pub exclude: Vec<Spanned<String>>,
    /// File-name ending (`qmd`, `html.md.erb`) to how such files are read; they are linted
    /// as well as `include`'s.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "BTreeMap<String, Reading>"))]
    pub extensions: BTreeMap<Spanned<String>, Spanned<Reading>>,
    /// Which rules run, at what severity, and on which files.
    #[serde(default)]
    pub lint: LintTable,
    /// Abbreviation to the IANA zone it means in this repository.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "BTreeMap<String, String>"))]
    pub timezones: BTreeMap<Spanned<String>, Spanned<String>>,
    /// How this repository writes numeric dates.
    #[serde(default)]
    pub dates: DatesTable,
    /// Where `pmlint check` keeps its results between runs, relative to this file and inside
    /// its repository (default: `.pmlint_cache` beside the config file).
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    pub cache_dir: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintTable {
    /// Exactly the rules that run (names, codes, code prefixes such as `PM1`, or `ALL`),
    /// at the profile's severities.
    #[cfg_attr(test, schemars(with = "Option<Vec<super::schema::RuleSelector>>"))]
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules that run as well as the profile's or `select`'s.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "Vec<super::schema::RuleSelector>"))]
    pub extend_select: Vec<Spanned<String>>,
    /// Rules that do not run.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "Vec<super::schema::RuleSelector>"))]
    pub ignore: Vec<Spanned<String>>,
    /// Rule (name, code or prefix) to the severity it reports at.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "BTreeMap<String, Severity>"))]
    pub severity: BTreeMap<Spanned<String>, Spanned<Severity>>,
    /// Rules whose fixes `check --fix` may apply (default: all).
    #[cfg_attr(test, schemars(with = "Option<Vec<super::schema::RuleSelector>>"))]
    pub fixable: Option<Vec<Spanned<String>>>,
    /// Rules whose fixes `check --fix` never applies.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "Vec<super::schema::RuleSelector>"))]
    pub unfixable: Vec<Spanned<String>>,
    /// Gitignore-style pattern to the rules that do not run on the files it matches.
    #[serde(default)]
    #[cfg_attr(
        test,
        schemars(with = "BTreeMap<String, Vec<super::schema::RuleSelector>>")
    )]
    pub per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DatesTable {
    /// How a numeric date such as `03/04/2024` is read: month first (`mdy`, the default) or
    /// day first (`dmy`).
    #[cfg_attr(test, schemars(with = "Option<Order>"))]
    pub order: Option<Spanned<Order>>,
}

/// How files with an ending named in `extensions` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    Markdown,
    /// Plain text with `Heading:` labels.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Order {
    Mdy,
    Dmy,
}

/// Reads `text`, the contents of the config file at `path`.
pub fn parse(path: &str, text: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end().to_string();
        let span = e.span().unwrap_or(0..0);
        ConfigError::at(path, text, span, message, "here")
    })
}
