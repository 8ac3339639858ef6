//! `pmlint report`: the page over the fixtures and the seeds, what it holds, that it fetches
//! nothing, that its markup is balanced and its text escaped, and the exit codes.

mod common;

use std::path::Path;

use common::{check_json, pmlint, scratch, seeds, write};
use serde_json::Value;

/// Runs `pmlint report --isolated ARGS -o DIR/report.html` and returns the run and the page.
fn report(dir: &Path, args: &[&str]) -> (common::Run, String) {
    let out = dir.join("report.html");
    let mut all = vec!["report", "--isolated", "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = pmlint(&all);
    let page = std::fs::read_to_string(&out).unwrap_or_default();
    (run, page)
}

/// The files `pmlint facts` reads under `paths`, as it names them.
fn files(paths: &[&str]) -> Vec<String> {
    let mut args = vec!["facts", "--isolated", "--format", "json-lines"];
    args.extend_from_slice(paths);
    pmlint(&args)
        .stdout
        .lines()
        .map(|l| {
            let record: Value = serde_json::from_str(l).unwrap();
            record["file"].as_str().unwrap().to_string()
        })
        .collect()
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Every element that is opened is closed, in order; void and self-closed ones aside.
fn assert_balanced(page: &str) {
    const VOID: [&str; 4] = ["meta", "br", "hr", "img"];
    let mut open: Vec<String> = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').expect("every tag ends");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(!name.is_empty(), "a `<` that opens no tag: <{tag}>");
        if let Some(closing) = tag.strip_prefix('/') {
            let closing = closing.trim();
            let last = open.pop();
            assert_eq!(
                last.as_deref(),
                Some(closing),
                "</{closing}> closes {last:?}"
            );
        } else if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
}

/// Nothing is loaded or linked from the network, and there is no script.
fn assert_self_contained(page: &str) {
    let lower = page.to_lowercase();
    for bad in [
        "<script",
        "src=",
        "href=\"http",
        "href=\"//",
        "href='http",
        "url(",
        "@import",
        "<link",
        "<iframe",
        "<object",
    ] {
        assert!(!lower.contains(bad), "the page contains {bad}");
    }
    // The one URL allowed is the SVG namespace, which is a name, not a load.
    let urls = lower.matches("http://").count() + lower.matches("https://").count();
    assert_eq!(
        urls,
        lower
            .matches("xmlns=\"http://www.w3.org/2000/svg\"")
            .count()
    );
}

#[test]
fn a_page_over_the_fixtures_holds_every_document_and_every_rule_that_found_something() {
    let dir = scratch();
    let (run, page) = report(dir.path(), &["fixtures"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..100]);
    assert_balanced(&page);
    assert_self_contained(&page);
    let files = files(&["fixtures"]);
    assert!(files.len() > 100, "{} fixtures", files.len());
    assert_eq!(page.matches("<tr id=\"row-").count(), files.len());
    for file in &files {
        assert!(page.contains(&escaped(file)), "{file} is not in the page");
    }
    // Rows in order of file.
    let mut sorted = files.clone();
    sorted.sort();
    let first = page.find(&escaped(&sorted[0])).unwrap();
    let last = page.find(&escaped(sorted.last().unwrap())).unwrap();
    assert!(first < last);

    let findings = check_json(&["--isolated", "fixtures"]);
    let mut codes: Vec<&str> = findings["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    assert!(codes.len() > 20, "{codes:?}");
    assert_eq!(page.matches("<tr class=\"rule\">").count(), codes.len());
    for code in codes {
        assert!(
            page.contains(&format!("<tr class=\"rule\"><td>{code}</td>")),
            "{code} has no row"
        );
    }
    for section in [
        "over-time",
        "durations",
        "quarters",
        "rules",
        "documents",
        "timelines",
    ] {
        assert!(
            page.contains(&format!("<section id=\"{section}\">")),
            "{section}"
        );
    }
    // The same files give the same page.
    let (_, again) = report(dir.path(), &["fixtures"]);
    assert!(again == page, "the page differs between two runs");
}

#[test]
fn the_seeds_show_their_windows_in_utc_or_as_written() {
    let Some(seeds) = seeds() else { return };
    let dir = scratch();
    let (run, page) = report(dir.path(), &[seeds.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_balanced(&page);
    assert_self_contained(&page);
    assert_eq!(page.matches("<tr id=\"row-").count(), 2);
    let row = |n: usize| {
        let start = page.find(&format!("<tr id=\"row-{n}\"")).unwrap();
        let end = start + page[start..].find("</tr>").unwrap();
        page[start..end].to_string()
    };
    // Seed 000: EAT, so 09:00 is 06:00 UTC; restored 30 hours in.
    let seed_000 = row(1);
    assert!(seed_000.contains("000_eb4d16a264d126bb.txt"), "{seed_000}");
    assert!(seed_000.contains("2022-05-09 06:00"), "{seed_000}");
    assert!(seed_000.contains("1d6h"), "{seed_000}");
    assert!(seed_000.contains("href=\"#doc-1\""), "{seed_000}");
    // Seed 004: its zone is unknown, so its window is as written, with the reason.
    let seed_004 = row(2);
    assert!(seed_004.contains("(as written)"), "{seed_004}");
    assert!(seed_004.contains("is not a time zone"), "{seed_004}");
    assert!(page.contains("<section id=\"doc-1\" class=\"timeline\">"));
    assert!(page.contains("Undated: 0"));
}

#[test]
fn document_text_and_names_are_escaped_and_linked_only_as_relative_paths() {
    let dir = scratch();
    let text = "# <script>alert(1)</script> & \"quoted\" 'too'\n\n**Start:** 2024-06-04 09:00 UTC\n\
                **End:** 2024-06-04 10:00 UTC\n**Time to detect:** 45 minutes\n\n## Timeline\n\n\
                - 2024-06-04 09:20 UTC - alert <b>fired</b>\n- 2024-06-04 10:00 UTC - service restored\n";
    write(dir.path(), "docs/a&b <x>.md", text);
    write(dir.path(), "docs/plain.md", "# Notes\n\nNo times here.\n");
    let (run, page) = report(dir.path(), &[dir.path().join("docs").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_balanced(&page);
    assert_self_contained(&page);
    assert!(page.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &apos;too&apos;"
    ));
    assert!(page.contains("a&amp;b &lt;x&gt;.md"));
    assert!(
        page.contains("href=\"docs/a&amp;b%20%3Cx%3E.md\""),
        "{page}"
    );
    assert!(page.contains("alert &lt;b&gt;fired&lt;/b&gt;"));
    // Computed 20 minutes beside the stated 45, judged to disagree.
    assert!(page.contains("<td class=\"n\">20m</td><td class=\"n\"><span class=\"off\""));
    assert!(page.contains("1 pair, 1 judged (1 disagree)"), "{page}");
    // The document without times has no timeline section, and its row says so.
    let plain = page.find("docs/plain.md\">").expect("plain.md is linked");
    let row_end = plain + page[plain..].find("</tr>").unwrap();
    assert!(page[plain..row_end].contains("no timed entries"));
    assert_eq!(page.matches("class=\"timeline\"").count(), 1);
    // The one with times has its picture, folded.
    let section = &page[page.find("<section id=\"doc-").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("<details><summary>2 timed entries</summary><div><svg"),
        "{section}"
    );
}

#[test]
fn an_unreadable_file_exits_2_and_the_page_holds_the_others() {
    let dir = scratch();
    write(dir.path(), "in/good.md", "# Fine\n");
    std::fs::write(dir.path().join("in/bad.md"), b"# Outage\n\xff\n").unwrap();
    let (run, page) = report(dir.path(), &[dir.path().join("in").to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.md: not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert_eq!(page.matches("<tr id=\"row-").count(), 1);
    assert!(page.contains("good.md"));
    assert!(!page.contains("bad.md"));
}

#[test]
fn a_page_that_cannot_be_written_exits_2_and_says_why() {
    let dir = scratch();
    write(dir.path(), "a.md", "# Fine\n");
    let nowhere = dir.path().join("a.md").join("report.html");
    let run = pmlint(&[
        "report",
        "--isolated",
        dir.path().to_str().unwrap(),
        "-o",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot write the report to") && run.stderr.contains("report.html"),
        "{}",
        run.stderr
    );
    let run = pmlint(&["report", "--isolated", "fixtures"]);
    assert_eq!(run.code, 2, "-o is required");
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
}

#[test]
fn no_documents_still_make_a_page_and_a_bad_zone_makes_none() {
    let dir = scratch();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let (run, page) = report(dir.path(), &[dir.path().join("empty").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_balanced(&page);
    assert!(page.contains("0 documents"));
    assert!(page.contains("no dated documents"));
    std::fs::remove_file(dir.path().join("report.html")).unwrap();
    let (run, page) = report(dir.path(), &["--zone", "WTC", "fixtures"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--zone"), "{}", run.stderr);
    assert!(page.is_empty());
}
