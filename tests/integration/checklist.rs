//! Checklists of the real plan, run through the binary: SKHCN's, VP UBND's
//! and Cẩm Thành's lists (counts, order, the committee's name and the domain
//! filled in) as snapshots, and every format read back.

use crate::test::root;
use serde_json::Value;
use std::process::{Command, Output};

/// Runs `cutover` in Vietnamese (the checklists' language) unless the
/// arguments say `--lang en`.
fn cutover(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cutover"))
        .env("CUTOVER_LANG", "vi")
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .expect("run cutover");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn ok_stdout(args: &[&str]) -> String {
    let out = cutover(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok_stdout(args)).unwrap()
}

const PLAN: &str = "plans/quang-ngai-2025.toml";

/// Items of the only group, and check they are in due order, undated last,
/// then by id, backout steps (`….backout.…`) after every other undated item.
fn items_in_order(v: &Value) -> Vec<Value> {
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "one group");
    let items = groups[0]["items"].as_array().unwrap().clone();
    let key = |i: &Value| {
        let id = i["instance"].as_str().unwrap().to_string();
        let backout = id.contains(".backout.");
        (i["due"].is_null(), i["due"].as_str().unwrap_or("").to_string(), backout, if backout { String::new() } else { id })
    };
    for w in items.windows(2) {
        assert!(key(&w[0]) <= key(&w[1]), "out of order: {} then {}", w[0]["instance"], w[1]["instance"]);
    }
    items
}

