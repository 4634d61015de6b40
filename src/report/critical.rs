//! `cutover critical-path` as a table (comfy-table) or JSON.

use crate::critical::{CriticalPath, Row};
use crate::model::Plan;
use crate::text::visible_line;
pub use crate::time::signed;
use crate::time::{Lang, fmt_instant};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

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

/// One row of the JSON reports, in the order its fields are written.
#[derive(Serialize)]
pub struct RowJson<'a> {
    task: &'a str,
    title: &'a str,
    lead: Vec<&'a str>,
    early_start: String,
    early_finish: String,
    late_finish: String,
    due: Option<String>,
    due_text: Option<String>,
    at_text: Option<std::borrow::Cow<'a, str>>,
    kind: &'static str,
    slack_minutes: i64,
    free_slack_minutes: i64,
    /// No slack (or less than none): as `cutover why` says.
    critical: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    units: Option<u32>,
    /// Where the task works on a calendar with hours off: which one, and
    /// its total slack counted in that calendar's working minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    calendar: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slack_working_minutes: Option<i64>,
}

fn row_json<'a>(plan: &'a Plan, r: &'a Row) -> RowJson<'a> {
    let tz = plan.tz();
    let t = plan.task(r.task);
    let calendar = plan.calendar_of(t).filter(|c| !c.is_all_hours());
    let slack_working_minutes = calendar.map(|c| {
        use crate::calendar::to_local;
        let (ef, lf) = (to_local(tz, r.early_finish), to_local(tz, r.late_finish));
        if lf >= ef { c.work_between(ef, lf) } else { -c.work_between(lf, ef) }
    });
    RowJson {
        task: &r.name,
        title: &t.title,
        lead: t.lead.iter().map(|o| plan.org(*o).id.as_str()).collect(),
        early_start: tz.rfc3339(r.early_start),
        early_finish: tz.rfc3339(r.early_finish),
        late_finish: tz.rfc3339(r.late_finish),
        due: r.due.map(|d| tz.rfc3339(d)),
        due_text: plan.due_text(t, plan.meta.lang),
        at_text: t.pin().map(|d| plan.written(d)),
        kind: kind(t),
        slack_minutes: r.slack,
        free_slack_minutes: r.free_slack,
        critical: r.slack <= 0,
        units: r.units,
        calendar: calendar.map(|c| c.id.as_str()),
        slack_working_minutes,
    }
}

/// Rows written one by one as the report is serialised: the report is
/// never held in memory whole (the 100k DAG's `--all`: 100,000 rows).
struct Rows<'a> {
    plan: &'a Plan,
    rows: &'a [Row],
}

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.rows.iter().map(|r| row_json(self.plan, r)))
    }
}

/// `{"plan", "path": [...], "finish", "cutover", "margin_minutes"}`.
#[derive(Serialize)]
pub struct PathJson<'a> {
    plan: &'a str,
    path: Rows<'a>,
    finish: String,
    cutover: Option<String>,
    margin_minutes: Option<i64>,
}

pub fn path_json<'a>(plan: &'a Plan, p: &'a CriticalPath) -> PathJson<'a> {
    let tz = plan.tz();
    PathJson {
        plan: &plan.meta.id,
        path: Rows { plan, rows: &p.rows },
        finish: tz.rfc3339(p.finish),
        cutover: p.cutover.map(|c| tz.rfc3339(c)),
        margin_minutes: p.cutover.map(|c| c.0 - p.finish.0),
    }
}

/// `{"plan", "tasks": [...]}` for `--all`.
#[derive(Serialize)]
pub struct AllJson<'a> {
    plan: &'a str,
    tasks: Rows<'a>,
}

pub fn all_json<'a>(plan: &'a Plan, rows: &'a [Row]) -> AllJson<'a> {
    AllJson { plan: &plan.meta.id, tasks: Rows { plan, rows } }
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
