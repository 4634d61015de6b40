//! Recording progress and decisions: what `cutover mark`, `cutover approve`
//! and the server (`POST /api/mark`, `/api/approve` and the pages' forms)
//! share. Ids resolved against the plan (with the closest one when
//! unknown), a gate never marked done (its approvers pass it), the approver
//! deciding, an event never recorded well after the present time, the
//! records to append, and what a start or a done runs ahead of (recorded
//! anyway, with a warning).
//!
//! Each step refuses with a [`Refusal`] and nothing is written; the caller
//! appends the [`records`] (`status::append`) and shows the [`warning`]s.
//! Both speak from the catalogue, worded for the command line or for the
//! server ([`Via`]).
//!
//! [`warning`]: Warning

use crate::context::Night;
use crate::graph::InstanceGraph;
use crate::model::{Gate, OrgIx, Plan};
use crate::status::{Kind, Record, State};
use crate::time::{Instant, Lang};
use std::collections::HashSet;
use std::path::Path;

/// How many names a warning lists before it says how many more.
const SHOWN: usize = 5;

/// Where events are recorded: the plan (and its file, which a message may
/// name), the present time, and the language dates are written in.
pub struct Desk<'a> {
    pub plan: &'a Plan,
    pub g: &'a InstanceGraph,
    pub path: &'a Path,
    /// The present time: nothing is recorded as happening well after it.
    pub now: Instant,
    /// The language of the dates in messages.
    pub dates: Lang,
}

impl Desk<'_> {
    fn fmt(&self, t: Instant) -> String {
        crate::time::fmt_instant(t, self.plan.tz(), self.dates, false)
    }
}

/// Whose words a message is in: the command line's (flags, `cutover
/// approve`) or the server's (JSON fields, `/api/approve`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Cli,
    Server,
}

/// Why nothing was recorded.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// An id the plan does not have (the message names the closest one).
    Unknown(String),
    /// An approver the plan does not have.
    UnknownOrg(String),
    /// A time that does not read.
    BadTime(String),
    /// When it happened is more than a minute after the present time.
    Future { at: String, now: String },
    /// A gate marked done: its approvers pass it.
    GateNotMarked { name: String, plan: String },
    /// A decision on a task that is not a gate (with the plan's gates).
    NotAGate { task: String, gates: Vec<String> },
    /// A gate with several approvers, none named.
    WhichApprover { task: String, approvers: Vec<String> },
    /// An org that does not approve the gate; `named`: it was named in the
    /// request (else it was the one the request came from).
    NotApprover { org: String, task: String, approvers: Vec<String>, named: bool },
}

fn ticked(ids: &[String]) -> String {
    ids.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
}

impl Refusal {
    /// The message, in `lang`, worded for `via`.
    pub fn message(&self, lang: Lang, via: Via) -> String {
        let l = crate::i18n::code(lang);
        let cli = via == Via::Cli;
        match self {
            Refusal::Unknown(m) | Refusal::BadTime(m) => m.clone(),
            Refusal::UnknownOrg(m) if cli => crate::t!("err.nothing-written", locale = l, error = m).into_owned(),
            Refusal::UnknownOrg(m) => m.clone(),
            Refusal::Future { at, now } if cli => crate::t!("err.at-future", locale = l, at = at, now = now).into_owned(),
            Refusal::Future { at, now } => crate::t!("serve.at-future", locale = l, at = at, now = now).into_owned(),
            Refusal::GateNotMarked { name, plan } if cli => {
                crate::t!("err.gate-not-marked", locale = l, name = name, plan = plan).into_owned()
            }
            Refusal::GateNotMarked { name, .. } => crate::t!("serve.gate-not-done", locale = l, id = name).into_owned(),
            Refusal::NotAGate { task, gates } => {
                let close = crate::diag::did_you_mean(task, gates.iter().map(String::as_str));
                let hint = match close {
                    Some(s) => crate::t!("err.did-you-mean", locale = l, name = s),
                    None if !cli => "".into(),
                    None if gates.is_empty() => crate::t!("err.no-gates", locale = l),
                    None => crate::t!("err.gates-are", locale = l, gates = ticked(gates)),
                };
                if cli {
                    crate::t!("err.not-a-gate", locale = l, task = task, hint = hint).into_owned()
                } else {
                    crate::t!("serve.not-a-gate", locale = l, id = task, hint = hint).into_owned()
                }
            }
            Refusal::WhichApprover { task, approvers } if cli => {
                let (n, listed) = (approvers.len(), approvers.join(", "));
                crate::t!("err.which-approver", locale = l, task = task, n = n, approvers = listed).into_owned()
            }
            Refusal::WhichApprover { task, approvers } => {
                crate::t!("serve.which-approver", locale = l, id = task, approvers = ticked(approvers)).into_owned()
            }
            Refusal::NotApprover { org, task, approvers, .. } if cli => {
                crate::t!("err.not-approver", locale = l, org = org, task = task, approvers = ticked(approvers)).into_owned()
            }
            Refusal::NotApprover { org, task, approvers, .. } => {
                crate::t!("serve.not-approver", locale = l, org = org, id = task, approvers = ticked(approvers)).into_owned()
            }
        }
    }
}

