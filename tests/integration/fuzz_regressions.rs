//! Inputs found by fuzzing (`scripts/fuzz.sh`, `fuzz/fuzz_targets/`), replayed
//! in-process on every `cargo test`, plus a few hand-written hostile inputs.
//!
//! Every file under `tests/fuzz-regressions/` is run through the same calls as
//! the fuzz target its name starts with:
//!
//! - `load-*` (a plan file): load with a 100,000-instance cap, check, render
//!   the human, JSON and GitHub reports, and walk the critical path and the
//!   slack table — as `fuzz/fuzz_targets/load.rs`;
//! - `time-*` (text): `TimeExpr::parse` and, on success, `due`, `not_before`,
//!   `window_start` and both displays in two zones; `parse_duration`;
//!   `PlanTz::parse` — as `fuzz/fuzz_targets/time.rs`;
//! - `status_log-*` (a status log, JSON lines): `status::parse`, then
//!   `status::apply` (and `apply_as_of` two moments) on
//!   `examples/minimal.toml`, the warning lines (at most
//!   `2 * SHOWN_WARNINGS + 2`, no control character), the forecast from
//!   `status::fixed`, `night::summarize`, the status screen as text and
//!   JSON, and `next` — `cutover::fuzzing::status_log`, as
//!   `fuzz/fuzz_targets/status_log.rs`;
//! - `mark_id-*` (text): `cutover mark`'s ID through `status::targets` on
//!   the same plan (what it names exists, once, and reads back as itself;
//!   `task@all` names the task in every unit) — `cutover::fuzzing::mark_id`,
//!   as `fuzz/fuzz_targets/mark_id.rs`.
//!
//! Each input runs on its own thread with a 2 MiB stack (the default for test
//! threads), so a panic or a stack overflow fails this test and names the
//! file. To add a case: minimise the fuzzer's artifact (`cargo fuzz tmin`, see
//! `scripts/fuzz.sh`) and copy it here as `<target>-<short-name>.toml|txt|jsonl`.

use std::path::{Path, PathBuf};

/// What `fuzz/fuzz_targets/load.rs` does with one input.
fn run_load(data: &[u8]) {
    cutover::fuzzing::plan(data);
}

/// What `fuzz/fuzz_targets/time.rs` does with one input.
fn run_time(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    cutover::fuzzing::time_expression(s);
    cutover::fuzzing::time_zone(s);
}

/// Runs `f` on `data` on a fresh 2 MiB-stack thread; `Err` with the panic
/// message if it panicked (a stack overflow aborts the whole test binary,
/// which fails the test as well).
fn guarded(name: &str, f: fn(&[u8]), data: Vec<u8>) -> Result<(), String> {
    std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(2 << 20)
        .spawn(move || f(&data))
        .expect("spawn a test thread")
        .join()
        .map_err(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(a panic without a message)".into())
        })
}

fn regression_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// Every saved fuzzer input, through the calls of its target. All of them run
/// before the test fails, so one run lists every input that still panics.
#[test]
fn saved_fuzz_inputs_do_not_panic() {
    let mut failures = Vec::new();
    for file in regression_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let f: fn(&[u8]) = if name.starts_with("load-") {
            run_load
        } else if name.starts_with("time-") {
            run_time
        } else if name.starts_with("status_log-") {
            cutover::fuzzing::status_log
        } else if name.starts_with("mark_id-") {
            cutover::fuzzing::mark_id
        } else {
            panic!(
                "tests/fuzz-regressions/{name}: the name must start with `load-`, `time-`, `status_log-` or `mark_id-` (the fuzz target)"
            );
        };
        let data = std::fs::read(&file).unwrap();
        if let Err(msg) = guarded(&name, f, data) {
            failures.push(format!("tests/fuzz-regressions/{name}: {msg}"));
        }
    }
    assert!(failures.is_empty(), "{} saved fuzz input(s) panic:\n{}", failures.len(), failures.join("\n"));
}

/// A plan header, so the hostile parts below reach the rules and the schedule.
const HEAD: &str = "[plan]\nid = \"p\"\ntitle = \"P\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n\n[org.a]\nname = \"A\"\n\n";

