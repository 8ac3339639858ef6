//! Applies a document's inline suppressions to what the rules found, and reports the
//! suppressions that hid nothing or name no rule (`unused-suppression`).

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

    let mut used = std::collections::HashSet::new();
    let mut kept = Vec::new();
    let mut hidden = Vec::new();
    for diagnostic in diagnostics {
        match covering(&comments, &diagnostic, lines.line_of(diagnostic.span.start)) {
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
            match covering(&comments, &report, line) {
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

/// The comment target that hides `diagnostic`, found on `line`.
fn covering(comments: &[Comment], diagnostic: &Diagnostic, line: usize) -> Option<Target> {
    let rule = diagnostic.rule;
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
            .position(|r| r.is_some_and(|r| r.code == rule.code))?;
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
                // The last disable or enable before the finding that concerns its rule
                // decides, so `disable` then `enable dst-label` re-enables only dst-label.
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

/// A report for each rule name that is no rule, and each disabling target that hid nothing.
fn unused(
    comments: &[Comment],
    used: &std::collections::HashSet<Target>,
    settings: &Settings,
    text: &str,
) -> Vec<Diagnostic> {
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
        let scope = scope(comments, i);
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

/// Where the comment at `index` applies, in words.
fn scope(comments: &[Comment], index: usize) -> String {
    let comment = &comments[index];
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
        Directive::Disable | Directive::Enable => {
            let end = comments[index + 1..]
                .iter()
                .find(|c| c.suppression.directive == Directive::Enable)
                .map(|c| format!("before the `pmlint-enable` on line {}", c.first_line + 1));
            end.unwrap_or_else(|| "after it".into())
        }
    }
}
