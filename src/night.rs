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
    /// Not done, and the forecast finish passes the due.
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
    for i in 0..n as u32 {
        let t = plan.task(g.task_of[i as usize]);
        match &progress.states[i as usize] {
            State::Done { .. } => done += 1,
            State::Blocked { since, reason, until, .. } => {
                blocked.push(Blocked { instance: i, since: *since, reason: reason.clone(), until: *until })
            }
            _ => {}
        }
        if !progress.is_done(i) {
            if let Some(d) = t.at.due().filter(|d| *d <= now) {
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
        for i in 0..n as u32 {
            let t = plan.task(g.task_of[i as usize]);
            let ef = s.early_finish(i);
            if let Some(d) = t.at.due() {
                if !progress.is_done(i) && ef > d {
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
    for i in 0..n as u32 {
        let t = plan.task(g.task_of[i as usize]);
        let is_done = progress.is_done(i) as u32;
        let late = (!progress.is_done(i) && t.at.due().is_some_and(|d| d <= now)) as u32;
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
    // Furthest behind first: the lowest share done, then the most overdue.
    units.sort_by(|a, b| {
        let share = |c: &Count<UnitIx>| (c.done as u64 * 1_000_000).checked_div(c.total as u64).unwrap_or(1_000_000);
        share(a).cmp(&share(b)).then(b.overdue.cmp(&a.overdue)).then(a.key.cmp(&b.key))
    });
    let unknown_because: Vec<u32> = blocked.iter().filter(|b| b.until.is_none()).map(|b| b.instance).collect();
    if !unknown_because.is_empty() {
        forecast_finish = None;
    }
    Summary { now, cutover, done, total: n as u32, overdue, blocked, at_risk, forecast_finish, unknown_because, systems, units }
}

/// `T-2d 06:15` (before the cutover) or `T+3h 10m` (after).
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
    }
}

/// One row of `cutover next`: a task (its pending instances folded), when it
/// is due, when it may start, and what it still waits for.
#[derive(Clone, Debug, PartialEq)]
pub struct Next {
    pub task: crate::model::TaskIx,
    /// The pending instances (one for a plan task or a chosen unit).
    pub instances: Vec<u32>,
    pub due: Option<Instant>,
    /// The earliest forecast start among them.
    pub may_start: Instant,
    /// Predecessor instances not done yet.
    pub waits_for: Vec<u32>,
}

/// What is due, or may start, between `now` and `until`: instances not
/// done, for `unit` only and with `org` taking part when given.
pub fn next(
    plan: &Plan,
    g: &InstanceGraph,
    progress: &Progress,
    now: Instant,
    until: Instant,
    org: Option<crate::model::OrgIx>,
    unit: Option<UnitIx>,
    forecast: Option<&Schedule>,
) -> Vec<Next> {
    let Some(s) = forecast else { return Vec::new() };
    let mut rows = Vec::new();
    for (ti, t) in plan.tasks.iter().enumerate() {
        if org.is_some_and(|o| !t.lead.contains(&o) && !t.support.contains(&o)) {
            continue;
        }
        let first = g.offsets[ti];
        let n = plan.instance_count(t) as u32;
        let mut insts = Vec::new();
        for i in first..first + n {
            if unit.is_some() && t.is_unit() && g.unit_of(i) != unit {
                continue;
            }
            let st = &progress.states[i as usize];
            if matches!(st, State::Done { .. }) {
                continue;
            }
            let due_soon = t.at.due().is_some_and(|d| d > now && d <= until);
            let can_start = matches!(st, State::Open) && s.early_start(i) <= until;
            if due_soon || can_start {
                insts.push(i);
            }
        }
        if insts.is_empty() {
            continue;
        }
        let may_start = insts.iter().map(|&i| s.early_start(i)).min().unwrap_or(now);
        let mut waits: Vec<u32> = insts.iter().flat_map(|&i| g.preds(i).map(|(p, _)| p)).filter(|&p| !progress.is_done(p)).collect();
        waits.sort_unstable();
        waits.dedup();
        rows.push(Next { task: crate::model::TaskIx(ti as u32), instances: insts, due: t.at.due(), may_start, waits_for: waits });
    }
    rows.sort_by(|a, b| {
        (a.due.is_none(), a.due, a.may_start, &plan.task(a.task).id).cmp(&(b.due.is_none(), b.due, b.may_start, &plan.task(b.task).id))
    });
    rows
}
