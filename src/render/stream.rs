//! Printing one file at a time. Each format is a [`Printer`]: files are rendered in parallel
//! into [`Part`]s, and a [`Writer`] writes them in order as they come, so a run holds one batch
//! of documents, never all of them.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Summary};

/// What one file renders to.
#[derive(Debug, Default)]
pub struct Part {
    /// Written at once, in order. For JSON formats each item is one element of the streamed
    /// array.
    pub items: Vec<String>,
    /// Kept until the end and handed to [`Printer::finish`] (JSON's `suppressed` entries,
    /// JUnit's suites, whose totals open the document).
    pub kept: Vec<String>,
}

impl Part {
    /// A part that is one piece of text, written at once.
    pub fn text(text: String) -> Part {
        Part {
            items: vec![text],
            kept: Vec::new(),
        }
    }
}

/// A file pmlint could not read (not UTF-8, not a regular file, too large, not permitted), and
/// why; every report lists it, so that a report never looks clean for a file nobody checked.
#[derive(Debug, Clone, Serialize)]
pub struct Unreadable {
    pub path: String,
    pub message: String,
}

pub trait Printer: Sync {
    /// What comes before the first file.
    fn start(&self) -> String {
        String::new()
    }
    /// One file's part; called from several threads at once.
    fn file(&self, report: &FileReport) -> Part;
    /// What a file that could not be read renders to, in its place among the files. Nothing by
    /// default: the command line names it on stderr, and [`Printer::finish`] gets every such
    /// file.
    fn error(&self, _file: &Unreadable) -> Part {
        Part::default()
    }
    /// What separates two items (`,` between the elements of a JSON array).
    fn separator(&self) -> &'static str {
        ""
    }
    /// What comes after the last file, given every file's kept strings, the files that could
    /// not be read and the totals; `wrote_items` says whether any item was written.
    fn finish(
        &self,
        _kept: Vec<String>,
        _unreadable: &[Unreadable],
        _summary: &Summary,
        _wrote_items: bool,
    ) -> String {
        String::new()
    }
}

/// Writes parts in the order they are pushed.
pub struct Writer<'p, W: Write> {
    printer: &'p dyn Printer,
    out: W,
    wrote_items: bool,
    kept: Vec<String>,
    unreadable: Vec<Unreadable>,
}

impl<'p, W: Write> Writer<'p, W> {
    pub fn new(printer: &'p dyn Printer, mut out: W) -> io::Result<Writer<'p, W>> {
        out.write_all(printer.start().as_bytes())?;
        Ok(Writer {
            printer,
            out,
            wrote_items: false,
            kept: Vec::new(),
            unreadable: Vec::new(),
        })
    }

    pub fn push(&mut self, part: Part) -> io::Result<()> {
        for item in part.items {
            if self.wrote_items {
                self.out.write_all(self.printer.separator().as_bytes())?;
            }
            self.out.write_all(item.as_bytes())?;
            self.wrote_items = true;
        }
        self.kept.extend(part.kept);
        Ok(())
    }

    /// Writes what stands for a file that could not be read, and keeps it for the end.
    pub fn unreadable(&mut self, file: Unreadable) -> io::Result<()> {
        self.push(self.printer.error(&file))?;
        self.unreadable.push(file);
        Ok(())
    }

    pub fn finish(mut self, summary: &Summary) -> io::Result<W> {
        let end = self
            .printer
            .finish(self.kept, &self.unreadable, summary, self.wrote_items);
        self.out.write_all(end.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Renders `reports` whole, as one string: the same bytes the streamed run writes.
pub fn render(printer: &dyn Printer, reports: &[FileReport]) -> String {
    let render = || -> io::Result<Vec<u8>> {
        let mut writer = Writer::new(printer, Vec::new())?;
        for report in reports {
            writer.push(printer.file(report))?;
        }
        writer.finish(&Summary::of(reports))
    };
    let bytes = render().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every printer writes UTF-8")
}

/// A pretty-printed JSON document with one array written element by element: `document`
/// serialized with that array empty, split around the empty array under `key`.
pub struct JsonFrame {
    /// Up to and including the array's `[`.
    pub head: String,
    /// After the array's `]`.
    pub tail: String,
    /// How deep the array's elements are indented.
    pub indent: usize,
}

impl JsonFrame {
    pub fn around(document: &impl Serialize, key: &str) -> JsonFrame {
        let mut text = serde_json::to_string_pretty(document).expect("a report serializes");
        text.push('\n');
        let marker = format!("\"{key}\": []");
        let at = text
            .find(&marker)
            .expect("the streamed array is in the document");
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        JsonFrame {
            head: text[..at + marker.len() - 1].to_string(),
            tail: text[at + marker.len()..].to_string(),
            indent: at - line_start + 2,
        }
    }

    /// One element, pretty-printed at the array's depth, starting on its own line.
    pub fn element(&self, value: &impl Serialize) -> String {
        let text = serde_json::to_string_pretty(value).expect("an element serializes");
        let pad = " ".repeat(self.indent);
        let mut out = String::with_capacity(text.len() + 16);
        for line in text.lines() {
            out.push('\n');
            out.push_str(&pad);
            out.push_str(line);
        }
        out
    }

    /// The text after the streamed array with the empty arrays under `keys`, in document order,
    /// filled: each with elements rendered by [`JsonFrame::element`], so at the streamed
    /// array's depth, which must be theirs.
    pub fn tail_with(&self, arrays: &[(&str, &[String])]) -> String {
        let mut out = String::with_capacity(self.tail.len());
        let mut rest = self.tail.as_str();
        for (key, elements) in arrays {
            let marker = format!("\"{key}\": []");
            let at = rest.find(&marker).expect("the array is in the document");
            out.push_str(&rest[..at + marker.len() - 1]);
            out.push_str(&elements.join(","));
            out.push_str(&self.close(!elements.is_empty()));
            rest = &rest[at + marker.len()..];
        }
        out.push_str(rest);
        out
    }

    /// Closes the array: `]` on its own line when it has elements, right after `[` when not.
    pub fn close(&self, wrote_items: bool) -> String {
        if wrote_items {
            format!("\n{}]", " ".repeat(self.indent - 2))
        } else {
            "]".to_string()
        }
    }
}
