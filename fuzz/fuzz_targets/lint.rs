//! Parse, lint with every rule and render every format; fix twice (the second run must change
//! nothing); then open the document in the
//! language server and ask for its code actions and hovers. No input may panic; every span and
//! every range the server sends must lie on character boundaries inside the document; every
//! finding gets a "disable" action and each sampled one a hover where it starts; and each
//! disable action tried leaves its finding no longer shown.
#![no_main]

use std::collections::HashSet;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use lsp_types::{
    CodeActionOrCommand, Diagnostic, HoverContents, NumberOrString, Position, PositionEncodingKind,
    Range, TextEdit, Uri,
};
use pmlint::Settings;
use pmlint::config::{Config, Overrides};
use pmlint::fix::{FixOptions, fix_file};
use pmlint::render::{FileReport, concise, github, human, json, json_lines, junit, sarif};
use pmlint::server::fuzzing::Session;
use pmlint::source::{Format, SourceFile};

static EVERY_RULE_SELECTED: LazyLock<Overrides> = LazyLock::new(|| Overrides {
    select: Some(vec!["ALL".into()]),
    ..Overrides::default()
});

static EVERY_RULE: LazyLock<Settings> = LazyLock::new(|| {
    Config::defaults(&EVERY_RULE_SELECTED)
        .expect("ALL is a valid selection")
        .settings
});

/// Findings whose own code-action and hover requests are checked, spread over the document:
/// one request per finding would make large inputs quadratic in the fuzzer, not in the server.
const SAMPLED_FINDINGS: usize = 32;

/// Disable actions applied and relinted per input. Each relint costs a whole lint, so an input
/// gets one per `RELINT_BYTES` of text, at least one and at most `MOST_RELINTS`.
const MOST_RELINTS: usize = 8;
const RELINT_BYTES: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the format (bit 0), colour (bit 1) and the server's position
    // encoding (bits 2 and 3); the rest is the document, as pmlint would read it.
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = if selector & 1 == 0 {
        Format::Markdown
    } else {
        Format::PlainText
    };
    lint_and_render(text, format, selector & 2 != 0);
    fix_twice(text, format);
    let encoding = match (selector >> 2) & 3 {
        1 => Encoding::Utf8,
        2 => Encoding::Utf32,
        _ => Encoding::Utf16,
    };
    Client::open(text, format, encoding).check();
});

/// `check --fix --unsafe-fixes`: never panics, keeps the BOM, reaches a text no fix applies to
/// (a fix that does not resolve its finding would be offered again every round), and so a
/// second run changes nothing.
fn fix_twice(text: &str, format: Format) {
    let options = FixOptions { unsafe_fixes: true };
    let once = fix_file("fuzz.md", text, format, &EVERY_RULE, options);
    assert_eq!(once.contents.starts_with('\u{feff}'), text.starts_with('\u{feff}'));
    assert!(once.remaining.diagnostics.iter().all(|d| d.fixes.is_empty()));
    let twice = fix_file("fuzz.md", &once.contents, format, &EVERY_RULE, options);
    assert_eq!((twice.applied, twice.contents), (0, once.contents));
}

fn lint_and_render(text: &str, format: Format, color: bool) {
    let source = SourceFile::new("fuzz.md".to_string(), text, format);
    let findings = pmlint::lint(&source, &EVERY_RULE);
    for d in &findings.diagnostics {
        for span in std::iter::once(&d.span).chain(d.related.iter().map(|r| &r.span)) {
            assert!(span.start <= span.end && span.end <= source.text.len());
            assert!(source.text.is_char_boundary(span.start));
            assert!(source.text.is_char_boundary(span.end));
        }
    }
    let reports = [FileReport {
        source,
        diagnostics: findings.diagnostics,
        suppressed: findings.suppressed,
    }];
    let options = human::HumanOptions { color, width: 80 };
    let _ = human::render(&reports, &options);
    let _ = concise::render(&reports);
    let _ = json::render(&reports);
    let _ = json_lines::render(&reports);
    let _ = sarif::render(&reports);
    let _ = github::render(&reports);
    let _ = junit::render(&reports);
}

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// A client of the server: the document as it holds it, and what the server published.
struct Client<'t> {
    text: &'t str,
    format: Format,
    encoding: Encoding,
    session: Session,
    published: Vec<Diagnostic>,
}

/// What a disable action inserts: `<!-- pmlint-disable-line NAME -->` or `-file`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scope {
    Line,
    File,
}