/// The command line's message, in the language of messages.
impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::current(), Via::Cli))
    }
}

impl std::error::Error for Refusal {}

/// What a start or a done runs ahead of: recorded anyway, with this warning.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// Done before the start the log holds for a later time.
    DoneBeforeStart { task: String, at: String, started: String },
    /// Started (or, by its duration, done) before its pinned instant allows.
    BeforePin { task: String, pin: String, start: String, started: String },
    /// Go/no-go gates before it that have not passed.
    GatesNotPassed { gates: Vec<String> },
    /// Done before these predecessors are.
    DoneBeforePreds { task: String, preds: Vec<String> },
}

/// The first few names and how many more, as the command line or the
/// server writes them.
fn names(v: &[String], l: &str, via: Via) -> (String, String) {
    let shown = v.iter().take(SHOWN).map(String::as_str).collect::<Vec<_>>().join(", ");
    let more = match (v.len() > SHOWN, via) {
        (false, _) => String::new(),
        (true, Via::Cli) => crate::t!("report.and-more", locale = l, n = v.len() - SHOWN).into_owned(),
        (true, Via::Server) => format!(" (+{})", v.len() - SHOWN),
    };
    (shown, more)
}

impl Warning {
    /// The warning, in `lang`, worded for `via`.
    pub fn message(&self, lang: Lang, via: Via) -> String {
        let l = crate::i18n::code(lang);
        match self {
            Warning::DoneBeforeStart { task, at, started } => {
                crate::t!("report.done-before-start", locale = l, task = task, at = at, started = started).into_owned()
            }
            Warning::BeforePin { task, pin, start, started } => {
                crate::t!("report.before-pin", locale = l, task = task, pin = pin, start = start, started = started).into_owned()
            }
            Warning::GatesNotPassed { gates } => {
                let (shown, more) = names(gates, l, via);
                match via {
                    Via::Cli => crate::t!("report.gate-not-passed", locale = l, gates = shown, more = more).into_owned(),
                    Via::Server => crate::t!("serve.warn-gate", locale = l, gates = format!("{shown}{more}")).into_owned(),
                }
            }
            Warning::DoneBeforePreds { task, preds } => {
                let (shown, more) = names(preds, l, via);
                match via {
                    Via::Cli => crate::t!("report.done-before-preds", locale = l, task = task, preds = shown, more = more).into_owned(),
                    Via::Server => {
                        crate::t!("serve.warn-done-before", locale = l, id = task, before = format!("{shown}{more}")).into_owned()
                    }
                }
            }
        }
    }
}

/// The command line's warning, in the language of messages.
impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::current(), Via::Cli))
    }
}

