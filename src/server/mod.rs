//! `pmlint server`: a language server on stdin and stdout. Diagnostics are published when a
//! Markdown or plain-text document is opened, changed or saved, with the same rules, config
//! resolution and suppressions as `pmlint check`; quick fixes, "disable for this line" and
//! hovers with the rule's documentation are offered on them.
//!
//! One thread reads a message, handles it and writes the answers: relinting a document takes
//! well under a millisecond once the word lists are built, so there is nothing to debounce.
//! Documents over `workspace::LIVE_LIMIT` are not linted at all, so none holds the thread.

mod actions;
pub mod fuzzing;
mod position;
mod transport;
mod workspace;

use std::io::{self, BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Initialized, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, HoverRequest, Initialize, RegisterCapability, Request as _, Shutdown,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, InitializeResult, MessageType,
    PublishDiagnosticsParams, Registration, RegistrationParams, ServerCapabilities, ServerInfo,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{ConfigError, Mode, Overrides};
use crate::render::error_report;
use position::Encoding;
use transport::{Answer, Incoming};
use workspace::{Workspace, is_config};

/// Serves one client until it sends `exit` or closes stdin. Exits with 0 after a `shutdown`
/// request, 1 otherwise, as the protocol asks.
pub fn run(mode: Mode, overrides: Overrides) -> ExitCode {
    // The word lists are built while the client starts up, not on the first document.
    std::thread::spawn(crate::document::warm_up);
    let mut input = io::stdin().lock();
    let mut output = io::stdout().lock();
    let mut server = Server::new(mode, overrides);
    loop {
        match serve_one(&mut server, &mut input, &mut output) {
            Ok(None) => {}
            Ok(Some(code)) => return code,
            Err(e) => {
                log(&format!("cannot talk to the client: {e}"));
                return ExitCode::FAILURE;
            }
        }
    }
}

/// Reads and answers one message; `Some` once the server should exit.
fn serve_one(
    server: &mut Server,
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> io::Result<Option<ExitCode>> {
    match transport::read(input)? {
        Incoming::End => return Ok(Some(server.exit_code())),
        Incoming::Malformed {
            answer,
            code,
            error,
        } => {
            log(&error);
            match answer {
                Answer::To(id) => {
                    Message::from(Response::new_err(id, code as i32, error)).write(output)?
                }
                Answer::ToNull => transport::write_error_to_null(output, code, &error)?,
                Answer::Nobody => {}
            }
        }
        Incoming::Message(message) => {
            let id = match &message {
                Message::Request(request) => Some(request.id.clone()),
                _ => None,
            };
            let answers =
                catch_unwind(AssertUnwindSafe(|| server.handle(message))).unwrap_or_else(|_| {
                    let error = "pmlint hit a bug handling this message; please report it";
                    log(error);
                    id.map(|id| {
                        Response::new_err(id, ErrorCode::InternalError as i32, error.into()).into()
                    })
                    .into_iter()
                    .collect()
                });
            for answer in answers {
                answer.write(output)?;
            }
        }
    }
    Ok(server.exit)
}

/// A line on stderr, the client's log; a closed one is no reason to stop serving.
fn log(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "pmlint server: {message}");
}

struct Server {
    mode: Mode,
    overrides: Overrides,
    /// Set by `initialize`.
    workspace: Option<Workspace>,
    /// The client can be asked to watch config files, and has not been asked yet.
    watch_configs: bool,
    shutdown: bool,
    exit: Option<ExitCode>,
}

/// A request or notification whose parameters do not fit its method.
struct BadParams(String);

impl Server {
    fn new(mode: Mode, overrides: Overrides) -> Server {
        Server {
            mode,
            overrides,
            workspace: None,
            watch_configs: false,
            shutdown: false,
            exit: None,
        }
    }

    fn exit_code(&self) -> ExitCode {
        if self.shutdown {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }

    /// The messages to send in answer.
    fn handle(&mut self, message: Message) -> Vec<Message> {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let method = request.method.clone();
                match self.request(request) {
                    Ok(messages) => messages,
                    Err(RequestError(code, error)) => {
                        log(&format!("{method}: {error}"));
                        vec![Response::new_err(id, code as i32, error).into()]
                    }
                }
            }
            Message::Notification(notification) => {
                let method = notification.method.clone();
                self.notification(notification)
                    .unwrap_or_else(|BadParams(error)| {
                        log(&format!("{method}: {error}"));
                        Vec::new()
                    })
            }
            Message::Response(response) => {
                if let Err(error) = response.response_result {
                    log(&format!(
                        "the client refused request {}: {}",
                        response.id, error.message
                    ));
                }
                Vec::new()
            }
        }
    }

    fn request(&mut self, request: Request) -> Result<Vec<Message>, RequestError> {
        let id = request.id.clone();
        if request.method == Initialize::METHOD {
            let params: InitializeParams = params(request.params)?;
            return self.initialize(id, &params);
        }
        if self.shutdown {
            return Err(RequestError(
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            ));
        }
        let Some(workspace) = &self.workspace else {
            return Err(RequestError(
                ErrorCode::ServerNotInitialized,
                "the server is not initialised yet".into(),
            ));
        };
        let result = match request.method.as_str() {
            Shutdown::METHOD => {
                self.shutdown = true;
                Value::Null
            }
            CodeActionRequest::METHOD => {
                let params: lsp_types::CodeActionParams = params(request.params)?;
                // `only` narrows the answer to kinds the client wants: `source.fixAll` on save,
                // `quickfix` for the light bulb.
                let wants = |kind: &str| {
                    params.context.only.as_ref().is_none_or(|only| {
                        only.iter().any(|asked| {
                            kind == asked.as_str()
                                || kind.starts_with(&format!("{}.", asked.as_str()))
                        })
                    })
                };
                let actions = workspace
                    .documents
                    .get(params.text_document.uri.as_str())
                    .map(|document| {
                        let mut found = Vec::new();
                        if wants(CodeActionKind::QUICKFIX.as_str()) {
                            found = actions::code_actions(document, params.range);
                        }
                        if wants(actions::FIX_ALL) {
                            found.extend(actions::fix_all(document));
                        }
                        found
                    });
                to_value(actions)
            }
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams = params(request.params)?;
                let at = params.text_document_position_params;
                let hover = workspace
                    .documents
                    .get(at.text_document.uri.as_str())
                    .and_then(|document| actions::hover(document, at.position));
                to_value(hover)
            }
            method => {
                return Err(RequestError(
                    ErrorCode::MethodNotFound,
                    format!("pmlint does not answer `{method}`"),
                ));
            }
        };
        Ok(vec![Response::new_ok(id, result).into()])
    }

    fn initialize(
        &mut self,
        id: RequestId,
        params: &InitializeParams,
    ) -> Result<Vec<Message>, RequestError> {
        if self.workspace.is_some() {
            return Err(RequestError(
                ErrorCode::InvalidRequest,
                "the server is already initialised".into(),
            ));
        }
        let capabilities = &params.capabilities;
        let encoding = Encoding::negotiate(
            capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        self.watch_configs = capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let workspace = Workspace::new(self.mode.clone(), self.overrides.clone(), encoding)
            .map_err(|e| RequestError(ErrorCode::RequestFailed, error_report(&e, false)))?;
        self.workspace = Some(workspace);
        let result = InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::FULL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..Default::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE_FIX_ALL,
                            CodeActionKind::from(actions::FIX_ALL),
                        ]),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "pmlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        Ok(vec![Response::new_ok(id, result).into()])
    }

    fn notification(&mut self, notification: Notification) -> Result<Vec<Message>, BadParams> {
        if notification.method == Exit::METHOD {
            self.exit = Some(self.exit_code());
            return Ok(Vec::new());
        }
        if notification.method == Initialized::METHOD {
            return Ok(self.register_config_watcher());
        }
        let Some(workspace) = self.workspace.as_mut().filter(|_| !self.shutdown) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams = params(notification.params)?;
                let document = params.text_document;
                let (wanted, error) = workspace.wants(&document.uri, &document.language_id);
                out.extend(config_errors(error));
                if wanted {
                    out.extend(update(
                        workspace,
                        document.uri,
                        document.version,
                        Some(&document.language_id),
                        document.text,
                    ));
                }
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams = params(notification.params)?;
                let uri = params.text_document.uri;
                let Some(document) = workspace.documents.get(uri.as_str()) else {
                    return Ok(Vec::new());
                };
                let text = apply_changes(document, workspace.encoding, params.content_changes);
                out = update(workspace, uri, params.text_document.version, None, text);
            }
            DidSaveTextDocument::METHOD => {
                let params: lsp_types::DidSaveTextDocumentParams = params(notification.params)?;
                let uri = params.text_document.uri;
                let Some(document) = workspace.documents.get(uri.as_str()) else {
                    return Ok(Vec::new());
                };
                let (version, text) = (
                    document.version,
                    params.text.unwrap_or_else(|| document.text.clone()),
                );
                out = update(workspace, uri, version, None, text);
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams = params(notification.params)?;
                let uri = params.text_document.uri;
                if workspace.documents.remove(uri.as_str()).is_some() {
                    out.push(diagnostics_notification(uri, Vec::new(), None));
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let params: DidChangeWatchedFilesParams = params(notification.params)?;
                if params.changes.iter().any(|change| is_config(&change.uri)) {
                    let mut errors: Vec<ConfigError> =
                        workspace.reload_config().err().into_iter().collect();
                    errors.extend(workspace.relint_all());
                    for error in errors {
                        out.extend(config_errors(Some(error)));
                    }
                    let mut uris: Vec<&String> = workspace.documents.keys().collect();
                    uris.sort();
                    out.extend(uris.into_iter().filter_map(|uri| publish(workspace, uri)));
                }
            }
            _ => {}
        }
        Ok(out)
    }

    /// Asks the client, once, to report changes to config files, where it can be asked.
    fn register_config_watcher(&mut self) -> Vec<Message> {
        if !self.watch_configs || self.workspace.is_none() || self.shutdown {
            return Vec::new();
        }
        self.watch_configs = false;
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.toml".into()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "pmlint-config-files".into(),
                method: DidChangeWatchedFiles::METHOD.into(),
                register_options: Some(to_value(options)),
            }],
        };
        vec![
            Request::new(
                RequestId::from("pmlint-watch".to_string()),
                RegisterCapability::METHOD.into(),
                params,
            )
            .into(),
        ]
    }
}

