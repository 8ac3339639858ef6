//! The shape of `pmlint.toml`, with the span of every value so that a mistake is reported
//! where it was written.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::ConfigError;
use crate::diagnostic::Severity;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Another config file, relative to this one, whose settings this file starts from.
    pub extend: Option<Spanned<String>>,
    /// A built-in profile, or a profile file relative to this file.
    pub profile: Option<Spanned<String>>,
    /// Gitignore-style patterns, relative to this file, of the files a folder's walk lints
    /// (default: `*.md`, `*.markdown`, `*.txt`).
    pub include: Option<Vec<Spanned<String>>>,
    /// Patterns linted as well as `include`'s.
    #[serde(default)]
    pub extend_include: Vec<Spanned<String>>,
    /// Gitignore-style patterns, relative to this file, of what is never linted.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// File-name ending (`qmd`, `html.md.erb`) to how such files are read; they are linted
    /// as well as `include`'s.
    #[serde(default)]
    pub extensions: BTreeMap<Spanned<String>, Spanned<Reading>>,
    #[serde(default)]
    pub lint: LintTable,
    /// Abbreviation to the IANA zone it means in this repository.
    #[serde(default)]
    pub timezones: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub dates: DatesTable,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintTable {
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<Severity>>,
    /// Rules whose fixes `check --fix` may apply (default: all).
    pub fixable: Option<Vec<Spanned<String>>>,
    /// Rules whose fixes `check --fix` never applies.
    #[serde(default)]
    pub unfixable: Vec<Spanned<String>>,
    /// Gitignore-style pattern to the rules that do not run on the files it matches.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatesTable {
    pub order: Option<Spanned<Order>>,
}

/// How files with an ending named in `extensions` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    Markdown,
    /// Plain text with `Heading:` labels.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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
