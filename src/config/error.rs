//! A configuration that cannot be used, reported by miette with a label inside the file.

use std::fmt;
use std::ops::Range;

use miette::{LabeledSpan, NamedSource, SourceCode};

#[derive(Debug)]
pub struct ConfigError {
    message: String,
    /// The config file and the place in it, when the problem is inside one.
    location: Option<Box<Location>>,
    help: Option<String>,
}

#[derive(Debug)]
struct Location {
    source: NamedSource<String>,
    span: Range<usize>,
    label: String,
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

    /// A problem at `span` in the config file `path`, whose text is `text`.
    pub fn at(
        path: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> ConfigError {
        let end = span.end.min(text.len());
        let start = span.start.min(end);
        ConfigError {
            message: format!("{path}: {}", message.into()),
            location: Some(Box::new(Location {
                source: NamedSource::new(path, text.to_string()),
                span: start..end,
                label: label.into(),
            })),
            help: None,
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
