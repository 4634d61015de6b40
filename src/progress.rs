//! Progress of long work, for a person watching a terminal.
//!
//! The library reports steps ([`step`]: a file read, a phase done); a front
//! end that wants to show them installs a hook once ([`set_hook`]). With no
//! hook — JSON output, CI, a pipe, a library user — a step costs one atomic
//! load.

use std::sync::OnceLock;

/// One step of the work.
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    /// A plan file was read (its path as printed).
    FileRead(&'a str),
    /// Part of a large file read: `done` of `total` chunks.
    Chunks { done: usize, total: usize },
    /// A phase finished: "files read", "instances built", "rules run", …
    Phase(&'a str),
}

/// What a person is told is going on after phase `done` finished.
pub fn next_activity(done: &str) -> &'static str {
    match done {
        "start" => "reading plan files",
        "files read" | "dedup small" | "dedup tasks" => "resolving ids and references",
        "resolve tasks" | "loaded" => "checking the rules",
        "task rules" => "looking for dependency cycles",
        "cycles" => "building task instances",
        "instance graph" => "scheduling (critical path)",
        _ => "finishing",
    }
}

type Hook = Box<dyn Fn(Step) + Send + Sync>;

static HOOK: OnceLock<Hook> = OnceLock::new();

/// Installs the hook (once per process; later calls are ignored).
pub fn set_hook(f: impl Fn(Step) + Send + Sync + 'static) {
    let _ = HOOK.set(Box::new(f));
}

/// Reports a step to the hook, if any.
pub fn step(s: Step) {
    if let Some(h) = HOOK.get() {
        h(s);
    }
}

/// With `CUTOVER_PHASES=1` in the environment, prints each phase's time
/// and the peak memory so far to stderr (for profiling; see docs/performance.md).
pub fn phase(name: &str) {
    use std::sync::OnceLock;
    step(Step::Phase(name));
    static START: OnceLock<Option<std::time::Instant>> = OnceLock::new();
    let Some(start) = START.get_or_init(|| std::env::var_os("CUTOVER_PHASES").map(|_| std::time::Instant::now())) else { return };
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string()))
        .unwrap_or_else(|| "?".into());
    // User and system CPU time so far, from /proc/self/stat (in clock ticks, 1/100 s).
    let cpu = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split(' ').collect();
            Some(format!("user {:.2} s  sys {:.2} s", f.get(11)?.parse::<f64>().ok()? / 100.0, f.get(12)?.parse::<f64>().ok()? / 100.0))
        })
        .unwrap_or_default();
    eprintln!("phase {name:<24} {:>8.3} s  peak {hwm} kB  {cpu}", start.elapsed().as_secs_f64());
}
