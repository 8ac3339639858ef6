//! The server's answers about one document without a client or a transport, for the fuzz
//! target (`fuzz/fuzz_targets/lint.rs`): the same workspace, lint, position conversions, code
//! actions and hovers a client reaches through `pmlint server`.

use lsp_types::{CodeActionOrCommand, Hover, Position, PositionEncodingKind, Range, Uri};

use super::actions;
use super::position::Encoding;
use super::workspace::{OpenDocument, Workspace};
use crate::config::{ConfigError, Mode, Overrides};

/// One document open in a server of its own, as after `initialize` and `didOpen`. No config
/// file is read (`--isolated`), so what it finds depends on the text and `overrides` alone.
pub struct Session {
    workspace: Workspace,
    uri: String,
}

impl Session {
    /// Opens `text` as `uri`, whose extension picks the format as the server's does.
    /// Positions count in `encoding`, as for a client that offers only it.
    pub fn open(
        overrides: &Overrides,
        encoding: PositionEncodingKind,
        uri: Uri,
        text: String,
    ) -> Result<Session, ConfigError> {
        let encoding = Encoding::negotiate(Some(std::slice::from_ref(&encoding)));
        let mut workspace = Workspace::new(Mode::Isolated, overrides.clone(), encoding)?;
        let key = uri.as_str().to_string();
        workspace.update(uri, 1, None, text)?;
        Ok(Session {
            workspace,
            uri: key,
        })
    }

    fn document(&self) -> &OpenDocument {
        &self.workspace.documents[&self.uri]
    }

    /// What `textDocument/publishDiagnostics` sends for the document.
    pub fn diagnostics(&self) -> Vec<lsp_types::Diagnostic> {
        self.workspace.published(self.document())
    }

    /// The answer to `textDocument/codeAction` over `range`.
    pub fn code_actions(&self, range: Range) -> Vec<CodeActionOrCommand> {
        actions::code_actions(self.document(), range)
    }

    /// The answer to `textDocument/hover` at `position`.
    pub fn hover(&self, position: Position) -> Option<Hover> {
        actions::hover(self.document(), position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_server_does() {
        let text = "# Outage\n\n## Timeline\n\n- Zoë saw it at 2024-03-03 09:00 WTC - alert\n";
        let session = Session::open(
            &Overrides::default(),
            PositionEncodingKind::UTF8,
            "file:///notes/a.md".parse().expect("a valid URI"),
            text.to_string(),
        )
        .expect("the defaults apply");
        let diagnostics = session.diagnostics();
        let wtc = diagnostics
            .iter()
            .find(|d| d.message.contains("`WTC`"))
            .expect("the unknown zone");
        // Counted in UTF-8 bytes: `ë` is two, where UTF-16 would give 33.
        assert_eq!(wtc.range.start, Position::new(4, 34));
        let titles: Vec<String> = session
            .code_actions(wtc.range)
            .into_iter()
            .filter_map(|action| match action {
                CodeActionOrCommand::CodeAction(action) => Some(action.title),
                CodeActionOrCommand::Command(_) => None,
            })
            .collect();
        assert!(
            titles.contains(&"Disable unknown-timezone for this line".to_string()),
            "{titles:?}"
        );
        let hover = session.hover(wtc.range.start).expect("a hover on the zone");
        assert_eq!(hover.range, Some(wtc.range));
    }
}
