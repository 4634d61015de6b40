//! `stale-waiver` (warning): a task's `waive` entry for a rule that no
//! longer reports anything on that task. A waiver is a reason kept beside a
//! finding; when the plan changes and the finding goes, the waiver would
//! otherwise stay and silently excuse the next one.
//!
//! Only judged when every rule could run: a plan without a schedule (its
//! structure broken) cannot tell, and a waiver of a rule of the night
//! (`overdue`) is judged only when the night was read (`check --now`).

use crate::diag::Finding;
use crate::model::Plan;
use crate::rule::Needs;
use crate::rules::Rule;

/// `complete`: the plan was scheduled, so every rule ran; `night`: the
/// rules of the night ran too.
pub fn check(plan: &Plan, findings: &[Finding], complete: bool, night: bool, out: &mut Vec<Finding>) {
    if !complete {
        return;
    }
    for (i, t) in plan.tasks.iter().enumerate() {
        for w in t.waivers() {
            if w.rule.needs() == Needs::Progress && !night {
                continue;
            }
            if w.rule == Rule::StaleWaiver {
                continue;
            }
            let used = findings.iter().any(|f| f.rule == w.rule && f.task == Some(i as u32));
            if used {
                continue;
            }
            out.push(
                Finding::new(Rule::StaleWaiver, Some(w.span), crate::t!("rule.stale-waiver.message", task = t.id, rule = w.rule.name()))
                    .task(i as u32, &t.id)
                    .label(crate::t!("rule.stale-waiver.label"))
                    .help(crate::t!("rule.stale-waiver.help")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::context::check_loaded;
    use crate::load::{LoadOptions, load_bytes};
    use crate::rules::Rule;
    use crate::rules::testing::HEAD;
    use std::path::Path;

    fn findings(body: &str) -> Vec<crate::diag::Finding> {
        let text = format!("{HEAD}{body}");
        check_loaded(Path::new("p.toml"), load_bytes(Path::new("p.toml"), text.into_bytes(), &LoadOptions::default())).findings
    }

    #[test]
    fn a_waiver_without_its_finding_is_stale_and_one_with_it_is_not() {
        let stale = findings(
            "[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\ndue = \"1/7/2025\"\nwaive = [{ rule = \"missing-deadline\", reason = \"r\" }]\n",
        );
        let s: Vec<_> = stale.iter().filter(|f| f.rule == Rule::StaleWaiver).collect();
        assert_eq!(s.len(), 1, "{stale:?}");
        assert_eq!(s[0].message, "task `a` waives `missing-deadline`, which reports nothing on it any more");
        let used =
            findings("[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"a\"\nwaive = [{ rule = \"missing-deadline\", reason = \"r\" }]\n");
        assert!(used.iter().all(|f| f.rule != Rule::StaleWaiver), "{used:?}");
    }
}
