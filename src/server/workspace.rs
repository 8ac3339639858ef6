//! The open documents, linted as `pmlint check` would lint the same files: the config that
//! applies to the document's path (its excludes, profile, per-file ignores, conventions) and
//! its inline suppressions.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri};

use super::position::{Encoding, Lines};
use crate::Settings;
use crate::config::{Config, ConfigError, Mode, Overrides, Resolver};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Format, SourceFile};

/// Documents larger than this are not linted while they are edited. Linting takes about 0.13 s
/// a megabyte and 15 to 35 bytes of memory for each byte of text, and the server answers
/// nothing else meanwhile; every change of a full-sync document is linted again. Postmortems are
/// a few kilobytes; a file this large is better read with `pmlint check`.
pub const LIVE_LIMIT: usize = 1_000_000;

/// One document the client has open: its text as sent, and what pmlint found in it.
pub struct OpenDocument {
    pub uri: Uri,
    pub version: i32,
    /// The file the document is, for config discovery; `None` for `untitled:` buffers.
    pub path: Option<PathBuf>,
    /// The language the client gave it when it was opened.
    pub language: Option<String>,
    /// Exactly the client's text (a byte-order mark included), for positions.
    pub text: String,
    pub lines: Lines,
    /// pmlint's view: the text without a byte-order mark, spans relative to it.
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// The settings it was linted with, for fix-all; `None` when it was not linted.
    pub settings: Option<Settings>,
    /// Over `LIVE_LIMIT`, so not linted: its one diagnostic says so.
    pub too_large: bool,
}

impl OpenDocument {
    /// A span of `source` as a range in the client's text.
    pub fn range(&self, span: &std::ops::Range<usize>) -> lsp_types::Range {
        let shift = self.source.bom_len;
        self.lines
            .range(&self.text, &(span.start + shift..span.end + shift))
    }

    /// The offset in `source` of a client position.
    pub fn offset(&self, position: lsp_types::Position) -> usize {
        self.lines
            .offset(&self.text, position)
            .saturating_sub(self.source.bom_len)
    }
}

pub struct Workspace {
    mode: Mode,
    overrides: Overrides,
    resolver: Resolver,
    pub encoding: Encoding,
    /// By URI, as the client wrote it (`Uri` itself caches parts of itself inside, so it makes a
    /// poor key).
    pub documents: HashMap<String, OpenDocument>,
}

impl Workspace {
    pub fn new(
        mode: Mode,
        overrides: Overrides,
        encoding: Encoding,
    ) -> Result<Workspace, ConfigError> {
        Ok(Workspace {
            resolver: Resolver::new(mode.clone(), overrides.clone())?,
            mode,
            overrides,
            encoding,
            documents: HashMap::new(),
        })
    }

    /// Forgets every config file read, after one changed on disk.
    pub fn reload_config(&mut self) -> Result<(), ConfigError> {
        self.resolver = Resolver::new(self.mode.clone(), self.overrides.clone())?;
        Ok(())
    }

    /// Whether the server keeps a document the client opens: a Markdown or text one, or one
    /// its config includes (a `.qmd` file the config's `[extensions]` names). Which of them
    /// get findings `lint` decides, and decides again when a config changes. A config error
    /// met on the way is handed back to be shown.
    pub fn wants(&mut self, uri: &Uri, language: &str) -> (bool, Option<ConfigError>) {
        let by_language = matches!(language, "markdown" | "plaintext" | "text");
        let Some(path) = file_path(uri) else {
            return (by_language, None);
        };
        match self.resolver.for_file(&path) {
            Ok(Some(config)) => (by_language || config.includes(&path), None),
            Ok(None) => (by_language, None),
            Err(error) => (by_language, Some(error)),
        }
    }

    /// Stores the document's new text and lints it. A config error is returned (the first
    /// time a broken config file is met) and the document gets no findings.
    pub fn update(
        &mut self,
        uri: Uri,
        version: i32,
        language: Option<&str>,
        text: String,
    ) -> Result<(), ConfigError> {
        let path = file_path(&uri);
        let config = self.resolver.for_file(&lint_path(path.as_ref()));
        let language = match self.documents.get(uri.as_str()) {
            Some(open) => open.language.clone(),
            None => language.map(str::to_string),
        };
        let format = format(
            path.as_ref(),
            language.as_deref(),
            config.as_ref().ok().and_then(Option::as_ref),
        );
        let name = path
            .as_ref()
            .map_or_else(|| uri.as_str().to_string(), |p| p.display().to_string());
        let source = SourceFile::new(name, &text, format);
        let mut document = OpenDocument {
            lines: Lines::new(&text, self.encoding),
            uri: uri.clone(),
            version,
            path,
            language,
            text,
            source,
            diagnostics: Vec::new(),
            settings: None,
            too_large: false,
        };
        let result = config.map(|config| {
            if let Some(config) = config {
                lint(&mut document, &config);
            }
        });
        self.documents.insert(uri.as_str().to_string(), document);
        result
    }

