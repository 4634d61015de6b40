//! The cutover night: where the plan stands at an instant, from the status
//! log — progress per system and unit, what is overdue, what is blocked,
//! and a forecast of T-0.
//!
//! The forecast re-runs the critical-path method from `now`: done instances
//! fixed at their actual finish, started ones at their actual start, the rest
//! no earlier than `now`.

use crate::graph::InstanceGraph;
use crate::model::{Plan, SystemIx, UnitIx};
use crate::schedule::Schedule;
use crate::status::{Progress, State};
use crate::time::Instant;

pub mod backout;
pub mod record;

/// An instance and a time.
#[derive(Clone, Debug, PartialEq)]
pub struct Late {
    pub instance: u32,
    pub due: Instant,
    /// The forecast finish (for "at risk").
    pub forecast: Option<Instant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Blocked {
    pub instance: u32,
    pub since: Instant,
    pub reason: String,
    /// When the block is expected to be resolved, if anyone said.
    pub until: Option<Instant>,
}

/// Done / total of a group.
#[derive(Clone, Debug, PartialEq)]
pub struct Count<K> {
    pub key: K,
    pub done: u32,
    pub total: u32,
    pub overdue: u32,
}

/// The night at `now`.
#[derive(Clone, Debug)]
pub struct Summary {
    pub now: Instant,
    pub cutover: Option<Instant>,
    pub done: u32,
    pub total: u32,
    /// Due before now and not done, earliest due first.
    pub overdue: Vec<Late>,
    pub blocked: Vec<Blocked>,
    /// Not done and not overdue yet, and the forecast finish passes the due
    /// (overdue work is in `overdue` only).
    pub at_risk: Vec<Late>,
    /// The forecast finish of the work due by the cutover; `None` when it
    /// cannot be told (see `unknown_because`).
    pub forecast_finish: Option<Instant>,
    /// Blocked instances nobody said when they will be resolved (`mark
    /// --block … --until`): while they last, the forecast is unknown.
    pub unknown_because: Vec<u32>,
    pub systems: Vec<Count<Option<SystemIx>>>,
    /// Furthest behind first.
    pub units: Vec<Count<UnitIx>>,
    /// Every go/no-go gate instance: passed, refused or pending.
    pub gates: Vec<crate::status::GateStatus>,
    /// The backout gauge per system (BN, BW, colour).
    pub backout: backout::Backout,
}

impl Summary {
    /// Cutover minus the forecast finish (positive: time to spare).
    pub fn margin(&self) -> Option<i64> {
        Some(self.cutover?.0 - self.forecast_finish?.0)
    }
}

/// Summarises the plan's progress at `now`. Needs an acyclic plan (a graph
/// whose schedule computes).
/// `forecast` is the schedule from `now` ([`crate::context::Night`]).
pub fn summarize(plan: &Plan, g: &InstanceGraph, progress: &Progress, now: Instant, forecast: Option<&Schedule>) -> Summary {
    let n = g.len();
    let mut overdue = Vec::new();
    let mut blocked = Vec::new();
    let mut done = 0u32;
    // Backout steps are contingency: not counted unless the night turns to them.
    let counted = |i: u32| !plan.task(g.task_of[i as usize]).is_backout() || progress.states[i as usize] != State::Open;
    // An instance's deadline: its `due`, or one counted from an event as the
    // forecast resolves it (from the event's recorded finish when it is done).
    let due_of = |t: &crate::model::Task, i: u32| match forecast {
        Some(s) if t.due_after().is_some() => s.due_of(plan, t, i),
        _ => t.at.due(),
    };
    let mut total = 0u32;
    for i in (0..n as u32).filter(|&i| counted(i)) {
        total += 1;
        let t = plan.task(g.task_of[i as usize]);
        match &progress.states[i as usize] {
            State::Done { .. } => done += 1,
            State::Blocked { since, reason, until, .. } => {
                blocked.push(Blocked { instance: i, since: *since, reason: reason.clone(), until: *until })
            }
            _ => {}
        }
        if !progress.is_done(i) {
            if let Some(d) = due_of(t, i).filter(|d| *d <= now) {
                overdue.push(Late { instance: i, due: d, forecast: None });
            }
        }
    }
    let by_due = |a: &Late, b: &Late| (a.due, a.instance).cmp(&(b.due, b.instance));
    overdue.sort_by(by_due);
    blocked.sort_by_key(|b| (b.since, b.instance));

    let mut at_risk = Vec::new();
    let mut forecast_finish: Option<Instant> = None;
    let cutover = plan.cutover();
    if let Some(s) = forecast {
        for i in (0..n as u32).filter(|&i| counted(i)) {
            let t = plan.task(g.task_of[i as usize]);
            let ef = s.early_finish(i);
            if let Some(d) = due_of(t, i) {
                if !progress.is_done(i) && d > now && ef > d {
                    at_risk.push(Late { instance: i, due: d, forecast: Some(ef) });
                }
                if cutover.is_none_or(|c| d <= c) {
                    forecast_finish = Some(forecast_finish.map_or(ef, |f| f.max(ef)));
                }
            }
        }
    }
    at_risk.sort_by(by_due);

    let mut systems: Vec<Count<Option<SystemIx>>> =
        (0..plan.systems.len()).map(|s| Count { key: Some(SystemIx(s as u32)), done: 0, total: 0, overdue: 0 }).collect();
    systems.push(Count { key: None, done: 0, total: 0, overdue: 0 });
    let mut units: Vec<Count<UnitIx>> =
        (0..plan.units.len()).map(|u| Count { key: UnitIx(u as u32), done: 0, total: 0, overdue: 0 }).collect();
    for i in (0..n as u32).filter(|&i| counted(i)) {
        let t = plan.task(g.task_of[i as usize]);
        let is_done = progress.is_done(i) as u32;
        let late = (!progress.is_done(i) && due_of(t, i).is_some_and(|d| d <= now)) as u32;
        let s = &mut systems[t.system.map_or(plan.systems.len(), |s| s.ix())];
        s.done += is_done;
        s.total += 1;
        s.overdue += late;
        if let Some(u) = g.unit_of(i) {
            let c = &mut units[u.ix()];
            c.done += is_done;
            c.total += 1;
            c.overdue += late;
        }
    }
    systems.retain(|s| s.total > 0);
    // A unit no unit task applies to has nothing to be behind on.
    units.retain(|c| c.total > 0);
    // Furthest behind first: the lowest share done, then the most overdue.
    units.sort_by(|a, b| {
        let share = |c: &Count<UnitIx>| (c.done as u64 * 1_000_000).checked_div(c.total as u64).unwrap_or(1_000_000);
        share(a).cmp(&share(b)).then(b.overdue.cmp(&a.overdue)).then(a.key.cmp(&b.key))
    });
    let unknown_because: Vec<u32> = blocked.iter().filter(|b| b.until.is_none()).map(|b| b.instance).collect();
    if !unknown_because.is_empty() {
        forecast_finish = None;
    }
    let gates = progress.gates.clone();
    let backout = backout::gauges(plan, g, Some(progress), now, forecast);
    Summary { now, cutover, done, total, overdue, blocked, at_risk, forecast_finish, unknown_because, systems, units, gates, backout }
}

/// The countdown as people read it, in `lang`: `T-10 ngày 14:00` /
/// `T-10d 14:00`; under a day `T-02:30` in both. JSON keeps [`countdown`].
pub fn countdown_in(lang: crate::time::Lang, now: Instant, cutover: Instant) -> String {
    let m = cutover.0 - now.0;
    let (sign, a) = if m >= 0 { ("-", m) } else { ("+", -m) };
    let (d, hm) = (a / 1440, format!("{:02}:{:02}", (a % 1440) / 60, a % 60));
    if d > 0 { crate::t!("night.countdown-days", locale = lang, sign = sign, d = d, hm = hm).into_owned() } else { format!("T{sign}{hm}") }
}

/// `T-2d 06:15` (before the cutover) or `T+3h 10m` (after): the stable form of JSON.
pub fn countdown(now: Instant, cutover: Instant) -> String {
    let m = cutover.0 - now.0;
    let (sign, a) = if m >= 0 { ('-', m) } else { ('+', -m) };
    let (d, h, mi) = (a / 1440, (a % 1440) / 60, a % 60);
    if d > 0 { format!("T{sign}{d}d {h:02}:{mi:02}") } else { format!("T{sign}{h:02}:{mi:02}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns() {
        assert_eq!(countdown(Instant(0), Instant(2 * 1440 + 6 * 60 + 15)), "T-2d 06:15");
        assert_eq!(countdown(Instant(100), Instant(100)), "T-00:00");
        assert_eq!(countdown(Instant(190), Instant(0)), "T+03:10");
        let (now, c) = (Instant(0), Instant(10 * 1440 + 14 * 60));
        assert_eq!(countdown_in(crate::time::Lang::Vi, now, c), "T-10 ngày 14:00");
        assert_eq!(countdown_in(crate::time::Lang::En, now, c), countdown(now, c));
    }
}

/// One row of `cutover next`: a task (its pending instances folded), when it
/// is due, when it may start, and what it still waits for.
/// Which part of the answer to "what should be moving now" a row is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Due at or before now and not done: oldest due first.
    Overdue,
    /// Must start within the window to meet its due or pinned instant, and
    /// may start now: every predecessor done, its not-before reached.
    StartNow,
    /// Must start within the window, but still waits (for what it names).
    Waits,
    /// Due within the window (and not in the sections above).
    DueSoon,
    /// Startable now with time to spare (only with `--all`).
    Startable,
    /// Blocked: with the reason and since when.
    Blocked,
}

impl Section {
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Overdue => "overdue",
            Section::StartNow => "start_now",
            Section::Waits => "waits",
            Section::DueSoon => "due_soon",
            Section::Startable => "startable",
            Section::Blocked => "blocked",
        }
    }
}

