//! `outside-working-time` (warning): work the schedule can only place
//! outside its lead's working hours — a task pinned to 20:00 on an office
//! calendar, or a duration in calendar time (`8h`) that runs through the
//! lunch break or the night — where the plan declares working hours.
//!
//! The message says how much of the task's time is working time; the help
//! says how to say what is meant: a duration in working time
//! (`1 ngày làm việc`), or a calendar that works then (`calendar = "24/7"`
//! for the night of the cutover).

use crate::calendar::to_local;
use crate::diag::Finding;
use crate::graph::InstanceGraph;
use crate::model::{DurKind, Plan};
use crate::rules::Rule;
use crate::schedule::Schedule;
use crate::time::{Instant, fmt_duration, fmt_short, fmt_short_end};

pub fn check(plan: &Plan, g: &InstanceGraph, s: &Schedule, out: &mut Vec<Finding>) {
    let tz = plan.tz();
    let lang = plan.meta.lang;
    // One finding per task: the first instance that falls outside, and how many do.
    let mut first: Vec<Option<(u32, i64, i64)>> = vec![None; plan.tasks.len()];
    let mut count = vec![0usize; plan.tasks.len()];
    for v in 0..g.len() as u32 {
        let ti = g.task_of[v as usize].ix();
        let t = &plan.tasks[ti];
        if t.duration == 0 || (t.dur_kind != DurKind::Elapsed && t.pin().is_none()) {
            continue;
        }
        let Some(c) = plan.calendar_of(t) else { continue };
        if c.is_all_hours() {
            continue;
        }
        let (es, ef) = (s.es[v as usize], s.ef[v as usize]);
        let work = c.work_between(to_local(tz, Instant(es)), to_local(tz, Instant(ef)));
        let span = if t.dur_kind == DurKind::Elapsed { ef - es } else { t.duration };
        if work >= span {
            continue;
        }
        count[ti] += 1;
        first[ti].get_or_insert((v, work, span));
    }
    for (ti, f) in first.iter().enumerate() {
        let Some((v, work, span)) = *f else { continue };
        let t = &plan.tasks[ti];
        let c = plan.calendar_of(t).expect("a task with a calendar");
        let (es, ef) = (Instant(s.es[v as usize]), Instant(s.ef[v as usize]));
        let msg = crate::t!(
            "rule.outside-working-time.message",
            task = plan.task(g.task_of[v as usize]).id,
            start = fmt_short(es, tz, lang),
            finish = fmt_short_end(ef, tz, lang),
            work = fmt_duration(work),
            calendar = c.id,
            hours = c.hours_text(),
            outside = fmt_duration(span - work)
        );
        let help = if t.pin().is_some() {
            crate::t!("rule.outside-working-time.help-pinned")
        } else {
            crate::t!("rule.outside-working-time.help")
        };
        let key = t.pin().map(|p| p.at.key).or(t.spans.duration).unwrap_or(t.spans.id_key());
        out.push(
            Finding::new(Rule::OutsideWorkingTime, Some(key), msg)
                .task(ti as u32, &t.id)
                .label(crate::t!("rule.outside-working-time.label"))
                .help(help)
                .for_units(t.is_unit(), count[ti]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::InstanceGraph;
    use crate::rules::testing::plan;
    use crate::schedule::compute;

    #[test]
    fn a_pinned_evening_and_a_lunch_break() {
        let p = plan(
            "[[task]]\nid = \"gate\"\ntitle = \"G\"\nlead = \"a\"\ncalendar = \"hanh-chinh\"\nat = \"20 giờ 00 ngày 30/6/2025\"\nduration = \"30m\"\n\
             [[task]]\nid = \"backup\"\ntitle = \"B\"\nlead = \"a\"\ncalendar = \"hanh-chinh\"\nnot_before = \"ngày 25/6/2025\"\nduration = \"8h\"\n\
             [[task]]\nid = \"ok\"\ntitle = \"O\"\nlead = \"a\"\ncalendar = \"hanh-chinh\"\nnot_before = \"ngày 25/6/2025\"\nduration = \"1 ngày làm việc\"\n\
             [[task]]\nid = \"night\"\ntitle = \"N\"\nlead = \"a\"\ncalendar = \"24/7\"\nat = \"20 giờ 00 ngày 30/6/2025\"\nduration = \"30m\"\n",
        );
        let g = InstanceGraph::build(&p);
        let s = compute(&p, &g).unwrap();
        let mut out = Vec::new();
        super::check(&p, &g, &s, &mut out);
        let msgs: Vec<&str> = out.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "`gate` runs 30/6 19:30 → 30/6 20:00, of which 0h is working time of calendar `hanh-chinh` (7:30–11:30, 13:30–17:00): 30m fall outside it",
                "`backup` runs 25/6 07:30 → 25/6 15:30, of which 6h is working time of calendar `hanh-chinh` (7:30–11:30, 13:30–17:00): 2h fall outside it",
            ]
        );
    }
}
