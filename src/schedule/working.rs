//! The schedule in working time: the same two passes as [`super`], where a
//! task's calendar (`Task::cal`) moves its start to working time, counts a
//! working-time duration or lag in working minutes and brings its latest
//! finish back to the last working moment before its deadline; and where
//! deadlines counted from an event are resolved from the predecessor's early
//! (or recorded) finish.
//!
//! A task on no calendar, or on one where every minute counts, is scheduled
//! exactly as [`super::compute_in_order`] does (a test says so). A calendar
//! with no working time where it is needed leaves the instance in
//! [`Schedule::stuck`] (the rule `no-working-time`), scheduled as if in
//! calendar time: never a hang.

use super::{Driver, Fixed, NONE_HIGH, NONE_LOW, Schedule};
use crate::calendar::{Calendar, from_local, to_local};
use crate::graph::InstanceGraph;
use crate::model::{DepKind, DurKind, Plan};
use crate::time::{Instant, PlanTz};

/// Instants this far from the epoch (about 130,000 years) are sentinels or
/// beyond the calendar's dates, not times: counted in calendar time.
const SANE: i64 = 1 << 36;

struct Clock<'a> {
    cals: Vec<Option<&'a Calendar>>,
    tz: PlanTz,
    /// The zone's offset in minutes when it is the same for years around
    /// the plan (Vietnam's has not changed since 1975): local time is then
    /// plain arithmetic, with no zone lookup per step.
    fixed: Option<i64>,
    stuck: bool,
}

impl Clock<'_> {
    /// The calendar `k`, unless every minute of it counts.
    fn cal(&self, k: u16) -> Option<&Calendar> {
        if k == 0 { None } else { self.cals[k as usize - 1] }
    }

    fn via(&mut self, k: u16, at: i64, f: impl Fn(&Calendar, i64) -> Option<i64>, plain: i64) -> i64 {
        let (tz, fixed) = (self.tz, self.fixed);
        let local = |at: i64| fixed.map_or_else(|| to_local(&tz, Instant(at)), |o| at + o);
        let back = |l: i64| fixed.map_or_else(|| from_local(&tz, l).0, |o| l - o);
        match self.cal(k) {
            Some(c) if at.abs() < SANE => match f(c, local(at)) {
                Some(l) => back(l),
                None => {
                    self.stuck = true;
                    plain
                }
            },
            _ => plain,
        }
    }

    /// `at` plus `span`, in working time when `work`.
    fn fwd(&mut self, k: u16, at: i64, span: i64, work: bool) -> i64 {
        if !work || span == 0 {
            return at.saturating_add(span);
        }
        self.via(k, at, |c, l| c.add(l, span), at.saturating_add(span))
    }

    /// `at` less `span`, in working time when `work`.
    fn back(&mut self, k: u16, at: i64, span: i64, work: bool) -> i64 {
        if !work || span == 0 {
            return at.saturating_sub(span);
        }
        self.via(k, at, |c, l| c.sub(l, span), at.saturating_sub(span))
    }

    /// The first working moment at or after `at`.
    fn start(&mut self, k: u16, at: i64) -> i64 {
        self.via(k, at, Calendar::next_working, at)
    }

    /// The last working moment at or before `at`.
    fn end(&mut self, k: u16, at: i64) -> i64 {
        self.via(k, at, Calendar::prev_working_end, at)
    }
}

