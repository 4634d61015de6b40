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
        out.push_str(&render_finding(r, f, &renderer, opts.color));
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

/// The marked range inside `source` (which starts at byte `base` of its
/// file): clamped to it, on character boundaries, and at least one character
/// wide where the line has one.
fn marker(source: &str, start: usize, end: usize, base: usize) -> (usize, usize) {
    let len = source.len();
    let mut s = start.saturating_sub(base).min(len);
    while !source.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = end.saturating_sub(base).clamp(s, len);
    if e == s {
        e = source[s..].chars().next().map_or(s, |c| s + c.len_utf8());
    }
    while !source.is_char_boundary(e) {
        e += 1;
    }
    (s, e)
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

fn render_finding(r: &CheckReport, f: &Finding, renderer: &Renderer, color: bool) -> String {
    let files = &r.plan.files;
    // A waived finding was read and accepted: one line, its place and the reason.
    if let Some(reason) = &f.waived {
        let place = f.span.map(|s| {
            let p = super::place(files, s);
            format!("\n  --> {}:{}:{}", p.file, p.line, p.column)
        });
        let units = f.units.map(|n| format!(" (in each of {n} units)")).unwrap_or_default();
        let (on, off) = if color { ("\x1b[1;36m", "\x1b[0m") } else { ("", "") };
        return format!("{on}waived[{}]{off}: {}{units}{}\n   = reason: {reason}", f.rule.name(), f.message, place.unwrap_or_default());
    }
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
        let (start, end) = marker(source, span.start as usize, span.end as usize, lines.start);
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
            let (s, e) = marker(rsrc, rel.span.start as usize, rel.span.end as usize, rl.start);
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

#[cfg(test)]
mod tests {
    use super::marker;

    #[test]
    fn markers_stay_on_character_boundaries() {
        let line = "title = Tạo đơn vị";
        let at = line.find('ạ').unwrap();
        assert_eq!(marker(line, at + 1, at + 1, 0), (at, at + 'ạ'.len_utf8()));
        assert_eq!(marker(line, at, at, 0), (at, at + 'ạ'.len_utf8()));
        assert_eq!(marker(line, 100, 200, 0), (line.len(), line.len()));
        assert_eq!(marker(line, 5, 2, 10), (0, 1));
    }
}
