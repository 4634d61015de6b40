//! The rule table: every rule a check can report, with its stable name (what
//! CI and waivers use), default severity, one-line doc, whether its errors
//! stop the plan from being scheduled, and what it needs to run.
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
    ($( $variant:ident => $name:literal, $sev:ident, $needs:ident, $blocks:literal, $doc:literal; )*) => {
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

            /// When the rule fires.
            pub fn doc(self) -> &'static str {
                match self { $( Rule::$variant => $doc, )* }
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
    TomlSyntax => "toml-syntax", Error, Load, true, "the file is not valid TOML (or not UTF-8)";
    UnknownKey => "unknown-key", Error, Load, true, "a key the format does not have (with the closest known key)";
    MissingKey => "missing-key", Error, Load, true, "a required key is absent";
    BadValue => "bad-value", Error, Load, true, "a value of the wrong type or form: a time expression, duration, id, scope, phase";
    DuplicateId => "duplicate-id", Error, Load, true, "two tasks, orgs, systems, units or sources with the same id (after NFC normalisation)";
    UnknownReference => "unknown-reference", Error, Load, true, "`after`, `lead`, `support`, `system`, `owner`, `vendor`, `source`, `approvers`, `undoes` names nothing (with the closest id)";
    IncludeError => "include-error", Error, Load, true, "an include is missing, unreadable, repeated, cyclic, or outside the plan's directory";
    DependencyCycle => "dependency-cycle", Error, Graph, true, "tasks wait on each other; the message lists the whole cycle in order";
    DeadlineOrder => "deadline-order", Error, Plan, false, "a task is due before one of its predecessors is due (taking the lag into account)";
    DeadlineInfeasible => "deadline-infeasible", Error, Schedule, false, "even at the earliest, the task cannot finish by its `due` (negative slack)";
    WindowEmpty => "window-empty", Error, Plan, false, "`not_before` + `duration` falls after `due`";
    CutoverOrder => "cutover-order", Error, Plan, false, "a prepare/provision/backup/trial task is due after the cutover, or a stabilize/retire/followup task before it";
    MissingDeadline => "missing-deadline", Warning, Plan, false, "a task has no `due`";
    BackupBeforeStop => "backup-before-stop", Warning, Plan, false, "a cutover or retire task of a system does not come after a backup or trial task of that system";
    WaveOrder => "wave-order", Warning, Plan, false, "tasks of one group with waves leaders, heads, staff are due out of that order";
    UnusedOrg => "unused-org", Warning, Plan, false, "an org no task or system names";
    PinInfeasible => "pin-infeasible", Error, Schedule, false, "a task pinned to an instant (`at`) cannot happen then: its predecessors finish too late";
    UnpinnedCutover => "unpinned-cutover", Warning, Plan, false, "a task of phase `cutover` has no `at`: it may happen days before T-0";
    ChangeBeforeBackup => "change-before-backup", Warning, Plan, false, "a provision, trial or cutover task changes a system with no backup or trial task of that system before it";
    NoBackout => "no-backout", Warning, Plan, false, "a system with a cutover task has no backout step (`undoes`), or a point of no return has nothing before it that can be undone";
    GateMissing => "gate-missing", Warning, Plan, false, "a cutover task has no go/no-go gate (a task with `approvers`) before it";
    DueBeforeIssued => "due-before-issued", Warning, Plan, false, "a task falls due on or before the day its source document was issued (`[[source]] date`, or the day after `issued_after`)";
    UnknownClause => "unknown-clause", Error, Plan, false, "a task's `source` clause (`II.5.b`) names a part, section or item its document (`[[source]] file`) does not have";
    StaleWaiver => "stale-waiver", Warning, Findings, false, "a `waive` entry whose finding no longer occurs: the waiver outlives what it excused";
    DueOnDayOff => "due-on-day-off", Warning, Plan, false, "a deadline names a weekend or holiday of the task's calendar; the message gives the last working moment before it";
    OutsideWorkingTime => "outside-working-time", Warning, Schedule, false, "work the schedule can only place outside the working hours of the task's calendar (pinned, or a calendar-time duration)";
    NoWorkingTime => "no-working-time", Error, Schedule, false, "a task's calendar has no working time for years where the schedule needs it";
    Overdue => "overdue", Warning, Progress, false, "with `check --now TIME`: an instance due by then is not marked done in the status log";
    TooLarge => "too-large", Error, Load, true, "units × unit tasks give more task instances than the cap (`--max-instances`)";
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
