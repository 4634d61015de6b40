//! One mistake, one finding; every readable file reported; a quiet failure
//! that still says what failed.

use crate::test::Test;
use serde_json::Value;

#[test]
fn a_misspelt_or_foreign_key_is_one_finding_with_the_key_it_means() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("typo.toml"),
        "[plan]\nid = \"p\"\ntitel = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n[org.a]\nname = \"A\"\n\
         [[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\ndue = \"1/7/2025\"\ndepends_on = [\"b\"]\ndeadline = \"1/7/2025\"\n\
         [[task]]\nid = \"b\"\ntitle = \"B\"\nowner = \"a\"\ndue = \"1/7/2025\"\n",
    )
    .unwrap();
    let v = Test::new().current_dir(d.path()).args(["check", "typo.toml", "--format", "json"]).status(1).run().json();
    let f: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["help"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        f,
        [
            ("unknown-key".to_string(), "did you mean `title`?".to_string()),
            ("unknown-key".to_string(), "did you mean `after`? (`depends_on` is what other tools call it)".to_string()),
            ("unknown-key".to_string(), "did you mean `due`? (`deadline` is what other tools call it)".to_string()),
            ("unknown-key".to_string(), "did you mean `lead`? (`owner` is what other tools call it)".to_string()),
        ],
        "no `missing-key` beside the key that stands for it: {v:#}"
    );
}

#[test]
fn every_readable_file_is_reported_when_another_is_missing() {
    let d = crate::test::scratch(&["examples/minimal.toml"]);
    let out = Test::new().current_dir(d.path()).args(["check", "examples/minimal.toml", "nosuch.toml", "other.toml"]).status(2).run();
    assert_eq!(
        out.stderr,
        "0 errors, 0 warnings in examples/minimal.toml — 6 tasks, 7 instances\n\
         error: cannot read `nosuch.toml`: no such file\n\
         error: cannot read `other.toml`: no such file\n"
    );
    let out = Test::new().current_dir(d.path()).args(["check", "nosuch.toml"]).status(2).run();
    assert_eq!(out.stderr, "error: cannot read `nosuch.toml`: no such file\n", "said once");
}

#[test]
fn deny_warnings_quiet_says_what_failed_in_one_line() {
    let out = Test::new().args(["check", "plans/quang-ngai-2025.toml", "--deny", "warnings", "--quiet"]).status(1).run();
    assert_eq!(out.stderr, "0 errors, 12 warnings in plans/quang-ngai-2025.toml (46 waived)\n");
    let out = Test::new().args(["check", "plans/quang-ngai-2025.toml", "--quiet"]).status(0).run();
    assert_eq!(out.stderr, "", "quiet and passing: nothing to say");
}

/// Every command a finding's help suggests runs as written: the `overdue`
/// help names the plan, the late instance(s) and the log, and after running
/// them the task is no longer overdue.
#[test]
fn the_commands_help_lines_suggest_run() {
    let d = crate::test::scratch(crate::test::SHIPPED);
    let check = |now: &str| {
        Test::new()
            .current_dir(d.path())
            .args(["check", "plans/quang-ngai-2025.toml", "--now", now, "--status", "night.jsonl", "--format", "json"])
            .status(0)
            .run()
            .json()
    };
    let overdue = |v: &Value| -> Vec<(String, String)> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "overdue")
            .map(|f| (f["task"].as_str().unwrap().to_string(), f["help"].as_str().unwrap().to_string()))
            .collect()
    };
    let late = overdue(&check("2025-06-16T08:00"));
    assert!(!late.is_empty(), "something is overdue on 16/6");
    for (_, h) in &late {
        let cmd = h.split('`').nth(1).unwrap_or_else(|| panic!("no command in {h:?}"));
        let words: Vec<&str> = cmd.split_whitespace().collect();
        assert_eq!(words[0], "cutover", "{h}");
        assert!(words.contains(&"--status") && words.contains(&"night.jsonl"), "the log the check read: {h}");
        Test::new().current_dir(d.path()).args(&words[1..]).env("USER", "tester").status(0).run();
    }
    // The marks are recorded now (no `--at`): as of a later moment, those
    // tasks are done.
    let after = overdue(&check("2099-01-01T00:00"));
    let left: Vec<&String> = late.iter().map(|(t, _)| t).filter(|t| after.iter().any(|(a, _)| a == *t)).collect();
    assert!(left.is_empty(), "still overdue after running the suggested commands: {left:?}");
}