/// The instances `ids` name (`task`, `task@unit`, `task@all`), in order:
/// every id must name something.
pub fn targets<S: AsRef<str>>(desk: &Desk, ids: &[S]) -> Result<Vec<u32>, Refusal> {
    let mut out = Vec::new();
    for id in ids {
        out.extend(crate::status::targets(desk.plan, desk.g, id.as_ref().trim()).map_err(Refusal::Unknown)?);
    }
    Ok(out)
}

/// A done on a gate is refused: only its approvers pass it.
pub fn refuse_gate_done(desk: &Desk, instances: &[u32], event: Kind) -> Result<(), Refusal> {
    let (plan, g) = (desk.plan, desk.g);
    if event != Kind::Done {
        return Ok(());
    }
    match instances.iter().find(|&&i| plan.task(g.task_of[i as usize]).gate().is_some()) {
        Some(&i) => Err(Refusal::GateNotMarked { name: g.name(plan, i), plan: crate::source::display_path(desk.path) }),
        None => Ok(()),
    }
}

/// When it happened: `at` (a time expression of the plan, or RFC 3339;
/// `flag` names it in a message), default the present time. More than a
/// minute after the present time is refused unless `force`: what is
/// recorded has happened, so an instant in the future is a typo.
pub fn when(desk: &Desk, at: Option<&str>, flag: &'static str, force: bool) -> Result<Instant, Refusal> {
    let Some(t) = at.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(desk.now) };
    let at = crate::context::instant(desk.plan, t, flag).map_err(|e| Refusal::BadTime(e.to_string()))?;
    if at.0 > desk.now.0 + 60 && !force {
        return Err(Refusal::Future { at: desk.fmt(at), now: desk.fmt(desk.now) });
    }
    Ok(at)
}

/// The gate `instances` are instances of, or the refusal naming the plan's gates.
pub fn gate<'p>(desk: &Desk<'p>, instances: &[u32]) -> Result<&'p Gate, Refusal> {
    let plan = desk.plan;
    let task = plan.task(desk.g.task_of[instances[0] as usize]);
    task.gate().ok_or_else(|| Refusal::NotAGate {
        task: task.id.clone(),
        gates: plan.tasks.iter().filter(|t| t.gate().is_some()).map(|t| t.id.clone()).collect(),
    })
}

/// The approver deciding on the gate `instances` are of: the org `named`,
/// else `default` (the org a request comes from), else the gate's only
/// approver; it must be one of the gate's approvers.
pub fn approver(desk: &Desk, instances: &[u32], named: Option<&str>, default: Option<OrgIx>) -> Result<OrgIx, Refusal> {
    let plan = desk.plan;
    let gate = gate(desk, instances)?;
    let task = &plan.task(desk.g.task_of[instances[0] as usize]).id;
    let approvers = || gate.approvers.iter().map(|&o| plan.org(o).id.clone()).collect::<Vec<_>>();
    let named = named.map(str::trim).filter(|o| !o.is_empty());
    let org = match (named, default) {
        (Some(o), _) => crate::status::lookup(&plan.ids.orgs, o, "org").map_err(Refusal::UnknownOrg)?,
        (None, Some(o)) => o,
        (None, None) if gate.approvers.len() == 1 => gate.approvers[0],
        (None, None) => return Err(Refusal::WhichApprover { task: task.clone(), approvers: approvers() }),
    };
    if !gate.approvers.contains(&org) {
        return Err(Refusal::NotApprover {
            org: plan.org(org).id.clone(),
            task: task.clone(),
            approvers: approvers(),
            named: named.is_some(),
        });
    }
    Ok(org)
}

/// What is recorded, checked.
pub struct Request {
    pub event: Kind,
    /// When it happened ([`when`]).
    pub at: Instant,
    /// When it is recorded.
    pub recorded: Instant,
    pub by: String,
    /// Why it is blocked, or refused (kept for a block and a no-go only).
    pub reason: Option<String>,
    pub note: Option<String>,
    /// When a block is expected to be resolved.
    pub until: Option<Instant>,
    /// The approver deciding, for a go or a no-go ([`approver`]).
    pub org: Option<OrgIx>,
}

