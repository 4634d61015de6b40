//! `unpinned-cutover` (warning): a task of phase `cutover` has no `at`.
//!
//! A go-live happens *at* a moment, not "by" it: with only a `due`, the
//! schedule lets it happen as soon as its predecessors are done — days before
//! T-0 — and the critical path ends there. `at = "24 giờ 00 ngày 30/6/2025"`
//! pins it: it finishes exactly then.

use crate::diag::Finding;
use crate::model::{Phase, Plan};
use crate::rules::Rule;

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    // Backout steps happen only if the cutover is backed out: they have no deadline or phase order of their own.
    for (i, t) in plan.tasks.iter().enumerate().filter(|(_, t)| !t.is_backout()) {
        if t.phase != Some(Phase::Cutover) || t.pin().is_some() {
            continue;
        }
        let when =
            t.due.as_ref().map(|d| plan.written(d).to_string()).or_else(|| plan.meta.cutover.as_ref().map(|c| plan.written(c).to_string()));
        let at = t.due.as_ref().map_or(t.spans.id_key(), |d| d.at.key);
        let help = crate::t!("rule.unpinned-cutover.help", when = when.as_deref().unwrap_or("24 giờ 00 ngày …"));
        let f = Finding::new(Rule::UnpinnedCutover, Some(at), crate::t!("rule.unpinned-cutover.message", task = t.id))
            .task(i as u32, &t.id)
            .label(crate::t!("rule.unpinned-cutover.label"))
            .help(help)
            .for_units(t.is_unit(), plan.instance_count(t) as usize);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, task};

    #[test]
    fn a_cutover_task_without_at_is_reported_and_a_pinned_one_is_not() {
        let f = findings(super::check, &task("golive", "phase = \"cutover\"\ndue = \"24:00 30/6/2025\""));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].help.as_deref(), Some("pin it to the moment it happens: `at = \"24:00 30/6/2025\"`"));
        let f = findings(super::check, &task("golive", "phase = \"cutover\"\nat = \"24:00 30/6/2025\""));
        assert!(f.is_empty(), "{f:?}");
    }
}
