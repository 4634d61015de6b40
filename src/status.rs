//! The status log: what happened on the night, beside the plan.
//!
//! An append-only file of JSON lines (`<plan>.status.jsonl` by default), one
//! event each: `start`, `done`, `block` (with a reason) or `reopen`, on a
//! task instance (`portal.domain@camthanh`), or a go/no-go decision on a
//! gate (`approve`, or `no-go` with a reason, each by an approver `org`),
//! with when it happened, when it was recorded, who recorded it and an
//! optional note. The plan file is never written.
//!
//! Appends take an exclusive lock on the log, start on a fresh line even
//! after a torn one, and go out in one `write`: two technicians recording at
//! once, or a process killed mid-write, never lose or corrupt an earlier
//! record. Reading skips a malformed line with a warning naming it.

use crate::graph::InstanceGraph;
use crate::model::{Plan, TaskIx, UnitIx};
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// What happened to an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Start,
    Done,
    Block,
    Reopen,
    /// A go decision on a gate, by one approver (`org`).
    Approve,
    /// A no-go decision on a gate, by one approver, with a reason.
    #[serde(rename = "no-go")]
    NoGo,
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub event: Kind,
    /// `task` or `task@unit`.
    pub task: String,
    /// When it happened (RFC 3339).
    pub at: String,
    /// When it was recorded (RFC 3339).
    pub recorded: String,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// With `block`: when the block is expected to be resolved (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// With `approve` and `no-go`: the approver (an org id) who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
}

/// Where the status log of a plan is, unless `--status` says otherwise.
pub fn default_path(plan: &Path) -> PathBuf {
    let mut name = plan.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".status.jsonl");
    plan.with_file_name(name)
}

/// A problem with a line of the log: reported, never fatal.
#[derive(Clone, Debug, PartialEq)]
pub struct LogWarning {
    pub line: usize,
    pub message: String,
}

/// How many problems of one kind (malformed lines, unknown tasks) are kept
/// and named; the rest are counted. A log of a million garbage lines gives
/// twenty warnings and a count, not a million lines on stderr.
pub const SHOWN_WARNINGS: usize = 20;

/// Why the log could not be read or written.
#[derive(Debug)]
pub enum LogError {
    Read { path: String, reason: String },
    Write { path: String, reason: String },
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogError::Read { path, reason } => f.write_str(&crate::t!("err.log-read", path = path, reason = reason)),
            LogError::Write { path, reason } => f.write_str(&crate::t!("err.log-write", path = path, reason = reason)),
        }
    }
}

impl std::error::Error for LogError {}

fn log_error(path: &Path, e: crate::source::ReadError, write: bool) -> LogError {
    let path = crate::source::display_path(path);
    let reason = match e {
        crate::source::ReadError::TooLarge { max, .. } => crate::t!("err.log-too-large", mib = max >> 20).into_owned(),
        e => e.to_string(),
    };
    if write { LogError::Write { path, reason } } else { LogError::Read { path, reason } }
}

