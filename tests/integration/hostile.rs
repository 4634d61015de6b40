//! Hostile input, survived: the binary never panics, overflows, hangs or
//! allocates without bound, whatever the file. Each test runs the real
//! binary and asserts the specific finding.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    let out =
        Command::new(env!("CARGO_BIN_EXE_cutover")).env("CUTOVER_LANG", "en").args(args).current_dir(dir).output().expect("run cutover");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{args:?} panicked:\n{err}");
    assert!(matches!(out.status.code(), Some(0 | 1 | 2)), "{args:?}: {:?}\n{err}", out.status);
    out
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = run(dir, args);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn rules(v: &Value) -> Vec<(String, Option<u64>, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64(), f["message"].as_str().unwrap().to_string()))
        .collect()
}

const HEAD: &str = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n[org.a]\nname = \"A\"\n";

/// A plan header whose `[plan]` includes `files`.
fn head_including(files: &str) -> String {
    format!(
        "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\ninclude = [{files}]\n[org.a]\nname = \"A\"\n"
    )
}

#[test]
fn a_billion_day_lag_and_the_year_9999() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("p.toml"),
        format!(
            "{HEAD}[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\ndue = \"31/12/9999\"\nduration = \"36500d\"\n\
             [[task]]\nid = \"b\"\ntitle = \"B\"\nlead = \"a\"\ndue = \"24:00 31/12/9999\"\nafter = [{{ task = \"a\", lag = \"1000000000d\" }}]\n"
        ),
    )
    .unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json"]);
    let r = rules(&v);
    assert!(r.iter().any(|(rule, line, m)| rule == "bad-value" && *line == Some(19) && m.contains("too long a duration")), "{r:?}");
    // The 100-year duration is allowed, and a schedule to 9999 computes.
    let out = run(d.path(), &["critical-path", "p.toml", "--to", "a", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "the bad lag blocks the schedule");
    std::fs::write(
        d.path().join("q.toml"),
        format!("{HEAD}[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\ndue = \"31/12/9999\"\nduration = \"36500d\"\n"),
    )
    .unwrap();
    let v = json(d.path(), &["critical-path", "q.toml", "--format", "json"]);
    assert_eq!(v["path"][0]["early_finish"], "2125-05-19T00:00:00+07:00");
}

#[test]
fn ten_thousand_deep_includes_and_a_plan_that_includes_itself() {
    let d = tempfile::tempdir().unwrap();
    let n = 10_000;
    std::fs::write(d.path().join("f0.toml"), head_including("\"f1.toml\"")).unwrap();
    for i in 1..n {
        std::fs::write(
            d.path().join(format!("f{i}.toml")),
            format!("include = [\"f{}.toml\"]\n[[task]]\nid = \"t{i}\"\ntitle = \"T\"\nlead = \"a\"\ndue = \"1/7/2025\"\n", i + 1),
        )
        .unwrap();
    }
    std::fs::write(d.path().join(format!("f{n}.toml")), "").unwrap();
    let v = json(d.path(), &["check", "f0.toml", "--format", "json"]);
    assert_eq!(v["tasks"], n - 1);
    assert_eq!(v["errors"], 0, "{:?}", rules(&v));
    std::fs::write(d.path().join("self.toml"), head_including("\"self.toml\", \"./self.toml\"")).unwrap();
    let v = json(d.path(), &["check", "self.toml", "--format", "json"]);
    let r = rules(&v);
    assert_eq!(r.iter().filter(|(rule, _, m)| rule == "include-error" && m == "include cycle: self.toml → self.toml").count(), 2, "{r:?}");
}

