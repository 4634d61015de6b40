//! The load test of `cutover serve`: the night of the shipped plan, with
//! every commune office marking at once through the JSON API.
//!
//! It copies `plans/quang-ngai-2025.toml` (and its units file) to a scratch
//! directory, makes one token per commune with `cutover token add --unit`,
//! starts `cutover serve --now T` on it, and runs one client thread per
//! commune (a real HTTP client, `ureq`, with its commune's token), each
//! sending its marks through `POST /api/mark` on that commune's own
//! instances. Then it checks that the status log holds every acknowledged
//! (201) mark exactly once and that `cutover status --format json --now T`
//! equals `GET /api/status`, and prints requests per second and the p50/p99
//! latency.
//!
//! With `--kill-after N` it kills the server with SIGKILL once N marks were
//! acknowledged, then checks that every one of them is in the log, that
//! the log still reads with a torn last line added, and that a server
//! started again on it records the next mark on a line of its own.
//!
//!     cargo build --release --bin cutover
//!     cargo run --release --example serve_load -- [--bin PATH] [--clients 56] [--marks 20] [--kill-after N] [--lang en]
//!
//! `tests/integration/serve_load.rs` runs the same scenario (this file is
//! its module) against the debug binary.

#![allow(dead_code)]

use cutover::serve::access::{Rights, may_mark};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// The plan's files, relative to the repository.
const PLAN: &str = "plans/quang-ngai-2025.toml";
const UNITS: &str = "plans/units/quang-ngai-2025.toml";
/// The present time of the server and of `cutover status` (`--now`).
pub const NOW: &str = "2025-06-20T15:00";

/// What to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// The `cutover` binary.
    pub bin: PathBuf,
    /// The repository, where the plan is copied from.
    pub root: PathBuf,
    /// Concurrent clients, one per commune (at most the plan's 56).
    pub clients: usize,
    /// Marks each client sends.
    pub marks: usize,
    /// Kill the server with SIGKILL once this many marks were acknowledged.
    pub kill_after: Option<usize>,
}

/// What happened.
#[derive(Debug, Default)]
pub struct Report {
    /// Requests sent (answered or not).
    pub requests: usize,
    /// Marks acknowledged with 201.
    pub acked: usize,
    /// Records of this run in the log.
    pub logged: usize,
    /// Answers other than 201 (an error of the server or of the connection).
    pub failed: usize,
    pub seconds: f64,
    /// Latencies of the answered requests, in milliseconds.
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Whether the server was killed with SIGKILL.
    pub killed: bool,
    /// Each client's first request (`GET /api/status`, before the marks):
    /// the server verifies its token with argon2 once. Median and slowest, ms.
    pub first_p50_ms: f64,
    pub first_max_ms: f64,
}

impl Report {
    pub fn per_second(&self) -> f64 {
        if self.seconds > 0.0 { self.requests as f64 / self.seconds } else { 0.0 }
    }
}

/// A running `cutover serve`, killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `cutover serve PLAN --listen 127.0.0.1:0 --now NOW` in `dir`; the
    /// address is the last word of its first line.
    pub fn start(bin: &Path, dir: &Path, env: &[(&str, &str)]) -> Result<Server, String> {
        let mut child = Command::new(bin)
            .args(["serve", PLAN, "--listen", "127.0.0.1:0", "--now", NOW])
            .current_dir(dir)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let _ = out.read_line(&mut line);
        // The rest of its output is read and dropped, so it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let base = line.split_whitespace().last().unwrap_or("").trim_end_matches('/').to_string();
        let server = Server { child, base };
        if !server.base.starts_with("http://") {
            return Err(format!("cutover serve: {line:?}"));
        }
        Ok(server)
    }

    /// SIGKILL, now.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client that reports every status and follows no redirect.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).timeout_global(Some(Duration::from_secs(60))).build().into()
}

