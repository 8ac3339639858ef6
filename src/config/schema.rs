//! The JSON Schema of `pmlint.toml`, generated from the config types, so that editors with
//! Taplo or Even Better TOML complete and check keys. The committed `pmlint.schema.json` must
//! match; `PMLINT_BLESS=1 cargo test --lib` rewrites it.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use serde_json::Value;

use super::file::ConfigFile;
use crate::rules;

/// A rule's name or code, a code prefix such as `PM1`, or `ALL`: the names and codes are
/// offered for completion.
pub struct RuleSelector;

impl JsonSchema for RuleSelector {
    fn schema_name() -> Cow<'static, str> {
        "RuleSelector".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut names: Vec<&str> = vec!["ALL"];
        for meta in rules::metas() {
            names.extend([meta.name, meta.code]);
        }
        // Names are matched in any case, as pmlint reads them; the enum is for completion.
        let any_case: Vec<String> = rules::metas().map(|meta| any_case(meta.name)).collect();
        let pattern = format!("^(ALL|[Pp][Mm][0-9]+|{})$", any_case.join("|"));
        json_schema!({
            "description": "A rule's name or code, a code prefix such as `PM1`, or `ALL`.",
            "anyOf": [
                { "enum": names },
                { "type": "string", "pattern": pattern }
            ]
        })
    }
}

/// A regular expression that matches `name` in any case: `[Aa][Bb]-[Cc]`.
fn any_case(name: &str) -> String {
    name.chars()
        .map(|c| match (c.to_ascii_lowercase(), c.to_ascii_uppercase()) {
            (lower, upper) if lower != upper => format!("[{upper}{lower}]"),
            _ => regex::escape(&c.to_string()),
        })
        .collect()
}

/// A built-in profile's name, or a profile file relative to the config.
pub struct ProfileName;

impl JsonSchema for ProfileName {
    fn schema_name() -> Cow<'static, str> {
        "ProfileName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A built-in profile, or a profile file (a path with a `/` or ending in .toml) relative to this file.",
            "anyOf": [
                { "enum": crate::profile::names() },
                { "type": "string", "pattern": "(\\.toml$|[/\\\\])" }
            ]
        })
    }
}

/// The schema as committed: draft 7, which Taplo reads, without the `null`s TOML cannot
/// write; pretty JSON with a final newline.
fn generated() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<ConfigFile>().to_value();
    drop_null(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Takes `null` out of every `type` list and `anyOf`: an `Option` is a key left out.
fn drop_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
                if let [only] = any.as_slice() {
                    let only = only.clone();
                    map.remove("anyOf");
                    if let Value::Object(inner) = only {
                        map.extend(inner);
                    }
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

#[test]
fn the_committed_schema_is_current() {
    crate::generated::assert_current("pmlint.schema.json", &generated(), "the config types");
}

#[test]
fn the_schema_describes_every_key_and_offers_rule_names() {
    let schema: serde_json::Value = serde_json::from_str(&generated()).expect("JSON");
    let keys: Vec<&str> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "extend",
        "profile",
        "include",
        "extend-include",
        "exclude",
        "extensions",
        "lint",
        "timezones",
        "dates",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert_eq!(schema["additionalProperties"], false);
    let names = &schema["definitions"]["RuleSelector"]["anyOf"][0]["enum"];
    assert!(
        names
            .as_array()
            .is_some_and(|n| n.iter().any(|v| v == "unknown-timezone")),
        "{names}"
    );
}