#[test]
fn too_many_instances_names_the_cap_and_the_flag() {
    let d = tempfile::tempdir().unwrap();
    let mut text = String::from(HEAD);
    for i in 0..2000 {
        text.push_str(&format!("[[unit]]\nid = \"u{i}\"\nname = \"U{i}\"\n"));
    }
    for i in 0..600 {
        text.push_str(&format!("[[task]]\nid = \"t{i}\"\ntitle = \"T\"\nlead = \"a\"\nscope = \"unit\"\ndue = \"1/7/2025\"\n"));
    }
    std::fs::write(d.path().join("p.toml"), text).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json", "--max-instances", "1000000"]);
    let r = rules(&v);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, "too-large");
    assert!(r[0].2.contains("1200000 task instances") && r[0].2.contains("cap of 1000000"), "{r:?}");
    assert!(v["findings"][0]["help"].as_str().unwrap().contains("--max-instances"));
    let v = json(d.path(), &["check", "p.toml", "--format", "json", "--max-instances", "2000000"]);
    assert_eq!(v["errors"], 0);
    assert_eq!(v["instances"], 1_200_000);
}

#[test]
fn a_200_mb_file_is_refused_before_it_is_read() {
    let d = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(d.path().join("big.toml")).unwrap();
    f.set_len(200 << 20).unwrap();
    let v = json(d.path(), &["check", "big.toml", "--format", "json", "--max-file-size", "100"]);
    let r = rules(&v);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(
        r[0],
        ("too-large".to_string(), Some(1), "`big.toml` is 200 MiB, more than the cap of 100 MiB for one plan file".to_string())
    );
    // Included, it is refused at the include.
    std::fs::write(d.path().join("p.toml"), head_including("\"big.toml\"")).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json", "--max-file-size", "100"]);
    assert!(rules(&v).iter().any(|(rule, line, _)| rule == "too-large" && *line == Some(6)), "{:?}", rules(&v));
}

#[test]
fn a_huge_section_without_headers_is_refused_not_parsed() {
    let d = tempfile::tempdir().unwrap();
    // 70 MiB of blank lines under one header: the parser would need ~20× that.
    let mut text = format!("{HEAD}[[task]]\n").into_bytes();
    text.resize(text.len() + (70 << 20), b'\n');
    std::fs::write(d.path().join("p.toml"), text).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json"]);
    let r = rules(&v);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, "too-large");
    assert!(r[0].2.contains("under one table header"), "{r:?}");
}

#[test]
fn many_broken_tables_give_a_bounded_number_of_findings() {
    let d = tempfile::tempdir().unwrap();
    let mut text = String::from(HEAD);
    for i in 0..150_000 {
        text.push_str(&format!("[[task]]\nid = \"T{i}\"\n"));
    }
    std::fs::write(d.path().join("p.toml"), text).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json"]);
    let f = v["findings"].as_array().unwrap();
    assert!(f.len() <= 100_001, "{}", f.len());
    assert!(f.iter().any(|x| x["rule"] == "too-large" && x["message"].as_str().unwrap().contains("more findings were not recorded")));
}

#[test]
fn non_utf8_bom_crlf_and_nfd() {
    use unicode_normalization::UnicodeNormalization;
    let d = tempfile::tempdir().unwrap();
    let mut bad = HEAD.as_bytes().to_vec();
    bad.extend_from_slice(b"[org.b]\nname = \"S\xe1\xbb\"\n");
    std::fs::write(d.path().join("bad.toml"), bad).unwrap();
    let v = json(d.path(), &["check", "bad.toml", "--format", "json"]);
    assert_eq!(rules(&v), vec![("toml-syntax".to_string(), Some(9), "the file is not valid UTF-8".to_string())]);

    let crlf = format!("\u{feff}{HEAD}[[task]]\nid = \"x\"\ntitle = \"Cẩm Thành\"\nlead = \"a\"\ndue = \"ngày 25/6/2025\"\n")
        .replace('\n', "\r\n");
    std::fs::write(d.path().join("crlf.toml"), crlf).unwrap();
    let v = json(d.path(), &["check", "crlf.toml", "--format", "json"]);
    assert_eq!(v["errors"], 0, "{:?}", rules(&v));

    // NFD Vietnamese: the same org id written decomposed is the same id.
    let nfd: String = "sở".nfd().collect();
    let text = format!(
        "{HEAD}[org.\"sở\"]\nname = \"Sở\"\n[org.\"{nfd}\"]\nname = \"Sở (NFD)\"\n[[task]]\nid = \"x\"\ntitle = \"T\"\nlead = [\"a\", \"{nfd}\"]\ndue = \"1/7/2025\"\n"
    );
    std::fs::write(d.path().join("nfd.toml"), text).unwrap();
    let v = json(d.path(), &["check", "nfd.toml", "--format", "json"]);
    let r = rules(&v);
    assert_eq!(r.iter().filter(|(rule, _, _)| rule == "duplicate-id").count(), 1, "{r:?}");
    assert!(!r.iter().any(|(rule, _, _)| rule == "unknown-reference"), "the NFD reference resolves: {r:?}");
}

