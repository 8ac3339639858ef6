//! `--format sarif`: a SARIF 2.1.0 log, the format code-scanning services and IDE viewers
//! import. It lists every rule with its documentation, and locates each finding by line and
//! column counted in characters. Files that could not be read are the invocation's error
//! notifications, and make it unsuccessful.

use serde::Serialize;

use super::stream::{self, JsonFrame, Part, Printer, Unreadable};
use super::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{RuleMeta, documentation, metas};
use crate::source::SourceFile;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    /// Empty in the frame; the one invocation is written at the end.
    invocations: Vec<Invocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

/// A file that could not be read.
#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Message<'a>,
    locations: [Location<'a>; 1],
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Message<'static>,
    full_description: Message<'static>,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
}

/// A result's own location has no id or message; a related location has both.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    /// `None` for a whole file.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// 1-based; columns count characters (the run's `columnKind`) and the end is exclusive.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

pub struct Sarif {
    /// Every rule, enabled in this run or not, so that a viewer can show any rule's help.
    rules: Vec<&'static RuleMeta>,
    results: JsonFrame,
}

impl Default for Sarif {
    fn default() -> Sarif {
        let rules: Vec<&'static RuleMeta> = metas().collect();
        let log = Log {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "pmlint",
                        version: env!("CARGO_PKG_VERSION"),
                        rules: rules.iter().map(|meta| rule(meta)).collect(),
                    },
                },
                column_kind: "unicodeCodePoints",
                results: Vec::new(),
                invocations: Vec::new(),
            }],
        };
        Sarif {
            results: JsonFrame::around(&log, "results"),
            rules,
        }
    }
}

impl Printer for Sarif {
    fn start(&self) -> String {
        self.results.head.clone()
    }

    fn file(&self, report: &FileReport) -> Part {
        Part {
            items: report
                .diagnostics
                .iter()
                .map(|d| {
                    self.results
                        .element(&result(&report.source, d, &self.rules))
                })
                .collect(),
            kept: Vec::new(),
        }
    }

    fn separator(&self) -> &'static str {
        ","
    }

    fn finish(
        &self,
        _: Vec<String>,
        unreadable: &[Unreadable],
        _: &Summary,
        wrote_items: bool,
    ) -> String {
        let invocation = self.results.element(&Invocation {
            execution_successful: unreadable.is_empty(),
            tool_execution_notifications: unreadable.iter().map(notification).collect(),
        });
        format!(
            "{}{}",
            self.results.close(wrote_items),
            self.results.tail_with(&[("invocations", &[invocation])])
        )
    }
}

pub fn render(reports: &[FileReport]) -> String {
    stream::render(&Sarif::default(), reports)
}

fn rule(meta: &'static RuleMeta) -> Rule {
    let doc = documentation(meta);
    Rule {
        id: meta.code,
        name: meta.name,
        short_description: Message { text: meta.summary },
        full_description: Message { text: meta.summary },
        help: Help {
            text: doc.clone(),
            markdown: doc,
        },
        default_configuration: Configuration {
            level: level(meta.severity),
        },
    }
}

fn notification(file: &Unreadable) -> Notification<'_> {
    Notification {
        level: "error",
        message: Message {
            text: &file.message,
        },
        locations: [Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri(&file.path),
                },
                region: None,
            },
            message: None,
        }],
    }
}

