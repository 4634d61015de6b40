//! The cutover night: `mark` and `status` through the binary, on the real
//! plan and on concurrent writers.

use crate::test::root;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cutover"))
        .env("CUTOVER_LANG", "en")
        .args(args)
        .current_dir(dir)
        .env("USER", "tester")
        .output()
        .expect("run cutover");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

/// A scratch copy of the shipped plans (the log is written beside the plan).
fn scratch() -> tempfile::TempDir {
    crate::test::scratch(crate::test::SHIPPED)
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
    // 002's 21 unit tasks for its 56 communes and 60 plan tasks, less the 10
    // backout steps: counted only once the night turns to them.
    assert_eq!(v["total"], 21 * 56 + 60 - 10);
    let overdue: Vec<&str> = v["overdue"].as_array().unwrap().iter().map(|o| o["task"].as_str().unwrap()).collect();
    let email_list: Vec<&&str> = overdue.iter().filter(|t| t.starts_with("email.list@")).collect();
    assert_eq!(email_list.len(), 55, "every other commune's email.list is overdue (of the 56 it applies to)");
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
    assert_eq!(
        run(d.path(), &["mark", PLAN, "lgsp.backup", "--block", "chờ VNPT cấp quyền", "--at", "14h30 ngày 25/6/2025"]).status.code(),
        Some(0)
    );
    let v: Value =
        serde_json::from_slice(&run(d.path(), &["status", PLAN, "--now", "2025-06-25T18:00", "--format", "json"]).stdout).unwrap();
    assert_eq!(
        v["blocked"],
        serde_json::json!([{"task": "lgsp.backup", "since": "2025-06-25T14:30:00+07:00", "reason": "chờ VNPT cấp quyền"}])
    );
    // Reopened before the moment asked about (an event counts from its `at`).
    assert_eq!(run(d.path(), &["mark", PLAN, "lgsp.backup", "--reopen", "--at", "2025-06-25T16:00"]).status.code(), Some(0));
    let v: Value =
        serde_json::from_slice(&run(d.path(), &["status", PLAN, "--now", "2025-06-25T18:00", "--format", "json"]).stdout).unwrap();
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
    assert_eq!(log.lines().filter(|l| l.contains("portal.domain@")).count(), 56, "@all: the 56 communes it applies to");
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
                    let out =
                        run(&dir, &["mark", "examples/minimal.toml", "email.accounts@camthanh", "--start", "--note", &format!("p{p}-{j}")]);
                    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
                }
            })
        })
        .collect();
    for c in children {
        c.join().unwrap();
    }
    let log = std::fs::read_to_string(d.path().join("examples/minimal.toml.status.jsonl")).unwrap();
    let mut notes: Vec<String> =
        log.lines().map(|l| serde_json::from_str::<Value>(l).expect("a whole record")["note"].as_str().unwrap().to_string()).collect();
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
    let v: Value =
        serde_json::from_slice(&run(d.path(), &["status", PLAN, "--now", "2025-06-21T08:00", "--format", "json"]).stdout).unwrap();
    assert_eq!(v["done"], 2);
    // A record for a task the plan no longer has is reported, not dropped.
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("{\"event\":\"done\",\"task\":\"gone.task\",\"at\":\"2025-06-20T16:00:00+07:00\",\"recorded\":\"2025-06-20T16:00:00+07:00\",\"by\":\"x\"}\n");
    std::fs::write(&log, text).unwrap();
    let out = run(d.path(), &["status", PLAN, "--now", "2025-06-21T08:00"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("names `gone.task`, which the plan does not have"));
}

