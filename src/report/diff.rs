//! `cutover diff` for people (text), for a pull-request comment (Markdown)
//! and for tools (JSON).

use crate::diff::{PathSide, PlanDiff, Seen};
use crate::report::critical::signed;
use crate::text::markdown as md;
use crate::text::visible_line;
use crate::time::Lang;
use serde_json::{Value, json};
use std::borrow::Cow;

/// The words of the report in one language, looked up once per render.
struct L {
    added: Cow<'static, str>,
    removed: Cow<'static, str>,
    changed: Cow<'static, str>,
    introduced: Cow<'static, str>,
    fixed: Cow<'static, str>,
    path: Cow<'static, str>,
    margin: Cow<'static, str>,
    before: Cow<'static, str>,
    after: Cow<'static, str>,
    nothing: Cow<'static, str>,
    none: Cow<'static, str>,
    same: Cow<'static, str>,
    error: Cow<'static, str>,
    warning: Cow<'static, str>,
}

fn labels(lang: Lang) -> L {
    let loc = crate::i18n::code(lang);
    L {
        added: crate::t!("diff.added", locale = loc),
        removed: crate::t!("diff.removed", locale = loc),
        changed: crate::t!("diff.changed", locale = loc),
        introduced: crate::t!("diff.introduced", locale = loc),
        fixed: crate::t!("diff.fixed", locale = loc),
        path: crate::t!("diff.path", locale = loc),
        margin: crate::t!("diff.margin", locale = loc),
        before: crate::t!("diff.before", locale = loc),
        after: crate::t!("diff.after", locale = loc),
        nothing: crate::t!("diff.nothing", locale = loc),
        none: crate::t!("diff.no-schedule", locale = loc),
        same: crate::t!("diff.unchanged", locale = loc),
        error: crate::t!("common.error", locale = loc),
        warning: crate::t!("common.warning", locale = loc),
    }
}

/// `error[rule]: message` (`lỗi[rule]: …`): the tag as `check` prints a finding.
fn finding_line(f: &Seen, l: &L) -> String {
    format!("{}[{}]: {}", if f.error { &l.error } else { &l.warning }, f.rule, visible_line(&f.message))
}

fn path_text(p: &Option<PathSide>, l: &L) -> (String, String) {
    match p {
        Some(p) => (p.tasks.join(" → "), p.margin.map(signed).unwrap_or_else(|| "–".into())),
        None => (l.none.to_string(), "–".into()),
    }
}

/// Text in the plan's language.
pub fn text(d: &PlanDiff, lang: Lang) -> String {
    let l = labels(lang);
    let mut out = String::new();
    if d.is_empty() {
        out.push_str(&l.nothing);
        out.push('\n');
    }
    if !d.added.is_empty() {
        out.push_str(&format!("{} ({}):\n", l.added, d.added.len()));
        for (id, title) in &d.added {
            out.push_str(&format!("  + {id} — {}\n", visible_line(title)));
        }
    }
    if !d.removed.is_empty() {
        out.push_str(&format!("{} ({}):\n", l.removed, d.removed.len()));
        for (id, title) in &d.removed {
            out.push_str(&format!("  - {id} — {}\n", visible_line(title)));
        }
    }
    if !d.changed.is_empty() {
        out.push_str(&format!("{} ({}):\n", l.changed, d.changed.len()));
        for c in &d.changed {
            out.push_str(&format!("  ~ {}\n", c.id));
            for ch in &c.changes {
                out.push_str(&format!("      {}: {} → {}\n", ch.field, or_dash(&ch.old), or_dash(&ch.new)));
            }
        }
    }
    for (head, list) in [(&l.introduced, &d.introduced), (&l.fixed, &d.fixed)] {
        if !list.is_empty() {
            out.push_str(&format!("{head} ({}):\n", list.len()));
            for f in list {
                out.push_str(&format!("  {}\n", finding_line(f, &l)));
            }
        }
    }
    let (pb, mb) = path_text(&d.before, &l);
    let (pa, ma) = path_text(&d.after, &l);
    if pa == pb {
        out.push_str(&format!("{}: {pb} ({})\n", l.path, l.same));
    } else {
        out.push_str(&format!("{}: {} {pb}\n", l.path, l.before));
        out.push_str(&format!("{}: {} {pa}\n", l.path, l.after));
    }
    out.push_str(&format!("{}: {mb} → {ma}\n", l.margin));
    out
}

