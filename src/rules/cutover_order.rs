//! `cutover-order`: a task's phase and its due disagree about the cutover.
//! Work of phase `prepare`, `provision`, `backup` or `trial` must be due by
//! T-0; work of phase `stabilize`, `retire` or `followup` belongs after it and
//! cannot be due before it.

use crate::diag::Finding;
use crate::model::Plan;
use crate::rules::Rule;
use crate::time::{fmt_due, fmt_short_end};

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let tz = plan.tz();
    let lang = plan.meta.lang;
    let (Some(cut), Some(ct)) = (plan.cutover(), plan.meta.cutover.as_ref()) else { return };
    // Backout steps happen only if the cutover is backed out: they have no deadline or phase order of their own.
    for (i, t) in plan.tasks.iter().enumerate().filter(|(_, t)| !t.is_backout()) {
        let (Some(phase), Some(due), Some(td)) = (t.phase, plan.due(t), t.due.as_ref()) else { continue };
        let (side, help) = if phase.is_before_cutover() && due > cut {
            (
                crate::t!("rule.cutover-order.after"),
                crate::t!("rule.cutover-order.help-after", phase = phase.name(), cutover = fmt_short_end(cut, tz, lang)),
            )
        } else if phase.is_after_cutover() && due < cut {
            (
                crate::t!("rule.cutover-order.before"),
                crate::t!("rule.cutover-order.help-before", phase = phase.name(), cutover = fmt_short_end(cut, tz, lang)),
            )
        } else {
            continue;
        };
        let msg = crate::t!(
            "rule.cutover-order.message",
            task = t.id,
            side = side,
            phase = phase.name(),
            due = plan.written(td),
            due_at = fmt_due(&td.expr, tz, lang),
            cutover = plan.written(ct),
            cutover_at = fmt_due(&ct.expr, tz, lang)
        );
        let mut f = Finding::new(Rule::CutoverOrder, Some(td.at.key), msg)
            .task(i as u32, &t.id)
            .label(crate::t!("rule.cutover-order.label", side = side))
            .help(help);
        if let Some(p) = t.spans.phase {
            f = f.related(p, crate::t!("rule.cutover-order.phase", phase = phase.name()));
        }
        f = f.for_units(t.is_unit(), plan.instance_count(t) as usize);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings as run, task};

    fn findings(phase: &str, due: &str) -> Vec<crate::diag::Finding> {
        run(
            super::check,
            &task(
                "x",
                &format!(
                    "phase = \"{phase}\"
due = \"{due}\""
                ),
            ),
        )
    }

    #[test]
    fn stabilize_before_cutover() {
        let f = findings("stabilize", "trước ngày 30/6/2025");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "`x` (phase stabilize) is due trước ngày 30/6/2025 (30/6 00:00), before the cutover 24 giờ 00 ngày 30/6/2025 (30/6 24:00)"
        );
    }

    #[test]
    fn trial_after_cutover_and_boundaries() {
        assert_eq!(findings("trial", "ngày 1/7/2025").len(), 1);
        assert!(findings("trial", "24:00 30/6/2025").is_empty());
        assert!(findings("cutover", "24:00 30/6/2025").is_empty());
        assert!(findings("followup", "24:00 30/6/2025").is_empty());
        assert!(findings("followup", "tháng 7/2025").is_empty());
    }
}
