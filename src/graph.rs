//! The dependency graph of task instances.
//!
//! Every task stands for one instance, or one per unit (`task@unit`). The
//! instances of a task are numbered consecutively, so an instance is a plain
//! `u32`: `offsets[task] + unit`. Edges follow the three readings of
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
    pub lag: Minutes,
    /// Which entry of the successor task's `after` made this edge.
    pub dep: u32,
}

/// Task instances and their dependencies.
#[derive(Debug)]
pub struct InstanceGraph {
    /// First instance of each task.
    pub offsets: Vec<u32>,
    /// The task of each instance.
    pub task_of: Vec<TaskIx>,
    /// Node `i` is instance `i`.
    pub graph: DiGraph<(), Edge, u32>,
    /// Does the task have unit instances (scope unit)?
    unit_scoped: Vec<bool>,
}

impl InstanceGraph {
    /// Builds the graph of every instance of the plan.
    pub fn build(plan: &Plan) -> InstanceGraph {
        let n_units = plan.units.len() as u32;
        let mut offsets = Vec::with_capacity(plan.tasks.len());
        let mut unit_scoped = Vec::with_capacity(plan.tasks.len());
        let mut total: u64 = 0;
        for t in &plan.tasks {
            offsets.push(total as u32);
            unit_scoped.push(t.is_unit());
            total += plan.instance_count(t);
        }
        let total = u32::try_from(total).expect("instance count is capped at load");
        let mut task_of = Vec::with_capacity(total as usize);
        for (i, t) in plan.tasks.iter().enumerate() {
            for _ in 0..plan.instance_count(t) {
                task_of.push(TaskIx(i as u32));
            }
        }
        let edge_estimate: usize = plan
            .tasks
            .iter()
            .map(|t| t.after.len() * if t.is_unit() || t.after.iter().any(|d| plan.task(d.task).is_unit()) { n_units as usize } else { 1 })
            .sum();
        let mut graph = DiGraph::with_capacity(total as usize, edge_estimate);
        for _ in 0..total {
            graph.add_node(());
        }
        for (ti, t) in plan.tasks.iter().enumerate() {
            let t_unit = t.is_unit();
            let t_off = offsets[ti];
            for (di, d) in t.after.iter().enumerate() {
                let p = d.task.ix();
                let p_unit = unit_scoped[p];
                let p_off = offsets[p];
                let e = Edge { kind: d.kind, lag: d.lag, dep: di as u32 };
                match (p_unit, t_unit) {
                    (true, true) => {
                        for u in 0..n_units {
                            graph.add_edge(NodeIndex::new((p_off + u) as usize), NodeIndex::new((t_off + u) as usize), e);
                        }
                    }
                    (false, true) => {
                        for u in 0..n_units {
                            graph.add_edge(NodeIndex::new(p_off as usize), NodeIndex::new((t_off + u) as usize), e);
                        }
                    }
                    (true, false) => {
                        for u in 0..n_units {
                            graph.add_edge(NodeIndex::new((p_off + u) as usize), NodeIndex::new(t_off as usize), e);
                        }
                    }
                    (false, false) => {
                        graph.add_edge(NodeIndex::new(p_off as usize), NodeIndex::new(t_off as usize), e);
                    }
                }
            }
        }
        InstanceGraph { offsets, task_of, graph, unit_scoped }
    }

    pub fn len(&self) -> usize {
        self.task_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.task_of.is_empty()
    }

    /// The instance of `task` for `unit` (ignored for plan tasks).
    pub fn instance(&self, task: TaskIx, unit: Option<UnitIx>) -> u32 {
        let base = self.offsets[task.ix()];
        match (self.unit_scoped[task.ix()], unit) {
            (true, Some(u)) => base + u.0,
            _ => base,
        }
    }

    /// The unit of an instance of a unit task.
    pub fn unit_of(&self, inst: u32) -> Option<UnitIx> {
        let t = self.task_of[inst as usize];
        self.unit_scoped[t.ix()].then(|| UnitIx(inst - self.offsets[t.ix()]))
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
        use petgraph::visit::EdgeRef;
        self.graph
            .edges_directed(NodeIndex::new(inst as usize), petgraph::Direction::Incoming)
            .map(|e| (e.source().index() as u32, e.weight()))
    }

    /// Successor edges of an instance: (successor, edge).
    pub fn succs(&self, inst: u32) -> impl Iterator<Item = (u32, &Edge)> + '_ {
        use petgraph::visit::EdgeRef;
        self.graph
            .edges_directed(NodeIndex::new(inst as usize), petgraph::Direction::Outgoing)
            .map(|e| (e.target().index() as u32, e.weight()))
    }

    /// A topological order of the instances (Kahn's algorithm, no
    /// recursion), or `None` when the graph has a cycle.
    pub fn topo_order(&self) -> Option<Vec<u32>> {
        let n = self.len();
        let mut indeg = vec![0u32; n];
        for e in self.graph.raw_edges() {
            indeg[e.target().index()] += 1;
        }
        let mut order: Vec<u32> = (0..n as u32).filter(|&i| indeg[i as usize] == 0).collect();
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
