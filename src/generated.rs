//! Files in the repository generated from the code (the JSON Schemas), checked by a test that
//! fails when one is stale and rewrites it under `PMLINT_BLESS=1`.

/// Asserts that the committed file `name` (at the repository's root) is `expected`; with
/// `PMLINT_BLESS` set, writes it instead. `what` names what it is generated from.
pub fn assert_current(name: &str, expected: &str, what: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    if std::fs::read_to_string(&path).unwrap_or_default() == expected {
        return;
    }
    if std::env::var_os("PMLINT_BLESS").is_some() {
        std::fs::write(&path, expected).expect("the generated file is written");
        return;
    }
    panic!("{name} differs from {what}; run `PMLINT_BLESS=1 cargo test --lib` to rewrite it");
}
