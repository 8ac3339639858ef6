//! Helpers several rules share.

use std::ops::Range;

use crate::diagnostic::Fix;

/// Rewrites the year written at `year_span`: offered only where its digits are the year
/// itself (`2021`, not `21` read as 2021), so the edit cannot write the wrong number.
pub fn year_fix(text: &str, year_span: Option<&Range<usize>>, from: i32, to: i32) -> Option<Fix> {
    let span = year_span?;
    (text[span.clone()] == from.to_string()).then(|| Fix {
        title: format!("Change the year {from} to {to}"),
        span: span.clone(),
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
    fn year_fix_rewrites_the_year_where_it_is_written() {
        let text = "- May 15, 2023, 09:30: start";
        let fix = year_fix(text, Some(&(10..14)), 2023, 2022).expect("a fix");
        assert_eq!(&text[fix.span.clone()], "2023");
        assert_eq!(fix.replacement, "2022");
        // No year written, or written in two digits: no edit is safe.
        assert_eq!(year_fix(text, None, 2023, 2022), None);
        assert_eq!(year_fix("05/15/23", Some(&(6..8)), 2023, 2022), None);
        assert!(year_fix("20223-05-01", Some(&(0..5)), 20223, 2023).is_some());
    }
}
