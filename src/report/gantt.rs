//! `cutover gantt`: the schedule as a picture — one self-contained HTML page
//! (inline SVG and CSS, nothing fetched; prints on A3 landscape), the bare
//! SVG, or a Mermaid `gantt` block.
//!
//! A time axis in the plan's zone with days, weekends and public holidays
//! (`data/vn-holidays-2025-2026.csv`, built in) shaded and the cutover drawn
//! as a line labelled T-0; one row per task grouped by system (or by lead),
//! unit tasks folded into one row (`×96`) unless one unit is asked for; bars
//! from early start to early finish, the due as a marker, `ngày D` windows
//! shaded, critical-path bars highlighted, slack as a thin tail; done, late
//! and blocked colours when a status log is read. Every text from the plan is
//! escaped.

use crate::graph::InstanceGraph;
use crate::model::{Plan, TaskIx, UnitIx};
use crate::report::graph::mermaid_text;
use crate::schedule::Schedule;
use crate::status::{Progress, State};
use crate::text::xml;
use crate::time::{Instant, Lang, TimeKind, fmt_instant};
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;
use std::fmt::Write as _;

/// Days off (holidays, swapped and compensatory days) and Saturdays worked:
/// the built-in list the calendar `hanh-chinh` keeps.
fn calendar() -> (HashSet<NaiveDate>, HashSet<NaiveDate>) {
    let (mut off, mut worked) = (HashSet::new(), HashSet::new());
    for h in crate::calendar::vn_holidays() {
        if h.working {
            worked.insert(h.date)
        } else {
            off.insert(h.date)
        };
    }
    (off, worked)
}

/// Plan text on a line of a Mermaid `gantt` block: [`mermaid_text`] (one
/// line, no control character, no `%%`, `#` or `;`), with `:` as an entity
/// code too — a task line's text ends at the first `:`, a section's name
/// may not hold one. Never empty: an empty `title` or `section` line does
/// not parse.
fn gantt_text(s: &str) -> String {
    let t = mermaid_text(s, &[':', '[', ']', '(', ')', '{', '}']);
    if t.trim().is_empty() { "—".to_string() } else { t }
}

/// The words Mermaid's gantt lexer reads as a statement (case-insensitive)
/// where a task line begins, before it reads a task's text.
const GANTT_KEYWORDS: [&str; 16] = [
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "title",
    "acc",
    "section",
    "click",
    "href",
    "call",
];

/// A task's text at the start of a gantt task line: [`gantt_text`], and when
/// it begins like a statement (`title…`, `click…`, `excludes…`, a
/// `YYYY-MM-DD` date), its first character as an entity code, so the line
/// stays a task.
fn gantt_task_text(s: &str) -> String {
    let t = gantt_text(s);
    let b = t.as_bytes();
    let keyword = GANTT_KEYWORDS.iter().any(|k| b.len() >= k.len() && b[..k.len()].eq_ignore_ascii_case(k.as_bytes()));
    let date = b.len() >= 10 && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    match t.chars().next() {
        Some(c) if keyword || date => format!("#{};{}", c as u32, &t[c.len_utf8()..]),
        _ => t,
    }
}

/// How rows are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    System,
    Org,
}

/// Where a row stands on the night.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowState {
    Open,
    Done,
    Late,
    Blocked,
}

/// One row of the chart.
#[derive(Clone, Debug)]
pub struct Row {
    pub task: TaskIx,
    pub label: String,
    pub title: String,
    pub start: Instant,
    pub finish: Instant,
    pub late_finish: Instant,
    pub due: Option<Instant>,
    pub window: Option<(Instant, Instant)>,
    pub critical: bool,
    pub state: RowState,
    pub kind: RowKind,
}

/// How a row is drawn: a bar, or a diamond at its moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Task,
    /// No duration: a diamond.
    Milestone,
    /// A go/no-go gate: a diamond at its decision (after its bar, if it lasts).
    Gate,
    /// A backout step: a pale bar, drawn where the worst-case backout falls.
    Backout,
}

/// The chart's rows in groups, and its time range.
pub struct Chart {
    pub groups: Vec<(String, Vec<Row>)>,
    pub from: Instant,
    pub to: Instant,
}

/// What the chart is drawn from.
pub struct Input<'a> {
    pub plan: &'a Plan,
    pub graph: &'a InstanceGraph,
    pub schedule: &'a Schedule,
    /// Instances on the critical path.
    pub critical: HashSet<u32>,
    pub night: Option<(&'a Progress, Instant)>,
    pub by: GroupBy,
    pub unit: Option<UnitIx>,
}

