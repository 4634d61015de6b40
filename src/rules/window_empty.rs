//! `window-empty`: the task may not start before `not_before` (or its
//! `ngày D` window), and `not_before` + `duration` falls after `due`: there is
//! no time left to do it, whatever its predecessors do.

use crate::diag::Finding;
use crate::model::Plan;
use crate::rules::Rule;
use crate::time::{fmt_due, fmt_duration, fmt_short, fmt_short_end};

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let tz = plan.tz();
    let lang = plan.meta.lang;
    for (i, t) in plan.tasks.iter().enumerate() {
        let (Some(due), Some(td)) = (plan.due(t), t.due.as_ref()) else { continue };
        let (nb, win) = (t.at.not_before(), t.at.window());
        let Some(floor) = nb.max(win) else { continue };
        let end = floor.0.saturating_add(t.duration);
        if end <= due.0 {
            continue;
        }
        let from = match (&t.not_before, nb >= win) {
            (Some(n), true) => crate::t!("rule.window-empty.not-before", when = plan.written(n), at = fmt_short(floor, tz, lang)),
            _ => crate::t!("rule.window-empty.window", when = plan.written(td), at = fmt_short(floor, tz, lang)),
        };
        let msg = crate::t!(
            "rule.window-empty.message",
            task = t.id,
            from = from,
            duration = fmt_duration(t.duration),
            end = fmt_short_end(crate::time::Instant(end), tz, lang),
            due = plan.written(td),
            due_at = fmt_due(&td.expr, tz, lang)
        );
        let at = t.spans.duration.or(t.not_before.as_ref().map(|n| n.at.key)).unwrap_or(td.at.key);
        let mut f = Finding::new(Rule::WindowEmpty, Some(at), msg)
            .task(i as u32, &t.id)
            .label(crate::t!("rule.window-empty.label"))
            .help(crate::t!("rule.window-empty.help"))
            .related(td.at.key, crate::t!("rule.window-empty.related"));
        f = f.for_units(t.is_unit(), plan.instance_count(t) as usize);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings as run, task};

    fn findings(extra: &str) -> Vec<crate::diag::Finding> {
        run(super::check, &task("x", extra))
    }

    #[test]
    fn not_before_plus_duration_after_due() {
        let f = findings("not_before = \"14h00 ngày 25/6/2025\"\nduration = \"12h\"\ndue = \"ngày 25/6/2025\"");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("ends 26/6 02:00"), "{}", f[0].message);
        assert!(findings("not_before = \"14h00 ngày 25/6/2025\"\nduration = \"10h\"\ndue = \"ngày 25/6/2025\"").is_empty());
    }

    #[test]
    fn one_day_window_too_short() {
        let f = findings("duration = \"2d\"\ndue = \"ngày 25/6/2025\"");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("is done ngày 25/6/2025"), "{}", f[0].message);
    }
}
