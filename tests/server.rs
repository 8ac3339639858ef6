//! `pmlint server` driven as an editor drives it: framed JSON-RPC on its stdin and stdout.

mod common;

use serde_json::{Value, json};

use common::lsp::{Client, codes, file_uri};

fn seed_004() -> Option<String> {
    let seeds = common::seeds()?;
    Some(std::fs::read_to_string(seeds.join("004_0e1e6b60f1f6d4a8.txt")).expect("seed 004 reads"))
}

/// The issue's scenario: open seed 004, fix `WTC` on line 4 through a code action, fix every
/// zone with a change, shut down cleanly.
#[test]
fn seed_004_diagnostics_quick_fix_and_shutdown() {
    let Some(text) = seed_004() else { return };
    let dir = common::scratch();
    let path = common::write(dir.path(), "004.txt", &text);
    let uri = file_uri(&path);
    let (mut client, capabilities) = Client::initialised(dir.path(), json!({}));
    assert_eq!(capabilities["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(capabilities["serverInfo"]["name"], "pmlint");

    let published = client.open(&uri, "plaintext", &text);
    let expected = common::check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        published.len(),
        expected["diagnostics"].as_array().unwrap().len(),
        "the server finds what `pmlint check` finds"
    );
    let unknown: Vec<&Value> = published.iter().filter(|d| d["code"] == "PM101").collect();
    assert_eq!(unknown.len(), 12);

    // Line 4 (0-based 3) holds `WTC` twice; the first one at character 30.
    let line = text.lines().nth(3).expect("a fourth line");
    let character = line.find("WTC").expect("WTC on line 4");
    let wtc = json!({
        "start": { "line": 3, "character": character },
        "end": { "line": 3, "character": character + 3 },
    });
    let on_wtc = unknown
        .iter()
        .find(|d| d["range"] == wtc)
        .expect("a finding on `WTC`");
    assert_eq!(on_wtc["severity"], 1);
    assert!(
        on_wtc["message"]
            .as_str()
            .unwrap()
            .contains("did you mean UTC?")
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": wtc,
            "context": { "diagnostics": [on_wtc] },
        }),
    )["result"]
        .as_array()
        .expect("a list of actions")
        .clone();
    let replace: Vec<&Value> = actions
        .iter()
        .filter(|a| a["title"] == "Replace `WTC` with `UTC`")
        .collect();
    assert_eq!(replace.len(), 1, "{actions:#?}");
    assert_eq!(replace[0]["kind"], "quickfix");
    assert_eq!(replace[0]["isPreferred"], true);
    assert_eq!(
        replace[0]["edit"]["changes"][&uri],
        json!([{ "range": wtc, "newText": "UTC" }])
    );
    assert!(
        actions
            .iter()
            .any(|a| a["title"] == "Disable unknown-timezone for this line"),
        "{actions:#?}"
    );

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": character + 1 } }),
    )["result"]
        .clone();
    let shown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(shown.contains("PM101 unknown-timezone"), "{shown}");
    assert!(shown.contains("## What it does"), "{shown}");
    assert_eq!(hover["range"], wtc);

    let fixed = text.replace("WTC", "UTC").replace(" TC:", " UTC:");
    let after = client.change(&uri, 2, &fixed);
    assert!(after.len() < published.len());
    assert!(!codes(&after).contains(&"PM101".to_string()), "{after:#?}");

    let status = client.shutdown();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = common::scratch();
    let text = "# Café outage\n\n## Timeline\n\n- Zoë 😀 saw it at 2024-03-03 09:00 WTC - alert\n";
    let path = common::write(dir.path(), "café.md", text);
    let line = text.lines().nth(4).unwrap();
    let bytes = line.find("WTC").unwrap();
    let utf16: usize = line[..bytes].chars().map(char::len_utf16).sum();
    assert_ne!(bytes, utf16, "the line must tell the encodings apart");
    for (offered, encoding, character) in [
        (json!(["utf-16", "utf-8"]), "utf-8", bytes),
        (json!(["utf-16"]), "utf-16", utf16),
    ] {
        let (mut client, result) = Client::initialised(
            dir.path(),
            json!({ "general": { "positionEncodings": offered } }),
        );
        assert_eq!(result["capabilities"]["positionEncoding"], encoding);
        let uri = file_uri(&path);
        let published = client.open(&uri, "markdown", text);
        let wtc = published
            .iter()
            .find(|d| d["code"] == "PM101")
            .expect("the unknown zone");
        assert_eq!(
            wtc["range"],
            json!({ "start": { "line": 4, "character": character }, "end": { "line": 4, "character": character + 3 } }),
            "{encoding}"
        );
        client.shutdown();
    }
}

