//! Which documents `pmlint server` lints: those the config that applies includes, or without
//! a config file, those that look like postmortems.

mod common;

use serde_json::{Value, json};

use common::lsp::{Client, codes, file_uri};

const POSTMORTEM: &str =
    "# Outage\n\n## Timeline\n\n- 09:00 WTC - alert\n- 09:20 UTC - rolled back\n";

/// Prose with the same unknown zone, as a README or design note might hold.
const README: &str =
    "# Tools\n\nRun the export nightly, around 09:00 WTC.\n\n## Install\n\nUse pip.\n";

fn unknown_zone(diagnostics: &[Value]) -> bool {
    codes(diagnostics).contains(&"PM101".to_string())
}

/// Asserts that nothing is published for `uri`: the next message is the answer to a request.
fn nothing_published(client: &mut Client, uri: &str) {
    let answer = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(answer["result"], Value::Null);
    assert!(client.pending.is_empty(), "{:#?}", client.pending);
}

#[test]
fn without_a_config_only_documents_that_look_like_postmortems_get_findings() {
    let dir = common::scratch();
    let readme = common::write(dir.path(), "README.md", README);
    let postmortem = common::write(dir.path(), "2024-03-03-outage.md", POSTMORTEM);
    let (mut client, _) = Client::initialised(dir.path(), json!({}));
    assert_eq!(
        client.open(&file_uri(&readme), "markdown", README),
        Vec::<Value>::new()
    );
    assert!(unknown_zone(&client.open(
        &file_uri(&postmortem),
        "markdown",
        POSTMORTEM
    )));
    // The README gets findings once it grows a timeline.
    let grown = format!("{README}\n## Timeline\n\n- 10:00 WTC - paged\n");
    assert!(unknown_zone(&client.change(&file_uri(&readme), 2, &grown)));
    client.shutdown();
}

#[test]
fn with_a_config_the_documents_it_includes_get_findings() {
    let dir = common::scratch();
    common::write(
        dir.path(),
        "pmlint.toml",
        "include = [\"postmortems/**/*.md\"]\n[extensions]\nqmd = \"markdown\"\n",
    );
    let outside = common::write(dir.path(), "docs/outage.md", POSTMORTEM);
    let inside = common::write(dir.path(), "postmortems/outage.md", POSTMORTEM);
    let quarto = common::write(dir.path(), "docs/outage.qmd", POSTMORTEM);
    let short = "- 09:00 WTC - alert\n";
    let brief = common::write(dir.path(), "postmortems/brief.md", short);
    let (mut client, _) = Client::initialised(dir.path(), json!({}));

    // Kept, since the config may change, but given no findings.
    assert!(
        client
            .open(&file_uri(&outside), "markdown", POSTMORTEM)
            .is_empty()
    );
    // A file of another language that the config does not include is not kept at all.
    let script = common::write(dir.path(), "docs/deploy.py", "# 09:00 WTC\n");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": file_uri(&script), "languageId": "python", "version": 1, "text": "# 09:00 WTC\n" } }),
    );
    nothing_published(&mut client, &file_uri(&script));
    assert!(unknown_zone(&client.open(
        &file_uri(&inside),
        "markdown",
        POSTMORTEM
    )));
    assert!(unknown_zone(&client.open(
        &file_uri(&quarto),
        "quarto",
        POSTMORTEM
    )));
    // Included by the config, a document is linted however little it looks like a postmortem.
    assert!(unknown_zone(&client.open(
        &file_uri(&brief),
        "markdown",
        short
    )));
    client.shutdown();
}

#[test]
fn a_config_change_decides_again_which_documents_get_findings() {
    let dir = common::scratch();
    let config = common::write(dir.path(), "pmlint.toml", "include = [\"pm/**/*.md\"]\n");
    let inside = file_uri(&common::write(dir.path(), "pm/a.md", POSTMORTEM));
    let outside = file_uri(&common::write(dir.path(), "notes/b.md", POSTMORTEM));
    let (mut client, _) = Client::initialised(
        dir.path(),
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
    );
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    client.send(json!({ "jsonrpc": "2.0", "id": registration["id"].clone(), "result": null }));
    assert!(unknown_zone(&client.open(&inside, "markdown", POSTMORTEM)));
    assert!(client.open(&outside, "markdown", POSTMORTEM).is_empty());

    let changed = |client: &mut Client, text: &str| {
        common::write(dir.path(), "pmlint.toml", text);
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": file_uri(&config), "type": 2 }] }),
        );
    };
    changed(&mut client, "include = [\"notes/**/*.md\"]\n");
    assert!(client.diagnostics(&inside).is_empty());
    assert!(unknown_zone(&client.diagnostics(&outside)));

    // A document opened while the config is broken is linted once the config is mended.
    changed(&mut client, "include = 3\n");
    client.wait_for(|m| m["method"] == "window/showMessage");
    let later = file_uri(&common::write(dir.path(), "notes/c.md", POSTMORTEM));
    assert!(client.open(&later, "markdown", POSTMORTEM).is_empty());
    changed(&mut client, "include = [\"notes/**/*.md\"]\n");
    assert!(unknown_zone(&client.diagnostics(&later)));
    client.shutdown();
}