/// A file over 16 MiB is mapped, not copied: a byte-order mark, a finding
/// deep in the file and a non-UTF-8 byte are placed as in a small file.
#[test]
fn a_large_mapped_file_reads_like_a_small_one() {
    let d = tempfile::tempdir().unwrap();
    let mut text = format!("\u{feff}{HEAD}");
    let mut i = 0;
    while text.len() < 17 << 20 {
        text.push_str(&format!("[[task]]\nid = \"t{i}\"\ntitle = \"Việc {i}\"\nlead = \"a\"\ndue = \"2025-06-20\"\n"));
        i += 1;
    }
    // The late task's `lead` is on the 4th line of its table, its `due` on the 5th.
    let lead_line = text.lines().count() as u64 + 4;
    text.push_str("[[task]]\nid = \"late\"\ntitle = \"T\"\nlead = \"nobody\"\ndue = \"2025-06-20\"\n");
    std::fs::write(d.path().join("p.toml"), &text).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json"]);
    assert_eq!(
        rules(&v),
        vec![("unknown-reference".to_string(), Some(lead_line), "task `late`: `lead` names `nobody`, but no org has that id".to_string())]
    );
    assert_eq!(v["tasks"], i + 1);
    // One byte that is not UTF-8, deep in the file.
    let mut bytes = text.into_bytes();
    let at = bytes.len() - 10;
    bytes[at] = 0xff;
    std::fs::write(d.path().join("p.toml"), &bytes).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json"]);
    let r = rules(&v);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!((r[0].0.as_str(), r[0].1), ("toml-syntax", Some(lead_line + 1)));
    assert!(r[0].2.contains("not valid UTF-8"), "{r:?}");
}

/// A large file is cut into parts where lines look like table headers;
/// lines like that inside a multi-line string (a note quoting another
/// plan) are no cut: the plan reads as one file would, the string whole,
/// and a syntax error further on is still reported once, at its line.
#[test]
fn header_lines_inside_a_long_string_are_not_cut_at() {
    let d = tempfile::tempdir().unwrap();
    let quoted: String = (0..4_000).map(|i| format!("[[task]]\nid = \"quoted{i}\"\n")).collect();
    let mut text =
        format!("{HEAD}[[task]]\nid = \"t0\"\ntitle = \"T\"\nlead = \"a\"\ndue = \"2025-06-20\"\nnote = \"\"\"\n{quoted}\"\"\"\n");
    for i in 1..3_000 {
        text.push_str(&format!("[[task]]\nid = \"t{i}\"\ntitle = \"Việc {i}\"\nlead = \"a\"\ndue = \"2025-06-20\"\n"));
    }
    assert!(text.len() > 256 << 10, "large enough to be read in parts");
    std::fs::write(d.path().join("p.toml"), &text).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json"]);
    assert_eq!(rules(&v), vec![]);
    assert_eq!(v["tasks"], 3_000);
    // A real syntax error late in the file: reported, at its line.
    let line = text.lines().count() as u64 + 2;
    text.push_str("[[task]]\nid = \"late\" x\n");
    std::fs::write(d.path().join("p.toml"), &text).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json"]);
    let r = rules(&v);
    assert_eq!(r.iter().map(|(rule, at, _)| (rule.as_str(), *at)).collect::<Vec<_>>(), vec![("toml-syntax", Some(line))], "{r:?}");
}

