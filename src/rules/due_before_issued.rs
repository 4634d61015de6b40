//! `due-before-issued` (warning): a task falls due on or before the day its
//! source document was issued — a duty the document could not have given in
//! time (document 004 asks for April's report "before the 20th" and has rows
//! due 30/4, in a letter written after 29/4).
//!
//! The day of issue, at the earliest: `[[source]] date` — its day when it
//! names one, the first day of the month (or quarter) when it names only
//! that — or, when the document's date is blank, the day after
//! `issued_after` (the date of a letter it answers). A task is reported when
//! its due falls at or before the end of that day.

use crate::diag::Finding;
use crate::model::{DocSource, Plan};
use crate::rules::Rule;
use crate::time::{Instant, TimeExpr, TimeKind};

/// The end of the earliest day the document can have been issued.
fn issued_by(src: &DocSource, plan: &Plan) -> Option<(Instant, String)> {
    let tz = plan.tz();
    let day = 24 * 60;
    if let Some(d) = &src.date {
        let e = TimeExpr::parse(d).ok()?;
        let end = match e.kind {
            TimeKind::Month | TimeKind::Quarter => Instant(e.not_before(tz)?.0 + day),
            TimeKind::Before => return None,
            _ => e.due(tz),
        };
        return Some((end, crate::t!("rule.due-before-issued.issued", date = d).into_owned()));
    }
    let after = src.issued_after.as_ref()?;
    let e = TimeExpr::parse(after).ok()?;
    Some((Instant(e.due(tz).0 + day), crate::t!("rule.due-before-issued.issued-after", date = after).into_owned()))
}

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let issued: Vec<Option<(Instant, String)>> = plan.sources.iter().map(|s| issued_by(s, plan)).collect();
    for (i, t) in plan.tasks.iter().enumerate() {
        let (Some((s, _)), Some(due), Some(td)) = (t.source(), t.at.due(), t.when()) else { continue };
        let Some((by, words)) = &issued[s.ix()] else { continue };
        if due > *by {
            continue;
        }
        let src = &plan.sources[s.ix()];
        out.push(
            Finding::new(
                Rule::DueBeforeIssued,
                Some(td.at.value),
                crate::t!("rule.due-before-issued.message", task = t.id, due = plan.written(td), source = src.id, issued = words),
            )
            .task(i as u32, &t.id)
            .label(crate::t!("rule.due-before-issued.label"))
            .help(crate::t!("rule.due-before-issued.help"))
            .for_units(t.is_unit(), plan.instance_count(t) as usize),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, task};

    fn src(extra: &str) -> String {
        format!("[[source]]\nid = \"cv\"\ntitle = \"CV\"\n{extra}\n")
    }

    #[test]
    fn a_duty_due_before_its_letter_is_reported() {
        // Issued after 29/4: the 20/4 report and the 30/4 row are due before it, 5/5 is not.
        let body = [
            src("issued_after = \"29/4/2026\""),
            task("april", "due = \"trước ngày 20/4/2026\"\nsource = \"cv 1\""),
            task("row", "due = \"30/04/2026\"\nsource = \"cv 2\""),
            task("may", "due = \"5/5/2026\"\nsource = \"cv 3\""),
        ]
        .concat();
        let f = findings(super::check, &body);
        assert_eq!(f.iter().map(|f| f.subject.as_deref().unwrap()).collect::<Vec<_>>(), ["april", "row"]);
        assert!(f[0].message.contains("was issued after 29/4/2026"), "{}", f[0].message);
        // A month: its first day at the earliest.
        let body = [src("date = \"tháng 6/2025\""), task("a", "due = \"trước ngày 15/6/2025\"\nsource = \"cv 1\"")].concat();
        assert!(findings(super::check, &body).is_empty());
        let body = [src("date = \"ngày 20/6/2025\""), task("a", "due = \"trước ngày 20/6/2025\"\nsource = \"cv 1\"")].concat();
        assert_eq!(findings(super::check, &body).len(), 1);
    }
}
