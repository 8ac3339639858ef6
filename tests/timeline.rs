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

#[test]
fn seed_000_as_a_picture_puts_the_2023_entry_past_a_cut_below_the_window() {
    let Some(seeds) = seeds() else { return };
    let seed = seeds.join("000_eb4d16a264d126bb.txt");
    let seed = seed.to_str().unwrap();
    let run = pmlint(&["timeline", "--isolated", "--format", "svg", seed]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = run.stdout;
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.contains(">1 year 1 day later<"), "{svg}");
    let number = |after: &str, name: &str| -> f64 {
        let from = svg
            .find(after)
            .unwrap_or_else(|| panic!("no {after} in {svg}"));
        let tail = &svg[from..];
        let value = &tail[tail.find(&format!("{name}=\"")).unwrap() + name.len() + 2..];
        value[..value.find('"').unwrap()].parse().unwrap()
    };
    let band_end = number("class=\"band\"", "y") + number("class=\"band\"", "height");
    // The detection is the 2023 entry, a diamond drawn from its top corner.
    let diamond = "class=\"detected\" d=\"M160.0 ";
    let detection = svg.find(diamond).unwrap() + diamond.len();
    let top: f64 = svg[detection..].split(' ').next().unwrap().parse().unwrap();
    assert!(
        top > band_end,
        "detection at {top}, window ends at {band_end}"
    );
    assert!(
        svg.contains("2023-05-15 06:30 <tspan class=\"event-detected\">detected</tspan> <tspan class=\"code\">[PM102]</tspan>"),
        "{svg}"
    );
    // The finding's message is the mark's tooltip.
    assert!(
        svg.contains(
            "PM102 entry-outside-window: detection at 2023-05-15 09:30 EAT is 365 days after"
        ),
        "{svg}"
    );

    let run = pmlint(&["timeline", "--isolated", "--format", "html", seed]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = run.stdout;
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains(&svg),
        "{html}"
    );
    assert!(
        !html.contains("<script") && !html.contains("src=") && !html.contains("href="),
        "{html}"
    );
    assert_eq!(
        html.matches("<tr").count(),
        5,
        "a header row and four entries: {html}"
    );
    assert!(
        html.contains(
            "<td>2023-05-15 06:30</td><td>+371d0h</td><td></td><td>outside</td><td>detected</td>"
        ),
        "{html}"
    );
}
