use chrono::{NaiveDate, TimeDelta};
use regex::Regex;

use super::*;
use crate::Settings;
use crate::document::Document;
use crate::source::{Format, SourceFile};

fn picture(text: &str) -> String {
    let source = SourceFile::new("pm.md", text, Format::Markdown);
    let settings = Settings::default();
    let doc = Document::parse(&source, &settings.conventions);
    let findings = crate::lint_document(&doc, &settings);
    let zone = ShownZone::parse("UTC").unwrap();
    svg(&Timeline::of(&doc, &findings, &zone), &zone)
}

/// A postmortem with `count` entries from June 4, 2024 09:00 UTC, in bursts a minute apart
/// with longer pauses, and a stated window over the first day.
fn postmortem(count: usize) -> String {
    let start = NaiveDate::from_ymd_opt(2024, 6, 4)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let mut text = "# Queue outage\n\n**Duration:** 09:00 to 23:00 UTC, June 4, 2024\n\n\
                    ## Timeline\n\n"
        .to_string();
    let mut at = start;
    for k in 0..count {
        at += TimeDelta::minutes([0, 1, 1, 2, 30, 0, 5, 90][k % 8]);
        text.push_str(&format!(
            "- {} UTC - step {k} of the recovery\n",
            at.format("%B %-d, %Y %H:%M")
        ));
    }
    text
}

