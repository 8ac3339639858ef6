use super::RuleMeta;
use crate::diagnostic::Diagnostic;
use std::ops::Range;

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment that suppresses nothing, or that names a rule that does
    /// not exist:
    ///
    /// - `<!-- pmlint-disable-next-line unknown-timezone -->` above a line with no
    ///   `unknown-timezone` finding;
    /// - `<!-- pmlint-disable dst-lable -->`, a misspelt rule;
    /// - a rule named in a suppression that the configuration does not run.
    ///
    /// The rules run before suppressions are applied, so this rule sees what each comment
    /// actually hides. It reports after the other rules and can itself be suppressed
    /// (`<!-- pmlint-disable-file unused-suppression -->`) or ignored in `pmlint.toml`.
    ///
    /// ## Why is this bad?
    /// A suppression outlives the finding it was written for: once the time is fixed, the
    /// comment stays and would silently hide the next real mistake on that line. A misspelt
    /// rule name suppresses nothing while looking as if it did.
    ///
    /// ## Example
    /// ```text
    /// <!-- pmlint-disable-next-line unknown-timezone -- vendor log, quoted as is -->
    /// - 14:00 UTC: alerts fired
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - 14:00 UTC: alerts fired
    /// ```
    pub struct UnusedSuppression {
        code: "PM501",
        name: "unused-suppression",
        severity: Warning,
        enabled: true,
        fix: None,
        summary: "A pmlint-disable comment that suppresses nothing or names no rule",
    }
}

impl UnusedSuppression {
    /// `written`, in the comment at `span`, is neither a rule's name nor its code.
    pub fn unknown_rule(span: Range<usize>, written: &str) -> Diagnostic {
        let diagnostic = Diagnostic::new(
            &Self::META,
            span,
            format!("`{written}` in a suppression comment names no rule"),
        )
        .label("no such rule");
        match super::nearest(written) {
            Some(meta) => diagnostic.help(format!(
                "did you mean `{}` ({})? `pmlint rules` lists every rule",
                meta.name, meta.code
            )),
            None => diagnostic.help("`pmlint rules` lists every rule's name and code"),
        }
    }

    /// The comment at `span` hid no finding of `rule` (of any rule when `None`) in `scope`
    /// ("on line 12", "in this file"); `runs` says whether the configuration runs the rule.
    pub fn nothing_suppressed(
        span: Range<usize>,
        keyword: &str,
        rule: Option<(&RuleMeta, bool)>,
        scope: &str,
    ) -> Diagnostic {
        let message = match rule {
            Some((meta, true)) => format!(
                "`{keyword} {}` suppresses nothing: no {} finding {scope}",
                meta.name, meta.name
            ),
            Some((meta, false)) => format!(
                "`{keyword} {}` suppresses nothing: the configuration does not run {}",
                meta.name, meta.name
            ),
            None => format!("`{keyword}` suppresses nothing: no finding {scope}"),
        };
        Diagnostic::new(&Self::META, span, message)
            .label("suppresses nothing")
            .help("remove it, or the rule from it; a stale suppression would hide the next real finding here")
    }
}
