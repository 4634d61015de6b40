//! Writing the draft: TOML in the plan format, each guess with a
//! `# review: …` comment in the CLI language.

use super::Draft;
use std::fmt::Write;

/// A TOML basic string.
pub(super) fn q(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            c if c.is_control() => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn list(v: &[String]) -> String {
    format!("[{}]", v.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "))
}

fn review(out: &mut String, r: &Option<String>) {
    if let Some(r) = r {
        // One line: a comment never spills into the TOML.
        let r = r.replace(['\n', '\r'], " ");
        let _ = writeln!(out, "# {}: {}", crate::t!("import.review-word"), r);
    }
}

/// The draft as TOML text; `units` is the units file (name, text) to copy in.
pub fn toml(d: &Draft, units: Option<&(String, String)>, file: Option<&str>) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}", crate::t!("import.header"));
    if let Some(i) = &d.issuer {
        let _ = writeln!(o, "# {}", crate::t!("import.issuer", name = i));
    }
    o.push('\n');
    o.push_str("[plan]\n");
    let _ = writeln!(o, "id       = {}", q(&d.plan_id));
    let _ = writeln!(o, "title    = {}", q(&d.title));
    o.push_str("timezone = \"Asia/Ho_Chi_Minh\"\n");
    review(&mut o, &d.start.review);
    let _ = writeln!(o, "start    = {}", q(&d.start.value));
    review(&mut o, &d.cutover.review);
    let _ = writeln!(o, "cutover  = {}", q(&d.cutover.value));
    if !d.groups.value.is_empty() {
        review(&mut o, &d.groups.review);
        let _ = writeln!(o, "groups   = {}", list(&d.groups.value));
    }
    o.push_str("\n[[source]]\n");
    let _ = writeln!(o, "id    = {}", q(&d.source_id));
    let _ = writeln!(o, "title = {}", q(&d.source_title));
    if let Some(n) = &d.number {
        let _ = writeln!(o, "number = {}", q(n));
    }
    if let Some(n) = &d.date {
        let _ = writeln!(o, "date  = {}", q(n));
    }
    if let Some(f) = file {
        let _ = writeln!(o, "file  = {}", q(f));
    }
    o.push('\n');
    for org in &d.orgs {
        if org.new {
            review(&mut o, &Some(crate::t!("import.review.org-declared", name = org.name).into_owned()));
        }
        let _ = writeln!(o, "[org.{}]", org.id);
        let _ = writeln!(o, "name = {}", q(&org.name));
        if !org.short.is_empty() {
            let _ = writeln!(o, "short = {}", q(&org.short));
        }
        if !org.kind.is_empty() {
            let _ = writeln!(o, "kind = {}", q(&org.kind));
        }
        if org.per_unit && units.is_some() {
            o.push_str("per_unit = true\n");
        }
        o.push('\n');
    }
    for s in &d.systems {
        let _ = writeln!(o, "[system.{}]\nname = {}\n", s.id, q(&s.name));
    }
    for t in &d.tasks {
        o.push_str("[[task]]\n");
        let _ = writeln!(o, "id      = {}", q(&t.id));
        review(&mut o, &t.title.review);
        let _ = writeln!(o, "title   = {}", q(&t.title.value));
        if let Some(s) = &t.system {
            let _ = writeln!(o, "system  = {}", q(s));
        }
        review(&mut o, &t.lead.review);
        if t.lead.value.len() == 1 {
            let _ = writeln!(o, "lead    = {}", q(&t.lead.value[0]));
        } else {
            let _ = writeln!(o, "lead    = {}", list(&t.lead.value));
        }
        review(&mut o, &t.support.review);
        if !t.support.value.is_empty() {
            let _ = writeln!(o, "support = {}", list(&t.support.value));
        }
        review(&mut o, &t.due.review);
        if let Some(e) = &t.due.value {
            let _ = writeln!(o, "due     = {}", q(e));
        }
        review(&mut o, &t.repeat.review);
        if let Some((from, to)) = &t.repeat.value {
            let _ = writeln!(o, "repeat  = {{ from = {}, to = {} }}", q(from), q(to));
        }
        if let Some(r) = &t.scope_unit {
            if r.is_empty() {
                o.push_str("scope   = \"unit\"\n");
            } else {
                review(&mut o, &Some(r.clone()));
            }
        }
        if let Some(w) = &t.wave {
            let _ = writeln!(o, "wave    = {}", q(w));
        }
        if !t.after.value.is_empty() {
            review(&mut o, &t.after.review);
            let _ = writeln!(o, "after   = {}", list(&t.after.value));
        } else {
            review(&mut o, &t.after.review);
        }
        let _ = writeln!(o, "source  = {}", q(&t.source));
        if !t.steps.is_empty() {
            o.push_str("steps   = [\n");
            for s in &t.steps {
                let _ = writeln!(o, "  {},", q(s));
            }
            o.push_str("]\n");
        }
        o.push('\n');
    }
    if let Some((name, text)) = units {
        let _ = writeln!(o, "# {}", crate::t!("import.units-copied", file = name));
        o.push_str(text);
        if !text.ends_with('\n') {
            o.push('\n');
        }
    }
    o
}
