//! `cutover gantt` through the binary: a self-contained page, one bar per
//! row, the T-0 line, folded unit rows, hostile titles shown as text.

use crate::test::root;
use std::path::Path;
use std::process::Command;

fn gantt(dir: &Path, args: &[&str]) -> String {
    let mut a = vec!["gantt"];
    a.extend_from_slice(args);
    let out = Command::new(env!("CARGO_BIN_EXE_cutover")).env("CUTOVER_LANG", "vi").args(&a).current_dir(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_real_plans_page_is_self_contained_with_a_bar_per_row() {
    let html = gantt(&root(), &["plans/quang-ngai-2025.toml", "--now", "2025-06-12T08:00"]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("@page { size: A3 landscape"));
    // Nothing fetched: no scripts, no external references beyond the SVG namespace.
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));
    assert_eq!(html.matches("http").count(), 1, "only the xmlns");
    // One mark per task row, unit tasks folded: a bar, or a diamond for a
    // task of no duration (a milestone) or a gate.
    // 51 tasks of the document, 5 gates and 10 backout steps.
    // …the task for the units from former Kon Tum, section III's 12 other
    // duties, and the two events deadlines count from.
    assert_eq!(html.matches("data-task=\"").count(), 81, "one mark per task row, unit tasks folded");
    assert_eq!(html.matches("class=\"bar").count() + html.matches("class=\"milestone").count() + html.matches("class=\"gate").count(), 81);
    assert_eq!(html.matches("class=\"gate").count(), 5, "a diamond per go/no-go gate");
    assert_eq!(html.matches("class=\"bar backout").count(), 10, "the backout steps, pale");
    assert!(html.contains("class=\"backout-window\""), "the window up to 07:00 1/7 is shaded");
    assert!(html.contains("class=\"milestone"), "the plan's tasks of no duration are diamonds");
    assert!(html.contains("email.list ×56"), "the communes of former Quảng Ngãi");
    assert!(html.contains("class=\"t0\"") && html.contains(">T-0<"));
    assert!(html.matches("class=\"bar critical\"").count() >= 2, "the critical path is highlighted");
    assert!(html.contains("class=\"weekend\"") && html.contains("21/6"));
    assert!(html.contains("Lập lúc 08:00 12/6/2025"), "the generation time is --now");
    // Reproducible with --now.
    assert_eq!(html, gantt(&root(), &["plans/quang-ngai-2025.toml", "--now", "2025-06-12T08:00"]));
    // One commune's view: its instances.
    let unit = gantt(&root(), &["plans/quang-ngai-2025.toml", "--unit", "camthanh", "--format", "svg", "--now", "2025-06-12T08:00"]);
    assert!(unit.starts_with("<svg") && unit.contains("portal.domain@camthanh"));
    let mm = gantt(&root(), &["plans/quang-ngai-2025.toml", "--format", "mermaid"]);
    assert!(mm.starts_with("gantt\n") && mm.contains("T-0 :milestone") && mm.contains(":crit"));
}

#[test]
fn the_national_chart_stays_small() {
    let d = tempfile::tempdir().unwrap();
    let read = |p: &str| std::fs::read_to_string(root().join(p)).unwrap();
    for (rel, text) in cutover::generate::national(
        &read("plans/quang-ngai-2025.toml"),
        &read("data/vn-communes-2025.csv"),
        &read("data/vn-provinces-2025.csv"),
    )
    .unwrap()
    {
        let p = d.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let html = gantt(d.path(), &["national.toml", "--now", "2025-06-12T08:00"]);
    assert!(html.len() < 5 << 20, "{} bytes", html.len());
    assert_eq!(html.matches("data-task=\"").count(), 80, "every task but the Kon Tum merger, which the national plan leaves out");
    assert!(html.contains("email.list ×3321"));
}

#[test]
fn hostile_titles_are_text() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("h.toml"),
        "[plan]\nid = \"h\"\ntitle = \"<script>alert(1)</script> & ]]>\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n\
         [org.a]\nname = \"A\"\n[system.s]\nname = \"<b>S</b>\"\n\
         [[task]]\nid = \"x\"\ntitle = \"<script>x</script> \\\"q\\\" & ]]> 'a'\"\nlead = \"a\"\nsystem = \"s\"\ndue = \"ngày 20/6/2025\"\n",
    )
    .unwrap();
    for format in ["html", "svg"] {
        let out = gantt(d.path(), &["h.toml", "--format", format]);
        assert!(!out.contains("<script>") && !out.contains("<b>S"), "{format}: {out}");
        assert!(out.contains("&lt;script&gt;x&lt;/script&gt; &quot;q&quot; &amp; ]]&gt; &#39;a&#39;"), "{format}");
    }
    let mm = gantt(d.path(), &["h.toml", "--format", "mermaid"]);
    assert!(mm.lines().all(|l| !l.contains(": :")), "{mm}");
}

#[test]
fn status_colours_and_grouping_by_lead() {
    let d = tempfile::tempdir().unwrap();
    for rel in ["plans/quang-ngai-2025.toml", "plans/units/quang-ngai-2025.toml"] {
        let to = d.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(rel), to).unwrap();
    }
    let mark = |args: &[&str]| {
        let mut a = vec!["mark", "plans/quang-ngai-2025.toml"];
        a.extend_from_slice(args);
        let out = Command::new(env!("CARGO_BIN_EXE_cutover")).env("CUTOVER_LANG", "vi").args(&a).current_dir(d.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    };
    mark(&["lgsp.codes.plan", "--done", "--at", "2025-06-14T15:00"]);
    mark(&["tthc.units", "--block", "chờ danh mục", "--at", "2025-06-20T08:00"]);
    let svg = gantt(d.path(), &["plans/quang-ngai-2025.toml", "--format", "svg", "--now", "2025-06-21T08:00"]);
    let bar = |task: &str| {
        svg.split("<rect class=\"bar")
            .find(|b| b.contains(&format!("data-task=\"{task}\"")))
            .unwrap_or_else(|| panic!("{task}"))
            .to_string()
    };
    assert!(bar("lgsp.codes.plan").contains("#2f9e44"), "done is green");
    assert!(bar("tthc.units").contains("#7048e8"), "blocked is purple");
    assert!(bar("qlvb.units").contains("#e8590c"), "late is orange");
    let by_org = gantt(d.path(), &["plans/quang-ngai-2025.toml", "--format", "svg", "--by", "org", "--now", "2025-06-21T08:00"]);
    assert!(by_org.contains(">Sở Khoa học và Công nghệ</text>"), "groups named by the lead org");
}
