//! `--format sarif`: a SARIF 2.1.0 log, the format code-scanning services and IDE viewers
//! import. It lists every rule with its documentation and a link to its row in the README, and
//! locates each finding by line and column counted in characters, in a file named relative to
//! `%SRCROOT%` (the current directory) or, outside it, by a `file://` URI. Findings an inline
//! comment suppressed are results too, with an `inSource` suppression that carries the
//! comment's reason. Files that could not be read are the invocation's error notifications, and
//! make it unsuccessful.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::stream::{self, JsonFrame, Part, Printer, Unreadable};
use super::uri::{self, Uri};
use super::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{RuleMeta, documentation, metas};
use crate::source::SourceFile;
use crate::suppress::Suppressed;

/// The base every relative artifact URI is resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// Where each rule's `helpUri` points: the README's rules table, which gives every rule an
/// anchor named after its code.
const README: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/README.md");

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
    /// `%SRCROOT%` as the current directory's `file://` URI, when it is known.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
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
    help_uri: String,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
}

/// The inline comment that hid a finding: where it is, and the reason it gives.
#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
    location: Location<'a>,
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

/// A relative `uri` is resolved against `uri_base_id`; an absolute one (`file://`) has none.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
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
    /// The absolute directory `%SRCROOT%` stands for, if known.
    root: Option<PathBuf>,
    results: JsonFrame,
}

impl Sarif {
    /// A log whose relative paths are relative to `root`, the absolute current directory:
    /// `%SRCROOT%`. Without it `%SRCROOT%` is left to the reader, and absolute paths stay
    /// absolute.
    pub fn new(root: Option<&Path>) -> Sarif {
        let root = root
            .filter(|root| root.is_absolute())
            .map(crate::config::normalize);
        let rules: Vec<&'static RuleMeta> = metas().collect();
        let original_uri_base_ids = root
            .iter()
            .map(|root| {
                let location = ArtifactLocation {
                    uri: uri::folder(root),
                    uri_base_id: None,
                };
                (SRCROOT, location)
            })
            .collect();
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
                original_uri_base_ids,
                column_kind: "unicodeCodePoints",
                results: Vec::new(),
                invocations: Vec::new(),
            }],
        };
        Sarif {
            results: JsonFrame::around(&log, "results"),
            rules,
            root,
        }
    }

    /// Where a report's path points: relative to `%SRCROOT%` when it is inside the root (or
    /// relative, with no root known), else an absolute `file://` URI. Stdin, which has no
    /// place, is the relative `stdin` with no base.
    fn artifact(&self, path: &str) -> ArtifactLocation {
        if path == "<stdin>" {
            return ArtifactLocation {
                uri: "stdin".to_string(),
                uri_base_id: None,
            };
        }
        let (uri, uri_base_id) = match uri::locate(Path::new(path), self.root.as_deref()) {
            Uri::Relative(uri) => (uri, Some(SRCROOT)),
            Uri::Absolute(uri) => (uri, None),
        };
        ArtifactLocation { uri, uri_base_id }
    }

    /// A place in the file at `path`, or the whole file: with no id or message, as a result's
    /// own location, a suppression's comment or a file that could not be read.
    fn place<'a>(&self, path: &str, region: Option<Region>) -> Location<'a> {
        Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: self.artifact(path),
                region,
            },
            message: None,
        }
    }

    fn result<'a>(&self, source: &SourceFile, d: &'a Diagnostic) -> SarifResult<'a> {
        let location =
            |span: &std::ops::Range<usize>| self.place(&source.path, Some(region(source, span)));
        SarifResult {
            rule_id: d.rule.code,
            rule_index: self.rules.iter().position(|meta| meta.code == d.rule.code),
            level: level(d.severity),
            message: Message { text: &d.message },
            locations: [location(&d.span)],
            related_locations: d
                .related
                .iter()
                .enumerate()
                .map(|(id, related)| Location {
                    id: Some(id),
                    message: Some(Message {
                        text: &related.message,
                    }),
                    ..location(&related.span)
                })
                .collect(),
            suppressions: Vec::new(),
        }
    }

    fn notification<'a>(&self, file: &'a Unreadable) -> Notification<'a> {
        Notification {
            level: "error",
            message: Message {
                text: &file.message,
            },
            locations: [self.place(&file.path, None)],
        }
    }

    /// A finding an inline comment hid, with the comment as its suppression.
    fn suppressed<'a>(&self, source: &SourceFile, hidden: &'a Suppressed) -> SarifResult<'a> {
        let mut result = self.result(source, &hidden.diagnostic);
        result.suppressions.push(Suppression {
            kind: "inSource",
            justification: hidden.reason.as_deref(),
            location: self.place(&source.path, Some(region(source, &hidden.comment))),
        });
        result
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
                .map(|d| self.result(&report.source, d))
                .chain(
                    report
                        .suppressed
                        .iter()
                        .map(|hidden| self.suppressed(&report.source, hidden)),
                )
                .map(|result| self.results.element(&result))
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
            tool_execution_notifications: unreadable
                .iter()
                .map(|file| self.notification(file))
                .collect(),
        });
        format!(
            "{}{}",
            self.results.close(wrote_items),
            self.results.tail_with(&[("invocations", &[invocation])])
        )
    }
}

