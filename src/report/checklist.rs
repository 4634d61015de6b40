//! `cutover checklist` in four forms: a terminal table, Markdown task lists,
//! CSV (one row per item, safe for spreadsheets) and JSON.

use crate::checklist::{By, Group, Item, Role, undated_title};
use crate::model::Plan;
use crate::text::markdown as md;
use crate::text::visible_line;
use crate::time::{Lang, fmt_instant};
use comfy_table::Cell;
use serde_json::json;
use std::borrow::Cow;
use std::io::{self, Write};

/// The words of a checklist in its language, looked up once per render
/// (never per item: a national checklist has ~90,000 of them).
struct L {
    due: Cow<'static, str>,
    todo: Cow<'static, str>,
    role: Cow<'static, str>,
    others: Cow<'static, str>,
    lead: Cow<'static, str>,
    support: Cow<'static, str>,
    source: Cow<'static, str>,
    first: Cow<'static, str>,
    time: Cow<'static, str>,
    items: Cow<'static, str>,
    units: Cow<'static, str>,
    heading: Cow<'static, str>,
    undated: Cow<'static, str>,
    /// The roles, by [`role_ix`].
    roles: [Cow<'static, str>; 3],
    /// The night's marks.
    done: Cow<'static, str>,
    blocked: Cow<'static, str>,
    overdue: Cow<'static, str>,
    /// A run sheet's times.
    all_day: Cow<'static, str>,
    end_of_day: Cow<'static, str>,
}

fn labels(lang: Lang) -> L {
    let locale = lang;
    L {
        due: crate::t!("checklist.label.due", locale = locale),
        todo: crate::t!("checklist.label.todo", locale = locale),
        role: crate::t!("checklist.label.role", locale = locale),
        others: crate::t!("checklist.label.others", locale = locale),
        lead: crate::t!("checklist.label.lead", locale = locale),
        support: crate::t!("checklist.label.support", locale = locale),
        source: crate::t!("checklist.label.source", locale = locale),
        first: crate::t!("checklist.label.first", locale = locale),
        time: crate::t!("checklist.label.time", locale = locale),
        items: crate::t!("checklist.label.items", locale = locale),
        units: crate::t!("checklist.label.units", locale = locale),
        heading: crate::t!("checklist.label.heading", locale = locale),
        undated: undated_title(lang),
        roles: [Role::Lead.label(lang), Role::Support.label(lang), Role::Approver.label(lang)],
        done: crate::t!("checklist.mark.done", locale = locale),
        blocked: crate::t!("checklist.mark.blocked", locale = locale),
        overdue: crate::t!("checklist.mark.overdue", locale = locale),
        all_day: crate::t!("checklist.time.all-day", locale = locale),
        end_of_day: crate::t!("checklist.time.end-of-day", locale = locale),
    }
}

fn role_ix(r: Role) -> usize {
    match r {
        Role::Lead => 0,
        Role::Support => 1,
        Role::Approver => 2,
    }
}

/// The fields of an item as every form prints them.
struct View {
    id: String,
    instance: String,
    title: String,
    due: String,
    role: String,
    others: String,
    lead: Vec<String>,
    support: Vec<String>,
    steps: Vec<String>,
    source: String,
    after: String,
}

fn view(plan: &Plan, it: &Item, l: &L, lang: Lang) -> View {
    let t = plan.task(it.task);
    let tz = plan.tz();
    let instance = match it.unit {
        Some(u) => format!("{}@{}", t.id, plan.unit(u).id),
        None => t.id.clone(),
    };
    let title = match it.units {
        Some(n) => format!("{} (×{n} {})", t.title, l.units),
        None => t.title.clone(),
    };
    // A deadline counted from an event: in the plan's words, and the
    // instant the schedule resolves it to.
    let mut due = match (t.when(), t.due_after()) {
        (Some(d), _) => d.expr.display(lang, tz),
        (None, Some(_)) => {
            let words = plan.due_text(t, lang).unwrap_or_default();
            match it.due {
                Some(at) => format!("{words} ({})", crate::time::fmt_instant(at, tz, lang, true)),
                None => words,
            }
        }
        (None, None) => String::new(),
    };
    if due.is_empty() {
        due = "—".into();
    }
    let (lead, support) = (it.lead(plan, lang), it.support(plan, lang));
    let mut others = Vec::new();
    if !lead.is_empty() {
        others.push(format!("{}: {}", l.lead, lead.join(", ")));
    }
    if !support.is_empty() {
        others.push(format!("{}: {}", l.support, support.join(", ")));
    }
    let source = t.source().map(|(s, clause)| format!("{} {clause}", plan.sources[s.ix()].id).trim().to_string()).unwrap_or_default();
    let after = it.after(plan).collect::<Vec<_>>().join(", ");
    View {
        id: t.id.clone(),
        instance,
        title,
        due,
        role: it.role.map(|r| l.roles[role_ix(r)].to_string()).unwrap_or_default(),
        others: others.join(" · "),
        lead,
        support,
        steps: it.steps(plan, lang),
        source,
        after,
    }
}

/// The box and the night's marks of an item: `☑`, `☐ (quá hạn)`, `☐ 42/96 …`.
fn tick(it: &Item, l: &L) -> (&'static str, String) {
    let Some(st) = it.state else { return ("☐", String::new()) };
    let mut marks = Vec::new();
    if st.total > 1 && !st.is_done() {
        marks.push(format!("{}/{} {}", st.done, st.total, l.done));
    }
    if st.blocked > 0 {
        marks.push(if st.total > 1 { format!("{} {}", st.blocked, l.blocked) } else { l.blocked.to_string() });
    }
    if st.overdue {
        marks.push(l.overdue.to_string());
    }
    (if st.is_done() { "☑" } else { "☐" }, if marks.is_empty() { String::new() } else { format!(" ({})", marks.join(", ")) })
}

fn split(items: &[Item]) -> (Vec<&Item>, Vec<&Item>) {
    items.iter().partition(|i| i.due.is_some())
}

/// A table per group, `width` columns wide on a terminal; written group by
/// group. Every text from the plan goes through [`visible_line`]: a title
/// with an escape sequence or a line break shows it as text, on its line.
pub fn text(w: &mut dyn Write, plan: &Plan, groups: &[Group], by: By, lang: Lang, width: Option<u16>) -> io::Result<()> {
    let l = labels(lang);
    let vl = |s: &str| visible_line(s).into_owned();
    for g in groups {
        let mut out = String::new();
        out.push_str(&format!("{} — {} {}\n", visible_line(&g.title), g.items.len(), l.items));
        for f in &g.facts {
            out.push_str(&format!("  {}\n", visible_line(f)));
        }
        let (dated, undated) = split(&g.items);
        for (heading, items) in [(None, dated), (Some(&l.undated), undated)] {
            if items.is_empty() {
                continue;
            }
            if let Some(h) = heading {
                if by != By::Day {
                    out.push_str(&format!("{h}:\n"));
                }
            }
            let mut t = super::new_table(width);
            let day = by == By::Day;
            // A run sheet is narrower: when, what, who leads, what must be finished first.
            let header: Vec<&str> =
                if day { vec!["", &l.time, &l.todo, &l.lead, &l.first] } else { vec!["", &l.due, &l.todo, &l.role, &l.others, &l.source] };
            t.set_header(header.into_iter().map(Cell::new));
            for it in items {
                let v = view(plan, it, &l, lang);
                let (mark, marks) = tick(it, &l);
                // The cell's own line breaks: the title, the instance, a step a line.
                let mut todo = format!("{}{marks}\n{}", visible_line(&v.title), visible_line(&v.instance));
                for s in &v.steps {
                    todo.push_str(&format!("\n  ☐ {}", visible_line(s)));
                }
                let row = if day {
                    vec![
                        Cell::new(mark),
                        Cell::new(due_time(plan, it, &l, lang)),
                        Cell::new(todo),
                        Cell::new(vl(&v.lead.join(", "))),
                        Cell::new(vl(&v.after)),
                    ]
                } else {
                    vec![
                        Cell::new(mark),
                        Cell::new(vl(&v.due)),
                        Cell::new(todo),
                        Cell::new(&v.role),
                        Cell::new(vl(&v.others)),
                        Cell::new(vl(&v.source)),
                    ]
                };
                t.add_row(row);
            }
            out.push_str(&t.to_string());
            out.push('\n');
        }
        out.push('\n');
        w.write_all(out.as_bytes())?;
    }
    Ok(())
}

/// On a run sheet, the time within its day: `14:30` or `24:00` for an
/// instant, "all day" for a `ngày D` window, "by end of day" otherwise.
fn due_time(plan: &Plan, it: &Item, l: &L, lang: Lang) -> String {
    use crate::time::TimeKind;
    let t = plan.task(it.task);
    match (t.when(), it.due) {
        (Some(d), Some(at)) if d.expr.kind == TimeKind::At => {
            let s = fmt_instant(at, plan.tz(), lang, true);
            s.split([' ', 'T']).find(|p| p.contains(':')).unwrap_or(&s).to_string()
        }
        (Some(d), _) if d.expr.kind == TimeKind::OnDay => l.all_day.to_string(),
        (Some(_), _) => l.end_of_day.to_string(),
        (None, _) => "—".into(),
    }
}

/// GitHub task lists, one section per group; printable.
pub fn markdown(w: &mut dyn Write, plan: &Plan, groups: &[Group], by: By, lang: Lang) -> io::Result<()> {
    let l = labels(lang);
    write!(w, "# {} — {}\n\n", l.heading, md(&plan.meta.title))?;
    for g in groups {
        let mut out = String::new();
        out.push_str(&format!("## {} ({} {})\n\n", md(&g.title), g.items.len(), l.items));
        for f in &g.facts {
            out.push_str(&format!("- {}\n", md(f)));
        }
        if !g.facts.is_empty() {
            out.push('\n');
        }
        let (dated, undated) = split(&g.items);
        for (heading, items) in [(None, dated), (Some(&l.undated), undated)] {
            if items.is_empty() {
                continue;
            }
            if let (Some(h), false) = (heading, by == By::Day) {
                out.push_str(&format!("### {h}\n\n"));
            }
            for it in items {
                let v = view(plan, it, &l, lang);
                let due = if by == By::Day { due_time(plan, it, &l, lang) } else { v.due.clone() };
                let (mark, marks) = tick(it, &l);
                let x = if mark == "☑" { "x" } else { " " };
                let mut line = format!("- [{x}] **{}** — {}{} (`{}`)", md(&due), md(&v.title), md(&marks), v.instance);
                if !v.role.is_empty() {
                    line.push_str(&format!(" — *{}*", v.role));
                }
                if !v.others.is_empty() {
                    line.push_str(&format!(" — {}", md(&v.others)));
                }
                if by == By::Day && !v.after.is_empty() {
                    line.push_str(&format!(" — {}: {}", l.first, md(&v.after)));
                }
                if !v.source.is_empty() {
                    line.push_str(&format!(" — {}: {}", l.source, md(&v.source)));
                }
                out.push_str(&line);
                out.push('\n');
                for s in &v.steps {
                    out.push_str(&format!("  - [{x}] {}\n", md(s)));
                }
            }
            out.push('\n');
        }
        w.write_all(out.as_bytes())?;
    }
    Ok(())
}

/// A CSV cell: quoted when needed (RFC 4180), and a leading `=`, `+`, `-`,
/// `@`, tab or carriage return neutralised with `'` so a spreadsheet never
/// runs it as a formula.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// One row per item.
pub fn csv(w: &mut dyn Write, plan: &Plan, groups: &[Group], lang: Lang) -> io::Result<()> {
    let tz = plan.tz();
    let l = labels(lang);
    w.write_all(b"group,group_title,done,due,due_at,task,instance,units,title,role,lead,support,steps,after,source\n")?;
    for g in groups {
        for it in &g.items {
            let v = view(plan, it, &l, lang);
            let cells = [
                g.key.clone(),
                g.title.clone(),
                if it.state.is_some_and(|s| s.is_done()) { "yes".into() } else { "no".into() },
                if it.due.is_some() { v.due.clone() } else { String::new() },
                it.due.map(|d| tz.rfc3339(d)).unwrap_or_default(),
                v.id.clone(),
                v.instance.clone(),
                it.units.map(|n| n.to_string()).unwrap_or_default(),
                plan.task(it.task).title.clone(),
                it.role.map(|r| r.key().to_string()).unwrap_or_default(),
                v.lead.join("; "),
                v.support.join("; "),
                v.steps.join(" | "),
                v.after.clone(),
                v.source.clone(),
            ];
            let mut line = cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",");
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

/// `{"plan", "title", "by", "groups": [{"key", "title", "facts", "items": [...]}]}`,
/// written as it goes (one item a line): a checklist of a million items
/// never stands whole in memory.
pub fn json(w: &mut dyn Write, plan: &Plan, groups: &[Group], by: By, lang: Lang) -> io::Result<()> {
    let by = match by {
        By::Org => "org",
        By::Unit => "unit",
        By::System => "system",
        By::Day => "day",
    };
    let js = |v: &serde_json::Value| serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    write!(w, "{{\"plan\": {}, \"title\": {}, \"by\": \"{by}\", \"groups\": [", js(&json!(plan.meta.id)), js(&json!(plan.meta.title)))?;
    // The items are cut into batches of about JSON_BATCH items, serialised
    // on every core and written in order as they are ready: the national
    // plan's 93,000 items are 70 MB. A batch is a run of pieces of groups
    // (a group of a commune's ~30 items is one piece among several): one
    // batch a group sent 3,333 small buffers between threads.
    let mut pieces: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let mut at = 0;
        loop {
            let end = (at + JSON_BATCH).min(g.items.len());
            pieces.push((gi, at..end));
            at = end;
            if at >= g.items.len() {
                break;
            }
        }
    }
    let mut batches: Vec<&[(usize, std::ops::Range<usize>)]> = Vec::new();
    let (mut from, mut items) = (0, 0);
    for (k, (_, r)) in pieces.iter().enumerate() {
        items += r.len();
        if items >= JSON_BATCH || k + 1 == pieces.len() {
            batches.push(&pieces[from..=k]);
            (from, items) = (k + 1, 0);
        }
    }
    // Written buffers come back to be filled again: fresh memory for 70 MB
    // of output would be zeroed page by page.
    let spare: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());
    let render = |batch: &&[(usize, std::ops::Range<usize>)], cache: &mut JsonCache| -> io::Result<Vec<u8>> {
        let mut out = spare.lock().ok().and_then(|mut s| s.pop()).unwrap_or_default();
        out.clear();
        for (gi, range) in batch.iter() {
            let g = &groups[*gi];
            if range.start == 0 {
                let sep = if *gi == 0 { "" } else { "," };
                write!(
                    out,
                    "{sep}\n {{\"key\": {}, \"title\": {}, \"facts\": {}, \"items\": [",
                    js(&json!(g.key)),
                    js(&json!(g.title)),
                    js(&json!(g.facts))
                )?;
            }
            for ii in range.clone() {
                let sep = if ii == 0 { "" } else { "," };
                write!(out, "{sep}\n  ")?;
                json_item(&mut out, plan, &g.items[ii], lang, cache)?;
            }
            if range.end == g.items.len() {
                write!(out, "]}}")?;
            }
        }
        Ok(out)
    };
    let workers = crate::par::workers(batches.len(), 1, usize::MAX);
    if workers == 1 {
        let mut cache = JsonCache::default();
        for b in &batches {
            let out = render(b, &mut cache)?;
            w.write_all(&out)?;
            if let Ok(mut s) = spare.lock() {
                s.push(out);
            }
        }
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, io::Result<Vec<u8>>)>(workers * 2);
        std::thread::scope(|scope| -> io::Result<()> {
            for _ in 0..workers {
                let (tx, next, batches, render) = (tx.clone(), &next, &batches, &render);
                let _ = &spare;
                scope.spawn(move || {
                    let mut cache = JsonCache::default();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(b) = batches.get(i) else { break };
                        if tx.send((i, render(b, &mut cache))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            let mut waiting: std::collections::HashMap<usize, Vec<u8>> = std::collections::HashMap::new();
            let mut want = 0;
            for (i, out) in rx {
                waiting.insert(i, out?);
                while let Some(out) = waiting.remove(&want) {
                    w.write_all(&out)?;
                    if let Ok(mut s) = spare.lock() {
                        s.push(out);
                    }
                    want += 1;
                }
            }
            Ok(())
        })?;
    }
    writeln!(w, "]}}")
}

/// Items serialised per batch of the JSON checklist.
const JSON_BATCH: usize = 256;

/// What repeats across a checklist's items, formatted (and escaped) once
/// per worker: instants, and each task's and each org's JSON text. The
/// national plan's 93,000 items hold ~60 tasks' titles and steps.
#[derive(Default)]
struct JsonCache {
    instants: std::collections::HashMap<i64, String>,
    /// A task's `"title":…,"due":` middle is not cached (the due is the
    /// instance's); these are the parts that are the task's alone.
    tasks: std::collections::HashMap<u32, TaskJson>,
    /// An org's name as a JSON string, for a unit (or none).
    orgs: std::collections::HashMap<(u32, Option<u32>), String>,
}

/// A task's JSON fields that are the same in every item of it.
struct TaskJson {
    /// `"task":"…"`.
    task: String,
    /// The title as a JSON string.
    title: String,
    /// `"due_text":…,"due_display":…`.
    due_words: String,
    /// The steps as a JSON array, when no step has a unit placeholder.
    steps: Option<String>,
    /// `"after":[…],"source":…`.
    after_source: String,
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "null".into())
}

fn task_json(plan: &Plan, task: crate::model::TaskIx, lang: Lang) -> TaskJson {
    let t = plan.task(task);
    let tz = plan.tz();
    let opt = |s: Option<String>| s.map_or_else(|| "null".to_string(), |s| json_str(&s));
    let due_words = format!(
        "\"due_text\":{},\"due_display\":{}",
        opt(t.when().map(|d| plan.written(d).to_string()).or_else(|| plan.due_text(t, plan.meta.lang))),
        opt(t.when().map(|d| d.expr.display(lang, tz)).or_else(|| plan.due_text(t, lang)))
    );
    let steps = (!t.steps().iter().any(|s| s.contains("{unit."))).then(|| {
        let mut all = t.steps().to_vec();
        all.extend(crate::checklist::extra_lines(plan, task, lang));
        serde_json::to_string(&all).unwrap_or_else(|_| "[]".into())
    });
    let after: Vec<&str> = t.after.iter().map(|d| plan.task(d.task).id.as_str()).collect();
    let source = t.source().map(|(s, clause)| format!("{} {clause}", plan.sources[s.ix()].id).trim().to_string()).filter(|s| !s.is_empty());
    TaskJson {
        task: format!("\"task\":{}", json_str(&t.id)),
        title: json_str(&t.title),
        due_words,
        steps,
        after_source: format!("\"after\":{},\"source\":{}", serde_json::to_string(&after).unwrap_or_else(|_| "[]".into()), opt(source)),
    }
}

/// One item, written field by field in the order of the JSON form (task,
/// instance, unit, units, title, due, due_text, due_display, role, lead,
/// support, steps, after, source, early_start, done, done_count, blocked,
/// overdue): no `Value`, and what an item shares with its task is escaped once.
fn json_item(out: &mut Vec<u8>, plan: &Plan, it: &Item, lang: Lang, cache: &mut JsonCache) -> io::Result<()> {
    let tz = plan.tz();
    let t = plan.task(it.task);
    let JsonCache { instants, tasks, orgs } = cache;
    let tj = tasks.entry(it.task.0).or_insert_with(|| task_json(plan, it.task, lang));
    let mut stamp = |out: &mut Vec<u8>, at: Option<crate::time::Instant>| -> io::Result<()> {
        match at {
            Some(at) => {
                let s = instants.entry(at.0).or_insert_with(|| json_str(&tz.rfc3339(at)));
                out.extend_from_slice(s.as_bytes());
                Ok(())
            }
            None => out.write_all(b"null"),
        }
    };
    let unit = it.unit.map(|u| plan.unit(u).id.as_str());
    out.push(b'{');
    out.extend_from_slice(tj.task.as_bytes());
    out.extend_from_slice(b",\"instance\":");
    match unit {
        Some(u) => serde_json::to_writer(&mut *out, &format!("{}@{u}", t.id)).map_err(io::Error::other)?,
        None => out.extend_from_slice(tj.task[7..].as_bytes()),
    }
    out.extend_from_slice(b",\"unit\":");
    serde_json::to_writer(&mut *out, &unit).map_err(io::Error::other)?;
    write!(out, ",\"units\":")?;
    match it.units {
        Some(n) => write!(out, "{n}")?,
        None => out.write_all(b"null")?,
    }
    out.extend_from_slice(b",\"title\":");
    out.extend_from_slice(tj.title.as_bytes());
    out.extend_from_slice(b",\"due\":");
    stamp(out, it.due)?;
    out.push(b',');
    out.extend_from_slice(tj.due_words.as_bytes());
    out.extend_from_slice(b",\"role\":");
    match it.role {
        Some(r) => serde_json::to_writer(&mut *out, r.key()).map_err(io::Error::other)?,
        None => out.write_all(b"null")?,
    }
    for (key, list) in [("lead", &t.lead), ("support", &t.support)] {
        write!(out, ",\"{key}\":[")?;
        let mut first = true;
        for &o in list.iter().filter(|o| !it.reader.reads(plan, **o)) {
            if !first {
                out.push(b',');
            }
            first = false;
            let per_unit = plan.org(o).per_unit;
            let name = orgs
                .entry((o.0, if per_unit { it.unit.map(|u| u.0) } else { None }))
                .or_insert_with(|| json_str(&crate::checklist::org_display(plan, o, it.unit, lang)));
            out.extend_from_slice(name.as_bytes());
        }
        out.push(b']');
    }
    out.extend_from_slice(b",\"steps\":");
    match &tj.steps {
        Some(s) => out.extend_from_slice(s.as_bytes()),
        None => serde_json::to_writer(&mut *out, &it.steps(plan, lang)).map_err(io::Error::other)?,
    }
    out.push(b',');
    out.extend_from_slice(tj.after_source.as_bytes());
    out.extend_from_slice(b",\"early_start\":");
    stamp(out, it.early_start)?;
    let st = it.state;
    write!(
        out,
        ",\"done\":{},\"done_count\":{},\"blocked\":{},\"overdue\":{}}}",
        st.is_some_and(|s| s.is_done()),
        st.map_or_else(|| "null".to_string(), |s| s.done.to_string()),
        st.is_some_and(|s| s.blocked > 0),
        st.is_some_and(|s| s.overdue)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn labels_in_both_languages() {
        let (vi, en) = (labels(Lang::Vi), labels(Lang::En));
        assert_eq!((&*vi.heading, &*en.heading), ("Danh sách việc cần làm", "Checklist"));
        assert_eq!((&*vi.first, &*en.first), ("Cần xong trước", "Finish first"));
        assert_eq!((&*vi.end_of_day, &*en.end_of_day), ("hết ngày", "by end of day"));
        assert_eq!((&*vi.roles[role_ix(Role::Lead)], &*en.roles[role_ix(Role::Lead)]), ("chủ trì", "lead"));
        assert_eq!((&*vi.undated, &*en.undated), ("Chưa có thời hạn", "No deadline"));
    }

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(md("<b>*x*</b> [y](z)"), "\\<b\\>\\*x\\*\\</b\\> \\[y\\](z)");
    }

    #[test]
    fn markdown_text_stays_on_one_line_without_controls() {
        // A line break cannot start a list item or a heading.
        assert_eq!(md("Title\n- [x] forged\r\n# heading"), "Title - \\[x\\] forged  \\# heading");
        assert_eq!(md("a\u{2028}b\u{85}c"), "a b c");
        // Escape sequences, BEL and C1 controls show as text.
        let m = md("x\u{1b}[2J\u{1b}]8;;http://x\u{7}y\u{9b}31m");
        assert_eq!(m, "x\u{241b}\\[2J\u{241b}\\]8;;http://x\u{2407}y\u{fffd}31m");
        assert!(!m.chars().any(|c| c.is_control()), "{m:?}");
    }
}

/// `checklist PLAN` with no filter, on text: one line per list (its items,
/// how many are done on the night, the first due), then how to get the
/// lists themselves. The full lists of a whole plan run to thousands of
/// lines; nobody reads them on a terminal.
pub fn summary(w: &mut dyn Write, plan: &Plan, groups: &[Group], lang: Lang) -> io::Result<()> {
    let l = labels(lang);
    let locale = lang;
    let tz = plan.tz();
    let mut out = format!("{} — {}\n", l.heading, visible_line(&plan.meta.title));
    let total: usize = groups.iter().map(|g| g.items.len()).sum();
    out.push_str(&crate::t!("checklist.summary.count", locale = locale, lists = groups.len(), items = total));
    out.push_str("\n\n");
    for g in groups {
        let done = g.items.iter().filter(|i| i.state.as_ref().is_some_and(|s| s.is_done())).count();
        let open = g.items.iter().filter(|i| !i.state.as_ref().is_some_and(|s| s.is_done()));
        let first = open.filter_map(|i| i.due.map(|d| (d, i))).min_by_key(|(d, _)| *d);
        let mut line = format!("  {} — {} {}", visible_line(&g.title), g.items.len(), l.items);
        if g.items.iter().any(|i| i.state.is_some()) {
            line.push_str(", ");
            line.push_str(&crate::t!("checklist.summary.done", locale = locale, done = done));
        }
        if let Some((d, it)) = first {
            let t = plan.task(it.task);
            let when = t.when().map(|w| w.expr.display(lang, tz)).unwrap_or_else(|| fmt_instant(d, tz, lang, true));
            line.push_str("; ");
            line.push_str(&crate::t!("checklist.summary.next", locale = locale, when = when, task = t.id));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&crate::t!("checklist.summary.hint", locale = locale));
    out.push('\n');
    w.write_all(out.as_bytes())
}

/// A workbook a technician can tick and a coordinator can filter: one sheet
/// per list, the due as a real date, a "Xong" column to fill in (already
/// `x` where the status log says done).
pub fn xlsx_sheets(plan: &Plan, groups: &[Group], lang: Lang) -> Vec<crate::report::xlsx::Sheet> {
    use crate::report::xlsx::{Cell, Sheet};
    let l = labels(lang);
    let locale = lang;
    let tz = plan.tz();
    let header: Vec<String> = [
        crate::t!("checklist.label.done", locale = locale),
        l.due.clone(),
        crate::t!("checklist.label.due-written", locale = locale),
        l.todo.clone(),
        l.role.clone(),
        l.lead.clone(),
        l.support.clone(),
        l.source.clone(),
        crate::t!("checklist.label.id", locale = locale),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    groups
        .iter()
        .map(|g| Sheet {
            name: g.title.clone(),
            header: header.clone(),
            rows: g
                .items
                .iter()
                .map(|it| {
                    let v = view(plan, it, &l, lang);
                    let t = plan.task(it.task);
                    let text = |s: String| if s.is_empty() { Cell::Empty } else { Cell::Text(visible_line(&s).into_owned()) };
                    vec![
                        if it.state.is_some_and(|s| s.is_done()) { Cell::Text("x".into()) } else { Cell::Empty },
                        // The instant itself (24:00 of a day is 00:00 of the next).
                        it.due.map_or(Cell::Empty, |d| Cell::Date(tz.local(d))),
                        text(if it.due.is_some() { v.due.clone() } else { String::new() }),
                        text(match it.units {
                            Some(n) => format!("{} (×{n})", t.title),
                            None => t.title.clone(),
                        }),
                        text(it.role.map(|r| l.roles[role_ix(r)].to_string()).unwrap_or_default()),
                        text(v.lead.join("; ")),
                        text(v.support.join("; ")),
                        text(v.source.clone()),
                        text(v.instance.clone()),
                    ]
                })
                .collect(),
        })
        .collect()
}
