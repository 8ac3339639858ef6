//! `[lint.per-file-ignores]`: gitignore-style patterns, each with the rules that do not run on
//! the files it matches. A pattern whose first folder is written out (`team-a/**`) can only
//! match paths below that folder, and one whose last name is written out (`*/old.md`) only
//! paths with that name, so patterns are grouped by them and a path is matched only against its
//! own groups and the patterns with neither; each group is compiled into glob sets the first
//! time a path needs it. Thousands of patterns then cost neither time nor memory up front.

use std::collections::HashMap;
use std::path::{Component, Path};
use std::sync::OnceLock;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::rules::RuleMeta;

/// The most globs compiled into one set: a larger set can outgrow the regex size limit.
const SET_SIZE: usize = 256;

#[derive(Debug)]
pub struct PerFileIgnore {
    pub pattern: String,
    pub rules: Vec<&'static RuleMeta>,
}

#[derive(Debug, Default)]
pub struct PerFileIgnores {
    pub entries: Vec<PerFileIgnore>,
    groups: Groups,
}

#[derive(Debug, Default)]
struct Groups {
    /// Globs whose first folder is written out, by that folder.
    first: HashMap<String, Group>,
    /// Other globs whose last name is written out, by that name.
    last: HashMap<String, Group>,
    /// Every other glob.
    general: Group,
}

/// Globs, each with the entry it belongs to and whether it matches folders only, compiled on
/// first use into sets, each with the index of its first glob.
#[derive(Debug, Default)]
struct Group {
    globs: Vec<(Glob, usize, bool)>,
    sets: OnceLock<Vec<(GlobSet, usize)>>,
}

impl Group {
    /// The compiled sets; a chunk that does not compile as one set is compiled glob by glob,
    /// and a glob that does not compile alone matches nothing.
    fn sets(&self) -> &[(GlobSet, usize)] {
        self.sets.get_or_init(|| {
            let compile = |globs: &[(Glob, usize, bool)]| {
                let mut builder = GlobSetBuilder::new();
                for (glob, _, _) in globs {
                    builder.add(glob.clone());
                }
                builder.build()
            };
            let mut sets = Vec::new();
            for (chunk, first) in self.globs.chunks(SET_SIZE).zip((0..).step_by(SET_SIZE)) {
                match compile(chunk) {
                    Ok(set) => sets.push((set, first)),
                    Err(_) => sets.extend(
                        (first..first + chunk.len())
                            .filter_map(|at| Some((compile(&self.globs[at..=at]).ok()?, at))),
                    ),
                }
            }
            sets
        })
    }

    /// Marks in `applies` the entries whose globs match `path`.
    fn mark(&self, path: &Path, is_dir: bool, applies: &mut [bool]) {
        if self.globs.is_empty() {
            return;
        }
        for (set, first) in self.sets() {
            for index in set.matches(path) {
                let (_, entry, only_dir) = self.globs[first + index];
                if !only_dir || is_dir {
                    applies[entry] = true;
                }
            }
        }
    }
}

/// Collects patterns; `build` puts them in their groups.
#[derive(Default)]
pub struct Builder {
    entries: Vec<PerFileIgnore>,
    groups: Groups,
}

impl Builder {
    /// Adds `pattern` for `rules`; the error says why the pattern is no glob.
    pub fn add(&mut self, pattern: &str, rules: Vec<&'static RuleMeta>) -> Result<(), String> {
        let entry = self.entries.len();
        if let Some((text, only_dir)) = gitignore_glob(pattern) {
            let glob = GlobBuilder::new(&text)
                .literal_separator(true)
                .backslash_escape(true)
                .allow_unclosed_class(true)
                .build()
                .map_err(|e| format!("error parsing glob '{pattern}': {}", e.kind()))?;
            let groups = &mut self.groups;
            let group = match (first_name(&text), last_name(&text)) {
                (Some(first), _) => groups.first.entry(first.to_string()).or_default(),
                (None, Some(last)) => groups.last.entry(last.to_string()).or_default(),
                (None, None) => &mut groups.general,
            };
            group.globs.push((glob, entry, only_dir));
        }
        self.entries.push(PerFileIgnore {
            pattern: pattern.to_string(),
            rules,
        });
        Ok(())
    }

    pub fn build(self) -> PerFileIgnores {
        PerFileIgnores {
            entries: self.entries,
            groups: self.groups,
        }
    }
}

/// The first folder of `glob` when it is written out: every path the glob matches starts
/// with it.
fn first_name(glob: &str) -> Option<&str> {
    let (first, _) = glob.split_once('/')?;
    is_literal(first).then_some(first)
}

/// The last name of `glob` when it is written out: every path the glob matches ends with it.
fn last_name(glob: &str) -> Option<&str> {
    let last = glob.rsplit('/').next()?;
    is_literal(last).then_some(last)
}

fn is_literal(name: &str) -> bool {
    !name.is_empty() && !name.contains(['*', '?', '[', ']', '{', '}', '\\'])
}

impl PerFileIgnores {
    /// The rules not to run on the file at `rel` (relative to the config's folder): those of
    /// every pattern that matches the file or a folder above it, as gitignore would.
    pub fn rules_for(&self, rel: &Path) -> Vec<&'static RuleMeta> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let rel = rel.strip_prefix("./").unwrap_or(rel);
        let groups = &self.groups;
        let by_first = match rel.components().next() {
            Some(Component::Normal(first)) => first.to_str().and_then(|f| groups.first.get(f)),
            _ => None,
        };
        let mut applies = vec![false; self.entries.len()];
        let candidates = std::iter::once((rel, false))
            .chain(rel.ancestors().skip(1).map(|folder| (folder, true)));
        for (path, is_dir) in candidates {
            let by_last = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| groups.last.get(name));
            for group in [Some(&groups.general), by_first, by_last]
                .into_iter()
                .flatten()
            {
                group.mark(path, is_dir, &mut applies);
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
        !builder.build().rules_for(Path::new(rel)).is_empty()
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