#[test]
fn closing_a_document_clears_its_diagnostics_and_other_files_are_ignored() {
    let dir = common::lsp::workspace();
    let text = "# Outage\n\n- 09:00 WTC - alert\n";
    let path = common::write(dir.path(), "a.md", text);
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialised(dir.path(), json!({}));
    assert!(!client.open(&uri, "markdown", text).is_empty());
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(client.diagnostics(&uri).is_empty());

    let rust = common::write(dir.path(), "main.rs", "// 09:00 WTC\n");
    let rust_uri = file_uri(&rust);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": rust_uri, "languageId": "rust", "version": 1, "text": "// 09:00 WTC\n" } }),
    );
    // Nothing is published for it: the next message is the answer to this request.
    let answer = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": rust_uri }, "position": { "line": 0, "character": 9 } }),
    );
    assert_eq!(answer["result"], Value::Null);
    assert!(client.pending.is_empty(), "{:#?}", client.pending);
    client.shutdown();
}

#[test]
fn malformed_messages_get_errors_and_the_server_goes_on() {
    let dir = common::lsp::workspace();
    let mut client = Client::start(dir.path());

    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");

    client.send_raw("{this is not json");
    let parse = client.wait_for(|m| m["id"].is_null() && m.get("error").is_some());
    assert_eq!(parse["error"]["code"], -32700);

    client.send_raw(r#"{"jsonrpc":"2.0","id":41,"method":17}"#);
    let invalid = client.wait_for(|m| m["id"] == 41);
    assert_eq!(invalid["error"]["code"], -32600);

    let init = client.request("initialize", json!({ "capabilities": "none" }));
    assert_eq!(init["error"]["code"], -32602, "{init}");
    let init = client.request("initialize", json!({ "capabilities": {} }));
    assert!(init["result"]["capabilities"].is_object(), "{init}");
    let again = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(again["error"]["code"], -32600);

    let unknown = client.request("textDocument/formatting", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad = client.request("textDocument/codeAction", json!({ "textDocument": 3 }));
    assert_eq!(bad["error"]["code"], -32602);
    // A notification with bad parameters has no one to answer; the server logs it.
    client.notify("textDocument/didOpen", json!({ "textDocument": null }));
    // A position far outside the document is clamped, not a crash.
    let text = "# Outage\n\n## Timeline\n\n- 09:00 WTC - alert\n";
    let uri = "untitled:Untitled-1";
    assert!(!client.open(uri, "markdown", text).is_empty());
    let far = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 4000000000u32, "character": 0 }, "end": { "line": 4000000000u32, "character": 4000000000u32 } },
            "context": { "diagnostics": [] },
        }),
    );
    assert!(far["result"].is_array(), "{far}");

    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let dir = common::scratch();
    let (mut client, _) = Client::initialised(dir.path(), json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));
}

#[test]
fn a_config_change_relints_open_documents() {
    let dir = common::scratch();
    let text = "# Outage\n\n## Timeline\n\n- 2024-03-03 09:00 WTC - alert\n- 2024-03-03 09:10 UTC - fixed\n";
    let path = common::write(dir.path(), "notes/a.md", text);
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialised(
        dir.path(),
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
    );
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let id = registration["id"].clone();
    client.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));

    assert!(codes(&client.open(&uri, "markdown", text)).contains(&"PM101".to_string()));

    let config = common::write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nignore = [\"unknown-timezone\"]\n",
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&config), "type": 1 }] }),
    );
    let after = client.diagnostics(&uri);
    assert!(!codes(&after).contains(&"PM101".to_string()), "{after:#?}");

    // A broken config is shown to the user, and its documents get no findings.
    common::write(
        dir.path(),
        "pmlint.toml",
        "[lint]\nignore = [\"no-such-rule\"]\n",
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&config), "type": 2 }] }),
    );
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-rule"),
        "{shown}"
    );
    assert!(client.diagnostics(&uri).is_empty());
    client.shutdown();
}

