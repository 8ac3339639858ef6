//! What `facts` and `report` share: the files chosen as `check` chooses them, each read,
//! parsed and linted in parallel into one record.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use pmlint::config::Resolver;
use pmlint::document::Document;
use pmlint::input::FileId;
use pmlint::source::SourceFile;
use pmlint::{Findings, Settings};

use super::check::read;
use super::walk::{Walk, excludes, paths_or_here};
use super::{Error, FilesArgs};

/// One record per file `files` names (never `output`, a file being written), made by `make` from the parsed document, its
/// findings, its settings and its path (`None` for stdin), in the walk's order; and whether a path could not be read (each is reported on
/// stderr as it is met).
pub fn gather<T: Send>(
    files: &FilesArgs,
    output: Option<&Path>,
    make: impl Fn(&Document, &Findings, &Settings, Option<&Path>) -> T + Sync,
) -> Result<(Vec<T>, bool), Error> {
    let settings = &files.settings;
    let mut resolver = Resolver::new(settings.mode(), settings.overrides())?;
    let exclude = excludes(&files.exclude)?;
    let paths = paths_or_here(&files.paths);
    let mut walk = Walk::new(&mut resolver, exclude);
    walk.output = output.and_then(FileId::of);
    let inputs = walk.collect(&paths);
    let mut failed = walk.failed;
    for unreadable in &walk.unreadable {
        say!("pmlint: error: {}: {}", unreadable.path, unreadable.message);
    }
    let results: Vec<Result<T, String>> = inputs
        .par_iter()
        .map(|input| {
            let text = read(input, files.max_file_size)
                .map_err(|message| format!("{}: {message}", input.name))?;
            let path = input
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from(&input.name));
            let settings = input.config.settings_for(&path);
            let source = SourceFile::new(input.name.clone(), &text, input.config.format(&path));
            let doc = Document::parse(&source, &settings.conventions);
            let findings = pmlint::lint_document(&doc, &settings);
            Ok(make(&doc, &findings, &settings, input.path.as_deref()))
        })
        .collect();
    let mut records = Vec::new();
    for result in results {
        match result {
            Ok(record) => records.push(record),
            Err(message) => {
                say!("pmlint: error: {message}");
                failed = true;
            }
        }
    }
    Ok((records, failed))
}
