//! `extend = "../pmlint.toml"`: a config file that starts from another one's settings, so a
//! folder can change one setting and keep the rest. The chain is read whole, base first; each
//! file's patterns and paths stay relative to the file they are written in.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::ConfigError;
use super::file::{self, ConfigFile};
use super::resolver::normalize;

/// The longest chain of `extend`s followed.
const MAX_CHAIN: usize = 16;

/// One config file of a chain.
pub struct Layer {
    /// Absolute, without `..`.
    pub path: PathBuf,
    /// As reports show it: relative to the current directory where it lies below it.
    pub shown: String,
    pub text: String,
    /// The folder the file's patterns and paths are relative to.
    pub root: PathBuf,
    pub file: ConfigFile,
}

impl Layer {
    /// Reads the config file at `path`, which the file shown as `extended_by` may extend; a
    /// file it cannot read is reported by `cannot_read`.
    fn read(
        path: &Path,
        extended_by: Option<&str>,
        cannot_read: impl FnOnce(String) -> ConfigError,
    ) -> Result<Layer, ConfigError> {
        let shown = shown(path);
        let text = crate::input::read_settings(path).map_err(cannot_read)?;
        let absolute = normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        let root = absolute
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let file = file::parse(&shown, &text).map_err(|error| match extended_by {
            Some(child) => error.help(format!("read because {child} extends it")),
            None => error,
        })?;
        Ok(Layer {
            path: absolute,
            shown,
            text,
            root,
            file,
        })
    }

    /// An error about the value at `span` in this file.
    pub fn error(&self, span: Range<usize>, message: String, label: &str) -> ConfigError {
        ConfigError::at(&self.shown, &self.text, span, message, label)
    }

    /// Where a setting came from, for `pmlint config`.
    pub fn origin(&self, key: &str) -> String {
        format!("{} {key}", self.shown)
    }
}

/// `path` as reports show it: relative to the current directory where it lies below it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::render::escape::path(path.strip_prefix(&cwd).unwrap_or(path))
}

/// The config file at `path` and every file it extends, base first. Each extended file must
/// lie inside `boundary`, the repository, as a profile file must.
pub fn read(path: &Path, boundary: &Path) -> Result<Vec<Layer>, ConfigError> {
    let shown = shown(path);
    let mut chain = vec![Layer::read(path, None, |why| {
        ConfigError::plain(format!("{shown}: {why}"))
    })?];
    loop {
        let last = &chain[chain.len() - 1];
        let Some(extend) = &last.file.extend else {
            break;
        };
        let value = extend.get_ref();
        let target = super::build::file_inside(&last.root, boundary, "extend", value)
            .map_err(|message| last.error(extend.span(), message, "this file"))?;
        if let Some(first) = chain.iter().position(|layer| layer.path == target) {
            let names: Vec<&str> = chain[first..]
                .iter()
                .map(|layer| layer.shown.as_str())
                .collect();
            return Err(last.error(
                extend.span(),
                format!(
                    "`extend` goes round in a circle: {} extends {}",
                    names.join(" extends "),
                    chain[first].shown
                ),
                "back to a file already read",
            ));
        }
        if chain.len() == MAX_CHAIN {
            return Err(last.error(
                extend.span(),
                format!("more than {MAX_CHAIN} config files extend one another"),
                "one too many",
            ));
        }
        let next = Layer::read(&target, Some(&last.shown), |why| {
            last.error(
                extend.span(),
                format!("extend `{value}`: {why}"),
                "this file",
            )
        })?;
        chain.push(next);
    }
    chain.reverse();
    Ok(chain)
}