#[test]
fn the_disable_action_silences_exactly_its_finding() {
    let dir = common::scratch();
    let text = "# Outage\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 2024-03-03 09:00 WTC | alert |\n| 2024-03-03 09:10 WTC | fixed |\n";
    let path = common::write(dir.path(), "a.md", text);
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialised(dir.path(), json!({}));
    let before = client.open(&uri, "markdown", text);
    let first = before
        .iter()
        .find(|d| d["code"] == "PM101")
        .expect("an unknown zone")
        .clone();
    let actions = client.code_actions(&uri, &first);
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable unknown-timezone for this line")
        .expect("a disable action");
    let edit = &disable["edit"]["changes"][&uri][0];
    let at = edit["range"]["start"].clone();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let line = at["line"].as_u64().unwrap() as usize;
    lines[line].insert_str(
        at["character"].as_u64().unwrap() as usize,
        edit["newText"].as_str().unwrap(),
    );
    assert_eq!(
        lines[line],
        "| 2024-03-03 09:00 WTC | alert <!-- pmlint-disable-line unknown-timezone --> |"
    );
    let after = client.change(&uri, 2, &(lines.join("\n") + "\n"));
    assert_eq!(after.len(), before.len() - 1, "{after:#?}");
    assert!(!codes(&after).contains(&"PM501".to_string()));
    client.shutdown();
}

#[test]
fn a_byte_order_mark_counts_as_a_character_and_saving_relints() {
    let dir = common::lsp::workspace();
    let text = "\u{feff}- 2024-03-03 09:00 WTC - alert\n";
    let path = common::write(dir.path(), "a.txt", text);
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialised(dir.path(), json!({}));
    let published = client.open(&uri, "plaintext", text);
    let wtc = published
        .iter()
        .find(|d| d["code"] == "PM101")
        .expect("the unknown zone");
    // The BOM is one UTF-16 unit before `- 2024-...`.
    assert_eq!(
        wtc["range"]["start"],
        json!({ "line": 0, "character": 1 + 19 })
    );

    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(client.diagnostics(&uri), published);
    client.shutdown();
}

/// Applies a single-line insertion edit to `text` (ASCII positions; lines end at `\n`, `\r\n`
/// or a lone `\r`, as the client counts them).
/// Fix-on-save: `source.fixAll` on seed 004 answers one action with one edit that, applied,
/// leaves no unknown zone; asked for quick fixes only, the server leaves fix-all out.
#[test]
fn fix_all_on_seed_004_removes_every_unknown_zone() {
    let Some(text) = seed_004() else { return };
    let dir = common::scratch();
    let path = common::write(dir.path(), "004.txt", &text);
    let uri = file_uri(&path);
    let (mut client, capabilities) = Client::initialised(dir.path(), json!({}));
    let kinds = &capabilities["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds
            .as_array()
            .unwrap()
            .contains(&json!("source.fixAll.pmlint")),
        "{kinds}"
    );
    client.open(&uri, "plaintext", &text);
    let ask = |client: &mut Client, only: &str| {
        client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                "context": { "diagnostics": [], "only": [only] },
            }),
        )["result"]
            .as_array()
            .expect("a list of actions")
            .clone()
    };
    let actions = ask(&mut client, "source.fixAll");
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.pmlint");
    let edits = actions[0]["edit"]["changes"][&uri]
        .as_array()
        .expect("edits");
    assert_eq!(edits.len(), 1);
    let fixed = apply_replace(&text, &edits[0]);
    assert_eq!(fixed.matches("WTC").count(), 0);
    let relinted = common::pmlint_with_stdin(
        &["check", "--isolated", "--format", "json", "-"],
        fixed.as_bytes(),
    );
    assert!(!relinted.stdout.contains("PM101"), "{}", relinted.stdout);
    assert!(
        relinted.stdout.contains("PM302"),
        "the outage against 80% is no fix"
    );

    let quick = ask(&mut client, "quickfix");
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"), "{quick:#?}");
    assert_eq!(client.shutdown().code(), Some(0));
}

