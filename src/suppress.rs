//! Applies a document's inline suppressions to what the rules found, and reports the
//! suppressions that hid nothing or name no rule (`unused-suppression`).

use std::collections::{HashMap, HashSet};

use crate::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::{Directive, Document, Suppression};
use crate::rules::{self, RuleMeta, unused_suppression::UnusedSuppression};

/// A finding that a suppression comment hid, with the comment's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    /// The comment that hid it.
    pub comment: std::ops::Range<usize>,
    pub reason: Option<String>,
}

/// One rule named in a comment, or the whole comment when it names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Target {
    suppression: usize,
    /// Index into the comment's rules; `None` for a comment that covers every rule.
    rule: Option<usize>,
}

struct Comment<'d> {
    suppression: &'d Suppression,
    /// Resolved rules, in the order written; `None` where the name is no rule.
    rules: Vec<Option<&'static RuleMeta>>,
    first_line: usize,
    last_line: usize,
}

/// Splits `diagnostics` into those that stand and those a comment hid, and appends the
/// `unused-suppression` findings.
pub fn apply(
    doc: &Document,
    settings: &Settings,
    diagnostics: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    if doc.suppressions.is_empty() {
        return (diagnostics, Vec::new());
    }
    let text = doc.text();
    let lines = &doc.source.lines;
    let comments: Vec<Comment> = doc
        .suppressions
        .iter()
        .map(|s| Comment {
            suppression: s,
            rules: s
                .rules
                .iter()
                .map(|r| rules::find(&text[r.clone()]))
                .collect(),
            first_line: lines.line_of(s.span.start),
            last_line: lines.line_of(s.span.end.saturating_sub(1).max(s.span.start)),
        })
        .collect();

    let lookup = Lookup::new(&comments);
    let mut used = HashSet::new();
    let mut kept = Vec::new();
    let mut hidden = Vec::new();
    for diagnostic in diagnostics {
        match lookup.covering(&diagnostic, lines.line_of(diagnostic.span.start)) {
            Some(target) => {
                used.insert(target);
                hidden.push(suppressed(&comments, target, diagnostic, text));
            }
            None => kept.push(diagnostic),
        }
    }

    if let Some(severity) = settings.profile.severity(&UnusedSuppression::META) {
        for mut report in unused(&comments, &used, settings, text) {
            report.severity = severity;
            let line = lines.line_of(report.span.start);
            match lookup.covering(&report, line) {
                Some(target) => hidden.push(suppressed(&comments, target, report, text)),
                None => kept.push(report),
            }
        }
        kept.sort_by(|a, b| (a.span.start, a.rule.code).cmp(&(b.span.start, b.rule.code)));
    }
    (kept, hidden)
}

fn suppressed(
    comments: &[Comment],
    target: Target,
    diagnostic: Diagnostic,
    text: &str,
) -> Suppressed {
    let suppression = comments[target.suppression].suppression;
    Suppressed {
        diagnostic,
        comment: suppression.span.clone(),
        reason: suppression.reason.clone().map(|r| text[r].to_string()),
    }
}

/// What a comment covers, for finding the comments that cover a finding's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Cover {
    File,
    Line(usize),
}

/// The comments indexed by what they cover, so that each finding is looked up instead of
/// read against every comment. A rule of `None` stands for a comment that names no rule.
struct Lookup<'c, 'd> {
    comments: &'c [Comment<'d>],
    /// The first comment (in text order) that covers the file or a line for a rule.
    lines: HashMap<(Cover, Option<&'static str>), usize>,
    /// The `disable` and `enable` comments that concern a rule, in text order.
    blocks: HashMap<Option<&'static str>, Vec<usize>>,
}