/// Reads a log of at most `max_bytes`; a missing file is an empty log.
/// Malformed lines (a torn last line, say) are skipped with a warning
/// naming the line. A log must be a regular file: a named pipe or device is
/// refused, never waited on or read without end.
pub fn read(path: &Path, max_bytes: u64) -> Result<(Vec<(usize, Record)>, Vec<LogWarning>), LogError> {
    let limits = crate::source::ReadLimits { max_bytes, special: false };
    let bytes = match crate::source::read_limited(path, limits) {
        Ok(b) => b,
        Err(crate::source::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(log_error(path, e, false)),
    };
    Ok(parse(&bytes))
}

/// Parses log text: records with their line numbers, and warnings (the
/// first [`SHOWN_WARNINGS`] malformed lines named, then one with the count
/// of the rest). A record whose `at` is not an RFC 3339 time is a malformed
/// line too, named or counted with the rest: whatever the log, its warnings
/// are at most [`SHOWN_WARNINGS`] lines and a count of this kind (and as
/// many of unknown tasks, from [`apply`]). Linear in the text's length.
pub fn parse(bytes: &[u8]) -> (Vec<(usize, Record)>, Vec<LogWarning>) {
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    let mut more = 0usize;
    let mut last_bad = 0usize;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let line_no = i + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(r) if parse_time(&r.at).is_some() => records.push((line_no, r)),
            Ok(r) if warnings.len() < SHOWN_WARNINGS => {
                warnings.push(LogWarning { line: line_no, message: crate::t!("err.log-bad-time", line = line_no, at = r.at).into_owned() })
            }
            Err(e) if warnings.len() < SHOWN_WARNINGS => warnings
                .push(LogWarning { line: line_no, message: crate::t!("err.log-bad-record", line = line_no, error = e).into_owned() }),
            Ok(_) | Err(_) => {
                more += 1;
                last_bad = line_no;
            }
        }
    }
    if more > 0 {
        warnings.push(LogWarning { line: last_bad, message: crate::t!("err.log-more-bad", more = more, last = last_bad).into_owned() });
    }
    (records, warnings)
}

/// Appends records to the log in one write, under an exclusive lock,
/// starting on a new line if the file does not end with one (a torn
/// record). Returns once the records are on disk: the file's data is
/// synced, and a log this call created is made durable by syncing its
/// directory too (a crash then cannot lose the new file's name). Only a
/// regular file is appended to: a named pipe, device or directory is
/// refused (and never waited on).
pub fn append(path: &Path, records: &[Record]) -> Result<(), LogError> {
    let meta = std::fs::metadata(path).ok();
    if let Some(kind) = meta.as_ref().and_then(crate::source::special_kind) {
        return Err(log_error(path, crate::source::ReadError::Special(kind), true));
    }
    let existed = meta.is_some();
    let mut o = std::fs::OpenOptions::new();
    o.create(true).read(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    let io = |e: std::io::Error| log_error(path, crate::source::ReadError::Io(e), true);
    let mut file = o.open(path).map_err(io)?;
    // What was opened may not be what was looked at.
    if let Some(kind) = file.metadata().ok().as_ref().and_then(crate::source::special_kind) {
        return Err(log_error(path, crate::source::ReadError::Special(kind), true));
    }
    file.lock().map_err(io)?;
    let result = (|| {
        let len = file.metadata()?.len();
        let mut buf = Vec::new();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(std::io::SeekFrom::Start(len - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                buf.push(b'\n');
            }
        }
        for r in records {
            serde_json::to_writer(&mut buf, r).map_err(std::io::Error::other)?;
            buf.push(b'\n');
        }
        file.write_all(&buf)?;
        file.sync_data()
    })();
    let _ = file.unlock();
    result.map_err(io)?;
    if !existed {
        sync_dir(path).map_err(io)?;
    }
    Ok(())
}

/// Syncs the directory holding `path`, so that a file created in it stays
/// after a crash.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Where an instance stands.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Open,
    Started {
        at: Instant,
    },
    Done {
        at: Instant,
        started: Option<Instant>,
    },
    /// `until`: when the block is expected to be resolved, if anyone said.
    Blocked {
        since: Instant,
        reason: String,
        started: Option<Instant>,
        until: Option<Instant>,
    },
}

/// One approver's go or no-go on a gate instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub instance: u32,
    pub org: crate::model::OrgIx,
    pub go: bool,
    pub at: Instant,
    pub by: String,
    /// Why not (a no-go).
    pub reason: Option<String>,
}

/// Where a gate instance stands: the standing decision of each approver.
#[derive(Clone, Debug, PartialEq)]
pub struct GateStatus {
    pub instance: u32,
    /// Approvers who said go, with when (the latest decision of each).
    pub go: Vec<(crate::model::OrgIx, Instant, String)>,
    /// Approvers who said no-go, with when and why.
    pub no_go: Vec<(crate::model::OrgIx, Instant, String, String)>,
    /// Approvers still to decide.
    pub pending: Vec<crate::model::OrgIx>,
    /// How many go decisions pass it.
    pub needed: usize,
    /// When it passed (the go that reached the quorum), if it has.
    pub passed: Option<Instant>,
}

