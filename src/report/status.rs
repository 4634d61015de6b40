//! `cutover status`: the night at a glance (text, bars on a terminal) or JSON.

use crate::graph::InstanceGraph;
use crate::model::Plan;
use crate::night::{Summary, countdown};
use crate::report::critical::signed;
use crate::text::visible_line;
use crate::time::{Lang, fmt_instant};
use serde_json::{Value, json};

fn bar(done: u32, total: u32, width: usize, fancy: bool) -> String {
    let filled = if total == 0 { 0 } else { (done as usize * width) / total as usize };
    if fancy {
        format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
    } else {
        format!("[{}{}]", "#".repeat(filled), ".".repeat(width - filled))
    }
}

/// The status screen. `fancy`: a terminal (block bars). Every text from the
/// plan or the status log (names, block reasons) goes through
/// [`visible_line`]: an escape sequence or a line break in it shows as text.
pub fn text(plan: &Plan, g: &InstanceGraph, s: &Summary, lang: Lang, fancy: bool, max_units: usize) -> String {
    let tz = plan.tz();
    let loc = crate::i18n::code(lang);
    // The words of the rows, looked up once: a national plan lists thousands.
    let other = crate::t!("status.other", locale = loc);
    let overdue_word = crate::t!("status.overdue-word", locale = loc);
    let due_word = crate::t!("status.due-word", locale = loc);
    let when = |at| fmt_instant(at, tz, lang, false);
    let mut out = String::new();
    let pct = if s.total == 0 { 100 } else { s.done * 100 / s.total };
    out.push_str(&crate::t!("status.heading", locale = loc, now = when(s.now), done = s.done, total = s.total, pct = pct));
    out.push('\n');
    if let Some(c) = s.cutover {
        out.push_str(&crate::t!(
            "status.cutover",
            locale = loc,
            at = fmt_instant(c, tz, lang, true),
            countdown = crate::night::countdown_in(lang, s.now, c)
        ));
        out.push('\n');
    }
    if let (Some(f), Some(m)) = (s.forecast_finish, s.margin()) {
        out.push_str(&crate::t!("status.forecast", locale = loc, at = fmt_instant(f, tz, lang, true), margin = signed(m)));
        out.push('\n');
    } else if !s.unknown_because.is_empty() {
        let tasks = folded(plan, g, &s.unknown_because).iter().map(|n| visible_line(n).into_owned()).collect::<Vec<_>>().join(", ");
        out.push_str(&crate::t!("status.forecast-unknown", locale = loc, tasks = tasks));
        out.push('\n');
    }
    // The forecast counts each task's working time where the plan says how offices work.
    if let Some(w) = plan.working_time_line(lang) {
        out.push_str(&visible_line(&w));
        out.push('\n');
    }
    out.push_str(&format!("\n{}\n", crate::t!("status.by-system", locale = loc)));
    for c in &s.systems {
        let name = c.key.map_or(other.to_string(), |k| visible_line(&plan.systems[k.ix()].id).into_owned());
        out.push_str(&format!(
            "  {name:<10} {} {:>5}/{:<5} {}\n",
            bar(c.done, c.total, 20, fancy),
            c.done,
            c.total,
            if c.overdue > 0 { format!("({} {overdue_word})", c.overdue) } else { String::new() }
        ));
    }
    if !s.units.is_empty() {
        out.push_str(&format!("\n{}\n", crate::t!("status.units-behind", locale = loc)));
        for c in s.units.iter().take(max_units) {
            let u = plan.unit(c.key);
            out.push_str(&format!(
                "  {:<12} {} {:>3}/{:<3} {:<28} {}\n",
                visible_line(&u.id),
                bar(c.done, c.total, 20, fancy),
                c.done,
                c.total,
                visible_line(&u.name),
                if c.overdue > 0 { format!("({} {overdue_word})", c.overdue) } else { String::new() }
            ));
        }
        if s.units.len() > max_units {
            out.push_str(&format!("  {}\n", crate::t!("status.more-units", locale = loc, n = s.units.len() - max_units)));
        }
    }
    let list = |out: &mut String, title: &str, rows: Vec<String>| {
        out.push_str(&format!("\n{title} ({})\n", rows.len()));
        for r in rows.iter().take(20) {
            out.push_str(&format!("  {r}\n"));
        }
        if rows.len() > 20 {
            out.push_str(&format!("  … {}\n", rows.len() - 20));
        }
    };
    // Overdue and at-risk instances, folded by task: `email.list ×95`.
    let due_of = |i: u32| {
        let t = plan.task(g.task_of[i as usize]);
        t.pin().or(t.due.as_ref()).map(|d| d.expr.display(lang, tz)).unwrap_or_default()
    };
    let fold = |insts: Vec<u32>| {
        folded_rows(plan, g, &insts).into_iter().map(|(name, i)| (visible_line(&name).into_owned(), i)).collect::<Vec<_>>()
    };
    list(
        &mut out,
        &crate::t!("status.overdue", locale = loc),
        fold(s.overdue.iter().map(|l| l.instance).collect())
            .into_iter()
            .map(|(name, i)| format!("{name:<32} {due_word} {}", due_of(i)))
            .collect(),
    );
    let since_word = crate::t!("status.since-word", locale = loc);
    list(
        &mut out,
        &crate::t!("status.blocked", locale = loc),
        s.blocked
            .iter()
            .map(|b| {
                format!(
                    "{:<32} {since_word} {} ({}): {}",
                    visible_line(&g.name(plan, b.instance)),
                    when(b.since),
                    crate::time::fmt_duration(s.now.0 - b.since.0),
                    visible_line(&b.reason)
                )
            })
            .collect(),
    );
    let forecast_of = |i: u32| {
        s.at_risk.iter().find(|l| l.instance == i).and_then(|l| l.forecast).map(|f| fmt_instant(f, tz, lang, true)).unwrap_or_default()
    };
    // Overdue work is listed above: here, what is not late yet but will be.
    let forecast_word = crate::t!("status.forecast-word", locale = loc);
    list(
        &mut out,
        &crate::t!("status.at-risk", locale = loc),
        fold(s.at_risk.iter().filter(|l| l.due > s.now).map(|l| l.instance).collect())
            .into_iter()
            .map(|(name, i)| format!("{name:<32} {forecast_word} {} > {due_word} {}", forecast_of(i), due_of(i)))
            .collect(),
    );
    if !s.gates.is_empty() {
        list(&mut out, &crate::t!("status.gates", locale = loc), gate_rows(plan, g, s, lang));
    }
    if !s.backout.gauges.is_empty() {
        out.push_str(&backout_text(plan, s, lang, &other));
    }
    out
}