/// Every `<text>`: its column (x and whether it is right-aligned), baseline and words.
fn texts(svg: &str) -> Vec<(String, f64, String)> {
    let text = Regex::new(r#"<text ([^>]*)>(.*?)</text>"#).unwrap();
    let attribute = |attributes: &str, name: &str| {
        Regex::new(&format!(r#"\b{name}="([^"]*)""#))
            .unwrap()
            .captures(attributes)
            .map(|c| c[1].to_string())
            .unwrap_or_default()
    };
    text.captures_iter(svg)
        .map(|c| {
            let column = format!(
                "{}{}",
                attribute(&c[1], "x"),
                attribute(&c[1], "text-anchor")
            );
            let y = attribute(&c[1], "y").parse().unwrap();
            (column, y, c[2].to_string())
        })
        .collect()
}

#[test]
fn no_two_labels_overlap_at_1_to_200_entries() {
    let height = Regex::new(r#"height="([0-9.]+)""#).unwrap();
    for count in [1, 2, 7, 50, 200] {
        let svg = picture(&postmortem(count));
        let texts = texts(&svg);
        let entries = texts.iter().filter(|(column, ..)| column == "210").count();
        assert_eq!(entries, count, "{svg}");
        // Labels in one column overlap only if their baselines are closer than a line.
        let mut columns: Vec<&str> = texts.iter().map(|(column, ..)| column.as_str()).collect();
        columns.sort_unstable();
        columns.dedup();
        for column in columns {
            let mut ys: Vec<f64> = texts
                .iter()
                .filter(|(c, ..)| c == column)
                .map(|(_, y, _)| *y)
                .collect();
            ys.sort_by(f64::total_cmp);
            for pair in ys.windows(2) {
                assert!(
                    pair[1] - pair[0] >= 15.0,
                    "{count} entries, column {column}: {pair:?}"
                );
            }
        }
        let height: f64 = height.captures(&svg).unwrap()[1].parse().unwrap();
        assert!(
            texts.iter().all(|(_, y, _)| *y < height),
            "{count}: text below {height}"
        );
    }
}

#[test]
fn the_tick_side_shows_the_left_columns_apart_from_the_cut() {
    // Ticks (x=146) and cuts (x=144) share the left of the axis, in columns of their own.
    let svg =
        picture(&postmortem(7).replace("- June 4, 2024 09:00 UTC", "- June 4, 2025 09:00 UTC"));
    let texts = texts(&svg);
    let cut: Vec<f64> = texts
        .iter()
        .filter(|(_, _, t)| t.ends_with("later"))
        .map(|t| t.1)
        .collect();
    assert!(cut.iter().any(|y| *y > 0.0), "{svg}");
    assert!(svg.contains(">364 days later<"), "{svg}");
    assert!(
        texts.iter().any(|(_, _, t)| t.starts_with("2025-06-04")),
        "{svg}"
    );
    for (column, y, words) in &texts {
        if column == "146.0end" {
            for cut in &cut {
                assert!(
                    (y - cut).abs() >= 15.0,
                    "tick {words} at {y} meets a cut at {cut}"
                );
            }
        }
    }
}

#[test]
fn an_entry_a_year_off_is_cut_apart_and_below_the_band() {
    let text = "# Outage\n\n**Duration:** 09:00 to 10:00 UTC, June 4, 2024\n\n## Timeline\n\n\
                - June 4, 2024 09:10 UTC - alert fired\n- June 4, 2025 09:40 UTC - restored\n";
    let svg = picture(text);
    assert!(svg.contains(">1 year later<"), "{svg}");
    let number = |pattern: &str| -> f64 {
        Regex::new(pattern).unwrap().captures(&svg).unwrap()[1]
            .parse()
            .unwrap()
    };
    let band_bottom =
        number(r#"class="band" x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)""#)
            + number(r#"class="band" x="[0-9.]+" y="([0-9.]+)""#);
    let restored = number(r#"class="restored" x="[0-9.]+" y="([0-9.]+)""#);
    assert!(restored > band_bottom + CUT, "{restored} vs {band_bottom}");
    assert!(svg.contains("2025-06-04 09:40"), "{svg}");
}

#[test]
fn labels_stack_centred_on_their_marks() {
    // Three marks at one place share it; the fourth stays at its own.
    assert_eq!(
        stack(&[100.0, 100.0, 100.0, 300.0], 50.0),
        vec![86.0, 104.0, 122.0, 304.0]
    );
    // Never above the top.
    assert_eq!(stack(&[0.0, 0.0], 50.0), vec![50.0, 68.0]);
}

#[test]
fn document_text_cannot_break_out_of_the_picture() {
    let text = "# <script>alert(1)</script> & co\n\n## Timeline\n\n\
                - June 4, 2024 09:10 UTC - <b>bold</b> \"quoted\" & done\n";
    let svg = picture(text);
    assert!(!svg.contains("<script>") && !svg.contains("<b>"), "{svg}");
    assert!(
        svg.contains("&lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; &amp; done"),
        "{svg}"
    );
}

#[test]
fn cuts_and_ticks_read_as_people_say_them() {
    assert_eq!(span(3.0 * 1440.0), "3 days");
    assert_eq!(span(366.0 * 1440.0), "1 year 1 day");
    assert_eq!(span(90.0), "2 hours");
    assert_eq!(span(13.0 * 60.0 + 21.0), "13 hours");
    let at = |h, m| {
        NaiveDate::from_ymd_opt(2024, 6, 4)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    };
    assert_eq!(
        ticks(at(9, 7), at(10, 0), 15),
        vec![at(9, 15), at(9, 30), at(9, 45), at(10, 0)]
    );
    assert_eq!(
        tick_label(at(9, 15), Some(at(9, 0)), 15, &Axis::Zone),
        "09:15"
    );
    assert_eq!(
        tick_label(at(9, 15), None, 15, &Axis::Zone),
        "2024-06-04 09:15"
    );
}

#[test]
fn long_labels_are_cut_by_width_to_fit_the_picture() {
    let wide = "W".repeat(400);
    assert!(width(&fit(&wide, 300.0)) <= 300.0);
    assert!(fit(&wide, 300.0).ends_with('…'));
    assert_eq!(fit("short  text", 300.0), "short text");
    let text = format!("# Wide\n\n## Timeline\n\n- June 4, 2024 09:10 UTC - {wide}\n");
    let svg = picture(&text);
    let label = texts(&svg)
        .into_iter()
        .find(|(column, ..)| column == "210")
        .unwrap();
    assert!(
        label.2.ends_with('…') && width(&label.2) <= WIDTH - LABEL_X,
        "{}",
        label.2
    );
}