impl GateStatus {
    pub fn refused(&self) -> bool {
        self.passed.is_none() && !self.no_go.is_empty()
    }
}

/// The log applied to a plan: each instance's state, and the records that
/// name nothing in the plan.
#[derive(Clone, Debug)]
pub struct Progress {
    pub states: Vec<State>,
    /// Every gate instance's decisions as of the reading (gates of the plan
    /// in plan order, instances in order), decided or not.
    pub gates: Vec<GateStatus>,
    /// Records for tasks the plan no longer has (line, task): the first
    /// [`SHOWN_WARNINGS`]; `unknown_more` counts the rest.
    pub unknown: Vec<(usize, String)>,
    pub unknown_more: usize,
    pub warnings: Vec<LogWarning>,
}

impl Progress {
    pub fn is_done(&self, inst: u32) -> bool {
        matches!(self.states[inst as usize], State::Done { .. })
    }
}

/// Splits `task@unit` into the task id and the unit. A task id may itself
/// hold `@` (an occurrence of a recurring duty, `report@2026-05`): a name
/// that is a task id is that task; otherwise the unit is after the last `@`
/// that leaves a task id before it, else after the first.
pub fn split_id<'a>(plan: &Plan, name: &'a str) -> (&'a str, Option<&'a str>) {
    if !name.contains('@') || plan.task_by_id(name).is_some() {
        return (name, None);
    }
    if let Some((t, u)) = name.rsplit_once('@') {
        if plan.task_by_id(t).is_some() {
            return (t, Some(u));
        }
    }
    match name.split_once('@') {
        Some((t, u)) => (t, Some(u)),
        None => (name, None),
    }
}

/// Resolves `task` or `task@unit` to an instance.
pub fn instance(plan: &Plan, g: &InstanceGraph, name: &str) -> Option<u32> {
    let (tid, unit) = split_id(plan, name);
    let t: TaskIx = plan.task_by_id(tid)?;
    match (plan.task(t).is_unit(), unit) {
        (true, Some(u)) => plan.ids.units.get(u).and_then(|u: &UnitIx| g.instance_of(t, Some(*u))),
        (false, None) => Some(g.instance(t, None)),
        _ => None,
    }
}

/// The instances an id typed by a user names: `task` (a plan task),
/// `task@unit` (one unit's instance of a unit task) or `task@all` (every
/// unit's). Ids are compared after NFC; an unknown task or unit is an error
/// with the closest id, and nothing is named.
pub fn targets(plan: &Plan, g: &InstanceGraph, id: &str) -> Result<Vec<u32>, String> {
    let (tid, unit) = split_id(plan, id);
    // `report@2026-5`: no task before the `@`; the closest id to the whole,
    // when there is one; else the closest to the task before the `@`
    // (`emial.list@camthanh`: `email.list`).
    let t = lookup(&plan.ids.tasks, tid, "task").or_else(|e| match unit {
        Some(_) if crate::diag::did_you_mean(&crate::text::nfc(id), plan.ids.tasks.keys()).is_some() => lookup(&plan.ids.tasks, id, "task"),
        _ => Err(e),
    })?;
    let task = plan.task(t);
    match (task.is_unit(), unit) {
        (false, None) => Ok(vec![g.instance(t, None)]),
        (false, Some(_)) => Err(crate::t!("err.once-for-plan", task = tid).into_owned()),
        (true, None) => {
            let unit = plan.units.first().map_or("unit", |u| u.id.as_str());
            Err(crate::t!("err.per-unit", task = tid, unit = unit).into_owned())
        }
        (true, Some("all")) => {
            let first = g.offsets[t.ix()];
            Ok((first..first + plan.instance_count(task) as u32).collect())
        }
        (true, Some(u)) => {
            let ui = lookup(&plan.ids.units, u, "unit")?;
            g.instance_of(t, Some(ui))
                .map(|i| vec![i])
                .ok_or_else(|| crate::t!("err.not-in-unit", task = tid, unit = plan.unit(ui).id).into_owned())
        }
    }
}

