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
pub fn add_token(dir: &Path, scope: &[&str]) -> String {
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

/// The instant the servers of these tests take as the present (`--now`).
const NOW: &str = "2025-06-20T15:00";

/// A running `cutover serve`, killed when dropped.
pub struct Server {
    child: std::process::Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `cutover serve PLAN --listen 127.0.0.1:0 ARGS…` in `dir`, with
    /// `CUTOVER_LANG` set to `lang` (none: the default, Vietnamese); the
    /// address is read from its first line, which is returned too.
    pub fn spawn(dir: &Path, args: &[&str], lang: Option<&str>) -> (Server, String) {
        use std::io::BufRead;
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cutover"));
        cmd.args(["serve", PLAN, "--listen", "127.0.0.1:0"]).args(args).current_dir(dir).env_remove("CUTOVER_LANG");
        if let Some(l) = lang {
            cmd.env("CUTOVER_LANG", l);
        }
        let mut child = cmd
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("start cutover serve");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line.trim().rsplit(' ').next().unwrap_or("").trim_end_matches('/').to_string();
        let server = Server { child, base };
        assert!(server.base.starts_with("http://127.0.0.1:"), "first line: {line:?}");
        (server, line)
    }

    /// `cutover serve PLAN --listen 127.0.0.1:0 --now NOW` in `dir`, in English.
    fn start(dir: &Path, extra: &[&str]) -> Server {
        let (server, line) = Server::spawn(dir, &[&["--now", NOW], extra].concat(), Some("en"));
        assert!(line.starts_with("cutover serve listening on http://127.0.0.1:"), "first line: {line:?}");
        server
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A client that reports every status (4xx included) and follows no redirect.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).max_redirects_will_error(false).build().into()
}

/// An answer: status, headers we look at, body.
pub struct Got {
    pub status: u16,
    location: Option<String>,
    cookie: Option<String>,
    pub body: String,
}

impl Got {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn got(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Got {
    let mut r = r.expect("an HTTP answer");
    let h = |name: &str| r.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (location, cookie) = (h("location"), h("set-cookie"));
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().unwrap();
    Got { status, location, cookie, body }
}

fn get(url: &str, token: Option<&str>) -> Got {
    let mut req = agent().get(url);
    if let Some(t) = token {
        req = req.header("Authorization", format!("Bearer {t}"));
    }
    got(req.call())
}

pub fn post_json(url: &str, token: Option<&str>, body: &str) -> Got {
    let mut req = agent().post(url).header("Content-Type", "application/json");
    if let Some(t) = token {
        req = req.header("Authorization", format!("Bearer {t}"));
    }
    got(req.send(body))
}

/// The status log (beside the plan, as `cutover mark` writes it).
pub fn log(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("plans/quang-ngai-2025.toml.status.jsonl")).unwrap_or_default()
}

fn status_json(dir: &Path) -> serde_json::Value {
    Test::new().current_dir(dir).args(["status", PLAN, "--now", NOW, "--format", "json"]).status(0).run().json()
}

#[test]
fn a_commune_token_marks_its_own_instance_through_the_api_and_nothing_else() {
    let d = plans();
    let token = add_token(d.path(), &["--unit", "camthanh", "--label", "Cẩm Thành trực"]);
    let s = Server::start(d.path(), &[]);

    let r = post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "email.list@camthanh", "event": "done", "note": "đủ danh sách"}"#);
    assert_eq!(r.status, 201, "{}", r.body);
    let rec = &r.json()["recorded"][0];
    assert_eq!(rec["task"], "email.list@camthanh");
    assert_eq!(rec["event"], "done");
    assert_eq!(rec["by"], "Cẩm Thành trực");
    assert_eq!(rec["at"], "2025-06-20T15:00:00+07:00");
    let after = log(d.path());
    assert_eq!(after.lines().count(), 1, "{after}");
    assert!(after.contains("\"task\":\"email.list@camthanh\""), "{after}");
    let st = status_json(d.path());
    assert_eq!(st["done"], 1);
    let camthanh = st["units"].as_array().unwrap().iter().find(|u| u["unit"] == "camthanh").unwrap().clone();
    assert_eq!(camthanh["done"], 1, "{camthanh}");

    // Refusals write nothing.
    let refused = [
        // Another commune's instance.
        (
            post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "email.list@binhson", "event": "done"}"#),
            403,
            "may not record `email.list@binhson`",
        ),
        // Every commune's at once.
        (post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "email.list@all", "event": "start"}"#), 403, "may not record"),
        // No token; a wrong one of the right shape; a malformed one.
        (post_json(&s.url("/api/mark"), None, r#"{"id": "email.list@camthanh", "event": "done"}"#), 401, "Bearer"),
        (
            post_json(
                &s.url("/api/mark"),
                // Its last character changed (to one it is not: a token
                // ending in `0` made this the right token, one run in 16).
                Some(&format!("{}{}", &token[..token.len() - 1], if token.ends_with('0') { '1' } else { '0' })),
                r#"{"id": "email.list@camthanh", "event": "done"}"#,
            ),
            401,
            "not valid",
        ),
        (post_json(&s.url("/api/mark"), Some("hunter2"), r#"{"id": "email.list@camthanh", "event": "done"}"#), 401, "not valid"),
        // An unknown id, with the closest one.
        (post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "email.list@camthan", "event": "done"}"#), 400, "did you mean `camthanh`?"),
        (
            post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "lgsp.codes.pln", "event": "done"}"#),
            400,
            "did you mean `lgsp.codes.plan`?",
        ),
        // A bad body, a bad event, a block without a reason, an unknown field.
        (post_json(&s.url("/api/mark"), Some(&token), "{not json"), 400, "request body"),
        (post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "email.list@camthanh", "event": "finish"}"#), 400, "not an event"),
        (post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "email.list@camthanh", "event": "block"}"#), 400, "needs a reason"),
        (
            post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "email.list@camthanh", "event": "done", "by": "x"}"#),
            400,
            "unknown field",
        ),
        // A time after the present.
        (
            post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "email.list@camthanh", "event": "done", "at": "2025-06-22T15:00"}"#),
            400,
            "after the present time",
        ),
        // A commune decides on no gate.
        (post_json(&s.url("/api/approve"), Some(&token), r#"{"gate": "lgsp.gate", "decision": "go"}"#), 403, "may not decide for `skhcn`"),
    ];
    for (r, status, text) in refused {
        assert_eq!(r.status, status, "{}", r.body);
        let e = r.json();
        assert!(e["error"].as_str().unwrap().contains(text), "{text:?} not in {e}");
    }
    // A body over the bound.
    let big = format!(r#"{{"id": "email.list@camthanh", "event": "done", "note": "{}"}}"#, "x".repeat(20_000));
    let r = post_json(&s.url("/api/mark"), Some(&token), &big);
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(r.json()["error"].is_string());
    assert_eq!(log(d.path()), after, "a refused request wrote to the log");
}

#[test]
fn gates_are_decided_by_their_approvers_and_revoked_tokens_are_refused() {
    let d = plans();
    let skhcn = add_token(d.path(), &["--org", "skhcn"]);
    let vnpt = add_token(d.path(), &["--org", "vnpt", "--label", "VNPT"]);
    let s = Server::start(d.path(), &[]);
    let r = post_json(&s.url("/api/approve"), Some(&skhcn), r#"{"gate": "lgsp.gate", "decision": "go"}"#);
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.json()["recorded"][0]["org"], "skhcn");
    let r = post_json(&s.url("/api/approve"), Some(&vnpt), r#"{"gate": "lgsp.gate", "decision": "go"}"#);
    assert_eq!(r.status, 403, "{}", r.body);
    let r = post_json(&s.url("/api/approve"), Some(&vnpt), r#"{"gate": "lgsp.gate", "decision": "go", "org": "skhcn"}"#);
    assert_eq!(r.status, 403, "{}", r.body);
    let r = post_json(&s.url("/api/approve"), Some(&skhcn), r#"{"gate": "lgsp.gate", "decision": "no-go"}"#);
    assert_eq!(r.status, 400, "{}", r.body);
    let r = post_json(&s.url("/api/approve"), Some(&skhcn), r#"{"gate": "lgsp.gat", "decision": "go"}"#);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("did you mean `lgsp.gate`?"), "{}", r.body);
    // A gate is passed by its approvers, not marked done.
    let r = post_json(&s.url("/api/mark"), Some(&skhcn), r#"{"id": "lgsp.gate", "event": "done"}"#);
    assert_eq!(r.status, 400, "{}", r.body);
    let st = get(&s.url("/api/status"), Some(&skhcn)).json();
    let gate = st["gates"].as_array().unwrap().iter().find(|g| g["gate"] == "lgsp.gate").unwrap().clone();
    assert_eq!(gate["state"], "passed", "{gate}");

    // Revoked: refused from the next request on.
    let id = vnpt.split('_').nth(1).unwrap();
    Test::new().current_dir(d.path()).args(["token", "revoke", PLAN, id]).status(0).run();
    assert_eq!(get(&s.url("/api/status"), Some(&vnpt)).status, 401);
    assert_eq!(get(&s.url("/api/status"), Some(&skhcn)).status, 200);
}

#[test]
fn api_status_and_next_are_the_json_of_the_cli() {
    let d = plans();
    let token = add_token(d.path(), &["--coordinator"]);
    let s = Server::start(d.path(), &[]);
    // Done before what it follows: recorded, with the warning `cutover mark` gives.
    let r = post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "email.accounts.leaders@camthanh", "event": "done"}"#);
    assert_eq!(r.status, 201, "{}", r.body);
    let w = r.json()["warnings"].to_string();
    assert!(w.contains("email.accounts.leaders@camthanh is marked done before email.list@camthanh (recorded anyway)"), "{w}");
    for body in [
        r#"{"id": "email.list@all", "event": "done"}"#,
        r#"{"id": "lgsp.codes.plan", "event": "start"}"#,
        r#"{"id": "portal.domain@camthanh", "event": "block", "reason": "chờ VNPT"}"#,
    ] {
        let r = post_json(&s.url("/api/mark"), Some(&token), body);
        assert_eq!(r.status, 201, "{}", r.body);
    }
    assert_eq!(get(&s.url("/api/status"), Some(&token)).json(), status_json(d.path()));
    // `cutover mark` beside the server: the same log, seen on the next request.
    let before = log(d.path()).lines().count();
    Test::new().current_dir(d.path()).args(["mark", PLAN, "tthc.staff-list@camthanh", "--done", "--at", NOW]).status(0).run();
    let st = get(&s.url("/api/status"), Some(&token)).json();
    assert_eq!(st, status_json(d.path()));
    assert_eq!(log(d.path()).lines().count(), before + 1);
    assert_eq!(st["units"].as_array().unwrap().iter().find(|u| u["unit"] == "camthanh").unwrap()["done"], 3, "{st}");
    let cli = Test::new()
        .current_dir(d.path())
        .args(["next", PLAN, "--now", NOW, "--unit", "camthanh", "--hours", "48", "--format", "json"])
        .status(0)
        .run();
    assert_eq!(get(&s.url("/api/next?unit=camthanh&hours=48"), Some(&token)).json(), cli.json());
    let cli = Test::new().current_dir(d.path()).args(["next", PLAN, "--now", NOW, "--org", "skhcn", "--format", "json"]).status(0).run();
    assert_eq!(get(&s.url("/api/next?org=skhcn"), Some(&token)).json(), cli.json());
    let r = get(&s.url("/api/next?unit=camthan"), Some(&token));
    assert_eq!(r.status, 400);
    assert!(r.body.contains("did you mean `camthanh`?"), "{}", r.body);

    // Without a token the board and the API are closed, unless --public-board.
    assert_eq!(get(&s.url("/api/status"), None).status, 401);
    let page = get(&s.url("/"), None);
    assert_eq!(page.status, 401);
    assert!(page.body.contains("name=\"token\""), "a login form: {}", page.body);
    drop(s);
    let s = Server::start(d.path(), &["--public-board"]);
    assert_eq!(get(&s.url("/api/status"), None).status, 200);
    let page = get(&s.url("/"), None);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("http-equiv=\"refresh\""), "it refreshes itself without JavaScript");
}

/// Logs in with a token: the session cookie.
fn login(s: &Server, token: &str) -> String {
    let r = got(agent().post(&s.url("/login")).send_form([("token", token), ("next", "/unit/camthanh")]));
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location.as_deref(), Some("/unit/camthanh"));
    let cookie = r.cookie.expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    cookie.split(';').next().unwrap().to_string()
}

fn page(s: &Server, path: &str, cookie: &str) -> Got {
    got(agent().get(&s.url(path)).header("Cookie", cookie).call())
}

fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a form with a CSRF token") + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

#[test]
fn a_commune_marks_from_its_page_with_the_form_and_its_csrf_token() {
    let d = plans();
    let token = add_token(d.path(), &["--unit", "camthanh"]);
    let s = Server::start(d.path(), &[]);
    let cookie = login(&s, &token);
    let p = page(&s, "/unit/camthanh", &cookie);
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("email.list@camthanh"), "{}", p.body);
    assert!(p.body.contains("lang=\"vi\""), "Vietnamese by default");
    assert!(page(&s, "/unit/camthanh?lang=en", &cookie).body.contains("The day&#39;s checklist"));
    let csrf = csrf_of(&p.body);

    let form = |csrf: &str, cookie: Option<&str>, id: &str| {
        let mut req = agent().post(&s.url("/form/mark"));
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        got(req.send_form([("csrf", csrf), ("id", id), ("event", "done"), ("back", "/unit/camthanh")]))
    };
    // Without the session's CSRF token, without a session, on another commune's item: nothing written.
    assert_eq!(form("0000", Some(&cookie), "email.list@camthanh").status, 403);
    assert_eq!(form(&csrf, None, "email.list@camthanh").status, 401);
    let other = form(&csrf, Some(&cookie), "email.list@binhson");
    assert_eq!(other.status, 403);
    assert!(other.body.contains("email.list@binhson"), "{}", other.body);
    assert_eq!(log(d.path()), "");

    let r = form(&csrf, Some(&cookie), "email.list@camthanh");
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location.as_deref(), Some("/unit/camthanh"));
    let l = log(d.path());
    assert_eq!(l.lines().count(), 1);
    assert!(l.contains("\"event\":\"done\",\"task\":\"email.list@camthanh\""), "{l}");
    assert!(l.contains("\"by\":\"unit camthanh\""), "{l}");
    let p = page(&s, "/unit/camthanh?lang=en", &cookie);
    assert!(p.body.contains("done (2025-06-20T15:00)"), "{}", p.body);
}

#[test]
fn what_a_token_records_is_shown_escaped() {
    let d = plans();
    let token = add_token(d.path(), &["--unit", "camthanh", "--label", "<img src=x onerror=alert(2)>"]);
    let s = Server::start(d.path(), &[]);
    let reason = r#"<script>alert(1)</script> & "quoted" 'single'"#;
    let body = serde_json::json!({"id": "portal.domain@camthanh", "event": "block", "reason": reason}).to_string();
    let r = post_json(&s.url("/api/mark"), Some(&token), &body);
    assert_eq!(r.status, 201, "{}", r.body);
    let cookie = login(&s, &token);
    for path in ["/", "/unit/camthanh", "/org/skhcn"] {
        let p = page(&s, path, &cookie);
        assert_eq!(p.status, 200, "{path}: {}", p.body);
        assert!(!p.body.contains("<script>alert(1)"), "{path}: a reason became markup");
        assert!(!p.body.contains("<img src=x"), "{path}: a label became markup");
        if path != "/org/skhcn" {
            assert!(
                p.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;"),
                "{path}: {}",
                p.body
            );
        }
    }
    // An id in the path is escaped too.
    let p = page(&s, "/unit/%3Cscript%3E", &cookie);
    assert_eq!(p.status, 404);
    assert!(!p.body.contains("<script>"), "{}", p.body);
}

/// Polls `url` until its body satisfies `ok` (at most ten seconds).
fn eventually(url: &str, ok: impl Fn(&str) -> bool) -> String {
    let mut body = String::new();
    for _ in 0..50 {
        body = get(url, None).body;
        if ok(&body) {
            return body;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    panic!("never came:\n{body}");
}

#[test]
fn a_plan_edit_is_served_and_a_broken_one_keeps_the_last_good_plan() {
    let d = plans();
    let s = Server::start(d.path(), &["--public-board"]);
    let path = d.path().join(PLAN);
    let good = std::fs::read_to_string(&path).unwrap();
    let total = get(&s.url("/api/status"), None).json()["total"].clone();

    std::fs::write(&path, format!("{good}\n[[task]\n")).unwrap();
    let board = eventually(&s.url("/"), |b| b.contains("<div class=\"banner\">"));
    assert!(board.contains("T-10 ngày 09:00"), "the last good plan is still served");
    let st = get(&s.url("/api/status"), None);
    assert_eq!(st.status, 200);
    assert_eq!(st.json()["total"], total);

    let edited = good.replacen("title    = \"Triển khai", "title    = \"Bản sửa: Triển khai", 1);
    assert_ne!(edited, good);
    std::fs::write(&path, edited).unwrap();
    let board = eventually(&s.url("/"), |b| b.contains("Bản sửa: Triển khai"));
    assert!(!board.contains("<div class=\"banner\">"), "{board}");
}

/// The API warns as `cutover mark` does: a start ahead of a pinned
/// instant, and ahead of the gate before it (recorded all the same).
#[test]
fn a_mark_answers_with_the_warnings_of_cutover_mark() {
    let d = plans();
    let token = add_token(d.path(), &["--coordinator"]);
    let s = Server::start(d.path(), &[]);
    let r = post_json(&s.url("/api/mark"), Some(&token), r#"{"id": "qlvb.golive", "event": "start"}"#);
    assert_eq!(r.status, 201, "{}", r.body);
    let warnings = r.json()["warnings"].to_string();
    assert!(warnings.contains("qlvb.golive is pinned to 2025-06-30T24:00: it starts at 2025-06-30T20:00"), "{warnings}");
    assert!(warnings.contains("qlvb.gate"), "the gate before it: {warnings}");
    assert!(log(d.path()).contains("\"task\":\"qlvb.golive\""), "recorded all the same");
}

/// A block may say when it is expected to be resolved (`until`, as `cutover
/// mark --until`): the log keeps it; a time that cannot be read is a 400.
#[test]
fn a_block_may_say_until_when() {
    let d = plans();
    let token = add_token(d.path(), &["--unit", "camthanh"]);
    let s = Server::start(d.path(), &[]);
    let body = r#"{"id": "email.list@camthanh", "event": "block", "reason": "chờ danh sách", "until": "2025-06-20T18:00"}"#;
    let r = post_json(&s.url("/api/mark"), Some(&token), body);
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(log(d.path()).contains("\"until\":\"2025-06-20T18:00:00+07:00\""), "{}", log(d.path()));
    let bad = r#"{"id": "email.list@camthanh", "event": "block", "reason": "x", "until": "31/6/2025"}"#;
    let r = post_json(&s.url("/api/mark"), Some(&token), bad);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.json()["error"].as_str().unwrap().contains("day 31 does not exist in June 2025"), "{}", r.body);
}

/// What the plan says is text too: a plan title and a task title with
/// markup, and a note with markup, are escaped on the board and the pages.
#[test]
fn titles_and_notes_with_markup_are_shown_escaped() {
    let d = plans();
    let path = d.path().join(PLAN);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replacen("title    = \"Triển khai các nhiệm vụ", "title    = \"<b onmouseover=alert(3)>Triển khai</b> các nhiệm vụ", 1)
        .replacen("title   = \"Cung cấp, tổng hợp danh sách", "title   = \"<script>alert(4)</script> Cung cấp, tổng hợp danh sách", 1);
    std::fs::write(&path, text).unwrap();
    let token = add_token(d.path(), &["--unit", "camthanh"]);
    let s = Server::start(d.path(), &["--public-board"]);
    let body = serde_json::json!({"id": "email.list@camthanh", "event": "start", "note": "<iframe src=//x></iframe>"}).to_string();
    assert_eq!(post_json(&s.url("/api/mark"), Some(&token), &body).status, 201);
    let cookie = login(&s, &token);
    for path in ["/", "/unit/camthanh"] {
        let p = page(&s, path, &cookie);
        assert_eq!(p.status, 200, "{path}: {}", p.body);
        assert!(!p.body.contains("<b onmouseover"), "{path}: the plan's title became markup");
        assert!(!p.body.contains("<script>alert(4)"), "{path}: a task title became markup");
        assert!(!p.body.contains("<iframe"), "{path}: a note became markup");
    }
    let unit = page(&s, "/unit/camthanh", &cookie).body;
    assert!(unit.contains("&lt;script&gt;alert(4)&lt;/script&gt; Cung cấp"), "{unit}");
    let board = page(&s, "/", &cookie).body;
    assert!(board.contains("&lt;b onmouseover=alert(3)&gt;Triển khai&lt;/b&gt;"), "{board}");
}
