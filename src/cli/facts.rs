//! `pmlint facts`: one record per postmortem of what it says about its incident (see
//! `pmlint::facts`), as JSON, JSON lines or CSV. Files are chosen as `check` chooses them.

use std::process::ExitCode;

use serde::Serialize;

use pmlint::facts::{self, Facts};

use super::gather::gather;
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
    let (records, failed) = gather(&args.files, None, |doc, findings, settings, _| {
        Facts::of(doc, findings, &settings.profile)
    })?;
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
