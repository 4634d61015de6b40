//! The outcome of checking a plan ([`CheckReport`]), and what every check
//! does to its findings: waivers, a stable order, the cap. The pipeline
//! that produces it is [`crate::context`].

use crate::diag::Finding;
use crate::graph::InstanceGraph;
use crate::load::LoadError;
use crate::model::Plan;
use crate::schedule::Schedule;
use std::path::PathBuf;

/// The outcome of checking one plan file.
#[derive(Debug)]
pub struct CheckReport {
    /// The plan file as given (for printing).
    pub path: String,
    pub plan: Plan,
    pub findings: Vec<Finding>,
    /// Every file the plan read (canonical), to tell fragments apart.
    pub files_read: Vec<PathBuf>,
    /// The instance graph (absent for a file without `[plan]`).
    pub graph: Option<InstanceGraph>,
    /// The schedule, when the plan has a start and no cycle.
    pub schedule: Option<Schedule>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.is_warning()).count()
    }

    pub fn waived(&self) -> usize {
        self.findings.iter().filter(|f| f.waived.is_some()).count()
    }

    /// Does an error leave the plan without a schedule (see
    /// [`crate::rule::Rule::blocks_schedule`]), or has it none?
    pub fn unschedulable(&self) -> bool {
        self.schedule.is_none() || self.findings.iter().any(|f| f.is_error() && f.rule.blocks_schedule())
    }
}

/// Caps the findings at [`crate::load::MAX_FINDINGS`]; the rest (and those
/// the loader counted by rule but did not keep, all structural errors) are counted
/// in one `too-large` finding, by rule. The cap never makes a plan worse
/// than it is: that finding is an error only when an error was left out,
/// and a waived one when every finding left out was waived.
pub fn cap_findings(findings: &mut Vec<Finding>, dropped_by_rule: &[(crate::rule::Rule, usize)]) {
    cap_findings_in(findings, dropped_by_rule, crate::i18n::current())
}

/// [`cap_findings`], its finding worded in `lang`.
fn cap_findings_in(findings: &mut Vec<Finding>, dropped_by_rule: &[(crate::rule::Rule, usize)], lang: crate::time::Lang) {
    let locale = lang;
    let max = crate::load::MAX_FINDINGS;
    let dropped: usize = dropped_by_rule.iter().map(|(_, n)| n).sum();
    if dropped == 0 && findings.len() <= max {
        return;
    }
    let tail: Vec<Finding> = if findings.len() > max { findings.drain(max..).collect() } else { Vec::new() };
    let more = dropped + tail.len();
    let mut by_rule: Vec<(crate::rule::Rule, usize)> = dropped_by_rule.to_vec();
    for f in &tail {
        match by_rule.iter_mut().find(|(r, _)| *r == f.rule) {
            Some((_, n)) => *n += 1,
            None => by_rule.push((f.rule, 1)),
        }
    }
    let parts: Vec<String> = by_rule.iter().map(|(r, n)| format!("{n} {r}")).collect();
    let any_error = dropped > 0 || tail.iter().any(|f| f.is_error());
    let all_waived = dropped == 0 && tail.iter().all(|f| f.waived.is_some());
    let mut f = Finding::new(
        crate::rule::Rule::TooLarge,
        Some(crate::source::Span::new(crate::source::FileId(0), 0..0)),
        crate::t!("rule.too-large.message", locale = locale, more = more, max = max, parts = parts.join(", ")),
    )
    .help(crate::t!("rule.too-large.help", locale = locale));
    if !any_error {
        f.severity = crate::rule::Severity::Warning;
    }
    if all_waived {
        f.waived = Some(crate::t!("rule.too-large.waived", locale = locale).into_owned());
    }
    findings.push(f);
}

/// The plan's `rules = { … }` levels: a finding of a rule turned off is
/// dropped, one of a rule given another severity takes it.
pub fn apply_levels(plan: &Plan, findings: &mut Vec<Finding>) {
    if plan.meta.rule_levels.is_empty() {
        return;
    }
    findings.retain_mut(|f| match plan.meta.rule_levels.iter().find(|(r, _)| *r == f.rule) {
        Some((_, None)) => false,
        Some((_, Some(sev))) => {
            f.severity = *sev;
            true
        }
        None => true,
    });
}

