//! Findings for people: like rustc and cargo, each with its rule, its place,
//! the source line with a marker under the key, and what to change.

use super::summary;
use crate::check::CheckReport;
use crate::diag::{Finding, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How findings are printed.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    /// Only errors (no warnings, no waived findings) and no closing summary
    /// when the plan is clean.
    pub quiet: bool,
}

/// Renders every finding of a report and its summary line.
pub fn render(r: &CheckReport, opts: HumanOptions) -> String {
    let renderer = if opts.color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for f in &r.findings {
        if opts.quiet && !f.is_error() {
            continue;
        }
        out.push_str(&render_finding(r, f, &renderer));
        out.push_str("\n\n");
    }
    if !opts.quiet || r.errors() > 0 {
        let s = summary(r);
        let line = if opts.color {
            let style = if r.errors() > 0 {
                anstyle_red()
            } else if r.warnings() > 0 {
                anstyle_yellow()
            } else {
                anstyle_green()
            };
            format!("{}{s}{}", style.render(), style.render_reset())
        } else {
            s
        };
        out.push_str(&line);
        if r.errors() == 0 && r.warnings() == 0 {
            out.push_str(&format!(
                " — {} tasks, {} instances",
                super::thousands(r.plan.tasks.len() as u64),
                super::thousands(r.plan.instances())
            ));
        }
        out.push('\n');
    }
    out
}

fn anstyle_red() -> annotate_snippets::renderer::Style {
    annotate_snippets::renderer::AnsiColor::BrightRed.on_default().bold()
}
fn anstyle_yellow() -> annotate_snippets::renderer::Style {
    annotate_snippets::renderer::AnsiColor::BrightYellow.on_default().bold()
}
fn anstyle_green() -> annotate_snippets::renderer::Style {
    annotate_snippets::renderer::AnsiColor::BrightGreen.on_default().bold()
}

fn render_finding(r: &CheckReport, f: &Finding, renderer: &Renderer) -> String {
    let files = &r.plan.files;
    let level = match (f.severity, f.waived.is_some()) {
        (_, true) => Level::NOTE.with_name("waived"),
        (Severity::Error, false) => Level::ERROR,
        (Severity::Warning, false) => Level::WARNING,
    };
    let mut title = f.message.clone();
    if let Some(n) = f.units {
        title.push_str(&format!(" (in each of {n} units)"));
    }
    let mut group = Group::with_title(level.primary_title(title).id(f.rule.name()));
    if let Some(span) = f.span {
        let file = files.get(span.file);
        let lines = file.lines_of(span);
        let line_no = file.line_col(lines.start as u32).line as usize;
        let source = &file.text[lines.clone()];
        let start = (span.start as usize).clamp(lines.start, lines.end) - lines.start;
        let mut end = (span.end as usize).clamp(lines.start, lines.end) - lines.start;
        if end <= start {
            end = (start + 1).min(source.len()).max(start);
        }
        let mut ann = AnnotationKind::Primary.span(start..end);
        if let Some(l) = &f.label {
            ann = ann.label(l.as_str());
        }
        group = group.element(Snippet::source(source).line_start(line_no).path(file.display.as_str()).annotation(ann));
        for rel in &f.related {
            let rf = files.get(rel.span.file);
            let rl = rf.lines_of(rel.span);
            let rline = rf.line_col(rl.start as u32).line as usize;
            let rsrc = &rf.text[rl.clone()];
            let s = (rel.span.start as usize).clamp(rl.start, rl.end) - rl.start;
            let mut e = (rel.span.end as usize).clamp(rl.start, rl.end) - rl.start;
            if e <= s {
                e = (s + 1).min(rsrc.len()).max(s);
            }
            group = group.element(
                Snippet::source(rsrc)
                    .line_start(rline)
                    .path(rf.display.as_str())
                    .annotation(AnnotationKind::Context.span(s..e).label(rel.label.as_str())),
            );
        }
    }
    if let Some(h) = &f.help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    if let Some(reason) = &f.waived {
        group = group.element(Level::NOTE.message(format!("waived: {reason}")));
    }
    let report: Vec<Group> = vec![group];
    renderer.render(&report)
}
