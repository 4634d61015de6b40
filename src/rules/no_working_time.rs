//! `no-working-time` (error): a task's calendar has no working time where
//! the schedule needs it — every day off for years (a `[[holiday]]` range
//! that covers the plan, a calendar whose `days` are all days off). The
//! schedule gives up on that task after a bounded search and places it in
//! calendar time, so the plan is still scheduled; this rule says so.

use crate::diag::Finding;
use crate::graph::InstanceGraph;
use crate::model::Plan;
use crate::rules::Rule;
use crate::schedule::Schedule;

pub fn check(plan: &Plan, g: &InstanceGraph, s: &Schedule, out: &mut Vec<Finding>) {
    let mut seen = vec![false; plan.tasks.len()];
    for &v in &s.stuck {
        let ti = g.task_of[v as usize].ix();
        if std::mem::replace(&mut seen[ti], true) {
            continue;
        }
        let t = &plan.tasks[ti];
        let cal = plan.calendar_of(t).map_or("?", |c| c.id.as_str());
        out.push(
            Finding::new(
                Rule::NoWorkingTime,
                Some(t.spans.duration.unwrap_or(t.spans.id_key())),
                crate::t!("rule.no-working-time.message", task = t.id, calendar = cal, days = crate::calendar::SEARCH_DAYS),
            )
            .task(ti as u32, &t.id)
            .label(crate::t!("rule.no-working-time.label"))
            .help(crate::t!("rule.no-working-time.help")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::InstanceGraph;
    use crate::rules::testing::plan;
    use crate::schedule::compute;

    #[test]
    fn a_calendar_closed_for_years_is_an_error_not_a_hang() {
        let p = plan(
            "[calendar.closed]\nhours = [\"8:00-9:00\"]\ndays = [\"T2\"]\n\
             [[holiday]]\ndate = \"1/6/2025\"\nto = \"31/5/2026\"\nname = \"closed\"\ncalendars = [\"closed\"]\n\
             [[holiday]]\ndate = \"1/6/2026\"\nto = \"31/5/2027\"\nname = \"closed\"\ncalendars = [\"closed\"]\n\
             [[holiday]]\ndate = \"1/6/2027\"\nto = \"31/5/2028\"\nname = \"closed\"\ncalendars = [\"closed\"]\n\
             [[holiday]]\ndate = \"1/6/2028\"\nto = \"31/5/2029\"\nname = \"closed\"\ncalendars = [\"closed\"]\n\
             [[task]]\nid = \"x\"\ntitle = \"X\"\nlead = \"a\"\ncalendar = \"closed\"\nduration = \"1wh\"\n",
        );
        let g = InstanceGraph::build(&p);
        let s = compute(&p, &g).unwrap();
        let mut out = Vec::new();
        super::check(&p, &g, &s, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].message.starts_with("`x`: calendar `closed` has no working time within 1098 days"), "{}", out[0].message);
    }
}
