//! The cutover night: `mark` and `status` through the binary, on the real
//! plan and on concurrent writers.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cutover")).args(args).current_dir(dir).env("USER", "tester").output().expect("run cutover");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

/// A scratch copy of the shipped plans (the log is written beside the plan).
fn scratch() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for rel in ["plans/quang-ngai-2025.toml", "plans/units/quang-ngai-2025.toml", "examples/minimal.toml"] {
        let to = d.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(rel), to).unwrap();
    }
    d
}

const PLAN: &str = "plans/quang-ngai-2025.toml";

#[test]
fn a_mark_counts_done_and_the_other_communes_are_overdue() {
    let d = scratch();
    let out = run(d.path(), &["mark", PLAN, "email.list@camthanh", "--done", "--at", "2025-06-20T15:00"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let log = std::fs::read_to_string(d.path().join("plans/quang-ngai-2025.toml.status.jsonl")).unwrap();
    let rec: Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    assert_eq!(rec["event"], "done");
    assert_eq!(rec["task"], "email.list@camthanh");
    assert_eq!(rec["at"], "2025-06-20T15:00:00+07:00");
    assert_eq!(rec["by"], "tester");
    // The plan file is never written.
    assert_eq!(std::fs::read(d.path().join(PLAN)).unwrap(), std::fs::read(root().join(PLAN)).unwrap());

    let out = run(d.path(), &["status", PLAN, "--now", "2025-06-21T08:00", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["now"], "2025-06-21T08:00:00+07:00");
    assert_eq!(v["cutover"], "2025-07-01T00:00:00+07:00");
    assert_eq!(v["done"], 1);
    assert_eq!(v["total"], 2046);
    let overdue: Vec<&str> = v["overdue"].as_array().unwrap().iter().map(|o| o["task"].as_str().unwrap()).collect();
    let email_list: Vec<&&str> = overdue.iter().filter(|t| t.starts_with("email.list@")).collect();
    assert_eq!(email_list.len(), 95, "every other commune's email.list is overdue");
    assert!(!overdue.contains(&"email.list@camthanh"));
    assert!(v["overdue"].as_array().unwrap().iter().all(|o| o["due"].as_str().unwrap() <= "2025-06-21T08:00:00+07:00"));
    let camthanh = v["units"].as_array().unwrap().iter().find(|u| u["unit"] == "camthanh").unwrap();
    assert_eq!(camthanh["done"], 1);
    assert_eq!(v["units"].as_array().unwrap().last().unwrap()["unit"], "camthanh", "furthest behind first; Cẩm Thành is ahead");
    for key in ["blocked", "at_risk", "forecast_finish", "margin_minutes"] {
        assert!(v.get(key).is_some(), "{key}");
    }
}

#[test]
fn block_reopen_and_unknown_ids() {
    let d = scratch();
    assert_eq!(run(d.path(), &["mark", PLAN, "lgsp.backup", "--block", "chờ VNPT cấp quyền", "--at", "14h30 ngày 25/6/2025"]).status.code(), Some(0));
    let v: Value = serde_json::from_slice(&run(d.path(), &["status", PLAN, "--now", "2025-06-25T18:00", "--format", "json"]).stdout).unwrap();
    assert_eq!(v["blocked"], serde_json::json!([{"task": "lgsp.backup", "since": "2025-06-25T14:30:00+07:00", "reason": "chờ VNPT cấp quyền"}]));
    assert_eq!(run(d.path(), &["mark", PLAN, "lgsp.backup", "--reopen"]).status.code(), Some(0));
    let v: Value = serde_json::from_slice(&run(d.path(), &["status", PLAN, "--now", "2025-06-25T18:00", "--format", "json"]).stdout).unwrap();
    assert_eq!(v["blocked"], serde_json::json!([]));
    // An unknown id writes nothing and says what was meant.
    let before = std::fs::read_to_string(d.path().join("plans/quang-ngai-2025.toml.status.jsonl")).unwrap();
    let out = run(d.path(), &["mark", PLAN, "lgsp.backup", "lgsp.bakup", "--done"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `lgsp.backup`?"));
    assert_eq!(std::fs::read_to_string(d.path().join("plans/quang-ngai-2025.toml.status.jsonl")).unwrap(), before);
    // task@all marks every unit; a unit task without a unit is refused.
    assert_eq!(run(d.path(), &["mark", PLAN, "portal.domain@all", "--done", "--at", "2025-06-19T10:00"]).status.code(), Some(0));
    let log = std::fs::read_to_string(d.path().join("plans/quang-ngai-2025.toml.status.jsonl")).unwrap();
    assert_eq!(log.lines().filter(|l| l.contains("portal.domain@")).count(), 96);
    let out = run(d.path(), &["mark", PLAN, "portal.domain", "--done"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("portal.domain@all"));
}

#[test]
fn done_before_predecessors_is_recorded_with_a_warning() {
    let d = scratch();
    let out = run(d.path(), &["mark", PLAN, "email.trial", "--done", "--at", "2025-06-25T10:00"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: email.trial is marked done before email.accounts.leaders@camthanh"), "{err}");
    assert!(std::fs::read_to_string(d.path().join("plans/quang-ngai-2025.toml.status.jsonl")).unwrap().contains("\"email.trial\""));
}

#[test]
fn eight_writers_at_once_lose_nothing() {
    let d = scratch();
    let children: Vec<_> = (0..8)
        .map(|p| {
            let dir = d.path().to_path_buf();
            std::thread::spawn(move || {
                for j in 0..50 {
                    let out = run(&dir, &["mark", "examples/minimal.toml", "email.accounts@camthanh", "--start", "--note", &format!("p{p}-{j}")]);
                    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
                }
            })
        })
        .collect();
    for c in children {
        c.join().unwrap();
    }
    let log = std::fs::read_to_string(d.path().join("examples/minimal.toml.status.jsonl")).unwrap();
    let mut notes: Vec<String> = log.lines().map(|l| serde_json::from_str::<Value>(l).expect("a whole record")["note"].as_str().unwrap().to_string()).collect();
    assert_eq!(notes.len(), 400);
    notes.sort();
    notes.dedup();
    assert_eq!(notes.len(), 400, "every mark is there once");
}

#[test]
fn a_torn_last_line_is_skipped_with_a_warning() {
    let d = scratch();
    assert_eq!(run(d.path(), &["mark", PLAN, "email.list@camthanh", "--done", "--at", "2025-06-20T15:00"]).status.code(), Some(0));
    let log = d.path().join("plans/quang-ngai-2025.toml.status.jsonl");
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("{\"event\":\"done\",\"task\":\"email.list@nghia");
    std::fs::write(&log, text).unwrap();
    let out = run(d.path(), &["status", PLAN, "--now", "2025-06-21T08:00", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2 is not a status record"), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["done"], 1);
    // The next mark starts on a fresh line and is read.
    assert_eq!(run(d.path(), &["mark", PLAN, "email.list@nghialo", "--done", "--at", "2025-06-20T16:00"]).status.code(), Some(0));
    let v: Value = serde_json::from_slice(&run(d.path(), &["status", PLAN, "--now", "2025-06-21T08:00", "--format", "json"]).stdout).unwrap();
    assert_eq!(v["done"], 2);
    // A record for a task the plan no longer has is reported, not dropped.
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("{\"event\":\"done\",\"task\":\"gone.task\",\"at\":\"2025-06-20T16:00:00+07:00\",\"recorded\":\"2025-06-20T16:00:00+07:00\",\"by\":\"x\"}\n");
    std::fs::write(&log, text).unwrap();
    let out = run(d.path(), &["status", PLAN, "--now", "2025-06-21T08:00"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("names `gone.task`, which the plan does not have"));
}