#[test]
fn skhcn_list_in_due_order() {
    let v = json(&["checklist", PLAN, "--org", "skhcn", "--format", "json"]);
    let items = items_in_order(&v);
    // The document's 33, the three gates SKHCN leads and the two it approves,
    // the six backout steps it leads, the merger of former Kon Tum's systems,
    // and section III's III.1.a, b, d, III.2.b and III.5 ý 3 (it supports both).
    assert_eq!(items.len(), 33 + 5 + 6 + 1 + 5);
    assert_eq!(items[0]["instance"], "lgsp.codes.plan");
    assert_eq!(items[0]["due_display"], "trước 15/6/2025");
    // Undated last, and of them the backout steps, each system's in order.
    let undated: Vec<&str> = items.iter().filter(|i| i["due"].is_null()).map(|i| i["instance"].as_str().unwrap()).collect();
    assert_eq!(
        undated,
        [
            "budget.skhcn",
            "coord.monitor",
            "infra.storage.skhcn",
            "ops.stable.skhcn",
            "tthc.support.vpubnd",
            "vendors.handover",
            "lgsp.backout.stop",
            "lgsp.backout.restore",
            "tthc.backout.stop",
            "tthc.backout.restore",
            "qlvb.backout.stop",
            "qlvb.backout.restore"
        ]
    );
    let leads = items.iter().filter(|i| i["role"] == "lead").count();
    let supports = items.iter().filter(|i| i["role"] == "support").count();
    let approves: Vec<&str> = items.iter().filter(|i| i["role"] == "approver").map(|i| i["instance"].as_str().unwrap()).collect();
    assert_eq!(approves, ["portal.gate", "report.gate"], "the gates it decides on without leading them");
    assert_eq!(leads + supports + approves.len(), items.len());
    // A gate's criteria and decision are lines to tick; a backout step says when it applies.
    let gate = items.iter().find(|i| i["task"] == "tthc.gate").unwrap();
    let steps: Vec<&str> = gate["steps"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(steps[0].starts_with("Tiêu chí: Đã sao lưu dữ liệu"), "{steps:?}");
    assert_eq!(steps.last().unwrap(), &"Quyết định go/no-go: SKHCN, VP UBND tỉnh (tất cả đồng ý)");
    assert_eq!(gate["due_display"], "20:00 30/6/2025");
    let stop = items.iter().find(|i| i["task"] == "tthc.backout.stop").unwrap();
    assert_eq!(stop["steps"][0], "Chỉ thực hiện khi quay lui (backout) tthc.golive");
    // A unit task is one item for the 56 communes document 002 concerns
    // (those formed from former Quảng Ngãi).
    let domain = items.iter().find(|i| i["task"] == "portal.domain").unwrap();
    assert_eq!(domain["units"], 56);
    assert_eq!(domain["steps"][0], "Cấp tên miền «tên miền của đơn vị» cho «tên đơn vị»");
    insta::assert_snapshot!("skhcn_markdown", ok_stdout(&["checklist", PLAN, "--org", "skhcn", "--format", "markdown"]));
}

#[test]
fn vpubnd_list() {
    let v = json(&["checklist", PLAN, "--org", "vpubnd", "--format", "json"]);
    let items = items_in_order(&v);
    // The document's 36 of section II and III.2.c, four gates (two led, two
    // approved), four backout steps, and section III's III.2.a, b, d.
    assert_eq!(items.len(), 36 + 4 + 4 + 3 + 1);
    assert!(items.iter().all(|i| i["lead"].as_array().unwrap().iter().all(|n| n != "VP UBND tỉnh")), "the reader is not among the others");
    insta::assert_snapshot!("vpubnd_text_en", ok_stdout(&["checklist", PLAN, "--org", "vpubnd", "--lang", "en"]));
}

#[test]
fn camthanh_list_has_its_committee_domain_and_former_units() {
    let v = json(&["checklist", PLAN, "--unit", "camthanh", "--format", "json"]);
    let g = &v["groups"][0];
    assert_eq!(g["title"], "UBND Phường Cẩm Thành");
    assert_eq!(g["key"], "camthanh");
    let facts: Vec<&str> = g["facts"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert!(facts.contains(&"Tên miền: camthanh.quangngai.gov.vn"), "{facts:?}");
    assert!(facts.iter().any(|f| f.contains("Phường Nghĩa Chánh (21019)")), "{facts:?}");
    let items = items_in_order(&v);
    // Its own instances and the plan tasks its committee takes part in,
    // among them section III's III.4.b and III.4.c, and the units' start
    // (units.start) that III.4.c counts from.
    assert_eq!(items.len(), 31);
    let domain = items.iter().find(|i| i["task"] == "portal.domain").unwrap();
    assert_eq!(domain["instance"], "portal.domain@camthanh");
    assert_eq!(domain["steps"][0], "Cấp tên miền camthanh.quangngai.gov.vn cho Phường Cẩm Thành");
    assert_eq!(domain["role"], "support");
    // Its own instances of unit tasks, and plan tasks its committee takes part in.
    assert!(items.iter().any(|i| i["instance"] == "email.list@camthanh" && i["role"] == "lead"));
    assert!(items.iter().any(|i| i["instance"] == "tthc.units" && i["units"].is_null()));
    assert!(!items.iter().any(|i| i["task"] == "lgsp.codes.plan"), "a plan task without the committee is not in its list");
    insta::assert_snapshot!("camthanh_markdown", ok_stdout(&["checklist", PLAN, "--unit", "camthanh", "--format", "markdown"]));
}

#[test]
fn per_unit_org_groups_by_unit_with_the_committee_name() {
    let v = json(&["checklist", PLAN, "--org", "ubnd-xa", "--format", "json"]);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 96);
    assert_eq!(groups[0]["title"], "UBND Phường Cẩm Thành");
    // The JSON is written in batches of ~256 items that run across groups:
    // each commune's items stay under its own group, none lost.
    let mut total = 0;
    for g in groups {
        let items = g["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{}", g["key"]);
        let at = format!("@{}", g["key"].as_str().unwrap());
        let instances: Vec<&str> = items.iter().map(|i| i["instance"].as_str().unwrap()).collect();
        // The commune's own instances, and tasks of the whole plan (no `@`).
        assert!(instances.iter().all(|i| i.ends_with(&at) || !i.contains('@')), "{}: {instances:?}", g["key"]);
        total += items.len();
    }
    assert!(total > 2 * 256, "enough items for batches that run across groups: {total}");
    let csv = ok_stdout(&["checklist", PLAN, "--org", "ubnd-xa", "--format", "csv"]);
    assert_eq!(csv.lines().count() - 1, total, "as many items as the CSV has rows");
    let sonha2 = groups.iter().find(|g| g["key"] == "sonha2").unwrap();
    assert_eq!(sonha2["title"], "UBND Xã Sơn Hạ");
    // Another org's list for one commune names that commune's committee.
    let v = json(&["checklist", PLAN, "--org", "vpubnd", "--unit", "camthanh", "--format", "json"]);
    let items = v["groups"][0]["items"].as_array().unwrap();
    let portal = items.iter().find(|i| i["instance"] == "portal.create@camthanh").unwrap();
    assert!(portal["support"].as_array().unwrap().iter().any(|n| n == "UBND Phường Cẩm Thành"), "{portal}");
}

#[test]
fn cutover_week_run_sheet() {
    let v = json(&["checklist", PLAN, "--by", "day", "--from", "ngày 25/6/2025", "--to", "24:00 30/6/2025", "--format", "json"]);
    let days: Vec<&str> = v["groups"].as_array().unwrap().iter().map(|g| g["key"].as_str().unwrap()).collect();
    // "trước 30/6" is worked on the offices' last working day before it,
    // Friday 27/6 (not Sunday 29/6); the go-lives at 24:00 30/6 on the 30th.
    assert_eq!(days, vec!["2025-06-25", "2025-06-27", "2025-06-30"]);
    let last = &v["groups"][2];
    assert_eq!(last["title"], "Thứ Hai, 30/6/2025");
    let golive = last["items"].as_array().unwrap().iter().find(|i| i["task"] == "tthc.golive").unwrap();
    assert_eq!(golive["due"], "2025-07-01T00:00:00+07:00");
    assert_eq!(golive["after"], serde_json::json!(["tthc.gate"]), "the go-live waits for its decision");
    let gate = last["items"].as_array().unwrap().iter().find(|i| i["task"] == "tthc.gate").unwrap();
    assert_eq!(gate["after"], serde_json::json!(["tthc.trial", "tthc.declare", "tthc.legal", "infra.storage.skhcn", "tthc.stabilize"]));
    let text = ok_stdout(&["checklist", PLAN, "--by", "day", "--from", "ngày 25/6/2025", "--to", "24:00 30/6/2025"]);
    assert!(text.contains("Thứ Tư, 25/6/2025 — 5 việc"), "{text}");
    assert!(text.contains("24:00") && text.contains("cả ngày") && text.contains("Cần xong trước"), "{text}");
}

#[test]
fn csv_reads_back_and_never_starts_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("hostile.toml");
    std::fs::write(
        &plan,
        "[plan]\nid = \"h\"\ntitle = \"H\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n\
         [org.a]\nname = \"=cmd|' /C calc'!A0\"\nshort = \"@evil\"\n\
         [[task]]\nid = \"x\"\ntitle = \"=SUM(A1:A9), \\\"quoted\\\"\\nline two\"\nlead = \"a\"\ndue = \"ngày 25/6/2025\"\nsteps = [\"+1 step\", \"-minus\"]\n",
    )
    .unwrap();
    let out = dir.path().join("out.csv");
    let o = cutover(&["checklist", plan.to_str().unwrap(), "--format", "csv", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty(), "-o writes the file, not stdout");
    let mut rdr = csv::Reader::from_path(&out).unwrap();
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "group");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    let get = |name: &str| rows[0][headers.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(get("title"), "'=SUM(A1:A9), \"quoted\"\nline two");
    assert_eq!(get("steps"), "'+1 step | -minus");
    assert_eq!(get("group_title"), "'=cmd|' /C calc'!A0 (@evil)");
    assert_eq!(get("due_at"), "2025-06-26T00:00:00+07:00");
    for r in &rows {
        for cell in r.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?} would run as a formula");
        }
    }
    // Only the output file is left: the atomic write cleans up.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn every_format_of_the_whole_plan_parses_or_renders() {
    let v = json(&["checklist", PLAN, "--format", "json"]);
    assert!(v["groups"].as_array().unwrap().len() > 96);
    let csv_text = ok_stdout(&["checklist", PLAN, "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let n = rdr.records().map(|r| r.unwrap()).count();
    let items: usize = v["groups"].as_array().unwrap().iter().map(|g| g["items"].as_array().unwrap().len()).sum();
    assert_eq!(n, items);
    let md = ok_stdout(&["checklist", PLAN, "--format", "markdown"]);
    assert!(md.starts_with("# Danh sách việc cần làm — "));
    let tasks = md.lines().filter(|l| l.starts_with("- [ ] **")).count();
    assert_eq!(tasks, items, "every item is one task-list line");
    // With no filter, a line per list and the flag for the rest …
    let text = ok_stdout(&["checklist", PLAN]);
    assert!(text.contains(&format!("{} danh sách, {items} việc\n", v["groups"].as_array().unwrap().len())), "{text}");
    assert!(text.contains("\n  Sở Khoa học và Công nghệ (SKHCN) — 50 việc; tiếp theo: trước 15/6/2025 (lgsp.codes.plan)\n"), "{text}");
    assert!(text.ends_with("Danh sách đầy đủ: thêm --all; một danh sách: --org ID, --unit ID hoặc --system ID; theo ngày: --by day.\n"));
    assert!(text.lines().count() < 120, "a summary, not the lists");
    // … and every list in full with --all.
    let full = ok_stdout(&["checklist", PLAN, "--all"]);
    assert!(full.starts_with("Sở Khoa học và Công nghệ (SKHCN) — 50 việc"), "{}", &full[..full.len().min(3000)]);
    assert!(full.lines().count() > 10 * text.lines().count());
}

#[test]
fn unknown_ids_get_a_did_you_mean() {
    let o = cutover(&["checklist", PLAN, "--unit", "camtanh", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `camthanh`?"));
    let o = cutover(&["checklist", PLAN, "--org", "skhnc", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `skhcn`?"));
    let o = cutover(&["checklist", PLAN, "--from", "31/6/2025", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("day 31 does not exist in June 2025"));
}
