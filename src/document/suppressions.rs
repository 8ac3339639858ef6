//! Inline suppressions: `<!-- pmlint-disable RULE -->` and its kin. They are HTML comments, so
//! they read the same in Markdown and plain text and never show when Markdown is rendered. A
//! comment inside code is an example, not a directive.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    /// `pmlint-disable`: from this comment to the matching `pmlint-enable`, or the end.
    Disable,
    /// `pmlint-enable`: ends a `pmlint-disable`.
    Enable,
    /// `pmlint-disable-line`: the lines the comment stands on.
    DisableLine,
    /// `pmlint-disable-next-line`: the line after the comment.
    DisableNextLine,
    /// `pmlint-disable-file`: the whole file.
    DisableFile,
}

impl Directive {
    pub fn keyword(self) -> &'static str {
        match self {
            Directive::Disable => "pmlint-disable",
            Directive::Enable => "pmlint-enable",
            Directive::DisableLine => "pmlint-disable-line",
            Directive::DisableNextLine => "pmlint-disable-next-line",
            Directive::DisableFile => "pmlint-disable-file",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Suppression {
    pub directive: Directive,
    /// The whole comment.
    pub span: Range<usize>,
    /// Each rule name or code as written; none means every rule.
    pub rules: Vec<Range<usize>>,
    /// The text after ` -- `, kept for whoever reads the suppression later.
    pub reason: Option<Range<usize>>,
}

/// Every suppression comment inside the `html` ranges, in text order.
pub fn find(text: &str, html: &[Range<usize>]) -> Vec<Suppression> {
    static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"<!--[ \t]*pmlint-(?P<directive>disable-next-line|disable-line|disable-file|disable|enable)(?P<body>(?:[ \t\r\n][^>]*?)?)[ \t\r\n]*-->",
        )
        .expect("suppression comment pattern compiles")
    });
    let mut found = Vec::new();
    for range in html {
        let area = &text[range.clone()];
        if !area.contains("pmlint-") {
            continue;
        }
        for caps in COMMENT.captures_iter(area) {
            let (Some(whole), Some(directive), Some(body)) =
                (caps.get(0), caps.name("directive"), caps.name("body"))
            else {
                continue;
            };
            let directive = match directive.as_str() {
                "disable-next-line" => Directive::DisableNextLine,
                "disable-line" => Directive::DisableLine,
                "disable-file" => Directive::DisableFile,
                "disable" => Directive::Disable,
                _ => Directive::Enable,
            };
            let body_start = range.start + body.start();
            let (rules, reason) = split_body(body.as_str(), body_start);
            found.push(Suppression {
                directive,
                span: range.start + whole.start()..range.start + whole.end(),
                rules,
                reason,
            });
        }
    }
    found
}

/// The rule names (separated by commas or spaces) and the reason after ` -- `.
fn split_body(body: &str, offset: usize) -> (Vec<Range<usize>>, Option<Range<usize>>) {
    let (names, reason) = match body.find(" -- ") {
        Some(at) => {
            let reason = &body[at + 4..];
            let trimmed = reason.trim();
            let start = at + 4 + (reason.len() - reason.trim_start().len());
            (
                &body[..at],
                (!trimmed.is_empty()).then(|| offset + start..offset + start + trimmed.len()),
            )
        }
        None => (body, None),
    };
    let mut rules = Vec::new();
    let mut start = None;
    for (i, c) in names
        .char_indices()
        .chain(std::iter::once((names.len(), ' ')))
    {
        let separator = c == ',' || c.is_whitespace();
        match (separator, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                rules.push(offset + s..offset + i);
                start = None;
            }
            _ => {}
        }
    }
    (rules, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<(Directive, Vec<&str>, Option<&str>)> {
        let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
        find(text, &whole)
            .into_iter()
            .map(|s| {
                (
                    s.directive,
                    s.rules.iter().map(|r| &text[r.clone()]).collect(),
                    s.reason.map(|r| &text[r]),
                )
            })
            .collect()
    }

    #[test]
    fn directives_rules_and_reasons() {
        assert_eq!(
            parse("<!-- pmlint-disable-next-line unknown-timezone -->"),
            [(Directive::DisableNextLine, vec!["unknown-timezone"], None)]
        );
        assert_eq!(
            parse(
                "<!-- pmlint-disable PM101,dst-label  timeline-order -- copied from the vendor's log -->"
            ),
            [(
                Directive::Disable,
                vec!["PM101", "dst-label", "timeline-order"],
                Some("copied from the vendor's log")
            )]
        );
        assert_eq!(
            parse("a <!--pmlint-enable--> b <!-- pmlint-disable-file -->"),
            [
                (Directive::Enable, vec![], None),
                (Directive::DisableFile, vec![], None)
            ]
        );
        assert_eq!(
            parse("<!-- pmlint-disable-line missing-section -->"),
            [(Directive::DisableLine, vec!["missing-section"], None)]
        );
    }

    #[test]
    fn other_comments_are_not_directives() {
        assert!(parse("<!-- pmlint-disabled -->").is_empty());
        assert!(parse("<!-- markdownlint-disable MD013 -->").is_empty());
        assert!(parse("<!-- note: pmlint-disable would go here -->").is_empty());
    }
}