pub(super) fn compute(plan: &Plan, g: &InstanceGraph, order: Vec<u32>, fixed: &[Fixed], start: Instant) -> Schedule {
    let n = g.len();
    let tz = *plan.tz();
    let off = |at: i64| tz.offset_at(Instant(at)).local_minus_utc() as i64 / 60;
    let year = 366 * 1440;
    let steady = (-10..=10).all(|y| off(start.0 + y * year / 2) == off(start.0)).then(|| off(start.0));
    let mut clock =
        Clock { cals: plan.calendars.iter().map(|c| (!c.is_all_hours()).then_some(c)).collect(), tz, fixed: steady, stuck: false };
    let tasks = &plan.tasks;
    let floor = |t: usize| tasks[t].at.not_before().max(tasks[t].at.window()).map_or(NONE_LOW, |i| i.0);
    let work = |t: usize| tasks[t].dur_kind != DurKind::Elapsed;
    // Work that a calendar places: not a moment (milestone), not pinned.
    let placed = |t: usize| tasks[t].duration > 0 && tasks[t].pin().is_none();
    let lagged = |clock: &mut Clock, k: u16, at: i64, lag: i64, kind: DurKind| -> i64 {
        if kind == DurKind::Elapsed || lag == 0 {
            at.saturating_add(lag)
        } else if lag > 0 {
            clock.fwd(k, at, lag, true)
        } else {
            clock.back(k, at, -lag, true)
        }
    };
    let mut stuck = Vec::new();

    let mut es = vec![0i64; n];
    let mut ef = vec![0i64; n];
    let mut driver = vec![Driver::PlanStart; n];
    for &v in &order {
        let vi = v as usize;
        let t = g.task_of[vi].ix();
        let task = &tasks[t];
        let (d, k, w) = (task.duration, task.cal, work(t));
        clock.stuck = false;
        let mut best = start.0;
        let mut why = Driver::PlanStart;
        if floor(t) > best {
            best = floor(t);
            why = Driver::Window;
        }
        let fx = fixed.get(vi).copied().unwrap_or_default();
        if let Some(f) = fx.start_floor {
            if f.0 > best {
                best = f.0;
                why = Driver::Actual;
            }
        }
        for (u, e) in g.preds(v) {
            let ui = u as usize;
            let c = match e.kind {
                DepKind::Fs => lagged(&mut clock, k, ef[ui], e.lag, e.lag_kind),
                DepKind::Ss => lagged(&mut clock, k, es[ui], e.lag, e.lag_kind),
                DepKind::Ff => {
                    let fin = lagged(&mut clock, k, ef[ui], e.lag, e.lag_kind);
                    clock.back(k, fin, d, w)
                }
            };
            if c > best || (c == best && !matches!(why, Driver::Pred(_))) {
                best = c;
                why = Driver::Pred(u);
            }
        }
        if placed(t) && fx.start.is_none() {
            best = clock.start(k, best);
        }
        if let Some(s) = fx.start {
            best = s.0;
            why = Driver::Actual;
        }
        es[vi] = best;
        ef[vi] = match fx.finish {
            Some(f) => {
                if fx.start.is_none() {
                    es[vi] = clock.back(k, f.0, d, w);
                    why = Driver::Actual;
                }
                f.0
            }
            None => {
                let ef = clock.fwd(k, best, d, w);
                match fx.finish_floor {
                    Some(f) if f.0 > ef => {
                        why = Driver::Actual;
                        f.0
                    }
                    _ => ef,
                }
            }
        };
        driver[vi] = why;
        if clock.stuck {
            stuck.push(v);
        }
    }
    let finish = order.iter().map(|&v| ef[v as usize]).max().unwrap_or(start.0);

    // Deadlines counted from an event: the event's instance among the preds.
    let rel = tasks.iter().any(|t| t.due_after().is_some());
    let mut dues = if rel { vec![NONE_HIGH; n] } else { Vec::new() };
    let mut lf = vec![0i64; n];
    let mut ls = vec![0i64; n];
    let mut free = vec![0i64; n];
    for &v in order.iter().rev() {
        let vi = v as usize;
        let t = g.task_of[vi].ix();
        let task = &tasks[t];
        let (d, k, w) = (task.duration, task.cal, work(t));
        clock.stuck = false;
        let mut due = task.at.due().map_or(NONE_HIGH, |i| i.0);
        if let Some(r) = task.due_after() {
            let event = g.preds(v).filter(|(u, _)| g.task_of[*u as usize] == r.task).map(|(u, _)| ef[u as usize]).max();
            if let Some(at) = event {
                let mut by = clock.fwd(k, at, r.within, r.kind != DurKind::Elapsed);
                if let Some(or) = &r.or {
                    by = by.max(or.expr.due(plan.tz()).0);
                }
                due = due.min(by);
            }
            dues[vi] = due;
        }
        let mut best = due;
        let mut has_succ = false;
        let mut fs = due.saturating_sub(ef[vi]);
        for (x, e) in g.succs(v) {
            has_succ = true;
            let xi = x as usize;
            let kx = tasks[g.task_of[xi].ix()].cal;
            let c = match e.kind {
                DepKind::Fs => lagged(&mut clock, kx, ls[xi], -e.lag, e.lag_kind),
                DepKind::Ss => {
                    let latest_start = lagged(&mut clock, kx, ls[xi], -e.lag, e.lag_kind);
                    clock.fwd(k, latest_start, d, w)
                }
                DepKind::Ff => lagged(&mut clock, kx, lf[xi], -e.lag, e.lag_kind),
            };
            best = best.min(c);
            let room = match e.kind {
                DepKind::Fs => es[xi].saturating_sub(lagged(&mut clock, kx, ef[vi], e.lag, e.lag_kind)),
                DepKind::Ss => es[xi].saturating_sub(lagged(&mut clock, kx, es[vi], e.lag, e.lag_kind)),
                DepKind::Ff => ef[xi].saturating_sub(lagged(&mut clock, kx, ef[vi], e.lag, e.lag_kind)),
            };
            fs = fs.min(room);
        }
        if best >= NONE_HIGH && !has_succ {
            best = finish;
        } else if best >= NONE_HIGH {
            best = finish.max(ef[vi]);
        } else if placed(t) {
            best = clock.end(k, best);
        }
        lf[vi] = best;
        ls[vi] = clock.back(k, best, d, w);
        free[vi] = if has_succ { fs } else { fs.min(best.saturating_sub(ef[vi])) };
        if clock.stuck {
            stuck.push(v);
        }
    }
    stuck.sort_unstable();
    stuck.dedup();
    Schedule { order, es, ef, lf, free, driver, finish: Instant(finish), start, due: rel.then_some(dues), stuck }
}

