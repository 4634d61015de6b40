//! `deadline-order`: a task is due before one of its predecessors is due,
//! taking the lag into account — the plan lets the predecessor finish too
//! late for the task.
//!
//! For `fs` and `ff` dependencies the predecessor's due + lag must not pass
//! the task's due; for `ss`, the predecessor's latest start + lag must not
//! pass the task's latest start. Dues are the same for every unit, so a
//! finding on a unit task is reported once.

use crate::diag::Finding;
use crate::model::{DepKind, Plan};
use crate::rules::Rule;
use crate::time::{fmt_due, fmt_duration, fmt_like};

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let tz = plan.tz();
    let lang = plan.meta.lang;
    for (i, t) in plan.tasks.iter().enumerate() {
        let (Some(due), Some(td)) = (plan.due(t), t.due.as_ref()) else { continue };
        for d in &t.after {
            let p = plan.task(d.task);
            let (Some(pdue), Some(pd)) = (plan.due(p), p.due.as_ref()) else { continue };
            let (mine, theirs) = match d.kind {
                DepKind::Fs | DepKind::Ff => (due.0, pdue.0.saturating_add(d.lag)),
                DepKind::Ss => (due.0 - t.duration, (pdue.0 - p.duration).saturating_add(d.lag)),
            };
            if theirs <= mine {
                continue;
            }
            let lag = if d.lag != 0 { crate::t!("rule.deadline-order.lag", lag = fmt_duration(d.lag)) } else { "".into() };
            let kind = if d.kind == DepKind::Fs { String::new() } else { format!(" ({})", d.kind.name()) };
            let (due_at, pred_due_at) = (fmt_due(&td.expr, tz, lang), fmt_due(&pd.expr, tz, lang));
            let msg = crate::t!(
                "rule.deadline-order.message",
                task = t.id,
                due = plan.written(td),
                due_at = due_at,
                pred = p.id,
                kind = kind,
                lag = lag,
                pred_due = plan.written(pd),
                pred_due_at = pred_due_at
            );
            let help = crate::t!(
                "rule.deadline-order.help",
                task = t.id,
                when = fmt_like(&td.expr, crate::time::Instant(theirs + (due.0 - mine)), tz, lang),
                pred = p.id
            );
            let mut f = Finding::new(Rule::DeadlineOrder, Some(td.at.key), msg)
                .task(i as u32, &t.id)
                .label(crate::t!("rule.deadline-order.label", due_at = due_at))
                .help(help)
                .related(pd.at.key, crate::t!("rule.deadline-order.related-predecessor", pred = p.id, pred_due_at = pred_due_at))
                .related(d.span, crate::t!("rule.deadline-order.related-dependency"));
            f = f.for_units(t.is_unit() || p.is_unit(), plan.instance_count(t).max(plan.instance_count(p)) as usize);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    fn findings(body: &str) -> Vec<crate::diag::Finding> {
        crate::rules::testing::findings(super::check, body)
    }

    fn t(id: &str, due: &str, after: &str) -> String {
        format!("[[task]]\nid = \"{id}\"\ntitle = \"T\"\nlead = \"a\"\ndue = \"{due}\"\nafter = [{after}]\n")
    }

    #[test]
    fn due_before_predecessor() {
        let f = findings(
            &[t("lgsp.codes.notify", "trước ngày 22/6/2025", ""), t("lgsp.codes.upload", "trước ngày 20/6/2025", "\"lgsp.codes.notify\"")]
                .concat(),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "`lgsp.codes.upload` is due trước ngày 20/6/2025 (20/6 00:00) but waits for `lgsp.codes.notify`, due trước ngày 22/6/2025 (22/6 00:00)"
        );
        assert_eq!(f[0].subject.as_deref(), Some("lgsp.codes.upload"));
    }

    #[test]
    fn lag_counts_and_equal_dues_are_fine() {
        assert!(findings(&[t("a", "25/6/2025", ""), t("b", "25/6/2025", "\"a\"")].concat()).is_empty());
        let f = findings(&[t("a", "25/6/2025", ""), t("b", "25/6/2025", "{ task = \"a\", lag = \"1h\" }")].concat());
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("with a lag of 1h"), "{}", f[0].message);
    }
}
