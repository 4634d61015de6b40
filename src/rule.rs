//! The rule table: every rule a check can report, with its stable name (what
//! CI and waivers use), default severity, one-line doc, whether its errors
//! stop the plan from being scheduled, and what it needs to run. The docs
//! are in the catalogue (`locales/rules.toml`, key `rule.<name>.doc`).
//!
//! This module is below the model: the model (waivers), findings and the
//! loader name rules through it; the rules' logic lives above, one file per
//! rule under `src/rules/`. Adding a rule is one row here, one file there,
//! one example under `examples/errors/<name>.toml` and its row in
//! `docs/plan-format.md` (tests fail when either is missing).

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The word for it in the current language (`lỗi`, `cảnh báo`: the
    /// words every report prefixes a finding with); JSON and rule levels
    /// keep [`Severity::as_str`].
    pub fn word(self) -> std::borrow::Cow<'static, str> {
        match self {
            Severity::Error => crate::t!("common.error"),
            Severity::Warning => crate::t!("common.warning"),
        }
    }
}

/// What a rule needs to run: the pipeline runs each rule at the first stage
/// that has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Needs {
    /// Found while the files are read, where the key stands (`src/load/`).
    Load,
    /// The loaded plan alone (single tasks and their neighbours).
    Plan,
    /// The dependency graph.
    Graph,
    /// The schedule (earliest and latest times).
    Schedule,
    /// The status log as of `--now` (only with `check --now`).
    Progress,
    /// Every other finding, waivers applied (rules about the check itself).
    Findings,
}

impl Needs {
    pub fn as_str(self) -> &'static str {
        match self {
            Needs::Load => "load",
            Needs::Plan => "plan",
            Needs::Graph => "graph",
            Needs::Schedule => "schedule",
            Needs::Progress => "progress",
            Needs::Findings => "findings",
        }
    }
}

macro_rules! rules {
    ($( $variant:ident => $name:literal, $sev:ident, $needs:ident, $blocks:literal; )*) => {
        /// Every rule a check can report.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $( $variant, )* }

        impl Rule {
            /// All rules, in the order of the format's table.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The stable kebab-case name.
            pub fn name(self) -> &'static str {
                match self { $( Rule::$variant => $name, )* }
            }

            /// The default severity.
            pub fn severity(self) -> Severity {
                match self { $( Rule::$variant => Severity::$sev, )* }
            }

            /// When the rule fires, in the current language (the
            /// catalogue's `rule.<name>.doc`).
            pub fn doc(self) -> std::borrow::Cow<'static, str> {
                match self { $( Rule::$variant => crate::t!(concat!("rule.", $name, ".doc")), )* }
            }

            /// When the rule fires, in `lang`.
            pub fn doc_in(self, lang: crate::time::Lang) -> std::borrow::Cow<'static, str> {
                match self { $( Rule::$variant => crate::t!(concat!("rule.", $name, ".doc"), locale = lang), )* }
            }

            /// What the rule needs to run.
            pub fn needs(self) -> Needs {
                match self { $( Rule::$variant => Needs::$needs, )* }
            }

            /// Does an error of this rule leave the plan without a schedule
            /// (its structure is broken), so commands that need one refuse it?
            pub fn blocks_schedule(self) -> bool {
                match self { $( Rule::$variant => $blocks, )* }
            }
        }
    };
}

rules! {
    TomlSyntax => "toml-syntax", Error, Load, true;
    UnknownKey => "unknown-key", Error, Load, true;
    MissingKey => "missing-key", Error, Load, true;
    BadValue => "bad-value", Error, Load, true;
    DuplicateId => "duplicate-id", Error, Load, true;
    UnknownReference => "unknown-reference", Error, Load, true;
    IncludeError => "include-error", Error, Load, true;
    DependencyCycle => "dependency-cycle", Error, Graph, true;
    DeadlineOrder => "deadline-order", Error, Plan, false;
    DeadlineInfeasible => "deadline-infeasible", Error, Schedule, false;
    WindowEmpty => "window-empty", Error, Plan, false;
    CutoverOrder => "cutover-order", Error, Plan, false;
    MissingDeadline => "missing-deadline", Warning, Plan, false;
    BackupBeforeStop => "backup-before-stop", Warning, Plan, false;
    WaveOrder => "wave-order", Warning, Plan, false;
    UnusedOrg => "unused-org", Warning, Plan, false;
    PinInfeasible => "pin-infeasible", Error, Schedule, false;
    UnpinnedCutover => "unpinned-cutover", Warning, Plan, false;
    ChangeBeforeBackup => "change-before-backup", Warning, Plan, false;
    NoBackout => "no-backout", Warning, Plan, false;
    GateMissing => "gate-missing", Warning, Plan, false;
    DueBeforeIssued => "due-before-issued", Warning, Plan, false;
    UnknownClause => "unknown-clause", Error, Plan, false;
    StaleWaiver => "stale-waiver", Warning, Findings, false;
    DueOnDayOff => "due-on-day-off", Warning, Plan, false;
    OutsideWorkingTime => "outside-working-time", Warning, Schedule, false;
    NoWorkingTime => "no-working-time", Error, Schedule, false;
    Overdue => "overdue", Warning, Progress, false;
    TooLarge => "too-large", Error, Load, true;
}

impl Rule {
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in Rule::ALL {
            assert!(seen.insert(r.name()));
            assert!(r.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.name());
            assert_eq!(Rule::from_name(r.name()), Some(*r));
            assert!(!r.doc().is_empty());
        }
    }

    /// The doc keys are built at run time, so the catalogue test cannot see
    /// them: every rule has its doc in both languages, and they differ.
    #[test]
    fn every_rule_has_its_doc_in_both_languages() {
        use crate::time::Lang;
        for r in Rule::ALL {
            let key = format!("rule.{}.doc", r.name());
            let (vi, en) = (r.doc_in(Lang::Vi), r.doc_in(Lang::En));
            assert_ne!(vi, key, "{r}: no Vietnamese doc");
            assert_ne!(en, key, "{r}: no English doc");
            assert_ne!(vi, en, "{r}: the Vietnamese doc is the English one");
            assert_eq!(crate::t!(key.as_str(), locale = "vi"), vi);
        }
        assert_eq!(
            Rule::Overdue.doc_in(Lang::Vi),
            "với `check --now TIME`: lượt có hạn đến thời điểm đó chưa được đánh dấu xong trong nhật ký trạng thái"
        );
        assert_eq!(Rule::MissingDeadline.doc_in(Lang::En), "a task has no `due`");
        assert_eq!(Severity::Warning.word(), "warning");
    }

    #[test]
    fn only_structural_errors_block_the_schedule() {
        for r in Rule::ALL {
            if r.blocks_schedule() {
                assert!(matches!(r.needs(), Needs::Load | Needs::Graph), "{r}");
                assert_eq!(r.severity(), Severity::Error, "{r}");
            }
        }
    }
}