/// One line per gate instance: pending (who is still to decide), passed
/// (when), refused (by whom and why).
fn gate_rows(plan: &Plan, g: &InstanceGraph, s: &Summary, lang: Lang) -> Vec<String> {
    let tz = plan.tz();
    let loc = crate::i18n::code(lang);
    let (passed, refused_by, pending, go) = (
        crate::t!("status.gate.passed", locale = loc),
        crate::t!("status.gate.refused-by", locale = loc),
        crate::t!("status.gate.pending", locale = loc),
        crate::t!("status.gate.go", locale = loc),
    );
    let ids = |os: &[crate::model::OrgIx]| os.iter().map(|&o| plan.org(o).id.clone()).collect::<Vec<_>>().join(", ");
    s.gates
        .iter()
        .map(|st| {
            let name = visible_line(&g.name(plan, st.instance)).into_owned();
            let state = if let Some(at) = st.passed {
                format!("{passed} {} ({}/{})", fmt_instant(at, tz, lang, false), st.go.len(), st.needed)
            } else if st.refused() {
                let (o, at, _, reason) = &st.no_go[0];
                format!("{refused_by} {} {}: {}", plan.org(*o).id, fmt_instant(*at, tz, lang, false), visible_line(reason))
            } else {
                let gone: Vec<_> = st.go.iter().map(|g| g.0).collect();
                format!(
                    "{pending} {} ({}/{} {go}{})",
                    ids(&st.pending),
                    st.go.len(),
                    st.needed,
                    if gone.is_empty() { String::new() } else { format!(": {}", ids(&gone)) }
                )
            };
            format!("{name:<32} {state}")
        })
        .collect()
}

