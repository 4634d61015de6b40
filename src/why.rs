//! `cutover why`: why one task instance is scheduled where it is.
//!
//! The chain that sets its earliest start (each link with its dependency
//! type, lag and the start it forces), what bounds its latest finish (its
//! deadline, its pinned instant, a successor, or the plan's end), its total
//! and free slack, and what would have to change to put it on the critical
//! path or to take it off. The schedule is the one every command shows (the
//! forecast on the night).

use crate::graph::InstanceGraph;
use crate::model::{DepKind, DurKind, Plan};
use crate::schedule::{Driver, Schedule, driving_chain};
use crate::time::{Instant, Minutes};

/// How a link of the chain starts.
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    /// The plan's `start`.
    PlanStart,
    /// Its own `not_before` or `ngày D` window (or its pinned instant).
    Window,
    /// A time recorded on the night.
    Recorded,
    /// The previous link, through this dependency.
    After { kind: DepKind, lag: Minutes, working: bool },
}

/// One link of the driving chain.
#[derive(Clone, Debug)]
pub struct Link {
    pub instance: u32,
    pub start: Start,
    pub early_start: Instant,
    pub early_finish: Instant,
}

/// What bounds the latest finish.
#[derive(Clone, Debug, PartialEq)]
pub enum Bound {
    /// Its deadline (`due`, or one counted from an event).
    Due(Instant),
    /// Its pinned instant (`at`).
    Pin(Instant),
    /// A successor that must start (or finish) by then.
    Successor { instance: u32, kind: DepKind, lag: Minutes },
    /// Nothing after it: the plan's latest early finish.
    PlanEnd,
}

/// The explanation of one instance.
#[derive(Clone, Debug)]
pub struct Why {
    pub instance: u32,
    pub chain: Vec<Link>,
    pub late_finish: Instant,
    pub bound: Bound,
    /// Total slack in minutes (negative: late).
    pub slack: Minutes,
    pub free_slack: Minutes,
    /// On the critical path: no slack (or less than none).
    pub critical: bool,
}

/// Explains instance `v` of the schedule `s`.
pub fn explain(plan: &Plan, g: &InstanceGraph, s: &Schedule, v: u32) -> Why {
    let chain_ix = driving_chain(plan, g, s, v);
    let mut chain = Vec::with_capacity(chain_ix.len());
    for (k, &i) in chain_ix.iter().enumerate() {
        let start = if k == 0 {
            match s.driver[i as usize] {
                Driver::PlanStart => Start::PlanStart,
                Driver::Actual => Start::Recorded,
                Driver::Window | Driver::Pred(_) => Start::Window,
            }
        } else {
            let prev = chain_ix[k - 1];
            let e = g.preds(i).find(|(u, _)| *u == prev).map(|(_, e)| *e);
            match e {
                Some(e) => Start::After { kind: e.kind, lag: e.lag, working: e.lag_kind != DurKind::Elapsed },
                None => Start::Window,
            }
        };
        chain.push(Link { instance: i, start, early_start: s.early_start(i), early_finish: s.early_finish(i) });
    }
    let t = plan.task(g.task_of[v as usize]);
    let lf = s.late_finish(v);
    // The successors' constraints on this finish (in calendar time: enough to
    // tell which binds), the tightest first.
    let d = t.duration;
    let succ = g
        .succs(v)
        .map(|(w, e)| {
            let (lf_w, d_w) = (s.lf[w as usize], plan.task(g.task_of[w as usize]).duration);
            let c = match e.kind {
                DepKind::Fs => lf_w - d_w - e.lag,
                DepKind::Ss => lf_w - d_w - e.lag + d,
                DepKind::Ff => lf_w - e.lag,
            };
            (c, w, *e)
        })
        .min_by_key(|(c, w, _)| (*c, *w));
    // `at` is also the task's deadline (a pinned task is due then).
    let pin = t.pin().map(|p| p.expr.due(plan.tz()));
    let due = s.due_of(plan, t, v);
    let bound = match (due, succ) {
        (Some(d), Some((c, _, _))) if d.0 <= c => {
            if pin == Some(d) {
                Bound::Pin(d)
            } else {
                Bound::Due(d)
            }
        }
        (_, Some((_, w, e))) => Bound::Successor { instance: w, kind: e.kind, lag: e.lag },
        (Some(d), None) => {
            if pin == Some(d) {
                Bound::Pin(d)
            } else {
                Bound::Due(d)
            }
        }
        (None, None) => Bound::PlanEnd,
    };
    let slack = s.slack(v);
    Why { instance: v, chain, late_finish: lf, bound, slack, free_slack: s.free_slack(v), critical: slack <= 0 }
}
