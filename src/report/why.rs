//! `cutover why` as text (the plan's language) or JSON.

use crate::graph::InstanceGraph;
use crate::model::{DepKind, Plan};
use crate::report::critical::signed;
use crate::text::visible_line;
use crate::time::{Lang, fmt_duration, fmt_instant};
use crate::why::{Bound, Start, Why};
use serde_json::{Value, json};

fn kind_name(k: DepKind) -> &'static str {
    k.name()
}

fn lag_text(lag: i64, working: bool, lang: Lang) -> String {
    if working { crate::t!("why.lag-working", locale = lang, lag = signed(lag)).into_owned() } else { signed(lag) }
}

fn start_text(plan: &Plan, g: &InstanceGraph, why: &Why, k: usize, lang: Lang) -> String {
    let loc = crate::i18n::code(lang);
    match &why.chain[k].start {
        Start::PlanStart => crate::t!("why.start.plan-start", locale = loc),
        Start::Window => crate::t!("why.start.window", locale = loc),
        Start::Recorded => crate::t!("why.start.recorded", locale = loc),
        Start::After { kind, lag, working } => crate::t!(
            "why.start.after",
            locale = loc,
            prev = g.name(plan, why.chain[k - 1].instance),
            kind = kind_name(*kind),
            lag = lag_text(*lag, *working, lang)
        ),
    }
    .into_owned()
}

fn bound_text(plan: &Plan, g: &InstanceGraph, why: &Why, lang: Lang) -> String {
    let tz = plan.tz();
    let loc = crate::i18n::code(lang);
    let at = |i| fmt_instant(i, tz, lang, true);
    match &why.bound {
        Bound::Due(d) => crate::t!("why.bound.due", locale = loc, at = at(*d)),
        Bound::Pin(p) => crate::t!("why.bound.pin", locale = loc, at = at(*p)),
        Bound::Successor { instance, kind, lag } => {
            crate::t!("why.bound.successor", locale = loc, task = g.name(plan, *instance), kind = kind_name(*kind), lag = signed(*lag))
        }
        Bound::PlanEnd => crate::t!("why.bound.plan-end", locale = loc),
    }
    .into_owned()
}

/// One sentence each: what makes it critical, what takes it off the path.
fn change_text(plan: &Plan, g: &InstanceGraph, why: &Why, lang: Lang) -> String {
    let tz = plan.tz();
    let loc = crate::i18n::code(lang);
    let first = g.name(plan, why.chain[0].instance);
    if !why.critical {
        return crate::t!(
            "why.to-critical",
            locale = loc,
            slip = fmt_duration(why.slack),
            by = fmt_instant(why.late_finish, tz, lang, true),
            free = fmt_duration(why.free_slack.max(0))
        )
        .into_owned();
    }
    let relax = match &why.bound {
        Bound::Due(_) => crate::t!("why.relax.due", locale = loc),
        Bound::Pin(_) => crate::t!("why.relax.pin", locale = loc),
        Bound::Successor { instance, .. } => crate::t!("why.relax.successor", locale = loc, task = g.name(plan, *instance)),
        Bound::PlanEnd => crate::t!("why.relax.plan-end", locale = loc),
    };
    let late =
        if why.slack < 0 { format!(" {}", crate::t!("why.late", locale = loc, late = fmt_duration(-why.slack))) } else { String::new() };
    crate::t!("why.off-path", locale = loc, relax = relax, first = first, late = late).into_owned()
}

/// The explanation for people.
pub fn text(plan: &Plan, g: &InstanceGraph, why: &Why, lang: Lang) -> String {
    let tz = plan.tz();
    let loc = crate::i18n::code(lang);
    let at = |i| fmt_instant(i, tz, lang, true);
    // A start at midnight is 00:00 of its day; a finish then is 24:00 of the day before.
    let from = |i| fmt_instant(i, tz, lang, false);
    let t = plan.task(g.task_of[why.instance as usize]);
    let last = why.chain.last().expect("a chain ends at the instance");
    let mut out = format!("{} — {}\n", g.name(plan, why.instance), visible_line(&t.title));
    out.push_str(&crate::t!(
        "why.times",
        locale = loc,
        early_start = from(last.early_start),
        early_finish = at(last.early_finish),
        late_finish = at(why.late_finish)
    ));
    out.push('\n');
    let state = if why.critical { crate::t!("why.critical", locale = loc) } else { crate::t!("why.not-critical", locale = loc) };
    out.push_str(&crate::t!("why.slack", locale = loc, slack = signed(why.slack), free = signed(why.free_slack), state = state));
    out.push('\n');
    out.push_str(&format!("\n{}\n", crate::t!("why.chain-heading", locale = loc)));
    for (k, l) in why.chain.iter().enumerate() {
        out.push_str(&format!(
            "  {}. `{}` {}: {} → {}\n",
            k + 1,
            g.name(plan, l.instance),
            start_text(plan, g, why, k, lang),
            from(l.early_start),
            at(l.early_finish)
        ));
    }
    out.push_str(&crate::t!("why.bound-heading", locale = loc, bound = bound_text(plan, g, why, lang)));
    out.push('\n');
    out.push_str(&change_text(plan, g, why, lang));
    out.push('\n');
    out
}

/// `{"task", "instance", "critical", "slack_minutes", "chain": […], "bound": {…}, …}`.
pub fn json(plan: &Plan, g: &InstanceGraph, why: &Why) -> Value {
    let tz = plan.tz();
    let t = plan.task(g.task_of[why.instance as usize]);
    let last = why.chain.last().expect("a chain ends at the instance");
    let chain: Vec<Value> = why
        .chain
        .iter()
        .map(|l| {
            let (start, kind, lag) = match &l.start {
                Start::PlanStart => ("plan-start", None, None),
                Start::Window => ("own-time", None, None),
                Start::Recorded => ("recorded", None, None),
                Start::After { kind, lag, .. } => ("after", Some(kind.name()), Some(*lag)),
            };
            json!({
                "task": g.name(plan, l.instance),
                "start": start,
                "type": kind,
                "lag_minutes": lag,
                "early_start": tz.rfc3339(l.early_start),
                "early_finish": tz.rfc3339(l.early_finish),
            })
        })
        .collect();
    let bound = match &why.bound {
        Bound::Due(d) => json!({"kind": "due", "at": tz.rfc3339(*d)}),
        Bound::Pin(p) => json!({"kind": "pin", "at": tz.rfc3339(*p)}),
        Bound::Successor { instance, kind, lag } => {
            json!({"kind": "successor", "task": g.name(plan, *instance), "type": kind.name(), "lag_minutes": lag})
        }
        Bound::PlanEnd => json!({"kind": "plan-end"}),
    };
    json!({
        "task": t.id,
        "instance": g.name(plan, why.instance),
        "title": t.title,
        "early_start": tz.rfc3339(last.early_start),
        "early_finish": tz.rfc3339(last.early_finish),
        "late_finish": tz.rfc3339(why.late_finish),
        "slack_minutes": why.slack,
        "free_slack_minutes": why.free_slack,
        "critical": why.critical,
        "chain": chain,
        "bound": bound,
        "slip_to_critical_minutes": (!why.critical).then_some(why.slack),
        "sentence": change_text(plan, g, why, plan.meta.lang),
    })
}