/// The same in an included file that declares a calendar and a holiday:
/// the parts read before the cut is found wrong are dropped whole, so the
/// calendar is not defined twice nor the holiday counted twice.
#[test]
fn an_included_file_read_twice_keeps_one_of_each_calendar() {
    let d = tempfile::tempdir().unwrap();
    let quoted: String = (0..4_000).map(|i| format!("[[task]]\nid = \"quoted{i}\"\n")).collect();
    let mut part = String::from("[calendar.ca]\nhours = \"24/7\"\n[[holiday]]\ndate = \"2/9/2025\"\nname = \"Quốc khánh\"\n");
    for i in 0..1_500 {
        part.push_str(&format!("[[task]]\nid = \"a{i}\"\ntitle = \"Việc {i}\"\nlead = \"a\"\ndue = \"2025-06-20\"\n"));
    }
    part.push_str(&format!("[[task]]\nid = \"q\"\ntitle = \"Q\"\nlead = \"a\"\ndue = \"2025-06-20\"\nnote = \"\"\"\n{quoted}\"\"\"\n"));
    for i in 0..1_500 {
        part.push_str(&format!("[[task]]\nid = \"b{i}\"\ntitle = \"Việc {i}\"\nlead = \"a\"\ndue = \"2025-06-20\"\n"));
    }
    std::fs::write(d.path().join("part.toml"), &part).unwrap();
    std::fs::write(d.path().join("p.toml"), head_including("\"part.toml\"")).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json"]);
    assert_eq!(rules(&v), vec![]);
    assert_eq!(v["tasks"], 3_001);
}

/// A table inside the last task (`[task.not_before]`) belongs with it: a
/// large file is never cut before one.
#[test]
fn a_table_inside_a_task_is_never_cut_from_it() {
    let d = tempfile::tempdir().unwrap();
    let mut text = format!("{HEAD}[[task]]\nid = \"t0\"\ntitle = \"T\"\nlead = \"a\"\ndue = \"2025-06-20\"\n");
    for i in 1..3_000 {
        text.push_str(&format!(
            "[[task]]\nid = \"t{i}\"\ntitle = \"Việc {i}\"\nlead = \"a\"\ndue = \"2025-06-20\"\n[task.not_before]\nafter = \"t{}\"\nlag = \"1h\"\n",
            i - 1
        ));
    }
    assert!(text.len() > 256 << 10, "large enough to be read in parts");
    std::fs::write(d.path().join("p.toml"), &text).unwrap();
    let v = json(d.path(), &["check", "p.toml", "--format", "json"]);
    // Each task waits an hour on the one before, all due the same day: the
    // timing rules speak; nothing is misread.
    let r = rules(&v);
    assert!(r.iter().all(|(rule, _, _)| rule == "deadline-order" || rule == "deadline-infeasible"), "{:?}", &r[..r.len().min(5)]);
    assert_eq!(v["tasks"], 3_000);
    assert_eq!(r.iter().filter(|(rule, _, _)| rule == "deadline-order").count(), 2_999);
}

// ---------------------------------------------------------------------------
// Nothing the user owns is lost; no path makes cutover hang.

/// Runs the binary with a deadline: a run still going after `secs` is
/// killed and the test fails (a hang on a pipe or a device is the bug).
fn run_within(dir: &Path, args: &[&str], secs: u64) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cutover"))
        .env("CUTOVER_LANG", "en")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cutover");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still ran after {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let out = child.wait_with_output().expect("output");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?} panicked:\n{err}");
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
}

