//! Which files a config covers: the `include`, `extend-include` and `exclude` patterns, each
//! relative to the config file it is written in, and the `extensions` that say how a file is
//! read.

use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::resolver::normalize;
use crate::source::Format;

/// The files a folder's walk lints when no config says otherwise.
pub const DEFAULT_INCLUDE: [&str; 3] = ["*.md", "*.markdown", "*.txt"];

#[derive(Debug)]
pub struct Files {
    /// A file is walked when one of these matches it...
    pub include: Vec<Gitignore>,
    /// ...or its name ends with one of these (lower case, with the dot), longest first.
    pub extensions: Vec<(String, Format)>,
    pub exclude: Vec<Gitignore>,
}

impl Files {
    /// Whether a folder's walk lints the file at `path`.
    pub fn includes(&self, path: &Path) -> bool {
        self.extension(path).is_some()
            || absolute(path).is_some_and(|p| self.include.iter().any(|m| matches(m, &p, false)))
    }

    /// Whether an `exclude` pattern matches `path` or a folder above it.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        !self.exclude.is_empty()
            && absolute(path).is_some_and(|p| self.exclude.iter().any(|m| matches(m, &p, is_dir)))
    }

    /// How the file called `name` is read: as its ending in `extensions` says, else `.txt`
    /// files as plain text and the rest as Markdown.
    pub fn format(&self, name: &Path) -> Format {
        self.extension(name)
            .unwrap_or_else(|| Format::from_path(&name.to_string_lossy()))
    }

    /// How a file is read when its ending is one of `extensions`.
    pub fn extension(&self, path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        self.extensions
            .iter()
            .find(|(ending, _)| name.len() > ending.len() && name.ends_with(ending.as_str()))
            .map(|&(_, format)| format)
    }
}

/// The default `include`: case-insensitive, as a file system may be.
pub fn default_include() -> Gitignore {
    let mut builder = GitignoreBuilder::new("/");
    builder.case_insensitive(true).ok();
    for pattern in DEFAULT_INCLUDE {
        builder.add_line(None, pattern).ok();
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

/// `path` made absolute, without `.` and `..`.
pub fn absolute(path: &Path) -> Option<PathBuf> {
    std::path::absolute(path).ok().map(|p| normalize(&p))
}

/// Whether `matcher` ignores the absolute `path` or a folder above it; a path outside the
/// matcher's folder never matches.
pub fn matches(matcher: &Gitignore, path: &Path, is_dir: bool) -> bool {
    !matcher.is_empty()
        && path
            .strip_prefix(matcher.path())
            .is_ok_and(|rel| matcher.matched_path_or_any_parents(rel, is_dir).is_ignore())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(include: &[&str], extensions: &[(&str, Format)]) -> Files {
        let mut builder = GitignoreBuilder::new("/repo");
        for pattern in include {
            builder.add_line(None, pattern).unwrap();
        }
        Files {
            include: vec![builder.build().unwrap()],
            extensions: extensions
                .iter()
                .map(|(e, f)| (e.to_string(), *f))
                .collect(),
            exclude: Vec::new(),
        }
    }

    #[test]
    fn the_default_include_takes_markdown_and_text_in_any_case() {
        let files = Files {
            include: vec![default_include()],
            extensions: Vec::new(),
            exclude: Vec::new(),
        };
        assert!(files.includes(Path::new("/repo/pm/a.md")));
        assert!(files.includes(Path::new("/repo/pm/A.MD")));
        assert!(files.includes(Path::new("/repo/b.txt")));
        assert!(!files.includes(Path::new("/repo/c.qmd")));
        assert!(!files.includes(Path::new("/repo/md")));
    }

    #[test]
    fn patterns_are_relative_to_their_folder() {
        let files = files(&["postmortems/**/*.md", "!postmortems/drafts/**"], &[]);
        assert!(files.includes(Path::new("/repo/postmortems/2024/a.md")));
        assert!(!files.includes(Path::new("/repo/docs/a.md")));
        assert!(!files.includes(Path::new("/repo/postmortems/drafts/a.md")));
        assert!(!files.includes(Path::new("/elsewhere/postmortems/a.md")));
    }

    #[test]
    fn an_extension_is_included_and_read_as_it_says() {
        let files = files(
            &[],
            &[
                (".html.md.erb", Format::Markdown),
                (".log", Format::PlainText),
            ],
        );
        assert!(files.includes(Path::new("/repo/a.html.md.erb")));
        assert!(!files.includes(Path::new("/repo/a.erb")));
        assert!(!files.includes(Path::new("/repo/.log")));
        assert_eq!(files.format(Path::new("x/A.LOG")), Format::PlainText);
        assert_eq!(files.format(Path::new("x/a.txt")), Format::PlainText);
        assert_eq!(files.format(Path::new("x/a.qmd")), Format::Markdown);
    }
}