/// The records to append: one per instance.
pub fn records(desk: &Desk, instances: &[u32], req: &Request) -> Vec<Record> {
    let (plan, g, tz) = (desk.plan, desk.g, desk.plan.tz());
    let (at, recorded) = (tz.rfc3339(req.at), tz.rfc3339(req.recorded));
    let reason = if matches!(req.event, Kind::Block | Kind::NoGo) { req.reason.clone() } else { None };
    instances
        .iter()
        .map(|&i| Record {
            event: req.event,
            task: g.name(plan, i),
            at: at.clone(),
            recorded: recorded.clone(),
            by: req.by.clone(),
            reason: reason.clone(),
            note: req.note.clone(),
            until: req.until.map(|u| tz.rfc3339(u)),
            org: req.org.map(|o| plan.org(o).id.clone()),
        })
        .collect()
}

/// What a start or a done of `instances` at `at` runs ahead of, in this
/// order: a done before its recorded start (as the whole log stands,
/// `latest`), a start before a pinned instant allows, go/no-go gates not
/// passed, predecessors not done (as the log stood at `at`, `night`).
pub fn warnings(desk: &Desk, night: &Night, latest: &Night, instances: &[u32], event: Kind, at: Instant) -> Vec<Warning> {
    let (plan, g) = (desk.plan, desk.g);
    let tz = plan.tz();
    let mut out = Vec::new();
    if !matches!(event, Kind::Start | Kind::Done) {
        return out;
    }
    if event == Kind::Done {
        for &i in instances {
            if let State::Started { at: started } = latest.progress.states[i as usize]
                && at < started
            {
                out.push(Warning::DoneBeforeStart { task: g.name(plan, i), at: desk.fmt(at), started: desk.fmt(started) });
            }
        }
    }
    // A pinned task happens at that instant: it starts its duration before, not earlier.
    let mut warned = HashSet::new();
    for &i in instances {
        let t = plan.task(g.task_of[i as usize]);
        if let Some(p) = t.pin() {
            let start = Instant(p.expr.due(tz).0 - t.duration);
            let started = if event == Kind::Start { at } else { Instant(at.0 - t.duration) };
            if started < start && warned.insert(g.task_of[i as usize]) {
                out.push(Warning::BeforePin {
                    task: g.name(plan, i),
                    pin: p.expr.display(desk.dates, tz),
                    start: desk.fmt(start),
                    started: desk.fmt(started),
                });
            }
        }
    }
    let gates = gates_not_passed(plan, g, night, instances);
    if !gates.is_empty() {
        out.push(Warning::GatesNotPassed { gates: gates.into_iter().map(|p| g.name(plan, p)).collect() });
    }
    if event == Kind::Done {
        let marked: HashSet<u32> = instances.iter().copied().collect();
        for &i in instances {
            let mut waiting: Vec<u32> = g.preds(i).map(|(p, _)| p).filter(|p| !night.progress.is_done(*p) && !marked.contains(p)).collect();
            waiting.sort_unstable();
            waiting.dedup();
            if !waiting.is_empty() {
                out.push(Warning::DoneBeforePreds { task: g.name(plan, i), preds: waiting.into_iter().map(|p| g.name(plan, p)).collect() });
            }
        }
    }
    out
}