/// Builds the rows: a task's instances folded into one row (the latest
/// finishing one stands for them) unless `unit` picks one.
pub fn chart(inp: &Input) -> Chart {
    let (plan, g, s) = (inp.plan, inp.graph, inp.schedule);
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    for (ti, t) in plan.tasks.iter().enumerate() {
        let n = plan.instance_count(t) as u32;
        if n == 0 {
            continue;
        }
        let first = g.offsets[ti];
        let insts: Vec<u32> = match (t.is_unit(), inp.unit) {
            (true, Some(u)) => match g.instance_of(TaskIx(ti as u32), Some(u)) {
                Some(i) => vec![i],
                None => continue,
            },
            (false, Some(u)) if !t.lead.iter().chain(&t.support).any(|o| plan.org(*o).per_unit) || !plan.applies_to(t, u) => continue,
            _ => (first..first + n).collect(),
        };
        let worst = *insts.iter().max_by_key(|&&i| (s.ef[i as usize], std::cmp::Reverse(s.slack(i)))).expect("an instance");
        let state = match inp.night {
            None => RowState::Open,
            Some((p, now)) => {
                if insts.iter().all(|&i| p.is_done(i)) {
                    RowState::Done
                } else if insts.iter().any(|&i| matches!(p.states[i as usize], State::Blocked { .. })) {
                    RowState::Blocked
                } else if t.at.due().is_some_and(|d| d <= now) {
                    RowState::Late
                } else {
                    RowState::Open
                }
            }
        };
        let label = match (t.is_unit(), inp.unit) {
            (true, Some(u)) => format!("{}@{}", t.id, plan.unit(u).id),
            (true, None) => format!("{} ×{n}", t.id),
            _ => t.id.clone(),
        };
        let window = t.due.as_ref().filter(|d| d.expr.kind == TimeKind::OnDay).and_then(|_| t.at.window().zip(t.at.due()));
        let row = Row {
            task: TaskIx(ti as u32),
            label,
            title: t.title.clone(),
            start: s.early_start(worst),
            finish: s.early_finish(worst),
            late_finish: s.late_finish(worst),
            due: t.at.due(),
            window,
            critical: insts.iter().any(|i| inp.critical.contains(i)),
            state,
            kind: if t.gate().is_some() {
                RowKind::Gate
            } else if t.is_backout() {
                RowKind::Backout
            } else if t.is_milestone() {
                RowKind::Milestone
            } else {
                RowKind::Task
            },
        };
        let key = match inp.by {
            GroupBy::System => t.system.map_or_else(|| "—".to_string(), |x| plan.systems[x.ix()].name.clone()),
            GroupBy::Org => t.lead.first().map_or_else(|| "—".to_string(), |o| plan.org(*o).name.clone()),
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(row),
            None => groups.push((key, vec![row])),
        }
    }
    for (_, rows) in &mut groups {
        rows.sort_by_key(|r| (r.start, r.finish, r.task));
    }
    // From the plan's start to the day after the cutover.
    let from = plan.start().unwrap_or(s.start);
    let to = plan.cutover().map_or(s.finish, |c| Instant(c.0 + 1440));
    Chart { groups, from, to: to.max(Instant(from.0 + 1440)) }
}

const LABEL_W: f64 = 420.0;
const DAY_W: f64 = 56.0;
const ROW_H: f64 = 20.0;
const HEAD_H: f64 = 64.0;