#[cfg(test)]
mod tests {
    use crate::graph::InstanceGraph;
    use crate::load::{LoadOptions, load_bytes};
    use crate::model::Plan;
    use crate::schedule::compute;
    use crate::time::Instant;
    use std::collections::HashMap;
    use std::path::Path;

    const HEAD: &str = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-02\"\ncutover = \"24:00 30/6/2025\"\ntimezone = \"+07:00\"\n";

    fn plan(body: &str) -> Plan {
        let l = load_bytes(Path::new("p.toml"), format!("{HEAD}{body}").into_bytes(), &LoadOptions::default());
        assert!(l.findings.iter().all(|f| !f.is_error()), "{:?}", l.findings);
        assert!(l.unresolved.is_empty(), "{:?}", l.unresolved);
        l.plan
    }

    /// (es, ef, lf) in local time by instance name.
    fn sched(p: &Plan) -> HashMap<String, (String, String, String)> {
        let g = InstanceGraph::build(p);
        let s = compute(p, &g).unwrap();
        assert!(s.stuck.is_empty());
        let f = |i: i64| p.tz().local(Instant(i)).format("%a %d/%m %H:%M").to_string();
        (0..g.len() as u32).map(|i| (g.name(p, i), (f(s.es[i as usize]), f(s.ef[i as usize]), f(s.lf[i as usize])))).collect()
    }

    fn task(id: &str, lead: &str, extra: &str) -> String {
        format!("[[task]]\nid = \"{id}\"\ntitle = \"{id}\"\nlead = \"{lead}\"\n{extra}\n")
    }

    const ORGS: &str = "[org.so]\nname = \"Sở\"\ncalendar = \"hanh-chinh\"\n[org.vnpt]\nname = \"VNPT\"\ncalendar = \"24/7\"\n";

    #[test]
    fn three_working_days_from_friday_four_pm() {
        // The example: may start 16:00 Friday 13/6/2025, 3 working days → 16:00 Wednesday 18/6.
        let p = plan(&format!("{ORGS}{}", task("a", "so", "not_before = \"16h00 ngày 13/6/2025\"\nduration = \"3 ngày làm việc\"")));
        let s = sched(&p);
        assert_eq!(s["a"].0, "Fri 13/06 16:00");
        assert_eq!(s["a"].1, "Wed 18/06 16:00");
    }

    #[test]
    fn office_work_waits_for_monday_and_around_the_clock_does_not() {
        let p = plan(&format!(
            "{ORGS}{}{}{}",
            task("dc", "vnpt", "not_before = \"20h00 ngày 13/6/2025\"\nduration = \"4wh\""),
            task("office", "so", "after = [\"dc\"]\nduration = \"4wh\"\ndue = \"trước ngày 17/6/2025\""),
            task("m", "so", "after = [\"office\"]\ndue = \"trước ngày 17/6/2025\""),
        ));
        let s = sched(&p);
        // VNPT works through Friday night; the office starts Monday 7:30,
        // 4 working hours: 7:30–11:30.
        assert_eq!((s["dc"].0.as_str(), s["dc"].1.as_str()), ("Fri 13/06 20:00", "Sat 14/06 00:00"));
        assert_eq!((s["office"].0.as_str(), s["office"].1.as_str()), ("Mon 16/06 07:30", "Mon 16/06 11:30"));
        // A milestone is a moment: it follows at once.
        assert_eq!(s["m"].0, "Mon 16/06 11:30");
        // Before 17/6 begins: the office's last working moment is 17:00 on 16/6.
        assert_eq!(s["office"].2, "Mon 16/06 17:00");
        // The 24/7 task must end when the office must start: 4 working
        // hours before 17:00 Monday is 11:00 (13:30–17:00, then 11:00–11:30).
        assert_eq!(s["dc"].2, "Mon 16/06 11:00");
    }