/// Applies a replacement edit to `text` (ASCII, `\n` line ends: characters are bytes).
fn apply_replace(text: &str, edit: &Value) -> String {
    let offset = |at: &Value| {
        let line = at["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + at["character"].as_u64().unwrap() as usize
    };
    let (start, end) = (
        offset(&edit["range"]["start"]),
        offset(&edit["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().unwrap(),
        &text[end..]
    )
}

fn apply_insert(text: &str, edit: &Value) -> String {
    let at = &edit["range"]["start"];
    let (line, character) = (
        at["line"].as_u64().unwrap() as usize,
        at["character"].as_u64().unwrap() as usize,
    );
    let bytes = text.as_bytes();
    let line_starts = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .map(|i| i + 1);
    let start = std::iter::once(0).chain(line_starts).nth(line).unwrap();
    let offset = start + character;
    format!(
        "{}{}{}",
        &text[..offset],
        edit["newText"].as_str().unwrap(),
        &text[offset..]
    )
}

/// "Disable RULE" applied where the finding sits at a line's end, in a row whose last pipe is
/// escaped, and in front matter that ends the file: each silences its finding and adds no
/// unused-suppression warning.
#[test]
fn disable_actions_work_at_line_ends_escaped_pipes_and_front_matter() {
    let dir = common::lsp::workspace();
    let cases = [
        (
            "end.md",
            "# Outage\n\n## Timeline\n\n- 2024-03-03 09:00 WTC\n",
            "PM101",
        ),
        (
            "crlf.md",
            "# Outage\r\n\r\n- 2024-03-03 09:00 WTC\r\n",
            "PM101",
        ),
        (
            "pipe.md",
            "# Outage\n\n| Time | Event |\n|---|---|\n| 2024-03-03 09:00 WTC | x \\|\n",
            "PM101",
        ),
        (
            "matter.md",
            "---\r\nstart_time: 2012-07-30T02:33:00Z\r\n---",
            "PM201",
        ),
        ("fence.md", "```\nnotes\n```\n", "PM201"),
        ("cr.md", "# Outage\r\r- 2024-03-03 09:00 WTC\r", "PM101"),
        ("cr-fence.md", "```\rnotes\r```\r", "PM201"),
    ];
    let (mut client, _) = Client::initialised(dir.path(), json!({}));
    for (name, text, code) in cases {
        let path = common::write(dir.path(), name, text);
        let uri = file_uri(&path);
        let before = client.open(&uri, "markdown", text);
        let finding = before
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{name}: no {code} in {before:#?}"))
            .clone();
        let actions = client.code_actions(&uri, &finding);
        let disable = actions
            .iter()
            .find(|a| a["title"].as_str().unwrap().starts_with("Disable "))
            .unwrap_or_else(|| panic!("{name}: no disable action in {actions:#?}"));
        let fixed = apply_insert(text, &disable["edit"]["changes"][&uri][0]);
        let after = client.change(&uri, 2, &fixed);
        assert_eq!(
            codes(&after).iter().filter(|c| *c == code).count() + 1,
            codes(&before).iter().filter(|c| *c == code).count(),
            "{name}: {fixed:?} -> {after:#?}"
        );
        assert!(
            !codes(&after).contains(&"PM501".to_string()),
            "{name}: {after:#?}"
        );
        if text.contains("\r\n") {
            assert!(
                !fixed.replace("\r\n", "").contains('\n'),
                "{name}: {fixed:?}"
            );
        } else if text.contains('\r') {
            assert!(!fixed.contains('\n'), "{name}: {fixed:?}");
        }
    }
    client.shutdown();
}

/// Lines that end with a lone `\r` (old Mac files): the comment goes at the end of the
/// finding's own line, not of the file, and silences only that finding.
#[test]
fn the_disable_action_on_a_lone_cr_document_goes_on_the_findings_line() {
    let dir = common::scratch();
    let text = "# Outage\r\r## Timeline\r\r- 2024-03-03 09:00 WTC - paged\r- 2024-03-03 09:10 WTC - fixed\r";
    let path = common::write(dir.path(), "old-mac.md", text);
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialised(dir.path(), json!({}));
    let before = client.open(&uri, "markdown", text);
    let zones: Vec<&Value> = before.iter().filter(|d| d["code"] == "PM101").collect();
    assert_eq!(zones.len(), 2, "{before:#?}");
    assert_eq!(
        zones[0]["range"]["start"],
        json!({ "line": 4, "character": 19 })
    );
    assert_eq!(
        zones[1]["range"]["start"],
        json!({ "line": 5, "character": 19 })
    );
    let actions = client.code_actions(&uri, zones[0]);
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable unknown-timezone for this line")
        .expect("a disable action");
    let edit = &disable["edit"]["changes"][&uri][0];
    assert_eq!(
        edit["range"]["start"],
        json!({ "line": 4, "character": 30 })
    );
    let fixed = apply_insert(text, edit);
    assert!(
        fixed.contains(
            "- 2024-03-03 09:00 WTC - paged <!-- pmlint-disable-line unknown-timezone -->\r- 2024"
        ),
        "{fixed:?}"
    );
    let after = client.change(&uri, 2, &fixed);
    let zones: Vec<&Value> = after.iter().filter(|d| d["code"] == "PM101").collect();
    assert_eq!(zones.len(), 1, "{after:#?}");
    assert_eq!(zones[0]["range"]["start"]["line"], 5);
    assert!(!codes(&after).contains(&"PM501".to_string()), "{after:#?}");
    client.shutdown();
}

/// Thousands of findings on one long line: converting their positions must not rescan the
/// line for each one (it took 13 s before lines carried marks).
#[test]
fn thousands_of_findings_on_one_line_are_published_promptly() {
    let dir = common::lsp::workspace();
    let text = format!("# T\n\n{}\n", "09:00 WTC, ".repeat(8000));
    let path = common::write(dir.path(), "long.md", &text);
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialised(dir.path(), json!({}));
    let published = client.open(&uri, "markdown", &text);
    assert!(published.len() >= 8000, "{}", published.len());
    let last = published.last().unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": last["range"], "context": { "diagnostics": [] } }),
    );
    assert!(actions["result"].is_array());
    client.shutdown();
}

#[test]
fn a_config_whose_profile_is_the_servers_own_stdin_is_refused_and_the_server_answers() {
    let dir = common::scratch();
    common::write(dir.path(), "pmlint.toml", "profile = \"/dev/stdin\"\n");
    let pm = common::write(dir.path(), "pm.md", "# Draft\n\n- 10:00 WTC: paged\n");
    let (mut client, _) = Client::initialised(dir.path(), json!({}));
    let uri = file_uri(&pm);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1,
            "text": "# Draft\n\n- 10:00 WTC: paged\n"
        } }),
    );
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("outside this repository"),
        "{shown}"
    );
    client.shutdown();
}

