//! `cutover import`: the draft of seed 002 passes `check`'s structure and is
//! measured against the hand-encoded plan; documents written in the seeds'
//! style with other values; bad input.

use crate::test::{Test, root};
use std::collections::BTreeMap;
use std::path::Path;

const SEED_002: &str = "seeds/002_779058d11219e6c3.txt";
const UNITS: &str = "plans/units/quang-ngai-2025.toml";

/// Imports `doc` into a scratch directory; the draft's text.
fn import(doc: &Path, extra: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("draft.toml");
    let mut args = vec!["import".to_string(), doc.display().to_string(), "-o".into(), out.display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    Test::new().args(&args).status(0).stderr_contains("tasks,").run();
    let text = std::fs::read_to_string(&out).unwrap();
    (dir, text)
}

/// `check` on the draft: no error (timing warnings are the document's).
fn check_clean(dir: &Path) {
    let o = Test::new().args(["check", "draft.toml"]).current_dir(dir).run();
    assert_eq!(o.status, 0, "check reported errors:\n{}\n{}", o.stdout, o.stderr);
}

#[test]
fn seed_002_draft_passes_check() {
    let (dir, text) = import(&root().join(SEED_002), &["--units", &root().join(UNITS).display().to_string()]);
    assert!(text.contains("source  = \"kh-2025-06 II.5.b\""), "the second section 4. is II.5");
    assert!(text.contains("# review:"));
    // II.1.a "… để phục vụ tạo lập tài khoản Email công vụ …": each wave of
    // II.1.b waits for it, a proposal.
    let ts = tasks(&text);
    for t in ts.iter().filter(|t| s(t, "source") == "kh-2025-06 II.1.b") {
        assert_eq!(t["after"].as_array().unwrap()[0].as_str(), Some("email.a"));
    }
    assert!(text.contains("# review: proposal: the text states this order in words"));
    check_clean(dir.path());
}

// ── The measurement ─────────────────────────────────────────────────────────

/// One task as the comparison reads it.
#[derive(Debug, Clone, Default)]
struct Row {
    lead: Vec<String>,
    support: Vec<String>,
    due: Option<i64>,
    unit: bool,
}

fn ids(v: Option<&toml::Value>) -> Vec<String> {
    let mut out: Vec<String> = match v {
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    out.sort();
    out
}

fn due(v: Option<&toml::Value>) -> Option<i64> {
    let tz = cutover::time::PlanTz::parse("Asia/Ho_Chi_Minh").unwrap();
    let s = match v? {
        toml::Value::String(s) => s.clone(),
        // `{ after = …, or = "22/6/2025" }`: the date the document writes.
        toml::Value::Table(t) => t.get("or")?.as_str()?.to_string(),
        _ => return None,
    };
    cutover::time::TimeExpr::parse(&s).ok().map(|e| e.due(&tz).0)
}

/// Tasks by clause (`II.3.b`), in file order, for the source `source`.
fn by_clause(text: &str, source: &str) -> BTreeMap<String, Vec<Row>> {
    let v: toml::Table = toml::from_str(text).unwrap();
    let mut out: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for t in v.get("task").and_then(|t| t.as_array()).into_iter().flatten() {
        let Some(src) = t.get("source").and_then(|s| s.as_str()) else { continue };
        let Some(clause) = src.strip_prefix(source).map(str::trim) else { continue };
        out.entry(clause.to_string()).or_default().push(Row {
            lead: ids(t.get("lead")),
            support: ids(t.get("support")),
            due: due(t.get("due")),
            unit: t.get("scope").and_then(|s| s.as_str()) == Some("unit"),
        });
    }
    out
}

/// Recall of clauses and exact-match rates of lead, support, due, scope,
/// over the hand-encoded plan's tasks (a task the draft lacks is a miss).
pub struct Measure {
    pub clauses: (usize, usize),
    pub tasks: usize,
    pub lead: usize,
    pub support: usize,
    pub due: usize,
    pub scope: usize,
    pub misses: Vec<String>,
}

fn measure(draft: &str, shipped: &str, source: &str, shipped_source: &str) -> Measure {
    let d = by_clause(draft, source);
    let s = by_clause(shipped, shipped_source);
    let mut m = Measure { clauses: (0, s.len()), tasks: 0, lead: 0, support: 0, due: 0, scope: 0, misses: Vec::new() };
    for (clause, rows) in &s {
        let got = d.get(clause);
        if got.is_some() {
            m.clauses.0 += 1;
        } else {
            m.misses.push(format!("{clause}: clause not found"));
        }
        for (k, r) in rows.iter().enumerate() {
            m.tasks += 1;
            // The k-th task of the clause, or its only one.
            let Some(g) = got.and_then(|g| g.get(k).or(if g.len() == 1 { g.first() } else { None })) else { continue };
            let mut miss = |what: &str, ok: bool, n: &mut usize, a: String, b: String| {
                if ok {
                    *n += 1;
                } else {
                    m.misses.push(format!("{clause}#{k} {what}: draft {a}, plan {b}"));
                }
            };
            miss("lead", g.lead == r.lead, &mut m.lead, format!("{:?}", g.lead), format!("{:?}", r.lead));
            miss("support", g.support == r.support, &mut m.support, format!("{:?}", g.support), format!("{:?}", r.support));
            miss("due", g.due == r.due, &mut m.due, format!("{:?}", g.due), format!("{:?}", r.due));
            miss("scope", g.unit == r.unit, &mut m.scope, g.unit.to_string(), r.unit.to_string());
        }
    }
    m
}

fn pct(a: usize, b: usize) -> String {
    format!("{a}/{b} = {:.1} %", 100.0 * a as f64 / b.max(1) as f64)
}

fn table(name: &str, m: &Measure) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {} | {} |\n",
        pct(m.clauses.0, m.clauses.1),
        m.tasks,
        pct(m.lead, m.tasks),
        pct(m.support, m.tasks),
        pct(m.due, m.tasks),
        pct(m.scope, m.tasks)
    )
}

