//! Integration tests: run the real `cutover` binary on real and broken plans
//! and assert the specific finding (rule, task, line), not just the exit code.

use crate::test::root;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary from the repository root, with colour variables cleared.
fn cutover(args: &[&str]) -> Output {
    cutover_in(&root(), args, &[])
}

fn cutover_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cutover"));
    cmd.env("CUTOVER_LANG", "en")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("RUST_BACKTRACE", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run cutover");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "cutover {args:?} panicked:\n{stderr}");
    out
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(o)))
}

fn findings(v: &Value) -> &Vec<Value> {
    v["findings"].as_array().expect("findings array")
}

/// The findings of a rule.
fn of_rule<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    findings(v).iter().filter(|f| f["rule"] == rule).collect()
}

/// `# expect: rule=R line=N task=T help=did-you-mean` lines at the top of an example.
struct Expect {
    /// Extra arguments from a `# args:` line.
    args: Vec<String>,
    rule: String,
    line: u64,
    task: Option<String>,
    did_you_mean: bool,
}

fn expectations(path: &Path) -> Vec<Expect> {
    let text = std::fs::read_to_string(path).unwrap();
    let args: Vec<String> =
        text.lines().filter_map(|l| l.strip_prefix("# args:")).flat_map(|l| l.split_whitespace().map(str::to_string)).collect();
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect:"))
        .map(|l| {
            let mut e = Expect { args: args.clone(), rule: String::new(), line: 0, task: None, did_you_mean: false };
            for kv in l.split_whitespace() {
                let (k, v) = kv.split_once('=').expect("key=value");
                match k {
                    "rule" => e.rule = v.to_string(),
                    "line" => e.line = v.parse().unwrap(),
                    "task" => e.task = Some(v.to_string()),
                    "help" => e.did_you_mean = v == "did-you-mean",
                    other => panic!("unknown expectation {other}"),
                }
            }
            e
        })
        .collect()
}

fn rule_names() -> Vec<(String, String)> {
    let v = json(&cutover(&["rules", "--format", "json"]));
    v.as_array().unwrap().iter().map(|r| (r["rule"].as_str().unwrap().to_string(), r["severity"].as_str().unwrap().to_string())).collect()
}

#[test]
fn every_example_produces_its_finding_at_its_line() {
    let dir = root().join("examples/errors");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
    files.sort();
    assert!(files.len() >= 9, "examples missing: {files:?}");
    let severities: std::collections::HashMap<_, _> = rule_names().into_iter().collect();
    for path in files {
        let rel = path.strip_prefix(root()).unwrap().to_str().unwrap().to_string();
        let expects = expectations(&path);
        assert!(!expects.is_empty(), "{rel} has no `# expect:` line");
        let mut args = vec!["check", rel.as_str(), "--format", "json"];
        args.extend(expects[0].args.iter().map(String::as_str));
        let out = cutover(&args);
        let v = json(&out);
        for e in &expects {
            // The file is named after the rule it shows.
            assert_eq!(path.file_stem().unwrap().to_str().unwrap(), e.rule, "{rel}: named after its rule");
            let hits = of_rule(&v, &e.rule);
            let hit = hits
                .iter()
                .find(|f| f["line"] == e.line && e.task.as_ref().is_none_or(|t| f["task"] == t.as_str()))
                .unwrap_or_else(|| panic!("{rel}: no {} at line {} (task {:?}) in {:#}", e.rule, e.line, e.task, v["findings"]));
            assert_eq!(hit["file"], rel.as_str());
            assert!(hit["column"].as_u64().unwrap() >= 1);
            assert!(!hit["message"].as_str().unwrap().is_empty());
            if e.did_you_mean {
                assert!(hit["help"].as_str().unwrap_or("").starts_with("did you mean `"), "{rel}: no did-you-mean: {hit}");
            }
            let want = if severities[&e.rule] == "error" { 1 } else { 0 };
            assert_eq!(code(&out), want, "{rel}: exit status");
        }
    }
}

#[test]
fn every_rule_has_an_example() {
    for (rule, _) in rule_names() {
        let path = root().join("examples/errors").join(format!("{rule}.toml"));
        assert!(path.exists(), "no example for rule {rule}: {}", path.display());
    }
}

