//! `cutover critical-path` as a table (comfy-table) or JSON.

use crate::critical::{CriticalPath, Row};
use crate::model::Plan;
use crate::text::visible_line;
pub use crate::time::signed;
use crate::time::{Lang, fmt_instant};
use comfy_table::{Cell, CellAlignment};
use serde_json::{Value, json};

/// The table's column headings in `lang`.
fn columns(lang: Lang) -> [std::borrow::Cow<'static, str>; 8] {
    let loc = crate::i18n::code(lang);
    [
        "#".into(),
        crate::t!("critical.col.task", locale = loc),
        crate::t!("critical.col.title", locale = loc),
        crate::t!("critical.col.lead", locale = loc),
        crate::t!("critical.col.early-start", locale = loc),
        crate::t!("critical.col.early-finish", locale = loc),
        crate::t!("critical.col.due", locale = loc),
        crate::t!("critical.col.slack", locale = loc),
    ]
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
    let t = plan.task(r.task);
    match t.when() {
        Some(d) => d.expr.display(lang, plan.tz()),
        None => plan.due_text(t, lang).unwrap_or_default(),
    }
}

/// The rows as a table, `width` columns wide when known (a terminal). Text
/// from the plan goes through [`visible_line`]: an escape sequence or a line
/// break in a title or a name shows as text, in its cell.
pub fn table(plan: &Plan, rows: &[Row], lang: Lang, width: Option<u16>, color: bool) -> String {
    let tz = plan.tz();
    let mut t = super::new_table(width);
    // Colour (`--color`, a terminal): the slack red when negative, yellow when
    // none is left; a gate's row in bold.
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t.set_header(columns(lang).iter().map(Cell::new));
    for (i, r) in rows.iter().enumerate() {
        let task = plan.task(r.task);
        let mut name = match r.units {
            Some(n) => format!("{} ×{n}", visible_line(&r.name)),
            None => visible_line(&r.name).into_owned(),
        };
        // A gate or a milestone is a moment: marked as the Gantt draws it.
        if task.gate().is_some() {
            name.push_str(" ◆ go/no-go");
        } else if task.is_milestone() {
            name.push_str(" ◆");
        }
        // One character for one: the stand-ins keep the count the cut is made at.
        let title = visible_line(&task.title);
        let title = if width.is_none() && title.chars().count() > 60 {
            format!("{}…", title.chars().take(59).collect::<String>())
        } else {
            title.into_owned()
        };
        t.add_row(vec![
            Cell::new(i + 1).set_alignment(CellAlignment::Right),
            if task.gate().is_some() { Cell::new(name).add_attribute(comfy_table::Attribute::Bold) } else { Cell::new(name) },
            Cell::new(title),
            Cell::new(visible_line(&lead(plan, r))),
            Cell::new(fmt_instant(r.early_start, tz, lang, false)),
            // A milestone finishes when it starts: print both alike.
            Cell::new(fmt_instant(r.early_finish, tz, lang, task.duration > 0)),
            Cell::new(visible_line(&due(plan, r, lang))),
            {
                let c = Cell::new(signed(r.slack)).set_alignment(CellAlignment::Right);
                match r.slack {
                    s if s < 0 => c.fg(comfy_table::Color::Red),
                    0 => c.fg(comfy_table::Color::Yellow),
                    _ => c,
                }
            },
        ]);
    }
    t.to_string()
}

/// The lines under the table: earliest finish, T-0, margin (each on its
/// line, text through [`visible_line`]).
pub fn footer(plan: &Plan, p: &CriticalPath, lang: Lang) -> String {
    let loc = crate::i18n::code(lang);
    let tz = plan.tz();
    let mut s = crate::t!("critical.finish", locale = loc, at = fmt_instant(p.finish, tz, lang, true)).into_owned();
    if let (Some(c), Some(ct)) = (p.cutover, plan.meta.cutover.as_ref()) {
        s.push('\n');
        s.push_str(&crate::t!("critical.cutover", locale = loc, at = visible_line(&ct.expr.display(lang, tz))));
        s.push('\n');
        s.push_str(&crate::t!("critical.margin", locale = loc, margin = signed(c.0 - p.finish.0)));
    }
    if let Some(w) = plan.working_time_line(lang) {
        s.push('\n');
        s.push_str(&visible_line(&w));
    }
    s
}

/// `task`, `milestone` (no duration), `gate` or `backout`.
fn kind(t: &crate::model::Task) -> &'static str {
    if t.gate().is_some() {
        "gate"
    } else if t.is_backout() {
        "backout"
    } else if t.is_milestone() {
        "milestone"
    } else {
        "task"
    }
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
        "due": r.due.map(|d| tz.rfc3339(d)),
        "due_text": plan.due_text(t, plan.meta.lang),
        "at_text": t.pin().map(|d| plan.written(d)),
        "kind": kind(t),
        "slack_minutes": r.slack,
        "free_slack_minutes": r.free_slack,
        // No slack (or less than none): as `cutover why` says.
        "critical": r.slack <= 0,
    });
    if let Some(n) = r.units {
        v["units"] = json!(n);
    }
    // Where the task works on a calendar with hours off: which one, and its
    // total slack counted in that calendar's working minutes.
    if let Some(c) = plan.calendar_of(t).filter(|c| !c.is_all_hours()) {
        use crate::calendar::to_local;
        let (ef, lf) = (to_local(tz, r.early_finish), to_local(tz, r.late_finish));
        let work = if lf >= ef { c.work_between(ef, lf) } else { -c.work_between(lf, ef) };
        v["calendar"] = json!(c.id);
        v["slack_working_minutes"] = json!(work);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_leads_show_as_text() {
        let plan = crate::rules::testing::plan(
            r#"
[org.b]
name = "B"
short = "B\u001b]8;;http://x\u0007link"
[[task]]
id = "t"
title = "Title\u001b[2J\u009b31m\u0007\nforged"
lead = "b"
due = "30/6/2025"
"#,
        );
        let g = crate::graph::InstanceGraph::build(&plan);
        let s = crate::schedule::compute(&plan, &g).unwrap();
        let end = crate::critical::end_instance(&plan, &g, &s, Some("t")).unwrap();
        let path = crate::critical::critical_path(&plan, &g, &s, end);
        for width in [None, Some(200)] {
            let out = format!("{}\n{}", table(&plan, &path.rows, Lang::En, width, false), footer(&plan, &path, Lang::En));
            assert!(!out.chars().any(|c| c != '\n' && c.is_control()), "{out:?}");
            assert!(out.contains("Title\u{241b}[2J\u{fffd}31m\u{2407} forged"), "{out}");
            assert!(out.contains("B\u{241b}]8;;http://x\u{2407}link"), "{out}");
        }
    }
}
