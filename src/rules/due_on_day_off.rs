//! `due-on-day-off` (warning): a deadline names a day the lead's calendar
//! does not work — a weekend, a public holiday, a swapped day off — and the
//! message says when it falls in practice: the last working moment before
//! it ("15/6/2025 is a Sunday … in practice 17:00 on Friday 13/6/2025").
//!
//! Only where the plan gives the task a calendar with days off (its own, its
//! lead's, its system's or the plan's); the day is the one the deadline
//! names (`trước ngày 15/6` names 15/6, `ngày 21/6` and `30/4/2026` their
//! day, `24:00 30/6` the 30th). Months and quarters name no day.

use crate::calendar::{from_local, to_local};
use crate::diag::Finding;
use crate::model::Plan;
use crate::rules::Rule;
use crate::time::{Lang, TimeKind};
use chrono::{Datelike, NaiveDate, Timelike, Weekday};
use std::borrow::Cow;

/// The day of the week, in the current language.
fn weekday(d: NaiveDate) -> Cow<'static, str> {
    match d.weekday() {
        Weekday::Mon => crate::t!("rule.due-on-day-off.weekday.monday"),
        Weekday::Tue => crate::t!("rule.due-on-day-off.weekday.tuesday"),
        Weekday::Wed => crate::t!("rule.due-on-day-off.weekday.wednesday"),
        Weekday::Thu => crate::t!("rule.due-on-day-off.weekday.thursday"),
        Weekday::Fri => crate::t!("rule.due-on-day-off.weekday.friday"),
        Weekday::Sat => crate::t!("rule.due-on-day-off.weekday.saturday"),
        Weekday::Sun => crate::t!("rule.due-on-day-off.weekday.sunday"),
    }
}

/// The day a deadline names.
fn named_day(plan: &Plan, expr: &crate::time::TimeExpr) -> Option<NaiveDate> {
    let tz = plan.tz();
    match expr.kind {
        TimeKind::Before | TimeKind::Day | TimeKind::OnDay => expr.start_date(),
        // The minute before: `24:00 30/6` is on the 30th.
        TimeKind::At => Some(tz.local(crate::time::Instant(expr.due(tz).0 - 1)).date()),
        TimeKind::Month | TimeKind::Quarter => None,
    }
}

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let tz = plan.tz();
    let lang = plan.meta.lang;
    for (i, t) in plan.tasks.iter().enumerate() {
        let (Some(c), Some(td)) = (plan.calendar_of(t), t.due.as_ref()) else { continue };
        if c.is_all_hours() {
            continue;
        }
        let Some(day) = named_day(plan, &td.expr) else { continue };
        if c.is_working_day(day) {
            continue;
        }
        let dmy = |d: NaiveDate| format!("{}/{}/{}", d.day(), d.month(), d.year());
        // Holidays by the name the notices give them.
        let what = match c.day_off_name(day, &plan.holidays) {
            Some(h) => crate::t!("rule.due-on-day-off.holiday", name = if lang == Lang::Vi { &h.name_vi } else { &h.name_en }),
            None => crate::t!("rule.due-on-day-off.weekday-off", weekday = weekday(day)),
        };
        // The deadline's last working moment: before the named day begins
        // for `trước ngày`, by its end otherwise.
        let due = td.expr.due(tz);
        let practice = c.prev_working_end(to_local(tz, due)).map(|l| {
            let at = from_local(tz, l);
            let d = tz.local(at).date();
            let hm = tz.local(at);
            let time = format!("{:02}:{:02}", hm.hour(), hm.minute());
            crate::t!("rule.due-on-day-off.when", time = time, weekday = weekday(d), date = dmy(d))
        });
        // A one-day window on a day off has no working time at all.
        let window = td.expr.kind == TimeKind::OnDay;
        let tail = match (&practice, window) {
            (_, true) => crate::t!("rule.due-on-day-off.window"),
            (Some(p), false) => crate::t!("rule.due-on-day-off.in-practice", when = p),
            (None, false) => Cow::Borrowed(""),
        };
        let msg = crate::t!(
            "rule.due-on-day-off.message",
            task = t.id,
            due = plan.written(td),
            day = dmy(day),
            what = what,
            calendar = c.id,
            tail = tail
        );
        let help = match (&practice, window) {
            (_, true) => crate::t!("rule.due-on-day-off.help-window"),
            (Some(p), false) => crate::t!("rule.due-on-day-off.help-practice", when = p),
            (None, false) => crate::t!("rule.due-on-day-off.help-no-working-day"),
        };
        out.push(
            Finding::new(Rule::DueOnDayOff, Some(td.at.value), msg)
                .task(i as u32, &t.id)
                .label(crate::t!("rule.due-on-day-off.label"))
                .help(help)
                .for_units(t.is_unit(), plan.instance_count(t) as usize),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::plan;

    #[test]
    fn a_sunday_and_a_holiday() {
        let p = plan(
            "[[task]]\nid = \"codes\"\ntitle = \"C\"\nlead = \"a\"\ncalendar = \"hanh-chinh\"\ndue = \"trước ngày 15/6/2025\"\n\
             [[task]]\nid = \"may\"\ntitle = \"M\"\nlead = \"a\"\ncalendar = \"hanh-chinh\"\ndue = \"30/4/2026\"\n\
             [[task]]\nid = \"monday\"\ntitle = \"M\"\nlead = \"a\"\ncalendar = \"hanh-chinh\"\ndue = \"24 giờ 00 ngày 30/6/2025\"\n\
             [[task]]\nid = \"night\"\ntitle = \"N\"\nlead = \"a\"\ndue = \"trước ngày 15/6/2025\"\n",
        );
        let mut out = Vec::new();
        super::check(&p, &mut out);
        let msgs: Vec<&str> = out.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "`codes` is due trước ngày 15/6/2025, and 15/6/2025 is a Sunday of calendar `hanh-chinh`: in practice 17:00 on Friday 13/6/2025",
                "`may` is due 30/4/2026, and 30/4/2026 is a day off (Ngày Chiến thắng (30/4)) of calendar `hanh-chinh`: in practice 17:00 on Wednesday 29/4/2026",
            ]
        );
    }
}