/// Adding a rule is a row, a file, an example and a line of the docs: a
/// rule missing its row in `docs/plan-format.md`, or (when it is not found
/// by the loader itself) its file under `src/rules/`, fails here.
#[test]
fn every_rule_is_documented_and_has_its_file() {
    let docs = std::fs::read_to_string(root().join("docs/plan-format.md")).unwrap();
    let v = json(&cutover(&["rules", "--format", "json"]));
    for r in v.as_array().unwrap() {
        let name = r["rule"].as_str().unwrap();
        let row = format!("| `{name}` | {} |", r["severity"].as_str().unwrap());
        assert!(docs.contains(&row), "docs/plan-format.md has no row `{row}`");
        let found_by_loader = r["needs"] == "load" && !matches!(name, "duplicate-id" | "unknown-reference");
        if !found_by_loader {
            let file = root().join("src/rules").join(format!("{}.rs", name.replace('-', "_")));
            assert!(file.exists(), "rule {name} has no file {}", file.display());
        }
    }
}

#[test]
fn minimal_example_is_clean() {
    let out = cutover(&["check", "examples/minimal.toml", "--format", "json"]);
    let v = json(&out);
    assert_eq!(code(&out), 0, "{v:#}");
    assert_eq!(findings(&v).len(), 0, "{v:#}");
    assert_eq!(v["tasks"], 6);
    assert_eq!(v["instances"], 7, "one unit task × 2 units + 5 plan tasks (backup, trial, gate, go-live, backout)");
}