/// The backout gauge: BN and BW per system against the window's end.
/// `other`: the name of the steps of no system.
fn backout_text(plan: &Plan, s: &Summary, lang: Lang, other: &str) -> String {
    use crate::night::backout::Offer;
    let tz = plan.tz();
    let loc = crate::i18n::code(lang);
    let b = &s.backout;
    let mut out = format!("\n{}", crate::t!("status.backout.title", locale = loc));
    match b.window_end {
        Some(end) => {
            out.push_str(" — ");
            out.push_str(&crate::t!("status.backout.window-ends", locale = loc, at = fmt_instant(end, tz, lang, true)));
            if let Some(w) = b.warning {
                out.push_str(", ");
                out.push_str(&crate::t!("status.backout.warning", locale = loc, before = crate::time::fmt_duration(w)));
            }
            if let Some(c) = b.colour() {
                out.push_str(&format!(": {}", c.word(lang).to_uppercase()));
            }
        }
        None => {
            out.push_str(" — ");
            out.push_str(&crate::t!("status.backout.no-window", locale = loc));
        }
    }
    out.push('\n');
    for gauge in &b.gauges {
        let name = gauge.system.map_or(other.to_string(), |k| visible_line(&plan.systems[k.ix()].id).into_owned());
        let when = |at| fmt_instant(at, tz, lang, false);
        let state = match &gauge.offer {
            Offer::Closed { task, at } => {
                crate::t!("status.backout.closed", locale = loc, task = plan.task(*task).id, at = when(*at)).into_owned()
            }
            Offer::Underway { done, total } => crate::t!("status.backout.underway", locale = loc, done = done, total = total).into_owned(),
            Offer::Open => format!(
                "BN {}  BW {}  ({}){}",
                when(gauge.now_finish),
                when(gauge.worst_finish),
                crate::time::fmt_duration(gauge.duration),
                gauge.colour.map(|c| format!("  {}", c.word(lang))).unwrap_or_default()
            ),
        };
        out.push_str(&format!("  {name:<10} {state}\n"));
    }
    out
}