fn or_dash(s: &str) -> String {
    if s.is_empty() { "–".into() } else { visible_line(s).into_owned() }
}

/// A pull-request comment.
pub fn markdown(d: &PlanDiff, lang: Lang) -> String {
    let l = labels(lang);
    let mut out = String::from("### cutover diff\n\n");
    if d.is_empty() {
        out.push_str(&l.nothing);
        out.push_str("\n\n");
    }
    if !d.added.is_empty() || !d.removed.is_empty() {
        for (sign, head, list) in [("+", &l.added, &d.added), ("−", &l.removed, &d.removed)] {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("**{head}** ({})\n\n", list.len()));
            for (id, title) in list {
                out.push_str(&format!("- {sign} `{id}` — {}\n", md(title)));
            }
            out.push('\n');
        }
    }
    if !d.changed.is_empty() {
        out.push_str(&format!(
            "**{}** ({})\n\n| {} | {} | {} | {} |\n|---|---|---|---|\n",
            l.changed,
            d.changed.len(),
            crate::t!("diff.col.task", locale = lang),
            crate::t!("diff.col.field", locale = lang),
            l.before,
            l.after
        ));
        for c in &d.changed {
            for ch in &c.changes {
                out.push_str(&format!("| `{}` | {} | {} | {} |\n", c.id, ch.field, md(&or_dash(&ch.old)), md(&or_dash(&ch.new))));
            }
        }
        out.push('\n');
    }
    for (head, list) in [(&l.introduced, &d.introduced), (&l.fixed, &d.fixed)] {
        if !list.is_empty() {
            out.push_str(&format!("**{head}** ({})\n\n", list.len()));
            for f in list {
                out.push_str(&format!("- {}\n", md(&finding_line(f, &l))));
            }
            out.push('\n');
        }
    }
    let (pb, mb) = path_text(&d.before, &l);
    let (pa, ma) = path_text(&d.after, &l);
    out.push_str(&format!("| | {} | {} |\n|---|---|---|\n", l.before, l.after));
    out.push_str(&format!("| {} | {} | {} |\n", l.path, md(&pb), md(&pa)));
    out.push_str(&format!("| {} | {mb} | {ma} |\n", l.margin));
    out
}

fn seen_json(f: &Seen) -> Value {
    json!({"rule": f.rule, "severity": if f.error { "error" } else { "warning" }, "subject": f.subject, "message": f.message})
}

fn side_json(p: &Option<PathSide>) -> Value {
    match p {
        Some(p) => json!({"path": p.tasks, "margin_minutes": p.margin}),
        None => Value::Null,
    }
}

/// `{"added", "removed", "changed", "introduced", "fixed", "before", "after", "worse"}`.
pub fn json(d: &PlanDiff) -> Value {
    json!({
        "added": d.added.iter().map(|(id, title)| json!({"task": id, "title": title})).collect::<Vec<_>>(),
        "removed": d.removed.iter().map(|(id, title)| json!({"task": id, "title": title})).collect::<Vec<_>>(),
        "changed": d.changed.iter().map(|c| json!({
            "task": c.id,
            "title": c.title,
            "changes": c.changes.iter().map(|ch| json!({"field": ch.field, "old": ch.old, "new": ch.new})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "introduced": d.introduced.iter().map(seen_json).collect::<Vec<_>>(),
        "fixed": d.fixed.iter().map(seen_json).collect::<Vec<_>>(),
        "before": side_json(&d.before),
        "after": side_json(&d.after),
        "worse": d.worse(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> PlanDiff {
        PlanDiff {
            added: vec![("a.new".into(), "Việc mới".into())],
            removed: Vec::new(),
            changed: Vec::new(),
            introduced: Vec::new(),
            fixed: Vec::new(),
            before: None,
            after: Some(PathSide { tasks: vec!["a".into(), "b".into()], margin: Some(-120) }),
        }
    }

    #[test]
    fn the_report_follows_its_language() {
        let d = empty();
        assert_eq!(
            text(&d, Lang::Vi),
            "Nhiệm vụ thêm (1):\n  + a.new — Việc mới\nĐường găng: trước (không lập được lịch)\nĐường găng: sau a → b\nDự phòng đến T-0: – → -2h\n"
        );
        assert_eq!(
            text(&d, Lang::En),
            "Tasks added (1):\n  + a.new — Việc mới\nCritical path: before (no schedule)\nCritical path: after a → b\nMargin to T-0: – → -2h\n"
        );
    }
}
