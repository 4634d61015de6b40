//! The backout gauge: for each system with backout steps, when a backout
//! would finish if started now (BN) and if started when the implementation
//! ends (BW), set against the change window (`[plan] window_end`, with
//! `backout_warning` before it): green, amber or red, per system and for the
//! plan — ICEFLO's IM/BN/BW markers, in a table.

use crate::graph::InstanceGraph;
use crate::model::{Plan, SystemIx, TaskIx};
use crate::schedule::Schedule;
use crate::status::{Progress, State};
use crate::time::{Instant, Minutes};

/// Green: a backout started at the worst moment still ends in time; amber:
/// within the warning threshold of the window's end; red: after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Colour {
    Green,
    Amber,
    Red,
}

impl Colour {
    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Amber => "amber",
            Colour::Red => "red",
        }
    }

    /// The colour's word in `lang` (`green`, `xanh`).
    pub fn word(self, lang: crate::time::Lang) -> std::borrow::Cow<'static, str> {
        let loc = crate::i18n::code(lang);
        match self {
            Colour::Green => crate::t!("night.colour.green", locale = loc),
            Colour::Amber => crate::t!("night.colour.amber", locale = loc),
            Colour::Red => crate::t!("night.colour.red", locale = loc),
        }
    }
}

/// Where a system's backout stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Offer {
    /// It can still be backed out: the gauge applies.
    Open,
    /// Backout has begun (a backout step is started or done).
    Underway { done: u32, total: u32 },
    /// A point of no return is done: backout is no longer offered.
    Closed { task: TaskIx, at: Instant },
}

/// The gauge of one system.
#[derive(Clone, Debug, PartialEq)]
pub struct Gauge {
    /// The system (`None`: backout steps of no system).
    pub system: Option<SystemIx>,
    /// The backout steps.
    pub steps: Vec<TaskIx>,
    /// How long the backout takes (its longest chain).
    pub duration: Minutes,
    /// IM: the forecast end of what the backout undoes.
    pub implementation: Option<Instant>,
    /// BN: a backout started now ends then.
    pub now_finish: Instant,
    /// BW: a backout started when the implementation ends ends then.
    pub worst_finish: Instant,
    /// Against `window_end` (none without one, or when no longer offered).
    pub colour: Option<Colour>,
    pub offer: Offer,
}

/// The plan's gauges.
#[derive(Clone, Debug, PartialEq)]
pub struct Backout {
    pub window_end: Option<Instant>,
    pub warning: Option<Minutes>,
    pub gauges: Vec<Gauge>,
}

impl Backout {
    /// The plan's colour: the worst of the systems still offered.
    pub fn colour(&self) -> Option<Colour> {
        self.gauges.iter().filter_map(|g| g.colour).max()
    }
}

/// The system a backout step belongs to: its own, else that of the first
/// task it undoes that has one.
pub fn system_of(plan: &Plan, t: TaskIx) -> Option<SystemIx> {
    let task = plan.task(t);
    task.system.or_else(|| task.undoes().iter().find_map(|&u| plan.task(u).system))
}

/// How long a set of backout steps takes: the longest chain through their
/// `after` entries among themselves (durations and lags), no recursion.
pub fn chain_length(plan: &Plan, steps: &[TaskIx]) -> Minutes {
    let pos = |t: TaskIx| steps.iter().position(|&s| s == t);
    let n = steps.len();
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<(usize, Minutes)>> = vec![Vec::new(); n];
    for (k, &s) in steps.iter().enumerate() {
        for d in plan.task(s).after.iter() {
            if let Some(p) = pos(d.task) {
                succ[p].push((k, d.lag));
                indeg[k] += 1;
            }
        }
    }
    let mut finish: Vec<Minutes> = steps.iter().map(|&s| plan.task(s).duration).collect();
    let mut ready: Vec<usize> = (0..n).filter(|&k| indeg[k] == 0).collect();
    let mut best = 0;
    while let Some(k) = ready.pop() {
        best = best.max(finish[k]);
        for &(w, lag) in &succ[k] {
            finish[w] = finish[w].max(finish[k] + lag + plan.task(steps[w]).duration);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                ready.push(w);
            }
        }
    }
    best
}

