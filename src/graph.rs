//! The dependency graph of task instances.
//!
//! Every task stands for one instance, or one per unit (`task@unit`) of the
//! units it applies to (every unit, or those its `groups` select). The
//! instances of a task are numbered consecutively, so an instance is a plain
//! `u32`: `offsets[task] + k`, `k` the unit's place among the task's units
//! (the unit's index when it applies to every unit). Edges follow the three readings of
//! `docs/plan-format.md`: unit → unit (same unit), plan → unit (fan-out),
//! unit → plan (fan-in). Nothing here recurses: cycles are found with
//! petgraph's Kosaraju (iterative; its Tarjan recurses) over the task graph, and orders are built with explicit
//! queues.

use crate::model::{DepKind, Plan, TaskIx, UnitIx};
use crate::time::Minutes;
use petgraph::graph::{DiGraph, NodeIndex};

/// An edge of the instance graph: the successor waits for the predecessor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub kind: DepKind,
    /// Working or calendar time (on the successor's calendar).
    pub lag_kind: crate::model::DurKind,
    pub lag: Minutes,
    /// Which entry of the successor task's `after` made this edge.
    pub dep: u32,
}

/// Task instances and their dependencies, in flat arrays: the
/// predecessor edges of instance `i` are `pred_from[pred_at[i]..pred_at[i + 1]]`
/// (with `pred_edge` beside them), its successors likewise through
/// `succ_at`. Both passes of the schedule walk these in order.
#[derive(Debug)]
pub struct InstanceGraph {
    /// First instance of each task.
    pub offsets: Vec<u32>,
    /// The task of each instance.
    pub task_of: Vec<TaskIx>,
    /// Does the task have unit instances (scope unit)?
    unit_scoped: Vec<bool>,
    /// Each task's [`crate::model::Task::unit_set`], and the plan's sets.
    unit_set: Vec<u32>,
    unit_sets: Vec<Box<[UnitIx]>>,
    pred_at: Vec<usize>,
    pred_from: Vec<u32>,
    pred_edge: Vec<Edge>,
    succ_at: Vec<usize>,
    succ_to: Vec<u32>,
    /// The edge of each successor entry: an index into `pred_edge`.
    succ_edge: Vec<u32>,
}

impl InstanceGraph {
    /// Builds the graph of every instance of the plan.
    pub fn build(plan: &Plan) -> InstanceGraph {
        let n_units = plan.units.len() as u32;
        // One pass over the tasks (a million of them are ~300 MB to stream
        // through): where each task's instances start, whether they are per
        // unit, and which units.
        let mut offsets = Vec::with_capacity(plan.tasks.len());
        let mut unit_scoped = Vec::with_capacity(plan.tasks.len());
        let mut unit_set = Vec::with_capacity(plan.tasks.len());
        let mut total: u64 = 0;
        for t in &plan.tasks {
            offsets.push(total as u32);
            unit_scoped.push(t.is_unit());
            unit_set.push(if t.is_unit() { t.unit_set } else { 0 });
            total += plan.instance_count(t);
        }
        let total = u32::try_from(total).expect("instance count is capped at load") as usize;
        let mut task_of = Vec::with_capacity(total);
        for (i, &start) in offsets.iter().enumerate() {
            let end = offsets.get(i + 1).map_or(total, |&e| e as usize);
            task_of.extend(std::iter::repeat_n(TaskIx(i as u32), end - start as usize));
        }
        // Two passes over the dependencies: count each instance's edges,
        // then place them. Each list is filled from its end, so it holds its
        // edges newest first.
        let mut pred_at = vec![0usize; total + 1];
        let mut succ_at = vec![0usize; total + 1];
        each_edge(plan, &offsets, &unit_scoped, n_units, |from, to, _| {
            pred_at[to as usize + 1] += 1;
            succ_at[from as usize + 1] += 1;
        });
        for i in 0..total {
            pred_at[i + 1] += pred_at[i];
            succ_at[i + 1] += succ_at[i];
        }
        let edges = pred_at[total];
        let mut pred_from = vec![0u32; edges];
        let mut pred_edge = vec![Edge { kind: DepKind::Fs, lag_kind: crate::model::DurKind::Elapsed, lag: 0, dep: 0 }; edges];
        let mut succ_to = vec![0u32; edges];
        let mut succ_edge = vec![0u32; edges];
        let mut pred_end = pred_at[1..].to_vec();
        let mut succ_end = succ_at[1..].to_vec();
        each_edge(plan, &offsets, &unit_scoped, n_units, |from, to, e| {
            let p = &mut pred_end[to as usize];
            *p -= 1;
            pred_from[*p] = from;
            pred_edge[*p] = e;
            let s = &mut succ_end[from as usize];
            *s -= 1;
            succ_to[*s] = to;
            succ_edge[*s] = *p as u32;
        });
        InstanceGraph {
            offsets,
            task_of,
            unit_scoped,
            unit_set,
            unit_sets: plan.unit_sets.clone(),
            pred_at,
            pred_from,
            pred_edge,
            succ_at,
            succ_to,
            succ_edge,
        }
    }

