//! Paths as URIs for SARIF: relative references under a root folder, or `file://` URIs for the
//! files outside it.

use std::path::{Component, Path};

use crate::config::normalize;

/// Where a path points, as a URI.
#[derive(Debug, PartialEq, Eq)]
pub enum Uri {
    /// A reference relative to the root: `post%20mortems/a.md`.
    Relative(String),
    /// A file outside the root: `file:///srv/pm/a.md`.
    Absolute(String),
}

/// `path` (relative to the current directory, or absolute) as a reference relative to `root`,
/// the absolute current directory, when it is inside it; else as a `file://` URI. With no root,
/// a relative path stays relative and an absolute one is a `file://` URI. Paths are read as
/// text: `.` and `..` are resolved without asking the file system.
pub fn locate(path: &Path, root: Option<&Path>) -> Uri {
    let full = match root {
        Some(root) => normalize(&root.join(path)),
        // With no folder to resolve `..` in, only `.` goes.
        None if path.is_relative() => path
            .components()
            .filter(|part| *part != Component::CurDir)
            .collect(),
        None => normalize(path),
    };
    let inside = match root {
        Some(root) => full.strip_prefix(root).ok(),
        None => (!full.is_absolute()).then_some(full.as_path()),
    };
    match inside {
        Some(relative) => Uri::Relative(encode(&slashed(relative), false)),
        None => Uri::Absolute(file_uri(&full)),
    }
}

/// A folder as a `file://` URI that ends in `/`, so that relative references resolve inside it.
pub fn folder(path: &Path) -> String {
    let mut uri = file_uri(path);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The path's text with forward slashes.
fn slashed(path: &Path) -> String {
    path.to_string_lossy()
        .chars()
        .map(|c| if std::path::is_separator(c) { '/' } else { c })
        .collect()
}

/// An absolute path as a `file://` URI: `file:///srv/pm/a.md`, `file:///C:/pm/a.md`.
fn file_uri(path: &Path) -> String {
    let slashed = slashed(path);
    let rooted = if slashed.starts_with('/') {
        slashed
    } else {
        format!("/{slashed}")
    };
    format!("file://{}", encode(&rooted, true))
}

/// Percent-encodes every byte but the unreserved characters, sub-delimiters, `@` and `/`, and
/// `:` only where `colon` allows it: in a relative reference it would make the first segment
/// read as a scheme.
fn encode(path: &str, colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@/".contains(&byte)
            || (colon && byte == b':')
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relative(path: &str) -> Uri {
        Uri::Relative(path.to_string())
    }

    fn absolute(path: &str) -> Uri {
        Uri::Absolute(path.to_string())
    }

    /// Where `path` points when pmlint runs in `/work/repo`.
    fn in_repo(path: &str) -> Uri {
        locate(Path::new(path), Some(Path::new("/work/repo")))
    }

    fn rootless(path: &str) -> Uri {
        locate(Path::new(path), None)
    }

    #[test]
    fn a_path_inside_the_root_is_relative_to_it() {
        assert_eq!(in_repo("./seeds/004.md"), relative("seeds/004.md"));
        assert_eq!(in_repo("a/./b/../c.md"), relative("a/c.md"));
        assert_eq!(in_repo("/work/repo/pm/a.md"), relative("pm/a.md"));
        assert_eq!(in_repo("../repo/pm/a.md"), relative("pm/a.md"));
    }

    #[test]
    fn a_path_outside_the_root_is_a_file_uri() {
        let outside = [
            (
                "../shared/seeds/004.txt",
                "file:///work/shared/seeds/004.txt",
            ),
            ("/tmp/a b.md", "file:///tmp/a%20b.md"),
            ("/work/repository.md", "file:///work/repository.md"),
            ("/../x.md", "file:///x.md"),
        ];
        for (path, uri) in outside {
            assert_eq!(in_repo(path), absolute(uri));
        }
    }

    #[test]
    fn without_a_root_only_absolute_paths_are_file_uris() {
        assert_eq!(rootless("./pm/a.md"), relative("pm/a.md"));
        assert_eq!(rootless("../a.md"), relative("../a.md"));
        assert_eq!(rootless("../../a/../b.md"), relative("../../a/../b.md"));
        assert_eq!(rootless("/srv/a:b.md"), absolute("file:///srv/a:b.md"));
    }

    #[test]
    fn every_byte_a_uri_reserves_is_encoded() {
        assert_eq!(
            rootless("post mortems/café.md"),
            relative("post%20mortems/caf%C3%A9.md")
        );
        assert_eq!(
            rootless("a%b#c?d[e]:f.md"),
            relative("a%25b%23c%3Fd%5Be%5D%3Af.md")
        );
    }

    #[test]
    fn a_folder_uri_ends_in_a_slash() {
        assert_eq!(
            folder(Path::new("/work/my repo")),
            "file:///work/my%20repo/"
        );
        assert_eq!(folder(Path::new("/")), "file:///");
    }
}