impl<'c, 'd> Lookup<'c, 'd> {
    fn new(comments: &'c [Comment<'d>]) -> Self {
        let mut lookup = Lookup {
            comments,
            lines: HashMap::new(),
            blocks: HashMap::new(),
        };
        for (i, comment) in comments.iter().enumerate() {
            let rules: Vec<Option<&'static str>> = if comment.rules.is_empty() {
                vec![None]
            } else {
                comment
                    .rules
                    .iter()
                    .flatten()
                    .map(|r| Some(r.code))
                    .collect()
            };
            let covers: Vec<Cover> = match comment.suppression.directive {
                Directive::DisableFile => vec![Cover::File],
                Directive::DisableLine => (comment.first_line..=comment.last_line)
                    .map(Cover::Line)
                    .collect(),
                Directive::DisableNextLine => vec![Cover::Line(comment.last_line + 1)],
                Directive::Disable | Directive::Enable => {
                    for rule in rules {
                        let block = lookup.blocks.entry(rule).or_default();
                        if block.last() != Some(&i) {
                            block.push(i);
                        }
                    }
                    continue;
                }
            };
            for cover in covers {
                for &rule in &rules {
                    lookup.lines.entry((cover, rule)).or_insert(i);
                }
            }
        }
        lookup
    }

    /// The comment target that hides `diagnostic`, found on `line`: the first comment that
    /// covers the file or the line for its rule, else the last `disable` or `enable` before it
    /// that concerns its rule, if that is a `disable` (so `disable` then `enable dst-label`
    /// re-enables only dst-label).
    fn covering(&self, diagnostic: &Diagnostic, line: usize) -> Option<Target> {
        let rules = [Some(diagnostic.rule.code), None];
        let on_line = [Cover::File, Cover::Line(line)]
            .into_iter()
            .flat_map(|cover| rules.map(|rule| self.lines.get(&(cover, rule))))
            .flatten()
            .min();
        if let Some(&i) = on_line {
            return Some(self.target(i, diagnostic));
        }
        let last_block = rules
            .iter()
            .filter_map(|rule| {
                let block = self.blocks.get(rule)?;
                let before = block.partition_point(|&i| {
                    self.comments[i].suppression.span.start < diagnostic.span.start
                });
                before.checked_sub(1).map(|at| block[at])
            })
            .max()?;
        (self.comments[last_block].suppression.directive == Directive::Disable)
            .then(|| self.target(last_block, diagnostic))
    }

    /// The rule of comment `i` that hides `diagnostic`, which the comment concerns.
    fn target(&self, i: usize, diagnostic: &Diagnostic) -> Target {
        Target {
            suppression: i,
            rule: self.comments[i]
                .rules
                .iter()
                .position(|r| r.is_some_and(|r| r.code == diagnostic.rule.code)),
        }
    }
}

/// A report for each rule name that is no rule, and each disabling target that hid nothing.
fn unused(
    comments: &[Comment],
    used: &HashSet<Target>,
    settings: &Settings,
    text: &str,
) -> Vec<Diagnostic> {
    // The first `enable` after each comment, which ends a `disable`.
    let mut next_enable = vec![None; comments.len()];
    let mut next = None;
    for i in (0..comments.len()).rev() {
        next_enable[i] = next;
        if comments[i].suppression.directive == Directive::Enable {
            next = Some(i);
        }
    }
    let mut out = Vec::new();
    for (i, comment) in comments.iter().enumerate() {
        let suppression = comment.suppression;
        for (at, rule) in comment.rules.iter().enumerate() {
            let written = suppression.rules[at].clone();
            if rule.is_none() {
                out.push(UnusedSuppression::unknown_rule(
                    written.clone(),
                    &text[written],
                ));
            }
        }
        if suppression.directive == Directive::Enable {
            continue;
        }
        let keyword = suppression.directive.keyword();
        let scope = scope(comment, next_enable[i].map(|e| &comments[e]));
        if comment.rules.is_empty() {
            let target = Target {
                suppression: i,
                rule: None,
            };
            if !used.contains(&target) {
                out.push(UnusedSuppression::nothing_suppressed(
                    suppression.span.clone(),
                    keyword,
                    None,
                    &scope,
                ));
            }
            continue;
        }
        for (at, rule) in comment.rules.iter().enumerate() {
            let Some(meta) = rule else { continue };
            // A comment that hides this rule's own reports is judged by them, not here.
            if meta.code == UnusedSuppression::META.code {
                continue;
            }
            let target = Target {
                suppression: i,
                rule: Some(at),
            };
            if !used.contains(&target) {
                let runs = settings.profile.severity(meta).is_some();
                out.push(UnusedSuppression::nothing_suppressed(
                    suppression.rules[at].clone(),
                    keyword,
                    Some((meta, runs)),
                    &scope,
                ));
            }
        }
    }
    out
}