/// `cargo test --test integration import::measure -- --nocapture` prints the
/// table of docs/import.md.
#[test]
fn measure_against_shipped_plans() {
    let units = root().join(UNITS).display().to_string();
    let mut out = String::from("| document | clauses found | tasks | lead | support | due | scope |\n|---|---|---|---|---|---|---|\n");
    let shipped = std::fs::read_to_string(root().join("plans/quang-ngai-2025.toml")).unwrap();
    let (_d, draft) = import(&root().join(SEED_002), &["--units", &units]);
    let m = measure(&draft, &shipped, "kh-2025-06", "kh-2025-06");
    out.push_str(&table("002 → quang-ngai-2025.toml", &m));
    // 003: an appendix table whose columns ran together.
    let local = std::fs::read_to_string(root().join("plans/quang-ngai-2025-plan02-local.toml")).unwrap();
    let (_d3, draft3) = import(&root().join("seeds/003_80af4dac8d2d0d1a.txt"), &["--source-id", "pl04-kh02-2025"]);
    let m3 = measure(&draft3, &local, "pl04-kh02-2025", "pl04-kh02-2025");
    out.push_str(&table("003 → quang-ngai-2025-plan02-local.toml", &m3));
    // 000: a follow-up letter; measured, not held to the targets.
    let followup = std::fs::read_to_string(root().join("plans/quang-ngai-2025-07-followup.toml")).unwrap();
    let (_d0, draft0) = import(&root().join("seeds/000_6698316e78cb2e63.txt"), &["--source-id", "ubnd-kgvx-2025-07"]);
    let m0 = measure(&draft0, &followup, "ubnd-kgvx-2025-07", "ubnd-kgvx-2025-07");
    out.push_str(&table("000 → quang-ngai-2025-07-followup.toml", &m0));
    // 004: its appendix table (the numbered duties above it have no fields).
    let q2 = std::fs::read_to_string(root().join("plans/quang-ngai-2026-q2.toml")).unwrap();
    let (_d4, draft4) = import(&root().join("seeds/004_41fd8fcf13e1293d.txt"), &["--source-id", "ubnd-kgvx-2026-q2"]);
    let m4 = measure(&draft4, &q2, "ubnd-kgvx-2026-q2", "ubnd-kgvx-2026-q2");
    out.push_str(&table("004 → quang-ngai-2026-q2.toml", &m4));
    println!("{out}");
    for miss in m.misses.iter().chain(&m3.misses).chain(&m4.misses).chain(&m0.misses) {
        println!("  miss: {miss}");
    }
    // The floor this importer holds; docs/import.md gives the targets.
    assert!(m.clauses.0 * 100 >= 95 * m.clauses.1, "clause recall fell");
    for (what, n) in [("lead", m.lead), ("support", m.support), ("due", m.due), ("scope", m.scope)] {
        assert!(n * 100 >= 90 * m.tasks, "{what} exact-match rate fell below 90 %");
    }
}

// ── Documents written in the seeds' style, other values ─────────────────────

/// The draft's tasks as TOML tables.
fn tasks(text: &str) -> Vec<toml::Table> {
    let v: toml::Table = toml::from_str(text).unwrap();
    v["task"].as_array().unwrap().iter().map(|t| t.as_table().unwrap().clone()).collect()
}

fn task<'a>(ts: &'a [toml::Table], source: &str) -> &'a toml::Table {
    ts.iter().find(|t| t["source"].as_str() == Some(source)).unwrap_or_else(|| panic!("no task for {source}"))
}

fn s<'a>(t: &'a toml::Table, k: &str) -> &'a str {
    t.get(k).and_then(|v| v.as_str()).unwrap_or("")
}

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/import").join(name)
}

