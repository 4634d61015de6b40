//! Hostile input, survived: the binary never panics, overflows, hangs or
//! allocates without bound, whatever the file. Each test runs the real
//! binary and asserts the specific finding.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cutover")).args(args).current_dir(dir).output().expect("run cutover");
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
