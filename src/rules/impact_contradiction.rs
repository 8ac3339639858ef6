use super::{Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::document::{ClaimKind, Document, ImpactClaim, Percentage, Population, Qualifier};

declare_rule! {
    /// ## What it does
    /// Reports a claim that everyone was affected ("complete outage", "completely unavailable",
    /// "all users", "every customer") in the same paragraph as an explicit share below 100% of
    /// users ("approximately 80% of users were affected").
    ///
    /// Shares of requests are not compared: they are often measured over a longer stretch than
    /// the outage ("30% of requests failed during the recovery"). Negated claims ("not a
    /// complete outage"), narrowed groups ("all users in the EU region") and lower bounds
    /// ("over 95% of users") are not contradictions.
    ///
    /// ## Why is this bad?
    /// Readers cannot tell whether the service was down for everyone or for a fraction of users,
    /// and the severity, the customer communication and the follow-ups depend on it.
    ///
    /// ## Example
    /// ```text
    /// Impact: The marketplace had a complete outage. Approximately 80% of users were affected.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Impact: The marketplace was unavailable for approximately 80% of users.
    /// ```
    pub struct ImpactContradiction {
        code: "PM302",
        name: "impact-contradiction",
        severity: Warning,
        summary: "A complete outage or \"all users\" in the paragraph of a share of users below 100%",
    }
}

impl Rule for ImpactContradiction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for share in &doc.percentages {
            let Some(claim) = doc.claims.iter().find(|c| contradicts(c, share)) else {
                continue;
            };
            let text = doc.text();
            let claim_text = &text[claim.span.clone()];
            let share_text = &text[share.phrase.clone()];
            out.push(
                Diagnostic::new(
                    &Self::META,
                    share.phrase.clone(),
                    format!("`{share_text}` contradicts `{claim_text}` in the same paragraph"),
                )
                .label("a share below 100%")
                .related(claim.span.clone(), "claims everyone was affected")
                .help(match claim.kind {
                    ClaimKind::TotalOutage => {
                        "say which share of users saw the outage, or drop \"complete\" if some could still use the service"
                    }
                    ClaimKind::AllUsers => "state one figure: either all users were affected or the share was lower",
                }),
            );
        }
    }
}

fn contradicts(claim: &ImpactClaim, share: &Percentage) -> bool {
    // Both claims are about people: a lower share of requests is often measured over a longer
    // stretch than the outage ("30% of requests failed during the recovery").
    if share.of != Some(Population::Users) {
        return false;
    }
    let upper = match share.qualifier {
        Qualifier::AtLeast => return false,
        Qualifier::AtMost => share.value,
        Qualifier::Exact => share.value + share.rounding(),
        Qualifier::Approx => share.value + share.rounding() + 2.5,
    };
    !share.baseline && claim.paragraph == share.paragraph && upper < 100.0
}