#[test]
fn lao_cai_repeated_section_skipped_letter_waves_and_new_org() {
    let (dir, text) = import(&fixture("lao-cai-2025-09.txt"), &[]);
    check_clean(dir.path());
    let v: toml::Table = toml::from_str(&text).unwrap();
    let src = &v["source"].as_array().unwrap()[0];
    assert_eq!(src["id"].as_str(), Some("kh-2025-09"));
    assert_eq!(src["number"].as_str(), Some("215/KH-UBND"));
    assert_eq!(src["date"].as_str(), Some("3/9/2025"));
    let ts = tasks(&text);
    // Part I (purposes) gives no task; "1." printed twice is II.2.
    assert!(ts.iter().all(|t| !s(t, "source").contains(" I.")));
    assert_eq!(s(task(&ts, "kh-2025-09 II.2.a"), "due"), "tháng 10/2025");
    // `c` then `đ`: the skipped `d` is no gap.
    let dd = task(&ts, "kh-2025-09 II.1.đ");
    assert_eq!(s(dd, "due"), "24 giờ 00 ngày 15/9/2025");
    assert_eq!(s(dd, "lead"), "so-tttt");
    assert_eq!(dd["support"].as_array().unwrap().len(), 2, "Tập đoàn Viettel; Viettel Lào Cai");
    assert!(text.contains("[org.viettel-lc]"));
    // Two waves.
    let waves: Vec<_> = ts.iter().filter(|t| s(t, "source") == "kh-2025-09 II.1.c").collect();
    assert_eq!(waves.iter().map(|t| s(t, "due")).collect::<Vec<_>>(), ["ngày 13/9/2025", "14/9/2025"]);
    // A name the table does not know: declared, marked.
    assert!(text.contains("[org.trung-tam-tin-hoc-tinh-lao-cai]"));
    assert!(text.contains("# review: new org from the document: Trung tâm Tin học tỉnh Lào Cai"));
    // Section III duties, led by their section's org.
    assert_eq!(s(task(&ts, "kh-2025-09 III.2"), "lead"), "so-taichinh");
}

#[test]
fn can_tho_fields_in_another_order() {
    let (dir, text) = import(&fixture("can-tho-2025-11.txt"), &["--source-id", "pa-45"]);
    check_clean(dir.path());
    assert!(text.contains("title    = \"Chuyển đổi Hệ thống Quản lý văn bản và điều hành thành phố Cần Thơ\""));
    let ts = tasks(&text);
    let a = task(&ts, "pa-45 II.1.a");
    assert_eq!(s(a, "lead"), "trung-tam-chuyen-doi-so-thanh-pho");
    assert_eq!(s(a, "due"), "trước ngày 1/12/2025");
    assert_eq!(s(a, "system"), "qlvbdh");
    let b = task(&ts, "pa-45 II.1.b");
    assert_eq!(s(b, "due"), "24 giờ 00 ngày 5/12/2025");
    let sup: Vec<&str> = b["support"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert_eq!(sup, ["vnpt", "vnpt-cth", "so-noivu"]);
    // The backup before the packaging: a proposal, marked.
    assert_eq!(b["after"].as_array().unwrap()[0].as_str(), Some("qlvbdh.a"));
    assert!(text.contains("# review: proposal: the backups before the packaging of the same system"));
    assert_eq!(s(task(&ts, "pa-45 III.1"), "lead"), "trung-tam-chuyen-doi-so-thanh-pho");
}

#[test]
fn gia_lai_fields_on_running_lines_and_units() {
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("units.toml");
    std::fs::write(&units, "[[unit]]\nid = \"pleiku\"\nname = \"Phường Pleiku\"\n\n[[unit]]\nid = \"ialy\"\nname = \"Xã Ia Ly\"\n")
        .unwrap();
    let (dir2, text) = import(&fixture("gia-lai-2026-03.txt"), &["--units", &units.display().to_string()]);
    check_clean(dir2.path());
    let ts = tasks(&text);
    let a = task(&ts, "kh-2026-03 I.1.a");
    assert_eq!(s(a, "lead"), "skhcn", "SKHCN");
    let sup: Vec<&str> = a["support"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert_eq!(sup, ["vpubnd", "buudien"], "VP UBND tỉnh; Bưu điện tỉnh");
    assert_eq!(s(a, "due"), "trước ngày 20/3/2026", "a field broken across lines");
    assert_eq!(s(a, "scope"), "unit", "for the new units");
    assert_eq!(s(task(&ts, "kh-2026-03 I.1.b"), "lead"), "ubnd-xa", "UBND các xã, phường");
    assert_eq!(s(task(&ts, "kh-2026-03 I.2.a"), "scope"), "unit");
    assert!(text.contains("id = \"ialy\""), "the units copied in");
}

// ── Line breaks moved ───────────────────────────────────────────────────────

/// The text re-wrapped at `width` columns, every original break dropped.
fn rewrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if col > 0 && col + 1 + n > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += n;
    }
    out.push('\n');
    out
}

/// Each task's source, lead, support, due and scope, as the draft writes them.
fn fields(text: &str) -> Vec<(String, String, String, String, String)> {
    tasks(text)
        .iter()
        .map(|t| {
            let f = |k: &str| t.get(k).map(|v| format!("{v:?}")).unwrap_or_default();
            (f("source"), f("lead"), f("support"), f("due"), f("scope"))
        })
        .collect()
}

