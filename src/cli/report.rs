//! `pmlint report PATHS -o FILE`: one self-contained HTML page for a repository of
//! postmortems (see `pmlint::report`), written atomically. Files are chosen as `check` chooses
//! them; one that cannot be read is reported and left out, and the run exits with 2.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use pmlint::render::escape;
use pmlint::render::uri::{self, Uri};
use pmlint::report::{Item, page};
use pmlint::timeline::ShownZone;

use super::gather::gather;
use super::output::Output;
use super::{CLEAN, Error, FAILURE, ReportArgs};

pub fn run(args: ReportArgs) -> Result<ExitCode, Error> {
    let zone = ShownZone::parse(&args.zone).map_err(|e| Error::Message(format!("--zone: {e}")))?;
    let target = &args.output;
    let cannot = |e: std::io::Error| {
        Error::Message(format!(
            "cannot write the report to {}: {e}",
            escape::path(target)
        ))
    };
    // Made before anything is read, so that a folder that cannot be written to is said at once.
    let mut out = Output::file(target).map_err(cannot)?;
    let folder = std::fs::canonicalize(match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    })
    .ok();
    let (mut items, failed) = gather(
        &args.files,
        Some(target),
        |doc, findings, settings, path| {
            let mut item = Item::of(doc, findings, &settings.profile, &zone);
            item.href = folder
                .as_deref()
                .zip(path)
                .and_then(|(folder, path)| href(folder, path));
            item
        },
    )?;
    items.sort_by(|a, b| a.facts.file.cmp(&b.facts.file));
    let html = page(&items, &zone.name());
    out.write_all(html.as_bytes()).map_err(cannot)?;
    out.commit().map_err(cannot)?;
    Ok(ExitCode::from(if failed { FAILURE } else { CLEAN }))
}

/// A link from the page in `folder` (canonical) to `file` when the file is below it: a relative
/// reference, percent-encoded so that it can only be read as a path.
fn href(folder: &Path, file: &Path) -> Option<String> {
    let file = std::fs::canonicalize(file).ok()?;
    match uri::locate(&file, Some(folder)) {
        Uri::Relative(reference) => Some(reference),
        Uri::Absolute(_) => None,
    }
}
