use super::{Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::document::{Breakdown, Document, Percentage};

declare_rule! {
    /// ## What it does
    /// Reports percentages that cannot all be true:
    ///
    /// - parts of one whole that add up to more than 100% ("45% timeouts, 40% 502s and 25%
    ///   resets"), or to less than 100% where the text says they split the whole ("breakdown",
    ///   "split", "consisting of");
    /// - a share of users or requests above 100%;
    /// - `N% (a of b)` where a out of b is not N%.
    ///
    /// Rounding is allowed for: each part written as a whole number may be off by half a point,
    /// and an approximate one ("~30%") by more. Ratios to a baseline ("340% of normal", "CPU at
    /// 100%", "up 40%") are not shares and are never added up.
    ///
    /// ## Why is this bad?
    /// Impact numbers are what readers quote. A breakdown that sums to 110% means at least one
    /// number is wrong, and nobody can tell which.
    ///
    /// ## Example
    /// ```text
    /// Of the failed requests, 45% were timeouts, 40% were 502s and 25% were resets.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Of the failed requests, 45% were timeouts, 40% were 502s and 15% were resets.
    /// ```
    pub struct PercentageTotal {
        code: "PM301",
        name: "percentage-total",
        severity: Error,
        enabled: true,
        fix: None,
        summary: "Percentages that cannot all be true: parts over 100%, shares over 100%, N% (a of b) mismatches",
    }
}

impl Rule for PercentageTotal {
    fn check(&self, cx: &mut Context) {
        let doc = cx.doc;
        for p in &doc.impact().percentages {
            if let Some(diagnostic) = share_over_whole(doc, p).or_else(|| ratio_mismatch(doc, p)) {
                cx.report(diagnostic);
            }
        }
        for breakdown in &doc.impact().breakdowns {
            cx.report_all(breakdown_total(doc, breakdown));
        }
    }
}

fn share_over_whole(doc: &Document, p: &Percentage) -> Option<Diagnostic> {
    let population = p.of?;
    if p.baseline || p.value - p.rounding() <= 100.0 {
        return None;
    }
    let phrase = &doc.text()[p.phrase.clone()];
    Some(
        Diagnostic::new(
            &PercentageTotal::META,
            p.phrase.clone(),
            format!("`{phrase}` is more than all of the {}", population.noun()),
        )
        .label("a share cannot exceed 100%")
        .help("a share of a whole is at most 100%; if this compares with a baseline, say so (\"% of normal\")"),
    )
}

fn ratio_mismatch(doc: &Document, p: &Percentage) -> Option<Diagnostic> {
    let ratio = p.ratio.as_ref()?;
    if ratio.whole <= 0.0 || !ratio.whole.is_finite() || !ratio.part.is_finite() {
        return None;
    }
    let actual = ratio.part / ratio.whole * 100.0;
    if (actual - p.value).abs() <= p.slack() {
        return None;
    }
    let counts = doc.text()[ratio.span.clone()].trim();
    Some(
        Diagnostic::new(
            &PercentageTotal::META,
            p.span.clone(),
            format!(
                "{}% does not match {counts}, which is {}%",
                trim_number(p.value),
                round(actual)
            ),
        )
        .label("stated share")
        .related(ratio.span.clone(), format!("{}%", round(actual)))
        .help(format!("write {}% or correct the counts", round(actual))),
    )
}

fn breakdown_total(doc: &Document, breakdown: &Breakdown) -> Option<Diagnostic> {
    let parts: Vec<&Percentage> = breakdown
        .parts
        .iter()
        .map(|&i| &doc.impact().percentages[i])
        .collect();
    let sum: f64 = parts.iter().map(|p| p.value).sum();
    let tolerance: f64 = parts.iter().map(|p| p.slack()).sum();
    let over = sum > 100.0 + tolerance;
    let under = breakdown.stated_whole && sum < 100.0 - tolerance;
    if !over && !under {
        return None;
    }
    let listed = parts
        .iter()
        .map(|p| format!("{}%", trim_number(p.value)))
        .collect::<Vec<_>>()
        .join(" + ");
    let message = if over {
        format!(
            "parts of one whole add up to {}% ({listed}), more than 100%",
            trim_number(sum)
        )
    } else {
        format!(
            "the breakdown adds up to {}% ({listed}), not 100%",
            trim_number(sum)
        )
    };
    let mut diagnostic = Diagnostic::new(&PercentageTotal::META, parts[0].span.clone(), message)
        .label(format!("total {}%", trim_number(sum)))
        .help(if over {
            "one of the parts is wrong, or the parts overlap and are not shares of one whole"
        } else {
            "add the missing part (\"other\") or correct the numbers"
        });
    for p in &parts[1..] {
        diagnostic = diagnostic.related(p.span.clone(), "part of the same whole");
    }
    Some(diagnostic)
}

fn trim_number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn round(value: f64) -> String {
    trim_number((value * 10.0).round() / 10.0)
}
