//! `[lint.per-file-ignores]`: gitignore-style patterns, each with the rules that do not run on
//! the files it matches. All patterns are compiled into one glob set, so a file is matched
//! against every pattern in one pass however many there are.

use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::rules::RuleMeta;

#[derive(Debug)]
pub struct PerFileIgnore {
    pub pattern: String,
    pub rules: Vec<&'static RuleMeta>,
}

#[derive(Debug)]
pub struct PerFileIgnores {
    pub entries: Vec<PerFileIgnore>,
    set: GlobSet,
    /// For each glob in `set`: the entry it belongs to, and whether it matches folders only.
    globs: Vec<(usize, bool)>,
}

impl Default for PerFileIgnores {
    fn default() -> PerFileIgnores {
        PerFileIgnores {
            entries: Vec::new(),
            set: GlobSet::empty(),
            globs: Vec::new(),
        }
    }
}

/// Collects patterns; `build` compiles them.
pub struct Builder {
    entries: Vec<PerFileIgnore>,
    set: GlobSetBuilder,
    globs: Vec<(usize, bool)>,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder {
            entries: Vec::new(),
            set: GlobSetBuilder::new(),
            globs: Vec::new(),
        }
    }
}

impl Builder {
    /// Adds `pattern` for `rules`; the error says why the pattern is no glob.
    pub fn add(&mut self, pattern: &str, rules: Vec<&'static RuleMeta>) -> Result<(), String> {
        let entry = self.entries.len();
        if let Some((glob, only_dir)) = gitignore_glob(pattern) {
            let glob = GlobBuilder::new(&glob)
                .literal_separator(true)
                .backslash_escape(true)
                .allow_unclosed_class(true)
                .build()
                .map_err(|e| format!("error parsing glob '{pattern}': {}", e.kind()))?;
            self.set.add(glob);
            self.globs.push((entry, only_dir));
        }
        self.entries.push(PerFileIgnore {
            pattern: pattern.to_string(),
            rules,
        });
        Ok(())
    }

    pub fn build(self) -> Result<PerFileIgnores, String> {
        Ok(PerFileIgnores {
            entries: self.entries,
            set: self.set.build().map_err(|e| e.to_string())?,
            globs: self.globs,
        })
    }
}

impl PerFileIgnores {
    /// The rules not to run on the file at `rel` (relative to the config's folder): those of
    /// every pattern that matches the file or a folder above it, as gitignore would.
    pub fn rules_for(&self, rel: &Path) -> Vec<&'static RuleMeta> {
        if self.globs.is_empty() {
            return Vec::new();
        }
        let mut applies = vec![false; self.entries.len()];
        let rel = rel.strip_prefix("./").unwrap_or(rel);
        let candidates = std::iter::once((rel, false))
            .chain(rel.ancestors().skip(1).map(|folder| (folder, true)));
        for (path, is_dir) in candidates {
            for index in self.set.matches(path) {
                let (entry, only_dir) = self.globs[index];
                if !only_dir || is_dir {
                    applies[entry] = true;
                }
            }
        }
        self.entries
            .iter()
            .zip(applies)
            .filter(|(_, applies)| *applies)
            .flat_map(|(entry, _)| entry.rules.iter().copied())
            .collect()
    }
}

/// The glob a gitignore line stands for, and whether it matches folders only, by git's rules
/// as the `ignore` crate reads them; `None` for a line that can never make a rule apply (a
/// comment, a blank, or a `!` exception).
fn gitignore_glob(line: &str) -> Option<(String, bool)> {
    if line.starts_with('#') {
        return None;
    }
    let mut line = if line.ends_with("\\ ") {
        line
    } else {
        line.trim_end()
    };
    if line.is_empty() {
        return None;
    }
    let mut anchored = false;
    if line.starts_with("\\!") || line.starts_with("\\#") {
        line = &line[1..];
        anchored = line.starts_with('/');
    } else {
        if line.starts_with('!') {
            return None;
        }
        if let Some(rest) = line.strip_prefix('/') {
            line = rest;
            anchored = true;
        }
    }
    let mut only_dir = false;
    if let Some(rest) = line.strip_suffix('/') {
        only_dir = true;
        line = rest.strip_suffix('\\').unwrap_or(rest);
    }
    let mut glob = line.to_string();
    if !(anchored || line.contains('/') || glob.starts_with("**/") || glob == "**") {
        glob = format!("**/{glob}");
    }
    if glob.ends_with("/**") {
        glob.push_str("/*");
    }
    Some((glob, only_dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ignore::gitignore::GitignoreBuilder;
    use proptest::prelude::*;

    /// The answer the per-pattern gitignore matchers gave before the patterns were compiled
    /// into one set.
    fn gitignore_says(pattern: &str, rel: &str) -> bool {
        let mut builder = GitignoreBuilder::new("/root");
        if builder.add_line(None, pattern).is_err() {
            return false;
        }
        builder
            .build()
            .unwrap()
            .matched_path_or_any_parents(rel, false)
            .is_ignore()
    }

    fn set_says(pattern: &str, rel: &str) -> bool {
        let meta = crate::rules::metas().next().unwrap();
        let mut builder = Builder::default();
        if builder.add(pattern, vec![meta]).is_err() {
            return false;
        }
        !builder
            .build()
            .unwrap()
            .rules_for(Path::new(rel))
            .is_empty()
    }

    #[test]
    fn patterns_match_as_gitignore_matches_them() {
        let patterns = [
            "drafts/**",
            "drafts/",
            "/drafts",
            "*.txt",
            "archive/*/old.md",
            "**/2019/**",
            "old.md",
            "!old.md",
            "a/**/b.md",
            "[ab].md",
            "\\!x.md",
            "docs",
            "/top.md",
            "/",
        ];
        let paths = [
            "drafts/new.md",
            "x/drafts/new.md",
            "drafts",
            "notes.txt",
            "a/notes.txt",
            "archive/2019/old.md",
            "archive/2019/x/old.md",
            "old.md",
            "deep/old.md",
            "a/b.md",
            "a/x/y/b.md",
            "b.md",
            "!x.md",
            "docs/pm.md",
            "top.md",
            "x/top.md",
        ];
        for pattern in patterns {
            for path in paths {
                assert_eq!(
                    set_says(pattern, path),
                    gitignore_says(pattern, path),
                    "{pattern} on {path}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn random_patterns_match_as_gitignore_matches_them(
            pattern in "[!/]?[ab*]{0,3}(/[ab*]{1,3}){0,2}/?",
            path in "[ab]{1,2}(/[ab]{1,2}){0,3}",
        ) {
            prop_assert_eq!(set_says(&pattern, &path), gitignore_says(&pattern, &path));
        }
    }
}
