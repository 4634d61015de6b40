//! The words the findings report, the status log reader and the commands
//! add: Vietnamese by default, English with `CUTOVER_LANG=en`.

use crate::test::{Test, scratch};

#[test]
fn the_summary_line_in_both_languages() {
    Test::new()
        .args(["check", "examples/minimal.toml"])
        .env("CUTOVER_LANG", "vi")
        .stderr("0 lỗi, 0 cảnh báo trong examples/minimal.toml — 6 nhiệm vụ, 7 lượt\n")
        .run();
    Test::new()
        .args(["check", "examples/minimal.toml"])
        .env("CUTOVER_LANG", "en")
        .stderr("0 errors, 0 warnings in examples/minimal.toml — 6 tasks, 7 instances\n")
        .run();
}

#[test]
fn severities_help_and_summary_of_findings_in_vietnamese() {
    let plan = ["check", "examples/errors/unknown-key.toml"];
    let vi = Test::new().args(plan).env("CUTOVER_LANG", "vi").status(1).run().stderr;
    assert!(vi.contains("lỗi[unknown-key]: "), "{vi}");
    assert!(vi.contains("cảnh báo[missing-deadline]: "), "{vi}");
    assert!(vi.contains("   = gợi ý: "), "{vi}");
    assert!(vi.ends_with("1 lỗi, 1 cảnh báo trong examples/errors/unknown-key.toml\n"), "{vi}");
    assert!(!vi.contains("error[") && !vi.contains("help:"), "{vi}");
    let en = Test::new().args(plan).env("CUTOVER_LANG", "en").status(1).run().stderr;
    assert!(en.contains("error[unknown-key]: ") && en.contains("warning[missing-deadline]: "), "{en}");
    assert!(en.contains("   = help: "), "{en}");
    assert!(en.ends_with("1 error, 1 warning in examples/errors/unknown-key.toml\n"), "{en}");
}

#[test]
fn several_plans_total_in_vietnamese() {
    Test::new()
        .args(["check", "examples/minimal.toml", "examples/errors/unknown-key.toml"])
        .env("CUTOVER_LANG", "vi")
        .status(1)
        .stderr_contains("\ntổng: 1 lỗi, 1 cảnh báo trong 2 kế hoạch\n")
        .run();
}

#[test]
fn github_annotations_say_help_in_the_language() {
    let args = ["check", "examples/errors/unknown-key.toml", "--format", "github"];
    let vi = Test::new().args(args).env("CUTOVER_LANG", "vi").status(1).run().stdout;
    assert!(vi.contains("::error ") && vi.contains("%0Agợi ý: "), "{vi}");
    let en = Test::new().args(args).env("CUTOVER_LANG", "en").status(1).run().stdout;
    assert!(en.contains("%0Ahelp: "), "{en}");
}

#[test]
fn an_unknown_id_is_an_error_in_vietnamese() {
    let d = scratch(&["examples/minimal.toml"]);
    let args = ["mark", "examples/minimal.toml", "email.acounts", "--done"];
    Test::new()
        .current_dir(d.path())
        .args(args)
        .env("CUTOVER_LANG", "vi")
        .status(2)
        .stderr("lỗi: kế hoạch không có nhiệm vụ `email.acounts`; có phải ý bạn là `email.accounts`?\n")
        .run();
    Test::new()
        .current_dir(d.path())
        .args(args)
        .env("CUTOVER_LANG", "en")
        .status(2)
        .stderr("error: the plan has no task `email.acounts`; did you mean `email.accounts`?\n")
        .run();
    assert!(!d.path().join("examples/minimal.toml.status.jsonl").exists(), "nothing was written");
}

#[test]
fn status_log_warnings_and_the_recorded_line_in_vietnamese() {
    let d = scratch(&["examples/minimal.toml"]);
    std::fs::write(d.path().join("examples/minimal.toml.status.jsonl"), "not json\n").unwrap();
    let out = Test::new()
        .current_dir(d.path())
        .args(["mark", "examples/minimal.toml", "email.backup", "--start", "--at", "2025-06-20T08:00:00+07:00", "--by", "lan"])
        .env("CUTOVER_LANG", "vi")
        .run();
    let err = out.stderr;
    assert!(err.contains("cảnh báo: examples/minimal.toml.status.jsonl: dòng 1 không phải bản ghi trạng thái ("), "{err}");
    assert!(err.contains("; bỏ qua\n"), "{err}");
    assert!(err.contains("đã ghi bắt đầu: email.backup lúc "), "{err}");
}