struct Disable<'a> {
    scope: Scope,
    edit: &'a TextEdit,
    finding: &'a Diagnostic,
}

impl<'t> Client<'t> {
    fn open(text: &'t str, format: Format, encoding: Encoding) -> Client<'t> {
        let session = open(text.to_string(), format, encoding);
        let published = session.diagnostics();
        Client {
            text,
            format,
            encoding,
            session,
            published,
        }
    }

    fn check(&self) {
        let mut ranges: Vec<Range> = Vec::new();
        for d in &self.published {
            ranges.push(d.range);
            ranges.extend(
                d.related_information
                    .iter()
                    .flatten()
                    .map(|r| r.location.range),
            );
        }
        let everything = Range::new(Position::new(0, 0), Position::new(u32::MAX, u32::MAX));
        let actions = self.session.code_actions(everything);
        let disables = self.disables(&actions, &mut ranges);
        assert_eq!(
            disables.iter().map(|d| d.finding).collect::<Vec<_>>(),
            self.published.iter().collect::<Vec<_>>(),
            "every finding, in order, gets one disable action"
        );

        let step = self.published.len().div_ceil(SAMPLED_FINDINGS).max(1);
        for d in self.published.iter().step_by(step) {
            let own = self.session.code_actions(d.range);
            assert!(
                self.disables(&own, &mut ranges)
                    .iter()
                    .any(|disable| disable.finding == d),
                "the actions at {:?} include disabling {d:?}",
                d.range
            );
            let hover = self
                .session
                .hover(d.range.start)
                .unwrap_or_else(|| panic!("no hover where {d:?} starts"));
            let HoverContents::Markup(shown) = &hover.contents else {
                panic!("a hover is Markdown: {hover:?}");
            };
            let Some(NumberOrString::String(code)) = &d.code else {
                panic!("a finding has a rule code: {d:?}");
            };
            assert!(shown.value.contains(code.as_str()), "{hover:?} for {d:?}");
            ranges.extend(hover.range);
        }

        for probe in self.probes() {
            ranges.extend(self.session.hover(probe).and_then(|h| h.range));
            let actions = self.session.code_actions(Range::new(probe, probe));
            self.disables(&actions, &mut ranges);
        }

        let ends: Vec<Position> = ranges.iter().flat_map(|r| [r.start, r.end]).collect();
        let offsets = offsets(self.text, self.encoding, &ends);
        for (range, ends) in ranges.iter().zip(offsets.chunks(2)) {
            let (Some(start), Some(end)) = (ends[0], ends[1]) else {
                panic!("{range:?} is not on character boundaries inside the document");
            };
            assert!(start <= end, "{range:?} ends before it starts");
        }

        let relints = (RELINT_BYTES / self.text.len().max(1)).clamp(1, MOST_RELINTS);
        let mut tried = HashSet::new();
        for disable in disables
            .iter()
            .filter(|d| tried.insert((d.edit.range, &d.edit.new_text)))
            .take(relints)
        {
            self.check_disable(disable);
        }
    }

    /// The disable actions among `actions`, after collecting the range of every edit.
    fn disables<'a>(
        &self,
        actions: &'a [CodeActionOrCommand],
        ranges: &mut Vec<Range>,
    ) -> Vec<Disable<'a>> {
        let uri = uri(self.format);
        let mut disables = Vec::new();
        for action in actions {
            let CodeActionOrCommand::CodeAction(action) = action else {
                panic!("a code action, not a command: {action:?}");
            };
            let changes: Vec<_> = action
                .edit
                .iter()
                .flat_map(|e| e.changes.iter().flatten())
                .collect();
            let [(changed, edits)] = changes.as_slice() else {
                panic!("edits to one document: {action:?}");
            };
            assert_eq!(*changed, &uri, "edits to the document: {action:?}");
            let [finding] = action.diagnostics.as_deref().unwrap_or_default() else {
                panic!("an action for one finding: {action:?}");
            };
            ranges.extend(edits.iter().map(|e| e.range));
            let [edit] = edits.as_slice() else {
                continue;
            };
            let scope = if edit.new_text.contains("<!-- pmlint-disable-line ") {
                Scope::Line
            } else if edit.new_text.contains("<!-- pmlint-disable-file ") {
                Scope::File
            } else {
                continue;
            };
            assert_eq!(
                edit.range.start, edit.range.end,
                "a disable inserts: {edit:?}"
            );
            let name = finding
                .source
                .as_deref()
                .and_then(|s| s.strip_prefix("pmlint("))
                .and_then(|s| s.strip_suffix(')'))
                .unwrap_or_else(|| panic!("a finding names its rule: {finding:?}"));
            assert!(
                edit.new_text.contains(&format!(" {name} -->")),
                "{edit:?} disables {finding:?}"
            );
            disables.push(Disable {
                scope,
                edit,
                finding,
            });
        }
        disables
    }

    /// Where a client may point besides the findings: far past the end, and inside the first
    /// character that takes more than one unit.
    fn probes(&self) -> Vec<Position> {
        let mut probes = vec![Position::new(u32::MAX, u32::MAX)];
        let (mut line, mut units) = (0, 0);
        let mut chars = self.text.chars().peekable();
        while let Some(c) = chars.next() {
            let width = self.encoding.units(c);
            if width > 1 {
                probes.push(Position::new(line, units + 1));
                break;
            }
            if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                (line, units) = (line + 1, 0);
            } else {
                units += width;
            }
        }
        probes
    }

    /// Applies one disable action, relints, and checks its finding no longer shows: hidden by
    /// the comment, or gone because the comment changed what the rules read (a comment on an
    /// action item or a plain-text title line does). The server does not guarantee more, nor
    /// that much where the comment is known to go unread.
    fn check_disable(&self, disable: &Disable) {
        let at = offsets(self.text, self.encoding, &[disable.edit.range.start])[0]
            .expect("the edit's range was checked");
        if goes_unread(self.text, self.format, at) {
            return;
        }
        let edited = format!(
            "{}{}{}",
            &self.text[..at],
            disable.edit.new_text,
            &self.text[at..]
        );
        let after = open(edited.clone(), self.format, self.encoding).diagnostics();
        let finding = disable.finding;
        let still = after.iter().find(|a| {
            a.code == finding.code
                && (disable.scope == Scope::File || a.range.start.line == finding.range.start.line)
        });
        assert!(
            still.is_none(),
            "{:?} left {still:?} in {edited:?}",
            disable.edit
        );
    }
}

