//! `cutover graph`: the task dependency graph as Graphviz DOT or a Mermaid
//! flowchart — clustered by system, unit tasks folded into one node (`×96`),
//! the critical path's edges bold. Node ids are generated (`t0`, `t1`, …) and
//! every text from the plan is escaped, so any id or title is valid DOT and
//! Mermaid and shows as text.

use crate::model::{Plan, TaskIx};
use crate::text::{visible, visible_line};
use std::collections::HashSet;
use std::fmt::Write as _;

/// A DOT double-quoted string: `"` and `\` escaped, line breaks as `\n`, a
/// carriage return dropped, and every other control character (ESC, BEL, C1,
/// bidi overrides) as its visible stand-in ([`visible`]): no raw control
/// character reaches the DOT file or the picture drawn from it.
pub fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    // A carriage return is dropped (`\r\n` is one line break).
    for part in s.split('\r') {
        for c in visible(part).chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}

/// Plan text as Mermaid label text, on one line ([`visible_line`]: line
/// breaks as spaces, control characters as visible stand-ins), with every
/// character Mermaid could read as syntax written as a Mermaid entity code
/// (`#quot;`, `#35;`, `#37;`, … — Mermaid decodes them after parsing, so the
/// picture shows the character): the quote that ends a label, `<`
/// `>` `&` (HTML), `#` (entities, gantt comments), `%` (so `%%` — a comment
/// or a `%%{init: …}%%` directive, which Mermaid finds anywhere in the text —
/// never appears), `;` (a statement end), `|` and the backtick (markdown
/// strings), and the characters in `also` (brackets, for text outside
/// quotes).
pub(crate) fn mermaid_text(s: &str, also: &[char]) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in visible_line(s).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' | '%' | ';' | '|' | '`' => {
                let _ = write!(out, "#{};", c as u32);
            }
            c if also.contains(&c) => {
                let _ = write!(out, "#{};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Mermaid `"…"` label: [`mermaid_text`] in quotes, so nothing in it is
/// read as syntax, HTML, a comment or a directive.
pub fn mermaid_str(s: &str) -> String {
    // Inside quotes, brackets end nothing: they stay as written.
    format!("\"{}\"", mermaid_text(s, &[]))
}

/// A node's label: the id (`×N` for a unit task) and the title, shortened.
fn label(plan: &Plan, t: TaskIx) -> (String, String) {
    let task = plan.task(t);
    let id = if task.is_unit() { format!("{} ×{}", task.id, plan.instance_count(task)) } else { task.id.clone() };
    let title: String = if task.title.chars().count() > 60 {
        format!("{}…", task.title.chars().take(59).collect::<String>())
    } else {
        task.title.clone()
    };
    (id, title)
}

/// Groups tasks by system (tasks without one last), in plan order.
fn clusters(plan: &Plan) -> Vec<(Option<usize>, Vec<TaskIx>)> {
    let mut out: Vec<(Option<usize>, Vec<TaskIx>)> = (0..plan.systems.len()).map(|s| (Some(s), Vec::new())).collect();
    out.push((None, Vec::new()));
    for (i, t) in plan.tasks.iter().enumerate() {
        let k = t.system.map_or(plan.systems.len(), |s| s.ix());
        out[k].1.push(TaskIx(i as u32));
    }
    out.retain(|(_, v)| !v.is_empty());
    out
}

/// Graphviz DOT. `critical`: the (predecessor, successor) task pairs of the critical path.
pub fn dot(plan: &Plan, critical: &HashSet<(TaskIx, TaskIx)>) -> String {
    let mut out = String::from("digraph cutover {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontsize=10];\n");
    out.push_str(&format!("  label={};\n  labelloc=t;\n", dot_str(&plan.meta.title)));
    for (ci, (sys, tasks)) in clusters(plan).into_iter().enumerate() {
        let name = sys.map_or("—".to_string(), |s| format!("{} ({})", plan.systems[s].name, plan.systems[s].id));
        out.push_str(&format!("  subgraph cluster_{ci} {{\n    label={};\n    style=dashed;\n", dot_str(&name)));
        for t in tasks {
            let (id, title) = label(plan, t);
            out.push_str(&format!("    t{} [label={}];\n", t.0, dot_str(&format!("{id}\n{title}"))));
        }
        out.push_str("  }\n");
    }
    for (i, t) in plan.tasks.iter().enumerate() {
        for d in &t.after {
            let bold = critical.contains(&(d.task, TaskIx(i as u32)));
            let style = if bold { " [penwidth=3, color=\"#c0392b\"]" } else { "" };
            out.push_str(&format!("  t{} -> t{i}{style};\n", d.task.0));
        }
    }
    out.push_str("}\n");
    out
}

/// A Mermaid flowchart, to paste into Markdown.
pub fn mermaid(plan: &Plan, critical: &HashSet<(TaskIx, TaskIx)>) -> String {
    let mut out = String::from("flowchart LR\n");
    for (ci, (sys, tasks)) in clusters(plan).into_iter().enumerate() {
        let name = sys.map_or("—".to_string(), |s| plan.systems[s].name.clone());
        out.push_str(&format!("  subgraph s{ci} [{}]\n", mermaid_str(&name)));
        for t in tasks {
            let (id, title) = label(plan, t);
            out.push_str(&format!("    t{}[{}]\n", t.0, mermaid_str(&format!("{id}: {title}"))));
        }
        out.push_str("  end\n");
    }
    let mut bold = Vec::new();
    let mut edge = 0usize;
    for (i, t) in plan.tasks.iter().enumerate() {
        for d in &t.after {
            if critical.contains(&(d.task, TaskIx(i as u32))) {
                out.push_str(&format!("  t{} ==> t{i}\n", d.task.0));
                bold.push(edge);
            } else {
                out.push_str(&format!("  t{} --> t{i}\n", d.task.0));
            }
            edge += 1;
        }
    }
    if !bold.is_empty() {
        out.push_str(&format!(
            "  linkStyle {} stroke:#c0392b,stroke-width:3px\n",
            bold.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(",")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(dot_str("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
        assert_eq!(mermaid_str("<script>\"x\" & #1"), "\"#lt;script#gt;#quot;x#quot; #amp; #35;1\"");
    }

    #[test]
    fn dot_strings_carry_no_control_characters() {
        let s = dot_str("x\u{1b}[2J\u{1b}]8;;http://x\u{7}y\u{9b}z\r\nw\u{0}");
        assert_eq!(s, "\"x\u{241b}[2J\u{241b}]8;;http://x\u{2407}y\u{fffd}z\\nw\u{2400}\"");
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
        assert_eq!(dot_str("a\rb"), "\"ab\"");
    }

    #[test]
    fn mermaid_labels_carry_no_syntax_directive_or_control() {
        let s = mermaid_str("%%{init: {\"theme\":\"dark\"}}%%");
        assert_eq!(s, "\"#37;#37;{init: {#quot;theme#quot;:#quot;dark#quot;}}#37;#37;\"");
        assert!(!s.contains("%%"));
        // What ends a label or a statement is an entity code.
        assert_eq!(
            mermaid_text("a\"]) } | > ; `x` [(", &['[', ']', '(', ')', '{', '}']),
            "a#quot;#93;#41; #125; #124; #gt; #59; #96;x#96; #91;#40;"
        );
        assert_eq!(mermaid_text("50% a:b", &[':']), "50#37; a#58;b");
        // One line, control characters visible.
        let s = mermaid_str("t\n%% comment\r\nx\u{1b}[2J\u{7}\u{9b}\u{2028}y");
        assert_eq!(s, "\"t #37;#37; comment  x\u{241b}[2J\u{2407}\u{fffd} y\"");
        assert!(!s.contains('\n') && !s.chars().any(|c| c.is_control()));
    }
}