struct RequestError(ErrorCode, String);

impl From<BadParams> for RequestError {
    fn from(BadParams(error): BadParams) -> RequestError {
        RequestError(ErrorCode::InvalidParams, error)
    }
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, BadParams> {
    serde_json::from_value(value).map_err(|e| BadParams(format!("invalid parameters: {e}")))
}

fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The document's text after the client's changes: whole texts replace it, ranged ones
/// (from a client that ignores the full-sync capability) are applied in order.
fn apply_changes(
    document: &workspace::OpenDocument,
    encoding: Encoding,
    changes: Vec<lsp_types::TextDocumentContentChangeEvent>,
) -> String {
    let mut text = document.text.clone();
    for change in changes {
        match change.range {
            None => text = change.text,
            Some(range) => {
                let lines = position::Lines::new(&text, encoding);
                let start = lines.offset(&text, range.start);
                let end = lines.offset(&text, range.end);
                if end < start {
                    log("a change whose range ends before it starts: inserted at its start");
                }
                let end = end.max(start);
                text.replace_range(start..end, &change.text);
            }
        }
    }
    text
}

/// Stores and lints the document's new text: its diagnostics, after any config error.
fn update(
    workspace: &mut Workspace,
    uri: Uri,
    version: i32,
    language: Option<&str>,
    text: String,
) -> Vec<Message> {
    let key = uri.as_str().to_string();
    let error = workspace.update(uri, version, language, text).err();
    config_errors(error)
        .into_iter()
        .chain(publish(workspace, &key))
        .collect()
}

fn publish(workspace: &Workspace, uri: &str) -> Option<Message> {
    let document = workspace.documents.get(uri)?;
    Some(diagnostics_notification(
        document.uri.clone(),
        workspace.published(document),
        Some(document.version),
    ))
}

fn diagnostics_notification(
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Message {
    Notification::new(
        PublishDiagnostics::METHOD.into(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
    .into()
}

/// A broken config file, shown to the user: its documents get no findings until it is fixed.
fn config_errors(error: Option<ConfigError>) -> Option<Message> {
    let message = error_report(&error?, false);
    log(&message);
    Some(
        Notification::new(
            ShowMessage::METHOD.into(),
            ShowMessageParams {
                typ: MessageType::ERROR,
                message,
            },
        )
        .into(),
    )
}
