//! Names this build of pmlint for `check`'s cache: a hash of the sources, the rule data and
//! the locked dependencies. A cache written by another build is ignored, even one of the same
//! version (a development build whose rules changed), while builds of the same sources (the
//! same release installed twice, in CI) share one.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

fn main() {
    let mut hasher = DefaultHasher::new();
    for input in ["src", "rules", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={input}");
        hash(Path::new(input), &mut hasher);
    }
    println!("cargo:rustc-env=PMLINT_BUILD={:016x}", hasher.finish());
}

/// Hashes the file at `path`, or every file below the folder, in name order with their paths.
fn hash(path: &Path, hasher: &mut DefaultHasher) {
    if let Ok(entries) = std::fs::read_dir(path) {
        let mut paths: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for path in paths {
            hash(&path, hasher);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        path.hash(hasher);
        bytes.hash(hasher);
    }
}