#[test]
fn real_plan_loads_with_its_tasks_and_instances() {
    let out = cutover(&["check", "plans/quang-ngai-2025.toml", "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["plan"], "plans/quang-ngai-2025.toml");
    // The reading's 51 tasks, and the plan's additions: a gate and two backout
    // steps for each of the five go-lives.
    // …and one task for the units formed from former Kon Tum (document 003).
    // Of the document: 51 tasks of section II and III.1.c, III.2.c, III.3,
    // and 12 more duties of section III; and two events the document counts
    // deadlines from (units.decision for II.7.a, units.start for III.4.c).
    assert_eq!(v["tasks"], 63 + 5 + 10 + 1 + 2);
    assert_eq!(v["units"], 96);
    // 002's 21 unit tasks for its 56 communes (formed from former Quảng
    // Ngãi), and the 60 plan tasks (the Kon Tum merger and the two events among them).
    assert_eq!(v["instances"], 21 * 56 + 60);
    // Section III's duties carry no date: reported, never invented — its 14
    // tasks (III.4.c now counts from the units' start), each waived with its
    // clause but handover.guide; and the decision II.7.a waits for.
    let missing: Vec<_> = of_rule(&v, "missing-deadline").iter().map(|f| f["task"].as_str().unwrap().to_string()).collect();
    for t in ["infra.storage.skhcn", "infra.storage.vpubnd", "handover.guide", "coord.monitor", "units.decision", "vendors.staffing"] {
        assert!(missing.contains(&t.to_string()), "{t} not reported: {missing:?}");
    }
    assert_eq!(missing.len(), 15, "{missing:?}");
    let open: Vec<_> = of_rule(&v, "missing-deadline").into_iter().filter(|f| f["waived"] == false).collect();
    assert_eq!(open.len(), 1, "only handover.guide stays a warning");
    // No structural error in the shipped plan.
    for rule in ["toml-syntax", "unknown-key", "missing-key", "bad-value", "duplicate-id", "unknown-reference", "include-error"] {
        assert!(of_rule(&v, rule).is_empty(), "{rule}: {:#}", v["findings"]);
    }
}

#[test]
fn every_id_of_the_reading_is_in_the_plan() {
    let reading = std::fs::read_to_string(root().join("docs/kh-2025-06-tasks.md")).unwrap();
    let ids: Vec<&str> =
        reading.lines().filter_map(|l| l.strip_prefix("| `")).filter_map(|l| l.split_once('`').map(|(id, _)| id)).collect();
    assert_eq!(ids.len(), 63, "{ids:?}");
    let plan = std::fs::read_to_string(root().join("plans/quang-ngai-2025.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&plan).unwrap();
    let in_plan: Vec<&str> = doc["task"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    for id in &ids {
        assert!(in_plan.contains(id), "{id} of the reading is not in the plan");
    }
    // Every other task is one of the plan's marked additions (gates and
    // backout steps) or the later documents' task for the units from former Kon Tum.
    // …or an event a deadline counts from (`units.decision`, `units.start`).
    let added: Vec<&&str> = in_plan.iter().filter(|id| !ids.contains(id)).collect();
    assert!(
        added.iter().all(|id| id.ends_with(".gate") || id.contains(".backout.") || id.starts_with("kontum.") || id.starts_with("units.")),
        "{added:?}"
    );
    assert_eq!(added.len(), 18, "{added:?}");
}

#[test]
fn units_file_has_the_96_communes_with_distinct_ids() {
    let text = std::fs::read_to_string(root().join("plans/units/quang-ngai-2025.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let units = doc["unit"].as_array().unwrap();
    assert_eq!(units.len(), 96);
    let ids: std::collections::HashSet<_> = units.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 96);
    let by_id = |id: &str| units.iter().find(|u| u["id"].as_str() == Some(id)).unwrap().clone();
    assert_eq!(by_id("sonha")["name"].as_str(), Some("Xã Sơn Hà"));
    assert_eq!(by_id("sonha2")["name"].as_str(), Some("Xã Sơn Hạ"));
    assert_eq!(by_id("bato")["name"].as_str(), Some("Xã Ba Tơ"));
    assert_eq!(by_id("bato2")["name"].as_str(), Some("Xã Ba Tô"));
    assert_eq!(by_id("camthanh")["domain"].as_str(), Some("camthanh.quangngai.gov.vn"));
    assert!(text.contains("not an official one") || text.contains("plan's choice"), "the collision comment is missing");
}

#[test]
fn every_shipped_plan_checks_without_errors() {
    let out = cutover(&["check", "plans", "--format", "json"]);
    let v = json(&out);
    assert_eq!(code(&out), 0, "{v:#}");
    let plans = v["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 5, "documents 000–004 (002 with its units fragment, checked through its includer)");
    assert!(plans.iter().all(|p| p["errors"] == 0));
}

#[test]
fn human_output_is_rustc_like() {
    let out = cutover(&["check", "examples/errors/unknown-reference.toml"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("error[unknown-reference]: task `qlvb.accounts`: `after` names `qlvb.unit`"), "{err}");
    assert!(err.contains("--> examples/errors/unknown-reference.toml:23:10"), "{err}");
    assert!(err.contains("23 | after = [\"qlvb.unit\"]"), "{err}");
    assert!(err.contains("^^^^^^^^^^^ no task `qlvb.unit`"), "{err}");
    assert!(err.contains("help: did you mean `qlvb.units`?"), "{err}");
    assert!(err.contains("1 error, 0 warnings in examples/errors/unknown-reference.toml"), "{err}");
    assert!(stdout(&out).is_empty(), "human diagnostics go to stderr");
    assert!(!err.contains('\x1b'), "no colour off a terminal");
}

#[test]
fn colour_follows_flag_and_no_color() {
    let always = cutover_in(&root(), &["check", "examples/errors/unknown-key.toml", "--color", "always"], &[]);
    assert!(stderr(&always).contains('\x1b'));
    let forced = cutover_in(&root(), &["check", "examples/errors/unknown-key.toml"], &[("CLICOLOR_FORCE", "1")]);
    assert!(stderr(&forced).contains('\x1b'));
    let no = cutover_in(&root(), &["check", "examples/errors/unknown-key.toml"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!stderr(&no).contains('\x1b'));
}

#[test]
fn quiet_prints_only_errors() {
    let out = cutover(&["check", "plans/quang-ngai-2025.toml", "--quiet"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "");
    let out = cutover(&["check", "examples/errors/missing-key.toml", "--quiet"]);
    let err = stderr(&out);
    assert!(err.contains("error[missing-key]"));
    assert!(!err.contains("warning["), "{err}");
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let out = cutover(&["check", "examples/errors/missing-deadline.toml"]);
    assert_eq!(code(&out), 0);
    let out = cutover(&["check", "examples/errors/missing-deadline.toml", "--deny", "warnings"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn github_annotations() {
    let out = cutover(&["check", "examples/errors/unknown-key.toml", "--format", "github"]);
    assert_eq!(code(&out), 1);
    let s = stdout(&out);
    assert!(s.contains("::error file=examples/errors/unknown-key.toml,line=16,col=1,title=unknown-key::unknown key `deu` in task `qlvb.units`%0Ahelp: did you mean `due`?"), "{s}");
    assert!(s.contains("::warning file=examples/errors/unknown-key.toml,line=13,col=1,title=missing-deadline::"), "{s}");
}

#[test]
fn could_not_run_is_exit_2() {
    let out = cutover(&["check", "plans/no-such-plan.toml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no-such-plan.toml"), "{}", stderr(&out));
    let out = cutover(&["check"]);
    assert_eq!(code(&out), 2);
    let out = cutover(&["check", "plans", "--format", "yaml"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn help_has_examples() {
    let out = cutover(&["check", "--help"]);
    assert_eq!(code(&out), 0);
    let s = stdout(&out);
    assert!(s.contains("Examples:") && s.contains("cutover check plans/quang-ngai-2025.toml") && s.contains("Exit status"), "{s}");
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const HEAD: &str = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n";

#[test]
fn include_cycles_repeats_and_escapes_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "plan/a.toml", &format!("{HEAD}include = [\"b.toml\", \"c.toml\", \"c.toml\", \"../outside.toml\"]\n"));
    write(d, "plan/b.toml", "include = [\"a.toml\"]\n");
    write(d, "plan/c.toml", "include = [\"b.toml\"]\n");
    write(d, "outside.toml", "[org.x]\nname = \"X\"\n");
    let out = cutover_in(d, &["check", "plan/a.toml", "--format", "json"], &[]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    let msgs: Vec<String> = of_rule(&v, "include-error").iter().map(|f| f["message"].as_str().unwrap().to_string()).collect();
    assert!(msgs.iter().any(|m| m.contains("include cycle: plan/a.toml → plan/b.toml → plan/a.toml")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("`c.toml` is included twice")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("`b.toml` is included twice")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("outside the plan's directory")), "{msgs:?}");
    // With the flag, the outside file is read.
    let out = cutover_in(d, &["check", "plan/a.toml", "--format", "json", "--allow-outside-includes"], &[]);
    let v = json(&out);
    assert!(!of_rule(&v, "include-error").iter().any(|f| f["message"].as_str().unwrap().contains("outside")));
}

#[test]
fn deep_include_chain_does_not_overflow() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let n = 2000;
    write(d, "f0.toml", &format!("{HEAD}include = [\"f1.toml\"]\n[org.a]\nname = \"A\"\n"));
    for i in 1..n {
        write(
            d,
            &format!("f{i}.toml"),
            &format!("include = [\"f{}.toml\"]\n[[task]]\nid = \"t{i}\"\ntitle = \"T\"\nlead = \"a\"\ndue = \"1/7/2025\"\n", i + 1),
        );
    }
    write(d, &format!("f{n}.toml"), "include = [\"f0.toml\"]\n");
    let out = cutover_in(d, &["check", "f0.toml", "--format", "json"], &[]);
    let v = json(&out);
    assert_eq!(v["tasks"], n - 1);
    let cyc = of_rule(&v, "include-error");
    assert_eq!(cyc.len(), 1);
    assert!(cyc[0]["message"].as_str().unwrap().starts_with("include cycle: f0.toml → f1.toml"));
}

#[test]
fn hostile_bytes_never_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.toml", vec![]),
        ("binary.toml", vec![0xff, 0xfe, 0x00, 0x5b, 0x70]),
        ("bom-crlf.toml", format!("\u{feff}{}", HEAD.replace('\n', "\r\n")).into_bytes()),
        ("deep.toml", format!("{HEAD}x = {}{}\n", "[".repeat(5000), "]".repeat(5000)).into_bytes()),
        ("types.toml", format!("{HEAD}[[task]]\nid = 5\ntitle = []\nlead = {{}}\ndue = 2025-06-30\nafter = 3\nwaive = \"x\"\n").into_bytes()),
        ("huge-lag.toml", format!("{HEAD}[org.a]\nname=\"A\"\n[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\ndue = \"1/7/9999\"\nduration = \"1000000000d\"\nafter = [{{ task = \"a\", lag = \"99999999999999999999d\" }}]\n").into_bytes()),
        ("task-table.toml", format!("{HEAD}task = 1\norg = []\nunit = {{}}\n").into_bytes()),
    ];
    for (name, bytes) in cases {
        std::fs::write(d.join(name), &bytes).unwrap();
        let out = cutover_in(d, &["check", name, "--format", "json"], &[]);
        assert!(matches!(code(&out), 0 | 1), "{name}: exit {}: {}", code(&out), stderr(&out));
        json(&out);
    }
    // A BOM and CRLF line ends are fine.
    let out = cutover_in(d, &["check", "bom-crlf.toml", "--format", "json"], &[]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    // An unquoted TOML date reads as the same text quoted.
    let v = json(&cutover_in(d, &["check", "types.toml", "--format", "json"], &[]));
    assert!(!findings(&v).iter().any(|f| f["message"].as_str().unwrap().contains("`due`")), "{v:#}");
}

#[test]
fn real_plan_shows_the_documents_contradictions_waived() {
    let out = cutover(&["check", "plans/quang-ngai-2025.toml", "--format", "json"]);
    assert_eq!(code(&out), 0, "waived findings do not fail the check");
    let v = json(&out);
    // II.2.c uploads the codes II.2.b notifies, but is due two days before it.
    let order = of_rule(&v, "deadline-order");
    assert_eq!(order.iter().map(|f| f["task"].as_str().unwrap()).collect::<Vec<_>>(), ["lgsp.codes.upload"]);
    let upload = order[0];
    assert_eq!(upload["waived"], true);
    assert_eq!(upload["severity"], "error");
    assert_eq!(
        upload["message"],
        "`lgsp.codes.upload` is due trước ngày 20/6/2025 (20 Jun 00:00) but waits for `lgsp.codes.notify`, due trước ngày 22/6/2025 (22 Jun 00:00)"
    );
    assert!(
        upload["waiver_reason"].as_str().unwrap().contains("II.2.c cập nhật lên LGSP các mã định danh mà II.2.b thông báo"),
        "{upload}"
    );
    // The line of lgsp.codes.upload's `due` key.
    let plan = std::fs::read_to_string(root().join("plans/quang-ngai-2025.toml")).unwrap();
    let start = plan.find("id      = \"lgsp.codes.upload\"").unwrap();
    let due_line = plan[..start].lines().count() + plan[start..].lines().position(|l| l.starts_with("due")).unwrap() + 1;
    assert_eq!(upload["line"], due_line as u64);
    // The stabilisation tasks (II.3.h, II.5.đ) are read as hardening after the
    // trial and before the go-live, which fits their date: no contradiction
    // left, and no waiver outlives it (stale-waiver).
    for task in ["tthc.stabilize", "qlvb.stabilize"] {
        assert!(findings(&v).iter().all(|f| f["task"] != task), "{task}: {:#}", v["findings"]);
    }
    assert!(of_rule(&v, "stale-waiver").is_empty());
    // handover.guide has no date and no waiver: a visible warning.
    let missing: Vec<_> = of_rule(&v, "missing-deadline").into_iter().filter(|f| f["waived"] == false).collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["task"], "handover.guide");
    // …and the deadlines that name a weekend of the offices' calendar (II.2.a's
    // Sunday 15/6/2025, the waves of 21 and 22/6): `due-on-day-off`.
    let day_off: Vec<_> = of_rule(&v, "due-on-day-off").iter().map(|f| f["task"].as_str().unwrap().to_string()).collect();
    assert_eq!(day_off.len(), 11, "{day_off:?}");
    assert!(day_off.contains(&"lgsp.codes.plan".to_string()), "{day_off:?}");
    assert_eq!(v["warnings"], 1 + 11);
    assert_eq!(v["errors"], 0);
    // No deadline of the plan is infeasible, and no pin.
    assert!(of_rule(&v, "deadline-infeasible").is_empty());
    assert!(of_rule(&v, "pin-infeasible").is_empty());
    assert!(of_rule(&v, "dependency-cycle").is_empty());
}

#[test]
fn critical_path_of_the_real_plan_ends_at_a_go_live_due_at_t0() {
    let out = cutover(&["critical-path", "plans/quang-ngai-2025.toml", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json(&out);
    let path = v["path"].as_array().unwrap();
    assert!(!path.is_empty());
    for row in path {
        for key in ["task", "title", "lead", "early_start", "early_finish", "late_finish", "due", "slack_minutes"] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
        assert!(row["early_start"].as_str().unwrap().ends_with("+07:00"));
    }
    let last = path.last().unwrap();
    assert!(last["task"].as_str().unwrap().ends_with(".golive"), "{last}");
    assert_eq!(last["due"], "2025-07-01T00:00:00+07:00");
    assert_eq!(v["cutover"], "2025-07-01T00:00:00+07:00");
    let finish = v["finish"].as_str().unwrap();
    assert_eq!(finish, last["early_finish"].as_str().unwrap());
    // Every go-live is pinned to T-0: the path ends exactly there.
    assert_eq!(finish, "2025-07-01T00:00:00+07:00");
    assert_eq!(v["margin_minutes"], 0);
    // Each row's early start is the previous row's early finish (a chain of fs edges, no lag here).
    for w in path.windows(2) {
        assert!(w[1]["early_start"].as_str().unwrap() >= w[0]["early_finish"].as_str().unwrap());
    }
}

#[test]
fn critical_path_table_in_both_languages() {
    let out = cutover(&["critical-path", "plans/quang-ngai-2025.toml", "--lang", "vi"]);
    let s = stdout(&out);
    assert!(s.contains("Nhiệm vụ") && s.contains("Dự phòng") && s.contains("24:00 30/6/2025"), "{s}");
    assert!(s.contains("Thời điểm chuyển đổi (T-0): 24:00 30/6/2025"), "{s}");
    let out = cutover(&["critical-path", "plans/quang-ngai-2025.toml", "--lang", "en"]);
    let s = stdout(&out);
    assert!(s.contains("Early start") && s.contains("Slack") && s.contains("Cutover (T-0): 2025-06-30T24:00"), "{s}");
    assert!(s.contains("Margin: 0h"), "{s}");
}

#[test]
fn critical_path_to_a_unit_task_folds_its_units() {
    let v = json(&cutover(&["critical-path", "plans/quang-ngai-2025.toml", "--to", "qlvb.notify.staff", "--format", "json"]));
    let path = v["path"].as_array().unwrap();
    assert_eq!(path.last().unwrap()["task"], "qlvb.notify.staff");
    assert_eq!(path.last().unwrap()["units"], 56, "the communes of former Quảng Ngãi");
    let v = json(&cutover(&["critical-path", "plans/quang-ngai-2025.toml", "--to", "portal.admin@camthanh", "--format", "json"]));
    let last = v["path"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["task"], "portal.admin");
    let out = cutover(&["critical-path", "plans/quang-ngai-2025.toml", "--to", "qlvb.notify.staf"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("did you mean `qlvb.notify.staff`?"), "{}", stderr(&out));
}

#[test]
fn critical_path_all_lists_every_task_least_slack_first() {
    let v = json(&cutover(&["critical-path", "plans/quang-ngai-2025.toml", "--all", "--format", "json"]));
    let tasks = v["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 81, "63 of the document, 5 gates, 10 backout steps, 1 for the units from former Kon Tum, 2 events");
    let slacks: Vec<i64> = tasks.iter().map(|t| t["slack_minutes"].as_i64().unwrap()).collect();
    assert!(slacks.windows(2).all(|w| w[0] <= w[1]), "{slacks:?}");
}

#[test]
fn critical_path_refuses_a_cyclic_plan() {
    let out = cutover(&["critical-path", "examples/errors/dependency-cycle.toml"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("error[dependency-cycle]") && err.contains("cannot be scheduled"), "{err}");
}

#[test]
fn check_speaks_the_language_asked_for() {
    let vi = cutover(&["check", "examples/errors/deadline-infeasible.toml", "--lang", "vi"]);
    let en = cutover(&["check", "examples/errors/deadline-infeasible.toml", "--lang", "en"]);
    let (vi, en) = (String::from_utf8_lossy(&vi.stderr), String::from_utf8_lossy(&en.stderr));
    assert!(vi.contains("(20/6 00:00): sớm nhất xong lúc 20/6 24:00, trễ 1d"), "{vi}");
    assert!(en.contains("(20 Jun 00:00): at the earliest it finishes 20 Jun 24:00"), "{en}");
    // The due stays as the document wrote it.
    assert!(en.contains("its due trước ngày 20/6/2025"), "{en}");
}

/// Every command that reads a plan opens it the same way: a plan that
/// needs a load option is read by status, next and mark too.
#[test]
fn the_night_commands_take_every_load_option() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("plan")).unwrap();
    let minimal = std::fs::read_to_string(root().join("examples/minimal.toml")).unwrap();
    // The units move to a file outside the plan's directory.
    let (head, units) = minimal.split_at(minimal.find("[[unit]]").unwrap());
    let units_end = units.find("[[task]]").unwrap();
    std::fs::write(d.path().join("units.toml"), &units[..units_end]).unwrap();
    let plan = head
        .replace("cutover  = \"24 giờ 00 ngày 30/6/2025\"", "cutover  = \"24 giờ 00 ngày 30/6/2025\"\ninclude  = [\"../units.toml\"]")
        + &units[units_end..];
    assert!(plan.contains("../units.toml"));
    std::fs::write(d.path().join("plan/p.toml"), plan).unwrap();
    let run = |args: &[&str]| cutover_in(d.path(), args, &[]);
    let o = run(&["status", "plan/p.toml", "--now", "2025-06-20T08:00"]);
    assert_eq!(code(&o), 1, "outside the directory, refused without the option");
    for args in [
        &["check", "plan/p.toml"][..],
        &["status", "plan/p.toml", "--now", "2025-06-20T08:00"],
        &["next", "plan/p.toml", "--now", "2025-06-20T08:00"],
        &["mark", "plan/p.toml", "email.accounts@camthanh", "--done", "--at", "2025-06-20T08:00"],
    ] {
        let mut args = args.to_vec();
        args.push("--allow-outside-includes");
        let o = run(&args);
        assert_eq!(code(&o), 0, "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let log = std::fs::read_to_string(d.path().join("plan/p.toml.status.jsonl")).unwrap();
    assert!(log.contains("\"task\":\"email.accounts@camthanh\""), "{log}");
}

/// `--color always` colours `critical-path` (the slack, a gate's row) even into
/// a pipe; by default a pipe gets plain text.
#[test]
fn critical_path_colours_with_color_always() {
    let plain = stdout(&cutover(&["critical-path", "examples/minimal.toml"]));
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let coloured = stdout(&cutover(&["--color", "always", "--lang", "vi", "critical-path", "examples/minimal.toml"]));
    assert!(coloured.contains("\u{1b}[38;5;11m       0h \u{1b}[39m"), "no slack left is yellow: {coloured}");
    assert!(coloured.contains("\u{1b}[1m email.gate ◆ go/no-go"), "a gate is bold: {coloured}");
    let never = stdout(&cutover(&["--color", "never", "critical-path", "examples/minimal.toml"]));
    assert_eq!(never, plain);
}

/// The units carry their former province from the CSV: 56 from former Quảng
/// Ngãi (document 002's communes) and 40 from former Kon Tum; 002's unit
/// tasks have 56 instances, and a Kon Tum commune's list holds no task of 002.
#[test]
fn units_from_each_former_province_and_the_tasks_that_concern_them() {
    let csv_text = std::fs::read_to_string(root().join("../shared/data/quang-ngai-communes-2025.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == "former_provinces").unwrap();
    let provinces: Vec<String> = rdr.records().map(|r| r.unwrap()[col].to_string()).collect();
    let count = |p: &str| provinces.iter().filter(|x| *x == p).count();
    assert_eq!((count("Quảng Ngãi"), count("Kon Tum"), provinces.len()), (56, 40, 96));
    let units: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("plans/units/quang-ngai-2025.toml")).unwrap()).unwrap();
    let in_group = |g: &str| {
        units["unit"].as_array().unwrap().iter().filter(|u| u["groups"].as_array().unwrap().iter().any(|x| x.as_str() == Some(g))).count()
    };
    assert_eq!((in_group("from-quang-ngai"), in_group("from-kon-tum")), (56, 40));
    // Each of 002's unit tasks has one instance per commune it concerns.
    let v = json(&cutover(&["critical-path", "plans/quang-ngai-2025.toml", "--all", "--format", "json"]));
    let folded: Vec<u64> = v["tasks"].as_array().unwrap().iter().filter_map(|t| t["units"].as_u64()).collect();
    assert!(!folded.is_empty() && folded.iter().all(|&n| n == 56), "{folded:?}");
    // Kon Tum's list: nothing of 002 before 1/7/2025, only the later merger.
    let v = json(&cutover(&["checklist", "plans/quang-ngai-2025.toml", "--unit", "kontum", "--format", "json"]));
    let items: Vec<(&str, &str)> = v["groups"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["instance"].as_str().unwrap(), i["due"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(items, [("kontum.shared-systems.merge", "2026-01-01T00:00:00+07:00")]);
    // A unit task names only the units it concerns.
    let out = cutover(&["mark", "plans/quang-ngai-2025.toml", "email.list@kontum", "--done", "--status", "/nonexistent/x.jsonl"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("`email.list` does not apply to unit `kontum`"), "{}", stderr(&out));
}

/// Document 001 names who plans each shared system's upgrade: those bodies
/// own the systems of its plan, and the 2026 plan's IOC has its owner.
#[test]
fn document_001_gives_each_system_its_owner() {
    let plan: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("plans/quang-ngai-2025-11-digital-gov.toml")).unwrap()).unwrap();
    let owner = |s: &str| plan["system"][s]["owner"].as_str().unwrap().to_string();
    for (s, o) in [
        ("lgsp", "phong-bcvt-cds"),
        ("data-analytics", "phong-bcvt-cds"),
        ("qlvb", "phong-bcvt-cds"),
        ("ioc", "trung-tam-cds"),
        ("paperless", "vpubnd"),
        ("source-info", "so-vhttdl"),
    ] {
        assert_eq!(owner(s), o, "{s}");
    }
    let out = cutover(&["check", "plans/quang-ngai-2025-11-digital-gov.toml", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json(&out);
    // No date in the letter: every task's missing deadline waived with its clause.
    let missing = of_rule(&v, "missing-deadline");
    assert_eq!(missing.len(), 13);
    assert!(missing.iter().all(|f| f["waived"] == true && f["waiver_reason"].as_str().unwrap().starts_with("Công văn (")));
    assert!(of_rule(&v, "unknown-clause").is_empty());
    let q2: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("plans/quang-ngai-2026-q2.toml")).unwrap()).unwrap();
    assert_eq!(q2["system"]["ioc"]["owner"].as_str(), Some("trung-tam-cds"));
}

/// Every lettered item of 002's section II and every duty of its section III
/// is a task citing it (III.4.a, which repeats II.1.a/II.3.b/II.4.d, is cited
/// in those tasks' notes instead), read from the document's own text.
#[test]
fn every_item_of_section_ii_and_duty_of_section_iii_is_a_task() {
    let doc = std::fs::read_to_string(root().join("seeds/002_779058d11219e6c3.txt")).unwrap();
    let s = cutover::rules::unknown_clause::structure(&doc);
    let plan: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("plans/quang-ngai-2025.toml")).unwrap()).unwrap();
    let cited: Vec<String> = plan["task"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.get("source").and_then(|s| s.as_str()))
        .filter_map(|s| s.strip_prefix("kh-2025-06 "))
        .map(|c| c.split_whitespace().next().unwrap().to_string())
        .collect();
    let notes: String = plan["task"].as_array().unwrap().iter().filter_map(|t| t.get("note").and_then(|n| n.as_str())).collect();
    let mut want = Vec::new();
    for (part, sections) in &s.parts {
        if part != "II" && part != "III" {
            continue;
        }
        for (k, items) in sections.iter().enumerate() {
            if items.is_empty() {
                want.push(format!("{part}.{}", k + 1));
            }
            for l in items {
                want.push(format!("{part}.{}.{l}", k + 1));
            }
        }
    }
    // II: 4 + 7 + 9 + 6 + 6 + 6 + 2 lettered items; III: 4 + 4 + 1 + 3 + 1 duties.
    assert_eq!(want.len(), 40 + 13, "{want:?}");
    for c in &want {
        let here = cited.contains(c) || (c == "III.4.a" && notes.contains("III.4.a"));
        assert!(here, "{c} of the document is not a task of the plan");
    }
}
