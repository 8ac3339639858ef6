use super::{Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::document::{ClaimKind, Document, SectionKind};
use crate::profile::Profile;

declare_rule! {
    /// ## What it does
    /// Reports an impact section that gives no number: no share ("30% of users"), no count of
    /// people, requests or money ("1,200 customers", "40k failed requests", "$3,000"), and no
    /// claim that everyone was affected. Off by default; the `alx` and `pagerduty` profiles
    /// turn it on at info severity.
    ///
    /// ## Why is this bad?
    /// "Users had trouble logging in" cannot be compared with the next incident, and it hides
    /// whether the outage hit ten people or ten thousand. PagerDuty's template asks for exact
    /// numbers; the ALX format asks how many percent of users were affected.
    ///
    /// ## Example
    /// ```text
    /// Impact: Users had trouble logging in.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Impact: About 12% of users (3,100 accounts) could not log in.
    /// ```
    pub struct ImpactUnquantified {
        code: "PM303",
        name: "impact-unquantified",
        severity: Info,
        enabled: false,
        summary: "An impact section with no share, count or amount",
    }
}

impl Rule for ImpactUnquantified {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _profile: &Profile, out: &mut Vec<Diagnostic>) {
        for section in doc.outermost_sections(SectionKind::Impact) {
            let inside = |offset: usize| section.span.contains(&offset);
            let quantified = doc.percentages.iter().any(|p| inside(p.span.start))
                || doc.counts.iter().any(|c| inside(c.span.start))
                || doc
                    .claims
                    .iter()
                    .any(|c| inside(c.span.start) && c.kind != ClaimKind::Partial);
            if !quantified {
                let title = &doc.text()[section.title.clone()];
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        section.title.clone(),
                        format!("the `{title}` section gives no number of users, requests or money affected"),
                    )
                    .label("unquantified impact")
                    .help("say how many were affected: a share (\"12% of users\"), a count (\"3,100 accounts\", \"40k requests\") or an amount"),
                );
            }
        }
    }
}