    /// How many edges (instance dependencies) the graph has.
    pub fn edge_count(&self) -> usize {
        self.pred_from.len()
    }

    pub fn len(&self) -> usize {
        self.task_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.task_of.is_empty()
    }

    /// The instance of `task` for `unit` (ignored for plan tasks; for a unit
    /// task without a unit, its first). A unit task that does not apply to
    /// `unit` has none: see [`Self::instance_of`].
    pub fn instance(&self, task: TaskIx, unit: Option<UnitIx>) -> u32 {
        self.instance_of(task, unit).expect("the task applies to the unit")
    }

    /// The instance of `task` for `unit`, if the task applies to it.
    pub fn instance_of(&self, task: TaskIx, unit: Option<UnitIx>) -> Option<u32> {
        let base = self.offsets[task.ix()];
        match (self.unit_scoped[task.ix()], unit) {
            (true, Some(u)) => match self.unit_set[task.ix()] {
                0 => Some(base + u.0),
                k => self.unit_sets[k as usize - 1].binary_search(&u).ok().map(|p| base + p as u32),
            },
            // A unit task without a unit: its first instance stands for them.
            (true, None) | (false, _) => Some(base),
        }
    }

    /// The unit of an instance of a unit task.
    pub fn unit_of(&self, inst: u32) -> Option<UnitIx> {
        let t = self.task_of[inst as usize];
        self.unit_scoped[t.ix()].then(|| {
            let k = inst - self.offsets[t.ix()];
            match self.unit_set[t.ix()] {
                0 => UnitIx(k),
                s => self.unit_sets[s as usize - 1][k as usize],
            }
        })
    }

    /// `task` or `task@unit`.
    pub fn name(&self, plan: &Plan, inst: u32) -> String {
        let t = plan.task(self.task_of[inst as usize]);
        match self.unit_of(inst) {
            Some(u) => format!("{}@{}", t.id, plan.unit(u).id),
            None => t.id.clone(),
        }
    }

    /// Predecessor edges of an instance: (predecessor, edge).
    pub fn preds(&self, inst: u32) -> impl Iterator<Item = (u32, &Edge)> + '_ {
        let r = self.pred_at[inst as usize]..self.pred_at[inst as usize + 1];
        self.pred_from[r.clone()].iter().copied().zip(&self.pred_edge[r])
    }

    /// Successor edges of an instance: (successor, edge).
    pub fn succs(&self, inst: u32) -> impl Iterator<Item = (u32, &Edge)> + '_ {
        let r = self.succ_at[inst as usize]..self.succ_at[inst as usize + 1];
        self.succ_to[r.clone()].iter().zip(&self.succ_edge[r]).map(|(&w, &e)| (w, &self.pred_edge[e as usize]))
    }

    /// A topological order of the instances (their own numbering when it is
    /// one, else Kahn's algorithm, no recursion), or `None` when the graph
    /// has a cycle.
    pub fn topo_order(&self) -> Option<Vec<u32>> {
        let n = self.len();
        // Most plans write a task after what it waits for (every generated
        // DAG does): then the instances are in order as they are numbered,
        // and what walks them in order reads its arrays front to back
        // rather than wherever a breadth-first order would send it.
        if self.pred_at.windows(2).zip(0u32..).all(|(w, v)| self.pred_from[w[0]..w[1]].iter().all(|&u| u < v)) {
            return Some((0..n as u32).collect());
        }
        // In-degrees are counted in u32: four billion edges into one
        // instance would exhaust memory long before.
        let mut indeg: Vec<u32> = self.pred_at.windows(2).map(|w| (w[1] - w[0]) as u32).collect();
        // Room for every instance at once: the order grows to `n` when the
        // graph has no cycle (growing it copied it ~20 times at a million).
        let mut order: Vec<u32> = Vec::with_capacity(n);
        order.extend((0..n as u32).filter(|&i| indeg[i as usize] == 0));
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            for (w, _) in self.succs(v) {
                let d = &mut indeg[w as usize];
                *d -= 1;
                if *d == 0 {
                    order.push(w);
                }
            }
        }
        (order.len() == n).then_some(order)
    }
}