/// Where a disable comment appended to a line is known to go unread, found by this target:
/// inside an HTML comment opened before it, which it only extends; and on a Markdown table row
/// that does not both start and end with a pipe, where it lands in a cell past the header's,
/// which is dropped, or gives the header row one cell too many, so that there is no table.
fn goes_unread(text: &str, format: Format, at: usize) -> bool {
    let inside_a_comment = text[..at]
        .rfind("<!--")
        .is_some_and(|open| !text[open..at].contains("-->"));
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[start..end].trim();
    let loose_row = format == Format::Markdown
        && line.contains('|')
        && !(line.starts_with('|') && line.ends_with('|'));
    inside_a_comment || loose_row
}

fn uri(format: Format) -> Uri {
    let uri = match format {
        Format::Markdown => "file:///fuzz.md",
        Format::PlainText => "file:///fuzz.txt",
    };
    uri.parse().expect("a valid URI")
}

fn open(text: String, format: Format, encoding: Encoding) -> Session {
    Session::open(&EVERY_RULE_SELECTED, encoding.kind(), uri(format), text)
        .expect("ALL is a valid selection")
}

/// The byte offset of each position in `text`, counted independently of the server: `None`
/// unless it lies on a character boundary inside a line (lines end at `\n`, `\r\n` or a lone
/// `\r`, as LSP has it). One pass over the text, in position order.
fn offsets(text: &str, encoding: Encoding, positions: &[Position]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by_key(|&i| (positions[i].line, positions[i].character));
    let mut found = vec![None; positions.len()];
    let mut chars = text.char_indices().peekable();
    let (mut line, mut units) = (0u64, 0u64);
    for i in order {
        let wanted = (
            u64::from(positions[i].line),
            u64::from(positions[i].character),
        );
        while (line, units) < wanted {
            let Some(&(_, c)) = chars.peek() else { break };
            if c == '\n' || c == '\r' {
                if line == wanted.0 {
                    // Past the line's end.
                    break;
                }
                chars.next();
                if c == '\r' {
                    // `\r\n` is one line break.
                    chars.next_if(|&(_, next)| next == '\n');
                }
                (line, units) = (line + 1, 0);
            } else {
                chars.next();
                units += u64::from(encoding.units(c));
            }
        }
        if (line, units) == wanted {
            found[i] = Some(chars.peek().map_or(text.len(), |&(at, _)| at));
        }
    }
    found
}