/// An id the user typed, or the error naming the closest one. `what` is
/// the kind of id (`task`, `unit`, `org`, `system`), said in the language
/// of messages.
pub fn lookup<I: Copy>(map: &crate::model::IdMap<I>, id: &str, what: &str) -> Result<I, String> {
    let key = crate::text::nfc(id);
    if let Some(i) = map.get(key.as_ref()) {
        return Ok(*i);
    }
    let hint = crate::diag::did_you_mean(&key, map.keys()).map(|s| crate::t!("err.did-you-mean", name = s)).unwrap_or_default();
    let what = match what {
        "task" => crate::t!("err.what.task"),
        "unit" => crate::t!("err.what.unit"),
        "org" => crate::t!("err.what.org"),
        "system" => crate::t!("err.what.system"),
        other => std::borrow::Cow::Owned(other.to_string()),
    };
    Err(crate::t!("err.no-such", what = what, id = id, hint = hint).into_owned())
}

/// Reads an RFC 3339 time of the log.
pub fn parse_time(s: &str) -> Option<Instant> {
    chrono::DateTime::parse_from_rfc3339(s).ok().map(|d| Instant(d.timestamp().div_euclid(60)))
}

/// Applies records, in the order they were recorded, to every instance.
pub fn apply(plan: &Plan, g: &InstanceGraph, records: &[(usize, Record)], warnings: Vec<LogWarning>) -> Progress {
    apply_as_of(plan, g, records, warnings, None)
}

/// Applies the records of what had happened by `now` (an event whose `at`
/// is later has not happened yet as of `now`, and is left out: a night can
/// be replayed at any moment), or all of them without `now`.
pub fn apply_as_of(
    plan: &Plan,
    g: &InstanceGraph,
    records: &[(usize, Record)],
    warnings: Vec<LogWarning>,
    now: Option<Instant>,
) -> Progress {
    let mut states = vec![State::Open; g.len()];
    let mut unknown = Vec::new();
    let mut unknown_more = 0;
    let mut warnings = warnings;
    let mut bad_times = 0usize;
    let mut decisions: Vec<Decision> = Vec::new();
    let mut bad_decisions = 0usize;
    for (line, r) in records {
        let Some(i) = instance(plan, g, &r.task) else {
            if unknown.len() < SHOWN_WARNINGS {
                unknown.push((*line, r.task.clone()));
            } else {
                unknown_more += 1;
            }
            continue;
        };
        let Some(at) = parse_time(&r.at) else {
            bad_times += 1;
            if bad_times <= SHOWN_WARNINGS {
                warnings.push(LogWarning { line: *line, message: crate::t!("err.log-bad-time", line = line, at = r.at).into_owned() });
            }
            continue;
        };
        if now.is_some_and(|now| at > now) {
            continue;
        }
        if matches!(r.event, Kind::Approve | Kind::NoGo) {
            let t = plan.task(g.task_of[i as usize]);
            let org = r.org.as_deref().and_then(|o| plan.ids.orgs.get(crate::text::nfc(o).as_ref()).copied());
            match (t.gate(), org) {
                (Some(gate), Some(org)) if gate.approvers.contains(&org) => decisions.push(Decision {
                    instance: i,
                    org,
                    go: r.event == Kind::Approve,
                    at,
                    by: r.by.clone(),
                    reason: r.reason.clone(),
                }),
                (gate, _) => {
                    bad_decisions += 1;
                    if bad_decisions <= SHOWN_WARNINGS {
                        let message = if gate.is_none() {
                            crate::t!("err.log-not-gate", line = line, task = r.task).into_owned()
                        } else {
                            let org = r.org.as_deref().unwrap_or("");
                            crate::t!("err.log-not-approver", line = line, org = org, task = r.task).into_owned()
                        };
                        warnings.push(LogWarning { line: *line, message });
                    }
                }
            }
            continue;
        }
        if r.event == Kind::Reopen {
            // Reopening a gate asks its approvers again.
            decisions.retain(|d| d.instance != i);
        }
        let s = &mut states[i as usize];
        let started = match s {
            State::Started { at } => Some(*at),
            State::Done { started, .. } | State::Blocked { started, .. } => *started,
            State::Open => None,
        };
        *s = match r.event {
            Kind::Start => State::Started { at },
            Kind::Done => State::Done { at, started },
            Kind::Block => State::Blocked {
                since: at,
                reason: r.reason.clone().unwrap_or_default(),
                started,
                until: r.until.as_deref().and_then(parse_time),
            },
            Kind::Reopen => State::Open,
            Kind::Approve | Kind::NoGo => unreachable!("decisions are handled above"),
        };
    }
    if bad_decisions > SHOWN_WARNINGS {
        let more = bad_decisions - SHOWN_WARNINGS;
        warnings.push(LogWarning { line: 0, message: crate::t!("err.log-more-decisions", more = more).into_owned() });
    }
    let gates = gate_statuses(plan, g, &decisions, &mut states);
    if bad_times > SHOWN_WARNINGS {
        let more = bad_times - SHOWN_WARNINGS;
        warnings.push(LogWarning { line: 0, message: crate::t!("err.log-more-times", more = more).into_owned() });
    }
    Progress { states, gates, unknown, unknown_more, warnings }
}