#[test]
fn seed_002_with_its_line_breaks_moved_reads_the_same() {
    let units = root().join(UNITS).display().to_string();
    let (_a, plain) = import(&root().join(SEED_002), &["--units", &units]);
    let want = fields(&plain);
    let seed = std::fs::read_to_string(root().join(SEED_002)).unwrap();
    for width in [45, 57, 90] {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("moved.txt");
        std::fs::write(&doc, rewrap(&seed, width)).unwrap();
        let (d, text) = import(&doc, &["--units", &units]);
        assert_eq!(fields(&text), want, "width {width}");
        check_clean(d.path());
    }
}

/// The text with what PDF extraction leaves between its lines, at fixed
/// steps (`step` shifts where): a running header with the page number, a
/// lone page number, a running URL, a word cut by a hyphen at a line's end,
/// a form feed; mostly in the middle of sentences.
fn pdf_noise(text: &str, step: usize) -> String {
    pdf_noise_with(text, step, "Công báo tỉnh Quảng Ngãi Số 12 Trang {page}")
}

/// [`pdf_noise`] with another running header (`{page}`: the page number).
fn pdf_noise_with(text: &str, step: usize, header: &str) -> String {
    let mut out = String::new();
    let mut page = 1;
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let k = i + step;
        let line = l.trim_end();
        // A word cut at the line's end: `Công nghệ` → `Công ng-` / `hệ`.
        let cut = line.rsplit_once(' ').filter(|(_, w)| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic));
        match cut {
            Some((head, w)) if k % 7 == 2 => {
                let half = w.chars().count() / 2;
                let (a, b): (String, String) = (w.chars().take(half).collect(), w.chars().skip(half).collect());
                out.push_str(&format!("{head} {a}-\n{b}"));
                // The rest of the word begins the next line.
                let next = lines.get(i + 1).map_or("", |n| n.trim());
                if next.is_empty() {
                    out.push('\n');
                } else {
                    out.push(' ');
                }
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
        if line.is_empty() {
            continue;
        }
        if k % 13 == 5 {
            page += 1;
            out.push_str(&header.replace("{page}", &page.to_string()));
            out.push('\n');
        }
        if k % 17 == 3 {
            page += 1;
            out.push_str(&format!("{page}\n"));
        }
        if k % 19 == 7 {
            out.push_str("https://congbao.quangngai.gov.vn/so-12\n");
        }
        if k % 23 == 9 {
            out.push('\u{c}');
        }
    }
    out
}

#[test]
fn seed_002_with_pdf_extraction_noise_reads_the_same() {
    let units = root().join(UNITS).display().to_string();
    let (_a, plain) = import(&root().join(SEED_002), &["--units", &units]);
    let want = fields(&plain);
    let seed = std::fs::read_to_string(root().join(SEED_002)).unwrap();
    for step in [0, 4, 9] {
        let noisy = pdf_noise(&seed, step);
        assert!(noisy.matches("Công báo tỉnh").count() > 20 && noisy.matches('\u{c}').count() > 10, "noise inserted");
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("noisy.txt");
        std::fs::write(&doc, &noisy).unwrap();
        let (d, text) = import(&doc, &["--units", &units]);
        let got = fields(&text);
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "step {step}");
        }
        assert_eq!(got.len(), want.len(), "step {step}");
        assert!(!text.contains("Công báo"), "step {step}: the running header is not text");
        check_clean(d.path());
    }
    // A document in the seeds' style, another province's gazette header
    // (with slashes: `CÔNG BÁO/Số 7/Ngày 22-9-2025`) and page numbers.
    let lc = fixture("lao-cai-2025-09.txt");
    let (_c, plain_lc) = import(&lc, &[]);
    let want_lc = fields(&plain_lc);
    let text_lc = std::fs::read_to_string(&lc).unwrap();
    for step in [1, 5] {
        let noisy = pdf_noise_with(&text_lc, step, "CÔNG BÁO/Số 7/Ngày 22-9-2025 - Trang {page}");
        assert!(noisy.matches("CÔNG BÁO/Số 7").count() >= 3);
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("noisy.txt");
        std::fs::write(&doc, noisy).unwrap();
        let (d, text) = import(&doc, &[]);
        assert_eq!(fields(&text), want_lc, "Lào Cai, step {step}");
        assert!(!text.contains("CÔNG BÁO/Số 7"));
        check_clean(d.path());
    }
    // Seed 004's appendix table (tab-separated cells): the noise between its
    // rows does not end it.
    let seed4 = root().join("seeds/004_41fd8fcf13e1293d.txt");
    let (_b, plain4) = import(&seed4, &[]);
    let want4 = fields(&plain4);
    assert!(want4.iter().filter(|f| f.0.contains("PL STT")).count() >= 20);
    let text4 = std::fs::read_to_string(&seed4).unwrap();
    for step in [0, 3, 6] {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("noisy.txt");
        std::fs::write(&doc, pdf_noise(&text4, step)).unwrap();
        let (d, text) = import(&doc, &[]);
        assert_eq!(fields(&text), want4, "004, step {step}");
        check_clean(d.path());
    }
}

