//! The command line as its documentation: each test runs one command and
//! asserts what it prints on both streams, in full, and how it exits.

use crate::test::{SHIPPED, Test, scratch};

#[test]
fn version() {
    Test::new().arg("--version").stdout("cutover 0.1.0\n").stderr("").status(0).run();
}

#[test]
fn a_clean_plan_says_so_on_stderr_and_exits_0() {
    Test::new()
        .args(["check", "examples/minimal.toml"])
        .stdout("")
        .stderr("0 errors, 0 warnings in examples/minimal.toml — 6 tasks, 7 instances\n")
        .status(0)
        .run();
}

#[test]
fn a_missing_file_could_not_be_checked_exit_2() {
    Test::new().args(["check", "nosuch.toml"]).stdout("").stderr("error: cannot read `nosuch.toml`: no such file\n").status(2).run();
}

#[test]
fn a_go_live_without_a_gate_is_a_warning_with_its_place_and_help() {
    Test::new()
        .args(["check", "examples/errors/gate-missing.toml"])
        .stdout("")
        .stderr(
            r#"warning[gate-missing]: `tthc.golive` (phase cutover) has no go/no-go gate before it
  --> examples/errors/gate-missing.toml:30:1
   |
30 | phase  = "cutover"
   | ^^^^^ goes live undecided
   |
   = help: add a gate (a task with `approvers = ["…"]`) to `tthc.golive`'s `after` chain, or turn the rule off in `[plan]` with `rules = { gate-missing = "off" }`

0 errors, 1 warning in examples/errors/gate-missing.toml
"#,
        )
        .status(0)
        .run();
    // With warnings denied, the same report fails the check.
    Test::new()
        .args(["check", "examples/errors/gate-missing.toml", "--deny", "warnings"])
        .stderr_contains("warning[gate-missing]")
        .status(1)
        .run();
}

