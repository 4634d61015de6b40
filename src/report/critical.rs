//! `cutover critical-path` as a table (comfy-table) or JSON.

use crate::critical::{CriticalPath, Row};
use crate::model::Plan;
use crate::time::{Lang, fmt_duration, fmt_instant};
use comfy_table::{Cell, CellAlignment};
use serde_json::{Value, json};

/// Labels of the table, in the plan's language.
struct Labels {
    cols: [&'static str; 8],
    finish: &'static str,
    cutover: &'static str,
    margin: &'static str,
}

fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Vi => Labels {
            cols: ["#", "Nhiệm vụ", "Nội dung", "Chủ trì", "Bắt đầu sớm", "Xong sớm", "Hạn", "Dự phòng"],
            finish: "Xong sớm nhất",
            cutover: "Thời điểm chuyển đổi (T-0)",
            margin: "Dự phòng",
        },
        Lang::En => Labels {
            cols: ["#", "Task", "Title", "Lead", "Early start", "Early finish", "Due", "Slack"],
            finish: "Earliest finish",
            cutover: "Cutover (T-0)",
            margin: "Margin",
        },
    }
}

/// `+5d 12h`, `-2h`, `0h`.
pub fn signed(m: i64) -> String {
    if m > 0 { format!("+{}", fmt_duration(m)) } else { fmt_duration(m) }
}

fn lead(plan: &Plan, r: &Row) -> String {
    let t = plan.task(r.task);
    t.lead
        .iter()
        .map(|o| {
            let org = plan.org(*o);
            match r.unit {
                Some(u) if org.per_unit => plan.org_name_for(*o, Some(u)),
                _ => org.short.clone().unwrap_or_else(|| org.id.clone()),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn due(plan: &Plan, r: &Row, lang: Lang) -> String {
    plan.task(r.task).due.as_ref().map(|d| d.expr.display(lang, plan.tz())).unwrap_or_default()
}

/// The rows as a table, `width` columns wide when known (a terminal).
pub fn table(plan: &Plan, rows: &[Row], lang: Lang, width: Option<u16>) -> String {
    let l = labels(lang);
    let tz = plan.tz();
    let mut t = super::new_table(width);
    t.set_header(l.cols.iter().map(|c| Cell::new(c)));
    for (i, r) in rows.iter().enumerate() {
        let task = plan.task(r.task);
        let name = match r.units {
            Some(n) => format!("{} ×{n}", r.name),
            None => r.name.clone(),
        };
        let title = if width.is_none() && task.title.chars().count() > 60 {
            format!("{}…", task.title.chars().take(59).collect::<String>())
        } else {
            task.title.clone()
        };
        t.add_row(vec![
            Cell::new(i + 1).set_alignment(CellAlignment::Right),
            Cell::new(name),
            Cell::new(title),
            Cell::new(lead(plan, r)),
            Cell::new(fmt_instant(r.early_start, tz, lang, false)),
            // A milestone finishes when it starts: print both alike.
            Cell::new(fmt_instant(r.early_finish, tz, lang, task.duration > 0)),
            Cell::new(due(plan, r, lang)),
            Cell::new(signed(r.slack)).set_alignment(CellAlignment::Right),
        ]);
    }
    t.to_string()
}

/// The lines under the table: earliest finish, T-0, margin.
pub fn footer(plan: &Plan, p: &CriticalPath, lang: Lang) -> String {
    let l = labels(lang);
    let tz = plan.tz();
    let mut s = format!("{}: {}", l.finish, fmt_instant(p.finish, tz, lang, true));
    if let (Some(c), Some(ct)) = (p.cutover, plan.meta.cutover.as_ref()) {
        s.push_str(&format!("\n{}: {}", l.cutover, ct.expr.display(lang, tz)));
        s.push_str(&format!("\n{}: {}", l.margin, signed(c.0 - p.finish.0)));
    }
    s
}

fn row_json(plan: &Plan, r: &Row) -> Value {
    let tz = plan.tz();
    let t = plan.task(r.task);
    let mut v = json!({
        "task": r.name,
        "title": t.title,
        "lead": t.lead.iter().map(|o| plan.org(*o).id.clone()).collect::<Vec<_>>(),
        "early_start": tz.rfc3339(r.early_start),
        "early_finish": tz.rfc3339(r.early_finish),
        "late_finish": tz.rfc3339(r.late_finish),
        "due": plan.due(t).map(|d| tz.rfc3339(d)),
        "due_text": t.due.as_ref().map(|d| plan.written(d)),
        "slack_minutes": r.slack,
        "free_slack_minutes": r.free_slack,
    });
    if let Some(n) = r.units {
        v["units"] = json!(n);
    }
    v
}

/// `{"path": [...], "finish", "cutover", "margin_minutes"}`.
pub fn path_json(plan: &Plan, p: &CriticalPath) -> Value {
    let tz = plan.tz();
    json!({
        "plan": plan.meta.id,
        "path": p.rows.iter().map(|r| row_json(plan, r)).collect::<Vec<_>>(),
        "finish": tz.rfc3339(p.finish),
        "cutover": p.cutover.map(|c| tz.rfc3339(c)),
        "margin_minutes": p.cutover.map(|c| c.0 - p.finish.0),
    })
}

/// `{"tasks": [...]}` for `--all`.
pub fn all_json(plan: &Plan, rows: &[Row]) -> Value {
    json!({ "plan": plan.meta.id, "tasks": rows.iter().map(|r| row_json(plan, r)).collect::<Vec<_>>() })
}
