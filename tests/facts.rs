//! `pmlint facts`: the records of the seeds as the issue states them, the three formats, and
//! an unreadable file.

mod common;

use common::{pmlint, scratch, seeds, write};
use serde_json::Value;

fn documents(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["facts", "--isolated"];
    all.extend_from_slice(args);
    let run = pmlint(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["version"], 1);
    report["documents"].as_array().expect("documents").clone()
}

#[test]
fn seed_000_states_its_window_in_eat_and_restores_on_may_10() {
    let Some(seeds) = seeds() else { return };
    let seed = seeds.join("000_eb4d16a264d126bb.txt");
    let facts = &documents(&[seed.to_str().unwrap()])[0];
    let window = &facts["window"];
    assert_eq!(window["start"]["local"], "2022-05-09T09:00");
    assert_eq!(window["start"]["zone"], "EAT");
    assert_eq!(window["start"]["utc"]["earliest"], "2022-05-09T06:00Z");
    assert_eq!(window["end"]["local"], "2022-05-14T15:00");
    assert_eq!(window["end"]["utc"]["latest"], "2022-05-14T12:00Z");
    assert_eq!(window["stated_in"], "label");
    assert_eq!(
        facts["timeline"]["restoration"]["local"],
        "2022-05-10T15:00"
    );
    // The 2023 entry is the detection: a year after the window, which the rules flag.
    assert_eq!(facts["timeline"]["detection"]["local"], "2023-05-15T09:30");
    assert_eq!(facts["durations"]["time_to_recover"]["minutes"], 30 * 60);
    assert!(facts["findings"]["error"].as_u64().unwrap() > 0);
}

#[test]
fn seed_004_has_no_utc_since_its_zone_is_unknown() {
    let Some(seeds) = seeds() else { return };
    let seed = seeds.join("004_0e1e6b60f1f6d4a8.txt");
    let facts = &documents(&[seed.to_str().unwrap()])[0];
    let start = &facts["window"]["start"];
    assert_eq!(start["local"], "2023-05-10T14:00");
    assert_eq!(start["utc"], Value::Null);
    assert_eq!(start["utc_unknown"], "`WTC` is not a time zone");
    assert_eq!(facts["window"]["end"]["local"], "2023-05-11T03:00");
    // Both ends in the one unknown zone: the length is known, the instants are not.
    assert_eq!(facts["durations"]["window"]["minutes"], 13 * 60);
}

#[test]
fn csv_has_a_header_and_a_row_per_document_and_json_lines_a_versioned_record() {
    let dir = scratch();
    let text = "# Cache outage\n\n**Duration:** 09:00 to 10:30 UTC, June 4, 2024\n\n## Timeline\n\n- 09:05 UTC - alert fired\n- 10:30 UTC - service restored\n";
    write(dir.path(), "a.md", text);
    write(dir.path(), "b.md", "=cmd()\n\nNothing here.\n");
    let path = dir.path().to_str().unwrap();
    let run = pmlint(&["facts", "--isolated", "--format", "csv", path]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    let columns = lines[0].split(',').count();
    assert!(
        lines.iter().all(|l| l.split(',').count() == columns),
        "{}",
        run.stdout
    );
    assert!(
        lines[1].contains(",Cache outage,true,2024-06-04T09:00,UTC,2024-06-04T09:00Z,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(",90,5,,,90,,,,UTC,"),
        "window 90, detect 5, recover 90: {}",
        lines[1]
    );
    assert!(lines[2].contains(",'=cmd(),"), "{}", lines[2]);

    let run = pmlint(&["facts", "--isolated", "--format", "json-lines", path]);
    let records: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert!(
        records
            .iter()
            .all(|r| r["version"] == 1 && r["file"].is_string())
    );
}

#[test]
fn an_unreadable_file_exits_2_and_the_others_still_get_records() {
    let dir = scratch();
    write(dir.path(), "good.md", "# Fine\n");
    std::fs::write(dir.path().join("bad.md"), b"# Outage\n\xff\n").unwrap();
    let run = pmlint(&[
        "facts",
        "--isolated",
        "--format",
        "json-lines",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.md: not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
}

#[test]
fn stated_figures_sit_beside_computed_ones_with_impact_and_action_items() {
    let dir = scratch();
    let text = "# Queue backlog\n\n**Start:** 2024-06-04 09:00 UTC\n**End:** 2024-06-04 11:00 UTC\n\
                **Time to detect:** 45 minutes\n**Time to recover:** 2 hours\n\n\
                ## Impact\n\nAbout 30% of users saw delayed emails.\n\n\
                ## Timeline\n\n- 2024-06-04 09:20 UTC - alert fired\n- 2024-06-04 11:00 UTC - service restored\n\n\
                ## Root cause\n\nA retry storm.\n\n\
                ## Action items\n\n- Add a queue-depth alert (owner: @sam, JIRA-12, due 2024-07-01)\n- Tune retries\n";
    let path = write(dir.path(), "queue.md", text);
    let facts = &documents(&[path.to_str().unwrap()])[0];
    let durations = &facts["durations"];
    let detect = &durations["time_to_detect"];
    assert_eq!(
        (
            &detect["minutes"],
            &detect["stated_minutes"],
            &detect["agrees"]
        ),
        (&Value::from(20), &Value::from(45), &Value::from(false)),
        "{detect}"
    );
    assert_eq!(detect["stated_line"], 5);
    let recover = &durations["time_to_recover"];
    assert_eq!(
        (
            &recover["minutes"],
            &recover["stated_minutes"],
            &recover["agrees"]
        ),
        (&Value::from(120), &Value::from(120), &Value::from(true)),
        "{recover}"
    );
    assert_eq!(durations["time_to_mitigate"]["minutes"], Value::Null);
    let share = &facts["impact"][0];
    assert_eq!(
        (&share["percent"], &share["of"], &share["qualifier"]),
        (
            &Value::from(30.0),
            &Value::from("users"),
            &Value::from("approximately")
        )
    );
    let items = &facts["action_items"];
    assert_eq!(
        [
            &items["count"],
            &items["with_owner"],
            &items["with_ticket"],
            &items["with_due_date"]
        ],
        [
            &Value::from(2),
            &Value::from(1),
            &Value::from(1),
            &Value::from(1)
        ],
        "{items}"
    );
}

#[test]
fn a_first_entry_that_is_the_detection_gives_no_time_to_detect() {
    let dir = scratch();
    let text = "# Outage\n\n## Timeline\n\n- 2024-06-04 09:20 UTC - alert fired\n- 2024-06-04 10:00 UTC - service restored\n";
    let path = write(dir.path(), "a.md", text);
    let facts = &documents(&[path.to_str().unwrap()])[0];
    let detect = &facts["durations"]["time_to_detect"];
    assert_eq!(detect["minutes"], Value::Null);
    assert_eq!(
        detect["unknown"],
        "the first entry is the detection: the incident's start is not stated"
    );
    assert_eq!(facts["durations"]["time_to_recover"]["minutes"], 40);
}
