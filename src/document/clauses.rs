//! The clauses of a sentence: "30% of users in the EU were affected, and 45% of users could not
//! export" has two. A sentence breaks at commas, semicolons, colons and "and", "but", "while".

use std::ops::Range;

const BREAKS: [&str; 6] = [",", ";", ":", " and ", " but ", " while "];

/// Where a sentence's clauses break, found in one pass, so that finding the clause around each
/// of many percentages is a binary search instead of a scan of the sentence.
pub struct Clauses {
    /// Where each break starts, ascending.
    starts: Vec<usize>,
    /// Where each break ends, ascending.
    ends: Vec<usize>,
    len: usize,
}

impl Clauses {
    pub fn new(sentence: &str) -> Clauses {
        let bytes = sentence.as_bytes();
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for (i, byte) in bytes.iter().enumerate() {
            if !matches!(byte, b',' | b';' | b':' | b' ') {
                continue;
            }
            // Breaks may overlap (" and and "), so each position is tried against every one.
            for found in BREAKS
                .iter()
                .filter(|b| bytes[i..].starts_with(b.as_bytes()))
            {
                starts.push(i);
                ends.push(i + found.len());
            }
        }
        ends.sort_unstable();
        Clauses {
            starts,
            ends,
            len: sentence.len(),
        }
    }

    /// The clause around `start..end`: from the end of the last break before it to the start
    /// of the first break after it.
    pub fn around(&self, start: usize, end: usize) -> Range<usize> {
        let before = self.ends.partition_point(|&e| e <= start);
        let from = before.checked_sub(1).map_or(0, |i| self.ends[i]);
        let after = self.starts.partition_point(|&s| s < end);
        let to = self.starts.get(after).copied().unwrap_or(self.len);
        from..to
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The clause around `start..end`, found by searching the sentence for each break.
    fn around_by_search(sentence: &str, start: usize, end: usize) -> Range<usize> {
        let from = BREAKS
            .iter()
            .filter_map(|b| sentence[..start].rfind(b).map(|i| i + b.len()))
            .max()
            .unwrap_or(0);
        let to = BREAKS
            .iter()
            .filter_map(|b| sentence[end..].find(b).map(|i| end + i))
            .min()
            .unwrap_or(sentence.len());
        from..to
    }

    #[test]
    fn two_clauses() {
        let s = "30% of users in the EU were affected, and 45% of users could not export";
        let clauses = Clauses::new(s);
        assert_eq!(
            &s[clauses.around(0, 3)],
            "30% of users in the EU were affected"
        );
        assert_eq!(&s[clauses.around(42, 45)], "45% of users could not export");
    }

    proptest! {
        #[test]
        fn binary_search_finds_what_searching_finds(
            words in prop::collection::vec(
                prop::sample::select(vec!["and", "but", "while", "x", "5%", ",", ";", ":", "é"]),
                0..30,
            ),
            joins in prop::collection::vec(prop::sample::select(vec![" ", "", "  "]), 30),
            a in 0..200usize,
            b in 0..200usize,
        ) {
            let sentence: String = words.iter().zip(&joins).flat_map(|(w, j)| [*w, *j]).collect();
            let bounds: Vec<usize> = (0..=sentence.len()).filter(|&i| sentence.is_char_boundary(i)).collect();
            let (start, end) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let (start, end) = (start.min(end), start.max(end));
            prop_assert_eq!(Clauses::new(&sentence).around(start, end), around_by_search(&sentence, start, end));
        }
    }
}
