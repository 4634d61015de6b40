//! The critical path: the chain of driving predecessors, with the least
//! slack, that ends at the cutover (or at a chosen task).
//!
//! The result is plain rows; [`crate::report::critical`] renders them as a
//! table or JSON.

use crate::diag::did_you_mean;
use crate::graph::InstanceGraph;
use crate::model::{Phase, Plan, TaskIx, UnitIx};
use crate::schedule::{Schedule, driving_chain};
use crate::time::Instant;

/// One row: a task instance, or a unit task folded over its units when every
/// unit's instance has the same times.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub task: TaskIx,
    /// The instance shown (the first of the folded ones).
    pub instance: u32,
    /// `task@unit`, or the task id when folded or a plan task.
    pub name: String,
    /// How many unit instances the row stands for (folded), if a unit task.
    pub units: Option<u32>,
    /// The unit of the instance, when the row is not folded.
    pub unit: Option<UnitIx>,
    pub early_start: Instant,
    pub early_finish: Instant,
    pub late_finish: Instant,
    pub slack: i64,
    pub free_slack: i64,
    /// Its deadline: the `due`, or one counted from an event as resolved.
    pub due: Option<Instant>,
}

/// The critical path to an end task.
#[derive(Clone, Debug)]
pub struct CriticalPath {
    pub rows: Vec<Row>,
    /// The end instance's early finish.
    pub finish: Instant,
    pub cutover: Option<Instant>,
}

/// Why the end of the path could not be found (said in the language of
/// messages, [`crate::i18n`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    UnknownTask { name: String, suggestion: Option<String> },
    Empty,
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            PathError::UnknownTask { name, suggestion: None } => crate::t!("critical.unknown-task", name = name),
            PathError::UnknownTask { name, suggestion: Some(s) } => {
                crate::t!("critical.unknown-task-suggest", name = name, suggestion = s)
            }
            PathError::Empty => crate::t!("critical.empty"),
        })
    }
}

impl std::error::Error for PathError {}

/// Picks the instance the path ends at: `--to TASK` (a task, whose latest
/// instance is taken, or `task@unit`), else the latest-due task of phase
/// `cutover`, else a task due at the cutover instant, else the instance that
/// finishes last.
pub fn end_instance(plan: &Plan, g: &InstanceGraph, s: &Schedule, to: Option<&str>) -> Result<u32, PathError> {
    if g.is_empty() {
        return Err(PathError::Empty);
    }
    let worst_of = |t: TaskIx| -> Option<u32> {
        let first = g.offsets[t.ix()];
        let n = plan.instance_count(plan.task(t)) as u32;
        (first..first + n).min_by_key(|&i| (s.slack(i), std::cmp::Reverse(s.ef[i as usize]), i))
    };
    if let Some(name) = to {
        let (tid, unit) = crate::status::split_id(plan, name);
        let unknown = || PathError::UnknownTask {
            name: name.to_string(),
            suggestion: did_you_mean(tid, plan.tasks.iter().map(|t| t.id.as_str())).map(str::to_string),
        };
        let t = plan.task_by_id(tid).ok_or_else(unknown)?;
        return match unit {
            None => worst_of(t).ok_or_else(unknown),
            Some(u) => {
                let ui = plan.ids.units.get(u).copied().filter(|_| plan.task(t).is_unit()).ok_or_else(|| PathError::UnknownTask {
                    name: name.to_string(),
                    suggestion: did_you_mean(u, plan.units.iter().map(|x| x.id.as_str())).map(|s| format!("{tid}@{s}")),
                })?;
                g.instance_of(t, Some(ui)).ok_or_else(|| PathError::UnknownTask { name: name.to_string(), suggestion: None })
            }
        };
    }
    let cut = plan.cutover();
    let pick = |pred: &dyn Fn(&crate::model::Task) -> bool| -> Option<u32> {
        plan.tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| pred(t) && !t.is_backout() && plan.instance_count(t) > 0)
            .filter_map(|(i, t)| plan.due(t).map(|d| (d, i)))
            .max_by_key(|&(d, i)| (d, std::cmp::Reverse(worst_of(TaskIx(i as u32)).map(|w| s.slack(w)))))
            .and_then(|(_, i)| worst_of(TaskIx(i as u32)))
    };
    if let Some(i) = pick(&|t| t.phase == Some(Phase::Cutover)) {
        return Ok(i);
    }
    if let Some(c) = cut {
        if let Some(i) = pick(&|t| plan.due(t) == Some(c)) {
            return Ok(i);
        }
    }
    // Backout steps come after the implementation only in the worst case: never the end of the path.
    s.order
        .iter()
        .copied()
        .filter(|&i| !plan.task(g.task_of[i as usize]).is_backout())
        .max_by_key(|&i| (s.ef[i as usize], std::cmp::Reverse(i)))
        .ok_or(PathError::Empty)
}

