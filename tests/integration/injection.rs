//! Text from a plan (and from a status log) is made safe for where it is
//! written: a title, an org, unit or system name, a step, a note or a block
//! reason carrying an erase-screen sequence, an OSC 8 hyperlink, BEL, a C1
//! control, a line break and a Mermaid `%%{init: …}%%` directive reaches no
//! output as it is. Each test runs the real binary on such a plan.

use std::path::Path;
use std::process::{Command, Output};

/// The hostile text, as a TOML basic string body: ESC `[2J` (erase the
/// screen), an OSC 8 hyperlink ended by BEL, a lone BEL, a C1 CSI (U+009B),
/// then a line break followed by a Mermaid directive.
const H: &str = r#"\u001b[2J \u001b]8;;http://x\u0007link\u001b]8;;\u0007 bell\u0007 c1\u009b31m\n%%{init: {\"theme\":\"dark\"}}%% end"#;

/// The task title, as the plan holds it.
const TITLE: &str =
    "Cutover \u{1b}[2J \u{1b}]8;;http://x\u{7}link\u{1b}]8;;\u{7} bell\u{7} c1\u{9b}31m\n%%{init: {\"theme\":\"dark\"}}%% end";

/// The title on one line with its controls as visible stand-ins: what a
/// terminal shows.
const VISIBLE: &str = "Cutover ␛[2J ␛]8;;http://x␇link␛]8;;␇ bell␇ c1\u{fffd}31m %%{init: {\"theme\":\"dark\"}}%% end";

/// A clean plan (no error) whose texts are all hostile: a backup task, a
/// unit task after it and the go-live, one org, one system, one unit.
fn plan() -> String {
    format!(
        r#"[plan]
id = "inj"
title = "Plan {H}"
start = "2025-06-12"
cutover = "24:00 30/6/2025"
lang = "en"

[org.evil]
name = "Org {H}"

[system.sys]
name = "System {H}"
owner = "evil"

[[unit]]
id = "u1"
name = "Unit {H}"

[[task]]
id = "evil.task"
title = "Cutover {H}"
system = "sys"
phase = "backup"
lead = "evil"
due = "ngày 20/6/2025"
duration = "2h"
steps = ["Step {H}"]
note = "Note {H}"

[[task]]
id = "evil.unit"
title = "Unit task {H}"
lead = "evil"
scope = "unit"
due = "ngày 25/6/2025"
after = ["evil.task"]
steps = ["Unit step {H}"]

[[task]]
id = "golive"
title = "Go-live {H}"
system = "sys"
phase = "cutover"
lead = "evil"
due = "24:00 30/6/2025"
after = ["evil.unit"]
"#
    )
}

fn scratch() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("p.toml"), plan()).unwrap();
    d
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cutover"))
        .env("CUTOVER_LANG", "en")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("USER", "tester")
        .output()
        .expect("run cutover");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?} panicked:\n{err}");
    out
}

/// Runs a command that must succeed; stdout and stderr together.
fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    both(&out)
}

fn both(out: &Output) -> String {
    let mut b = out.stdout.clone();
    b.extend_from_slice(&out.stderr);
    String::from_utf8(b).expect("UTF-8 output")
}

/// No ESC, no BEL, no C1 CSI anywhere in the output.
fn no_raw_controls(what: &str, s: &str) {
    assert!(!s.as_bytes().contains(&0x1b), "{what}: a raw ESC\n{s}");
    assert!(!s.as_bytes().contains(&0x07), "{what}: a raw BEL\n{s}");
    assert!(!s.contains('\u{9b}'), "{what}: a raw U+009B\n{s}");
    assert!(!s.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)), "{what}: a raw C1 control\n{s}");
}

/// The text after the title's line break never begins a line of its own
/// (inside a table, a cell may still wrap it onto its next row).
fn no_line_from_the_break(what: &str, s: &str) {
    for l in s.lines() {
        assert!(!l.trim_start().starts_with("%%{init"), "{what}: a line begins with the text after the break: {l:?}\n{s}");
    }
}

