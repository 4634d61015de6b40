//! `no-backout` (warning): a system with a task of phase `cutover` and no
//! backout step (a task with `undoes` naming a task of that system), or a
//! task marked `point_of_no_return` with nothing at or before it that a
//! backout step undoes — a point of no return where there was never a way
//! back.

use crate::diag::Finding;
use crate::model::{Phase, Plan, TaskIx};
use crate::rules::Rule;

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    // Systems with a backout path.
    let mut backed: Vec<bool> = vec![false; plan.systems.len()];
    let mut undone = vec![false; plan.tasks.len()];
    for (ti, t) in plan.tasks.iter().enumerate() {
        if t.is_backout() {
            if let Some(s) = crate::night::backout::system_of(plan, TaskIx(ti as u32)) {
                backed[s.ix()] = true;
            }
            for u in t.undoes() {
                undone[u.ix()] = true;
            }
        }
    }
    let mut reported = vec![false; plan.systems.len()];
    for (i, t) in plan.tasks.iter().enumerate() {
        let Some(s) = t.system else { continue };
        if t.phase != Some(Phase::Cutover) || t.is_backout() || backed[s.ix()] || std::mem::replace(&mut reported[s.ix()], true) {
            continue;
        }
        let sys = &plan.systems[s.ix()];
        out.push(
            Finding::new(
                Rule::NoBackout,
                Some(t.spans.phase.unwrap_or(t.spans.id_key())),
                crate::t!("rule.no-backout.message", system = sys.id, task = t.id),
            )
            .task(i as u32, &t.id)
            .label(crate::t!("rule.no-backout.label"))
            .help(crate::t!("rule.no-backout.help", task = t.id))
            .for_units(t.is_unit(), plan.instance_count(t) as usize),
        );
    }
    if plan.tasks.iter().any(|t| t.is_point_of_no_return()) {
        let after_undone = crate::rules::after_any(plan, |i, _| undone[i]);
        for (i, t) in plan.tasks.iter().enumerate() {
            if !t.is_point_of_no_return() || undone[i] || after_undone[i] {
                continue;
            }
            out.push(
                Finding::new(Rule::NoBackout, Some(t.spans.id_key()), crate::t!("rule.no-backout.point-message", task = t.id))
                    .task(i as u32, &t.id)
                    .label(crate::t!("rule.no-backout.point-label"))
                    .help(crate::t!("rule.no-backout.point-help"))
                    .for_units(t.is_unit(), plan.instance_count(t) as usize),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, task};

    #[test]
    fn a_go_live_without_backout_and_a_point_of_no_return_without_anything_to_undo() {
        let sys = "[system.s]\nname = \"S\"\n";
        let f = findings(super::check, &[sys, &task("golive", "system = \"s\"\nphase = \"cutover\"")].concat());
        assert_eq!(f.len(), 1);
        assert!(f[0].message.starts_with("system `s` goes live (`golive`) with no way back"), "{}", f[0].message);
        let ok = [sys, &task("golive", "system = \"s\"\nphase = \"cutover\""), &task("restore", "undoes = \"golive\"")].concat();
        assert!(findings(super::check, &ok).is_empty());
        let pnr = [task("a", ""), task("close", "after = [\"a\"]\npoint_of_no_return = true")].concat();
        let f = findings(super::check, &pnr);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("is a point of no return"), "{}", f[0].message);
        let pnr = [task("a", ""), task("undo", "undoes = \"a\""), task("close", "after = [\"a\"]\npoint_of_no_return = true")].concat();
        assert!(findings(super::check, &pnr).is_empty());
    }
}
