//! Text from a document or a file name, made safe for a terminal or a log: control characters
//! (ESC, OSC, CSI, other C0 and C1 codes) would let a postmortem retitle the window or clear the
//! screen, so they are written visibly escaped (`\u{1b}`), as ripgrep and ruff do.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

/// Whether `c` must not reach a terminal as it is. Tab and line feed are layout, not control.
pub fn is_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// `text` with every control character written as `\u{..}`, and line feeds too when
/// `one_line` (a message or a name that must stay on its line).
pub fn controls(text: &str, one_line: bool) -> Cow<'_, str> {
    let escape = |c: char| is_control(c) || (one_line && c == '\n');
    if !text.chars().any(escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A document's text with its control characters written escaped, for the snippets of the
/// human report, and the way from an offset in the text to the same place in the copy. A line
/// end (`\n`, `\r\n`) is kept: it is layout.
pub struct Escaped {
    pub text: String,
    /// For each escaped character, its offset in the text and the bytes that it and the
    /// escapes before it added; sorted, so an offset is mapped by a binary search.
    added: Vec<(usize, usize)>,
}

impl Escaped {
    /// `None` when `text` has nothing to escape.
    pub fn new(text: &str) -> Option<Escaped> {
        let mut chars = text.char_indices().peekable();
        let mut escaped: Option<Escaped> = None;
        while let Some((at, c)) = chars.next() {
            let line_end = c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n');
            if !is_control(c) || line_end {
                if let Some(escaped) = &mut escaped {
                    escaped.text.push(c);
                }
                continue;
            }
            let escaped = escaped.get_or_insert_with(|| Escaped {
                text: text[..at].to_string(),
                added: Vec::new(),
            });
            let before = escaped.text.len();
            let _ = write!(escaped.text, "\\u{{{:x}}}", u32::from(c));
            let total = escaped.added.last().map_or(0, |&(_, total)| total);
            escaped
                .added
                .push((at, total + escaped.text.len() - before - c.len_utf8()));
        }
        escaped
    }

    /// Where `offset` of the text is in the copy: an escaped character's offset is where its
    /// escape starts.
    pub fn offset(&self, offset: usize) -> usize {
        let before = self.added.partition_point(|&(at, _)| at < offset);
        offset + before.checked_sub(1).map_or(0, |i| self.added[i].1)
    }
}

/// A path as pmlint names it in every report: its text with control characters and line feeds
/// escaped, and bytes that are not UTF-8 written as `\xNN` instead of being replaced.
pub fn path(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(&controls(chunk.valid(), true));
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out
}

/// Escapes markup, and replaces the characters XML 1.0 forbids (most control characters) with
/// U+FFFD, since no escape can carry them.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A parser reads a raw carriage return as a line feed.
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// A parser reads a raw tab or line feed in an attribute value as a space.
pub fn markup_attribute(text: &str) -> String {
    markup(text).replace('\t', "&#9;").replace('\n', "&#10;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_written_escaped() {
        assert_eq!(
            controls("a\u{1b}]0;pwned\u{7}b", false),
            "a\\u{1b}]0;pwned\\u{7}b"
        );
        assert_eq!(controls("csi \u{9b}2J", false), "csi \\u{9b}2J");
        assert_eq!(controls("two\nlines\tok", false), "two\nlines\tok");
        assert_eq!(controls("two\nlines", true), "two\\u{a}lines");
        assert!(matches!(controls("plain é", true), Cow::Borrowed(_)));
    }

    #[test]
    fn an_escaped_copy_maps_offsets_past_each_escape() {
        assert!(Escaped::new("plain\r\ntext\t\n").is_none());
        let text = "a\u{1b}[2J b\r\nc\u{9b}d\re";
        let escaped = Escaped::new(text).unwrap();
        assert_eq!(escaped.text, "a\\u{1b}[2J b\r\nc\\u{9b}d\\u{d}e");
        for (needle, copy) in [
            ("a", "a"),
            ("[2J", "[2J"),
            ("b", "b"),
            ("d", "d"),
            ("e", "e"),
        ] {
            let at = text.find(needle).unwrap();
            assert_eq!(&escaped.text[escaped.offset(at)..][..copy.len()], copy);
        }
        let esc = text.find('\u{1b}').unwrap();
        assert_eq!(&escaped.text[escaped.offset(esc)..][..6], "\\u{1b}");
        assert_eq!(escaped.offset(text.len()), escaped.text.len());
    }

    #[cfg(unix)]
    #[test]
    fn paths_keep_bytes_that_are_not_utf8_visible() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"pm\xff\nx.md");
        assert_eq!(path(Path::new(name)), "pm\\xff\\u{a}x.md");
    }

    #[test]
    fn escapes_markup_and_replaces_forbidden_characters() {
        assert_eq!(
            markup("<a href='x'>&\"\r\n\t é😀"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&#13;\n\t é😀"
        );
        assert_eq!(
            markup("\u{0}\u{8}\u{b}\u{c}\u{e}\u{1f}\u{fffe}\u{ffff}"),
            "\u{fffd}".repeat(8)
        );
        assert_eq!(markup_attribute("a\tb\nc"), "a&#9;b&#10;c");
    }
}
