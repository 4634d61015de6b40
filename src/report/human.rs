//! Findings for people: like rustc and cargo, each with its rule, its place,
//! the source line with a marker under the key, and what to change.

use super::{FindingsReport, summary};
use crate::check::CheckReport;
use crate::diag::{Finding, Severity};
use crate::rule::Rule;
use crate::source::FileId;
use crate::source::{SourceFile, Span};
use crate::text::{visible, visible_line};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::HashMap;
use std::io::{self, Write};

/// How findings are printed.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    /// Only errors (no warnings, no waived findings) and no closing summary
    /// when the plan is clean.
    pub quiet: bool,
    /// `--deny warnings`: warnings fail the check, so with `quiet` a plan
    /// with warnings still gets its summary line (what failed, in one line).
    pub deny_warnings: bool,
}

/// Renders every finding of a report and its summary line.
pub fn render(r: &CheckReport, opts: HumanOptions) -> String {
    let mut out = Vec::new();
    let _ = write_plan(&mut out, r, opts, None);
    String::from_utf8(out).unwrap_or_default()
}

/// Findings for people, written to `out` (stderr) plan by plan: at most
/// `per_rule` findings of one rule per file are shown (all with `None`),
/// then a line with how many more there are and the flag that lists them.
pub struct Human<W: Write> {
    out: W,
    opts: HumanOptions,
    per_rule: Option<usize>,
}

impl<W: Write> Human<W> {
    pub fn new(out: W, opts: HumanOptions, per_rule: Option<usize>) -> Human<W> {
        Human { out, opts, per_rule }
    }
}

impl<W: Write> FindingsReport for Human<W> {
    fn plan(&mut self, r: &CheckReport) -> io::Result<()> {
        write_plan(&mut self.out, r, self.opts, self.per_rule)?;
        self.out.flush()
    }

    fn finish(&mut self, all: &[CheckReport]) -> io::Result<()> {
        if all.len() > 1 && !self.opts.quiet {
            let e: usize = all.iter().map(|r| r.errors()).sum();
            let w: usize = all.iter().map(|r| r.warnings()).sum();
            let total = crate::t!("report.total", errors = super::errors(e), warnings = super::warnings(w), plans = all.len());
            writeln!(self.out, "{total}")?;
        }
        self.out.flush()
    }
}

