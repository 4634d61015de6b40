//! The schedule: the critical-path method (CPM) over task instances.
//!
//! One forward pass in topological order gives each instance its early start
//! and finish; one backward pass its late finish; slack is the difference.
//! Both passes are loops over an order built without recursion: O(V + E).
//! All arithmetic saturates, so no plan can overflow it.
//!
//! - early start = the latest of `plan.start`, the task's `not_before` (or the
//!   start of its `ngày D` window), and each predecessor's constraint by type
//!   (`fs`: its early finish + lag; `ss`: its early start + lag; `ff`: its
//!   early finish + lag − this duration);
//! - late finish = the earliest of the task's `due` and each successor's
//!   constraint by type; with neither, the plan's latest early finish;
//! - total slack = late finish − early finish; free slack = how far it can
//!   slip without delaying any successor's early start.

mod working;

use crate::graph::InstanceGraph;
use crate::model::{DepKind, Plan};
use crate::time::Instant;

/// No constraint from this side.
pub(crate) const NONE_LOW: i64 = i64::MIN / 4;
pub(crate) const NONE_HIGH: i64 = i64::MAX / 4;

/// What drives an instance's early start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Driver {
    /// The plan's start.
    PlanStart,
    /// Its own `not_before` or `ngày D` window.
    Window,
    /// A fixed actual time (from the status log).
    Actual,
    /// The predecessor instance through an edge.
    Pred(u32),
}

/// A fixed time an instance must take, e.g. an actual start or finish
/// recorded on the night.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Fixed {
    /// Earliest start no earlier than this (e.g. now, for work not started).
    pub start_floor: Option<Instant>,
    /// Actual start.
    pub start: Option<Instant>,
    /// Actual finish (a done task).
    pub finish: Option<Instant>,
    /// Finishes no earlier than this: work started but not done (not
    /// before now), or blocked until a given time.
    pub finish_floor: Option<Instant>,
}

/// The computed schedule of every instance.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub order: Vec<u32>,
    pub es: Vec<i64>,
    pub ef: Vec<i64>,
    pub lf: Vec<i64>,
    /// Free slack: how far each instance can slip without moving any
    /// successor's early start (or passing its own due).
    pub free: Vec<i64>,
    pub driver: Vec<Driver>,
    /// The plan's latest early finish.
    pub finish: Instant,
    pub start: Instant,
    /// Each instance's deadline where some are counted from an event
    /// (`due = { after = … }`): resolved from the predecessor's early or
    /// actual finish. `None` when no task has one (the task's `due` is the
    /// deadline).
    pub due: Option<Vec<i64>>,
    /// Instances whose calendar has no working time where the schedule
    /// needs it (reported by `no-working-time`).
    pub stuck: Vec<u32>,
}

impl Schedule {
    pub fn early_start(&self, i: u32) -> Instant {
        Instant(self.es[i as usize])
    }
    pub fn early_finish(&self, i: u32) -> Instant {
        Instant(self.ef[i as usize])
    }
    pub fn late_finish(&self, i: u32) -> Instant {
        Instant(self.lf[i as usize])
    }
    /// Total slack in minutes (negative: the due cannot be met).
    pub fn slack(&self, i: u32) -> i64 {
        self.lf[i as usize].saturating_sub(self.ef[i as usize])
    }
    /// Free slack in minutes.
    pub fn free_slack(&self, i: u32) -> i64 {
        self.free[i as usize]
    }

    /// The deadline of instance `i` of task `t`: its `due`, or the one
    /// counted from an event.
    pub fn due_of(&self, plan: &Plan, t: &crate::model::Task, i: u32) -> Option<Instant> {
        match &self.due {
            Some(d) if t.due_after().is_some() => Some(Instant(d[i as usize])).filter(|d| d.0 < NONE_HIGH),
            _ => plan.due(t),
        }
    }
}

/// Why there is no schedule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("the plan has no valid `start`")]
    NoStart,
    #[error("tasks wait on each other (a dependency cycle)")]
    Cycle,
}

/// Computes the schedule of a plan with no recorded progress.
pub fn compute(plan: &Plan, g: &InstanceGraph) -> Result<Schedule, ScheduleError> {
    compute_with(plan, g, &[])
}

/// Computes the schedule with some instances fixed (`fixed[i]`, where
/// given): a done instance finishes when it did; a started one started when
/// it did; every other one starts no earlier than its floor.
pub fn compute_with(plan: &Plan, g: &InstanceGraph, fixed: &[Fixed]) -> Result<Schedule, ScheduleError> {
    let order = g.topo_order().ok_or(ScheduleError::Cycle)?;
    compute_in_order(plan, g, order, fixed)
}

