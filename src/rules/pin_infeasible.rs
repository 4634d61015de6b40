//! `pin-infeasible` (error): a task pinned to an instant (`at`) cannot
//! happen then: its predecessors, at the earliest, finish too late for it
//! to start its duration before. The message names how late and the chain
//! that drives it.

use crate::diag::Finding;
use crate::graph::InstanceGraph;
use crate::model::Plan;
use crate::rules::Rule;
use crate::schedule::{Schedule, driving_chain};
use crate::time::{Instant, fmt_duration, fmt_short_end};

pub fn check(plan: &Plan, g: &InstanceGraph, s: &Schedule, out: &mut Vec<Finding>) {
    let tz = plan.tz();
    let lang = plan.meta.lang;
    for (i, t) in plan.tasks.iter().enumerate() {
        let Some(pin) = t.pin() else { continue };
        let at = pin.expr.due(tz);
        let Some((w, late)) = super::deadline_infeasible::latest_past(plan, g, s, i, at) else { continue };
        let ef = Instant(s.ef[w as usize]);
        let chain: Vec<String> = driving_chain(plan, g, s, w).iter().map(|&c| plan.task(g.task_of[c as usize]).id.clone()).collect();
        let driven = if chain.len() > 1 { crate::t!("rule.pin-infeasible.driven", chain = chain.join(" → ")) } else { "".into() };
        let late_by = fmt_duration(ef.0 - at.0);
        let msg = crate::t!(
            "rule.pin-infeasible.message",
            task = t.id,
            pin = plan.written(pin),
            pin_at = fmt_short_end(at, tz, lang),
            finish = fmt_short_end(ef, tz, lang),
            late = late_by,
            driven = driven
        );
        let mut f = Finding::new(Rule::PinInfeasible, Some(pin.at.key), msg)
            .task(i as u32, &t.id)
            .label(crate::t!("rule.pin-infeasible.label", late = late_by))
            .help(crate::t!("rule.pin-infeasible.help"));
        if t.is_unit() {
            f.units = Some(late);
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::InstanceGraph;
    use crate::rules::testing::plan;
    use crate::schedule::compute;

    #[test]
    fn a_pin_its_predecessors_cannot_meet_is_reported() {
        let p = plan(
            "[[task]]\nid = \"pack\"\ntitle = \"P\"\nlead = \"a\"\nnot_before = \"ngày 30/6/2025\"\nduration = \"1d 2h\"\n\
             [[task]]\nid = \"golive\"\ntitle = \"G\"\nlead = \"a\"\nphase = \"cutover\"\nat = \"24:00 30/6/2025\"\nafter = [\"pack\"]\n",
        );
        let g = InstanceGraph::build(&p);
        let s = compute(&p, &g).unwrap();
        let mut out = Vec::new();
        super::check(&p, &g, &s, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].message,
            "`golive` is pinned to 24:00 30/6/2025 (30/6 24:00) but cannot happen then: at the earliest it finishes 1/7 02:00, 2h late; driven by pack → golive"
        );
    }

    #[test]
    fn a_pinned_task_finishes_exactly_then() {
        let p = plan(
            "[[task]]\nid = \"pack\"\ntitle = \"P\"\nlead = \"a\"\ndue = \"25/6/2025\"\n\
             [[task]]\nid = \"golive\"\ntitle = \"G\"\nlead = \"a\"\nphase = \"cutover\"\nduration = \"2h\"\nat = \"24:00 30/6/2025\"\nafter = [\"pack\"]\n",
        );
        let g = InstanceGraph::build(&p);
        let s = compute(&p, &g).unwrap();
        let gi = g.instance(p.task_by_id("golive").unwrap(), None) as usize;
        let tz = p.tz();
        assert_eq!(tz.rfc3339(crate::time::Instant(s.ef[gi])), "2025-07-01T00:00:00+07:00");
        assert_eq!(tz.rfc3339(crate::time::Instant(s.es[gi])), "2025-06-30T22:00:00+07:00");
        let mut out = Vec::new();
        super::check(&p, &g, &s, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