/// Marks each finding that its task waives.
pub fn apply_waivers(plan: &Plan, findings: &mut [Finding]) {
    for f in findings.iter_mut() {
        if let Some(t) = f.task.and_then(|ix| plan.tasks.get(ix as usize)) {
            if let Some(w) = t.waiver(f.rule) {
                f.waived = Some(w.reason.clone());
            }
        }
    }
}

/// Stable order: by file, then place in the file, then rule.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let ka = a.span.map(|s| (s.file, s.start));
        let kb = b.span.map(|s| (s.file, s.start));
        ka.cmp(&kb).then(a.rule.cmp(&b.rule)).then(a.message.cmp(&b.message))
    });
}

/// Does a file look like a plan (it has a `[plan]` table) rather than a
/// fragment meant to be included? A cheap textual test, for walking
/// directories without parsing every file twice.
pub fn looks_like_plan(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start_matches('\u{feff}').trim();
        l.strip_prefix('[').map(|r| r.trim_start()).is_some_and(|r| {
            r.strip_prefix("plan").is_some_and(|r| r.trim_start().starts_with(']'))
                || r.strip_prefix("\"plan\"").is_some_and(|r| r.trim_start().starts_with(']'))
        })
    })
}

/// Expands the paths the user gave: files as they are, directories into
/// every `*.toml` below them (sorted), plans first. Returns (plans,
/// fragments): fragments are checked only when no plan includes them.
/// Under a directory, only regular files are taken: a named pipe or device
/// called `*.toml` is listed in `skipped` with its kind (reading one could
/// block or never end), and a file is looked at only up to `limits`.
pub fn expand_paths(paths: &[PathBuf], limits: crate::source::ReadLimits) -> Result<Expanded, LoadError> {
    let mut plans = Vec::new();
    let mut fragments = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| LoadError::read(p, &e))?;
        if !meta.is_dir() {
            plans.push(p.clone());
            continue;
        }
        let mut found = Vec::new();
        let mut stack = vec![p.clone()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| LoadError::read(&dir, &e))?;
            for e in entries.flatten() {
                let path = e.path();
                let Ok(ft) = e.file_type() else { continue };
                if ft.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "toml") {
                    found.push(path);
                }
            }
        }
        found.sort();
        for f in found {
            // Metadata follows links and never blocks.
            if let Some(kind) = std::fs::metadata(&f).ok().as_ref().and_then(crate::source::special_kind) {
                skipped.push((f, kind));
                continue;
            }
            let limits = crate::source::ReadLimits { special: false, ..limits };
            let is_plan = match crate::source::read_limited(&f, limits) {
                Ok(b) => looks_like_plan(&String::from_utf8_lossy(&b)),
                // Unreadable or too large: the load reports it, as a plan.
                Err(_) => true,
            };
            if is_plan { plans.push(f) } else { fragments.push(f) }
        }
    }
    Ok(Expanded { plans, fragments, skipped })
}

/// The plan files a list of paths names.
#[derive(Debug, Default)]
pub struct Expanded {
    pub plans: Vec<PathBuf>,
    /// Files without `[plan]`: checked on their own when no plan includes them.
    pub fragments: Vec<PathBuf>,
    /// Files under a directory that are not regular files, with their kind.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_or_fragment() {
        assert!(looks_like_plan("# x\n[plan]\nid = 1\n"));
        assert!(looks_like_plan("[ plan ]\n"));
        assert!(!looks_like_plan("[[unit]]\nid = \"a\"\n# [plan] in a comment\n"));
        assert!(!looks_like_plan("[planner]\n"));
    }

    #[test]
    fn the_cap_says_what_it_left_out_in_either_language() {
        use crate::rule::Rule;
        use crate::time::Lang;
        let dropped = [(Rule::UnknownKey, 3), (Rule::MissingKey, 2)];
        let mut vi = Vec::new();
        cap_findings_in(&mut vi, &dropped, Lang::Vi);
        assert_eq!(vi[0].message, "còn 5 phát hiện không được ghi lại (chỉ hiện 100000 phát hiện đầu): 3 unknown-key, 2 missing-key");
        assert_eq!(vi[0].help.as_deref(), Some("hãy sửa các phát hiện đã hiện trước: chúng thường là nguyên nhân của phần còn lại"));
        let mut en = Vec::new();
        cap_findings(&mut en, &dropped);
        assert_eq!(en[0].message, "5 more findings were not recorded (the first 100000 are shown): 3 unknown-key, 2 missing-key");
    }
}
