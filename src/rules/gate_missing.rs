//! `gate-missing` (warning): a task of phase `cutover` has no go/no-go gate
//! (a task with `approvers`) before it, transitively through `after`: the
//! system goes live without anyone deciding that it goes. A plan that
//! decides elsewhere turns the rule off with `rules = { gate-missing = "off" }`
//! in `[plan]`.

use crate::diag::Finding;
use crate::model::{Phase, Plan};
use crate::rules::Rule;

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let cutover = |t: &crate::model::Task| t.phase == Some(Phase::Cutover) && !t.is_backout() && t.gate().is_none();
    if !plan.tasks.iter().any(cutover) {
        return;
    }
    let gated = crate::rules::after_any(plan, |_, t| t.gate().is_some());
    for (i, t) in plan.tasks.iter().enumerate() {
        if !cutover(t) || gated[i] {
            continue;
        }
        out.push(
            Finding::new(
                Rule::GateMissing,
                Some(t.spans.phase.unwrap_or(t.spans.id_key())),
                crate::t!("rule.gate-missing.message", task = t.id),
            )
            .task(i as u32, &t.id)
            .label(crate::t!("rule.gate-missing.label"))
            .help(crate::t!("rule.gate-missing.help", task = t.id))
            .for_units(t.is_unit(), plan.instance_count(t) as usize),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, task};

    #[test]
    fn a_go_live_needs_a_gate_before_it() {
        let f = findings(super::check, &task("golive", "phase = \"cutover\""));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "`golive` (phase cutover) has no go/no-go gate before it");
        let body = [
            task("gate", "approvers = [\"a\"]"),
            task("mid", "after = [\"gate\"]"),
            task("golive", "phase = \"cutover\"\nafter = [\"mid\"]"),
        ]
        .concat();
        assert!(findings(super::check, &body).is_empty());
    }
}
