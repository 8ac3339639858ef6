//! The mutation benchmark: plants one realistic inconsistency at a time into real postmortems
//! and counts, per kind, how often pmlint reports it on the planted line, and how often a
//! mutant gets new findings elsewhere (noise).
//!
//!     cargo run --release --example mutations -- ../shared/corpus [MORE PATHS]
//!
//! Every mutation keeps the number of lines, so a finding is "new" when its rule and line were
//! not reported on the original. A mutant counts as found when a new finding's primary or
//! related span lies on a planted line (for a named cause, a `blame-language` finding) (for a dropped section: when the missing-section
//! finding newly names it), and as noisy when any new finding lies elsewhere. With
//! `MUTATIONS_MISSED=1` it also lists each missed mutant and each finding counted as noise. Each document
//! gives at most one mutant per kind, at a site chosen from the middle of what it offers.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, Timelike};
use pmlint::document::{Document, LineKind, Population, SectionKind, WindowSource};
use pmlint::source::{Format, SourceFile};
use pmlint::time::Zone;
use pmlint::time::zone::ZONES;
use pmlint::{Settings, lint};

/// A document with one planted inconsistency.
struct Mutant {
    kind: &'static str,
    text: String,
    /// The lines (0-based) the inconsistency was planted on.
    lines: Vec<usize>,
    /// For a dropped section: the section's name, which the missing-section finding must add.
    dropped: Option<&'static str>,
}

/// The rule a kind must be found by, where another rule on the planted line would not do: a
/// named cause is blame, not just a name.
fn required_rule(kind: &str) -> Option<&'static str> {
    (kind == "named cause").then_some("blame-language")
}

const KINDS: &[&str] = &[
    "zone typo before a word",
    "zone typo before punctuation",
    "year typo in the timeline",
    "entry moved outside a labelled window",
    "entry moved outside a window in a sentence",
    "entry moved outside a window in a heading",
    "entry moved outside a window of markers",
    "two entries swapped",
    "impossible date in prose",
    "impossible date in the timeline",
    "impossible clock",
    "wrong weekday",
    "contradicted impact share",
    "dropped section",
    "wrong stated length",
    "named cause",
];

#[derive(Default, Clone)]
struct Tally {
    mutants: usize,
    found: usize,
    noisy: usize,
    missed: Vec<String>,
    noise: Vec<String>,
}

fn main() -> ExitCode {
    let roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("usage: mutations PATH...");
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    for root in &roots {
        collect(root, &mut files);
    }
    files.sort();
    let settings = Settings::default();
    let mut tallies = vec![Tally::default(); KINDS.len()];
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.display().to_string();
        let format = Format::from_path(&name);
        let original = SourceFile::new(name.clone(), &text, format);
        let before = lint(&original, &settings).diagnostics;
        let seen: HashSet<(&str, usize)> = before
            .iter()
            .map(|d| (d.rule.name, original.lines.line_of(d.span.start)))
            .collect();
        let missing_before: String = before
            .iter()
            .filter(|d| d.rule.name == "missing-section")
            .map(|d| d.message.clone())
            .collect();
        let doc = Document::parse(&original, &settings.conventions);
        for mutant in mutants(&doc) {
            let source = SourceFile::new(name.clone(), &mutant.text, format);
            let after = lint(&source, &settings).diagnostics;
            let line = |at: usize| source.lines.line_of(at);
            let new: Vec<_> = after
                .iter()
                .filter(|d| !seen.contains(&(d.rule.name, line(d.span.start))))
                .collect();
            let on_planted = |d: &&pmlint::diagnostic::Diagnostic| {
                std::iter::once(&d.span)
                    .chain(d.related.iter().map(|r| &r.span))
                    .any(|s| mutant.lines.contains(&line(s.start)))
            };
            let found = match mutant.dropped {
                Some(section) => after.iter().any(|d| {
                    d.rule.name == "missing-section"
                        && d.message.contains(section)
                        && !missing_before.contains(section)
                }),
                None => new.iter().any(|d| {
                    on_planted(d) && required_rule(mutant.kind).is_none_or(|r| r == d.rule.name)
                }),
            };
            let noise: Vec<_> = new
                .iter()
                .filter(|d| !on_planted(d) && d.rule.name != "missing-section")
                .map(|d| {
                    format!(
                        "{name}:{}: {}: {}",
                        line(d.span.start) + 1,
                        d.rule.name,
                        d.message
                    )
                })
                .collect();
            let noisy = !noise.is_empty();
            let kind = KINDS
                .iter()
                .position(|k| *k == mutant.kind)
                .expect("known kind");
            let tally = &mut tallies[kind];
            tally.mutants += 1;
            tally.found += usize::from(found);
            tally.noisy += usize::from(noisy);
            if !found {
                let at = mutant.lines[0] + 1;
                tally.missed.push(format!("{name}:{at}"));
            }
            tally.noise.extend(noise);
        }
    }
    print!("{}", table(&tallies));
    if std::env::var_os("MUTATIONS_MISSED").is_some() {
        for (kind, tally) in KINDS.iter().zip(&tallies) {
            for missed in &tally.missed {
                println!("missed {kind}: {missed}");
            }
            for noise in &tally.noise {
                println!("noise {kind}: {noise}");
            }
        }
    }
    ExitCode::SUCCESS
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            collect(&entry.path(), out);
        }
    } else if path
        .extension()
        .is_some_and(|e| e == "md" || e == "markdown" || e == "txt")
    {
        out.push(path.to_path_buf());
    }
}

