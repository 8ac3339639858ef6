//! Helpers several rules share.

use std::ops::Range;

use crate::diagnostic::Fix;

/// Rewrites the year of a date written in `span`: offered only where the year's four digits
/// appear once there, so the edit cannot touch the wrong number.
pub fn year_fix(text: &str, span: &Range<usize>, from: i32, to: i32) -> Option<Fix> {
    let written = &text[span.clone()];
    let digits = from.to_string();
    let mut found = written.match_indices(&digits).filter(|(at, _)| {
        let before = written[..*at].chars().next_back();
        let after = written[at + digits.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    });
    let (at, _) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let start = span.start + at;
    Some(Fix {
        title: format!("Change the year {from} to {to}"),
        span: start..start + digits.len(),
        replacement: to.to_string(),
    })
}

/// `A`, `A or B`, `A, B or C`.
pub fn join_or(items: &[impl AsRef<str>]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} or {}", rest.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_or_lists_with_commas_and_one_or() {
        assert_eq!(join_or(&["UTC"]), "UTC");
        assert_eq!(join_or(&["UTC", "GMT"]), "UTC or GMT");
        assert_eq!(join_or(&["a", "b", "c"]), "a, b or c");
        assert_eq!(join_or(&[] as &[&str]), "");
    }

    #[test]
    fn year_fix_rewrites_only_a_year_written_once() {
        let text = "- May 15, 2023, 09:30: start";
        let fix = year_fix(text, &(2..21), 2023, 2022).expect("a fix");
        assert_eq!(&text[fix.span.clone()], "2023");
        assert_eq!(fix.replacement, "2022");
        // Written twice, or only inside a longer number: no edit is safe.
        assert_eq!(year_fix("2023-05-15 2023", &(0..15), 2023, 2022), None);
        assert_eq!(year_fix("120230", &(0..6), 2023, 2022), None);
        assert!(year_fix("20223-05-01", &(0..11), 20223, 2023).is_some());
    }
}