/// Calls `f(from, to, edge)` for every instance edge, task by task in
/// order, and for each task its `after` entries in order. The three
/// readings of an edge by scope: unit → unit (same unit), plan → unit
/// (fan-out), unit → plan (fan-in).
fn each_edge(plan: &Plan, offsets: &[u32], unit_scoped: &[bool], n_units: u32, mut f: impl FnMut(u32, u32, Edge)) {
    for (ti, t) in plan.tasks.iter().enumerate() {
        let t_unit = unit_scoped[ti];
        let t_off = offsets[ti];
        let t_n = plan.instance_count(t) as u32;
        for (di, d) in t.after.iter().enumerate() {
            let p = d.task.ix();
            let p_off = offsets[p];
            let pt = plan.task(d.task);
            let e = Edge { kind: d.kind, lag_kind: d.lag_kind, lag: d.lag, dep: di as u32 };
            match (unit_scoped[p], t_unit) {
                // Same unit: every unit when both apply to every unit, else
                // the units they share.
                (true, true) => match (plan.units_of(pt), plan.units_of(t)) {
                    (None, None) => (0..n_units).for_each(|u| f(p_off + u, t_off + u, e)),
                    (ps, ts) => {
                        let place = |set: Option<&[UnitIx]>, u: UnitIx| match set {
                            None => Some(u.0),
                            Some(s) => s.binary_search(&u).ok().map(|k| k as u32),
                        };
                        for k in 0..t_n {
                            let u = ts.map_or(UnitIx(k), |s| s[k as usize]);
                            if let Some(pk) = place(ps, u) {
                                f(p_off + pk, t_off + k, e);
                            }
                        }
                    }
                },
                (false, true) => (0..t_n).for_each(|k| f(p_off, t_off + k, e)),
                (true, false) => (0..plan.instance_count(pt) as u32).for_each(|k| f(p_off + k, t_off, e)),
                (false, false) => f(p_off, t_off, e),
            }
        }
    }
}

/// A cycle of tasks, in order: each waits for the one before it, and the
/// first for the last.
#[derive(Clone, Debug, PartialEq)]
pub struct Cycle {
    pub tasks: Vec<TaskIx>,
    /// The size of the tangle (strongly connected component) it was found in.
    pub component: usize,
}

/// Every tangle of tasks that wait on each other, one cycle each, in the
/// order of their first task. Tasks without instances (unit tasks of a plan
/// with no units) are left out: they wait for nothing.
pub fn task_cycles(plan: &Plan) -> Vec<Cycle> {
    if task_graph_is_acyclic(plan) {
        return Vec::new();
    }
    let mut g: DiGraph<(), (), u32> = DiGraph::with_capacity(plan.tasks.len(), 0);
    for _ in &plan.tasks {
        g.add_node(());
    }
    let live = |t: TaskIx| plan.instance_count(plan.task(t)) > 0;
    let mut self_loops = vec![false; plan.tasks.len()];
    for (i, t) in plan.tasks.iter().enumerate() {
        if !live(TaskIx(i as u32)) {
            continue;
        }
        for d in &t.after {
            if !live(d.task) {
                continue;
            }
            if d.task.ix() == i {
                self_loops[i] = true;
            }
            g.add_edge(NodeIndex::new(d.task.ix()), NodeIndex::new(i), ());
        }
    }
    let mut cycles = Vec::new();
    for scc in petgraph::algo::kosaraju_scc(&g) {
        if scc.len() == 1 {
            let v = scc[0].index();
            if self_loops[v] {
                cycles.push(Cycle { tasks: vec![TaskIx(v as u32)], component: 1 });
            }
            continue;
        }
        let mut members: Vec<usize> = scc.iter().map(|n| n.index()).collect();
        members.sort_unstable();
        cycles.push(Cycle { tasks: cycle_in(&g, &members), component: members.len() });
    }
    cycles.sort_by_key(|c| c.tasks[0]);
    cycles
}

