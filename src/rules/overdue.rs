//! `overdue` (warning, only with `check --now TIME`): an instance whose due
//! is at or before `now` is not marked done in the status log. Reported once
//! per task, with how many of its units are behind.

use crate::diag::Finding;
use crate::graph::InstanceGraph;
use crate::model::Plan;
use crate::rules::Rule;
use crate::status::Progress;
use crate::time::{Instant, fmt_due};

pub fn check(plan: &Plan, g: &InstanceGraph, progress: &Progress, now: Instant, out: &mut Vec<Finding>) {
    let tz = plan.tz();
    let lang = plan.meta.lang;
    for (i, t) in plan.tasks.iter().enumerate() {
        let (Some(due), Some(td)) = (t.at.due(), t.due.as_ref()) else { continue };
        if due > now {
            continue;
        }
        let first = g.offsets[i];
        let n = plan.instance_count(t) as u32;
        let late = (first..first + n).filter(|&x| !progress.is_done(x)).count() as u32;
        if late == 0 {
            continue;
        }
        let whom = if t.is_unit() { format!(" in {late} of {n} units") } else { String::new() };
        let f = Finding::new(
            Rule::Overdue,
            Some(td.at.key),
            format!(
                "`{}` is overdue{whom}: due {} ({}), not done at {}",
                t.id,
                plan.written(td),
                fmt_due(&td.expr, tz, lang),
                crate::time::fmt_short(now, tz, lang)
            ),
        )
        .task(i as u32, &t.id)
        .label("past due")
        .help(format!(
            "mark it done (`cutover mark {} --done --at …`) or raise it with its lead",
            if t.is_unit() { format!("{}@<unit>", t.id) } else { t.id.clone() }
        ));
        out.push(f);
    }
}
