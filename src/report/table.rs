//! `cutover table`: the plan as the appendix table offices exchange — STT,
//! Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Thời hạn (in the document's
//! words), Nguồn, Kết quả (left to fill in) — grouped by the document's
//! section (`II.3`, the appendix `PL`, point `1`) or, for tasks without a
//! source, by system. Markdown, CSV, HTML (one self-contained page) or xlsx
//! (one sheet per group).

use crate::model::{OrgIx, Plan, Task, TaskIx, UnitIx};
use crate::text::markdown as md;
use crate::text::visible_line;
use crate::time::Lang;
use std::borrow::Cow;

/// One group of rows.
#[derive(Clone, Debug)]
pub struct TableGroup {
    /// `PL`, `II.3`, `1`, a system id, or `-`.
    pub key: String,
    pub title: String,
    pub rows: Vec<TaskIx>,
}

/// The column headings, in `lang`.
fn headers(lang: Lang) -> [Cow<'static, str>; 7] {
    let locale = lang;
    [
        crate::t!("table.header.number", locale = locale),
        crate::t!("table.header.task", locale = locale),
        crate::t!("table.header.lead", locale = locale),
        crate::t!("table.header.support", locale = locale),
        crate::t!("table.header.deadline", locale = locale),
        crate::t!("table.header.source", locale = locale),
        crate::t!("table.header.result", locale = locale),
    ]
}

/// The section a task's clause belongs to: `II.3.b` → `II.3`, `1.a` → `1`,
/// `PL STT 20` → `PL`, `đoạn kết` → `đoạn kết`.
fn section(clause: &str) -> String {
    let c = clause.trim();
    let first = c.split_whitespace().next().unwrap_or("");
    if first.eq_ignore_ascii_case("PL") {
        return "PL".into();
    }
    match first.rsplit_once('.') {
        Some((head, _)) if !head.is_empty() => head.to_string(),
        _ if first.chars().all(|ch| ch.is_ascii_digit() || ch.is_ascii_uppercase()) && !first.is_empty() => first.to_string(),
        _ => c.to_string(),
    }
}