/// The gauges at `now`, from the forecast (or the plan's schedule).
pub fn gauges(plan: &Plan, g: &InstanceGraph, progress: Option<&Progress>, now: Instant, schedule: Option<&Schedule>) -> Backout {
    let window_end = plan.window_end();
    let warning = plan.meta.backout_warning;
    let mut by_system: Vec<(Option<SystemIx>, Vec<TaskIx>)> = Vec::new();
    for (ti, t) in plan.tasks.iter().enumerate() {
        if !t.is_backout() {
            continue;
        }
        let sys = system_of(plan, TaskIx(ti as u32));
        match by_system.iter_mut().find(|(s, _)| *s == sys) {
            Some((_, v)) => v.push(TaskIx(ti as u32)),
            None => by_system.push((sys, vec![TaskIx(ti as u32)])),
        }
    }
    by_system.sort_by_key(|(s, _)| s.map_or(u32::MAX, |s| s.0));
    let instances = |t: TaskIx| {
        let first = g.offsets[t.ix()];
        first..first + plan.instance_count(plan.task(t)) as u32
    };
    let done = |i: u32| progress.is_some_and(|p| p.is_done(i));
    let mut gauges = Vec::new();
    for (system, steps) in by_system {
        let duration = chain_length(plan, &steps);
        // IM: the forecast end of what is undone.
        let mut undone: Vec<TaskIx> = steps.iter().flat_map(|&s| plan.task(s).undoes().iter().copied()).collect();
        undone.sort_unstable();
        undone.dedup();
        let implementation = schedule.and_then(|s| undone.iter().flat_map(|&u| instances(u)).map(|i| s.early_finish(i)).max());
        let now_finish = Instant(now.0 + duration);
        let worst_finish = Instant(implementation.map_or(now.0, |im| im.0.max(now.0)) + duration);
        // A point of no return of this system (or of none) that is done.
        let closed = plan
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_point_of_no_return() && (t.system == system || t.system.is_none()))
            .find_map(|(ti, _)| {
                let t = TaskIx(ti as u32);
                let at = instances(t).filter_map(|i| match progress.map(|p| &p.states[i as usize]) {
                    Some(State::Done { at, .. }) => Some(*at),
                    _ => None,
                });
                let all_done = instances(t).all(done);
                if all_done { at.max().map(|at| (t, at)) } else { None }
            });
        let (mut started, mut finished, mut total) = (0u32, 0u32, 0u32);
        for &s in &steps {
            for i in instances(s) {
                total += 1;
                match progress.map(|p| &p.states[i as usize]) {
                    Some(State::Done { .. }) => {
                        finished += 1;
                        started += 1;
                    }
                    Some(State::Started { .. } | State::Blocked { started: Some(_), .. }) => started += 1,
                    _ => {}
                }
            }
        }
        let offer = match closed {
            Some((task, at)) => Offer::Closed { task, at },
            None if started > 0 => Offer::Underway { done: finished, total },
            None => Offer::Open,
        };
        let colour = match (&offer, window_end) {
            (Offer::Open, Some(end)) => {
                let worst = now_finish.max(worst_finish);
                Some(if worst > end {
                    Colour::Red
                } else if warning.is_some_and(|w| worst.0 > end.0 - w) {
                    Colour::Amber
                } else {
                    Colour::Green
                })
            }
            _ => None,
        };
        gauges.push(Gauge { system, steps, duration, implementation, now_finish, worst_finish, colour, offer });
    }
    Backout { window_end, warning, gauges }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(extra: &str) -> (Plan, InstanceGraph) {
        let text = format!(
            "[plan]\nid = \"p\"\ntitle = \"P\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n{extra}\n\
             [org.a]\nname = \"A\"\n[system.s]\nname = \"S\"\nowner = \"a\"\n\
             [[task]]\nid = \"go\"\ntitle = \"Go\"\nlead = \"a\"\nsystem = \"s\"\nphase = \"cutover\"\nat = \"24:00 30/6/2025\"\nduration = \"2h\"\n\
             [[task]]\nid = \"b1\"\ntitle = \"Stop\"\nlead = \"a\"\nundoes = \"go\"\nduration = \"1h\"\n\
             [[task]]\nid = \"b2\"\ntitle = \"Restore\"\nlead = \"a\"\nundoes = \"go\"\nafter = [{{ task = \"b1\", lag = \"30m\" }}]\nduration = \"3h\"\n"
        );
        let loaded = crate::load::load_bytes(std::path::Path::new("p.toml"), text.into_bytes(), &Default::default());
        assert!(loaded.findings.iter().all(|f| !f.is_error()), "{:?}", loaded.findings);
        let g = InstanceGraph::build(&loaded.plan);
        (loaded.plan, g)
    }

    #[test]
    fn bn_bw_and_the_colour_against_the_window() {
        let (p, g) = plan("window_end = \"06:00 1/7/2025\"\nbackout_warning = \"2h\"");
        let s = crate::schedule::compute(&p, &g).unwrap();
        let t0 = p.cutover().unwrap();
        // 20:00 30/6: BN = 20:00 + 4h30 = 00:30; BW = 24:00 + 4h30 = 04:30 (within 2h of 06:00: amber).
        let b = gauges(&p, &g, None, Instant(t0.0 - 240), Some(&s));
        let gauge = &b.gauges[0];
        assert_eq!(gauge.duration, 270);
        assert_eq!(gauge.implementation, Some(t0));
        assert_eq!(gauge.now_finish, Instant(t0.0 + 30));
        assert_eq!(gauge.worst_finish, Instant(t0.0 + 270));
        assert_eq!(gauge.colour, Some(Colour::Amber));
        // Without the threshold: green.
        let (p, g) = plan("window_end = \"06:00 1/7/2025\"");
        let s = crate::schedule::compute(&p, &g).unwrap();
        assert_eq!(gauges(&p, &g, None, Instant(t0.0 - 240), Some(&s)).gauges[0].colour, Some(Colour::Green));
        // At 02:00 1/7 a backout ends at 06:30: red.
        assert_eq!(gauges(&p, &g, None, Instant(t0.0 + 120), Some(&s)).colour(), Some(Colour::Red));
        // No window: no colour.
        let (p, g) = plan("");
        let s = crate::schedule::compute(&p, &g).unwrap();
        assert_eq!(gauges(&p, &g, None, Instant(t0.0 - 240), Some(&s)).gauges[0].colour, None);
    }

    #[test]
    fn colour_words_in_both_languages() {
        use crate::time::Lang;
        assert_eq!(
            (Colour::Green.word(Lang::Vi), Colour::Amber.word(Lang::Vi), Colour::Red.word(Lang::Vi)),
            ("xanh".into(), "vàng".into(), "đỏ".into())
        );
        assert_eq!(
            (Colour::Green.word(Lang::En), Colour::Amber.word(Lang::En), Colour::Red.word(Lang::En)),
            ("green".into(), "amber".into(), "red".into())
        );
    }
}
