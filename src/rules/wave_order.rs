//! `wave-order` (warning): tasks of one group roll out in waves — `leaders`,
//! then `heads`, then `staff` — and a later wave is due before an earlier one.
//!
//! A group is the task id without its last part: `email.accounts.heads` is in
//! group `email.accounts`. Other wave labels are free-form and not ordered.

use crate::diag::Finding;
use crate::model::Plan;
use crate::rules::Rule;
use crate::time::fmt_due;
use std::collections::HashMap;

const WAVES: [&str; 3] = ["leaders", "heads", "staff"];

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let tz = plan.tz();
    let lang = plan.meta.lang;
    let mut groups: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (i, t) in plan.tasks.iter().enumerate() {
        let Some(w) = t.wave().and_then(|w| WAVES.iter().position(|x| *x == w)) else { continue };
        if t.due.is_none() {
            continue;
        }
        let group = t.id.rsplit_once('.').map_or("", |(g, _)| g);
        groups.entry(group).or_default().push((w, i));
    }
    let mut keys: Vec<_> = groups.keys().copied().collect();
    keys.sort_unstable();
    for g in keys {
        let members = &groups[g];
        for &(wl, l) in members {
            for &(we, e) in members {
                let (late, early) = (&plan.tasks[l], &plan.tasks[e]);
                let (Some(dl), Some(de)) = (plan.due(late), plan.due(early)) else { continue };
                if we >= wl || dl >= de {
                    continue;
                }
                let (tl, te) = (late.due.as_ref().expect("due"), early.due.as_ref().expect("due"));
                let msg = crate::t!(
                    "rule.wave-order.message",
                    task = late.id,
                    wave = WAVES[wl],
                    due = plan.written(tl),
                    due_at = fmt_due(&tl.expr, tz, lang),
                    other = early.id,
                    other_wave = WAVES[we],
                    other_due = plan.written(te),
                    other_due_at = fmt_due(&te.expr, tz, lang)
                );
                let mut f = Finding::new(Rule::WaveOrder, Some(tl.at.key), msg)
                    .task(l as u32, &late.id)
                    .label(crate::t!("rule.wave-order.label", wave = WAVES[wl]))
                    .help(crate::t!("rule.wave-order.help"))
                    .related(te.at.key, crate::t!("rule.wave-order.related", wave = WAVES[we]));
                f = f.for_units(late.is_unit(), plan.instance_count(late) as usize);
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn findings(body: &str) -> Vec<crate::diag::Finding> {
        crate::rules::testing::findings(super::check, body)
    }

    fn t(id: &str, wave: &str, due: &str) -> String {
        format!("[[task]]\nid = \"{id}\"\ntitle = \"T\"\nlead = \"a\"\nwave = \"{wave}\"\ndue = \"{due}\"\n")
    }

    #[test]
    fn waves_in_order_are_fine_and_swaps_are_reported() {
        assert!(
            findings(
                &[
                    t("e.a.leaders", "leaders", "ngày 21/6/2025"),
                    t("e.a.heads", "heads", "ngày 22/6/2025"),
                    t("e.a.staff", "staff", "ngày 23/6/2025")
                ]
                .concat()
            )
            .is_empty()
        );
        let f = findings(
            &[
                t("e.a.leaders", "leaders", "ngày 22/6/2025"),
                t("e.a.heads", "heads", "ngày 21/6/2025"),
                t("q.b.staff", "staff", "ngày 1/6/2025"),
            ]
            .concat(),
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].subject.as_deref(), Some("e.a.heads"));
    }
}
