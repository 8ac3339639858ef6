//! `pmlint timeline`: seed 000 in UTC and in its own zone, and a zone that is none.

mod common;

use common::{pmlint, seeds};

#[test]
fn seed_000_shows_the_2023_entry_outside_its_window() {
    let Some(seeds) = seeds() else { return };
    let seed = seeds.join("000_eb4d16a264d126bb.txt");
    let seed = seed.to_str().unwrap();
    let run = pmlint(&["timeline", "--isolated", seed]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "Postmortem: Web Stack Outage (times in UTC)");
    assert_eq!(
        lines[1],
        "window 2022-05-09 06:00 to 2022-05-14 12:00 (line 5)"
    );
    let outside: Vec<&&str> = lines.iter().filter(|l| l.starts_with('!')).collect();
    assert_eq!(outside.len(), 1, "{}", run.stdout);
    assert!(
        outside[0].starts_with("! 2023-05-15 06:30") && outside[0].contains("detected [PM102]"),
        "{}",
        outside[0]
    );
    assert!(run.stdout.contains("| 2022-05-10 12:00"), "{}", run.stdout);
    assert!(
        run.stdout.contains("restored Service fully restored"),
        "{}",
        run.stdout
    );

    let run = pmlint(&["timeline", "--isolated", "--zone", "Africa/Nairobi", seed]);
    assert!(run.stdout.contains("! 2023-05-15 09:30"), "{}", run.stdout);
}

#[test]
fn a_zone_that_is_none_exits_2_with_what_to_give() {
    let run = pmlint(&[
        "timeline",
        "--zone",
        "WTC",
        "fixtures/clean/checkout-latency.md",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--zone: `WTC` is not a time zone"),
        "{}",
        run.stderr
    );
    let run = pmlint(&["timeline", "fixtures"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("a folder"), "{}", run.stderr);
}
