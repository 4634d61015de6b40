//! `cutover why`: the chain that sets a task's start, what bounds its
//! finish, its slack, and what would change it.

use crate::test::Test;
use serde_json::Value;

const PLAN: &str = "plans/quang-ngai-2025.toml";

#[test]
fn why_the_go_live_is_critical() {
    let out = Test::new().args(["why", PLAN, "qlvb.golive"]).env("CUTOVER_LANG", "vi").status(0).run();
    let text = out.stdout;
    assert!(text.starts_with("qlvb.golive — Sao lưu, đóng gói dữ liệu"), "{text}");
    assert!(text.contains("Dự phòng: 0h (tự do: 0h) — trên đường găng"), "{text}");
    assert!(text.contains("  1. `qlvb.trial` từ thời điểm riêng của nó"), "{text}");
    assert!(text.contains("  2. `qlvb.gate` sau `qlvb.trial` (fs 0h): 19:30 30/6/2025 → 20:00 30/6/2025"), "{text}");
    assert!(text.contains("  3. `qlvb.golive` sau `qlvb.gate` (fs 0h): 20:00 30/6/2025 → 24:00 30/6/2025"), "{text}");
    assert!(text.contains("Xong muộn nhất do: thời điểm ghim `at`, 24:00 30/6/2025"), "{text}");
    assert!(text.contains("Để ra khỏi đường găng: dời thời điểm ghim `at`"), "{text}");
    let en = Test::new().args(["why", PLAN, "qlvb.golive", "--lang", "en"]).status(0).run().stdout;
    assert!(en.contains("Slack: 0h (free: 0h) — critical"), "{en}");
    assert!(en.contains("Its late finish is set by: its pinned instant (`at`), 2025-06-30T24:00"), "{en}");
}

#[test]
fn why_a_task_with_slack_says_how_far_it_may_slip() {
    let v = Test::new().args(["why", PLAN, "lgsp.codes.plan", "--format", "json"]).status(0).run().json();
    assert_eq!(v["critical"], false);
    assert_eq!(v["bound"]["kind"], "due");
    assert_eq!(v["bound"]["at"], "2025-06-15T00:00:00+07:00");
    assert_eq!(v["slip_to_critical_minutes"], v["slack_minutes"]);
    assert_eq!(v["chain"][0]["start"], "plan-start");
    let text = Test::new().args(["why", PLAN, "lgsp.codes.plan"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert!(text.contains("Để thành găng: trễ thêm 3d (xong sau 24:00 14/6/2025)"), "{text}");
    let out = Test::new().args(["why", PLAN, "lgsp.codes.plam"]).status(2).run();
    assert!(out.stderr.contains("lgsp.codes.plan"), "did you mean: {}", out.stderr);
}

/// `why TASK --format json` says `critical` exactly where `critical-path
/// --all` does, for every task of the shipped plan.
#[test]
fn why_and_critical_path_agree_on_every_task() {
    let all = Test::new().args(["critical-path", PLAN, "--all", "--format", "json"]).status(0).run().json();
    let tasks = all["tasks"].as_array().unwrap();
    assert!(tasks.len() > 70);
    let mut critical = 0;
    for t in tasks {
        let name = t["task"].as_str().unwrap();
        let v: Value = Test::new().args(["why", PLAN, name, "--format", "json"]).status(0).run().json();
        assert_eq!(v["critical"], t["critical"], "{name}");
        assert_eq!(v["slack_minutes"], t["slack_minutes"], "{name}");
        assert_eq!(v["chain"].as_array().unwrap().last().unwrap()["task"], v["instance"], "{name}: the chain ends at it");
        critical += (t["critical"] == true) as usize;
    }
    assert!(critical >= 3, "the go-lives and their gates are critical");
}