// ── Bad input ───────────────────────────────────────────────────────────────

#[test]
fn bad_input_exits_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    std::fs::write(p("latin1.txt"), b"K\xea ho\xe1ch\n").unwrap();
    std::fs::write(p("empty.txt"), "").unwrap();
    std::fs::write(p("prose.txt"), "Một đoạn văn không có mục nào.\nChỉ là văn bản.\n").unwrap();
    let big = std::fs::File::create(p("big.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    Test::new().args(["import", &p("latin1.txt")]).status(2).stderr_contains("is not UTF-8").run();
    Test::new().args(["import", &p("empty.txt")]).status(2).stderr_contains("is empty").run();
    Test::new().args(["import", &p("prose.txt")]).status(2).stderr_contains("no recognisable item").run();
    Test::new().args(["import", &p("big.txt")]).status(2).stderr_contains("larger than 2 MB").run();
    Test::new().args(["import", &p("missing.txt")]).status(2).stderr_contains("cannot read").run();
    // Vietnamese by default.
    Test::new().args(["import", &p("empty.txt")]).env("CUTOVER_LANG", "vi").status(2).stderr_contains("rỗng").run();
}

#[test]
fn never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("draft.toml");
    std::fs::write(&out, "keep").unwrap();
    let doc = fixture("lao-cai-2025-09.txt").display().to_string();
    let o = out.display().to_string();
    Test::new().args(["import", &doc, "-o", &o]).status(2).stderr_contains("add --force").run();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
    Test::new().args(["import", &doc, "-o", &o, "--force"]).status(0).run();
    // Never the document itself, even with --force.
    let copy = dir.path().join("doc.txt");
    std::fs::copy(fixture("lao-cai-2025-09.txt"), &copy).unwrap();
    let c = copy.display().to_string();
    Test::new().args(["import", &c, "-o", &c, "--force"]).status(2).stderr_contains("a file this command reads").run();
    assert!(std::fs::read_to_string(&out).unwrap().contains("[[task]]"));
}

#[test]
fn review_comments_in_the_cli_language() {
    let doc = fixture("lao-cai-2025-09.txt").display().to_string();
    let o = Test::new().args(["import", &doc]).env("CUTOVER_LANG", "vi").status(0).stderr_contains("nhiệm vụ").run();
    assert!(o.stdout.contains("# review: tách theo đợt từ"), "{}", o.stdout);
}

// ── Units from a CSV of communes ────────────────────────────────────────────

#[test]
fn units_from_a_csv_of_communes() {
    let csv = fixture("communes-two-provinces.csv").display().to_string();
    // Two provinces in the file: --province chooses, by name (through
    // vn-provinces-2025.csv beside it) or by code.
    Test::new()
        .args(["import", &fixture("gia-lai-2026-03.txt").display().to_string(), "--units", &csv])
        .status(2)
        .stderr_contains("--province")
        .run();
    let (dir, text) = import(&fixture("gia-lai-2026-03.txt"), &["--units", &csv, "--province", "Lào Cai"]);
    check_clean(dir.path());
    let v: toml::Table = toml::from_str(&text).unwrap();
    let units = v["unit"].as_array().unwrap();
    let ids: Vec<&str> = units.iter().map(|u| u["id"].as_str().unwrap()).collect();
    // "baoha" is shared: the unit holding a former district seat keeps it.
    assert_eq!(ids, ["camduong", "baoha", "baoha2"]);
    assert_eq!(units[0]["kind"].as_str(), Some("phường"));
    assert_eq!(units[0]["code"].as_str(), Some("03001"));
    assert_eq!(units[0]["groups"].as_array().unwrap()[0].as_str(), Some("from-lao-cai"));
    assert_eq!(units[0]["legacy"].as_array().unwrap()[1]["code"].as_str(), Some("03013"));
    assert!(text.contains("# review: slug \"baoha\" is shared with Xã Bảo Hà"));
    assert_eq!(s(task(&tasks(&text), "kh-2026-03 I.2.a"), "scope"), "unit");
    let (_d, by_code) = import(&fixture("gia-lai-2026-03.txt"), &["--units", &csv, "--province", "64"]);
    assert!(by_code.contains("id     = \"pleiku\"") && !by_code.contains("camduong"));
    Test::new()
        .args(["import", &fixture("gia-lai-2026-03.txt").display().to_string(), "--units", &csv, "--province", "Atlantis"])
        .status(2)
        .stderr_contains("unknown province")
        .run();
    // --province without a CSV.
    Test::new()
        .args(["import", &fixture("gia-lai-2026-03.txt").display().to_string(), "--province", "64"])
        .status(2)
        .stderr_contains("--province is only")
        .run();
}

