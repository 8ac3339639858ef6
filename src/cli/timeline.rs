//! `pmlint timeline FILE`: the timeline in one zone (see `pmlint::timeline`).

use std::io::IsTerminal;
use std::process::ExitCode;

use pmlint::config::Resolver;
use pmlint::document::Document;
use pmlint::source::SourceFile;
use pmlint::timeline::{ShownZone, Timeline, html, render, svg};

use super::check::{human_options, read};
use super::walk::{Walk, excludes};
use super::{Error, TimelineArgs, TimelineFormat, emit};

pub fn run(args: TimelineArgs) -> Result<ExitCode, Error> {
    let zone = ShownZone::parse(&args.zone).map_err(|e| Error::Message(format!("--zone: {e}")))?;
    if std::fs::metadata(&args.file).is_ok_and(|m| m.is_dir()) {
        return Err(Error::Message(format!(
            "{}: a folder; pmlint timeline shows one postmortem",
            args.file.display()
        )));
    }
    let mut resolver = Resolver::new(args.settings.mode(), args.settings.overrides())?;
    let mut walk = Walk::new(&mut resolver, excludes(&[])?);
    let inputs = walk.collect(std::slice::from_ref(&args.file));
    if let Some(unreadable) = walk.unreadable.first() {
        return Err(Error::Message(format!(
            "{}: {}",
            unreadable.path, unreadable.message
        )));
    }
    let Some(input) = inputs.first() else {
        return Err(Error::Message(format!(
            "{}: nothing to read",
            args.file.display()
        )));
    };
    let text = read(input, pmlint::input::DOCUMENT_CAP)
        .map_err(|message| Error::Message(format!("{}: {message}", input.name)))?;
    let path = input.path.clone().unwrap_or_else(|| args.file.clone());
    let settings = input.config.settings_for(&path);
    let source = SourceFile::new(input.name.clone(), &text, input.config.format(&path));
    let doc = Document::parse(&source, &settings.conventions);
    let findings = pmlint::lint_document(&doc, &settings);
    let timeline = Timeline::of(&doc, &findings, &zone);
    emit(&match args.format {
        TimelineFormat::Text => {
            let options = human_options(std::io::stdout().is_terminal());
            render(&timeline, &zone, options.width, options.color)
        }
        TimelineFormat::Svg => svg(&timeline, &zone),
        TimelineFormat::Html => html(&timeline, &zone),
    })
}