fn write_plan(out: &mut dyn Write, r: &CheckReport, opts: HumanOptions, per_rule: Option<usize>) -> io::Result<()> {
    let renderer = if opts.color { Renderer::styled() } else { Renderer::plain() };
    let words = Words::new();
    // Findings of one rule in one file shown so far, and those left out.
    let mut shown: HashMap<(Rule, Option<FileId>), usize> = HashMap::new();
    let mut hidden: Vec<(Rule, usize)> = Vec::new();
    for f in &r.findings {
        if opts.quiet && !f.is_error() {
            continue;
        }
        if let Some(max) = per_rule {
            let n = shown.entry((f.rule, f.span.map(|s| s.file))).or_default();
            *n += 1;
            if *n > max {
                match hidden.iter_mut().find(|(rule, _)| *rule == f.rule) {
                    Some((_, k)) => *k += 1,
                    None => hidden.push((f.rule, 1)),
                }
                continue;
            }
        }
        out.write_all(render_finding(r, f, &renderer, opts.color, &words).as_bytes())?;
        out.write_all(b"\n\n")?;
    }
    for (rule, n) in &hidden {
        let n_shown = super::thousands(*n as u64);
        let line = if *n == 1 {
            crate::t!("report.hidden-one", n = n_shown, rule = rule)
        } else {
            crate::t!("report.hidden-other", n = n_shown, rule = rule)
        };
        writeln!(out, "{line}")?;
    }
    if !hidden.is_empty() {
        writeln!(out)?;
    }
    if !opts.quiet || r.errors() > 0 || (opts.deny_warnings && r.warnings() > 0) {
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
        out.write_all(line.as_bytes())?;
        if r.errors() == 0 && r.warnings() == 0 {
            let counts = crate::t!(
                "report.clean-counts",
                tasks = super::thousands(r.plan.tasks.len() as u64),
                instances = super::thousands(r.plan.instances())
            );
            out.write_all(counts.as_bytes())?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
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

/// The words the report adds around findings, looked up once per plan.
struct Words {
    error: std::borrow::Cow<'static, str>,
    warning: std::borrow::Cow<'static, str>,
    waived: std::borrow::Cow<'static, str>,
    help: std::borrow::Cow<'static, str>,
    note: std::borrow::Cow<'static, str>,
}

impl Words {
    fn new() -> Words {
        Words {
            error: crate::t!("common.error"),
            warning: crate::t!("common.warning"),
            waived: crate::t!("report.waived"),
            help: crate::t!("report.help"),
            note: crate::t!("report.note"),
        }
    }
}

fn render_finding(r: &CheckReport, f: &Finding, renderer: &Renderer, color: bool, words: &Words) -> String {
    let files = &r.plan.files;
    // A waived finding was read and accepted: one line, its place and the reason.
    if let Some(reason) = &f.waived {
        let place = f.span.map(|s| {
            let p = super::place(files, s);
            format!("\n  --> {}:{}:{}", p.file, p.line, p.column)
        });
        let units = f.units.map(super::in_each_unit).unwrap_or_default();
        let (on, off) = if color { ("\x1b[1;36m", "\x1b[0m") } else { ("", "") };
        return format!(
            "{on}{}[{}]{off}: {}{units}{}\n   = {}",
            words.waived,
            f.rule.name(),
            visible_line(&f.message),
            place.map(|p| visible(&p).into_owned()).unwrap_or_default(),
            crate::t!("report.waived-reason", reason = visible_line(reason))
        );
    }
    let level = match (f.severity, f.waived.is_some()) {
        (_, true) => Level::NOTE.with_name(words.waived.as_ref()),
        (Severity::Error, false) => Level::ERROR.with_name(words.error.as_ref()),
        (Severity::Warning, false) => Level::WARNING.with_name(words.warning.as_ref()),
    };
    let mut title = visible_line(&f.message).into_owned();
    if let Some(n) = f.units {
        title.push_str(&super::in_each_unit(n));
    }
    let mut group = Group::with_title(level.primary_title(title).id(f.rule.name()));
    // Windows of long lines: the place line each prints, and the one it means.
    let mut columns: Vec<(String, String)> = Vec::new();
    if let Some(span) = f.span {
        let file = files.get(span.file);
        let label = f.label.as_deref().map(|l| visible_line(l).into_owned());
        group = excerpt(file, span).add_to(group, file, AnnotationKind::Primary, label, &mut columns);
        for rel in &f.related {
            let rf = files.get(rel.span.file);
            let label = visible_line(&rel.label).into_owned();
            group = excerpt(rf, rel.span).add_to(group, rf, AnnotationKind::Context, Some(label), &mut columns);
        }
    }
    if let Some(h) = &f.help {
        group = group.element(Level::HELP.with_name(words.help.as_ref()).message(visible_line(h)));
    }
    if let Some(reason) = &f.waived {
        let note = crate::t!("report.waived-note", reason = visible_line(reason));
        group = group.element(Level::NOTE.with_name(words.note.as_ref()).message(note));
    }
    let report: Vec<Group> = vec![group];
    let mut out = renderer.render(&report);
    // A window's marker sits at another column than in the file: say the file's.
    let mut from = 0;
    for (wrong, right) in columns {
        if let Some(i) = out[from..].find(&wrong) {
            out.replace_range(from + i..from + i + wrong.len(), &right);
            from += i + right.len();
        }
    }
    out
}

/// Lines longer than this (in bytes) are shown as a window around the
/// marker, not whole: a finding on a line of a megabyte costs what a finding
/// on a short line costs, so 100,000 findings on one line stay linear.
const LONG_LINE: usize = 240;
/// Bytes of context kept on each side of a marker in a long line.
const CONTEXT: usize = 60;
/// The most bytes of a long line a marker underlines.
const MAX_MARK: usize = 120;
/// The most bytes of a multi-line span shown (then its first line only).
const MAX_SNIPPET: usize = 4096;

/// What a snippet shows of a span: the source text (made safe for a
/// terminal), where it starts, and the marked range inside it.
struct Excerpt {
    source: String,
    line: usize,
    mark: (usize, usize),
    /// Set when the text is a window of a long line: the marker's real
    /// column, for the place line (`--> file:line:column`).
    column: Option<usize>,
}

/// The excerpt of `file` that shows `span`: the whole lines it touches, or
/// a window of the first when that is long.
fn excerpt(file: &SourceFile, span: Span) -> Excerpt {
    let lines = file.lines_of(span);
    let line = file.line_number(lines.start as u32) as usize;
    let text = file.text.as_str();
    // The first line's end, from the line index (never a scan of the line).
    let one_line_end = file.lines_of(Span { end: span.start, ..span }).end.max(lines.start);
    let is_long = one_line_end - lines.start > LONG_LINE || lines.len() > MAX_SNIPPET;
    if !is_long {
        let raw = &text[lines.clone()];
        let (ms, me) = marker(raw, span.start as usize, span.end as usize, lines.start);
        let source = visible(raw);
        let ms2 = visible(&raw[..ms]).len();
        let me2 = ms2 + visible(&raw[ms..me]).len();
        return Excerpt { source: source.into_owned(), line, mark: (ms2, me2), column: None };
    }
    // A window of the first line: the marker, cut short, and some context.
    let (ls, le) = (lines.start, one_line_end);
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ms = floor((span.start as usize).clamp(ls, le));
    let me = floor((span.end as usize).clamp(ms, le).min(ms + MAX_MARK));
    let ws = floor(ms.saturating_sub(CONTEXT).max(ls));
    let we = floor((me + CONTEXT).min(le));
    let mut source = String::new();
    if ws > ls {
        source.push('…');
    }
    source.push_str(&visible(&text[ws..ms]));
    let m0 = source.len();
    source.push_str(&visible(&text[ms..me]));
    let m1 = source.len();
    source.push_str(&visible(&text[me..we]));
    if we < le {
        source.push('…');
    }
    let (m0, m1) = if m1 == m0 { marker(&source, m0, m0, 0) } else { (m0, m1) };
    let at = file.line_col(ms as u32);
    Excerpt { source, line: at.line as usize, mark: (m0, m1), column: Some(at.column as usize) }
}

impl Excerpt {
    /// Adds the snippet to `group`. For a window, `columns` gets the place
    /// line the renderer will print (its column counted in the window) and
    /// the one it must say (the column in the file).
    fn add_to<'a>(
        self,
        group: Group<'a>,
        file: &'a SourceFile,
        kind: AnnotationKind,
        label: Option<String>,
        columns: &mut Vec<(String, String)>,
    ) -> Group<'a> {
        let mut ann = kind.span(self.mark.0..self.mark.1);
        if let Some(l) = label {
            ann = ann.label(l);
        }
        if let Some(column) = self.column {
            let shown = self.source[..self.mark.0].chars().count() + 1;
            let path = &file.display;
            columns.push((format!("{path}:{}:{shown}\n", self.line), format!("{path}:{}:{column}\n", self.line)));
        }
        group.element(Snippet::source(self.source).line_start(self.line).path(file.display.as_str()).annotation(ann))
    }
}

/// Why a plan cannot be scheduled (see [`CheckReport::unschedulable`]):
/// its findings as `check` renders them, errors only (in colour when
/// `color`); `None` when it can be. What every command that needs the
/// schedule refuses a plan with, the CLI's and the server's alike.
pub fn unschedulable(report: &crate::check::CheckReport, color: bool) -> Option<String> {
    if !report.unschedulable() {
        return None;
    }
    let opts = HumanOptions { color, quiet: true, deny_warnings: false };
    Some(render(report, opts))
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