/// [`compute_with`], given a topological order of the instances
/// ([`InstanceGraph::topo_order`]).
pub fn compute_in_order(plan: &Plan, g: &InstanceGraph, order: Vec<u32>, fixed: &[Fixed]) -> Result<Schedule, ScheduleError> {
    let start = plan.start().ok_or(ScheduleError::NoStart)?;
    if !plan.calendars.is_empty() || plan.tasks.iter().any(|t| t.due_after().is_some()) {
        return Ok(working::compute(plan, g, order, fixed, start));
    }
    let n = g.len();
    // Per task (not per instance), in one pass: duration, window start and
    // due, in small arrays that stay in cache (the tasks themselves are
    // large and are visited in no useful order below).
    let mut dur: Vec<i64> = Vec::with_capacity(plan.tasks.len());
    let mut floor: Vec<i64> = Vec::with_capacity(plan.tasks.len());
    let mut due: Vec<i64> = Vec::with_capacity(plan.tasks.len());
    for t in &plan.tasks {
        dur.push(t.duration);
        floor.push(t.at.not_before().max(t.at.window()).map_or(NONE_LOW, |i| i.0));
        due.push(t.at.due().map_or(NONE_HIGH, |i| i.0));
    }

    let mut es = vec![0i64; n];
    let mut ef = vec![0i64; n];
    let mut driver = vec![Driver::PlanStart; n];
    for &v in &order {
        let vi = v as usize;
        let t = g.task_of[vi].ix();
        let d = dur[t];
        let mut best = start.0;
        let mut why = Driver::PlanStart;
        if floor[t] > best {
            best = floor[t];
            why = Driver::Window;
        }
        let fx = fixed.get(vi).copied().unwrap_or_default();
        if let Some(f) = fx.start_floor {
            if f.0 > best {
                best = f.0;
                why = Driver::Actual;
            }
        }
        for (u, e) in g.preds(v) {
            let ui = u as usize;
            let c = match e.kind {
                DepKind::Fs => ef[ui].saturating_add(e.lag),
                DepKind::Ss => es[ui].saturating_add(e.lag),
                DepKind::Ff => ef[ui].saturating_add(e.lag).saturating_sub(d),
            };
            if c > best || (c == best && !matches!(why, Driver::Pred(_))) {
                best = c;
                why = Driver::Pred(u);
            }
        }
        // Recorded progress overrides the plan.
        if let Some(s) = fx.start {
            best = s.0;
            why = Driver::Actual;
        }
        es[vi] = best;
        ef[vi] = match fx.finish {
            Some(f) => {
                if fx.start.is_none() {
                    es[vi] = f.0.saturating_sub(d);
                    why = Driver::Actual;
                }
                f.0
            }
            None => {
                let ef = best.saturating_add(d);
                match fx.finish_floor {
                    Some(f) if f.0 > ef => {
                        why = Driver::Actual;
                        f.0
                    }
                    _ => ef,
                }
            }
        };
        driver[vi] = why;
    }
    let finish = order.iter().map(|&v| ef[v as usize]).max().unwrap_or(start.0);

    let mut lf = vec![0i64; n];
    let mut free = vec![0i64; n];
    for &v in order.iter().rev() {
        let vi = v as usize;
        let t = g.task_of[vi].ix();
        let d = dur[t];
        let mut best = due[t];
        let mut has_succ = false;
        let mut fs = due[t].saturating_sub(ef[vi]);
        for (w, e) in g.succs(v) {
            has_succ = true;
            let wi = w as usize;
            let tw = g.task_of[wi].ix();
            let ls_w = lf[wi].saturating_sub(dur[tw]);
            let c = match e.kind {
                DepKind::Fs => ls_w.saturating_sub(e.lag),
                DepKind::Ss => ls_w.saturating_sub(e.lag).saturating_add(d),
                DepKind::Ff => lf[wi].saturating_sub(e.lag),
            };
            best = best.min(c);
            let room = match e.kind {
                DepKind::Fs => es[wi].saturating_sub(ef[vi].saturating_add(e.lag)),
                DepKind::Ss => es[wi].saturating_sub(es[vi].saturating_add(e.lag)),
                DepKind::Ff => ef[wi].saturating_sub(ef[vi].saturating_add(e.lag)),
            };
            fs = fs.min(room);
        }
        if best >= NONE_HIGH && !has_succ {
            best = finish;
        } else if best >= NONE_HIGH {
            best = finish.max(ef[vi]);
        }
        lf[vi] = best;
        free[vi] = if has_succ { fs } else { fs.min(best.saturating_sub(ef[vi])) };
    }
    Ok(Schedule { order, es, ef, lf, free, driver, finish: Instant(finish), start, due: None, stuck: Vec::new() })
}

