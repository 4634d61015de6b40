//! The check rules: each has a stable name (what CI and waivers use), a
//! default severity and a one-line doc.
//!
//! The table (names, severities, what each needs, whether it stops
//! scheduling) is [`crate::rule`]; each rule's logic lives in a module of its
//! own here, with its tests, and [`run`] runs a stage's rules by the table.
//! Structural rules (`toml-syntax`, `unknown-key`, `missing-key`, `bad-value`,
//! `include-error`, `duplicate-id`, `unknown-reference`, `too-large`) are
//! found while a file is read, where the key stands (see [`crate::load`]).

use crate::diag::Finding;
use crate::graph::InstanceGraph;
use crate::model::Plan;
pub use crate::rule::{Needs, Rule};
use crate::schedule::Schedule;
use crate::status::Progress;
use crate::time::Instant;

pub mod backup_before_stop;
pub mod change_before_backup;
pub mod cutover_order;
pub mod deadline_infeasible;
pub mod deadline_order;
pub mod dependency_cycle;
pub mod due_before_issued;
pub mod due_on_day_off;
pub mod duplicate_id;
pub mod gate_missing;
pub mod missing_deadline;
pub mod no_backout;
pub mod no_working_time;
pub mod outside_working_time;
pub mod overdue;
pub mod pin_infeasible;
pub mod stale_waiver;
pub mod unknown_clause;
pub mod unknown_reference;
pub mod unpinned_cutover;
pub mod unused_org;
pub mod wave_order;
pub mod window_empty;