    /// Lints every open document again, after a config change.
    pub fn relint_all(&mut self) -> Vec<ConfigError> {
        let mut documents = std::mem::take(&mut self.documents);
        let mut errors = Vec::new();
        for document in documents.values_mut() {
            document.diagnostics.clear();
            document.settings = None;
            match self.resolver.for_file(&lint_path(document.path.as_ref())) {
                Ok(Some(config)) => {
                    // `[extensions]` may now read it otherwise.
                    let format = format(
                        document.path.as_ref(),
                        document.language.as_deref(),
                        Some(&config),
                    );
                    if format != document.source.format {
                        document.source =
                            SourceFile::new(document.source.path.clone(), &document.text, format);
                    }
                    lint(document, &config);
                }
                Ok(None) => {}
                Err(error) => errors.push(error),
            }
        }
        self.documents = documents;
        errors
    }

    /// The document's findings as LSP diagnostics.
    pub fn published(&self, document: &OpenDocument) -> Vec<lsp_types::Diagnostic> {
        if document.too_large {
            return vec![too_large(document)];
        }
        document
            .diagnostics
            .iter()
            .map(|d| to_lsp(document, d))
            .collect()
    }
}

/// The path a document is linted as: its file, or for an untitled buffer one in the current
/// directory.
fn lint_path(path: Option<&PathBuf>) -> PathBuf {
    path.cloned()
        .unwrap_or_else(|| PathBuf::from("untitled.md"))
}

/// How a document is read: as the config's `extensions` say, else by its file's extension as
/// for `pmlint check`, else by its language.
fn format(path: Option<&PathBuf>, language: Option<&str>, config: Option<&Arc<Config>>) -> Format {
    if let Some(format) = path.zip(config).and_then(|(p, c)| c.extension_format(p)) {
        return format;
    }
    let extension = path
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match (extension.as_deref(), language) {
        (Some("txt"), _) => Format::PlainText,
        (Some("md" | "markdown"), _) => Format::Markdown,
        (_, Some("plaintext" | "text")) => Format::PlainText,
        _ => Format::Markdown,
    }
}

/// Lints `document` with `config`, unless it is too large to lint while it is edited. A file
/// a config file applies to gets findings when the config includes it and does not exclude
/// it, as `pmlint check` would walk it; a file no config file applies to, and an untitled
/// buffer, when it looks like a postmortem.
fn lint(document: &mut OpenDocument, config: &Config) {
    let path = lint_path(document.path.as_ref());
    let judged_by_config = document.path.is_some() && config.path.is_some();
    if judged_by_config && !config.includes(&path) {
        return;
    }
    if document.path.is_some() && config.excludes(&path, false) {
        return;
    }
    document.too_large = document.source.text.len() > LIVE_LIMIT;
    if document.too_large {
        return;
    }
    let settings = config.settings_for(&path);
    let findings = crate::lint(&document.source, &settings);
    if !judged_by_config && !findings.looks_like_postmortem {
        return;
    }
    document.diagnostics = findings.diagnostics;
    document.settings = Some(settings.into_owned());
}

pub(super) fn to_lsp(document: &OpenDocument, d: &Diagnostic) -> lsp_types::Diagnostic {
    let related = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(document.uri.clone(), document.range(&r.span)),
            message: r.message.clone(),
        })
        .collect::<Vec<_>>();
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: document.range(&d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.code.to_string())),
        source: Some(format!("pmlint({})", d.rule.name)),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// The one diagnostic of a document over `LIVE_LIMIT`, at its start.
fn too_large(document: &OpenDocument) -> lsp_types::Diagnostic {
    let size = document.source.text.len() as f64 / 1e6;
    let limit = LIVE_LIMIT / 1_000_000;
    lsp_types::Diagnostic {
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some("pmlint".into()),
        message: format!(
            "not linted while editing: this document is {size:.2} MB, over the {limit} MB pmlint \
             lints live; run `pmlint check` on the file for its findings"
        ),
        ..Default::default()
    }
}

/// The local path of a `file:` URI, percent-decoded; `None` for any other scheme.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` and `file://localhost/path` name local files; another host does not.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // `file:///C:/notes/a.md` is `C:/notes/a.md` on Windows.
    let windows_drive = decoded.len() > 2
        && decoded.as_bytes()[2] == b':'
        && decoded.as_bytes()[1].is_ascii_alphabetic();
    if cfg!(windows) && windows_drive {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether a watched file may be a config file, one a config extends or a profile file: any
/// TOML file, since those can have any name.
pub fn is_config(uri: &Uri) -> bool {
    uri.as_str().to_ascii_lowercase().ends_with(".toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().expect("a valid URI")
    }

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            file_path(&uri("file:///home/sam/post%20mortems/caf%C3%A9.md")),
            Some(PathBuf::from("/home/sam/post mortems/café.md"))
        );
        assert_eq!(
            file_path(&uri("file://localhost/tmp/a.txt")),
            Some(PathBuf::from("/tmp/a.txt"))
        );
        assert_eq!(file_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(file_path(&uri("file://server/share/a.md")), None);
        assert_eq!(percent_decode("/tmp/%ZZ.md"), None);
        assert_eq!(percent_decode("/tmp/%C3.md"), None);
    }

    #[test]
    fn config_files_are_recognised_by_name() {
        assert!(is_config(&uri("file:///repo/pmlint.toml")));
        assert!(is_config(&uri("file:///repo/docs/.pmlint.toml")));
        assert!(is_config(&uri("file:///repo/team/base.toml")));
        assert!(!is_config(&uri("file:///repo/notes.md")));
    }
}
