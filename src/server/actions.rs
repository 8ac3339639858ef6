//! Code actions and hovers on an open document's findings.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, MarkupContent,
    MarkupKind, Position, TextEdit, WorkspaceEdit,
};

use super::workspace::{OpenDocument, to_lsp};
use crate::diagnostic::{Diagnostic, Safety};
use crate::document::front_matter_end;
use crate::fix::{FixOptions, fix_file};
use crate::rules::documentation;
use crate::source::Format;

/// Quick fixes for the findings the range touches: each likely fix, then "disable RULE for
/// this line" for every finding.
pub fn code_actions(document: &OpenDocument, range: lsp_types::Range) -> Vec<CodeActionOrCommand> {
    let (start, end) = (document.offset(range.start), document.offset(range.end));
    // Read once per request: a range over thousands of findings must not rescan the text.
    let layout = Layout {
        eol: line_ending(&document.text),
        front_matter: front_matter_end(&document.source),
    };
    let mut actions = Vec::new();
    for d in document
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= end && start <= d.span.end)
    {
        let diagnostic = to_lsp(document, d);
        for fix in &d.fixes {
            let edit = TextEdit::new(document.range(&fix.span), fix.replacement.clone());
            actions.push(action(
                document,
                fix.title.clone(),
                edit,
                &diagnostic,
                fix.safety == Safety::Safe,
            ));
        }
        let (title, edit) = disable(document, &layout, d);
        actions.push(action(document, title, edit, &diagnostic, false));
    }
    actions
}

/// The kind of the fix-all action, as editors ask for it on save.
pub const FIX_ALL: &str = "source.fixAll.pmlint";

/// `source.fixAll.pmlint`: the safe fixes `check --fix` applies, as one edit over the part of
/// the document they change. `None` when there is nothing to fix.
pub fn fix_all(document: &OpenDocument) -> Option<CodeActionOrCommand> {
    let settings = document.settings.as_ref()?;
    let name = document.source.path.as_str();
    let fixed = fix_file(
        name,
        &document.text,
        document.source.format,
        settings,
        FixOptions::default(),
    );
    if fixed.applied == 0 {
        return None;
    }
    let (before, after) = (document.text.as_str(), fixed.contents.as_str());
    let prefix = common_prefix(before, after);
    let suffix = common_suffix(&before[prefix..], &after[prefix..]);
    let changed = prefix..before.len() - suffix;
    let edit = TextEdit::new(
        document.lines.range(&document.text, &changed),
        after[prefix..after.len() - suffix].to_string(),
    );
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("Fix all safely fixable pmlint findings ({})", fixed.applied),
        kind: Some(CodeActionKind::from(FIX_ALL)),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(document.uri.clone(), vec![edit])])),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

/// How many bytes `a` and `b` share at the start, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((at, _), _)| at)
}

/// How many bytes `a` and `b` share at the end, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

fn action(
    document: &OpenDocument,
    title: String,
    edit: TextEdit,
    diagnostic: &lsp_types::Diagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(document.uri.clone(), vec![edit])])),
            ..Default::default()
        }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

/// What every disable comment in one document depends on.
#[derive(Clone, Copy)]
struct Layout {
    /// The document's own line ending.
    eol: &'static str,
    /// Where front matter ends, if the document has any.
    front_matter: Option<usize>,
}

/// An inline suppression for the finding: `<!-- pmlint-disable-line NAME -->` at the end of its
/// line (inside the last cell of a table row, where a comment after the row would be dropped).
/// A finding about the whole document (an empty span at its start) or in front matter, where
/// HTML cannot go, gets a `disable-file` comment where the body starts.
fn disable(document: &OpenDocument, layout: &Layout, d: &Diagnostic) -> (String, TextEdit) {
    let text = &*document.source.text;
    let name = d.rule.name;
    let Layout { eol, front_matter } = *layout;
    if d.span == (0..0) || front_matter.is_some_and(|end| d.span.start < end) {
        let body = front_matter.unwrap_or(0);
        // The closing `---` may end the file without a line break.
        let lead = if body > 0 && body == text.len() && !text.ends_with('\n') {
            eol
        } else {
            ""
        };
        return (
            format!("Disable {name} for this file"),
            insert(
                document,
                body,
                format!("{lead}<!-- pmlint-disable-file {name} -->{eol}"),
            ),
        );
    }
    let lines = &document.source.lines;
    let range = lines.line_range(text, lines.line_of(d.span.start));
    let content = text[range.clone()].trim_end();
    let row = document.source.format == Format::Markdown
        && content.len() > 1
        && content.trim_start().starts_with('|')
        && content.ends_with('|')
        && !content.ends_with("\\|");
    let edit = if row {
        let pipe = range.start + content.len() - 1;
        insert(
            document,
            pipe,
            format!("<!-- pmlint-disable-line {name} --> "),
        )
    } else {
        insert(
            document,
            range.start + content.len(),
            format!(" <!-- pmlint-disable-line {name} -->"),
        )
    };
    (format!("Disable {name} for this line"), edit)
}

/// The document's own line ending: `\r\n`, a lone `\r` (old Mac), or `\n`. pmlint's copy of
/// the text has `\n` for each lone `\r`, so the client's text is asked.
fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else if text.contains('\r') {
        "\r"
    } else {
        "\n"
    }
}

fn insert(document: &OpenDocument, at: usize, text: String) -> TextEdit {
    let at = document.range(&(at..at)).start;
    TextEdit::new(lsp_types::Range::new(at, at), text)
}

/// The documentation of every rule with a finding under the cursor.
pub fn hover(document: &OpenDocument, position: Position) -> Option<Hover> {
    let offset = document.offset(position);
    let under: Vec<&Diagnostic> = document
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= offset && offset < d.span.end.max(d.span.start + 1))
        .collect();
    let first = under.first()?;
    let mut shown = Vec::new();
    let mut sections = Vec::new();
    for d in &under {
        if shown.contains(&d.rule.code) {
            continue;
        }
        shown.push(d.rule.code);
        sections.push(format!(
            "### {} {} ({})\n\n{}\n\n{}",
            d.rule.code,
            d.rule.name,
            d.severity,
            d.message,
            documentation(d.rule)
        ));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: Some(document.range(&first.span)),
    })
}