/// One commune: its id and the instances its token may mark (no gate).
pub struct Commune {
    pub id: String,
    pub instances: Vec<String>,
}

/// The communes of the plan with the instances each may mark, in the plan's order.
pub fn communes(plan: &Path) -> Result<Vec<Commune>, String> {
    let loaded = cutover::load::load(plan, &cutover::load::LoadOptions::default()).map_err(|e| e.to_string())?;
    let plan = &loaded.plan;
    let g = cutover::graph::InstanceGraph::build(plan);
    let mut out: Vec<Commune> = plan.units.iter().map(|u| Commune { id: u.id.clone(), instances: Vec::new() }).collect();
    for i in 0..g.len() as u32 {
        let Some(u) = g.unit_of(i) else { continue };
        if plan.task(g.task_of[i as usize]).gate().is_none() && may_mark(plan, &g, Rights::Unit(u), i) {
            out[u.ix()].instances.push(g.name(plan, i));
        }
    }
    out.retain(|c| !c.instances.is_empty());
    Ok(out)
}

/// Runs `cutover ARGS` in `dir`: its stdout, or why not.
fn cutover(bin: &Path, dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(bin).args(args).current_dir(dir).output().map_err(|e| format!("{}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!("cutover {}: {}\n{}", args.join(" "), out.status, String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `cutover token add PLAN --unit ID`: the token (stdout's last line).
fn token(bin: &Path, dir: &Path, unit: &str) -> Result<String, String> {
    let out = cutover(bin, dir, &["token", "add", PLAN, "--unit", unit, "--label", &format!("load {unit}")])?;
    out.lines().last().map(str::to_string).filter(|t| t.starts_with("cut_")).ok_or_else(|| format!("token add: {out}"))
}

/// `cutover status --format json --now NOW`.
fn status(bin: &Path, dir: &Path) -> Result<serde_json::Value, String> {
    let out = cutover(bin, dir, &["status", PLAN, "--now", NOW, "--format", "json"])?;
    serde_json::from_str(&out).map_err(|e| format!("cutover status: {e}"))
}

/// `GET /api/status`.
fn api_status(base: &str, token: &str) -> Result<serde_json::Value, String> {
    let r = agent().get(format!("{base}/api/status")).header("Authorization", format!("Bearer {token}")).call();
    let mut r = r.map_err(|e| format!("GET /api/status: {e}"))?;
    let body = r.body_mut().read_to_string().map_err(|e| e.to_string())?;
    if r.status() != 200 {
        return Err(format!("GET /api/status: {}: {body}", r.status()));
    }
    serde_json::from_str(&body).map_err(|e| format!("GET /api/status: {e}"))
}

/// `POST /api/mark`: the status and the body, or a connection error.
fn mark(agent: &ureq::Agent, base: &str, token: &str, body: &serde_json::Value) -> Result<(u16, String), String> {
    let r = agent
        .post(format!("{base}/api/mark"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .send(body.to_string());
    let mut r = r.map_err(|e| e.to_string())?;
    let status = r.status().as_u16();
    Ok((status, r.body_mut().read_to_string().map_err(|e| e.to_string())?))
}

/// The note that names mark `j` of a commune: how a mark is found in the log.
fn note(unit: &str, j: usize) -> String {
    format!("serve_load {unit} #{j}")
}

/// The event of the `n`-th mark of one instance: start, done, reopen, start, …
fn event(n: usize) -> &'static str {
    ["start", "done", "reopen"][n % 3]
}

/// Notes of this run in the log, each with how many times it is there, and
/// the count of lines that do not read as JSON (a torn line).
fn logged(log: &Path) -> Result<(std::collections::HashMap<String, usize>, usize), String> {
    let text = std::fs::read_to_string(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let mut notes = std::collections::HashMap::new();
    let mut torn = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) => {
                if let Some(n) = v["note"].as_str().filter(|n| n.starts_with("serve_load ")) {
                    *notes.entry(n.to_string()).or_insert(0) += 1;
                }
            }
            Err(_) => torn += 1,
        }
    }
    Ok((notes, torn))
}

/// The `q` quantile of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// What a client saw: acknowledged notes, latencies, failures.
#[derive(Default)]
struct Seen {
    acked: Vec<String>,
    latencies: Vec<f64>,
    failed: Vec<String>,
    /// The first request, in milliseconds.
    first_ms: f64,
    sent: usize,
}

/// Runs the scenario and checks it; `Err` says what does not hold.
pub fn run(cfg: &Config) -> Result<Report, String> {
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = scratch.path();
    for f in [PLAN, UNITS] {
        let to = dir.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::copy(cfg.root.join(f), &to).map_err(|e| format!("{f}: {e}"))?;
    }
    let log = dir.join(format!("{PLAN}.status.jsonl"));
    let mut all = communes(&dir.join(PLAN))?;
    if cfg.clients > all.len() {
        return Err(tr("serve_load.too-many-clients", &[("clients", cfg.clients.to_string()), ("communes", all.len().to_string())]));
    }
    all.truncate(cfg.clients);
    let tokens: Vec<String> = all.iter().map(|c| token(&cfg.bin, dir, &c.id)).collect::<Result<_, _>>()?;
    let mut server = Server::start(&cfg.bin, dir, &[])?;
    eprintln!(
        "{}",
        tr(
            "serve_load.started",
            &[
                ("clients", cfg.clients.to_string()),
                ("marks", cfg.marks.to_string()),
                ("url", server.base.clone().to_string()),
                ("dir", dir.display().to_string())
            ]
        )
    );

    let acked = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let gate = Arc::new(Barrier::new(all.len() + 1));
    let mut handles = Vec::new();
    for (c, t) in all.iter().zip(&tokens) {
        let (base, token, unit, instances) = (server.base.clone(), t.clone(), c.id.clone(), c.instances.clone());
        let (acked, stop, gate, marks, killing) = (acked.clone(), stop.clone(), gate.clone(), cfg.marks, cfg.kill_after.is_some());
        handles.push(std::thread::spawn(move || {
            let agent = agent();
            let mut seen = Seen::default();
            let mut times = vec![0usize; instances.len()];
            // Its token is verified (argon2) on its first request; the
            // marks are timed from when every client has been seen once.
            let t0 = Instant::now();
            let first = agent.get(format!("{base}/api/status")).header("Authorization", format!("Bearer {token}")).call();
            seen.first_ms = t0.elapsed().as_secs_f64() * 1000.0;
            if !first.is_ok_and(|r| r.status() == 200) {
                seen.failed.push(format!("{unit}: GET /api/status"));
            }
            gate.wait();
            for j in 0..marks {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let k = j % instances.len();
                let n = note(&unit, j);
                let body = serde_json::json!({ "id": instances[k], "event": event(times[k]), "note": n });
                times[k] += 1;
                let t0 = Instant::now();
                seen.sent += 1;
                match mark(&agent, &base, &token, &body) {
                    Ok((201, body)) => {
                        seen.latencies.push(t0.elapsed().as_secs_f64() * 1000.0);
                        // The answer is the recorded event.
                        let ok = serde_json::from_str::<serde_json::Value>(&body)
                            .is_ok_and(|v| v["recorded"][0]["note"] == n && v["recorded"][0]["task"] == instances[k]);
                        if !ok {
                            seen.failed.push(format!("{n}: 201 {body}"));
                        }
                        seen.acked.push(n);
                        acked.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok((status, body)) => {
                        seen.latencies.push(t0.elapsed().as_secs_f64() * 1000.0);
                        seen.failed.push(format!("{n}: {status} {body}"));
                    }
                    // After a kill, a client stops at its first refused connection.
                    Err(e) => {
                        seen.failed.push(format!("{n}: {e}"));
                        if killing {
                            break;
                        }
                    }
                }
            }
            seen
        }));
    }
    let started = Instant::now();
    gate.wait();
    let mut killed = false;
    if let Some(after) = cfg.kill_after {
        while !handles.iter().all(|h| h.is_finished()) {
            if acked.load(Ordering::SeqCst) >= after {
                server.kill();
                killed = true;
                stop.store(true, Ordering::Relaxed);
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    let seen: Vec<Seen> = handles.into_iter().map(|h| h.join().expect("a client thread")).collect();
    let seconds = started.elapsed().as_secs_f64();
    let acked_at_kill = acked.load(Ordering::SeqCst);

    let mut latencies: Vec<f64> = seen.iter().flat_map(|s| s.latencies.iter().copied()).collect();
    latencies.sort_by(f64::total_cmp);
    let mut firsts: Vec<f64> = seen.iter().map(|s| s.first_ms).collect();
    firsts.sort_by(f64::total_cmp);
    let acked: Vec<&String> = seen.iter().flat_map(|s| &s.acked).collect();
    let failed: Vec<&String> = seen.iter().flat_map(|s| &s.failed).collect();
    let (notes, torn) = logged(&log)?;
    let report = Report {
        requests: seen.iter().map(|s| s.sent).sum(),
        acked: acked.len(),
        logged: notes.values().sum(),
        failed: failed.len(),
        seconds,
        p50_ms: quantile(&latencies, 0.50),
        p99_ms: quantile(&latencies, 0.99),
        max_ms: latencies.last().copied().unwrap_or(0.0),
        killed,
        first_p50_ms: quantile(&firsts, 0.5),
        first_max_ms: firsts.last().copied().unwrap_or(0.0),
    };

    // Every acknowledged mark exactly once; nothing twice.
    if let Some(n) = acked.iter().find(|n| notes.get(n.as_str()) != Some(&1)) {
        return Err(tr(
            "serve_load.not-once",
            &[("note", n.as_str().to_string()), ("times", (notes.get(n.as_str()).copied().unwrap_or(0)).to_string())],
        ));
    }
    if let Some((n, k)) = notes.iter().find(|(_, k)| **k > 1) {
        return Err(tr("serve_load.not-once", &[("note", n.as_str().to_string()), ("times", k.to_string())]));
    }
    if torn > 0 && !killed {
        return Err(tr("serve_load.torn", &[("lines", torn.to_string())]));
    }
    if !killed {
        // Nothing refused, nothing written that was not acknowledged.
        if let Some(f) = failed.first() {
            return Err(tr("serve_load.refused", &[("count", failed.len().to_string()), ("first", f.as_str().to_string())]));
        }
        if report.logged != report.acked || report.acked != cfg.clients * cfg.marks {
            return Err(tr(
                "serve_load.count",
                &[
                    ("acked", report.acked.to_string()),
                    ("logged", report.logged.to_string()),
                    ("expected", (cfg.clients * cfg.marks).to_string()),
                ],
            ));
        }
        if status(&cfg.bin, dir)? != api_status(&server.base, &tokens[0])? {
            return Err(tr("serve_load.status-differs", &[]));
        }
        return Ok(report);
    }

    // Killed: what was acknowledged is there (checked above); the log reads,
    // also with a torn last line as a crash in the middle of a write leaves.
    drop(server);
    eprintln!("{}", tr("serve_load.killed", &[("acked", acked_at_kill.to_string()), ("logged", report.logged.to_string())]));
    let before = status(&cfg.bin, dir)?;
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().append(true).open(&log).map_err(|e| e.to_string())?;
        f.write_all(br#"{"event":"done","task":"email.li"#).map_err(|e| e.to_string())?;
    }
    let torn_status = status(&cfg.bin, dir)?;
    if torn_status["units"] != before["units"] || torn_status["done"] != before["done"] {
        return Err(tr("serve_load.torn-changes-status", &[]));
    }
    // A server started again on that log records on a line of its own.
    let server = Server::start(&cfg.bin, dir, &[])?;
    let n = note(&all[0].id, cfg.marks);
    let body = serde_json::json!({ "id": all[0].instances[0], "event": "start", "note": n });
    match mark(&agent(), &server.base, &tokens[0], &body) {
        Ok((201, _)) => {}
        Ok((status, body)) => return Err(format!("POST /api/mark: {status} {body}")),
        Err(e) => return Err(format!("POST /api/mark: {e}")),
    }
    let (after, torn_after) = logged(&log)?;
    if after.get(&n) != Some(&1) || torn_after != torn + 1 || acked.iter().any(|a| after.get(a.as_str()) != Some(&1)) {
        return Err(tr("serve_load.restart-lost", &[]));
    }
    if status(&cfg.bin, dir)? != api_status(&server.base, &tokens[0])? {
        return Err(tr("serve_load.status-differs", &[]));
    }
    Ok(report)
}

/// A message of the catalogue (`locales/serve_load.toml`) in the current
/// language, with its `%{placeholders}` filled.
fn tr(key: &str, args: &[(&str, String)]) -> String {
    args.iter().fold(cutover::i18n::text(key), |m, (name, value)| m.replace(&format!("%{{{name}}}"), value))
}

/// The value of `--flag VALUE`.
fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lang = flag(&args, "--lang").or_else(|| std::env::var("CUTOVER_LANG").ok());
    cutover::i18n::set(lang.as_deref().and_then(cutover::i18n::parse).unwrap_or(cutover::time::Lang::Vi));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let number = |name: &str, default: usize| match flag(&args, name) {
        None => default,
        Some(v) => v.parse().unwrap_or_else(|_| {
            eprintln!("{}", tr("serve_load.usage", &[]));
            std::process::exit(2)
        }),
    };
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", tr("serve_load.usage", &[]));
        return;
    }
    let (clients, marks) = (number("--clients", 56), number("--marks", 20));
    let kill_after = flag(&args, "--kill-after").map(|_| number("--kill-after", 0));
    let bin = flag(&args, "--bin").map_or_else(|| root.join("target/release/cutover"), PathBuf::from);
    // The server runs in the scratch directory: a relative path would not name it there.
    let bin = std::fs::canonicalize(&bin).unwrap_or(bin);
    if !bin.is_file() {
        eprintln!("{}", tr("serve_load.no-binary", &[("path", bin.display().to_string())]));
        std::process::exit(2);
    }
    let cfg = Config { bin, root, clients, marks, kill_after };
    match run(&cfg) {
        Ok(r) => {
            println!(
                "{}",
                tr(
                    "serve_load.figures",
                    &[
                        ("requests", r.requests.to_string()),
                        ("clients", cfg.clients.to_string()),
                        ("marks", cfg.marks.to_string()),
                        ("seconds", format!("{:.2}", r.seconds)),
                        ("rps", format!("{:.0}", r.per_second())),
                        ("p50", format!("{:.1}", r.p50_ms)),
                        ("p99", format!("{:.1}", r.p99_ms)),
                        ("max", format!("{:.1}", r.max_ms))
                    ]
                )
            );
            println!("{}", tr("serve_load.first", &[("p50", format!("{:.1}", r.first_p50_ms)), ("max", format!("{:.1}", r.first_max_ms))]));
            if r.killed {
                println!("{}", tr("serve_load.ok-killed", &[("acked", r.acked.to_string()), ("logged", r.logged.to_string())]));
            } else {
                println!("{}", tr("serve_load.ok", &[("acked", r.acked.to_string()), ("logged", r.logged.to_string())]));
            }
        }
        Err(e) => {
            eprintln!("{}", tr("serve_load.failed", &[("reason", e.to_string())]));
            std::process::exit(1);
        }
    }
}
