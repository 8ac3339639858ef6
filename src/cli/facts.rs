//! `pmlint facts`: one record per postmortem of what it says about its incident (see
//! `pmlint::facts`), as JSON, JSON lines or CSV. Files are chosen as `check` chooses them.

use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Serialize;

use pmlint::config::Resolver;
use pmlint::document::Document;
use pmlint::facts::{self, Facts};
use pmlint::source::SourceFile;

use super::check::read;
use super::walk::{Walk, excludes, paths_or_here};
use super::{CLEAN, Error, FAILURE, FactsArgs, FactsFormat, emit};

/// A record with the version of its shape, as each JSON line carries it.
#[derive(Serialize)]
struct Record<'a> {
    version: u32,
    #[serde(flatten)]
    facts: &'a Facts,
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    documents: &'a [Facts],
}

pub fn run(args: FactsArgs) -> Result<ExitCode, Error> {
    let mut resolver = Resolver::new(args.settings.mode(), args.settings.overrides())?;
    let exclude = excludes(&args.exclude)?;
    let paths = paths_or_here(&args.paths);
    let mut walk = Walk::new(&mut resolver, exclude);
    let inputs = walk.collect(&paths);
    let mut failed = walk.failed;
    for unreadable in &walk.unreadable {
        say!("pmlint: error: {}: {}", unreadable.path, unreadable.message);
    }
    let results: Vec<Result<Facts, String>> = inputs
        .par_iter()
        .map(|input| {
            let text = read(input, args.max_file_size)
                .map_err(|message| format!("{}: {message}", input.name))?;
            let path = input
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from(&input.name));
            let settings = input.config.settings_for(&path);
            let source = SourceFile::new(input.name.clone(), &text, input.config.format(&path));
            let doc = Document::parse(&source, &settings.conventions);
            let findings = pmlint::lint_document(&doc, &settings);
            Ok(Facts::of(&doc, &findings, &settings.profile))
        })
        .collect();
    let mut records = Vec::new();
    for result in results {
        match result {
            Ok(facts) => records.push(facts),
            Err(message) => {
                say!("pmlint: error: {message}");
                failed = true;
            }
        }
    }
    let text = match args.format {
        FactsFormat::Json => {
            let report = Report {
                version: facts::VERSION,
                documents: &records,
            };
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
            text.push('\n');
            text
        }
        FactsFormat::JsonLines => records
            .iter()
            .map(|facts| {
                let record = Record {
                    version: facts::VERSION,
                    facts,
                };
                serde_json::to_string(&record).unwrap_or_default() + "\n"
            })
            .collect(),
        FactsFormat::Csv => {
            let mut text = format!("{}\n", facts::HEADER);
            for facts in &records {
                text.push_str(&facts::row(facts));
                text.push('\n');
            }
            text
        }
    };
    emit(&text)?;
    Ok(ExitCode::from(if failed { FAILURE } else { CLEAN }))
}
