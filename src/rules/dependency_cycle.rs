//! `dependency-cycle`: tasks wait on each other, so none of them can start.
//!
//! Cycles are found over the task graph (one node per task, whatever its
//! scope): a cycle among unit tasks repeats in every unit and is reported
//! once, with the unit count. Each tangle (strongly connected component) is
//! reported once, with one cycle through it listed in order, self-loops
//! included.

use crate::diag::Finding;
use crate::graph::task_cycles;
use crate::model::Plan;
use crate::rules::Rule;

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    for c in task_cycles(plan) {
        let first = plan.task(c.tasks[0]);
        let last = *c.tasks.last().expect("a cycle has a task");
        let mut names: Vec<&str> = c.tasks.iter().map(|t| plan.task(*t).id.as_str()).collect();
        names.push(&first.id);
        let mut msg = crate::t!("rule.dependency-cycle.message", cycle = names.join(" → ")).into_owned();
        if c.component > c.tasks.len() {
            msg.push_str(&crate::t!("rule.dependency-cycle.tangled", count = c.component));
        }
        // The entry of the first task's `after` that closes the cycle.
        let closing = first.after.iter().find(|d| d.task == last).map(|d| d.span);
        let mut f = Finding::new(Rule::DependencyCycle, closing.or(Some(first.spans.id_key())), msg)
            .task(c.tasks[0].0, &first.id)
            .label(crate::t!("rule.dependency-cycle.label", task = first.id, last = plan.task(last).id))
            .help(crate::t!("rule.dependency-cycle.help"));
        for w in c.tasks.windows(2) {
            let t = plan.task(w[1]);
            if let Some(d) = t.after.iter().find(|d| d.task == w[0]) {
                f = f.related(d.span, crate::t!("rule.dependency-cycle.related", task = t.id, pred = plan.task(w[0]).id));
            }
        }
        f = f.for_units(
            c.tasks.iter().any(|t| plan.task(*t).is_unit()),
            c.tasks.iter().map(|t| plan.instance_count(plan.task(*t))).max().unwrap_or(0) as usize,
        );
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    fn findings(body: &str) -> Vec<crate::diag::Finding> {
        let units = "[[unit]]
id = \"u\"
name = \"U\"
[[unit]]
id = \"v\"
name = \"V\"
";
        crate::rules::testing::findings(super::check, &format!("{units}{body}"))
    }

    fn t(id: &str, after: &str, extra: &str) -> String {
        format!("[[task]]\nid = \"{id}\"\ntitle = \"T\"\nlead = \"a\"\nafter = [{after}]\n{extra}\n")
    }

    #[test]
    fn cycle_listed_in_order_once() {
        let f = findings(&[t("a1", "\"c3\"", ""), t("b2", "\"a1\"", ""), t("c3", "\"b2\"", ""), t("d", "\"a1\"", "")].concat());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "tasks wait on each other: a1 → b2 → c3 → a1");
        assert_eq!(f[0].units, None);
    }

    #[test]
    fn self_loop() {
        let f = findings(&t("a", "\"a\"", ""));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "tasks wait on each other: a → a");
    }

    #[test]
    fn unit_cycle_reported_once_with_unit_count() {
        let f = findings(
            &[t("x", "\"y\"", "scope = \"unit\""), t("y", "\"x\"", "scope = \"unit\""), t("p", "\"q\"", ""), t("q", "\"p\"", "")].concat(),
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].units, Some(2));
        assert_eq!(f[1].units, None);
    }
}