/// Mermaid output: no directive, no comment line from the plan.
fn mermaid_safe(what: &str, s: &str) {
    no_raw_controls(what, s);
    assert!(!s.contains("%%{init"), "{what}: a Mermaid directive\n{s}");
    assert!(!s.contains("%%"), "{what}: `%%` (a comment or directive)\n{s}");
    for l in s.lines() {
        assert!(!l.trim_start().starts_with("%%"), "{what}: {l:?}");
    }
}

#[test]
fn the_plan_reads_as_written() {
    // The plan does hold the hostile text (else every other test here is vacuous).
    let d = scratch();
    let out = ok(d.path(), &["checklist", "p.toml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v["groups"][0]["items"].as_array().unwrap();
    assert!(items.iter().any(|i| i["title"] == TITLE), "{out}");
}

#[test]
fn check() {
    let d = tempfile::tempdir().unwrap();
    // Findings about hostile text: an unknown lead echoed in the message,
    // a waiver's reason printed as a note, an id holding ESC.
    std::fs::write(
        d.path().join("c.toml"),
        format!(
            r#"{}
[[task]]
id = "evil.nodue"
title = "Cutover {H}"
lead = "evil"
waive = [{{ rule = "missing-deadline", reason = "Reason {H}" }}]

[[task]]
id = "evil.lead"
title = "Cutover {H}"
lead = "evil{H}"
due = "1/7/2025"

[[task]]
id = "bad\u001b[2J"
title = "Cutover {H}"
lead = "evil"
due = "1/7/2025"
"#,
            plan()
        ),
    )
    .unwrap();
    let out = run(d.path(), &["check", "c.toml", "--color", "never"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let s = both(&out);
    no_raw_controls("check", &s);
    assert!(s.contains("evil.nodue") && s.contains("evil.lead"), "{s}");
    assert!(s.contains("␛[2J"), "the hostile text shows as text\n{s}");
}

#[test]
fn checklist_text() {
    let d = scratch();
    for args in [
        &["checklist", "p.toml"][..],
        &["checklist", "p.toml", "--all"],
        &["checklist", "p.toml", "--by", "day"],
        &["checklist", "p.toml", "--by", "unit"],
    ] {
        let s = ok(d.path(), args);
        no_raw_controls("checklist", &s);
        assert!(s.contains("␛[2J"), "{args:?}\n{s}");
        no_line_from_the_break("checklist", &s);
    }
    let s = ok(d.path(), &["checklist", "p.toml", "--all"]);
    assert!(s.contains("Cutover ␛[2J"), "{s}");
    assert!(s.contains("Step ␛[2J"), "{s}");
    assert!(s.contains("Org ␛[2J"), "{s}");
}

#[test]
fn checklist_markdown() {
    let d = scratch();
    let s = ok(d.path(), &["checklist", "p.toml", "--format", "markdown"]);
    no_raw_controls("checklist markdown", &s);
    // The whole title on its list item's line, escaped, the break a space.
    let md_h = r#"␛\[2J ␛\]8;;http://x␇link␛\]8;;␇ bell␇ c1�31m %%{init: {"theme":"dark"}}%% end"#;
    let md_title = format!("Cutover {md_h}");
    let item = s.lines().find(|l| l.starts_with("- [ ]") && l.contains("(`evil.task`)")).unwrap_or_else(|| panic!("no item\n{s}"));
    assert!(item.contains(&md_title), "{item}\n{s}");
    // The plan's title stays in its heading.
    let heading = s.lines().next().unwrap();
    assert!(heading.starts_with("# ") && heading.ends_with(&format!("Plan {md_h}")), "{heading}");
    // Nothing after a break starts a line: no forged item, heading or text.
    no_line_from_the_break("checklist markdown", &s);
    for l in s.lines() {
        assert!(
            l.is_empty()
                || l.starts_with("# ")
                || l.starts_with("## ")
                || l.starts_with("### ")
                || l.starts_with("- ")
                || l.starts_with("  - "),
            "a line the renderer did not start: {l:?}\n{s}"
        );
    }
    assert_eq!(s.lines().filter(|l| l.starts_with("# ")).count(), 1);
    // Steps are list items of their own, on one line each.
    assert!(s.lines().any(|l| l.starts_with("  - [ ] Step ␛\\[2J") && l.ends_with("%% end")), "{s}");
}

#[test]
fn status() {
    let d = scratch();
    let reason = "reason\u{1b}[2J \u{1b}]8;;http://x\u{7}link\u{1b}]8;;\u{7}\u{9b}31m\n%%{init: {\"theme\":\"dark\"}}%% end";
    let by = "lan\u{1b}[2J\u{7}";
    let note = "note\u{1b}[2J\u{9b}\nnext";
    ok(d.path(), &["mark", "p.toml", "evil.task", "--block", reason, "--by", by, "--note", note, "--at", "2025-06-20T08:00"]);
    let log = std::fs::read_to_string(d.path().join("p.toml.status.jsonl")).unwrap();
    assert!(log.contains("reason\\u001b[2J"), "the log keeps the reason as given (JSON-escaped): {log}");
    let s = ok(d.path(), &["status", "p.toml", "--now", "2025-06-20T10:00"]);
    no_raw_controls("status", &s);
    assert!(s.contains("reason␛[2J ␛]8;;http://x␇link␛]8;;␇\u{fffd}31m %%{init"), "the reason, as text, on its line\n{s}");
    assert!(s.contains("Unit ␛[2J"), "the unit's name\n{s}");
    no_line_from_the_break("status", &s);
    // Fancy or not, through the whole screen.
    let s = ok(d.path(), &["status", "p.toml", "--now", "2025-06-26T10:00"]);
    no_raw_controls("status", &s);
    no_line_from_the_break("status", &s);
}

#[test]
fn next() {
    let d = scratch();
    let s = ok(d.path(), &["next", "p.toml", "--now", "2025-06-20T06:00", "--hours", "200"]);
    no_raw_controls("next", &s);
    assert!(s.contains("evil.task"), "{s}");
    assert!(s.contains("␛[2J"), "the lead's name as text\n{s}");
    no_line_from_the_break("next", &s);
}

#[test]
fn critical_path() {
    let d = scratch();
    let s = ok(d.path(), &["critical-path", "p.toml"]);
    no_raw_controls("critical-path", &s);
    // The path: the unit task (its day fixes it) and the go-live.
    assert!(s.contains("Unit task ␛[2J ␛]8;;http://x␇link"), "{s}");
    assert!(s.contains("Go-live ␛[2J ␛]8;;http://x␇link"), "{s}");
    no_line_from_the_break("critical-path", &s);
    let s = ok(d.path(), &["critical-path", "p.toml", "--all"]);
    no_raw_controls("critical-path --all", &s);
    assert!(s.contains("Cutover ␛[2J ␛]8;;http://x␇link"), "{s}");
    no_line_from_the_break("critical-path --all", &s);
}

#[test]
fn graph_dot() {
    let d = scratch();
    let s = ok(d.path(), &["graph", "p.toml", "--format", "dot"]);
    no_raw_controls("graph dot", &s);
    // The label keeps the title's text; the break is DOT's `\n`, in the string.
    assert!(
        s.contains("label=\"Plan ␛[2J ␛]8;;http://x␇link␛]8;;␇ bell␇ c1\u{fffd}31m\\n%%{init: {\\\"theme\\\":\\\"dark\\\"}}%% end\";"),
        "{s}"
    );
    assert!(s.contains("Cutover ␛[2J"), "{s}");
    no_line_from_the_break("graph dot", &s);
    for l in s.lines() {
        assert!(!l.trim_start().starts_with("%%"), "{l:?}");
    }
}

#[test]
fn graph_mermaid() {
    let d = scratch();
    let s = ok(d.path(), &["graph", "p.toml", "--format", "mermaid"]);
    mermaid_safe("graph mermaid", &s);
    assert!(s.starts_with("flowchart LR\n"));
    // The visible form (inside a quoted label a bracket ends nothing).
    assert!(s.contains("Cutover ␛[2J"), "{s}");
    assert!(s.contains("#37;#37;{init: {#quot;theme#quot;:#quot;dark#quot;}}#37;#37; end"), "{s}");
    // Every line is one the renderer writes: a node, a subgraph, an edge.
    for l in s.lines().skip(1) {
        let t = l.trim_start();
        assert!(
            t.starts_with("subgraph s") || t == "end" || t.starts_with('t') || t.starts_with("linkStyle "),
            "a line the renderer did not start: {l:?}\n{s}"
        );
    }
}

#[test]
fn gantt_mermaid() {
    let d = scratch();
    let s = ok(d.path(), &["gantt", "p.toml", "--format", "mermaid"]);
    mermaid_safe("gantt mermaid", &s);
    assert!(s.starts_with("gantt\n"));
    let title: Vec<&str> = s.lines().filter(|l| l.trim_start().starts_with("title ")).collect();
    assert_eq!(title.len(), 1, "{s}");
    assert!(title[0].contains("Plan ␛#91;2J"), "{s}");
    // A gantt line ends at `#` or `;` (and a task's text at `:`): once
    // Mermaid has turned its entity codes (`#35;`) into placeholders, none
    // is left in the title or a section's name.
    let entities = |l: &str| {
        let mut out = String::new();
        let mut rest = l;
        while let Some(at) = rest.find('#') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let word = after.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(after.len());
            assert!(word > 0 && after[word..].starts_with(';'), "a `#` that is no entity code: {l:?}");
            out.push('¤');
            rest = &after[word + 1..];
        }
        out.push_str(rest);
        out
    };
    for l in s.lines() {
        let t = entities(l.trim_start());
        if let Some(name) = t.strip_prefix("title ").or_else(|| t.strip_prefix("section ")) {
            assert!(!name.contains([':', ';', '#', '%']), "{l:?}");
        } else if !["gantt", "dateFormat ", "axisFormat ", "todayMarker "].iter().any(|k| t.starts_with(k)) {
            let (text, data) = t.split_once(" :").unwrap_or_else(|| panic!("not a task line: {l:?}\n{s}"));
            assert!(!text.contains([':', ';', '#', '%']), "{l:?}");
            assert!(!data.contains(['#', ';']), "{l:?}");
        }
    }
    // The page and the SVG: well-formed XML, no forbidden character.
    for format in ["svg", "html"] {
        let s = ok(d.path(), &["gantt", "p.toml", "--format", format, "--now", "2025-06-12T08:00"]);
        assert!(!s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')), "{format}: {s}");
        assert!(s.contains("Cutover [2J ]8;;http://xlink]8;; bell c131m %%{init"), "{format}: {s}");
    }
}

#[test]
fn ics() {
    let d = scratch();
    let s = ok(d.path(), &["ics", "p.toml", "--now", "2025-06-12T08:00"]);
    no_raw_controls("ics", &s);
    // No control byte but the CRLF that ends each line.
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let ok = (c >= 0x20 && c != 0x7f) || (c == b'\r' && b.get(i + 1) == Some(&b'\n')) || (c == b'\n' && i > 0 && b[i - 1] == b'\r');
        assert!(ok, "byte {c:#04x} at {i}: {:?}", String::from_utf8_lossy(&b[i.saturating_sub(40)..(i + 40).min(b.len())]));
    }
    let unfolded = s.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:Cutover [2J ]8\\;\\;http://xlink]8\\;\\; bell c131m\\n%%{init: {\"theme\":\"dark\"}}%% end"),
        "{unfolded}"
    );
}

#[test]
fn the_visible_form_is_what_the_title_shows_as() {
    // Documents VISIBLE: the stand-ins `cutover::text::visible_line` uses.
    assert_eq!(cutover::text::visible_line(TITLE), VISIBLE);
}
