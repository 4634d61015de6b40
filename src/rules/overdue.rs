//! `overdue` (warning, only with `check --now TIME`): an instance whose due
//! is at or before `now` is not marked done in the status log. Reported once
//! per task, with how many of its units are behind.

use crate::diag::Finding;
use crate::graph::InstanceGraph;
use crate::model::Plan;
use crate::rules::Rule;
use crate::status::Progress;
use crate::time::{Instant, fmt_due};

pub fn check(plan: &Plan, g: &InstanceGraph, progress: &Progress, now: Instant, log: Option<&std::path::Path>, out: &mut Vec<Finding>) {
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
        let whom = if t.is_unit() { crate::t!("rule.overdue.units", late = late, count = n) } else { "".into() };
        let f = Finding::new(
            Rule::Overdue,
            Some(td.at.key),
            crate::t!(
                "rule.overdue.message",
                task = t.id,
                units = whom,
                due = plan.written(td),
                due_at = fmt_due(&td.expr, tz, lang),
                now = crate::time::fmt_short(now, tz, lang)
            ),
        )
        .task(i as u32, &t.id)
        .label(crate::t!("rule.overdue.label"))
        .help({
            // A command that runs as written: the plan, and the first
            // instance that is late (all of them with `@all` when several).
            let plan_path = plan.files.get(crate::source::FileId(0)).display.clone();
            let first_late = (first..first + n).find(|&x| !progress.is_done(x)).unwrap_or(first);
            let id = if t.is_unit() && late > 1 { format!("{}@all", t.id) } else { g.name(plan, first_late) };
            let quote = |s: &str| {
                if s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./@".contains(c)) { s.to_string() } else { format!("'{s}'") }
            };
            let status = log.map(|l| format!(" --status {}", quote(&crate::source::display_path(l)))).unwrap_or_default();
            crate::t!("rule.overdue.help", plan = quote(&plan_path), id = quote(&id), status = status)
        });
        out.push(f);
    }
}
