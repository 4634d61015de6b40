//! Findings: what a check reports about a plan.
//!
//! A finding is data — a rule, a severity, the task or entry it is about, a
//! place in a file, a message that says what to change — and every report
//! (human, JSON, GitHub annotations) renders the same list.

pub use crate::rule::{Rule, Severity};
use crate::source::Span;
use std::borrow::Cow;

/// A place that helps explain a finding (the first definition of a duplicate,
/// the predecessor a deadline waits for).
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    pub span: Span,
    pub label: String,
}

/// One problem found in a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// The task (or org, unit, … entry) the finding is about.
    pub subject: Option<String>,
    /// Index of the task, when the subject is a task: waivers apply through it.
    pub task: Option<u32>,
    pub span: Option<Span>,
    pub message: String,
    /// A short label under the marked source (e.g. "unknown key"): most
    /// are a catalogue's text as it stands, borrowed, not copied (a plan
    /// without deadlines has a label and a help on each of 100,000 findings).
    pub label: Option<Cow<'static, str>>,
    /// What to change ("did you mean `due`?").
    pub help: Option<Cow<'static, str>>,
    pub related: Vec<Related>,
    /// For a finding on unit instances that holds for several units alike.
    pub units: Option<u32>,
    /// The reason of the waiver that covers this finding.
    pub waived: Option<String>,
}

impl Finding {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: Rule, span: Option<Span>, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity(),
            subject: None,
            task: None,
            span,
            message: message.into(),
            label: None,
            help: None,
            related: Vec::new(),
            units: None,
            waived: None,
        }
    }

    pub fn subject(mut self, s: impl Into<String>) -> Finding {
        self.subject = Some(s.into());
        self
    }

    pub fn task(mut self, ix: u32, id: &str) -> Finding {
        self.task = Some(ix);
        self.subject = Some(id.to_string());
        self
    }

    pub fn label(mut self, l: impl Into<Cow<'static, str>>) -> Finding {
        self.label = Some(l.into());
        self
    }

    pub fn help(mut self, h: impl Into<Cow<'static, str>>) -> Finding {
        self.help = Some(h.into());
        self
    }

    pub fn maybe_help(mut self, h: Option<Cow<'static, str>>) -> Finding {
        if h.is_some() {
            self.help = h;
        }
        self
    }

    /// Marks a finding on unit instances that holds for every one of the
    /// plan's `units` alike (reported once, with the count).
    pub fn for_units(mut self, on_units: bool, units: usize) -> Finding {
        if on_units {
            self.units = Some(units as u32);
        }
        self
    }

    pub fn related(mut self, span: Span, label: impl Into<String>) -> Finding {
        self.related.push(Related { span, label: label.into() });
        self
    }

    /// Counts towards the exit status: an error that is not waived.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error && self.waived.is_none()
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning && self.waived.is_none()
    }
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    let max_edits = if len <= 2 { 1 } else { (len / 3).max(2) };
    // (edits, not a prefix match, candidate): fewest edits first.
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let edits = if len >= 4 && c.starts_with(word) { 1 } else { strsim::damerau_levenshtein(word, c) };
        if edits > max_edits {
            continue;
        }
        if best.is_none_or(|(e, b)| edits < e || (edits == e && c < b)) {
            best = Some((edits, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("dew", ["due", "duration", "id"]), Some("due"));
        assert_eq!(did_you_mean("titel", ["title", "lead"]), Some("title"));
        assert_eq!(did_you_mean("qlvb.acount.leaders", ["qlvb.accounts.leaders", "qlvb.units"]), Some("qlvb.accounts.leaders"));
        assert_eq!(did_you_mean("zzzzzz", ["due", "title"]), None);
        assert_eq!(did_you_mean("qlvb.notfy", ["qlvb.units", "qlvb.trial"]), None);
        assert_eq!(did_you_mean("qlvb.notify", ["qlvb.units", "qlvb.notify.leaders"]), Some("qlvb.notify.leaders"));
        assert_eq!(did_you_mean("skhnc", ["skhcn", "vpubnd"]), Some("skhcn"));
    }
}