fn orgs(plan: &Plan, list: &[OrgIx], unit: Option<UnitIx>) -> String {
    list.iter()
        .map(|o| {
            let org = plan.org(*o);
            if unit.is_some() && org.per_unit { plan.org_name_for(*o, unit) } else { org.short.clone().unwrap_or_else(|| org.name.clone()) }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn deadline(plan: &Plan, t: &Task, lang: Lang) -> String {
    match t.pin() {
        Some(p) if t.due.is_none() => plan.written(p).into_owned(),
        _ => plan.due_text(t, lang).unwrap_or_default(),
    }
}

/// The groups, in the document's order.
pub fn groups(plan: &Plan, org: Option<OrgIx>, unit: Option<UnitIx>, lang: Lang) -> Vec<TableGroup> {
    let locale = lang;
    let mut out: Vec<TableGroup> = Vec::new();
    for (i, t) in plan.tasks.iter().enumerate() {
        if t.is_backout() {
            continue;
        }
        if org.is_some_and(|o| !t.involves(o)) {
            continue;
        }
        if let Some(u) = unit {
            let concerns = plan.applies_to(t, u) && (t.is_unit() || t.lead.iter().chain(&t.support).any(|o| plan.org(*o).per_unit));
            if !concerns {
                continue;
            }
        }
        let (key, title) = match t.source() {
            Some((s, clause)) => {
                let key = section(clause);
                let src = &plan.sources[s.ix()].id;
                let title = match key.as_str() {
                    "PL" => crate::t!("table.group.appendix", locale = locale, source = src),
                    k => crate::t!("table.group.section", locale = locale, section = k, source = src),
                }
                .into_owned();
                (key, title)
            }
            None => match t.system {
                Some(s) => (plan.systems[s.ix()].id.clone(), plan.systems[s.ix()].name.clone()),
                None => ("-".into(), crate::t!("table.group.other", locale = locale).into_owned()),
            },
        };
        match out.iter_mut().find(|g| g.key == key && g.title == title) {
            Some(g) => g.rows.push(TaskIx(i as u32)),
            None => out.push(TableGroup { key, title, rows: vec![TaskIx(i as u32)] }),
        }
    }
    out
}

/// A row's cells as text.
fn cells(plan: &Plan, n: usize, t: TaskIx, unit: Option<UnitIx>, lang: Lang) -> [String; 7] {
    let task = plan.task(t);
    let source = task.source().map(|(s, c)| format!("{} {c}", plan.sources[s.ix()].id).trim().to_string()).unwrap_or_default();
    [
        n.to_string(),
        task.title.clone(),
        orgs(plan, &task.lead, unit),
        orgs(plan, &task.support, unit),
        deadline(plan, task, lang),
        source,
        String::new(),
    ]
}

pub fn markdown(plan: &Plan, gs: &[TableGroup], unit: Option<UnitIx>, lang: Lang) -> String {
    let h = headers(lang);
    let mut out = format!("# {}\n\n", md(&plan.meta.title));
    for g in gs {
        out.push_str(&format!("## {}\n\n| {} |\n|{}\n", md(&g.title), h.join(" | "), "---|".repeat(h.len())));
        for (n, t) in g.rows.iter().enumerate() {
            let c = cells(plan, n + 1, *t, unit, lang);
            out.push_str(&format!("| {} |\n", c.iter().map(|x| md(x)).collect::<Vec<_>>().join(" | ")));
        }
        out.push('\n');
    }
    out
}

/// One CSV with the group as its first column; a cell that a spreadsheet
/// would run as a formula is quoted with a leading `'`.
pub fn csv(plan: &Plan, gs: &[TableGroup], unit: Option<UnitIx>, lang: Lang) -> String {
    let field = |s: &str| crate::report::checklist::csv_cell(&visible_line(s));
    let h = headers(lang);
    let mut out = format!("{},{}\n", crate::t!("table.header.group", locale = lang), h.join(","));
    for g in gs {
        for (n, t) in g.rows.iter().enumerate() {
            let c = cells(plan, n + 1, *t, unit, lang);
            out.push_str(&format!("{},{}\n", field(&g.key), c.iter().map(|x| field(x)).collect::<Vec<_>>().join(",")));
        }
    }
    out
}

/// Text of the plan in the page: control characters show as their visible
/// stand-ins ([`visible_line`]) before [`crate::text::xml`] escapes it.
fn html_escape(s: &str) -> String {
    crate::text::xml(&visible_line(s))
}

/// One printable page, no external asset.
pub fn html(plan: &Plan, gs: &[TableGroup], unit: Option<UnitIx>, lang: Lang) -> String {
    let h = headers(lang);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>body{{font-family:sans-serif;margin:1.5em}}table{{border-collapse:collapse;width:100%;margin-bottom:1.5em}}th,td{{border:1px solid #999;padding:4px 6px;vertical-align:top;font-size:13px}}th{{background:#eee}}@page{{size:A4 landscape}}</style></head><body>\n<h1>{}</h1>\n",
        crate::i18n::code(lang),
        html_escape(&plan.meta.title),
        html_escape(&plan.meta.title)
    );
    for g in gs {
        out.push_str(&format!("<h2>{}</h2>\n<table><thead><tr>", html_escape(&g.title)));
        for x in &h {
            out.push_str(&format!("<th>{x}</th>"));
        }
        out.push_str("</tr></thead><tbody>\n");
        for (n, t) in g.rows.iter().enumerate() {
            out.push_str("<tr>");
            for c in cells(plan, n + 1, *t, unit, lang) {
                out.push_str(&format!("<td>{}</td>", html_escape(&c)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// One sheet per group, named by its key (`PL`, `II.3`).
pub fn sheets(plan: &Plan, gs: &[TableGroup], unit: Option<UnitIx>, lang: Lang) -> Vec<crate::report::xlsx::Sheet> {
    use crate::report::xlsx::{Cell, Sheet};
    gs.iter()
        .map(|g| Sheet {
            name: g.key.clone(),
            header: headers(lang).into_iter().map(Cow::into_owned).collect(),
            rows: g
                .rows
                .iter()
                .enumerate()
                .map(|(n, t)| {
                    let c = cells(plan, n + 1, *t, unit, lang);
                    let mut row = vec![Cell::Number((n + 1) as f64)];
                    row.extend(
                        c.into_iter().skip(1).map(|x| if x.is_empty() { Cell::Empty } else { Cell::Text(visible_line(&x).into_owned()) }),
                    );
                    row
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::time::Lang;

    #[test]
    fn headers_in_both_languages() {
        assert_eq!(super::headers(Lang::Vi), ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Nguồn", "Kết quả"]);
        assert_eq!(super::headers(Lang::En), ["No.", "Task", "Lead", "Support", "Deadline", "Source", "Result"]);
    }

    #[test]
    fn html_text_is_escaped_and_controls_visible() {
        assert_eq!(super::html_escape("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
        // A control character shows as its stand-in, a line break or a tab as a space.
        assert_eq!(super::html_escape("a\u{1b}[2J\nb\tc\u{7f}"), "a\u{241b}[2J b c\u{2421}");
    }

    #[test]
    fn sections() {
        assert_eq!(super::section("II.3.b"), "II.3");
        assert_eq!(super::section("1.a"), "1");
        assert_eq!(super::section("PL STT 20"), "PL");
        assert_eq!(super::section("III.5 ý 1"), "III");
        assert_eq!(super::section("đoạn kết"), "đoạn kết");
        assert_eq!(super::section("III.4.c"), "III.4");
    }
}