fn table(tallies: &[Tally]) -> String {
    let mut out = String::from("| planted | mutants | found | noise |\n|---|---:|---:|---:|\n");
    let (mut mutants, mut found, mut noisy) = (0, 0, 0);
    let percent = |n: usize, of: usize| {
        if of == 0 {
            "–".to_string()
        } else {
            format!("{:.0}%", 100.0 * n as f64 / of as f64)
        }
    };
    for (kind, t) in KINDS.iter().zip(tallies) {
        mutants += t.mutants;
        found += t.found;
        noisy += t.noisy;
        let _ = writeln!(
            out,
            "| {kind} | {} | {} ({}) | {} ({}) |",
            t.mutants,
            t.found,
            percent(t.found, t.mutants),
            t.noisy,
            percent(t.noisy, t.mutants)
        );
    }
    let _ = writeln!(
        out,
        "| **all** | {mutants} | {found} ({}) | {noisy} ({}) |",
        percent(found, mutants),
        percent(noisy, mutants)
    );
    out
}

/// The mutants one document offers, at most one per kind.
fn mutants(doc: &Document) -> Vec<Mutant> {
    let text = doc.text();
    let line_of = |at: usize| doc.source.lines.line_of(at);
    let mut out = Vec::new();
    let planted = |kind: &'static str, span: Range<usize>, with: String| {
        let mut mutated = text.to_string();
        mutated.replace_range(span.clone(), &with);
        Mutant {
            kind,
            text: mutated,
            lines: vec![line_of(span.start)],
            dropped: None,
        }
    };

    // Zone typos: the middle zone written next to a time, by what follows it.
    for (kind, before_word) in [
        ("zone typo before a word", true),
        ("zone typo before punctuation", false),
    ] {
        let sites: Vec<_> = doc
            .zones
            .iter()
            .filter(|z| !z.declared && matches!(z.zone, Zone::Abbrev(_)))
            .filter(|z| {
                let after = &text[z.span.end..];
                let word = after.starts_with(' ')
                    && after[1..].starts_with(|c: char| c.is_ascii_lowercase());
                word == before_word
            })
            .collect();
        if let Some(site) = middle(&sites)
            && let Some(typo) = zone_typo(&text[site.span.clone()])
        {
            out.push(planted(kind, site.span.clone(), typo));
        }
    }

    // Timeline entries whose timestamp has a written year, and those with a 24-hour clock.
    let entries: Vec<_> = doc.entries.iter().collect();
    let with_year: Vec<_> = entries
        .iter()
        .filter_map(|e| {
            let date = doc.written[e.written].mention.date.as_ref()?;
            // A year already impossible (`20202`) is a finding of its own.
            let year = date.year.filter(|y| (1990..=2099).contains(y))?;
            Some((date.year_span?.range(), year))
        })
        .collect();
    if let Some((span, year)) = middle(&with_year) {
        out.push(planted(
            "year typo in the timeline",
            span.clone(),
            (year - 1).to_string(),
        ));
    }
    let clock_of = |e: &pmlint::document::TimelineEntry| {
        let clock = doc.written[e.written].mention.clock.as_ref()?;
        let written = &text[clock.span.clone()];
        let digits = written.bytes().take_while(u8::is_ascii_digit).count();
        (clock.meridiem.is_none()
            && (1..=2).contains(&digits)
            && written[digits..].starts_with(':'))
        .then(|| (clock.span.start..clock.span.start + digits, clock.hour))
    };
    let clocked: Vec<_> = entries.iter().filter_map(|e| clock_of(e)).collect();
    if let Some((span, _)) = middle(&clocked) {
        out.push(planted("impossible clock", span.clone(), "25".to_string()));
    }

    // An entry between two others inside the window, moved two hours past its end.
    for (w, window) in doc.windows.iter().enumerate() {
        let (Some(start), Some(end)) = (&window.bounds.start, &window.bounds.end) else {
            continue;
        };
        let inside: Vec<_> = entries
            .iter()
            .filter(|e| e.window == Some(w) && window.bounds.contains(&e.stamp))
            .collect();
        if inside.len() < 3 {
            continue;
        }
        let Some(end_time) = end.time else { continue };
        let Some(start_time) = start.time else {
            continue;
        };
        let target = if end_time.hour() + 2 <= 23 && start.date == end.date {
            end_time.hour() + 2
        } else if start_time.hour() >= 2 && start.date == end.date {
            start_time.hour() - 2
        } else {
            continue;
        };
        let Some((span, _)) = inside[1..inside.len() - 1].iter().find_map(|e| clock_of(e)) else {
            continue;
        };
        let kind = match window.source {
            WindowSource::Label | WindowSource::FrontMatter => {
                "entry moved outside a labelled window"
            }
            WindowSource::Sentence => "entry moved outside a window in a sentence",
            WindowSource::Heading => "entry moved outside a window in a heading",
            WindowSource::Markers => "entry moved outside a window of markers",
        };
        out.push(planted(kind, span, format!("{target:02}")));
        break;
    }

    // Two neighbouring entries, in order, with their timestamps swapped. A list of milestones
    // (`Resolved 2024-03-05 10:15`) is ordered by kind, so a swap there contradicts nothing.
    let pairs: Vec<_> = entries
        .windows(2)
        .filter(|p| p[0].timeline == p[1].timeline && !p[0].event_first && !p[1].event_first)
        .filter(|p| {
            let (a, b) = (p[0].stamp.local(), p[1].stamp.local());
            a.zip(b)
                .is_some_and(|(a, b)| b - a >= chrono::TimeDelta::minutes(10))
        })
        .collect();
    if let Some(pair) = middle(&pairs) {
        let (a, b) = (&pair[0].stamp.span, &pair[1].stamp.span);
        let mut mutated = text.to_string();
        let (first, second) = (text[a.clone()].to_string(), text[b.clone()].to_string());
        mutated.replace_range(b.clone(), &first);
        mutated.replace_range(a.clone(), &second);
        out.push(Mutant {
            kind: "two entries swapped",
            text: mutated,
            lines: vec![line_of(a.start), line_of(b.start)],
            dropped: None,
        });
    }

    // Impossible dates, and a weekday that does not match its date.
    let dated: Vec<_> = doc
        .written
        .iter()
        .filter(|w| w.mention.date.as_ref().is_some_and(|d| d.year.is_some()))
        .collect();
    let prose: Vec<_> = dated
        .iter()
        .filter(|w| w.entry.is_none() && !w.anchored)
        .collect();
    let timeline: Vec<_> = dated.iter().filter(|w| w.entry.is_some()).collect();
    for (kind, sites) in [
        ("impossible date in prose", &prose),
        ("impossible date in the timeline", &timeline),
    ] {
        let site = sites.iter().find_map(|w| {
            let date = w.mention.date.as_ref()?;
            Some((date.span.clone(), impossible(&text[date.span.clone()])?))
        });
        if let Some((span, with)) = site {
            out.push(planted(kind, span, with));
        }
    }
    let weekday_site = timeline.iter().chain(&prose).find_map(|w| {
        let date = w.mention.date.as_ref()?;
        let day = w.date?;
        let wrong = day.succ_opt()?.weekday();
        match &date.weekday {
            Some((_, span)) => Some((span.range(), weekday_name(wrong).to_string())),
            None => Some((
                date.span.start..date.span.start,
                format!("{}, ", weekday_name(wrong)),
            )),
        }
    });
    if let Some((span, with)) = weekday_site {
        out.push(planted("wrong weekday", span, with));
    }

    // "Every user" (or "all traffic") after a lower share of users (or requests) in the
    // summary or impact.
    let share = doc.impact().percentages.iter().find(|p| {
        p.of.is_some()
            && p.value < 90.0
            && !p.baseline
            && p.ratio.is_none()
            && (doc.in_section(SectionKind::Impact, p.span.start)
                || doc.in_section(SectionKind::Summary, p.span.start))
    });
    if let Some(share) = share {
        let line = line_of(share.span.start);
        let end = doc.source.lines.line_range(text, line).end;
        let claim = match share.of {
            Some(Population::Users) => " Every user was locked out for the whole incident.",
            _ => " All incoming traffic was blocked for the whole incident.",
        };
        out.push(planted(
            "contradicted impact share",
            end..end,
            claim.to_string(),
        ));
    }

    // The only root cause heading blanked out.
    let roots: Vec<_> = doc
        .sections
        .iter()
        .filter(|s| s.kinds.contains(&SectionKind::RootCause))
        .collect();
    let root = match roots[..] {
        [root] if root.kinds == [SectionKind::RootCause] => Some(root),
        _ => None,
    };
    if let Some(root) = root {
        let line = line_of(root.title.start);
        let span = doc.source.lines.line_range(text, line);
        let mut mutated = text.to_string();
        mutated.replace_range(span.clone(), "");
        out.push(Mutant {
            kind: "dropped section",
            text: mutated,
            lines: vec![line],
            dropped: Some("root cause"),
        });
    }

    // A stated length doubled.
    let length = doc
        .windows
        .iter()
        .filter(|w| w.start.is_some() && w.end.is_some())
        .find_map(|w| w.length.as_ref());
    if let Some(length) = length {
        let written = &text[length.span.clone()];
        let at = written.find(|c: char| c.is_ascii_digit());
        if let Some(at) = at {
            let digits = written[at..].bytes().take_while(u8::is_ascii_digit).count();
            if let Ok(n) = written[at..at + digits].parse::<u64>() {
                let start = length.span.start + at;
                out.push(planted(
                    "wrong stated length",
                    start..start + digits,
                    (n * 2 + 1).to_string(),
                ));
            }
        }
    }

    // A person named as the cause, at the end of the first prose line of the root cause.
    let cause_line = doc.lines.iter().find(|l| {
        l.kind == LineKind::Text
            && !l.list_item
            && doc.in_section(SectionKind::RootCause, l.span.start)
            && text[l.content.clone()].trim_end().ends_with('.')
    });
    if let Some(line) = cause_line {
        let end = line.span.end;
        out.push(planted(
            "named cause",
            end..end,
            " The outage happened because Tom pushed an untested config.".to_string(),
        ));
    }
    out
}