/// Each gate instance's standing decisions, and its state from them: passed
/// (done when the quorum was reached) or refused (blocked by the no-go, with
/// who refused and why, until that approver says go). A gate nobody has
/// decided on keeps the state its other events gave it.
fn gate_statuses(plan: &Plan, g: &InstanceGraph, decisions: &[Decision], states: &mut [State]) -> Vec<GateStatus> {
    let mut out = Vec::new();
    // Each instance's decisions, in the order they were recorded.
    let mut by_instance: std::collections::HashMap<u32, Vec<&Decision>> = std::collections::HashMap::new();
    for d in decisions {
        by_instance.entry(d.instance).or_default().push(d);
    }
    for (ti, t) in plan.tasks.iter().enumerate() {
        let Some(gate) = t.gate() else { continue };
        let first = g.offsets[ti];
        for i in first..first + plan.instance_count(t) as u32 {
            // Each approver's latest decision, and the running tally for when the quorum was reached.
            let mut latest: Vec<Option<&Decision>> = vec![None; gate.approvers.len()];
            let mut passed = None;
            for &d in by_instance.get(&i).map_or(&[][..], |v| v.as_slice()) {
                if let Some(k) = gate.approvers.iter().position(|&o| o == d.org) {
                    latest[k] = Some(d);
                }
                let go = latest.iter().flatten().filter(|d| d.go).count();
                let refused = latest.iter().flatten().any(|d| !d.go);
                if passed.is_none() && go >= gate.needed() && !refused {
                    passed = Some(d.at);
                }
                if refused {
                    passed = None;
                }
            }
            let mut st = GateStatus { instance: i, go: Vec::new(), no_go: Vec::new(), pending: Vec::new(), needed: gate.needed(), passed };
            for (k, &o) in gate.approvers.iter().enumerate() {
                match latest[k] {
                    Some(d) if d.go => st.go.push((o, d.at, d.by.clone())),
                    Some(d) => st.no_go.push((o, d.at, d.by.clone(), d.reason.clone().unwrap_or_default())),
                    None => st.pending.push(o),
                }
            }
            let s = &mut states[i as usize];
            let started = match s {
                State::Started { at } => Some(*at),
                State::Done { started, .. } | State::Blocked { started, .. } => *started,
                State::Open => None,
            };
            if let Some(at) = st.passed {
                *s = State::Done { at, started };
            } else if let Some((o, at, _, reason)) = st.no_go.iter().max_by_key(|n| n.1) {
                let who = plan.org(*o).short.clone().unwrap_or_else(|| plan.org(*o).id.clone());
                *s = State::Blocked { since: *at, reason: format!("no-go ({who}): {reason}"), started, until: None };
            } else if matches!(s, State::Done { .. }) {
                // Only the approvers pass a gate.
                *s = match started {
                    Some(at) => State::Started { at },
                    None => State::Open,
                };
            }
            out.push(st);
        }
    }
    out
}

