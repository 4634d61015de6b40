//! `change-before-backup` (warning): a task that changes a live system —
//! phase `provision`, `trial` or `cutover`, with a `system` — has no
//! `backup` or `trial` task of that system before it (transitively through
//! `after`). Changing codes, units or accounts on a system in use with no
//! copy to go back to is what a backout cannot undo. (A `cutover` task is
//! also under `backup-before-stop`: waive both with the same reason.)
//!
//! One forward walk per system from its backup and trial tasks:
//! O(systems × (tasks + dependencies)), no recursion.

use crate::diag::Finding;
use crate::model::{Phase, Plan};
use crate::rules::Rule;

fn changes(t: &crate::model::Task) -> bool {
    matches!(t.phase, Some(Phase::Provision | Phase::Trial | Phase::Cutover)) && t.system.is_some() && !t.is_backout()
}

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let mut systems: Vec<_> = plan.tasks.iter().filter(|t| changes(t)).filter_map(|t| t.system).collect();
    systems.sort_unstable();
    systems.dedup();
    for sys in systems {
        let safe = |t: &crate::model::Task| t.system == Some(sys) && matches!(t.phase, Some(Phase::Backup | Phase::Trial));
        let has_backup = plan.tasks.iter().any(safe);
        let reached = crate::rules::after_any(plan, |_, t| safe(t));
        for (i, t) in plan.tasks.iter().enumerate() {
            if t.system != Some(sys) || !changes(t) || reached[i] {
                continue;
            }
            let s = &plan.systems[sys.ix()];
            let phase = t.phase.map_or("?", |p| p.name());
            let msg = if has_backup {
                crate::t!("rule.change-before-backup.message", task = t.id, phase = phase, system = s.id)
            } else {
                crate::t!("rule.change-before-backup.message-none", task = t.id, phase = phase, system = s.id)
            };
            let at = t.spans.phase.unwrap_or(t.spans.id_key());
            out.push(
                Finding::new(Rule::ChangeBeforeBackup, Some(at), msg)
                    .task(i as u32, &t.id)
                    .label(crate::t!("rule.change-before-backup.label"))
                    .help(crate::t!("rule.change-before-backup.help", system = s.id, task = t.id))
                    .for_units(t.is_unit(), plan.instance_count(t) as usize),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, task};

    fn t(id: &str, phase: &str, after: &str) -> String {
        task(id, &format!("system = \"s\"\nphase = \"{phase}\"\nafter = [{after}]"))
    }

    #[test]
    fn a_change_needs_a_backup_before_it() {
        let sys = "[system.s]\nname = \"S\"\n";
        // The code change comes before the backup: reported; the go-live after it is not.
        let f = findings(
            super::check,
            &[sys, &t("codes", "provision", ""), &t("backup", "backup", "\"codes\""), &t("golive", "cutover", "\"backup\"")].concat(),
        );
        assert_eq!(f.iter().map(|f| f.subject.as_deref().unwrap()).collect::<Vec<_>>(), vec!["codes"]);
        assert!(f[0].message.contains("before any backup or trial task of it"), "{}", f[0].message);
        // A trial counts only after another backup or trial.
        let f = findings(super::check, &[sys, &t("trial", "trial", "")].concat());
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("the plan has no backup or trial task of `s`") || f[0].message.contains("before any"),
            "{}",
            f[0].message
        );
        let f = findings(super::check, &[sys, &t("backup", "backup", ""), &t("trial", "trial", "\"backup\"")].concat());
        assert!(f.is_empty(), "{f:?}");
    }
}