/// Hand-written hostile plans: each must be loaded, checked and rendered
/// without a panic or a stack overflow.
fn hostile_plans() -> Vec<(&'static str, Vec<u8>)> {
    let mut v: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let deep = 10_000;
    v.push(("deeply nested arrays", format!("x = {}{}\n", "[".repeat(deep), "]".repeat(deep)).into_bytes()));
    v.push(("deeply nested inline tables", format!("x = {}1{}\n", "{a = ".repeat(deep), "}".repeat(deep)).into_bytes()));
    v.push((
        "deeply nested arrays in a task",
        format!("{HEAD}[[task]]\nid = \"t\"\ntitle = \"T\"\nlead = \"a\"\nafter = {}{}\n", "[".repeat(deep), "]".repeat(deep)).into_bytes(),
    ));
    v.push(("100,000 `[`", "[".repeat(100_000).into_bytes()));
    v.push(("100,000 `[[`", format!("{}\n", "[[".repeat(50_000)).into_bytes()));
    v.push(("a long dotted key", format!("{} = 1\n", vec!["a"; 20_000].join(".")).into_bytes()));
    v.push(("a long dotted table header", format!("[{}]\n", vec!["org"; 20_000].join(".")).into_bytes()));
    v.push((
        "huge integers",
        format!(
            "{HEAD}[[task]]\nid = \"t\"\ntitle = 99999999999999999999999999\nlead = 9223372036854775807\nduration = -9223372036854775808\ndue = 1e999\nnot_before = -inf\n"
        )
        .into_bytes(),
    ));
    for (name, text) in [
        ("lag of 99999999999 days", "99999999999d"),
        ("lag of 100 years and a minute", "52560001m"),
        ("lag of minus 100 years", "-52560000m"),
        ("lag of many parts", "1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d"),
    ] {
        v.push((
            name,
            format!(
                "{HEAD}[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\nduration = \"{text}\"\ndue = \"24:00 31/12/9999\"\n\n\
                 [[task]]\nid = \"b\"\ntitle = \"B\"\nlead = \"a\"\ndue = \"1/1/1\"\nafter = [{{ task = \"a\", lag = \"{text}\", type = \"ss\" }}]\n"
            )
            .into_bytes(),
        ));
    }
    // The ends of the calendar, with the longest durations and leads, in
    // the zones furthest from UTC.
    for tz in ["+14:00", "-14:00", "Pacific/Kiritimati", "Etc/GMT+12"] {
        let mut s = format!(
            "[plan]\nid = \"p\"\ntitle = \"P\"\nstart = \"1/1/1\"\ncutover = \"24:00 31/12/9999\"\ntimezone = \"{tz}\"\n\n[org.a]\nname = \"A\"\n\n"
        );
        let mut prev = None::<String>;
        for (i, (due, d)) in
            [("24:00 31/12/9999", "52560000m"), ("1/1/1", "52560000m"), ("quý IV/9999", "0h"), ("trước 1/1/1", "52560000m")]
                .iter()
                .enumerate()
        {
            s.push_str(&format!("[[task]]\nid = \"t{i}\"\ntitle = \"T\"\nlead = \"a\"\ndue = \"{due}\"\nnot_before = \"1/1/1\"\nduration = \"{d}\"\nphase = \"cutover\"\n"));
            if let Some(p) = &prev {
                s.push_str(&format!("after = [{{ task = \"{p}\", lag = \"-52560000m\", type = \"ff\" }}]\n"));
            }
            s.push('\n');
            prev = Some(format!("t{i}"));
        }
        v.push(("the ends of the calendar", s.into_bytes()));
    }
    // Many units times many unit tasks: over the 100,000-instance cap.
    let mut s = HEAD.to_string();
    for u in 0..400 {
        s.push_str(&format!("[[unit]]\nid = \"u{u}\"\nname = \"U\"\n"));
    }
    for t in 0..300 {
        s.push_str(&format!("[[task]]\nid = \"t{t}\"\ntitle = \"T\"\nlead = \"a\"\nscope = \"unit\"\n"));
    }
    v.push(("more instances than the cap", s.into_bytes()));
    // A self-cycle, a long cycle, and unknown references everywhere.
    let mut s = HEAD.to_string();
    for t in 0..200 {
        s.push_str(&format!(
            "[[task]]\nid = \"t{t}\"\ntitle = \"T\"\nlead = \"a\"\nafter = [\"t{}\", \"t{t}\", \"nope{t}\"]\n",
            (t + 1) % 200
        ));
    }
    v.push(("cycles", s.into_bytes()));
    v.push(("not UTF-8", b"[plan]\nid = \"\xff\xfe\"\n\xc3\x28 = 1\n".to_vec()));
    v.push(("a BOM and CRLF", b"\xef\xbb\xbf[plan]\r\nid = \"p\"\r\n\r".to_vec()));
    v.push(("NUL bytes", b"[plan]\0\nid = \"\0\"\n".to_vec()));
    v.push(("a lone CR in a multibyte line", "[plan]\ntitle = \"Sở\rKhoa\"\nid = 1\n".as_bytes().to_vec()));
    v.push((
        "includes that go nowhere",
        format!("{HEAD}include = [\"/dev/zero\", \"../../../../etc/passwd\", \"\", \".\", \"fuzz.toml\"]\n").into_bytes(),
    ));
    v
}

#[test]
fn hostile_plans_do_not_panic() {
    let mut failures = Vec::new();
    for (name, data) in hostile_plans() {
        if let Err(msg) = guarded(name, run_load, data) {
            failures.push(format!("{name}: {msg}"));
        }
    }
    assert!(failures.is_empty(), "{} hostile plan(s) panic:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn hostile_time_texts_do_not_panic() {
    let long_digits = "9".repeat(100_000);
    let texts: Vec<String> = vec![
        "99999999999d".into(),
        "-99999999999d".into(),
        "9999999999999999999999m".into(),
        format!("{long_digits}m"),
        "1d".repeat(50_000),
        "[".repeat(100_000),
        "24:00 31/12/9999".into(),
        "2025-06-30T24:00-23:59".into(),
        "31/12/9999T23:59+23:59".into(),
        "1/1/1T00:00+23:59".into(),
        "0001-01-01T00:00:00-23:59".into(),
        "quý IV/9999".into(),
        "tháng 12/9999".into(),
        "9999-Q4".into(),
        "31/6/2025".into(),
        "25:00 30/6/2025".into(),
        "tháng 13/2025".into(),
        "\u{0300}\u{0301}ngày".into(),
        "ngày ".repeat(10_000),
        "+14:00".into(),
        "-14:59".into(),
        "+2147483647".into(),
        "Asia/Ho_Chi_Minh\0".into(),
    ];
    let mut failures = Vec::new();
    for t in texts {
        let shown: String = t.chars().take(40).collect();
        if let Err(msg) = guarded("time", run_time, t.into_bytes()) {
            failures.push(format!("{shown:?}: {msg}"));
        }
    }
    assert!(failures.is_empty(), "{} hostile time text(s) panic:\n{}", failures.len(), failures.join("\n"));
}
