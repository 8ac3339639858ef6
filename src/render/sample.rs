//! Reports built by hand for the printers' tests, so they do not depend on what the rules find.
//! They hold every case a printer must escape or count: a path with a space and a non-ASCII
//! character, a non-ASCII character before a span (columns count characters), a message with
//! `%`, `,`, `:`, `<` and `&`, a help with a newline, one finding of each severity, a related
//! span, and a file with no findings; [`render_with_unreadable`] adds a file that could not be
//! read.

use super::stream::{Printer, Unreadable, Writer};
use super::{FileReport, Summary};
use crate::diagnostic::Diagnostic;
use crate::rules::find;
use crate::source::{Format, SourceFile};

const TEXT: &str = "\
# Checkout outage

## Timeline

May 10, 2023, 14:00 WTC: alerts fired
2032-05-10 14:05 UTC: page sent
Rolled back by Zoë Doe at 14:30 UTC.
";

pub(crate) fn sample_reports() -> Vec<FileReport> {
    let at = |needle: &str| {
        let start = TEXT.find(needle).expect("the sample holds the needle");
        start..start + needle.len()
    };
    let diagnostics = vec![
        Diagnostic::new(
            find("unknown-timezone").unwrap(),
            at("WTC"),
            "\"WTC\" is not a time zone: 100% of zones, <none> & no offset",
        )
        .label("unknown zone")
        .help("did you mean UTC?\nUTC is one edit away")
        .related(at("14:05 UTC"), "the zone used below")
        .fix(
            at("WTC"),
            "UTC",
            "Replace `WTC` with `UTC`",
            crate::diagnostic::Safety::Safe,
        ),
        Diagnostic::new(
            find("year-outlier").unwrap(),
            at("2032"),
            "2032 is 9 years from every other date",
        ),
        Diagnostic::new(
            find("named-individual").unwrap(),
            at("Zoë Doe"),
            "\"Zoë Doe\" names a person",
        )
        .help("name the role instead"),
    ];
    vec![
        FileReport {
            source: SourceFile::new("post mortems/café.md", TEXT, Format::Markdown),
            diagnostics,
            suppressed: Vec::new(),
        },
        FileReport {
            source: SourceFile::new("clean.md", "# Fine\n", Format::Markdown),
            diagnostics: Vec::new(),
            suppressed: Vec::new(),
        },
    ]
}

/// The sample reports with a file that could not be read between them, rendered as
/// `pmlint check` writes them.
pub(crate) fn render_with_unreadable(printer: &dyn Printer) -> String {
    let reports = sample_reports();
    let mut summary = Summary::of(&reports);
    summary.unreadable = 1;
    let mut writer = Writer::new(printer, Vec::new()).unwrap();
    writer.push(printer.file(&reports[0])).unwrap();
    writer
        .unreadable(Unreadable {
            path: "bad <1>.md".to_string(),
            message: "not valid UTF-8 (invalid byte at offset 5)".to_string(),
        })
        .unwrap();
    writer.push(printer.file(&reports[1])).unwrap();
    String::from_utf8(writer.finish(&summary).unwrap()).unwrap()
}