fn result<'a>(source: &SourceFile, d: &'a Diagnostic, rules: &[&RuleMeta]) -> SarifResult<'a> {
    let location = |span: &std::ops::Range<usize>| PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: uri(&source.path),
        },
        region: Some(region(source, span)),
    };
    SarifResult {
        rule_id: d.rule.code,
        rule_index: rules.iter().position(|meta| meta.code == d.rule.code),
        level: level(d.severity),
        message: Message { text: &d.message },
        locations: [Location {
            id: None,
            physical_location: location(&d.span),
            message: None,
        }],
        related_locations: d
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| Location {
                id: Some(id),
                physical_location: location(&related.span),
                message: Some(Message {
                    text: &related.message,
                }),
            })
            .collect(),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(source: &SourceFile, span: &std::ops::Range<usize>) -> Region {
    let start = source.position(span.start);
    let end = source.position(span.end);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// The path as a relative URI reference: forward slashes, no leading `./`, and every byte but
/// the unreserved characters, sub-delimiters, `@` and `/` percent-encoded. `:` is encoded too,
/// so that a first segment never reads as a scheme.
fn uri(path: &str) -> String {
    if path == "<stdin>" {
        return "stdin".to_string();
    }
    let slashed: String = path
        .chars()
        .map(|c| if std::path::is_separator(c) { '/' } else { c })
        .collect();
    let mut relative = slashed.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    let mut out = String::with_capacity(relative.len());
    for byte in relative.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample::{render_with_unreadable, sample_reports};
    use serde_json::{Value, json};

    fn rendered() -> Value {
        serde_json::from_str(&render(&sample_reports())).unwrap()
    }

    /// The properties SARIF 2.1.0 requires, and the values it allows, checked by hand.
    #[test]
    fn has_the_required_sarif_fields() {
        let log = rendered();
        assert_eq!(log["version"], "2.1.0");
        let runs = log["runs"].as_array().unwrap();
        assert!(!runs.is_empty());
        for run in runs {
            let driver = &run["tool"]["driver"];
            assert!(driver["name"].is_string());
            let rules = driver["rules"].as_array().unwrap();
            for rule in rules {
                assert!(rule["id"].is_string());
                assert!(rule["shortDescription"]["text"].is_string());
                assert!(rule["help"]["text"].is_string());
            }
            let results = run["results"].as_array().unwrap();
            assert_eq!(results.len(), 3);
            for result in results {
                assert!(result["message"]["text"].is_string());
                let index = result["ruleIndex"].as_u64().unwrap() as usize;
                assert_eq!(rules[index]["id"], result["ruleId"]);
                let level = result["level"].as_str().unwrap();
                assert!(["none", "note", "warning", "error"].contains(&level));
                let locations = result["locations"].as_array().unwrap();
                let related = result["relatedLocations"].as_array();
                for location in locations.iter().chain(related.into_iter().flatten()) {
                    let physical = &location["physicalLocation"];
                    assert!(physical["artifactLocation"]["uri"].is_string());
                    let region = &physical["region"];
                    assert!(region["startLine"].as_u64().unwrap() >= 1);
                    assert!(region["startColumn"].as_u64().unwrap() >= 1);
                }
            }
        }
    }

    #[test]
    fn lists_every_rule_with_its_documentation() {
        let log = rendered();
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(rules.len(), metas().count());
        let zone = &rules[0];
        assert_eq!(zone["id"], "PM101");
        assert_eq!(zone["name"], "unknown-timezone");
        assert_eq!(zone["defaultConfiguration"]["level"], "error");
        assert!(
            zone["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## What it does")
        );
    }

    #[test]
    fn a_run_that_read_every_file_is_successful() {
        let invocations = &rendered()["runs"][0]["invocations"];
        assert_eq!(invocations, &json!([{ "executionSuccessful": true }]));
    }

    #[test]
    fn a_file_that_could_not_be_read_is_an_error_notification() {
        let log: Value = serde_json::from_str(&render_with_unreadable(&Sarif::default())).unwrap();
        let run = &log["runs"][0];
        assert_eq!(run["results"].as_array().unwrap().len(), 3);
        assert_eq!(
            run["invocations"],
            json!([{
                "executionSuccessful": false,
                "toolExecutionNotifications": [{
                    "level": "error",
                    "message": { "text": "not valid UTF-8 (invalid byte at offset 5)" },
                    "locations": [{
                        "physicalLocation": { "artifactLocation": { "uri": "bad%20%3C1%3E.md" } }
                    }]
                }]
            }])
        );
    }

    #[test]
    fn results() {
        insta::assert_json_snapshot!(rendered()["runs"][0]["results"]);
    }

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(uri("./seeds/004.md"), "seeds/004.md");
        assert_eq!(uri("post mortems/café.md"), "post%20mortems/caf%C3%A9.md");
        assert_eq!(uri("a%b#c?d[e]:f.md"), "a%25b%23c%3Fd%5Be%5D%3Af.md");
        assert_eq!(uri("/abs/x.md"), "/abs/x.md");
        assert_eq!(uri("<stdin>"), "stdin");
    }
}