    #[test]
    fn backward_pass_crosses_national_day() {
        // Due before 4/9/2025: 2 working days end by 17:00 Wed 3/9 and start
        // 7:30 Fri 29/8 (1–2/9 off, 30–31/8 the weekend).
        let p = plan(&format!("{ORGS}{}", task("a", "so", "duration = \"2wd\"\ndue = \"trước ngày 4/9/2025\"")));
        let g = InstanceGraph::build(&p);
        let s = compute(&p, &g).unwrap();
        let f = |i: i64| p.tz().local(Instant(i)).format("%a %d/%m %H:%M").to_string();
        assert_eq!(f(s.lf[0]), "Wed 03/09 17:00");
        let ls = crate::calendar::Calendar::office("x")
            .sub(crate::calendar::to_local(p.tz(), Instant(s.lf[0])), 900)
            .map(|l| crate::calendar::local_datetime(l).format("%a %d/%m %H:%M").to_string());
        assert_eq!(ls.as_deref(), Some("Fri 29/08 07:30"));
    }

    #[test]
    fn a_make_up_saturday_is_worked() {
        // Saturday 10/1/2026 is worked (for Friday 2/1): 1 working day from 17:00 Friday 9/1 ends 17:00 Saturday 10/1.
        let p = plan(&format!("{ORGS}{}", task("a", "so", "not_before = \"17h00 ngày 9/1/2026\"\nduration = \"1wd\"")));
        let s = sched(&p);
        assert_eq!(s["a"].1, "Sat 10/01 17:00");
    }

    #[test]
    fn deadline_counted_from_an_event() {
        let p = plan(&format!(
            "{ORGS}{}{}",
            task("decision", "so", "not_before = \"10h00 ngày 20/6/2025\"\nduration = \"2wh\""),
            task("codes", "so", "due = \"trong 2 ngày làm việc kể từ khi decision\"\nduration = \"1wh\""),
        ));
        let s = sched(&p);
        // The decision works 10:00–11:30 and 13:30–14:00 on Friday 20/6;
        // two working days later is 14:00 on Tuesday 24/6.
        assert_eq!(s["decision"].1, "Fri 20/06 14:00");
        assert_eq!(s["codes"].2, "Tue 24/06 14:00");
        // The implied dependency: codes starts after the decision.
        assert_eq!(s["codes"].0, "Fri 20/06 14:00");
    }

    #[test]
    fn deadline_or_a_date_whichever_is_later() {
        let p = plan(&format!(
            "{ORGS}{}{}",
            task("decision", "so", "not_before = \"ngày 16/6/2025\""),
            task("x", "so", "due = { after = \"decision\", within = \"1wd\", or = \"ngày 22/6/2025\" }"),
        ));
        let g = InstanceGraph::build(&p);
        let s = compute(&p, &g).unwrap();
        let x = g.instance(p.task_by_id("x").unwrap(), None);
        let due = s.due_of(&p, p.task(p.task_by_id("x").unwrap()), x).unwrap();
        assert_eq!(p.tz().local(due).format("%d/%m %H:%M").to_string(), "23/06 00:00");
    }

    #[test]
    fn all_hours_calendar_gives_the_calendar_time_schedule() {
        let body = [
            task("a", "o", "duration = \"1d\""),
            task("b", "o", "duration = \"4h\"\nafter = [{ task = \"a\", lag = \"2h\" }]"),
            task("c", "o", "duration = \"1h\"\nafter = [{ task = \"b\", lag = \"-3h\", type = \"ff\" }]\ndue = \"2025-06-03T12:00\""),
            task("d", "o", "duration = \"3h\"\nafter = [{ task = \"a\", type = \"ss\", lag = \"1h\" }]\nnot_before = \"ngày 2/6/2025\""),
        ]
        .concat();
        let plain = plan(&format!("[org.o]\nname = \"O\"\n{body}"));
        let cal = plan(&format!("[org.o]\nname = \"O\"\ncalendar = \"all\"\n[calendar.all]\nhours = \"24/7\"\n{body}"));
        assert!(!cal.calendars.is_empty());
        let (g1, g2) = (InstanceGraph::build(&plain), InstanceGraph::build(&cal));
        let (s1, s2) = (compute(&plain, &g1).unwrap(), compute(&cal, &g2).unwrap());
        assert_eq!((s1.es, s1.ef, s1.lf, s1.free), (s2.es, s2.ef, s2.lf, s2.free));
    }
}