/// Kahn's algorithm over the task graph in flat arrays: the common case (no
/// cycle) costs two passes over the dependencies and no graph structure.
fn task_graph_is_acyclic(plan: &Plan) -> bool {
    let n = plan.tasks.len();
    let live: Vec<bool> = plan.tasks.iter().map(|t| plan.instance_count(t) > 0).collect();
    // Successor lists in compressed form: succ[start[p]..start[p + 1]].
    let mut start = vec![0u32; n + 1];
    let mut indeg = vec![0u32; n];
    for (i, t) in plan.tasks.iter().enumerate() {
        for d in t.after.iter().filter(|d| live[i] && live[d.task.ix()]) {
            start[d.task.ix() + 1] += 1;
            indeg[i] += 1;
        }
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut succ = vec![0u32; start[n] as usize];
    for (i, t) in plan.tasks.iter().enumerate() {
        for d in t.after.iter().filter(|d| live[i] && live[d.task.ix()]) {
            let p = d.task.ix();
            succ[fill[p] as usize] = i as u32;
            fill[p] += 1;
        }
    }
    let mut queue: Vec<u32> = (0..n as u32).filter(|&i| live[i as usize] && indeg[i as usize] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head] as usize;
        head += 1;
        for &w in &succ[start[v] as usize..start[v + 1] as usize] {
            indeg[w as usize] -= 1;
            if indeg[w as usize] == 0 {
                queue.push(w);
            }
        }
    }
    queue.len() == live.iter().filter(|l| **l).count()
}

