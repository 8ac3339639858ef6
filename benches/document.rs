//! One document at a time: parsing, the rules (which parse too) and the two main printers.
//!
//!     cargo bench --bench document
//!     cargo bench --bench document -- --warm-up-time 1 --measurement-time 2
//!
//! Parsing and linting run on clean fixtures, one Markdown and one plain text; rendering runs
//! on fixtures that have several findings, since a clean file renders to almost nothing.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pmlint::Settings;
use pmlint::document::Document;
use pmlint::render::human::{self, HumanOptions};
use pmlint::render::{FileReport, json};
use pmlint::source::{Format, SourceFile};

/// Realistic postmortems with no findings.
const CLEAN: [(&str, &str); 2] = [
    (
        "fixtures/clean/checkout-latency.md",
        include_str!("../fixtures/clean/checkout-latency.md"),
    ),
    (
        "fixtures/clean/search-outage.txt",
        include_str!("../fixtures/clean/search-outage.txt"),
    ),
];

/// Postmortems with several findings each, for the printers.
const WITH_FINDINGS: [(&str, &str); 2] = [
    (
        "fixtures/entry-outside-window/fires.txt",
        include_str!("../fixtures/entry-outside-window/fires.txt"),
    ),
    (
        "fixtures/unknown-timezone/fires.md",
        include_str!("../fixtures/unknown-timezone/fires.md"),
    ),
];

fn source(path: &str, text: &str) -> SourceFile {
    SourceFile::new(path, text, Format::from_path(path))
}

/// The group name: the fixture's folder and file, as in `clean/checkout-latency.md`.
fn group_name(path: &str) -> &str {
    path.strip_prefix("fixtures/").unwrap_or(path)
}

fn parse_and_lint(c: &mut Criterion) {
    let settings = Settings::default();
    for (path, text) in CLEAN.iter().chain(&WITH_FINDINGS) {
        let source = source(path, text);
        let mut group = c.benchmark_group(group_name(path));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("parse", |b| {
            b.iter(|| Document::parse(black_box(&source), &Default::default()))
        });
        group.bench_function("lint (parse + rules)", |b| {
            b.iter(|| pmlint::lint(black_box(&source), &settings))
        });
        group.finish();
    }
}

fn render(c: &mut Criterion) {
    let settings = Settings::default();
    let options = HumanOptions {
        color: false,
        width: 100,
    };
    for (path, text) in WITH_FINDINGS {
        let source = source(path, text);
        let findings = pmlint::lint(&source, &settings);
        assert!(
            findings.diagnostics.len() > 1,
            "{path} should have several findings to render"
        );
        let reports = [FileReport {
            source,
            diagnostics: findings.diagnostics,
            suppressed: findings.suppressed,
        }];
        let mut group = c.benchmark_group(group_name(path));
        group.bench_function("render human", |b| {
            b.iter(|| human::render(black_box(&reports), &options))
        });
        group.bench_function("render json", |b| {
            b.iter(|| json::render(black_box(&reports)))
        });
        group.finish();
    }
}

criterion_group!(benches, parse_and_lint, render);
criterion_main!(benches);
