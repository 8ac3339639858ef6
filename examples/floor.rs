//! The floor for any Markdown linter: walk the folders, read every postmortem and parse it
//! with pulldown-cmark once, on every core, with pmlint's own walker and parser options.
//! `benches/corpus.sh` times it beside `pmlint check` so that each report is a ratio.
//!
//!     cargo run --release --example floor -- DIR...

use ignore::WalkBuilder;
use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

fn main() {
    let mut files = Vec::new();
    for dir in std::env::args().skip(1) {
        for entry in WalkBuilder::new(dir).require_git(false).build().flatten() {
            let path = entry.into_path();
            let postmortem = path
                .extension()
                .is_some_and(|e| e == "md" || e == "markdown" || e == "txt");
            if postmortem && path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let events: usize = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("a readable file");
            let text = String::from_utf8_lossy(&bytes);
            Parser::new_ext(&text, options).into_offset_iter().count()
        })
        .sum();
    println!("{} files, {events} events", files.len());
}