/// What the rules of a stage may look at.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub plan: &'a Plan,
    pub graph: Option<&'a InstanceGraph>,
    pub schedule: Option<&'a Schedule>,
    /// The status log applied as of `now` (only with `check --now`).
    pub night: Option<(&'a Progress, Instant)>,
    /// Where that log is, when it is not the plan's default one (for the
    /// commands findings suggest).
    pub log: Option<&'a std::path::Path>,
    /// What loading could not resolve (duplicate ids, references to nothing).
    pub unresolved: &'a [crate::load::Unresolved],
    /// Every other finding, waivers applied (for the rules about the check
    /// itself, `Needs::Findings`), and whether they are complete: the plan
    /// was scheduled, so every rule ran.
    pub findings: Option<(&'a [Finding], bool)>,
}

impl<'a> Inputs<'a> {
    pub fn plan(plan: &'a Plan) -> Inputs<'a> {
        Inputs { plan, graph: None, schedule: None, night: None, log: None, unresolved: &[], findings: None }
    }
}

/// Runs every rule of the table that needs `stage`, in the table's order,
/// appending findings. A rule whose input is absent (no schedule, no status
/// log) does not run.
pub fn run(stage: Needs, inp: &Inputs, out: &mut Vec<Finding>) {
    for &rule in Rule::ALL {
        if rule.needs() == stage {
            run_rule(rule, inp, out);
        }
    }
}

/// Runs the rules of `stage` on a kept thread (`crate::par`) while this
/// one does `beside`; then this thread takes its share of the rules left, one at a
/// time. Findings are appended in the table's order, as [`run`] would
/// (each rule's findings in its own order).
pub fn run_beside<T>(stage: Needs, inp: &Inputs, out: &mut Vec<Finding>, beside: impl FnOnce() -> T) -> T {
    let queue = RuleQueue::new(stage);
    crate::par::ensure_helpers(1);
    let done = crate::par::scope(|scope| {
        scope.spawn(|| queue.work(inp));
        let done = beside();
        queue.work(inp);
        done
    });
    queue.finish(out);
    done
}

/// A stage's rules shared out between threads: each thread that calls
/// [`RuleQueue::work`] takes the next rule not yet taken, until none is
/// left; [`RuleQueue::finish`] then gives the findings in the table's order.
struct RuleQueue {
    stage: Needs,
    next: std::sync::atomic::AtomicUsize,
    /// Each rule's findings, by its place in the table.
    done: std::sync::Mutex<Vec<(usize, Vec<Finding>)>>,
}

impl RuleQueue {
    fn new(stage: Needs) -> RuleQueue {
        RuleQueue { stage, next: std::sync::atomic::AtomicUsize::new(0), done: std::sync::Mutex::new(Vec::new()) }
    }

    /// Runs rules of the stage until every one has been taken.
    fn work(&self, inp: &Inputs) {
        loop {
            let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&rule) = Rule::ALL.get(i) else { return };
            if rule.needs() != self.stage {
                continue;
            }
            let mut out = Vec::new();
            run_rule(rule, inp, &mut out);
            if !out.is_empty() {
                self.done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((i, out));
            }
        }
    }

    /// Appends the findings, in the table's order (call once every
    /// thread's [`RuleQueue::work`] has returned).
    fn finish(self, out: &mut Vec<Finding>) {
        let mut done = self.done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        done.sort_unstable_by_key(|(i, _)| *i);
        for (_, f) in done {
            out.extend(f);
        }
    }
}

/// Each rule's check. `duplicate-id` and `unknown-reference` report what
/// the loader recorded; the other load-stage rules are found by the loader
/// itself, where the key stands.
fn run_rule(rule: Rule, inp: &Inputs, out: &mut Vec<Finding>) {
    let plan = inp.plan;
    match rule {
        Rule::DeadlineOrder => deadline_order::check(plan, out),
        Rule::WindowEmpty => window_empty::check(plan, out),
        Rule::CutoverOrder => cutover_order::check(plan, out),
        Rule::MissingDeadline => missing_deadline::check(plan, out),
        Rule::BackupBeforeStop => backup_before_stop::check(plan, out),
        Rule::ChangeBeforeBackup => change_before_backup::check(plan, out),
        Rule::NoBackout => no_backout::check(plan, out),
        Rule::GateMissing => gate_missing::check(plan, out),
        Rule::UnknownClause => unknown_clause::check(plan, out),
        Rule::DueBeforeIssued => due_before_issued::check(plan, out),
        Rule::DueOnDayOff => due_on_day_off::check(plan, out),
        Rule::OutsideWorkingTime => {
            if let (Some(g), Some(s)) = (inp.graph, inp.schedule) {
                outside_working_time::check(plan, g, s, out);
            }
        }
        Rule::NoWorkingTime => {
            if let (Some(g), Some(s)) = (inp.graph, inp.schedule) {
                no_working_time::check(plan, g, s, out);
            }
        }
        Rule::WaveOrder => wave_order::check(plan, out),
        Rule::UnusedOrg => unused_org::check(plan, out),
        Rule::UnpinnedCutover => unpinned_cutover::check(plan, out),
        Rule::DependencyCycle => dependency_cycle::check(plan, out),
        Rule::DeadlineInfeasible => {
            if let (Some(g), Some(s)) = (inp.graph, inp.schedule) {
                deadline_infeasible::check(plan, g, s, out);
            }
        }
        Rule::PinInfeasible => {
            if let (Some(g), Some(s)) = (inp.graph, inp.schedule) {
                pin_infeasible::check(plan, g, s, out);
            }
        }
        Rule::Overdue => {
            if let (Some(g), Some((progress, now))) = (inp.graph, inp.night) {
                overdue::check(plan, g, progress, now, inp.log, out);
            }
        }
        Rule::DuplicateId => duplicate_id::check(inp.unresolved, out),
        // Once every other finding is in; the night's waivers only when the night's rules ran.
        Rule::StaleWaiver => {
            if let Some((findings, complete)) = inp.findings {
                stale_waiver::check(plan, findings, complete, inp.night.is_some(), out);
            }
        }
        Rule::UnknownReference => unknown_reference::check(plan, inp.unresolved, out),
        // Found by the loader where the key stands (see `src/load/schema.rs`).
        Rule::TomlSyntax | Rule::UnknownKey | Rule::MissingKey | Rule::BadValue | Rule::IncludeError | Rule::TooLarge => {
            debug_assert_eq!(rule.needs(), Needs::Load)
        }
    }
}

/// Which tasks come (transitively, through `after`) after a task for which
/// `seed` holds — not counting the seeds themselves unless another seed
/// comes before them. One forward walk over the task graph, no recursion.
pub(crate) fn after_any(plan: &Plan, seed: impl Fn(usize, &crate::model::Task) -> bool) -> Vec<bool> {
    let n = plan.tasks.len();
    let mut succ_at = vec![0usize; n + 1];
    for t in &plan.tasks {
        for d in t.after.iter() {
            succ_at[d.task.ix() + 1] += 1;
        }
    }
    for i in 0..n {
        succ_at[i + 1] += succ_at[i];
    }
    let mut fill = succ_at.clone();
    let mut succ = vec![0u32; succ_at[n]];
    for (i, t) in plan.tasks.iter().enumerate() {
        for d in t.after.iter() {
            succ[fill[d.task.ix()]] = i as u32;
            fill[d.task.ix()] += 1;
        }
    }
    let mut reached = vec![false; n];
    let mut stack: Vec<u32> = (0..n as u32).filter(|&i| seed(i as usize, &plan.tasks[i as usize])).collect();
    while let Some(v) = stack.pop() {
        for &w in &succ[succ_at[v as usize]..succ_at[v as usize + 1]] {
            if !reached[w as usize] {
                reached[w as usize] = true;
                stack.push(w);
            }
        }
    }
    reached
}

/// Helpers for the rules' own tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::diag::Finding;
    use crate::load::{LoadOptions, load_bytes};
    use crate::model::Plan;
    use std::path::Path;

    /// A plan header (start 12/6/2025, T-0 24:00 30/6/2025) with org `a`.
    pub const HEAD: &str =
        "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24 giờ 00 ngày 30/6/2025\"\n[org.a]\nname = \"A\"\n";

    /// Loads `HEAD` + `body`.
    pub fn plan(body: &str) -> Plan {
        load_bytes(Path::new("p.toml"), format!("{HEAD}{body}").into_bytes(), &LoadOptions::default()).plan
    }

    /// The findings one rule's `check` makes on `HEAD` + `body`.
    pub fn findings(check: fn(&Plan, &mut Vec<Finding>), body: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        check(&plan(body), &mut out);
        out
    }

    /// A `[[task]]` led by `a`, with extra lines.
    pub fn task(id: &str, extra: &str) -> String {
        format!("[[task]]\nid = \"{id}\"\ntitle = \"T\"\nlead = \"a\"\n{extra}\n")
    }
}