/// One province's CSV (every row taken) gives the entries of the shipped
/// units file, which scripts/units_from_csv.py generated from it.
#[test]
fn units_from_the_province_csv_match_the_shipped_units_file() {
    let csv = root().join("../shared/data/quang-ngai-communes-2025.csv");
    if !csv.exists() {
        // The shared data stands beside the repository in the project's
        // checkout and in CI: there its absence is a failure, not a pass.
        assert!(std::env::var_os("CI").is_none(), "{} is missing", csv.display());
        eprintln!("skipped: {} is not beside the repository", csv.display());
        return;
    }
    let (_d, text) = import(&root().join(SEED_002), &["--units", &csv.display().to_string()]);
    let draft: toml::Table = toml::from_str(&text).unwrap();
    let shipped: toml::Table = toml::from_str(&std::fs::read_to_string(root().join(UNITS)).unwrap()).unwrap();
    assert_eq!(draft["unit"], shipped["unit"]);
}

// ── Org names mapped by similarity ──────────────────────────────────────────

/// Names a document misspells (an abbreviation, no diacritics, a typo in the
/// diacritics, another word order) map to the known org, marked; a name
/// close to none is a new org.
#[test]
fn misspelled_org_names_map_by_similarity() {
    let (dir, text) = import(&fixture("ha-tinh-2025-10-misspelled.txt"), &[]);
    check_clean(dir.path());
    let ts = tasks(&text);
    let a = task(&ts, "kh-2025-10 I.1.a");
    assert_eq!(s(a, "lead"), "skhcn", "Sở KH&CN");
    assert_eq!(a["support"].as_array().unwrap()[0].as_str(), Some("vpubnd"), "Van phong UBND tinh");
    let b = task(&ts, "kh-2025-10 I.1.b");
    assert_eq!(s(b, "lead"), "so-noivu", "Sở Nôi vụ");
    assert_eq!(b["support"].as_array().unwrap()[0].as_str(), Some("skhcn"), "Sở Khoa hoc và Công nghê");
    let c = task(&ts, "kh-2025-10 I.1.c");
    assert_eq!(s(c, "lead"), "skhcn", "Sở Công nghệ và Khoa học: the words in another order");
    assert_eq!(c["support"].as_array().unwrap()[0].as_str(), Some("trung-tam-du-lieu-so-ha-tinh"), "unknown: a new org");
    for w in ["Sở KH&CN", "Van phong UBND tinh", "Sở Nôi vụ", "Sở Khoa hoc và Công nghê", "Sở Công nghệ và Khoa học"] {
        assert!(
            text.contains("# review: mapped by similarity to ") && text.contains(&format!("(the document writes \"{w}\")")),
            "{w} marked"
        );
    }
    assert!(text.contains("# review: name not in the table, declared as a new org: Trung tâm Dữ liệu số Hà Tĩnh"));
    assert!(!text.contains("[org.so-kh"), "no new org for a misspelling");
}

// ── Leads and supports inside sentences ─────────────────────────────────────

