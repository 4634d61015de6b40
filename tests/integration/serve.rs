//! `cutover token` and `cutover serve`, as people use them: tokens made and
//! revoked through the binary, and a running server asked over HTTP by a
//! real client.

use crate::test::{Test, scratch};
use std::path::Path;

const PLAN: &str = "plans/quang-ngai-2025.toml";

/// A scratch copy of the shipped plans.
fn plans() -> tempfile::TempDir {
    scratch(&["plans/quang-ngai-2025.toml", "plans/units/quang-ngai-2025.toml"])
}

/// `cutover token add`: the token, alone on stdout's last line.
fn add_token(dir: &Path, scope: &[&str]) -> String {
    let out = Test::new().current_dir(dir).args(["token", "add", PLAN]).args(scope).status(0).run();
    let token = out.stdout.lines().last().unwrap().to_string();
    assert!(token.starts_with("cut_"), "{}", out.stdout);
    token
}

#[test]
fn token_add_stores_only_a_hash_in_a_private_file_and_list_and_revoke_work() {
    let d = plans();
    let token = add_token(d.path(), &["--unit", "camthanh", "--label", "Cẩm Thành"]);
    let file = d.path().join("plans/quang-ngai-2025.toml.tokens");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains(&token), "the token itself is never stored");
    let secret = token.rsplit('_').next().unwrap();
    assert!(!text.contains(secret));
    assert!(text.contains("$argon2id$"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let id = token.split('_').nth(1).unwrap().to_string();
    let list = Test::new().current_dir(d.path()).args(["token", "list", PLAN]).status(0).run();
    assert!(list.stdout.contains(&id) && list.stdout.contains("unit camthanh") && list.stdout.contains("Cẩm Thành"), "{}", list.stdout);
    assert!(!list.stdout.contains(secret));
    let json = Test::new().current_dir(d.path()).args(["token", "list", PLAN, "--format", "json"]).status(0).run().json();
    assert_eq!(json[0]["scope"]["unit"], "camthanh");
    assert!(json[0].get("hash").is_none());

    // An org or unit the plan does not have: refused with the closest id, nothing written.
    Test::new()
        .current_dir(d.path())
        .args(["token", "add", PLAN, "--unit", "camthan"])
        .status(2)
        .stderr_contains("did you mean `camthanh`?")
        .run();
    Test::new().current_dir(d.path()).args(["token", "add", PLAN, "--org", "skhcm"]).status(2).stderr_contains("`skhcn`").run();
    Test::new().current_dir(d.path()).args(["token", "add", PLAN]).status(2).run();
    // A tokens file that is the plan: refused.
    Test::new()
        .current_dir(d.path())
        .args(["token", "add", PLAN, "--coordinator", "--tokens", PLAN])
        .status(2)
        .stderr_contains("is a file of the plan")
        .run();

    Test::new().current_dir(d.path()).args(["token", "revoke", PLAN, "nosuchid"]).status(2).stderr_contains("there is no token").run();
    Test::new().current_dir(d.path()).args(["token", "revoke", PLAN, &id]).status(0).stderr_contains("revoked token").run();
    let list = Test::new().current_dir(d.path()).args(["token", "list", PLAN]).status(0).run();
    assert!(!list.stdout.contains(&id), "{}", list.stdout);
}