/// `UTC` → `UTX`: the last letter changed so the word is one edit from the zone and no zone.
fn zone_typo(zone: &str) -> Option<String> {
    let stem = &zone[..zone.len().checked_sub(1)?];
    ['X', 'Q', 'J', 'Z'].into_iter().find_map(|c| {
        let typo = format!("{stem}{c}");
        (ZONES.lookup(&typo).is_none() && !ZONES.is_not_zone(&typo) && typo != zone).then_some(typo)
    })
}

/// The written date made one that no calendar has, in its own format.
fn impossible(written: &str) -> Option<String> {
    let iso = regex::Regex::new(r"^(\d{4})-\d{2}-\d{2}").ok()?;
    if let Some(caps) = iso.captures(written) {
        return Some(format!("{}-04-31{}", &caps[1], &written[caps[0].len()..]));
    }
    let month_day = regex::Regex::new(
        r"(?i)^(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? +\d{1,2}(st|nd|rd|th)?",
    )
    .ok()?;
    if let Some(caps) = month_day.captures(written) {
        return Some(format!("November 31{}", &written[caps[0].len()..]));
    }
    let day_month = regex::Regex::new(
        r"(?i)^\d{1,2}(st|nd|rd|th)? +(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b",
    )
    .ok()?;
    day_month
        .captures(written)
        .map(|caps| format!("31 November{}", &written[caps[0].len()..]))
}

fn weekday_name(day: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match day {
        Mon => "Monday",
        Tue => "Tuesday",
        Wed => "Wednesday",
        Thu => "Thursday",
        Fri => "Friday",
        Sat => "Saturday",
        Sun => "Sunday",
    }
}

fn middle<T>(items: &[T]) -> Option<&T> {
    items.get(items.len() / 2)
}
