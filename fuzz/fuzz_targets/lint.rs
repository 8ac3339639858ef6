//! Parse, lint with every rule, and render every format: no input may panic, and every span
//! must lie on character boundaries inside the file.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use pmlint::Settings;
use pmlint::config::{Config, Overrides};
use pmlint::render::{FileReport, concise, github, human, json, json_lines, junit, sarif};
use pmlint::source::{Format, SourceFile};

static EVERY_RULE: LazyLock<Settings> = LazyLock::new(|| {
    let overrides = Overrides {
        select: Some(vec!["ALL".into()]),
        ..Overrides::default()
    };
    Config::defaults(std::env::temp_dir(), &overrides)
        .expect("ALL is a valid selection")
        .settings
});

fuzz_target!(|data: &[u8]| {
    // The first byte picks the format; the rest is the document, as pmlint would read it.
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = if selector & 1 == 0 {
        Format::Markdown
    } else {
        Format::PlainText
    };
    let source = SourceFile::new("fuzz.md".to_string(), text, format);
    let findings = pmlint::lint(&source, &EVERY_RULE);
    for d in &findings.diagnostics {
        for span in std::iter::once(&d.span).chain(d.related.iter().map(|r| &r.span)) {
            assert!(span.start <= span.end && span.end <= source.text.len());
            assert!(source.text.is_char_boundary(span.start));
            assert!(source.text.is_char_boundary(span.end));
        }
    }
    let reports = [FileReport {
        source,
        diagnostics: findings.diagnostics,
        suppressed: findings.suppressed,
    }];
    let options = human::HumanOptions {
        color: selector & 2 != 0,
        width: 80,
    };
    let _ = human::render(&reports, &options);
    let _ = concise::render(&reports);
    let _ = json::render(&reports);
    let _ = json_lines::render(&reports);
    let _ = sarif::render(&reports);
    let _ = github::render(&reports);
    let _ = junit::render(&reports);
});