/// A schedulable plan `p.toml` that includes `inc.toml`, with a status log
/// written by `cutover mark`.
fn plan_with_include_and_log(d: &Path) {
    std::fs::write(
        d.join("p.toml"),
        format!("{}[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\ndue = \"25/6/2025\"\n", head_including("\"inc.toml\"")),
    )
    .unwrap();
    std::fs::write(d.join("inc.toml"), "[[task]]\nid = \"b\"\ntitle = \"B\"\nlead = \"a\"\ndue = \"28/6/2025\"\nafter = [\"a\"]\n")
        .unwrap();
    let o = run(d, &["mark", "p.toml", "a", "--done", "--at", "2025-06-20T10:00"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.join("p.toml.status.jsonl").exists());
}

fn snapshot(d: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> =
        ["p.toml", "inc.toml", "p.toml.status.jsonl"].iter().map(|f| (f.to_string(), std::fs::read(d.join(f)).unwrap())).collect();
    v.sort();
    v
}

#[test]
fn no_command_writes_its_output_over_a_file_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plan_with_include_and_log(d);
    std::os::unix::fs::symlink("p.toml", d.join("soft.toml")).unwrap();
    std::fs::hard_link(d.join("p.toml"), d.join("hard.toml")).unwrap();
    std::fs::hard_link(d.join("p.toml.status.jsonl"), d.join("log-hard.jsonl")).unwrap();
    let before = snapshot(d);
    let cases = [
        ("p.toml", "-o p.toml is the plan being read; nothing was written"),
        ("./p.toml", "-o p.toml is the plan being read"),
        ("soft.toml", "-o soft.toml is the plan being read (`p.toml`)"),
        ("hard.toml", "-o hard.toml is the plan being read (`p.toml`)"),
        ("inc.toml", "-o inc.toml is a file the plan includes"),
        ("p.toml.status.jsonl", "-o p.toml.status.jsonl is the status log"),
        ("log-hard.jsonl", "-o log-hard.jsonl is the status log (`p.toml.status.jsonl`)"),
    ];
    for cmd in [&["checklist"][..], &["checklist", "--format", "csv"], &["gantt"], &["gantt", "--format", "mermaid"], &["graph"], &["ics"]]
    {
        for (target, message) in cases {
            let mut args: Vec<&str> = cmd.to_vec();
            args.extend(["p.toml", "-o", target]);
            let o = run(d, &args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
            assert_eq!(snapshot(d), before, "{args:?} changed a file it read");
        }
    }
    // The status log named with --status is protected too.
    std::fs::copy(d.join("p.toml.status.jsonl"), d.join("night.jsonl")).unwrap();
    let o = run(d, &["checklist", "p.toml", "--status", "night.jsonl", "-o", "night.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o night.jsonl is the status log"), "{}", stderr(&o));
    // A new file, or a regular file the run did not read, is written.
    let o = run(d, &["ics", "p.toml", "-o", "out.ics"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(d.join("out.ics")).unwrap().starts_with("BEGIN:VCALENDAR"));
}

#[test]
fn an_output_must_be_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plan_with_include_and_log(d);
    mkfifo(&d.join("fifo"));
    std::fs::create_dir(d.join("sub")).unwrap();
    for (target, kind) in [("fifo", "a named pipe (FIFO)"), ("sub", "a directory"), ("/dev/null", "a character device")] {
        let o = run_within(d, &["graph", "p.toml", "-o", target], 5);
        assert_eq!(o.status.code(), Some(2), "{target}: {}", stderr(&o));
        assert!(stderr(&o).contains(&format!("-o {target} is {kind}: write to a regular file")), "{}", stderr(&o));
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(d.join("fifo")).unwrap().file_type().is_fifo(), "the FIFO is still a FIFO");
    assert!(std::fs::symlink_metadata("/dev/null").unwrap().file_type().is_char_device());
    // A symlink to an output is followed: the link stays, its target is replaced.
    std::fs::write(d.join("real.dot"), "old").unwrap();
    std::os::unix::fs::symlink("real.dot", d.join("link.dot")).unwrap();
    let o = run(d, &["graph", "p.toml", "-o", "link.dot"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(d.join("link.dot")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(d.join("real.dot")).unwrap().starts_with("digraph"));
}

#[test]
fn mark_never_appends_to_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plan_with_include_and_log(d);
    std::os::unix::fs::symlink("p.toml", d.join("soft.jsonl")).unwrap();
    std::fs::hard_link(d.join("p.toml"), d.join("hard.jsonl")).unwrap();
    let before = snapshot(d);
    for (log, message) in [
        ("p.toml", "--status p.toml is the plan being read"),
        ("soft.jsonl", "--status soft.jsonl is the plan being read"),
        ("hard.jsonl", "--status hard.jsonl is the plan being read"),
        ("inc.toml", "--status inc.toml is `inc.toml`, a file the plan includes"),
    ] {
        let o = run(d, &["mark", "p.toml", "b", "--done", "--at", "2025-06-21T10:00", "--status", log]);
        assert_eq!(o.status.code(), Some(2), "{log}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{log}: {}", stderr(&o));
        assert!(stderr(&o).contains("nothing was written"));
        assert_eq!(snapshot(d), before, "mark --status {log} wrote");
    }
}

#[test]
fn pipes_and_devices_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plan_with_include_and_log(d);
    mkfifo(&d.join("fifo.toml"));
    for special in ["fifo.toml", "/dev/zero", "/dev/urandom"] {
        // As the plan.
        for args in [&["check", special][..], &["status", special], &["next", special], &["mark", special, "a", "--done"]] {
            let o = run_within(d, args, 3);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(
                stderr(&o).contains(&format!("cannot read `{special}`: ")) && stderr(&o).contains("not a plan file"),
                "{args:?}: {}",
                stderr(&o)
            );
        }
        // As an include: an include-error finding, and no schedule.
        std::fs::write(
            d.join("q.toml"),
            format!(
                "{}[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\ndue = \"25/6/2025\"\n",
                head_including(&format!("\"{special}\""))
            ),
        )
        .unwrap();
        let o = run_within(d, &["check", "q.toml", "--format", "json", "--allow-outside-includes"], 3);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let r = rules(&v);
        assert!(
            r.iter().any(|(rule, line, m)| rule == "include-error" && *line == Some(6) && m.contains("not a plan file")),
            "{special}: {r:?}"
        );
        for args in [&["status", "q.toml", "--allow-outside-includes"][..], &["mark", "q.toml", "a", "--done", "--allow-outside-includes"]]
        {
            let o = run_within(d, args, 3);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("cannot be scheduled"), "{}", stderr(&o));
        }
        // As the status log.
        for args in [
            &["status", "p.toml", "--status", special][..],
            &["next", "p.toml", "--status", special],
            &["check", "p.toml", "--now", "2025-06-21T08:00", "--status", special],
            &["mark", "p.toml", "b", "--done", "--status", special],
        ] {
            let o = run_within(d, args, 3);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains(&format!("the status log `{special}`: it is a")), "{args:?}: {}", stderr(&o));
        }
    }
    // A directory of plans with a FIFO in it: the FIFO is skipped, not opened.
    std::fs::create_dir(d.join("plans")).unwrap();
    std::fs::copy(d.join("p.toml"), d.join("plans/p.toml")).unwrap();
    std::fs::copy(d.join("inc.toml"), d.join("plans/inc.toml")).unwrap();
    mkfifo(&d.join("plans/x.toml"));
    let o = run_within(d, &["check", "plans"], 3);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: skipped `plans/x.toml`: a named pipe (FIFO), not a plan file"), "{}", stderr(&o));
    // Asked for, a device is read up to the cap and no further.
    let o = run_within(d, &["check", "/dev/zero", "--allow-special-files", "--max-file-size", "1", "--format", "json"], 3);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rules(&v), vec![("too-large".into(), Some(1), "`/dev/zero` goes on past the cap of 1 MiB for one plan file".into())]);
}