/// The JSON form of `cutover status`.
pub fn json(plan: &Plan, g: &InstanceGraph, s: &Summary) -> Value {
    let tz = plan.tz();
    let t = |at: crate::time::Instant| tz.rfc3339(at);
    json!({
        "now": t(s.now),
        "cutover": s.cutover.map(t),
        "countdown": s.cutover.map(|c| countdown(s.now, c)),
        "done": s.done,
        "total": s.total,
        "overdue": s.overdue.iter().map(|l| json!({"task": g.name(plan, l.instance), "due": t(l.due)})).collect::<Vec<_>>(),
        "blocked": s.blocked.iter().map(|b| {
            let mut o = json!({"task": g.name(plan, b.instance), "since": t(b.since), "reason": b.reason});
            if let Some(u) = b.until {
                o["until"] = json!(t(u));
            }
            o
        }).collect::<Vec<_>>(),
        "at_risk": s.at_risk.iter().map(|l| json!({"task": g.name(plan, l.instance), "due": t(l.due), "forecast_finish": l.forecast.map(t)})).collect::<Vec<_>>(),
        "forecast_finish": s.forecast_finish.map(t),
        "margin_minutes": s.margin(),
        "forecast_unknown_because": s.unknown_because.iter().map(|&i| g.name(plan, i)).collect::<Vec<_>>(),
        "systems": s.systems.iter().map(|c| json!({"system": c.key.map(|k| plan.systems[k.ix()].id.clone()), "done": c.done, "total": c.total, "overdue": c.overdue})).collect::<Vec<_>>(),
        "units": s.units.iter().map(|c| json!({"unit": plan.unit(c.key).id, "done": c.done, "total": c.total, "overdue": c.overdue})).collect::<Vec<_>>(),
        "gates": s.gates.iter().map(|st| {
            let org = |o: crate::model::OrgIx| plan.org(o).id.clone();
            json!({
                "gate": g.name(plan, st.instance),
                "state": if st.passed.is_some() { "passed" } else if st.refused() { "refused" } else { "pending" },
                "needed": st.needed,
                "approvers": plan.task(g.task_of[st.instance as usize]).gate().map(|gt| gt.approvers.iter().map(|&o| org(o)).collect::<Vec<_>>()).unwrap_or_default(),
                "passed_at": st.passed.map(t),
                "go": st.go.iter().map(|(o, at, by)| json!({"org": org(*o), "at": t(*at), "by": by})).collect::<Vec<_>>(),
                "no_go": st.no_go.iter().map(|(o, at, by, reason)| json!({"org": org(*o), "at": t(*at), "by": by, "reason": reason})).collect::<Vec<_>>(),
                "pending": st.pending.iter().map(|&o| org(o)).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "backout": {
            "window_end": s.backout.window_end.map(t),
            "warning_minutes": s.backout.warning,
            "colour": s.backout.colour().map(|c| c.as_str()),
            "systems": s.backout.gauges.iter().map(|gauge| {
                use crate::night::backout::Offer;
                json!({
                    "system": gauge.system.map(|k| plan.systems[k.ix()].id.clone()),
                    "steps": gauge.steps.iter().map(|&st| plan.task(st).id.clone()).collect::<Vec<_>>(),
                    "duration_minutes": gauge.duration,
                    "implementation_end": gauge.implementation.map(t),
                    "backout_now_finish": t(gauge.now_finish),
                    "backout_worst_finish": t(gauge.worst_finish),
                    "colour": gauge.colour.map(|c| c.as_str()),
                    "offered": match &gauge.offer { Offer::Open => "open", Offer::Underway { .. } => "underway", Offer::Closed { .. } => "closed" },
                    "point_of_no_return": match &gauge.offer { Offer::Closed { task, at } => json!({"task": plan.task(*task).id, "at": t(*at)}), _ => Value::Null },
                })
            }).collect::<Vec<_>>(),
        },
    })
}

/// Folds instance names by task: `email.list ×95`, or `email.list@camthanh`.
pub fn folded(plan: &Plan, g: &InstanceGraph, insts: &[u32]) -> Vec<String> {
    folded_rows(plan, g, insts).into_iter().map(|(name, _)| name).collect()
}

/// The same, each name with the first instance it stands for.
fn folded_rows(plan: &Plan, g: &InstanceGraph, insts: &[u32]) -> Vec<(String, u32)> {
    let mut out: Vec<(crate::model::TaskIx, Vec<u32>)> = Vec::new();
    for &i in insts {
        let t = g.task_of[i as usize];
        match out.iter_mut().find(|(k, _)| *k == t) {
            Some((_, v)) => v.push(i),
            None => out.push((t, vec![i])),
        }
    }
    out.into_iter()
        .map(|(t, v)| (if v.len() == 1 { g.name(plan, v[0]) } else { format!("{} ×{}", plan.task(t).id, v.len()) }, v[0]))
        .collect()
}

/// `cutover next` for people: one table per section (overdue, must start
/// now, must start but waits, due soon, startable with `--all`, blocked),
/// each row a task with its instances folded, its title and lead.
pub fn next_table(plan: &Plan, g: &InstanceGraph, rows: &[crate::night::Next], lang: Lang, width: Option<u16>) -> String {
    use crate::night::Section;
    let tz = plan.tz();
    let loc = crate::i18n::code(lang);
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str(&crate::t!("status.next.nothing", locale = loc));
        out.push('\n');
        return out;
    }
    let heading = |s: Section| match s {
        Section::Overdue => crate::t!("status.next.section.overdue", locale = loc),
        Section::StartNow => crate::t!("status.next.section.start-now", locale = loc),
        Section::Waits => crate::t!("status.next.section.waits", locale = loc),
        Section::DueSoon => crate::t!("status.next.section.due-soon", locale = loc),
        Section::Startable => crate::t!("status.next.section.startable", locale = loc),
        Section::Blocked => crate::t!("status.next.section.blocked", locale = loc),
    };
    let cols = [
        crate::t!("status.next.col.task", locale = loc),
        crate::t!("status.next.col.title", locale = loc),
        crate::t!("status.next.col.lead", locale = loc),
        crate::t!("status.next.col.due", locale = loc),
    ];
    let (since, reason) = (crate::t!("status.next.col.since", locale = loc), crate::t!("status.next.col.reason", locale = loc));
    let (latest_start, waits_for) =
        (crate::t!("status.next.col.latest-start", locale = loc), crate::t!("status.next.col.waits-for", locale = loc));
    // `until %{at}`: filled in per row.
    let until = crate::t!("status.next.until", locale = loc);
    let mut at = 0;
    while at < rows.len() {
        let section = rows[at].section;
        let end = rows[at..].iter().position(|r| r.section != section).map_or(rows.len(), |k| at + k);
        out.push_str(&format!("{} ({})\n", heading(section), end - at));
        let mut t = super::new_table(width);
        let (when, last) = match section {
            Section::Blocked => (&since, &reason),
            _ => (&latest_start, &waits_for),
        };
        t.set_header(cols.iter().chain([when, last]).map(|c| c.as_ref()));
        for r in &rows[at..end] {
            let task = plan.task(r.task);
            let unit = if r.instances.len() == 1 { g.unit_of(r.instances[0]) } else { None };
            let lead: Vec<String> = task.lead.iter().map(|o| crate::checklist::org_display(plan, *o, unit, lang)).collect();
            let title: String = {
                let t = visible_line(&task.title);
                if t.chars().count() > 48 { format!("{}…", t.chars().take(47).collect::<String>()) } else { t.into_owned() }
            };
            let due = match (task.pin(), &task.due) {
                (Some(p), _) => p.expr.display(lang, tz),
                (None, Some(d)) => d.expr.display(lang, tz),
                (None, None) => "—".into(),
            };
            let (when, last) = match &r.blocked {
                Some((since, reason)) => (
                    format!(
                        "{} ({})",
                        fmt_instant(*since, tz, lang, false),
                        crate::time::fmt_duration(r.may_start.0.max(since.0) - since.0)
                    ),
                    visible_line(reason).into_owned(),
                ),
                None => {
                    let mut waits = visible_line(&folded(plan, g, &r.waits_for).join(", ")).into_owned();
                    // Nothing left to wait for but its own start (a pin, a not-before).
                    if waits.is_empty() && section == Section::Waits {
                        waits = until.replace("%{at}", &fmt_instant(r.may_start, tz, lang, false));
                    }
                    (r.latest_start.map(|l| fmt_instant(l, tz, lang, false)).unwrap_or_else(|| "—".into()), waits)
                }
            };
            // A folded row names the units it stands for (the first few).
            let mut name = folded(plan, g, &r.instances).join(", ");
            if r.instances.len() > 1 && task.is_unit() {
                let units: Vec<&str> = r.instances.iter().filter_map(|&i| g.unit_of(i)).take(4).map(|u| plan.unit(u).id.as_str()).collect();
                let more = if r.instances.len() > 4 { ", …" } else { "" };
                name.push_str(&format!(" ({}{more})", units.join(", ")));
            }
            t.add_row(vec![visible_line(&name).into_owned(), title, visible_line(&lead.join(", ")).into_owned(), due, when, last]);
        }
        out.push_str(&t.to_string());
        out.push_str("\n\n");
        at = end;
    }
    out.truncate(out.trim_end().len());
    out
}

/// `cutover next` as JSON: every row with its section.
pub fn next_json(
    plan: &Plan,
    g: &InstanceGraph,
    rows: &[crate::night::Next],
    now: crate::time::Instant,
    until: crate::time::Instant,
) -> Value {
    let tz = plan.tz();
    json!({
        "now": tz.rfc3339(now),
        "until": tz.rfc3339(until),
        "items": rows.iter().map(|r| {
            let task = plan.task(r.task);
            let mut o = json!({
                "section": r.section.as_str(),
                "task": task.id,
                "title": task.title,
                "instances": r.instances.iter().map(|&i| g.name(plan, i)).collect::<Vec<_>>(),
                "due": r.due.map(|d| tz.rfc3339(d)),
                "may_start": tz.rfc3339(r.may_start),
                "latest_start": r.latest_start.map(|l| tz.rfc3339(l)),
                "lead": task.lead.iter().map(|o| plan.org(*o).id.clone()).collect::<Vec<_>>(),
                "waits_for": r.waits_for.iter().map(|&i| g.name(plan, i)).collect::<Vec<_>>(),
            });
            if let Some((since, reason)) = &r.blocked {
                o["blocked_since"] = json!(tz.rfc3339(*since));
                o["reason"] = json!(reason);
            }
            o
        }).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TaskIx, UnitIx};
    use crate::night::{Blocked, Count, Next};
    use crate::time::Instant;

    /// A unit, an org and a task whose names and title carry an erase-screen
    /// sequence, an OSC 8 link, BEL, a C1 CSI and a line break.
    const HOSTILE: &str = r#"
[org.b]
name = "Org B\u001b]8;;http://x\u0007link\u001b]8;;\u0007"
[[unit]]
id = "u1"
name = "Xã\u001b[2J\nforged"
[[task]]
id = "t"
title = "Title\u001b[2J\u009b31m\nforged"
lead = "b"
scope = "unit"
due = "1/7/2025"
"#;

    fn no_raw_control(s: &str) {
        assert!(!s.chars().any(|c| c != '\n' && c.is_control()), "{s:?}");
        assert!(!s.lines().any(|l| l.trim_start().starts_with("forged")), "a line break from the plan began a line:\n{s}");
    }

    #[test]
    fn the_status_screen_shows_names_and_reasons_as_text() {
        let plan = crate::rules::testing::plan(HOSTILE);
        assert!(plan.units[0].name.contains('\u{1b}'), "the plan reads as written");
        let g = InstanceGraph::build(&plan);
        let s = Summary {
            now: Instant(29_000_000),
            cutover: None,
            done: 0,
            total: 1,
            overdue: Vec::new(),
            blocked: vec![Blocked {
                instance: 0,
                since: Instant(28_999_000),
                reason: "chờ\u{1b}[2J\u{7}\u{9b}\nforged".into(),
                until: None,
            }],
            at_risk: Vec::new(),
            forecast_finish: None,
            unknown_because: Vec::new(),
            systems: Vec::new(),
            units: vec![Count { key: UnitIx(0), done: 0, total: 1, overdue: 0 }],
            gates: Vec::new(),
            backout: crate::night::backout::Backout { window_end: None, warning: None, gauges: Vec::new() },
        };
        for fancy in [false, true] {
            let out = text(&plan, &g, &s, Lang::En, fancy, 10);
            no_raw_control(&out);
            assert!(out.contains("Xã\u{241b}[2J forged"), "{out}");
            assert!(out.contains("chờ\u{241b}[2J\u{2407}\u{fffd} forged"), "{out}");
        }
    }

    #[test]
    fn next_shows_leads_as_text() {
        let plan = crate::rules::testing::plan(HOSTILE);
        let g = InstanceGraph::build(&plan);
        let rows = [Next {
            section: crate::night::Section::StartNow,
            task: TaskIx(0),
            instances: vec![0],
            due: None,
            may_start: Instant(29_000_000),
            latest_start: None,
            waits_for: vec![],
            blocked: None,
        }];
        let out = next_table(&plan, &g, &rows, Lang::En, Some(200));
        no_raw_control(&out);
        assert!(out.contains("\u{241b}]8;;http://x\u{2407}link"), "{out}");
    }
}
