//! Recording, as `cutover mark` and `cutover approve` share it with the
//! server (`crate::night::record`): ids resolved with the closest one named
//! when unknown, nothing written on a refusal.

use crate::test::{SHIPPED, Test, scratch};

/// `emial.list@camthanh`: the task before the `@` is misspelt; the error
/// names the closest task, and nothing is written.
#[test]
fn a_misspelt_task_of_an_instance_gets_the_closest_task() {
    let d = scratch(SHIPPED);
    let log = d.path().join("night.jsonl");
    let out = Test::new()
        .current_dir(d.path())
        .args(["mark", "plans/quang-ngai-2025.toml", "emial.list@camthanh", "--done", "--status"])
        .arg(&log)
        .status(2)
        .run();
    assert!(out.stderr.contains("the plan has no task `emial.list`; did you mean `email.list`?"), "{}", out.stderr);
    assert!(!log.exists(), "nothing is written");
}

/// What the recording library refuses, as `mark` and `approve` say it: a
/// gate marked done, a gate with several approvers and none named, a task
/// that is not a gate, an approver the plan does not have. Nothing is
/// written in any case.
#[test]
fn mark_and_approve_refuse_and_write_nothing() {
    let d = scratch(SHIPPED);
    let log = d.path().join("night.jsonl");
    let plan = "plans/quang-ngai-2025.toml";
    let refused = |args: &[&str], says: &str| {
        let out = Test::new().current_dir(d.path()).args(args).arg("--status").arg(&log).status(2).run();
        assert!(out.stderr.contains(says), "{}", out.stderr);
        assert!(!log.exists(), "nothing is written: {args:?}");
    };
    refused(
        &["mark", plan, "tthc.gate", "--done"],
        "`tthc.gate` is a go/no-go gate: it passes when its approvers decide (`cutover approve plans/quang-ngai-2025.toml tthc.gate --org ID`); nothing was written",
    );
    refused(
        &["approve", plan, "tthc.gate"],
        "`tthc.gate` has 2 approvers: say which decides with --org (skhcn, vpubnd); nothing was written",
    );
    refused(&["approve", plan, "lgsp.backup"], "`lgsp.backup` is not a go/no-go gate; its gates are `lgsp.gate`, `tthc.gate`");
    refused(&["approve", plan, "tthc.gate", "--org", "skhcm"], "the plan has no org `skhcm`; did you mean `skhcn`?; nothing was written");
    refused(&["mark", plan, "email.list@camthanh", "--start", "--at", "2099-01-01T00:00"], "is after the present time");
}

/// A log named without a directory is created (and its directory, the
/// current one, synced) beside where the command runs; the next mark
/// appends to it.
#[test]
fn a_new_log_in_the_current_directory_is_created_and_appended_to() {
    let d = scratch(SHIPPED);
    for event in ["--start", "--done"] {
        Test::new()
            .current_dir(d.path())
            .args(["mark", "plans/quang-ngai-2025.toml", "email.list@camthanh", event, "--at", "2025-06-20T15:00"])
            .args(["--status", "night.jsonl"])
            .status(0)
            .run();
    }
    let log = std::fs::read_to_string(d.path().join("night.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(log.contains("\"event\":\"start\"") && log.contains("\"event\":\"done\""), "{log}");
}
