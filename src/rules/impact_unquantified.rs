use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::{ClaimKind, SectionKind};

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
        fix: None,
        summary: "An impact section with no share, count or amount",
    }
}

impl Rule for ImpactUnquantified {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        let sections: Vec<_> = doc.outermost_sections(SectionKind::Impact).collect();
        // Each number marks the section it stands in; the sections are sorted and disjoint.
        let mut quantified = vec![false; sections.len()];
        let shares = doc.impact().percentages.iter().map(|p| p.span.start);
        let counts = doc.impact().counts.iter().map(|c| c.span.start);
        let claims = doc
            .impact()
            .claims
            .iter()
            .filter(|c| c.kind != ClaimKind::Partial)
            .map(|c| c.span.start);
        for offset in shares.chain(counts).chain(claims) {
            let i = sections.partition_point(|s| s.span.end <= offset);
            if sections.get(i).is_some_and(|s| s.span.contains(&offset)) {
                quantified[i] = true;
            }
        }
        for (section, quantified) in sections.into_iter().zip(quantified) {
            if !quantified {
                let title = &doc.text()[section.title.clone()];
                cx.report(
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
