//! `deadline-infeasible`: even at the earliest — from `plan.start`,
//! `not_before`, windows, durations and lags — the task cannot finish by its
//! `due`. Its slack is negative; the message names how late it is and the
//! chain of predecessors that drives it.
//!
//! Reported once per task: on a unit task, with the number of units where it
//! holds.

use crate::diag::Finding;
use crate::graph::InstanceGraph;
use crate::model::Plan;
use crate::rules::Rule;
use crate::schedule::{Schedule, driving_chain};
use crate::time::{Instant, fmt_due, fmt_duration, fmt_short, fmt_short_end};

pub fn check(plan: &Plan, g: &InstanceGraph, s: &Schedule, out: &mut Vec<Finding>) {
    let tz = plan.tz();
    let lang = plan.meta.lang;
    for (i, t) in plan.tasks.iter().enumerate() {
        let (Some(due), Some(td)) = (plan.due(t), t.due.as_ref()) else { continue };
        // A pin at or before the due is what binds: `pin-infeasible` says so.
        if t.pin().is_some_and(|p| p.expr.due(tz) <= td.expr.due(tz)) {
            continue;
        }
        let Some((w, late)) = latest_past(plan, g, s, i, due) else { continue };
        let ef = Instant(s.ef[w as usize]);
        let chain = driving_chain(plan, g, s, w);
        let names: Vec<String> = chain.iter().map(|&c| plan.task(g.task_of[c as usize]).id.clone()).collect();
        let driven = if names.len() > 1 {
            let shown: Vec<&str> = if names.len() > 6 {
                names[..2]
                    .iter()
                    .map(|s| s.as_str())
                    .chain(std::iter::once("…"))
                    .chain(names[names.len() - 3..].iter().map(|s| s.as_str()))
                    .collect()
            } else {
                names.iter().map(|s| s.as_str()).collect()
            };
            crate::t!("rule.deadline-infeasible.driven", chain = shown.join(" → "))
        } else {
            let first_start = Instant(s.es[w as usize]);
            crate::t!("rule.deadline-infeasible.cannot-start", start = fmt_short(first_start, tz, lang))
        };
        let late_by = fmt_duration(ef.0 - due.0);
        let msg = crate::t!(
            "rule.deadline-infeasible.message",
            task = t.id,
            due = plan.written(td),
            due_at = fmt_due(&td.expr, tz, lang),
            finish = fmt_short_end(ef, tz, lang),
            late = late_by,
            driven = driven
        );
        let mut f = Finding::new(Rule::DeadlineInfeasible, Some(td.at.key), msg)
            .task(i as u32, &t.id)
            .label(crate::t!("rule.deadline-infeasible.label", late = late_by))
            .help(crate::t!("rule.deadline-infeasible.help"));
        if t.is_unit() {
            f.units = Some(late);
        }
        out.push(f);
    }
}

/// Of task `i`'s instances, the one whose early finish passes `limit` the
/// most, and how many pass it; `None` when none does.
pub(crate) fn latest_past(plan: &Plan, g: &InstanceGraph, s: &Schedule, i: usize, limit: Instant) -> Option<(u32, u32)> {
    let first = g.offsets[i];
    let n = plan.instance_count(&plan.tasks[i]) as u32;
    let mut worst: Option<u32> = None;
    let mut late = 0u32;
    for inst in first..first + n {
        if s.ef[inst as usize] > limit.0 {
            late += 1;
            if worst.is_none_or(|w| s.ef[inst as usize] > s.ef[w as usize]) {
                worst = Some(inst);
            }
        }
    }
    worst.map(|w| (w, late))
}

#[cfg(test)]
mod tests {
    use crate::graph::InstanceGraph;
    use crate::load::{LoadOptions, load_bytes};
    use crate::schedule::compute;
    use std::path::Path;

    #[test]
    fn negative_slack_is_reported_with_its_chain() {
        let body = "[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"o\"\nduration = \"3d\"\n\
                    [[task]]\nid = \"b\"\ntitle = \"B\"\nlead = \"o\"\nafter = [\"a\"]\ndue = \"trước ngày 4/6/2025\"\n";
        let text = format!(
            "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-02\"\ncutover = \"24:00 30/6/2025\"\n[org.o]\nname = \"O\"\n{body}"
        );
        let l = load_bytes(Path::new("p.toml"), text.into_bytes(), &LoadOptions::default());
        let g = InstanceGraph::build(&l.plan);
        let s = compute(&l.plan, &g).unwrap();
        let mut out = Vec::new();
        super::check(&l.plan, &g, &s, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].message,
            "`b` cannot finish by its due trước ngày 4/6/2025 (4/6 00:00): at the earliest it finishes 4/6 24:00, 1d late; driven by a → b"
        );
    }
}