/// The chart as SVG.
pub fn svg(inp: &Input, c: &Chart, lang: Lang, generated: Instant) -> String {
    let plan = inp.plan;
    let tz = plan.tz();
    let day0 = tz.local(c.from).date();
    let day_n = tz.local(Instant(c.to.0 - 1)).date();
    let days = ((day_n - day0).num_days() + 1).max(1) as f64;
    let span = (c.to.0 - c.from.0).max(1) as f64;
    let x_of = |at: Instant| LABEL_W + ((at.0 - c.from.0) as f64 / span * days * DAY_W).clamp(0.0, days * DAY_W);
    let rows: usize = c.groups.iter().map(|(_, r)| r.len() + 1).sum();
    let width = LABEL_W + days * DAY_W + 20.0;
    let height = HEAD_H + rows as f64 * ROW_H + 90.0;
    // The days off the schedule uses: the plan's calendar (its holidays,
    // make-up days and weekly rest) where it declares one; otherwise the
    // built-in list, for information.
    let plan_cal = plan.meta.calendar.as_ref().and_then(|(id, _)| plan.calendars.iter().find(|c| c.id == crate::text::nfc(id).as_ref()));
    let (off, worked, week) = match plan_cal.filter(|c| !c.is_all_hours()) {
        Some(c) => (c.off.iter().copied().collect(), c.on.iter().copied().collect(), c.weekdays),
        None => {
            let (off, worked) = calendar();
            (off, worked, [true, true, true, true, true, false, false])
        }
    };
    let locale = lang;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = write!(o, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = write!(o, r#"<text x="8" y="18" font-size="15" font-weight="bold">{}</text>"#, xml(&plan.meta.title));
    let _ = write!(
        o,
        r##"<text x="8" y="36" fill="#555">{}</text>"##,
        xml(&crate::t!("gantt.generated", locale = locale, at = fmt_instant(generated, tz, lang, false)))
    );
    // Days: weekends and days off shaded, the date on top.
    let mut d = day0;
    while d <= day_n {
        let x = LABEL_W + (d - day0).num_days() as f64 * DAY_W;
        let weekend = !week[d.weekday().num_days_from_monday() as usize] && !worked.contains(&d);
        let fill = if off.contains(&d) {
            Some("#f6d7d7")
        } else if weekend {
            Some("#eeeeee")
        } else {
            None
        };
        let kind = if off.contains(&d) {
            "holiday"
        } else if weekend {
            "weekend"
        } else {
            "day"
        };
        if let Some(f) = fill {
            let _ = write!(
                o,
                r#"<rect class="{kind}" x="{x:.1}" y="{HEAD_H}" width="{DAY_W}" height="{:.1}" fill="{f}"/>"#,
                rows as f64 * ROW_H
            );
        }
        let _ = write!(
            o,
            r##"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{:.1}" stroke="#dddddd"/>"##,
            HEAD_H - 14.0,
            HEAD_H + rows as f64 * ROW_H
        );
        let _ = write!(
            o,
            r##"<text x="{:.1}" y="{}" text-anchor="middle" fill="#333">{}/{}</text>"##,
            x + DAY_W / 2.0,
            HEAD_H - 4.0,
            d.day(),
            d.month()
        );
        d += chrono::Duration::days(1);
    }
    // Rows.
    let mut y = HEAD_H;
    let mut bars = 0usize;
    for (group, rs) in &c.groups {
        let _ = write!(
            o,
            r##"<rect x="0" y="{y:.1}" width="{width:.0}" height="{ROW_H}" fill="#f4f6fa" opacity="0.8"/><text x="6" y="{:.1}" font-weight="bold">{}</text>"##,
            y + 14.0,
            xml(group)
        );
        y += ROW_H;
        for r in rs {
            let title: String =
                if r.title.chars().count() > 48 { format!("{}…", r.title.chars().take(47).collect::<String>()) } else { r.title.clone() };
            let _ = write!(
                o,
                r##"<text x="10" y="{:.1}"><tspan font-family="monospace">{}</tspan> <tspan fill="#555">{}</tspan><title>{}</title></text>"##,
                y + 14.0,
                xml(&r.label),
                xml(&title),
                xml(&r.title)
            );
            if let Some((ws, we)) = r.window {
                let _ = write!(
                    o,
                    r##"<rect class="window" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#fff3bf"/>"##,
                    x_of(ws),
                    y + 1.0,
                    (x_of(we) - x_of(ws)).max(1.0),
                    ROW_H - 2.0
                );
            }
            let (x1, x2) = (x_of(r.start), x_of(r.finish));
            let fill = match r.state {
                RowState::Done => "#2f9e44",
                RowState::Late => "#e8590c",
                RowState::Blocked => "#7048e8",
                RowState::Open if r.critical => "#c92a2a",
                RowState::Open => "#4c6ef5",
            };
            if r.late_finish > r.finish {
                let _ = write!(
                    o,
                    r##"<line class="slack" x1="{x2:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#868e96" stroke-width="1.5"/>"##,
                    y + ROW_H / 2.0,
                    x_of(r.late_finish),
                    y + ROW_H / 2.0
                );
            }
            let tip = xml(&format!("{}: {} → {}", r.label, fmt_instant(r.start, tz, lang, false), fmt_instant(r.finish, tz, lang, true)));
            let crit = if r.critical { " critical" } else { "" };
            if !(r.kind == RowKind::Milestone || (r.kind == RowKind::Gate && x2 - x1 < 3.0)) {
                let (class, opacity) = if r.kind == RowKind::Backout {
                    (" backout", r##" fill-opacity="0.45" stroke-dasharray="3,2" stroke="#495057""##)
                } else {
                    ("", "")
                };
                let _ = write!(
                    o,
                    r##"<rect class="bar{crit}{class}" data-task="{}" x="{x1:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="2" fill="{fill}"{opacity}><title>{tip}</title></rect>"##,
                    xml(&r.label),
                    y + 4.0,
                    (x2 - x1).max(3.0),
                    ROW_H - 8.0,
                );
            }
            if matches!(r.kind, RowKind::Milestone | RowKind::Gate) {
                // A diamond at the moment it happens (a gate's decision).
                let (cy, h) = (y + ROW_H / 2.0, ROW_H / 2.0 - 2.0);
                let (class, colour) = if r.kind == RowKind::Gate { ("gate", "#f59f00") } else { ("milestone", fill) };
                let _ = write!(
                    o,
                    r##"<path class="{class}{crit}" data-task="{}" d="M{x2:.1},{:.1} l{h:.1},{h:.1} l-{h:.1},{h:.1} l-{h:.1},-{h:.1} z" fill="{colour}" stroke="#212529"><title>{tip}</title></path>"##,
                    xml(&r.label),
                    cy - h,
                );
            }
            bars += 1;
            if let Some(due) = r.due.filter(|d| *d >= c.from && *d <= c.to) {
                let xd = x_of(due);
                let _ = write!(o, r##"<path class="due" d="M{:.1},{:.1} l4,-6 l-8,0 z" fill="#212529"/>"##, xd, y + ROW_H - 1.0);
            }
            y += ROW_H;
        }
    }
    // The backout window: from T-0 to the latest moment service may return.
    if let (Some(cut), Some(end)) = (plan.cutover(), plan.window_end()) {
        let (a, b) = (cut.max(c.from).min(c.to), end.max(c.from).min(c.to));
        if b > a {
            let _ = write!(
                o,
                r##"<rect class="backout-window" x="{:.1}" y="{HEAD_H}" width="{:.1}" height="{:.1}" fill="#ffc9c9" fill-opacity="0.35"><title>{}</title></rect>"##,
                x_of(a),
                x_of(b) - x_of(a),
                y - HEAD_H,
                xml(&crate::t!("gantt.backout-window", locale = locale, until = fmt_instant(end, tz, lang, true)))
            );
        }
    }
    // T-0.
    if let Some(cut) = plan.cutover().filter(|c2| *c2 >= c.from && *c2 <= c.to) {
        let x = x_of(cut);
        let _ = write!(
            o,
            r##"<line class="t0" x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{y:.1}" stroke="#e03131" stroke-width="2"/><text x="{:.1}" y="{}" fill="#e03131" font-weight="bold">T-0</text>"##,
            HEAD_H - 30.0,
            x + 3.0,
            HEAD_H - 18.0
        );
    }
    // Legend.
    let ly = y + 24.0;
    let items: [(&str, std::borrow::Cow<str>); 10] = [
        ("#4c6ef5", crate::t!("gantt.legend.task", locale = locale)),
        ("#c92a2a", crate::t!("gantt.legend.critical", locale = locale)),
        ("#2f9e44", crate::t!("gantt.legend.done", locale = locale)),
        ("#e8590c", crate::t!("gantt.legend.late", locale = locale)),
        ("#7048e8", crate::t!("gantt.legend.blocked", locale = locale)),
        ("#fff3bf", crate::t!("gantt.legend.window", locale = locale)),
        ("#eeeeee", crate::t!("gantt.legend.weekend", locale = locale)),
        ("#f6d7d7", crate::t!("gantt.legend.holiday", locale = locale)),
        ("#f59f00", crate::t!("gantt.legend.gate", locale = locale)),
        ("#ffc9c9", crate::t!("gantt.legend.backout", locale = locale)),
    ];
    for (i, (color, text)) in items.iter().enumerate() {
        let x = 8.0 + (i % 4) as f64 * 250.0;
        let yy = ly + (i / 4) as f64 * 18.0;
        let _ = write!(
            o,
            r##"<rect x="{x:.1}" y="{:.1}" width="14" height="10" fill="{color}" stroke="#999"/><text x="{:.1}" y="{:.1}">{}</text>"##,
            yy - 9.0,
            x + 20.0,
            yy,
            xml(text)
        );
    }
    let _ = write!(
        o,
        r##"<text x="1008" y="{ly:.1}">▼ {} · — {} · <tspan fill="#e03131">T-0</tspan> {}</text>"##,
        xml(&crate::t!("gantt.legend.due", locale = locale)),
        xml(&crate::t!("gantt.legend.slack", locale = locale)),
        xml(&crate::t!("gantt.legend.cutover", locale = locale))
    );
    let _ = write!(o, "<!-- bars: {bars} -->");
    o.push_str("</svg>");
    o
}

/// The self-contained page around the SVG.
pub fn html(inp: &Input, c: &Chart, lang: Lang, generated: Instant) -> String {
    let title = xml(&inp.plan.meta.title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n@page {{ size: A3 landscape; margin: 8mm; }}\nbody {{ margin: 0; font-family: sans-serif; }}\nsvg {{ display: block; }}\n@media print {{ svg {{ width: 100%; height: auto; }} }}\n</style>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        crate::i18n::code(lang),
        svg(inp, c, lang, generated)
    )
}

/// A Mermaid `gantt` block to paste into Markdown. Text from the plan (the
/// title, section names, task labels) is written by [`gantt_text`]: it
/// cannot end its line, start a comment or a directive, or become a
/// statement.
pub fn mermaid(inp: &Input, c: &Chart) -> String {
    let tz = inp.plan.tz();
    let at = |i: Instant| tz.local(i).format("%Y-%m-%dT%H:%M").to_string();
    let mut o = format!("gantt\n    title {}\n    dateFormat YYYY-MM-DDTHH:mm\n    axisFormat %d/%m\n", gantt_text(&inp.plan.meta.title));
    if let Some(cut) = inp.plan.cutover() {
        let _ = writeln!(o, "    todayMarker off\n    section T-0\n    T-0 :milestone, t0, {}, 0m", at(cut));
    }
    for (group, rows) in &c.groups {
        let _ = writeln!(o, "    section {}", gantt_text(group));
        for (i, r) in rows.iter().enumerate() {
            let mut tags = Vec::new();
            if r.critical {
                tags.push("crit");
            }
            match r.state {
                RowState::Done => tags.push("done"),
                RowState::Late | RowState::Blocked => tags.push("active"),
                RowState::Open => {}
            }
            if r.finish == r.start {
                tags.push("milestone");
            }
            let tags = if tags.is_empty() { String::new() } else { format!("{}, ", tags.join(", ")) };
            let mins = (r.finish.0 - r.start.0).max(0);
            let _ = writeln!(o, "    {} :{tags}r{}_{i}, {}, {mins}m", gantt_task_text(&r.label), r.task.0, at(r.start));
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Mermaid does before it parses: each entity code `#\w+;` becomes
    /// a placeholder (`ﬂ°°35¶ß`), decoded again in the drawn SVG.
    fn placeholders(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(at) = rest.find('#') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let word = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            if word > 0 && after[word..].starts_with(';') {
                out.push_str(&format!("ﬂ°°{}¶ß", &after[..word]));
                rest = &after[word + 1..];
            } else {
                out.push('#');
                rest = after;
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn gantt_text_ends_no_line_and_starts_no_comment_or_directive() {
        let t = gantt_text("%%{init: {\"theme\":\"dark\"}}%% a: b # c ; d\ne\u{1b}[2J");
        assert_eq!(
            t,
            "#37;#37;#123;init#58; #123;#quot;theme#quot;#58;#quot;dark#quot;#125;#125;#37;#37; a#58; b #35; c #59; d e\u{241b}#91;2J"
        );
        // Once Mermaid has turned its entity codes into placeholders (before
        // it parses), nothing of what ends a gantt line or field is left.
        let parsed = placeholders(&t);
        assert!(!parsed.contains([':', '#', ';', '%', '\n']), "{parsed}");
        assert!(placeholders("a #35; b #x c").contains("ﬂ°°35¶ß b #x c"));
        assert_eq!(gantt_text(""), "—");
        assert_eq!(gantt_text(" \n "), "—");
    }

    #[test]
    fn a_task_text_never_reads_as_a_statement() {
        assert_eq!(gantt_task_text("email.list ×96"), "email.list ×96");
        assert_eq!(gantt_task_text("title"), "#116;itle");
        assert_eq!(gantt_task_text("Click ×96"), "#67;lick ×96");
        assert_eq!(gantt_task_text("excludes.x"), "#101;xcludes.x");
        assert_eq!(gantt_task_text("gantt.a"), "#103;antt.a");
        assert_eq!(gantt_task_text("2025-06-30.x"), "#50;025-06-30.x");
        assert_eq!(gantt_task_text("2025.x"), "2025.x");
        assert_eq!(gantt_task_text("a:b"), "a#58;b");
    }
}