/// A follow-up letter in seed 000's style (another province, orgs, dates):
/// "Giao X chủ trì, phối hợp với Y", "X chủ trì", "Đề nghị X phối hợp
/// với Y", "đề nghị Y phối hợp", each read from the sentence and marked.
#[test]
fn leads_and_supports_inside_sentences() {
    let (dir, text) = import(&fixture("nghe-an-2025-08-letter.txt"), &[]);
    check_clean(dir.path());
    let ts = tasks(&text);
    let sup = |t: &toml::Table| -> Vec<String> {
        t.get("support").and_then(|v| v.as_array()).map_or(Vec::new(), |a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
    };
    let t1 = task(&ts, "ubnd-2025-08 1");
    assert_eq!(s(t1, "lead"), "so-noivu", "Giao Sở Nội vụ chủ trì");
    assert_eq!(sup(t1), ["so-taichinh"], "phối hợp với Sở Tài chính");
    let t2 = task(&ts, "ubnd-2025-08 2");
    assert_eq!(s(t2, "lead"), "skhcn");
    assert_eq!(sup(t2), ["vpubnd"]);
    let t3 = task(&ts, "ubnd-2025-08 3 ý 1");
    assert_eq!(s(t3, "lead"), "so-yte", "Giao Sở Y tế: the heading's org leads its points");
    assert_eq!(sup(t3), ["so-tuphap"]);
    assert_eq!(s(task(&ts, "ubnd-2025-08 3 ý 2"), "lead"), "so-yte");
    let t4 = task(&ts, "ubnd-2025-08 4");
    assert_eq!(s(t4, "lead"), "viettel-ngha", "Đề nghị Viettel Nghệ An");
    assert_eq!(sup(t4), ["skhcn"]);
    let t5 = task(&ts, "ubnd-2025-08 5");
    assert_eq!(s(t5, "lead"), "ubnd-xa");
    assert_eq!(sup(t5), ["skhcn", "so-congthuong"], "phối hợp với …; đề nghị Sở Công Thương phối hợp");
    assert!(text.contains("# review: lead read from the sentence: Sở Nội vụ"));
    assert!(text.contains("# review: support read from the sentence: Sở Khoa học và Công nghệ, Sở Công Thương"));
}

/// A follow-up letter in seed 000's style, its lines broken as a PDF
/// extraction leaves them (another province, orgs, dates, wording): the
/// title is the action the org is given, not the middle of the sentence; a
/// deadline written inside the sentence is the `due`, marked.
#[test]
fn titles_and_dues_inside_sentences() {
    let (dir, text) = import(&fixture("thai-nguyen-2025-09-followup.txt"), &["--source-id", "ubnd-vx-2025-09"]);
    check_clean(dir.path());
    let ts = tasks(&text);
    let t1 = task(&ts, "ubnd-vx-2025-09 1");
    // `Sở Tài chính; các sở, ban, ngành, địa phương theo chức năng, nhiệm vụ
    // được giao kiểm tra …`: the orgs lead, the action is the title.
    assert_eq!(s(t1, "title"), "Kiểm tra việc sử dụng kinh phí vận hành các hệ thống thông tin dùng chung");
    assert_eq!(ids(t1.get("lead")), ["so-nganh", "so-taichinh", "ubnd-xa"]);
    assert!(t1.get("due").is_none(), "no deadline in clause 1");
    let t2 = task(&ts, "ubnd-vx-2025-09 2");
    assert_eq!(s(t2, "title"), "Cập nhật dữ liệu lên Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh");
    assert_eq!(s(t2, "due"), "ngày 15/10/2025", "chậm nhất ngày 15/10/2025");
    let t3 = task(&ts, "ubnd-vx-2025-09 3 ý 1");
    assert_eq!(s(t3, "title"), "Theo dõi việc xử lý văn bản trên hệ thống quản lý văn bản và điều hành");
    assert_eq!(s(t3, "lead"), "vpubnd");
    assert_eq!(ids(t3.get("support")), ["so-nganh", "ubnd-xa"], "phối hợp các sở, ngành, địa phương");
    assert_eq!(s(t3, "due"), "tháng 10/2025", "hoàn thành trong tháng 10/2025");
    assert!(task(&ts, "ubnd-vx-2025-09 3 ý 2").get("due").is_none());
    let t4 = task(&ts, "ubnd-vx-2025-09 4");
    assert_eq!(
        s(t4, "title"),
        "Kịp thời phối hợp với Sở Nội vụ, Sở Tư pháp để rà soát, chuẩn hóa dữ liệu hộ tịch trên địa bàn, báo cáo UBND tỉnh"
    );
    assert_eq!(s(t4, "lead"), "ubnd-xa");
    assert_eq!(s(t4, "due"), "trước ngày 5/10/2025");
    // `các đơn vị cung cấp dịch vụ`: a verb in an org's name is not the action.
    let t5 = task(&ts, "ubnd-vx-2025-09 5");
    assert_eq!(s(t5, "title"), "Tăng cường bảo đảm kinh phí thuê đường truyền cho các xã");
    assert_eq!(s(t5, "lead"), "so-taichinh");
    // The date a report is cited by is no deadline.
    assert!(!text.contains("2/9/2025\""));
    assert!(text.contains("# review: due read from the sentence: \"trước ngày 5/10/2025\""));
    assert!(text.contains("# review: due read from the sentence: \"chậm nhất ngày 15/10/2025\""));
}

/// A letter in seed 004's style (another province, period, orgs and days):
/// its closing paragraph sets a monthly report (`ngày 25 hàng tháng`), read
/// as one recurring task over the quarter the document names, led by the
/// letter's addressees; an appendix row's text names its supports
/// (`Phối hợp với Bộ Nội vụ, Bộ Tài chính trong việc …`).
#[test]
fn closing_monthly_duty_and_supports_in_a_rows_text() {
    let (dir, text) = import(&fixture("dong-thap-2025-07-quarter.txt"), &[]);
    check_clean(dir.path());
    let ts = tasks(&text);
    let c = task(&ts, "ubnd-2025-07 đoạn kết");
    assert_eq!(s(c, "due"), "ngày 25 hàng tháng");
    assert_eq!(s(c, "title"), "Báo cáo tiến độ về Sở Nội vụ");
    let r = c["repeat"].as_table().unwrap();
    assert_eq!((r["from"].as_str(), r["to"].as_str()), (Some("tháng 7/2025"), Some("tháng 9/2025")), "quý III năm 2025");
    assert_eq!(ids(c.get("lead")), ["so-nganh", "ubnd-xa"], "Kính gửi: các sở, ban, ngành; UBND các xã, phường");
    assert!(text.contains("# review: repeated each month over the document's period: tháng 7/2025 to tháng 9/2025"));
    assert!(text.contains("# review: recurring duty read from the closing paragraph: \"ngày 25 hàng tháng\""));
    // The closing paragraph is not the last item's text.
    assert!(task(&ts, "ubnd-2025-07 2.a").get("due").is_none());
    assert!(!s(task(&ts, "ubnd-2025-07 2.a"), "title").contains("Đề nghị"));
    let r2 = task(&ts, "ubnd-2025-07 PL STT 2");
    assert_eq!(s(r2, "lead"), "so-taichinh");
    assert_eq!(ids(r2.get("support")), ["bo-noivu", "bo-taichinh"]);
    assert_eq!(ids(task(&ts, "ubnd-2025-07 PL STT 3").get("support")), ["bo-quocphong"]);
    assert!(task(&ts, "ubnd-2025-07 PL STT 1").get("support").is_none());
    assert!(text.contains("# review: support read from the sentence: Bộ Nội vụ, Bộ Tài chính"));
}

/// `[plan] groups`: a document issued before the merger by a province whose
/// communes are a group of the units file concerns that group only; one
/// issued after it, or by a province no group names, none.
#[test]
fn plan_groups_from_the_issuing_province() {
    let plan = |text: &str| -> toml::Table { toml::from_str::<toml::Table>(text).unwrap()["plan"].as_table().unwrap().clone() };
    let groups = |text: &str| -> Vec<String> { ids(plan(text).get("groups")) };
    // Seed 002: UBND tỉnh Quảng Ngãi, June 2025; the units file groups its
    // units `from-quang-ngai` and `from-kon-tum`.
    let (_d, qn) = import(&root().join(SEED_002), &["--units", &root().join(UNITS).display().to_string()]);
    assert_eq!(groups(&qn), ["from-quang-ngai"]);
    assert!(qn.contains(
        "# review: issued by Quảng Ngãi before 1/7/2025 (before the merger): only the units of group from-quang-ngai, not from-kon-tum"
    ));
    // A CSV of two provinces: Lào Cai's communes, from former Lào Cai and
    // Yên Bái; a Yên Bái plan of June 2025 concerns `from-yen-bai`.
    let csv = fixture("communes-two-provinces.csv").display().to_string();
    let (dir, yb) = import(&fixture("yen-bai-2025-06.txt"), &["--units", &csv, "--province", "Lào Cai"]);
    check_clean(dir.path());
    assert_eq!(groups(&yb), ["from-yen-bai"]);
    assert_eq!(s(task(&tasks(&yb), "kh-2025-06 I.1.b"), "scope"), "unit");
    // Lào Cai's plan of September 2025 is the merged province's: all units.
    let (_d, lc) = import(&fixture("lao-cai-2025-09.txt"), &["--units", &csv, "--province", "Lào Cai"]);
    assert!(groups(&lc).is_empty(), "issued after the merger");
    // Gia Lai's plan with Lào Cai's units: no group is Gia Lai's.
    let (_d, gl) = import(&fixture("gia-lai-2026-03.txt"), &["--units", &csv, "--province", "Lào Cai"]);
    assert!(groups(&gl).is_empty());
    // Without --units, none.
    let (_d, plain) = import(&fixture("yen-bai-2025-06.txt"), &[]);
    assert!(groups(&plain).is_empty());
}

// ── .docx read directly ─────────────────────────────────────────────────────

/// A .docx (a zip holding word/document.xml) with `lines` as its paragraphs.
fn write_docx(path: &Path, lines: &[&str]) {
    use std::io::Write;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for l in lines {
        // Each paragraph in two runs, as Word splits them.
        let (a, b) = l.split_at(l.char_indices().nth(l.chars().count() / 2).map_or(0, |x| x.0));
        xml.push_str(&format!(
            r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
            esc(a),
            esc(b)
        ));
    }
    xml.push_str("</w:body></w:document>");
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", o).unwrap();
    z.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
    z.start_file("word/document.xml", o).unwrap();
    z.write_all(xml.as_bytes()).unwrap();
    z.finish().unwrap();
}

#[test]
fn docx_read_directly() {
    let dir = tempfile::tempdir().unwrap();
    let txt = std::fs::read_to_string(fixture("nghe-an-2025-08-letter.txt")).unwrap();
    let lines: Vec<&str> = txt.lines().collect();
    let docx = dir.path().join("nghe-an.docx");
    write_docx(&docx, &lines);
    let (d1, from_docx) = import(&docx, &[]);
    check_clean(d1.path());
    let (_d2, from_txt) = import(&fixture("nghe-an-2025-08-letter.txt"), &[]);
    let key = |text: &str| -> Vec<(String, String)> {
        tasks(text).iter().map(|t| (s(t, "source").to_string(), format!("{:?}", t.get("lead")))).collect()
    };
    assert_eq!(key(&from_docx), key(&from_txt), "the same tasks as the text");
    assert!(from_docx.contains("lead    = \"so-noivu\""));
    // Bad input: a .docx that is not a zip, a zip without word/document.xml.
    let bad = dir.path().join("bad.docx");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").unwrap();
    Test::new().args(["import", &bad.display().to_string()]).status(2).stderr_contains("cannot be read as a .docx").run();
    let empty = dir.path().join("empty.docx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&empty).unwrap());
        z.start_file("other.xml", zip::write::SimpleFileOptions::default()).unwrap();
        z.finish().unwrap();
    }
    Test::new().args(["import", &empty.display().to_string()]).status(2).stderr_contains("word/document.xml").run();
}