#[test]
fn critical_path_of_the_minimal_plan_in_english() {
    Test::new()
        .args(["critical-path", "examples/minimal.toml", "--lang", "en"])
        .stdout(r#"┌───┬───────────────────────┬─────────────────────────────────────────────────────────┬──────────────┬──────────────────┬──────────────────┬──────────────────┬───────┐
│ # ┆ Task                  ┆ Title                                                   ┆ Lead         ┆ Early start      ┆ Early finish     ┆ Due              ┆ Slack │
╞═══╪═══════════════════════╪═════════════════════════════════════════════════════════╪══════════════╪══════════════════╪══════════════════╪══════════════════╪═══════╡
│ 1 ┆ email.trial           ┆ Sao lưu dữ liệu và chạy thử các tài khoản mới           ┆ VP UBND tỉnh ┆ 2025-06-25T00:00 ┆ 2025-06-25T08:00 ┆ on 2025-06-25    ┆  +16h │
│ 2 ┆ email.gate ◆ go/no-go ┆ Quyết định chuyển đổi (go/no-go) Hệ thống Email công vụ ┆ VP UBND tỉnh ┆ 2025-06-30T21:30 ┆ 2025-06-30T22:00 ┆ 2025-06-30T22:00 ┆    0h │
│ 3 ┆ email.golive          ┆ Đưa các tài khoản mới vào hoạt động chính thức          ┆ VP UBND tỉnh ┆ 2025-06-30T22:00 ┆ 2025-06-30T24:00 ┆ 2025-06-30T24:00 ┆    0h │
└───┴───────────────────────┴─────────────────────────────────────────────────────────┴──────────────┴──────────────────┴──────────────────┴──────────────────┴───────┘
Earliest finish: 2025-06-30T24:00
Cutover (T-0): 2025-06-30T24:00
Margin: 0h
"#)
        .stderr("")
        .status(0)
        .run();
}

#[test]
fn a_communes_checklist_as_csv() {
    Test::new()
        .args(["checklist", "examples/minimal.toml", "--format", "csv", "--unit", "camthanh", "--lang", "vi"])
        .stdout(r#"group,group_title,done,due,due_at,task,instance,units,title,role,lead,support,steps,after,source
camthanh,UBND Phường Cẩm Thành,no,trước 24/6/2025,2025-06-24T00:00:00+07:00,email.accounts,email.accounts@camthanh,,Khởi tạo tài khoản Email công vụ cho đơn vị hành chính mới,support,VP UBND tỉnh,,Tạo tài khoản tổ chức | Tạo tài khoản lãnh đạo,email.backup,kh-demo 1.a
camthanh,UBND Phường Cẩm Thành,no,24:00 30/6/2025,2025-07-01T00:00:00+07:00,email.golive,email.golive,,Đưa các tài khoản mới vào hoạt động chính thức,support,VP UBND tỉnh,,,email.gate,kh-demo 1.c
"#)
        .stderr("")
        .status(0)
        .run();
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    Test::new()
        .arg("frobnicate")
        .stdout("")
        .stderr(
            "error: unrecognized subcommand 'frobnicate'\n\nUsage: cutover [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n",
        )
        .status(2)
        .run();
}

#[test]
fn approve_by_an_org_that_is_not_an_approver_writes_nothing() {
    let d = scratch(SHIPPED);
    Test::new()
        .current_dir(d.path())
        .args(["approve", "examples/minimal.toml", "email.gate", "--org", "ubnd-xa", "--at", "2025-06-30T21:00"])
        .stdout("")
        .stderr("error: `ubnd-xa` is not an approver of `email.gate`; its approvers are `vpubnd`; nothing was written\n")
        .status(2)
        .run();
    assert!(!d.path().join("examples/minimal.toml.status.jsonl").exists());
    Test::new()
        .current_dir(d.path())
        .args(["approve", "examples/minimal.toml", "email.gat", "--at", "2025-06-30T21:00"])
        .stderr("error: the plan has no task `email.gat`; did you mean `email.gate`?\n")
        .status(2)
        .run();
}

#[test]
fn approve_records_the_decision_and_says_where_the_gate_stands() {
    let d = scratch(SHIPPED);
    Test::new()
        .current_dir(d.path())
        .args(["approve", "examples/minimal.toml", "email.gate", "--at", "2025-06-30T21:00", "--by", "lan"])
        .stdout("")
        .stderr("recorded go by vpubnd: email.gate at 21:00 30/6/2025 by lan in examples/minimal.toml.status.jsonl\n  email.gate: passed (1/1 go)\n")
        .status(0)
        .run();
    let log = std::fs::read_to_string(d.path().join("examples/minimal.toml.status.jsonl")).unwrap();
    let rec: serde_json::Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    assert_eq!((rec["event"].as_str(), rec["task"].as_str(), rec["org"].as_str()), (Some("approve"), Some("email.gate"), Some("vpubnd")));
    let status = Test::new()
        .current_dir(d.path())
        .args(["status", "examples/minimal.toml", "--now", "2025-06-30T21:30", "--format", "json"])
        .status(0)
        .run()
        .json();
    assert_eq!(status["gates"][0]["state"], "passed");
    assert_eq!(status["gates"][0]["passed_at"], "2025-06-30T21:00:00+07:00");
}

#[test]
fn no_color_and_color_always() {
    // NO_COLOR keeps a terminal plain; `--color always` colours even a pipe.
    let plain = Test::new().args(["critical-path", "examples/minimal.toml"]).env("NO_COLOR", "1").status(0).run();
    assert!(!plain.stdout.contains('\u{1b}'));
    Test::new()
        .args(["--color", "always", "critical-path", "examples/minimal.toml", "--lang", "vi"])
        .stdout_contains("\u{1b}[1m email.gate ◆ go/no-go")
        .stdout_contains("Dự phòng: 0h")
        .status(0)
        .run();
}