/// The chain of driving predecessors that ends at `end`: walking back from
/// `end` through a predecessor whose constraint set its early start (the one
/// with the least slack where several do), until an early start is set by
/// the plan's start, a window or a recorded time. First to last.
pub fn driving_chain(plan: &Plan, g: &InstanceGraph, s: &Schedule, end: u32) -> Vec<u32> {
    let mut chain = vec![end];
    let mut at = end;
    // Each step goes to an earlier instance of the topological order, so the
    // walk ends; the bound is a second guard.
    while chain.len() <= s.order.len() {
        let task = &plan.tasks[g.task_of[at as usize].ix()];
        let by_pred = matches!(s.driver[at as usize], Driver::Pred(_));
        // A pinned task (`at`) starts when its pin says, not when its
        // predecessors let it: the chain goes on through the predecessor
        // with the least slack, the work that most nearly misses the pin.
        let pinned = !by_pred && task.pin().is_some() && s.driver[at as usize] == Driver::Window;
        if !by_pred && !pinned {
            break;
        }
        let d = task.duration;
        let es = s.es[at as usize];
        let best = g
            .preds(at)
            .filter(|(u, e)| {
                if pinned {
                    return true;
                }
                let ui = *u as usize;
                let c = match e.kind {
                    DepKind::Fs => s.ef[ui].saturating_add(e.lag),
                    DepKind::Ss => s.es[ui].saturating_add(e.lag),
                    DepKind::Ff => s.ef[ui].saturating_add(e.lag).saturating_sub(d),
                };
                // With a calendar the start may be moved to working time:
                // the recorded driver is the one.
                c == es || s.driver[at as usize] == Driver::Pred(*u)
            })
            .map(|(u, _)| u)
            .min_by_key(|&u| (s.slack(u), u));
        match best {
            Some(u) => {
                chain.push(u);
                at = u;
            }
            None => break,
        }
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};
    use std::path::Path;

    const HEAD: &str = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-02\"\ncutover = \"24:00 30/6/2025\"\ntimezone = \"+07:00\"\n[org.a]\nname = \"A\"\n";

    fn plan(body: &str) -> Plan {
        let l = load_bytes(Path::new("p.toml"), format!("{HEAD}{body}").into_bytes(), &LoadOptions::default());
        assert!(l.findings.iter().all(|f| !f.is_error()), "{:?}", l.findings);
        l.plan
    }

    fn task(id: &str, extra: &str) -> String {
        format!("[[task]]\nid = \"{id}\"\ntitle = \"{id}\"\nlead = \"a\"\n{extra}\n")
    }

    /// Local wall-clock times of (es, ef, lf, slack in minutes) by instance name.
    fn sched(p: &Plan) -> std::collections::HashMap<String, (String, String, String, i64)> {
        let g = InstanceGraph::build(p);
        let s = compute(p, &g).unwrap();
        let f = |i: i64| p.tz().local(Instant(i)).format("%d/%m %H:%M").to_string();
        (0..g.len() as u32).map(|i| (g.name(p, i), (f(s.es[i as usize]), f(s.ef[i as usize]), f(s.lf[i as usize]), s.slack(i)))).collect()
    }

    #[test]
    fn finish_to_start_with_lag_and_lead() {
        let p = plan(
            &[
                task("a", "duration = \"1d\""),
                task("b", "duration = \"4h\"\nafter = [{ task = \"a\", lag = \"2h\" }]"),
                task("c", "duration = \"1h\"\nafter = [{ task = \"b\", lag = \"-3h\" }]\ndue = \"2025-06-03T12:00\""),
            ]
            .concat(),
        );
        let s = sched(&p);
        assert_eq!(s["a"].0, "02/06 00:00");
        assert_eq!(s["a"].1, "03/06 00:00");
        assert_eq!(s["b"].0, "03/06 02:00");
        assert_eq!(s["b"].1, "03/06 06:00");
        // A lead of 3h: c may start 3h before b finishes.
        assert_eq!(s["c"].0, "03/06 03:00");
        assert_eq!(s["c"].1, "03/06 04:00");
        // Backward: c due 12:00 → c slack 8h; b's late start = 12:00−1h+3h−4h = 10:00 → b LF 14:00.
        assert_eq!(s["c"].3, 8 * 60);
        assert_eq!(s["b"].2, "03/06 14:00");
        assert_eq!(s["b"].3, 8 * 60);
        assert_eq!(s["a"].2, "03/06 08:00");
        // Free slack: a can slip 0 (b starts right after its lag); c 8h (its due).
        let g = InstanceGraph::build(&p);
        let sc = compute(&p, &g).unwrap();
        let ix = |id: &str| g.instance(p.task_by_id(id).unwrap(), None);
        assert_eq!(sc.free_slack(ix("a")), 0);
        assert_eq!(sc.free_slack(ix("b")), 0);
        assert_eq!(sc.free_slack(ix("c")), 8 * 60);
    }

    #[test]
    fn start_to_start_and_finish_to_finish() {
        let p = plan(
            &[
                task("a", "duration = \"10h\""),
                task("b", "duration = \"2h\"\nafter = [{ task = \"a\", type = \"ss\", lag = \"3h\" }]"),
                task("c", "duration = \"4h\"\nafter = [{ task = \"a\", type = \"ff\", lag = \"1h\" }]\ndue = \"2025-06-02T12:00\""),
            ]
            .concat(),
        );
        let s = sched(&p);
        assert_eq!((s["b"].0.as_str(), s["b"].1.as_str()), ("02/06 03:00", "02/06 05:00"));
        // ff: c finishes ≥ a's finish + 1h = 11:00, so starts 07:00.
        assert_eq!((s["c"].0.as_str(), s["c"].1.as_str()), ("02/06 07:00", "02/06 11:00"));
        assert_eq!(s["c"].3, 60);
        // a must finish by c's late finish − lag = 11:00 → slack 1h.
        assert_eq!(s["a"].2, "02/06 11:00");
    }

    #[test]
    fn windows_and_not_before() {
        let p = plan(
            &[
                task("a", "due = \"ngày 25/6/2025\"\nduration = \"8h\""),
                task("b", "not_before = \"14h30 ngày 10/6/2025\"\nduration = \"30m\""),
            ]
            .concat(),
        );
        let s = sched(&p);
        assert_eq!(s["a"].0, "25/06 00:00");
        assert_eq!(s["a"].1, "25/06 08:00");
        assert_eq!(s["a"].3, 16 * 60);
        assert_eq!(s["b"].0, "10/06 14:30");
    }

    #[test]
    fn negative_slack() {
        let p = plan(&[task("a", "duration = \"3d\""), task("b", "after = [\"a\"]\ndue = \"trước ngày 4/6/2025\"")].concat());
        let s = sched(&p);
        // a finishes 5/6 00:00 at the earliest; b is due 4/6 00:00: −1 day.
        assert_eq!(s["b"].3, -1440);
        assert_eq!(s["a"].3, -1440);
    }

    #[test]
    fn unit_fan_out_and_fan_in() {
        let units = "[[unit]]\nid = \"u1\"\nname = \"U1\"\n[[unit]]\nid = \"u2\"\nname = \"U2\"\n";
        let p = plan(
            &[
                units.to_string(),
                task("p", "duration = \"1h\""),
                task("u", "scope = \"unit\"\nduration = \"2h\"\nafter = [\"p\"]"),
                task("v", "scope = \"unit\"\nduration = \"1h\"\nafter = [\"u\"]"),
                task("q", "after = [\"v\"]\ndue = \"2025-06-02T10:00\""),
            ]
            .concat(),
        );
        let g = InstanceGraph::build(&p);
        assert_eq!(g.len(), 1 + 2 + 2 + 1);
        assert_eq!(g.edge_count(), 2 + 2 + 2);
        let s = sched(&p);
        assert_eq!(s["u@u1"].0, "02/06 01:00");
        assert_eq!(s["v@u2"].1, "02/06 04:00");
        assert_eq!(s["q"].0, "02/06 04:00");
        assert_eq!(s["p"].3, 6 * 60);
    }

    #[test]
    fn hundred_thousand_task_chain_does_not_overflow_the_stack() {
        let n = 100_000;
        let mut body = String::with_capacity(n * 80);
        body.push_str(&task("t0", "duration = \"1m\""));
        for i in 1..n {
            body.push_str(&task(&format!("t{i}"), &format!("duration = \"1m\"\nafter = [\"t{}\"]", i - 1)));
        }
        let p = plan(&body);
        let g = InstanceGraph::build(&p);
        let s = compute(&p, &g).unwrap();
        assert_eq!(s.finish.0 - s.start.0, n as i64);
        let chain = driving_chain(&p, &g, &s, (n - 1) as u32);
        assert_eq!(chain.len(), n);
        assert!(crate::graph::task_cycles(&p).is_empty());
    }
}