/// Renders with no root: relative paths relative to `%SRCROOT%`, absolute ones as they are.
pub fn render(reports: &[FileReport]) -> String {
    stream::render(&Sarif::new(None), reports)
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
        help_uri: format!("{README}#{}", anchor(meta)),
        default_configuration: Configuration {
            level: level(meta.severity),
        },
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

/// The id of a rule's row in the README's rules table: its code in lower case (`pm101`).
pub fn anchor(meta: &RuleMeta) -> String {
    meta.code.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample::{render_with_unreadable, sample_reports};
    use crate::source::Format;
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
        let log: Value = serde_json::from_str(&render_with_unreadable(&Sarif::new(None))).unwrap();
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
                        "physicalLocation": {
                            "artifactLocation": { "uri": "bad%20%3C1%3E.md", "uriBaseId": "%SRCROOT%" }
                        }
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
    fn each_rule_links_to_its_row_in_the_readme() {
        let log = rendered();
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(
            rules[0]["helpUri"],
            "https://github.com/pmlint/pmlint/blob/main/README.md#pm101"
        );
        for (rule, meta) in rules.iter().zip(metas()) {
            let uri = rule["helpUri"].as_str().unwrap();
            assert_eq!(uri, format!("{README}#{}", anchor(meta)));
        }
    }

    fn uris(log: &str) -> Vec<Value> {
        let log: Value = serde_json::from_str(log).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"].clone())
            .collect()
    }

    #[test]
    fn paths_are_relative_to_srcroot_or_file_uris() {
        let mut reports = sample_reports();
        reports[0].source = SourceFile::new("/work/repo/pm/a.md", "# A\n", Format::Markdown);
        reports[1].source = SourceFile::new("/srv/b.md", "# B\n", Format::Markdown);
        let moved = reports[0].diagnostics.remove(0);
        reports[1].diagnostics.push(moved.clone());
        reports.push(FileReport {
            source: SourceFile::new("<stdin>", "# C\n", Format::Markdown),
            diagnostics: vec![moved],
            suppressed: Vec::new(),
        });
        let sarif = Sarif::new(Some(Path::new("/work/repo")));
        let log = stream::render(&sarif, &reports);
        let parsed: Value = serde_json::from_str(&log).unwrap();
        assert_eq!(
            parsed["runs"][0]["originalUriBaseIds"],
            json!({ "%SRCROOT%": { "uri": "file:///work/repo/" } })
        );
        assert_eq!(
            uris(&log),
            [
                json!({ "uri": "pm/a.md", "uriBaseId": "%SRCROOT%" }),
                json!({ "uri": "pm/a.md", "uriBaseId": "%SRCROOT%" }),
                json!({ "uri": "file:///srv/b.md" }),
                json!({ "uri": "stdin" }),
            ]
        );
    }

    #[test]
    fn a_suppressed_finding_is_a_result_with_its_comment_and_reason() {
        let mut reports = sample_reports();
        // The sample's first line, `# Checkout outage`, stands for the comment.
        let hidden = |reason: Option<&str>| Suppressed {
            diagnostic: reports[0].diagnostics[0].clone(),
            comment: 0..17,
            reason: reason.map(str::to_string),
        };
        let with_reason = hidden(Some("quoted as written"));
        let without = hidden(None);
        reports[0].suppressed = vec![with_reason, without];
        let log: Value = serde_json::from_str(&render(&reports)).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 5);
        assert!(results[..3].iter().all(|r| r.get("suppressions").is_none()));
        let suppression = |reason: Option<&str>| {
            let mut expected = json!({
                "kind": "inSource",
                "location": {
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": "post%20mortems/caf%C3%A9.md",
                            "uriBaseId": "%SRCROOT%"
                        },
                        "region": { "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 18 }
                    }
                }
            });
            if let Some(reason) = reason {
                expected["justification"] = json!(reason);
            }
            json!([expected])
        };
        assert_eq!(results[3]["ruleId"], "PM101");
        assert_eq!(
            results[3]["suppressions"],
            suppression(Some("quoted as written"))
        );
        assert_eq!(results[4]["suppressions"], suppression(None));
    }
}
