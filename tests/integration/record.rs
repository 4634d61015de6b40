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
