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
    println!("{out}");
    for miss in &m.misses {
        println!("  miss: {miss}");
    }
    // The floor this importer holds; docs/import.md gives the targets.
    assert!(m.clauses.0 * 100 >= 95 * m.clauses.1, "clause recall fell");
}
