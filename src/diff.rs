//! `cutover diff`: what a change to a plan changes — tasks added, removed
//! and changed (each field in the plan's own words, old → new), findings
//! introduced and fixed, and the critical path and the margin to T-0 before
//! and after. For a pull request: exit 1 when the change introduces an error.

use crate::context::Opened;
use crate::diag::Finding;
use crate::model::{Plan, Task};
use crate::rule::Severity;
use crate::time::{Lang, fmt_duration, fmt_work};

/// One field that changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// A task present in both plans whose fields differ.
#[derive(Clone, Debug)]
pub struct Changed {
    pub id: String,
    pub title: String,
    pub changes: Vec<Change>,
}

/// A finding, as a diff compares them: its rule, severity, subject and
/// message (not its line, which moves with every edit).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seen {
    pub rule: &'static str,
    pub error: bool,
    pub subject: String,
    pub message: String,
}

/// The path and margin of one side.
#[derive(Clone, Debug, Default)]
pub struct PathSide {
    pub tasks: Vec<String>,
    /// Minutes from the earliest finish to T-0 (negative: late).
    pub margin: Option<i64>,
}

/// The whole comparison.
#[derive(Clone, Debug)]
pub struct PlanDiff {
    pub added: Vec<(String, String)>,
    pub removed: Vec<(String, String)>,
    pub changed: Vec<Changed>,
    pub introduced: Vec<Seen>,
    pub fixed: Vec<Seen>,
    pub before: Option<PathSide>,
    pub after: Option<PathSide>,
}

impl PlanDiff {
    /// Did the change introduce an error (a finding of error severity, not waived)?
    pub fn worse(&self) -> bool {
        self.introduced.iter().any(|s| s.error)
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty() && self.introduced.is_empty() && self.fixed.is_empty()
    }
}

fn orgs(plan: &Plan, list: &[crate::model::OrgIx]) -> String {
    list.iter().map(|o| plan.org(*o).id.as_str()).collect::<Vec<_>>().join(", ")
}

/// A task's fields in the plan's own words.
fn fields(plan: &Plan, t: &Task) -> Vec<(&'static str, String)> {
    let dur = match (plan.calendar_of(t), t.dur_kind) {
        (Some(c), crate::model::DurKind::Work) => fmt_work(t.duration, c.day_minutes(), Lang::Vi),
        _ if t.duration == 0 => String::new(),
        _ => fmt_duration(t.duration),
    };
    let after = t
        .after
        .iter()
        .map(|d| {
            let id = &plan.task(d.task).id;
            match (d.kind, d.lag) {
                (crate::model::DepKind::Fs, 0) => id.clone(),
                (k, lag) => format!("{id} ({} {})", k.name(), crate::time::signed(lag)),
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        ("title", t.title.clone()),
        ("phase", t.phase.map(|p| p.name().to_string()).unwrap_or_default()),
        ("due", plan.due_text(t, Lang::Vi).unwrap_or_default()),
        ("not_before", t.not_before.as_ref().map(|n| plan.written(n).into_owned()).unwrap_or_default()),
        ("at", t.pin().map(|p| plan.written(p).into_owned()).unwrap_or_default()),
        ("duration", dur),
        ("lead", orgs(plan, &t.lead)),
        ("support", orgs(plan, &t.support)),
        ("after", after),
        ("system", t.system.map(|s| plan.systems[s.ix()].id.clone()).unwrap_or_default()),
        ("scope", if t.is_unit() { "unit".into() } else { "plan".into() }),
    ]
}

fn seen(findings: &[Finding]) -> Vec<Seen> {
    let mut v: Vec<Seen> = findings
        .iter()
        .filter(|f| f.waived.is_none())
        .map(|f| Seen {
            rule: f.rule.name(),
            error: f.severity == Severity::Error,
            subject: f.subject.clone().unwrap_or_default(),
            message: f.message.clone(),
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn path_side(o: &Opened) -> Option<PathSide> {
    let (g, s) = (o.report.graph.as_ref()?, o.schedule()?);
    let plan = o.plan();
    let end = crate::critical::end_instance(plan, g, s, None).ok()?;
    let p = crate::critical::critical_path(plan, g, s, end);
    Some(PathSide { tasks: p.rows.iter().map(|r| r.name.clone()).collect(), margin: p.cutover.map(|c| c.0 - p.finish.0) })
}

/// Compares the plan `old` with `new`.
pub fn diff(old: &Opened, new: &Opened) -> PlanDiff {
    let (po, pn) = (old.plan(), new.plan());
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for t in &pn.tasks {
        match po.task_by_id(&t.id) {
            None => added.push((t.id.clone(), t.title.clone())),
            Some(ix) => {
                let o = po.task(ix);
                let changes: Vec<Change> = fields(po, o)
                    .into_iter()
                    .zip(fields(pn, t))
                    .filter(|((_, a), (_, b))| a != b)
                    .map(|((field, old), (_, new))| Change { field, old, new })
                    .collect();
                if !changes.is_empty() {
                    changed.push(Changed { id: t.id.clone(), title: t.title.clone(), changes });
                }
            }
        }
    }
    let removed = po.tasks.iter().filter(|t| pn.task_by_id(&t.id).is_none()).map(|t| (t.id.clone(), t.title.clone())).collect();
    let (so, sn) = (seen(&old.report.findings), seen(&new.report.findings));
    let introduced = sn.iter().filter(|f| so.binary_search(f).is_err()).cloned().collect();
    let fixed = so.iter().filter(|f| sn.binary_search(f).is_err()).cloned().collect();
    PlanDiff { added, removed, changed, introduced, fixed, before: path_side(old), after: path_side(new) }
}