/// The gates before any of `instances` (transitively) that have not passed
/// as of the log read: what a start or a done of them runs ahead of. One
/// walk over the ancestors of them all, none when the plan has no gate.
pub fn gates_not_passed(plan: &Plan, g: &InstanceGraph, night: &Night, instances: &[u32]) -> Vec<u32> {
    if !plan.tasks.iter().any(|t| t.gate().is_some()) {
        return Vec::new();
    }
    let is_gate = |p: u32| plan.task(g.task_of[p as usize]).gate().is_some();
    let mut seen = vec![false; g.len()];
    let mut stack: Vec<u32> = instances.to_vec();
    let mut out = Vec::new();
    while let Some(v) = stack.pop() {
        for (p, _) in g.preds(v) {
            if std::mem::replace(&mut seen[p as usize], true) {
                continue;
            }
            let passed = night.progress.is_done(p);
            if is_gate(p) && !passed {
                out.push(p);
            }
            // Before a gate that passed, everything was decided on.
            if !(is_gate(p) && passed) {
                stack.push(p);
            }
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_refusal_is_worded_for_the_command_line_or_the_server() {
        let not_a_gate = Refusal::NotAGate { task: "lgsp.backup".into(), gates: ids(&["lgsp.gate", "tthc.gate"]) };
        assert_eq!(
            not_a_gate.message(Lang::En, Via::Cli),
            "`lgsp.backup` is not a go/no-go gate; its gates are `lgsp.gate`, `tthc.gate`; nothing was written"
        );
        assert_eq!(not_a_gate.message(Lang::En, Via::Server), "`lgsp.backup` is not a go/no-go gate; nothing was written");
        let close = Refusal::NotAGate { task: "lgsp.gat".into(), gates: ids(&["lgsp.gate", "tthc.gate"]) };
        assert!(close.message(Lang::En, Via::Server).contains("; did you mean `lgsp.gate`?"));
        assert!(close.message(Lang::Vi, Via::Server).contains("; có phải ý bạn là `lgsp.gate`?"));
        let which = Refusal::WhichApprover { task: "tthc.gate".into(), approvers: ids(&["skhcn", "vpubnd"]) };
        assert_eq!(
            which.message(Lang::En, Via::Cli),
            "`tthc.gate` has 2 approvers: say which decides with --org (skhcn, vpubnd); nothing was written"
        );
        assert!(which.message(Lang::En, Via::Server).contains("with `org` (`skhcn`, `vpubnd`)"));
        let gate = Refusal::GateNotMarked { name: "tthc.gate".into(), plan: "p.toml".into() };
        assert!(gate.message(Lang::En, Via::Cli).contains("`cutover approve p.toml tthc.gate --org ID`"));
        assert!(gate.message(Lang::En, Via::Server).contains("(`/api/approve`)"));
        let org = Refusal::UnknownOrg("the plan has no org `x`".into());
        assert_eq!(org.message(Lang::En, Via::Cli), "the plan has no org `x`; nothing was written");
        assert_eq!(org.message(Lang::En, Via::Server), "the plan has no org `x`");
        let future = Refusal::Future { at: "16:00 20/6/2025".into(), now: "15:00 20/6/2025".into() };
        assert!(future.message(Lang::En, Via::Cli).starts_with("--at 16:00 20/6/2025 is after the present time (15:00 20/6/2025)"));
        assert!(future.message(Lang::Vi, Via::Server).starts_with("thời điểm 16:00 20/6/2025 muộn hơn hiện tại"));
    }

    #[test]
    fn a_warning_lists_five_names_and_how_many_more() {
        let gates = Warning::GatesNotPassed { gates: (1..=7).map(|i| format!("g{i}")).collect() };
        assert_eq!(
            gates.message(Lang::En, Via::Cli),
            "the go/no-go gate g1, g2, g3, g4, g5 and 2 more before it has not passed (recorded anyway)"
        );
        assert!(gates.message(Lang::En, Via::Server).contains("g1, g2, g3, g4, g5 (+2)"));
        let preds = Warning::DoneBeforePreds { task: "b@x".into(), preds: ids(&["a@x"]) };
        assert_eq!(preds.message(Lang::En, Via::Cli), "b@x is marked done before a@x (recorded anyway)");
        assert_eq!(preds.message(Lang::En, Via::Server), "b@x is marked done before a@x (recorded anyway)");
        assert_eq!(preds.message(Lang::Vi, Via::Cli), "b@x được ghi xong trước a@x (vẫn ghi nhận)");
    }
}