#[test]
fn a_status_log_of_garbage_is_capped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plan_with_include_and_log(d);
    let mut log = std::fs::read_to_string(d.join("p.toml.status.jsonl")).unwrap();
    for i in 0..100_000 {
        log.push_str(&format!("garbage {i}\n"));
    }
    for i in 0..1_000 {
        log.push_str(&format!("{{\"event\":\"done\",\"task\":\"gone{i}\",\"at\":\"2025-06-20T10:00:00+07:00\",\"recorded\":\"2025-06-20T10:00:00+07:00\",\"by\":\"x\"}}\n"));
    }
    std::fs::write(d.join("p.toml.status.jsonl"), &log).unwrap();
    let o = run(d, &["status", "p.toml", "--now", "2025-06-21T08:00", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning: p.toml.status.jsonl: ")).collect();
    assert_eq!(warnings.len(), 20 + 1 + 20 + 1, "{err}");
    assert!(warnings[0].ends_with("line 2 is not a status record (expected value at line 1 column 1); skipped"), "{}", warnings[0]);
    assert!(warnings[20].ends_with("99980 more lines are not status records (the last is line 100001); skipped"), "{}", warnings[20]);
    assert!(warnings[21].ends_with("line 100002 names `gone0`, which the plan does not have"), "{}", warnings[21]);
    assert!(warnings[41].ends_with("980 more lines name tasks the plan does not have"), "{}", warnings[41]);
    // The record before the garbage still counts.
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["done"], 1, "{v}");
    // Over the cap, the log is refused, not read.
    let o = run(d, &["status", "p.toml", "--max-file-size", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read the status log `p.toml.status.jsonl`: it is larger than the cap of 1 MiB"), "{}", stderr(&o));
}

#[test]
fn a_hundred_thousand_unknown_ids_on_one_line_render_in_linear_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let n = 100_000;
    let ids: Vec<String> = (0..n).map(|i| format!("\"x{i}\"")).collect();
    let line = format!("after = [{}]", ids.join(", "));
    std::fs::write(d.join("p.toml"), format!("{HEAD}[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\ndue = \"1/7/2025\"\n{line}\n"))
        .unwrap();
    // For people: twenty of one rule, then how many more and how to see them.
    let o = run(d, &["check", "p.toml"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.matches("error[unknown-reference]").count(), 20);
    assert!(
        err.contains("… and 99,980 more `unknown-reference` findings not shown (pass --all to list every finding)\n"),
        "{}",
        &err[err.len() - 300..]
    );
    assert!(err.ends_with("100000 errors, 0 warnings in p.toml\n"), "{}", &err[err.len() - 300..]);
    let o = run(d, &["check", "p.toml", "--all"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // Every finding is reported, each with a bounded window of the line:
    // the work is the number of findings times a constant, not times the
    // line's 1.3 MB.
    assert_eq!(err.matches("error[unknown-reference]").count(), n);
    let longest = err.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 400, "a line of {longest} characters was printed");
    assert!(err.len() < n * 700, "{} bytes for {n} findings", err.len());
    // The place of a finding deep in the line is its real column.
    let col = line.find("\"x77777\"").unwrap() + 1;
    assert!(err.contains(&format!("--> p.toml:13:{col}\n")), "column {col} not found");
    assert!(err.contains("…\"x77776\", \"x77777\", \"x77778\""), "the window shows the id and its neighbours");
    // JSON gives the same places.
    let v = json(d, &["check", "p.toml", "--format", "json"]);
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), n);
    assert_eq!(f[77777]["column"].as_u64(), Some(col as u64), "{}", f[77777]);
}

#[test]
fn a_table_of_two_hundred_thousand_unknown_keys_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut text = format!("{HEAD}[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\ndue = \"1/7/2025\"\n");
    for i in 0..200_000 {
        text.push_str(&format!("k{i} = 1\n"));
    }
    std::fs::write(d.join("p.toml"), text).unwrap();
    let v = json(d, &["check", "p.toml", "--format", "json"]);
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 100_001);
    assert!(f.iter().take(100_000).all(|x| x["rule"] == "unknown-key"));
    assert_eq!(f[100_000]["message"], "100000 more findings were not recorded (the first 100000 are shown): 100000 unknown-key");
}

