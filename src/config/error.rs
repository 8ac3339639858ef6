//! A configuration that cannot be used, reported by miette with a label inside the file.

use std::fmt;
use std::ops::Range;

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::render::escape;

/// The longest line of a settings file an error quotes, in characters; a longer one (or a
/// file that is no config at all) is pointed at by line and column only.
const QUOTE_LIMIT: usize = 200;
/// The most lines one error quotes.
const QUOTE_LINES: usize = 5;

#[derive(Debug)]
pub struct ConfigError {
    message: String,
    /// The config file and the place in it, when the problem is inside one.
    location: Option<Box<Location>>,
    help: Option<String>,
}

#[derive(Debug)]
struct Location {
    source: Excerpt,
    span: Range<usize>,
    label: String,
}

/// The lines of a settings file that an error's span touches, and no others: a broken file
/// must not print the rest of itself into a CI log.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    /// Where `text` starts in the file, in bytes and in 0-based lines.
    offset: usize,
    line: usize,
}

impl Excerpt {
    /// The excerpt of `text` around `span`, or `None` when its lines are too long to quote.
    fn around(name: &str, text: &str, span: &Range<usize>) -> Option<Excerpt> {
        let first = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let last = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i);
        let quoted = &text[first..last];
        // A line a terminal would act on (an escape sequence) is not quoted either.
        let fits = quoted.lines().count() <= QUOTE_LINES
            && quoted
                .lines()
                .all(|l| l.chars().count() <= QUOTE_LIMIT && !l.chars().any(escape::is_control));
        fits.then(|| Excerpt {
            name: name.to_string(),
            text: quoted.to_string(),
            offset: first,
            line: text[..first].matches('\n').count(),
        })
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span
            .offset()
            .checked_sub(self.offset)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new(start.into(), span.len());
        let contents = self.text.as_str().read_span(&local, before, after)?;
        let at = SourceSpan::new(
            (contents.span().offset() + self.offset).into(),
            contents.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            at,
            contents.line() + self.line,
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// `message` cut to a length a log can take, its control characters escaped: it may hold a
/// key from the file.
fn bounded(message: String) -> String {
    let message = match message.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message,
    };
    escape::controls(&message, true).into_owned()
}

impl ConfigError {
    /// A problem with no place in a file: an unreadable file, a bad command-line option.
    pub fn plain(message: impl Into<String>) -> ConfigError {
        ConfigError {
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// A problem at `span` in the settings file `path`, whose text is `text`. Only the lines
    /// the span touches are quoted, and only when they are short.
    pub fn at(
        path: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> ConfigError {
        let end = crate::source::floor_char_boundary(text, span.end);
        let start = crate::source::floor_char_boundary(text, span.start.min(end));
        let message = bounded(message.into());
        match Excerpt::around(path, text, &(start..end)) {
            Some(source) => ConfigError {
                message: format!("{path}: {message}"),
                location: Some(Box::new(Location {
                    source,
                    span: start..end,
                    label: label.into(),
                })),
                help: None,
            },
            None => {
                let at = crate::source::LineIndex::new(text).position(text, start);
                ConfigError::plain(format!("{path}:{}:{}: {message}", at.line, at.column))
            }
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> ConfigError {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("pmlint::config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.location.as_ref().map(|l| &l.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let location = self.location.as_ref()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(location.label.clone()), location.span.clone()),
        )))
    }
}