/// A row of `cutover next`: one task's pending instances in one section.
#[derive(Clone, Debug, PartialEq)]
pub struct Next {
    pub section: Section,
    pub task: crate::model::TaskIx,
    /// The pending instances (one for a plan task or a chosen unit).
    pub instances: Vec<u32>,
    pub due: Option<Instant>,
    /// The earliest forecast start among them.
    pub may_start: Instant,
    /// The latest start that still meets the due or the pin (the earliest
    /// among the instances), when the task has one.
    pub latest_start: Option<Instant>,
    /// Predecessor instances not done yet.
    pub waits_for: Vec<u32>,
    /// Blocked: since when, and why (the earliest block among the instances).
    pub blocked: Option<(Instant, String)>,
}

/// What should be moving between `now` and `until`, for `unit` only and
/// with `org` taking part when given. In order: what is overdue (oldest due
/// first); what must start in the window to meet its due or pinned instant
/// (its latest start falls before `until`), split into what may start now
/// and what still waits; what is due in the window; with `all`, everything
/// else that may start now; and what is blocked. Work that may start now
/// but has time to spare is not "next" unless `all`.
#[allow(clippy::too_many_arguments)]
pub fn next(
    plan: &Plan,
    g: &InstanceGraph,
    progress: &Progress,
    now: Instant,
    until: Instant,
    org: Option<crate::model::OrgIx>,
    unit: Option<UnitIx>,
    forecast: Option<&Schedule>,
    all: bool,
) -> Vec<Next> {
    let Some(s) = forecast else { return Vec::new() };
    let mut rows = Vec::new();
    for (ti, t) in plan.tasks.iter().enumerate() {
        if org.is_some_and(|o| !t.involves(o)) {
            continue;
        }
        let first = g.offsets[ti];
        let n = plan.instance_count(t) as u32;
        let due = if t.due_after().is_some() && n > 0 { s.due_of(plan, t, first) } else { t.at.due() };
        // Each section's instances of this task.
        let mut by_section: Vec<(Section, Vec<u32>)> = Vec::new();
        let mut blocked: Option<(Instant, String)> = None;
        for i in first..first + n {
            if unit.is_some() && t.is_unit() && g.unit_of(i) != unit {
                continue;
            }
            let st = &progress.states[i as usize];
            // A backout step is not next unless the night has turned to it.
            if t.is_backout() && *st == State::Open {
                continue;
            }
            let section = match st {
                State::Done { .. } => continue,
                State::Blocked { since, reason, .. } => {
                    if blocked.as_ref().is_none_or(|(b, _)| since < b) {
                        blocked = Some((*since, reason.clone()));
                    }
                    Section::Blocked
                }
                _ if due.is_some_and(|d| d <= now) => Section::Overdue,
                _ => {
                    let latest_start = (due.is_some() || t.pin().is_some()).then(|| s.lf[i as usize] - t.duration);
                    let preds_done = g.preds(i).all(|(p, _)| progress.is_done(p));
                    let started = matches!(st, State::Started { .. });
                    let may_start_now = started || (preds_done && s.es[i as usize] <= now.0);
                    if latest_start.is_some_and(|ls| ls <= until.0) {
                        if may_start_now { Section::StartNow } else { Section::Waits }
                    } else if due.is_some_and(|d| d <= until) {
                        Section::DueSoon
                    } else if all && may_start_now {
                        Section::Startable
                    } else {
                        continue;
                    }
                }
            };
            match by_section.iter_mut().find(|(sec, _)| *sec == section) {
                Some((_, v)) => v.push(i),
                None => by_section.push((section, vec![i])),
            }
        }
        for (section, insts) in by_section {
            let may_start = insts.iter().map(|&i| s.early_start(i)).min().unwrap_or(now);
            let latest_start = (due.is_some() || t.pin().is_some())
                .then(|| Instant(insts.iter().map(|&i| s.lf[i as usize] - t.duration).min().unwrap_or(0)));
            let mut waits: Vec<u32> = insts.iter().flat_map(|&i| g.preds(i).map(|(p, _)| p)).filter(|&p| !progress.is_done(p)).collect();
            waits.sort_unstable();
            waits.dedup();
            let blocked = if section == Section::Blocked { blocked.clone() } else { None };
            rows.push(Next {
                section,
                task: crate::model::TaskIx(ti as u32),
                instances: insts,
                due,
                may_start,
                latest_start,
                waits_for: waits,
                blocked,
            });
        }
    }
    rows.sort_by(|a, b| {
        let key = |r: &Next| (r.section, r.blocked.as_ref().map(|b| b.0), r.due.is_none(), r.due, r.latest_start, r.may_start);
        key(a).cmp(&key(b)).then_with(|| plan.task(a.task).id.cmp(&plan.task(b.task).id))
    });
    rows
}