/// A document over the live limit is not linted: one notice at its start, and the server goes
/// on answering at once. Cut below the limit, it is linted again.
#[test]
fn a_document_over_the_live_limit_gets_one_notice_and_the_server_stays_responsive() {
    let dir = common::lsp::workspace();
    let small = "# T\n\n- 10:00 WTC - paged\n";
    let big = small.repeat(1_000_000 / small.len() + 1);
    let big_path = common::write(dir.path(), "big.md", &big);
    let small_path = common::write(dir.path(), "small.md", small);
    let (big_uri, small_uri) = (file_uri(&big_path), file_uri(&small_path));
    let (mut client, _) = Client::initialised(dir.path(), json!({}));

    let published = client.open(&big_uri, "markdown", &big);
    assert_eq!(published.len(), 1, "{published:?}");
    let notice = &published[0];
    assert_eq!(notice["severity"], 3);
    assert_eq!(
        notice["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    let message = notice["message"].as_str().unwrap();
    assert!(message.contains("not linted while editing"), "{message}");
    assert!(message.contains("pmlint check"), "{message}");

    let linted = codes(&client.open(&small_uri, "markdown", small));
    assert!(linted.contains(&"PM101".to_string()), "{linted:?}");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": small_uri }, "position": { "line": 2, "character": 9 } }),
    );
    assert!(hover["result"]["contents"].is_object(), "{hover}");

    assert_eq!(codes(&client.change(&big_uri, 2, small)), linted);
    client.shutdown();
}
