//! `missing-deadline` (warning): a task has no `due`.
//!
//! A missing deadline is reported, never invented: the planner decides. On a
//! unit task the finding holds for every unit alike and is reported once.

use crate::diag::Finding;
use crate::model::Plan;
use crate::rules::Rule;

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    // The same label and help on every finding: looked up once and
    // borrowed from the catalogue by each (a generated plan without
    // deadlines has one finding per task).
    let (label, help) = (crate::t!("rule.missing-deadline.label"), crate::t!("rule.missing-deadline.help"));
    // Backout steps happen only if the cutover is backed out: they have no deadline or phase order of their own.
    for (i, t) in plan.tasks.iter().enumerate().filter(|(_, t)| !t.is_backout()) {
        // A `due` that could not be read is already a `bad-value`.
        // A pinned task (`at`) has its moment: that is its deadline.
        if t.due.is_some() || t.spans.has_due || t.pin().is_some() {
            continue;
        }
        let mut f = Finding::new(Rule::MissingDeadline, Some(t.spans.id_key()), crate::t!("rule.missing-deadline.message", task = t.id))
            .task(i as u32, &t.id)
            .label(label.clone())
            .help(help.clone());
        f = f.for_units(t.is_unit(), plan.instance_count(t) as usize);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{LoadOptions, load_bytes};
    use crate::rules::Rule;
    use std::path::Path;

    #[test]
    fn undated_task_is_reported_once() {
        let text = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n[org.a]\nname = \"A\"\n\
                    [[unit]]\nid = \"u1\"\nname = \"U1\"\n[[unit]]\nid = \"u2\"\nname = \"U2\"\n\
                    [[task]]\nid = \"x\"\ntitle = \"X\"\nlead = \"a\"\nscope = \"unit\"\n[[task]]\nid = \"y\"\ntitle = \"Y\"\nlead = \"a\"\ndue = \"1/7/2025\"\n";
        let l = load_bytes(Path::new("p.toml"), text.into(), &LoadOptions::default());
        let mut out = Vec::new();
        super::check(&l.plan, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, Rule::MissingDeadline);
        assert_eq!(out[0].subject.as_deref(), Some("x"));
        assert_eq!(out[0].units, Some(2));
    }
}
