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
    /// A phase of the pipeline finished.
    Phase(Phase),
}

/// The phases of opening a plan, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Start,
    FilesRead,
    DedupSmall,
    DedupTasks,
    ResolveTasks,
    Loaded,
    TaskRulesAndGraph,
    Cycles,
    Schedule,
    RulesRun,
    Night,
}

impl Phase {
    /// The phase's name, as the phase timer prints it.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Start => "start",
            Phase::FilesRead => "files read",
            Phase::DedupSmall => "dedup small",
            Phase::DedupTasks => "dedup tasks",
            Phase::ResolveTasks => "resolve tasks",
            Phase::Loaded => "loaded",
            Phase::TaskRulesAndGraph => "task rules and instance graph",
            Phase::Cycles => "cycles",
            Phase::Schedule => "schedule",
            Phase::RulesRun => "rules run",
            Phase::Night => "status log and forecast",
        }
    }

    /// What a person is told is going on once this phase has finished (in
    /// the language of messages).
    pub fn next_activity(self) -> std::borrow::Cow<'static, str> {
        match self {
            Phase::Start => crate::t!("progress.reading-files"),
            Phase::FilesRead | Phase::DedupSmall | Phase::DedupTasks => crate::t!("progress.resolving"),
            Phase::ResolveTasks | Phase::Loaded => crate::t!("progress.tasks"),
            Phase::TaskRulesAndGraph => crate::t!("progress.cycles"),
            Phase::Cycles => crate::t!("progress.scheduling"),
            Phase::Schedule => crate::t!("progress.deadlines"),
            Phase::RulesRun => crate::t!("progress.status-log"),
            Phase::Night => crate::t!("progress.writing"),
        }
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

/// Reports a finished phase. With `CUTOVER_PHASES=1` in the environment,
/// also prints its time and the peak memory so far to stderr (for
/// profiling; see docs/performance.md): a check of one environment variable,
/// once per process, otherwise.
pub fn phase(phase: Phase) {
    step(Step::Phase(phase));
    timer(phase.name());
}

#[cfg(test)]
mod tests {
    use super::Phase;

    #[test]
    fn activities_follow_the_language() {
        assert_eq!(Phase::Cycles.next_activity(), "scheduling (critical path)");
        assert_eq!(crate::t!("progress.scheduling", locale = "vi"), "đang lập lịch trình (đường găng)");
    }
}

fn timer(name: &str) {
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