impl Progress {
    /// Every warning about the log, ready to print after `warning: LOG: `:
    /// malformed lines, then records naming what the plan does not have,
    /// each kind capped at [`SHOWN_WARNINGS`] with a count of the rest, and
    /// every text from the log made safe for a terminal.
    pub fn warning_lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.warnings.iter().map(|w| crate::text::visible_line(&w.message).into_owned()).collect();
        for (line, task) in &self.unknown {
            out.push(crate::t!("err.log-unknown-task", line = line, task = crate::text::visible_line(task)).into_owned());
        }
        if self.unknown_more > 0 {
            out.push(crate::t!("err.log-more-unknown", more = self.unknown_more).into_owned());
        }
        out
    }
}

/// The fixed times a forecast starts from: done instances finish when they
/// did; started ones started when they did and finish no earlier than now;
/// a blocked one starts again when its block is expected to be resolved
/// (`until`), or no earlier than now when nobody said (the forecast is then
/// unknown: see `night::Summary::unknown_because`); everything else starts
/// no earlier than `now`.
pub fn fixed(progress: &Progress, now: Instant) -> Vec<crate::schedule::Fixed> {
    use crate::schedule::Fixed;
    progress
        .states
        .iter()
        .map(|s| match s {
            State::Done { at, started } => Fixed { start: *started, finish: Some(*at), ..Default::default() },
            State::Started { at } => Fixed { start: Some(*at), finish_floor: Some(now), ..Default::default() },
            State::Blocked { until, .. } => Fixed { start_floor: Some((*until).map_or(now, |u| u.max(now))), ..Default::default() },
            State::Open => Fixed { start_floor: Some(now), ..Default::default() },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(task: &str, event: Kind) -> Record {
        Record {
            event,
            task: task.into(),
            at: "2025-06-20T15:00:00+07:00".into(),
            recorded: "2025-06-20T15:01:00+07:00".into(),
            by: "lan".into(),
            reason: None,
            note: None,
            until: None,
            org: None,
        }
    }

    #[test]
    fn torn_lines_are_skipped_and_appends_start_fresh() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("plan.toml.status.jsonl");
        append(&p, &[rec("a", Kind::Start)]).unwrap();
        // A process killed mid-write leaves half a line.
        let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(b"{\"event\":\"done\",\"ta").unwrap();
        drop(f);
        append(&p, &[rec("b", Kind::Done)]).unwrap();
        let (records, warnings) = read(&p, 1 << 20).unwrap();
        assert_eq!(records.iter().map(|(l, r)| (*l, r.task.as_str())).collect::<Vec<_>>(), vec![(1, "a"), (3, "b")]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 2);
    }

    #[test]
    fn a_log_of_garbage_gives_a_few_warnings_and_a_count() {
        let garbage = "x\n".repeat(100_000);
        let (records, warnings) = parse(garbage.as_bytes());
        assert!(records.is_empty());
        assert_eq!(warnings.len(), SHOWN_WARNINGS + 1);
        assert_eq!(warnings[SHOWN_WARNINGS].message, "99980 more lines are not status records (the last is line 100000); skipped");
    }

    #[test]
    fn missing_log_is_empty() {
        let (r, w) = read(Path::new("/nonexistent/x.status.jsonl"), 1 << 20).unwrap();
        assert!(r.is_empty() && w.is_empty());
        assert_eq!(default_path(Path::new("plans/q.toml")), PathBuf::from("plans/q.toml.status.jsonl"));
    }
}