/// Where `comment` applies, in words; `enable` is the first `pmlint-enable` after it.
fn scope(comment: &Comment, enable: Option<&Comment>) -> String {
    match comment.suppression.directive {
        Directive::DisableFile => "in this file".into(),
        Directive::DisableLine if comment.first_line == comment.last_line => {
            format!("on line {}", comment.first_line + 1)
        }
        Directive::DisableLine => format!(
            "on lines {} to {}",
            comment.first_line + 1,
            comment.last_line + 1
        ),
        Directive::DisableNextLine => format!("on line {}", comment.last_line + 2),
        Directive::Disable | Directive::Enable => enable.map_or_else(
            || "after it".into(),
            |c| format!("before the `pmlint-enable` on line {}", c.first_line + 1),
        ),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The lookup's answer by reading every comment in order, as it was first written.
    fn covering_by_scan(
        comments: &[Comment],
        diagnostic: &Diagnostic,
        line: usize,
    ) -> Option<Target> {
        let code = diagnostic.rule.code;
        let target = |i: usize, comment: &Comment| -> Option<Target> {
            if comment.rules.is_empty() {
                return Some(Target {
                    suppression: i,
                    rule: None,
                });
            }
            let at = comment
                .rules
                .iter()
                .position(|r| r.is_some_and(|r| r.code == code))?;
            Some(Target {
                suppression: i,
                rule: Some(at),
            })
        };
        let mut range_state = None;
        for (i, comment) in comments.iter().enumerate() {
            let covers_line = match comment.suppression.directive {
                Directive::DisableFile => true,
                Directive::DisableLine => (comment.first_line..=comment.last_line).contains(&line),
                Directive::DisableNextLine => line == comment.last_line + 1,
                Directive::Disable | Directive::Enable => {
                    if comment.suppression.span.start < diagnostic.span.start
                        && let Some(t) = target(i, comment)
                    {
                        range_state = Some((comment.suppression.directive, t));
                    }
                    false
                }
            };
            if covers_line && let Some(t) = target(i, comment) {
                return Some(t);
            }
        }
        match range_state {
            Some((Directive::Disable, t)) => Some(t),
            _ => None,
        }
    }

    const DIRECTIVES: [Directive; 5] = [
        Directive::Disable,
        Directive::Enable,
        Directive::DisableLine,
        Directive::DisableNextLine,
        Directive::DisableFile,
    ];
    const NAMES: [&str; 4] = [
        "unknown-timezone",
        "dst-label",
        "timeline-order",
        "no-such-rule",
    ];

    /// Comments in text order: (directive, names by index into NAMES, lines it spans, lines
    /// skipped before it).
    fn comments() -> impl Strategy<Value = Vec<(usize, Vec<usize>, usize, usize)>> {
        prop::collection::vec(
            (
                0..5usize,
                prop::collection::vec(0..4usize, 0..3),
                0..3usize,
                0..3usize,
            ),
            0..40,
        )
    }

    proptest! {
        #[test]
        fn lookup_finds_what_reading_every_comment_finds(
            specs in comments(),
            findings in prop::collection::vec((0..3usize, 0..130usize), 0..40),
        ) {
            let mut suppressions = Vec::new();
            let mut placed = Vec::new();
            let mut line = 0;
            for (directive, names, extra_lines, gap) in &specs {
                line += gap;
                // One line is ten bytes: the comment starts on `line` and spans `extra_lines` more.
                let span = line * 10..(line + extra_lines) * 10 + 5;
                suppressions.push(Suppression {
                    directive: DIRECTIVES[*directive],
                    span,
                    rules: names.iter().map(|&n| n..n + 1).collect(),
                    reason: None,
                });
                placed.push((names.clone(), line, line + extra_lines));
                line += extra_lines + 1;
            }
            let comments: Vec<Comment> = suppressions
                .iter()
                .zip(&placed)
                .map(|(suppression, (names, first_line, last_line))| Comment {
                    suppression,
                    rules: names.iter().map(|&n| rules::find(NAMES[n])).collect(),
                    first_line: *first_line,
                    last_line: *last_line,
                })
                .collect();
            let lookup = Lookup::new(&comments);
            for (rule, line) in findings {
                let meta = rules::find(NAMES[rule]).expect("the first three names are rules");
                let diagnostic = Diagnostic::new(meta, line * 10 + 3..line * 10 + 4, "x");
                prop_assert_eq!(
                    lookup.covering(&diagnostic, line),
                    covering_by_scan(&comments, &diagnostic, line)
                );
            }
        }
    }
}
