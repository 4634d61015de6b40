//! `cutover diff`: a plan change as a reviewer reads it.

use crate::test::{Test, root};

/// A scratch copy of the shipped plan (and its units) with `edit` applied
/// to a second copy, `plans/new.toml`.
fn pair(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let d = crate::test::scratch(&["plans/quang-ngai-2025.toml", "plans/units/quang-ngai-2025.toml"]);
    let text = std::fs::read_to_string(root().join("plans/quang-ngai-2025.toml")).unwrap();
    let new = edit(&text);
    assert_ne!(new, text, "the edit changed nothing");
    std::fs::write(d.path().join("plans/new.toml"), new).unwrap();
    d
}

#[test]
fn a_deadline_moved_a_week_later() {
    let d = pair(|t| t.replacen("due     = \"trước ngày 15/6/2025\"", "due     = \"trước ngày 22/6/2025\"", 1));
    let out =
        Test::new().current_dir(d.path()).args(["diff", "plans/quang-ngai-2025.toml", "plans/new.toml", "--lang", "vi"]).status(0).run();
    assert!(
        out.stdout.starts_with("Nhiệm vụ thay đổi (1):\n  ~ lgsp.codes.plan\n      due: trước ngày 15/6/2025 → trước ngày 22/6/2025\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Phát hiện mới (1):\n  cảnh báo[due-on-day-off]: `lgsp.codes.plan` có hạn trước ngày 22/6/2025, nhưng 22/6/2025 là ngày nghỉ (Chủ nhật)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Đường găng: portal.trial → portal.gate → portal.golive (không đổi)\nDự phòng đến T-0: 0h → 0h\n"),
        "{}",
        out.stdout
    );
    let v = Test::new()
        .current_dir(d.path())
        .args(["diff", "plans/quang-ngai-2025.toml", "plans/new.toml", "--format", "json"])
        .status(0)
        .run()
        .json();
    assert_eq!(
        v["changed"][0]["changes"][0],
        serde_json::json!({"field": "due", "old": "trước ngày 15/6/2025", "new": "trước ngày 22/6/2025"})
    );
    assert_eq!(v["before"]["margin_minutes"], 0);
    assert_eq!(v["after"]["margin_minutes"], 0);
    assert_eq!(v["worse"], false);
    let md = Test::new()
        .current_dir(d.path())
        .args(["diff", "plans/quang-ngai-2025.toml", "plans/new.toml", "--format", "markdown", "--lang", "en"])
        .status(0)
        .run()
        .stdout;
    assert!(md.contains("| `lgsp.codes.plan` | due | trước ngày 15/6/2025 | trước ngày 22/6/2025 |"), "{md}");
    assert!(md.contains("| Margin to T-0 | 0h | 0h |"), "{md}");
}

#[test]
fn a_change_that_introduces_an_error_fails() {
    // The trial's window moved after the gate that waits for it: the go-live's pin cannot hold.
    let d = pair(|t| t.replacen("due      = \"ngày 25/6/2025\"", "due      = \"ngày 1/7/2025\"", 1));
    let v = Test::new()
        .current_dir(d.path())
        .args(["diff", "plans/quang-ngai-2025.toml", "plans/new.toml", "--format", "json"])
        .status(1)
        .run()
        .json();
    assert_eq!(v["worse"], true);
    let errors: Vec<&str> =
        v["introduced"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(!errors.is_empty(), "{v:#}");
    // The same plan twice: nothing to say.
    let same = Test::new()
        .current_dir(d.path())
        .args(["diff", "plans/quang-ngai-2025.toml", "plans/quang-ngai-2025.toml", "--lang", "vi"])
        .status(0)
        .run();
    assert!(same.stdout.starts_with("Không có thay đổi nào về nhiệm vụ hay phát hiện.\n"), "{}", same.stdout);
}

#[test]
fn against_a_git_revision() {
    let d = crate::test::scratch(&["plans/quang-ngai-2025.toml", "plans/units/quang-ngai-2025.toml"]);
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.email=t@example.org", "-c", "user.name=t"])
            .args(args)
            .current_dir(d.path())
            .output()
            .expect("git");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "plans"]);
    git(&["commit", "-q", "-m", "plan"]);
    let path = d.path().join("plans/quang-ngai-2025.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("title     = \"Quyết định chuyển đổi (go/no-go) Nền tảng LGSP tỉnh\"", "title     = \"Go/no-go LGSP\"", 1),
    )
    .unwrap();
    let out = Test::new().current_dir(d.path()).args(["diff", "--git", "HEAD", "plans/quang-ngai-2025.toml"]).status(0).run();
    assert!(
        out.stdout.contains("  ~ lgsp.gate\n      title: Quyết định chuyển đổi (go/no-go) Nền tảng LGSP tỉnh → Go/no-go LGSP\n"),
        "{}",
        out.stdout
    );
    let out = Test::new().current_dir(d.path()).args(["diff", "--git", "no-such-rev", "plans/quang-ngai-2025.toml"]).status(2).run();
    assert!(out.stderr.contains("git cannot read revision `no-such-rev`"), "{}", out.stderr);
}
