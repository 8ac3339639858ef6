//! The JSON Schema of a `pmlint facts` record, generated from the record's types. The
//! committed `facts.schema.json` must match; `PMLINT_BLESS=1 cargo test --lib` rewrites it.

use schemars::generate::SchemaSettings;

use super::Facts;

fn generated() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Facts>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[test]
fn the_committed_facts_schema_is_current() {
    crate::generated::assert_current("facts.schema.json", &generated(), "the record's types");
}
