//! `backup-before-stop` (warning): a task in phase `cutover` or `retire` of a
//! system does not come after (transitively) a `backup` or `trial` task of the
//! same system — the plan switches or stops a system with no safety copy
//! before it.
//!
//! One forward search per system from its backup and trial tasks over the
//! task graph: O(systems × (tasks + dependencies)), no recursion.

use crate::diag::Finding;
use crate::model::{Phase, Plan};
use crate::rules::Rule;

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    if !plan.tasks.iter().any(|t| matches!(t.phase, Some(Phase::Cutover | Phase::Retire)) && t.system.is_some()) {
        return;
    }
    // Successors of each task.
    let mut succ: Vec<Vec<u32>> = vec![Vec::new(); plan.tasks.len()];
    for (i, t) in plan.tasks.iter().enumerate() {
        for d in &t.after {
            succ[d.task.ix()].push(i as u32);
        }
    }
    let stops: Vec<usize> = (0..plan.tasks.len())
        .filter(|&i| {
            matches!(plan.tasks[i].phase, Some(Phase::Cutover | Phase::Retire))
                && plan.tasks[i].system.is_some()
                && !plan.tasks[i].is_backout()
        })
        .collect();
    let mut systems: Vec<_> = stops.iter().filter_map(|&i| plan.tasks[i].system).collect();
    systems.sort_unstable();
    systems.dedup();
    let mut reached = vec![false; plan.tasks.len()];
    for sys in systems {
        reached.iter_mut().for_each(|r| *r = false);
        let mut stack: Vec<u32> = Vec::new();
        for (i, t) in plan.tasks.iter().enumerate() {
            if t.system == Some(sys) && matches!(t.phase, Some(Phase::Backup | Phase::Trial)) {
                stack.push(i as u32);
            }
        }
        let has_backup = !stack.is_empty();
        // Mark everything after a backup (not the backup itself).
        while let Some(v) = stack.pop() {
            for &w in &succ[v as usize] {
                if !reached[w as usize] {
                    reached[w as usize] = true;
                    stack.push(w);
                }
            }
        }
        for &i in stops.iter().filter(|&&i| plan.tasks[i].system == Some(sys)) {
            if reached[i] {
                continue;
            }
            let t = &plan.tasks[i];
            let s = &plan.systems[sys.ix()];
            let phase = t.phase.map_or("?", |p| p.name());
            let msg = if has_backup {
                crate::t!("rule.backup-before-stop.message", task = t.id, phase = phase, system = s.id)
            } else {
                crate::t!("rule.backup-before-stop.message-none", task = t.id, phase = phase, system = s.id)
            };
            let at = t.spans.phase.unwrap_or(t.spans.id_key());
            let mut f = Finding::new(Rule::BackupBeforeStop, Some(at), msg)
                .task(i as u32, &t.id)
                .label(crate::t!("rule.backup-before-stop.label"))
                .help(crate::t!("rule.backup-before-stop.help", system = s.id, task = t.id));
            f = f.for_units(t.is_unit(), plan.instance_count(t) as usize);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    fn findings(body: &str) -> Vec<crate::diag::Finding> {
        crate::rules::testing::findings(
            super::check,
            &format!(
                "[system.s]
name = \"S\"
[system.r]
name = \"R\"
{body}"
            ),
        )
    }

    fn t(id: &str, sys: &str, phase: &str, after: &str) -> String {
        format!("[[task]]\nid = \"{id}\"\ntitle = \"T\"\nlead = \"a\"\nsystem = \"{sys}\"\nphase = \"{phase}\"\nafter = [{after}]\n")
    }

    #[test]
    fn transitive_backup_is_enough() {
        let f = findings(
            &[t("s.backup", "s", "backup", ""), t("s.mid", "s", "provision", "\"s.backup\""), t("s.golive", "s", "cutover", "\"s.mid\"")]
                .concat(),
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn no_backup_or_other_systems_backup() {
        let f = findings(
            &[t("r.backup", "r", "backup", ""), t("s.golive", "s", "cutover", "\"r.backup\""), t("r.retire", "r", "retire", "")].concat(),
        );
        assert_eq!(f.len(), 2);
        let s = f.iter().find(|x| x.subject.as_deref() == Some("s.golive")).unwrap();
        assert!(s.message.contains("the plan has no backup or trial task of `s`"), "{}", s.message);
        let r = f.iter().find(|x| x.subject.as_deref() == Some("r.retire")).unwrap();
        assert!(r.message.contains("does not come after any backup or trial task of `r`"), "{}", r.message);
    }
}