#[test]
fn an_os_error_is_said_once_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["check", "nosuch.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: cannot read `nosuch.toml`: no such file\n");
    let o = run(dir.path(), &["critical-path", "nosuch.toml"]);
    assert_eq!(stderr(&o), "error: cannot read `nosuch.toml`: no such file\n");
}

#[test]
fn a_key_nested_too_deeply_is_reported_at_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let deep = vec!["k"; 300].join(".");
    std::fs::write(dir.path().join("p.toml"), format!("{HEAD}[[task]]\nid = \"a\"\n{deep} = 1\n")).unwrap();
    let v = json(dir.path(), &["check", "p.toml", "--format", "json"]);
    let r = rules(&v);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!((r[0].0.as_str(), r[0].1), ("toml-syntax", Some(10)), "{r:?}");
    assert!(r[0].2.to_lowercase().contains("too deeply nested"), "{r:?}");
}

/// More findings than are recorded, all of them warnings: still a plan of
/// warnings (exit 0), still scheduled, and the report says what it left out.
#[test]
fn a_plan_of_only_warnings_past_the_findings_cap_stays_a_plan_of_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text: String = cutover::generate::dag(100_500, 1).lines().filter(|l| !l.starts_with("due")).map(|l| format!("{l}\n")).collect();
    std::fs::write(d.join("p.toml"), text).unwrap();
    let v = json(d, &["check", "p.toml", "--format", "json"]);
    assert_eq!(v["errors"], 0, "{}", v["findings"][100_000]);
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 100_001);
    let cap = &f[100_000];
    assert_eq!(cap["rule"], "too-large");
    assert_eq!(cap["severity"], "warning");
    assert_eq!(cap["message"], "500 more findings were not recorded (the first 100000 are shown): 500 missing-deadline");
    let o = run(d, &["check", "p.toml"]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(
        err.contains("… and 99,980 more `missing-deadline` findings not shown (pass --all to list every finding)"),
        "{}",
        &err[err.len().saturating_sub(400)..]
    );
    assert!(err.ends_with("0 errors, 100001 warnings in p.toml\n"), "{}", &err[err.len().saturating_sub(400)..]);
    let o = run(d, &["check", "p.toml", "--deny", "warnings", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "--deny warnings still fails it");
    let o = run(d, &["critical-path", "p.toml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!v["path"].as_array().unwrap().is_empty());
}

/// Working time cannot be made to hang: a chain of tasks of a hundred years'
/// working days each on the office calendar, one whose calendar is closed
/// for years, and a calendar with no working day at all.
#[test]
fn working_time_has_no_hang_in_it() {
    let d = tempfile::tempdir().unwrap();
    // (`missing-deadline` off: the report stays smaller than a pipe's buffer,
    // which `run_within` does not drain while it waits.)
    let mut body = HEAD.replacen("[plan]\n", "[plan]\ncalendar = \"hanh-chinh\"\nrules = { missing-deadline = \"off\" }\n", 1);
    for i in 0..200 {
        body.push_str(&format!("[[task]]\nid = \"t{i}\"\ntitle = \"T\"\nlead = \"a\"\nduration = \"26000wd\"\n"));
        if i > 0 {
            body.push_str(&format!("after = [{{ task = \"t{}\", lag = \"-20000wd\" }}]\n", i - 1));
        }
    }
    body.push_str("[calendar.closed]\nhours = [\"8:00-9:00\"]\ndays = [\"CN\"]\n");
    for y in 2025..2030 {
        body.push_str(&format!("[[holiday]]\ndate = \"1/1/{y}\"\nto = \"31/12/{y}\"\nname = \"x\"\ncalendars = [\"closed\"]\n"));
    }
    body.push_str("[[task]]\nid = \"stuck\"\ntitle = \"S\"\nlead = \"a\"\ncalendar = \"closed\"\nduration = \"1wh\"\n");
    body.push_str("[calendar.none]\ndays = []\n");
    std::fs::write(d.path().join("p.toml"), &body).unwrap();
    let out = run_within(d.path(), &["check", "p.toml", "--format", "json"], 60);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let r = rules(&v);
    assert!(r.iter().any(|(rule, _, m)| rule == "no-working-time" && m.starts_with("`stuck`: calendar `closed`")), "{r:?}");
    assert!(r.iter().any(|(rule, _, m)| rule == "bad-value" && m.contains("`days` names no working day")), "{r:?}");
    let out = run_within(d.path(), &["critical-path", "p.toml", "--to", "t199", "--format", "json"], 60);
    assert!(!out.stdout.is_empty() || !out.stderr.is_empty());
}