fn json_of(d: &Path, args: &[&str]) -> Value {
    let out = run(d, args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn mark(d: &Path, args: &[&str]) {
    let mut a = vec!["mark", PLAN];
    a.extend_from_slice(args);
    let out = run(d, &a);
    assert_eq!(out.status.code(), Some(0), "{a:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A simulated night: marks at given times (three communes late, one task
/// blocked then reopened), then status, next, checklist and critical-path
/// at several instants, field by field.
#[test]
fn a_simulated_night() {
    let d = scratch();
    let p = d.path();
    mark(p, &["lgsp.codes.plan", "--done", "--at", "15h00 ngày 14/6/2025"]);
    mark(p, &["portal.domain@all", "--done", "--at", "10h00 ngày 19/6/2025"]);
    mark(p, &["lgsp.codes.upload", "--done", "--at", "16h00 ngày 19/6/2025"]);
    mark(p, &["tthc.units", "--block", "chờ danh mục từ Sở Nội vụ", "--at", "08h00 ngày 20/6/2025"]);
    mark(p, &["qlvb.units", "--done", "--at", "12h00 ngày 20/6/2025"]);
    // Every commune sends its list on 20/6, but three.
    let units: Vec<String> = {
        let text = std::fs::read_to_string(p.join("plans/units/quang-ngai-2025.toml")).unwrap();
        let doc: toml::Table = toml::from_str(&text).unwrap();
        // Document 002's communes: those formed from former Quảng Ngãi.
        doc["unit"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["groups"].as_array().unwrap().iter().any(|g| g.as_str() == Some("from-quang-ngai")))
            .map(|u| u["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(units.len(), 56);
    let late = ["nghialo", "anphu", "binhson"];
    let ids: Vec<String> = units.iter().filter(|u| !late.contains(&u.as_str())).map(|u| format!("email.list@{u}")).collect();
    let mut args: Vec<&str> = ids.iter().map(String::as_str).collect();
    args.extend(["--done", "--at", "2025-06-20T16:00"]);
    mark(p, &args);
    mark(p, &["tthc.units", "--reopen", "--at", "14h00 ngày 20/6/2025"]);
    mark(p, &["tthc.units", "--done", "--at", "17h00 ngày 20/6/2025"]);

    // 21/6 08:00.
    let v = json_of(p, &["status", PLAN, "--now", "2025-06-21T08:00", "--format", "json"]);
    assert_eq!(v["done"], 1 + 56 + 1 + 1 + 53 + 1);
    assert_eq!(v["blocked"], serde_json::json!([]), "reopened, then done");
    let overdue: Vec<&str> = v["overdue"].as_array().unwrap().iter().map(|o| o["task"].as_str().unwrap()).collect();
    for u in late {
        assert!(overdue.contains(&format!("email.list@{u}").as_str()), "{u} late: {overdue:?}");
    }
    assert!(!overdue.iter().any(|t| t.starts_with("portal.domain") || *t == "tthc.units" || *t == "lgsp.codes.upload"), "{overdue:?}");
    let first3: Vec<&str> = v["units"].as_array().unwrap()[..3].iter().map(|u| u["unit"].as_str().unwrap()).collect();
    let mut sorted = first3.clone();
    sorted.sort();
    assert_eq!(sorted, vec!["anphu", "binhson", "nghialo"], "the late communes are furthest behind");
    let lgsp = v["systems"].as_array().unwrap().iter().find(|s| s["system"] == "lgsp").unwrap();
    // The document's seven LGSP tasks and the plan's gate before the packaging.
    assert_eq!((lgsp["done"].as_u64(), lgsp["total"].as_u64()), (Some(2), Some(8)));
    // The go-lives are pinned to T-0: the forecast ends exactly there.
    assert_eq!(v["margin_minutes"], 0, "24:00 30/6 still holds");
    assert_eq!(v["forecast_finish"], "2025-07-01T00:00:00+07:00");
    assert_eq!(v["countdown"], "T-9d 16:00");

    // What is next for a late commune: its list, then the accounts that wait for it.
    // Through the end of the day, when the leaders' accounts are due.
    let n = json_of(p, &["next", PLAN, "--now", "2025-06-21T08:00", "--hours", "16", "--unit", "nghialo", "--format", "json"]);
    let items = n["items"].as_array().unwrap();
    let list = items.iter().find(|i| i["task"] == "email.list").unwrap();
    assert_eq!(list["instances"], serde_json::json!(["email.list@nghialo"]));
    let leaders = items.iter().find(|i| i["task"] == "email.accounts.leaders").unwrap();
    assert_eq!(leaders["waits_for"], serde_json::json!(["email.list@nghialo"]));
    assert!(!items.iter().any(|i| i["task"] == "portal.domain"), "done work is not next");

    // Its checklist: the domain ticked, the list overdue.
    let c = json_of(p, &["checklist", PLAN, "--unit", "nghialo", "--now", "2025-06-21T08:00", "--format", "json"]);
    let items = c["groups"][0]["items"].as_array().unwrap();
    let item = |t: &str| items.iter().find(|i| i["task"] == t).unwrap().clone();
    assert_eq!((item("portal.domain")["done"].as_bool(), item("portal.domain")["overdue"].as_bool()), (Some(true), Some(false)));
    assert_eq!((item("email.list")["done"].as_bool(), item("email.list")["overdue"].as_bool()), (Some(false), Some(true)));
    let md = String::from_utf8(
        run(p, &["checklist", PLAN, "--unit", "nghialo", "--now", "2025-06-21T08:00", "--format", "markdown", "--lang", "vi"]).stdout,
    )
    .unwrap();
    assert!(md.contains("- [x] **trước 20/6/2025**") && md.contains("(quá hạn)"), "{md}");

    // 26/6 08:00, the trials not marked: the forecast moves past their windows.
    let v = json_of(p, &["status", PLAN, "--now", "2025-06-26T08:00", "--format", "json"]);
    let list = |k: &str| -> Vec<String> { v[k].as_array().unwrap().iter().map(|o| o["task"].as_str().unwrap().to_string()).collect() };
    // Their day is over: overdue, and listed there only (at risk is what is not late yet).
    let (overdue, at_risk) = (list("overdue"), list("at_risk"));
    assert!(overdue.iter().any(|t| t == "qlvb.trial") && overdue.iter().any(|t| t == "email.trial"), "{overdue:?}");
    assert!(!at_risk.iter().any(|t| overdue.contains(t)), "at risk {at_risk:?} and overdue {overdue:?} overlap");
    let cp = json_of(p, &["critical-path", PLAN, "--now", "2025-06-26T08:00", "--format", "json"]);
    let path = cp["path"].as_array().unwrap();
    assert!(path.last().unwrap()["task"].as_str().unwrap().ends_with(".golive"));
    assert!(path.iter().any(|r| r["slack_minutes"].as_i64().unwrap() < 0), "a trial past its window shows negative slack");
    assert!(path[0]["early_start"].as_str().unwrap() >= "2025-06-26T08:00:00+07:00", "nothing open starts before now");
}

/// The log is read as of `--now`: what happened later has not happened yet.
#[test]
fn the_log_is_read_as_of_now() {
    let d = scratch();
    for id in ["lgsp.codes.plan", "email.list@all", "portal.domain@all"] {
        assert_eq!(run(d.path(), &["mark", PLAN, id, "--done", "--at", "2025-06-20T10:00"]).status.code(), Some(0));
    }
    let status = |now: &str| -> Value {
        serde_json::from_slice(&run(d.path(), &["status", PLAN, "--now", now, "--format", "json"]).stdout).unwrap()
    };
    assert_eq!(status("2025-06-14T08:00")["done"], 0, "nothing is done on 14/6");
    assert_eq!(status("2025-06-20T09:59")["done"], 0);
    assert_eq!(status("2025-06-20T10:00")["done"], 1 + 56 + 56);
    // The same for the checklist and the night's rule in check.
    let out = run(d.path(), &["check", PLAN, "--now", "2025-06-22T08:00", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let overdue: Vec<&str> =
        v["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "overdue").map(|f| f["task"].as_str().unwrap()).collect();
    assert!(!overdue.contains(&"email.list"), "done on 20/6: {overdue:?}");
    // The checklist replayed at 18/6 shows the list still open; at 23/6, done.
    let out = run(d.path(), &["checklist", PLAN, "--unit", "camthanh", "--now", "2025-06-18T08:00", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v["groups"][0]["items"].as_array().unwrap();
    let item = list.iter().find(|i| i["instance"] == "email.list@camthanh").unwrap();
    assert_eq!(item["done"], false, "{item}");
    let out = run(d.path(), &["checklist", PLAN, "--unit", "camthanh", "--now", "2025-06-23T08:00", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v["groups"][0]["items"].as_array().unwrap();
    let item = list.iter().find(|i| i["instance"] == "email.list@camthanh").unwrap();
    assert_eq!(item["done"], true, "{item}");
}

#[test]
fn mark_refuses_the_future_and_warns_of_a_done_before_its_start() {
    let d = scratch();
    let log = d.path().join("plans/quang-ngai-2025.toml.status.jsonl");
    let out = run(d.path(), &["mark", PLAN, "lgsp.backup", "--done", "--at", "2099-01-01T00:00"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--at 00:00 1/1/2099 is after the present time") && err.contains("--force"), "{err}");
    assert!(!log.exists(), "nothing was written");
    let out = run(d.path(), &["mark", PLAN, "lgsp.backup", "--done", "--at", "2099-01-01T00:00", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&log).unwrap().contains("2099-01-01T00:00:00+07:00"));
    // A done before the same instance's start.
    assert_eq!(run(d.path(), &["mark", PLAN, "qlvb.trial", "--start", "--at", "2025-06-25T10:00"]).status.code(), Some(0));
    let out = run(d.path(), &["mark", PLAN, "qlvb.trial", "--done", "--at", "2025-06-25T09:00"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: qlvb.trial is marked done at 09:00 25/6/2025, before it was started (10:00 25/6/2025) (recorded anyway)"),
        "{err}"
    );
}

/// A blocked instance: the forecast waits for its expected resolution, or
/// says it is unknown and names the block.
#[test]
fn the_forecast_waits_for_a_block_or_says_it_is_unknown() {
    let d = scratch();
    let status = || -> Value {
        serde_json::from_slice(&run(d.path(), &["status", PLAN, "--now", "2025-06-21T08:00", "--format", "json"]).stdout).unwrap()
    };
    let before = status();
    assert!(before["forecast_finish"].is_string(), "{before}");
    assert_eq!(run(d.path(), &["mark", PLAN, "tthc.units", "--block", "chờ danh mục", "--at", "2025-06-20T08:00"]).status.code(), Some(0));
    let v = status();
    assert_eq!(v["forecast_finish"], Value::Null);
    assert_eq!(v["margin_minutes"], Value::Null);
    assert_eq!(v["forecast_unknown_because"], serde_json::json!(["tthc.units"]));
    let text = String::from_utf8_lossy(&run(d.path(), &["status", PLAN, "--now", "2025-06-21T08:00", "--lang", "en"]).stdout).into_owned();
    assert!(text.contains("Forecast finish: unknown — blocked, with no time the block is expected to end: tthc.units"), "{text}");
    // Blocked until 29/6 18:00: the work it drives resumes then.
    assert_eq!(
        run(d.path(), &["mark", PLAN, "tthc.units", "--block", "chờ danh mục", "--until", "2025-06-29T18:00", "--at", "2025-06-20T08:00"])
            .status
            .code(),
        Some(0)
    );
    let v = status();
    assert_eq!(v["forecast_unknown_because"], serde_json::json!([]));
    assert_eq!(v["blocked"][0]["until"], "2025-06-29T18:00:00+07:00");
    let at_risk: Vec<&str> = v["at_risk"].as_array().unwrap().iter().map(|l| l["task"].as_str().unwrap()).collect();
    assert!(at_risk.iter().any(|t| t.starts_with("tthc.")), "the block pushes tthc work past its dues: {at_risk:?}");
    assert!(v["forecast_finish"].as_str().unwrap() >= "2025-06-29T18:00", "{}", v["forecast_finish"]);
}

/// `next` on the evening of the cutover: with everything due before
/// 30/6 done, what must move is the packaging and the go-lives of the
/// night, and nothing after T-0.
/// Marks done, at `at`, everything due by `by` (and the undated storage the
/// packaging needs), in one `mark`.
fn mark_all_due_by(p: &Path, by: &str, at: &str) {
    let list = json_of(p, &["checklist", PLAN, "--by", "day", "--format", "json"]);
    let mut ids: Vec<String> = Vec::new();
    for g in list["groups"].as_array().unwrap() {
        for it in g["items"].as_array().unwrap() {
            let due = it["due"].as_str().unwrap_or("9999");
            if due <= by || it["task"].as_str().unwrap().starts_with("infra.storage") {
                let id = if it["units"].is_null() {
                    it["instance"].as_str().unwrap().to_string()
                } else {
                    format!("{}@all", it["task"].as_str().unwrap())
                };
                ids.push(id);
            }
        }
    }
    ids.sort();
    ids.dedup();
    let mut args: Vec<&str> = ids.iter().map(String::as_str).collect();
    args.extend(["--done", "--at", at]);
    mark(p, &args);
}

#[test]
fn next_on_the_evening_of_the_cutover_lists_the_night() {
    let d = scratch();
    let p = d.path();
    mark_all_due_by(p, "2025-06-30T00:00:00+07:00", "2025-06-29T12:00");
    let v = json_of(p, &["next", PLAN, "--now", "2025-06-30T18:00", "--hours", "8", "--format", "json"]);
    let items = v["items"].as_array().unwrap();
    let tasks: Vec<&str> = items.iter().map(|i| i["task"].as_str().unwrap()).collect();
    for t in ["lgsp.package", "tthc.golive", "qlvb.golive", "report.golive", "portal.golive"] {
        assert!(tasks.contains(&t), "{t} missing from {tasks:?}");
    }
    // The decisions come first: each gate is pinned to 20:00, so it starts at
    // 19:30 — waiting for nothing but its moment (its work is done).
    for t in ["lgsp.gate", "tthc.gate", "qlvb.gate", "report.gate", "portal.gate"] {
        let gate = items.iter().find(|i| i["task"] == t).unwrap_or_else(|| panic!("{t} missing from {tasks:?}"));
        assert_eq!((gate["section"].as_str(), gate["may_start"].as_str()), (Some("waits"), Some("2025-06-30T19:30:00+07:00")), "{gate}");
        assert_eq!(gate["latest_start"], "2025-06-30T19:30:00+07:00", "{t}");
        assert_eq!(gate["waits_for"], serde_json::json!([]));
    }
    assert!(!tasks.iter().any(|t| t.contains(".backout.")), "backout steps are not next: {tasks:?}");
    assert!(items.iter().all(|i| i["due"].as_str().is_some_and(|d| d <= "2025-07-01T00:00:00+07:00")), "nothing after T-0: {tasks:?}");
    assert!(items.iter().all(|i| i["section"] != "overdue"), "{tasks:?}");
    let golive = items.iter().find(|i| i["task"] == "qlvb.golive").unwrap();
    assert_eq!(golive["section"], "waits", "pinned to 24:00: it starts at 20:00, not now");
    assert_eq!(golive["may_start"], "2025-06-30T20:00:00+07:00");
    assert_eq!(golive["waits_for"], serde_json::json!(["qlvb.gate"]), "it waits for its decision");
    // And early in the month, what may start now with days to spare is not "next".
    let v = json_of(p, &["next", PLAN, "--now", "2025-06-12T08:00", "--hours", "4", "--format", "json"]);
    assert!(v["items"].as_array().unwrap().is_empty(), "{v}");
    let all = json_of(p, &["next", PLAN, "--now", "2025-06-12T08:00", "--hours", "4", "--all", "--format", "json"]);
    assert!(all["items"].as_array().unwrap().iter().any(|i| i["section"] == "startable"), "{all}");
}

fn approve(d: &Path, args: &[&str]) -> String {
    let mut a = vec!["approve", PLAN];
    a.extend_from_slice(args);
    let out = run(d, &a);
    assert_eq!(out.status.code(), Some(0), "{a:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stderr).unwrap()
}

/// The night itself, simulated on the shipped plan: a trial blocked with and
/// without a time it will be resolved, a gate refused and then passed, and the
/// backout gauge turning amber and then red as the go-live slips, read at
/// several moments, one of them before events that were recorded later.
#[test]
fn a_simulated_cutover_night_with_gates_and_backout() {
    let d = scratch();
    let p = d.path();
    mark_all_due_by(p, "2025-06-25T00:00:00+07:00", "2025-06-24T17:00");
    // 25/6: qlvb.trial blocked until 14:00; portal.trial blocked, nobody knows until when.
    mark(p, &["qlvb.trial", "--block", "chờ VNPT cấp quyền", "--until", "14h00 ngày 25/6/2025", "--at", "09h00 ngày 25/6/2025"]);
    mark(p, &["portal.trial", "--block", "máy chủ Viettel lỗi", "--at", "09h30 ngày 25/6/2025"]);
    let status = |now: &str| json_of(p, &["status", PLAN, "--now", now, "--format", "json"]);
    let v = status("2025-06-25T09:15");
    assert_eq!(v["forecast_unknown_because"], serde_json::json!([]), "at 09:15 only the block with a time is known");
    assert_eq!(v["blocked"].as_array().unwrap().len(), 1);
    assert_eq!(v["blocked"][0]["until"], "2025-06-25T14:00:00+07:00");
    assert_eq!(v["forecast_finish"], "2025-07-01T00:00:00+07:00", "a block resolved by 14:00 keeps T-0");
    let v = status("2025-06-25T10:00");
    assert_eq!(v["forecast_unknown_because"], serde_json::json!(["portal.trial"]), "{v}");
    assert!(v["forecast_finish"].is_null());
    // Resolved; everything due by 30/6 is done on 29/6.
    mark(p, &["portal.trial", "--reopen", "--at", "11h00 ngày 25/6/2025"]);
    mark_all_due_by(p, "2025-06-30T00:00:00+07:00", "2025-06-29T12:00");

    // 29/6 20:00: every gate pending with its approvers; the backout gauge green.
    let v = status("2025-06-29T20:00");
    let gates = v["gates"].as_array().unwrap();
    assert_eq!(gates.len(), 5);
    assert!(gates.iter().all(|g| g["state"] == "pending" && g["pending"] == g["approvers"]), "{gates:?}");
    let tthc = gates.iter().find(|g| g["gate"] == "tthc.gate").unwrap();
    assert_eq!(tthc["approvers"], serde_json::json!(["skhcn", "vpubnd"]));
    assert_eq!(v["backout"]["colour"], "green");
    let gauge = |v: &Value, s: &str| v["backout"]["systems"].as_array().unwrap().iter().find(|g| g["system"] == s).unwrap().clone();
    let g = gauge(&v, "tthc");
    assert_eq!(
        (g["backout_now_finish"].as_str(), g["backout_worst_finish"].as_str(), g["colour"].as_str()),
        (Some("2025-06-30T00:00:00+07:00"), Some("2025-07-01T04:00:00+07:00"), Some("green"))
    );

    // 30/6: SKHCN says go at 19:00; VP UBND tỉnh says no-go at 19:10, then go at 22:30.
    let err = approve(p, &["tthc.gate", "--org", "skhcn", "--at", "19h00 ngày 30/6/2025", "--by", "hung"]);
    assert!(err.contains("tthc.gate: 1/2 go, still to decide: vpubnd"), "{err}");
    let err = approve(p, &["tthc.gate", "--org", "vpubnd", "--no-go", "thử nghiệm chưa đạt", "--at", "19h10 ngày 30/6/2025"]);
    assert!(err.contains("tthc.gate: refused by vpubnd: thử nghiệm chưa đạt"), "{err}");
    // Refused: nothing is written for an org that is not an approver, or a task that is not a gate.
    let log = p.join("plans/quang-ngai-2025.toml.status.jsonl");
    let before = std::fs::read_to_string(&log).unwrap();
    let out = run(p, &["approve", PLAN, "tthc.gate", "--org", "vnpt", "--at", "19h20 ngày 30/6/2025"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`vnpt` is not an approver of `tthc.gate`; its approvers are `skhcn`, `vpubnd`"));
    let out = run(p, &["approve", PLAN, "tthc.golive", "--org", "skhcn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`tthc.golive` is not a go/no-go gate"));
    let out = run(p, &["mark", PLAN, "tthc.gate", "--done"]);
    assert_eq!(out.status.code(), Some(2), "only the approvers pass a gate");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), before, "nothing was written");
    approve(p, &["tthc.gate", "--org", "vpubnd", "--at", "22h30 ngày 30/6/2025"]);

    // Replayed at 19:05: one go, the no-go not yet given.
    let v = status("2025-06-30T19:05");
    let tthc = v["gates"].as_array().unwrap().iter().find(|g| g["gate"] == "tthc.gate").unwrap().clone();
    assert_eq!((tthc["state"].as_str(), tthc["pending"].clone()), (Some("pending"), serde_json::json!(["vpubnd"])));
    // 19:20: refused — blocked with who and why; the forecast says it is unknown and names the gate.
    let v = status("2025-06-30T19:20");
    let tthc = v["gates"].as_array().unwrap().iter().find(|g| g["gate"] == "tthc.gate").unwrap().clone();
    assert_eq!(tthc["state"], "refused");
    assert_eq!(tthc["no_go"][0]["reason"], "thử nghiệm chưa đạt");
    assert_eq!(v["blocked"][0]["task"], "tthc.gate");
    assert_eq!(v["blocked"][0]["reason"], "no-go (VP UBND tỉnh): thử nghiệm chưa đạt");
    assert_eq!(v["forecast_unknown_because"], serde_json::json!(["tthc.gate"]));
    assert_eq!(gauge(&v, "tthc")["colour"], "green", "a backout would still end by 04:00");
    let next = json_of(p, &["next", PLAN, "--now", "2025-06-30T19:20", "--hours", "6", "--format", "json"]);
    let items = next["items"].as_array().unwrap();
    let golive = items.iter().find(|i| i["task"] == "tthc.golive").unwrap();
    assert_eq!((golive["section"].as_str(), golive["waits_for"].clone()), (Some("waits"), serde_json::json!(["tthc.gate"])));
    let blocked = items.iter().find(|i| i["task"] == "tthc.gate").unwrap();
    assert_eq!(blocked["section"], "blocked");
    // 22:00, still refused: the go-live would end at 02:30, a backout then at 06:30 — within 2h of 07:00: amber.
    let v = status("2025-06-30T22:00");
    let g = gauge(&v, "tthc");
    assert_eq!(
        (g["implementation_end"].as_str(), g["backout_worst_finish"].as_str(), g["colour"].as_str()),
        (Some("2025-07-01T02:30:00+07:00"), Some("2025-07-01T06:30:00+07:00"), Some("amber")),
        "{g}"
    );
    assert_eq!(v["backout"]["colour"], "amber");
    let cp = json_of(p, &["critical-path", PLAN, "--now", "2025-06-30T22:00", "--format", "json"]);
    assert!(cp["margin_minutes"].as_i64().unwrap() < 0, "T-0 no longer holds: {}", cp["margin_minutes"]);
    // 22:30 the gate passes; the checklist ticks it.
    let v = status("2025-06-30T22:45");
    let tthc = v["gates"].as_array().unwrap().iter().find(|g| g["gate"] == "tthc.gate").unwrap().clone();
    assert_eq!((tthc["state"].as_str(), tthc["passed_at"].as_str()), (Some("passed"), Some("2025-06-30T22:30:00+07:00")));
    let c = json_of(p, &["checklist", PLAN, "--org", "skhcn", "--now", "2025-06-30T22:45", "--format", "json"]);
    let item = c["groups"][0]["items"].as_array().unwrap().iter().find(|i| i["task"] == "tthc.gate").unwrap().clone();
    assert_eq!(item["done"], true);
    // 1/7 02:00, the go-live not done: a backout started when it ends would finish at 10:00 — red.
    let v = status("2025-07-01T02:00");
    let g = gauge(&v, "tthc");
    assert_eq!((g["backout_now_finish"].as_str(), g["colour"].as_str()), (Some("2025-07-01T06:00:00+07:00"), Some("red")), "{g}");
    assert_eq!(v["backout"]["colour"], "red");
    // And as the screen says it.
    let text = String::from_utf8(run(p, &["status", PLAN, "--now", "2025-07-01T02:00", "--lang", "vi"]).stdout).unwrap();
    assert!(text.contains("Quay lui (backout) — cửa sổ kết thúc 07:00 1/7/2025, cảnh báo trước 2h: ĐỎ"), "{text}");
    assert!(text.contains("tthc.gate                        đã thông qua 22:30 30/6/2025 (2/2)"), "{text}");
}

/// `mark` warns — and records — a start ahead of a gate that has not passed
/// or before a pinned task's moment; it reads the log as of the event's time.
#[test]
fn mark_warns_of_a_start_ahead_of_its_gate_or_its_pin() {
    let d = scratch();
    let p = d.path();
    let out = run(p, &["mark", PLAN, "tthc.golive", "--start", "--at", "18h00 ngày 30/6/2025"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tthc.golive is pinned to 24:00 30/6/2025: it starts at 20:00 30/6/2025, not at 18:00 30/6/2025 (recorded anyway)"),
        "{err}"
    );
    assert!(err.contains("the go/no-go gate tthc.gate before it has not passed (recorded anyway)"), "{err}");
    // Once both approvers said go (at 19:40), a start at 20:00 is in order; one
    // recorded as having happened at 19:30 still ran ahead of the decision.
    approve(p, &["tthc.gate", "--org", "skhcn", "--at", "19h35 ngày 30/6/2025"]);
    approve(p, &["tthc.gate", "--org", "vpubnd", "--at", "19h40 ngày 30/6/2025"]);
    let out = run(p, &["mark", PLAN, "tthc.golive", "--start", "--at", "20h00 ngày 30/6/2025"]);
    assert_eq!(String::from_utf8_lossy(&out.stderr).matches("warning").count(), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(p, &["mark", PLAN, "qlvb.golive", "--start", "--at", "19h30 ngày 30/6/2025"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("the go/no-go gate qlvb.gate before it has not passed"));
}
