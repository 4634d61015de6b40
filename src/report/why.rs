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
    match (working, lang) {
        (true, Lang::Vi) => format!("{} làm việc", signed(lag)),
        (true, Lang::En) => format!("{} working", signed(lag)),
        (false, _) => signed(lag),
    }
}

fn start_text(plan: &Plan, g: &InstanceGraph, why: &Why, k: usize, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    match &why.chain[k].start {
        Start::PlanStart => (if vi { "từ ngày bắt đầu của kế hoạch (`start`)" } else { "from the plan's start" }).into(),
        Start::Window => (if vi {
            "từ thời điểm riêng của nó (`not_before`, ngày thực hiện hoặc `at`)"
        } else {
            "from its own `not_before`, day or `at`"
        })
        .into(),
        Start::Recorded => (if vi { "từ thời điểm ghi trong nhật ký" } else { "from a time recorded in the status log" }).into(),
        Start::After { kind, lag, working } => {
            let prev = g.name(plan, why.chain[k - 1].instance);
            if vi {
                format!("sau `{prev}` ({} {})", kind_name(*kind), lag_text(*lag, *working, lang))
            } else {
                format!("after `{prev}` ({} {})", kind_name(*kind), lag_text(*lag, *working, lang))
            }
        }
    }
}

fn bound_text(plan: &Plan, g: &InstanceGraph, why: &Why, lang: Lang) -> String {
    let tz = plan.tz();
    let vi = lang == Lang::Vi;
    let at = |i| fmt_instant(i, tz, lang, true);
    match &why.bound {
        Bound::Due(d) => {
            if vi {
                format!("hạn của nó, {}", at(*d))
            } else {
                format!("its deadline, {}", at(*d))
            }
        }
        Bound::Pin(p) => {
            if vi {
                format!("thời điểm ghim `at`, {}", at(*p))
            } else {
                format!("its pinned instant (`at`), {}", at(*p))
            }
        }
        Bound::Successor { instance, kind, lag } => {
            let w = g.name(plan, *instance);
            if vi {
                format!("việc sau nó, `{w}` ({} {})", kind_name(*kind), signed(*lag))
            } else {
                format!("the task after it, `{w}` ({} {})", kind_name(*kind), signed(*lag))
            }
        }
        Bound::PlanEnd => (if vi {
            "không gì sau nó: lúc xong sớm nhất của cả kế hoạch"
        } else {
            "nothing after it: the plan's latest early finish"
        })
        .into(),
    }
}

/// One sentence each: what makes it critical, what takes it off the path.
fn change_text(plan: &Plan, g: &InstanceGraph, why: &Why, lang: Lang) -> String {
    let tz = plan.tz();
    let vi = lang == Lang::Vi;
    let first = g.name(plan, why.chain[0].instance);
    if !why.critical {
        let by = fmt_instant(why.late_finish, tz, lang, true);
        return if vi {
            format!(
                "Để thành găng: trễ thêm {} (xong sau {by}); trễ tới {} không làm lùi việc nào sau nó.",
                fmt_duration(why.slack),
                fmt_duration(why.free_slack.max(0))
            )
        } else {
            format!(
                "To become critical: slip by {} (finish after {by}); up to {} delays nothing after it.",
                fmt_duration(why.slack),
                fmt_duration(why.free_slack.max(0))
            )
        };
    }
    let relax = match (&why.bound, vi) {
        (Bound::Due(_), true) => "nới hạn của nó".to_string(),
        (Bound::Due(_), false) => "relax its deadline".to_string(),
        (Bound::Pin(_), true) => "dời thời điểm ghim `at`".to_string(),
        (Bound::Pin(_), false) => "move its pinned instant (`at`)".to_string(),
        (Bound::Successor { instance, .. }, true) => format!("cho `{}` bắt đầu muộn hơn", g.name(plan, *instance)),
        (Bound::Successor { instance, .. }, false) => format!("let `{}` start later", g.name(plan, *instance)),
        (Bound::PlanEnd, true) => "kéo dài kế hoạch".to_string(),
        (Bound::PlanEnd, false) => "let the plan end later".to_string(),
    };
    let late = if why.slack < 0 {
        if vi { format!(" Nó đang trễ {}.", fmt_duration(-why.slack)) } else { format!(" It is {} late.", fmt_duration(-why.slack)) }
    } else {
        String::new()
    };
    if vi {
        format!("Để ra khỏi đường găng: {relax}, hoặc làm sớm hơn hay ngắn hơn chuỗi trên (bắt đầu từ `{first}`).{late}")
    } else {
        format!("To take it off the path: {relax}, or bring the chain above forward or shorten it (it begins at `{first}`).{late}")
    }
}

/// The explanation for people.
pub fn text(plan: &Plan, g: &InstanceGraph, why: &Why, lang: Lang) -> String {
    let tz = plan.tz();
    let vi = lang == Lang::Vi;
    let at = |i| fmt_instant(i, tz, lang, true);
    // A start at midnight is 00:00 of its day; a finish then is 24:00 of the day before.
    let from = |i| fmt_instant(i, tz, lang, false);
    let t = plan.task(g.task_of[why.instance as usize]);
    let last = why.chain.last().expect("a chain ends at the instance");
    let mut out = format!("{} — {}\n", g.name(plan, why.instance), visible_line(&t.title));
    out.push_str(&if vi {
        format!("Bắt đầu sớm {} · xong sớm {} · xong muộn nhất {}\n", from(last.early_start), at(last.early_finish), at(why.late_finish))
    } else {
        format!("Early start {} · early finish {} · late finish {}\n", from(last.early_start), at(last.early_finish), at(why.late_finish))
    });
    out.push_str(&if vi {
        format!(
            "Dự phòng: {} (tự do: {}) — {}\n",
            signed(why.slack),
            signed(why.free_slack),
            if why.critical { "trên đường găng" } else { "không găng" }
        )
    } else {
        format!(
            "Slack: {} (free: {}) — {}\n",
            signed(why.slack),
            signed(why.free_slack),
            if why.critical { "critical" } else { "not critical" }
        )
    });
    out.push_str(if vi { "\nVì sao bắt đầu lúc đó:\n" } else { "\nWhat sets its early start:\n" });
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
    out.push_str(&format!("{} {}\n", if vi { "Xong muộn nhất do:" } else { "Its late finish is set by:" }, bound_text(plan, g, why, lang)));
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