/// Does every unit instance of `task` have the same times as `inst`?
fn folds(plan: &Plan, g: &InstanceGraph, s: &Schedule, task: TaskIx) -> bool {
    let first = g.offsets[task.ix()] as usize;
    let n = plan.instance_count(plan.task(task)) as usize;
    let key = |i: usize| (s.es[i], s.ef[i], s.lf[i]);
    (first..first + n).all(|i| key(i) == key(first))
}

fn row(plan: &Plan, g: &InstanceGraph, s: &Schedule, inst: u32) -> Row {
    let task = g.task_of[inst as usize];
    let t = plan.task(task);
    let (name, units, unit) = if t.is_unit() && folds(plan, g, s, task) {
        (t.id.clone(), Some(plan.instance_count(t) as u32), None)
    } else {
        (g.name(plan, inst), None, g.unit_of(inst))
    };
    Row {
        task,
        instance: inst,
        name,
        units,
        unit,
        early_start: s.early_start(inst),
        early_finish: s.early_finish(inst),
        late_finish: s.late_finish(inst),
        slack: s.slack(inst),
        free_slack: s.free_slack(inst),
        due: s.due_of(plan, t, inst),
    }
}

/// The critical path ending at `end`.
pub fn critical_path(plan: &Plan, g: &InstanceGraph, s: &Schedule, end: u32) -> CriticalPath {
    let rows = driving_chain(plan, g, s, end).into_iter().map(|i| row(plan, g, s, i)).collect();
    CriticalPath { rows, finish: s.early_finish(end), cutover: plan.cutover() }
}

/// Every task (unit tasks folded when their instances agree, else their
/// least-slack instance) with its slack, least first, then by early start and id.
pub fn all_tasks(plan: &Plan, g: &InstanceGraph, s: &Schedule) -> Vec<Row> {
    let mut rows: Vec<Row> = plan
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| plan.instance_count(t) > 0)
        .map(|(i, t)| {
            let first = g.offsets[i];
            let n = plan.instance_count(t) as u32;
            let worst = (first..first + n).min_by_key(|&x| (s.slack(x), x)).expect("an instance");
            row(plan, g, s, worst)
        })
        .collect();
    rows.sort_by(|a, b| {
        a.slack.cmp(&b.slack).then(a.early_start.cmp(&b.early_start)).then(plan.task(a.task).id.cmp(&plan.task(b.task).id))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::PathError;

    #[test]
    fn path_errors_read_as_before_in_english() {
        // The library's language is English unless the binary sets one.
        let e = PathError::UnknownTask { name: "a.b".into(), suggestion: Some("a.c".into()) };
        assert_eq!(e.to_string(), "no task or instance `a.b`; did you mean `a.c`?");
        assert_eq!(PathError::UnknownTask { name: "a.b".into(), suggestion: None }.to_string(), "no task or instance `a.b`");
        assert_eq!(PathError::Empty.to_string(), "the plan has no task to end a path at");
    }
}