/// One shortest cycle through the first (lowest) member of a strongly
/// connected component, found by breadth-first search inside it.
fn cycle_in(g: &DiGraph<(), (), u32>, members: &[usize]) -> Vec<TaskIx> {
    let start = members[0];
    let inside = |v: usize| members.binary_search(&v).is_ok();
    let mut prev: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut last = None;
    'bfs: while let Some(v) = queue.pop_front() {
        let mut next: Vec<usize> = g.neighbors(NodeIndex::new(v)).map(|n| n.index()).filter(|&w| inside(w)).collect();
        next.sort_unstable();
        for w in next {
            if w == start {
                last = Some(v);
                break 'bfs;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = prev.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    // Walk back from the last task to the start.
    let mut path = Vec::new();
    let mut at = last.unwrap_or(start);
    while at != start {
        path.push(TaskIx(at as u32));
        at = prev[&at];
    }
    path.push(TaskIx(start as u32));
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units u1–u3; x concerns group a (u1, u2), y group b (u2, u3); y waits
    /// for x, z (every unit) for y, p (the plan) for x.
    #[test]
    fn unit_tasks_of_some_units_join_where_their_units_meet() {
        let text = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n[org.a]\nname = \"A\"\n\
            [[unit]]\nid = \"u1\"\nname = \"U1\"\ngroups = [\"a\"]\n[[unit]]\nid = \"u2\"\nname = \"U2\"\ngroups = [\"a\", \"b\"]\n\
            [[unit]]\nid = \"u3\"\nname = \"U3\"\ngroups = [\"b\"]\n\
            [[task]]\nid = \"x\"\ntitle = \"X\"\nlead = \"a\"\nscope = \"unit\"\ngroups = [\"a\"]\n\
            [[task]]\nid = \"y\"\ntitle = \"Y\"\nlead = \"a\"\nscope = \"unit\"\ngroups = [\"b\"]\nafter = [\"x\"]\n\
            [[task]]\nid = \"z\"\ntitle = \"Z\"\nlead = \"a\"\nscope = \"unit\"\nafter = [\"y\"]\n\
            [[task]]\nid = \"p\"\ntitle = \"P\"\nlead = \"a\"\nafter = [\"x\"]\n";
        let l = crate::load::load_bytes(std::path::Path::new("p.toml"), text.as_bytes().to_vec(), &Default::default());
        assert!(l.findings.iter().all(|f| !f.is_error()), "{:?}", l.findings);
        let plan = &l.plan;
        let g = InstanceGraph::build(plan);
        assert_eq!(g.len(), 2 + 2 + 3 + 1);
        let names = |insts: Vec<u32>| insts.into_iter().map(|i| g.name(plan, i)).collect::<Vec<_>>();
        let t = |id: &str| plan.task_by_id(id).unwrap();
        let u = |id: &str| plan.ids.units.get(id).copied();
        assert_eq!(g.instance_of(t("x"), u("u3")), None, "x does not concern u3");
        assert_eq!(g.name(plan, g.instance(t("y"), u("u3"))), "y@u3");
        // y@u2 waits for x@u2; y@u3 waits for nothing (x has no u3).
        assert_eq!(names(g.preds(g.instance(t("y"), u("u2"))).map(|(p, _)| p).collect()), ["x@u2"]);
        assert!(g.preds(g.instance(t("y"), u("u3"))).next().is_none());
        // z@u1 waits for nothing (y has no u1); z@u3 for y@u3.
        assert!(g.preds(g.instance(t("z"), u("u1"))).next().is_none());
        assert_eq!(names(g.preds(g.instance(t("z"), u("u3"))).map(|(p, _)| p).collect()), ["y@u3"]);
        // p waits for both of x's instances.
        let mut from: Vec<String> = names(g.preds(g.instance(t("p"), None)).map(|(p, _)| p).collect());
        from.sort();
        assert_eq!(from, ["x@u1", "x@u2"]);
        assert!(g.topo_order().is_some());
    }

    /// A plan written in order is walked in its own numbering; one that
    /// names a later task gets an order in which every instance still comes
    /// after what it waits for, and the same schedule as when written in order.
    #[test]
    fn the_order_is_the_numbering_when_it_can_be_and_the_schedule_does_not_depend_on_it() {
        let head = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n[org.a]\nname = \"A\"\n";
        let task =
            |id: &str, after: &str| format!("[[task]]\nid = \"{id}\"\ntitle = \"T\"\nlead = \"a\"\nduration = \"2h\"\nafter = [{after}]\n");
        let (a, b, c) = (task("a", ""), task("b", "\"a\""), task("c", "\"a\", \"b\""));
        let open = |tasks: [&str; 3]| {
            let text = format!("{head}{}", tasks.concat());
            crate::load::load_bytes(std::path::Path::new("p.toml"), text.into_bytes(), &Default::default())
        };
        let (forward, backward) = (open([&a, &b, &c]), open([&c, &b, &a]));
        let gf = InstanceGraph::build(&forward.plan);
        assert_eq!(gf.topo_order(), Some(vec![0, 1, 2]));
        let gb = InstanceGraph::build(&backward.plan);
        let order = gb.topo_order().expect("no cycle");
        assert_eq!(order, [2, 1, 0]);
        let place = |i: u32| order.iter().position(|&o| o == i).unwrap();
        assert!((0..gb.len() as u32).all(|v| gb.preds(v).all(|(u, _)| place(u) < place(v))));
        let sf = crate::schedule::compute(&forward.plan, &gf).expect("scheduled");
        let sb = crate::schedule::compute(&backward.plan, &gb).expect("scheduled");
        let times = |p: &Plan, g: &InstanceGraph, s: &crate::schedule::Schedule, id: &str| {
            let i = g.instance(p.task_by_id(id).unwrap(), None) as usize;
            (s.es[i], s.ef[i], s.lf[i])
        };
        for id in ["a", "b", "c"] {
            assert_eq!(times(&forward.plan, &gf, &sf, id), times(&backward.plan, &gb, &sb, id), "{id}");
        }
        assert_eq!(sf.finish, sb.finish);
    }
}
