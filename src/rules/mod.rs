//! The check rules: each has a stable name (what CI and waivers use), a
//! default severity and a one-line doc.
//!
//! Structural rules (`toml-syntax`, `unknown-key`, `missing-key`, `bad-value`,
//! `include-error`) are found while a file is read, where the key stands
//! (see [`crate::load`]). The rules over the whole plan each live in a module
//! of their own here, with their tests.

use crate::diag::{Finding, Severity};
use crate::graph::InstanceGraph;
use crate::model::Plan;
use crate::schedule::{Schedule, compute_in_order};

pub mod backup_before_stop;
pub mod cutover_order;
pub mod deadline_infeasible;
pub mod deadline_order;
pub mod dependency_cycle;
pub mod duplicate_id;
pub mod missing_deadline;
pub mod overdue;
pub mod unknown_reference;
pub mod unused_org;
pub mod wave_order;
pub mod window_empty;

macro_rules! rules {
    ($( $variant:ident => $name:literal, $sev:ident, $doc:literal; )*) => {
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
        }
    };
}

rules! {
    TomlSyntax => "toml-syntax", Error, "the file is not valid TOML (or not UTF-8)";
    UnknownKey => "unknown-key", Error, "a key the format does not have (with the closest known key)";
    MissingKey => "missing-key", Error, "a required key is absent";
    BadValue => "bad-value", Error, "a value of the wrong type or form: a time expression, duration, id, scope, phase";
    DuplicateId => "duplicate-id", Error, "two tasks, orgs, systems, units or sources with the same id (after NFC normalisation)";
    UnknownReference => "unknown-reference", Error, "`after`, `lead`, `support`, `system`, `owner`, `vendor`, `source` names nothing (with the closest id)";
    IncludeError => "include-error", Error, "an include is missing, unreadable, repeated, cyclic, or outside the plan's directory";
    DependencyCycle => "dependency-cycle", Error, "tasks wait on each other; the message lists the whole cycle in order";
    DeadlineOrder => "deadline-order", Error, "a task is due before one of its predecessors is due (taking the lag into account)";
    DeadlineInfeasible => "deadline-infeasible", Error, "even at the earliest, the task cannot finish by its `due` (negative slack)";
    WindowEmpty => "window-empty", Error, "`not_before` + `duration` falls after `due`";
    CutoverOrder => "cutover-order", Error, "a prepare/provision/backup/trial task is due after the cutover, or a stabilize/retire/followup task before it";
    MissingDeadline => "missing-deadline", Warning, "a task has no `due`";
    BackupBeforeStop => "backup-before-stop", Warning, "a cutover or retire task of a system does not come after a backup or trial task of that system";
    WaveOrder => "wave-order", Warning, "tasks of one group with waves leaders, heads, staff are due out of that order";
    UnusedOrg => "unused-org", Warning, "an org no task or system names";
    Overdue => "overdue", Warning, "with `check --now TIME`: an instance due by then is not marked done in the status log";
    TooLarge => "too-large", Error, "units × unit tasks give more task instances than the cap (`--max-instances`)";
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

/// Runs every rule over the whole plan, appending findings. Returns the
/// instance graph and, when the plan can be scheduled (it has a start and no
/// cycle), its schedule, for the commands that show them.
pub fn run_plan_rules(plan: &Plan, out: &mut Vec<Finding>) -> (Option<InstanceGraph>, Option<Schedule>) {
    // The rules over single tasks run on a second core while the instance
    // graph is built and ordered; their findings come first, as if run first.
    let fits = plan.instances() <= plan.max_instances;
    let (task_findings, graph) = std::thread::scope(|scope| {
        let rules = scope.spawn(|| {
            let mut out = Vec::new();
            missing_deadline::check(plan, &mut out);
            unused_org::check(plan, &mut out);
            cutover_order::check(plan, &mut out);
            window_empty::check(plan, &mut out);
            deadline_order::check(plan, &mut out);
            wave_order::check(plan, &mut out);
            backup_before_stop::check(plan, &mut out);
            out
        });
        // A plan over the cap (`too-large`, reported by the loader) gets no graph.
        let graph = fits.then(|| {
            let g = InstanceGraph::build(plan);
            let order = g.topo_order();
            (g, order)
        });
        (rules.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), graph)
    });
    out.extend(task_findings);
    crate::progress::phase("task rules and instance graph");
    let Some((graph, order)) = graph else {
        // Its cycles are looked for over the task graph alone.
        dependency_cycle::check(plan, out);
        return (None, None);
    };
    // The instances have an order exactly when no tasks wait on each other
    // (tasks without instances wait for nothing), so the cycles are only
    // looked for when there is none.
    if order.is_none() {
        dependency_cycle::check(plan, out);
    }
    crate::progress::phase("cycles");
    let schedule = order.and_then(|order| compute_in_order(plan, &graph, order, &[]).ok());
    crate::progress::phase("schedule");
    if let Some(s) = &schedule {
        deadline_infeasible::check(plan, &graph, s, out);
    }
    (Some(graph), schedule)
}

/// Helpers for the rules' own tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::diag::Finding;
    use crate::load::{LoadOptions, load_bytes};
    use crate::model::Plan;
    use std::path::Path;

    /// A plan header (start 12/6/2025, T-0 24:00 30/6/2025) with org `a`.
    pub const HEAD: &str =
        "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24 giờ 00 ngày 30/6/2025\"\n[org.a]\nname = \"A\"\n";

    /// Loads `HEAD` + `body`.
    pub fn plan(body: &str) -> Plan {
        load_bytes(Path::new("p.toml"), format!("{HEAD}{body}").into_bytes(), &LoadOptions::default()).plan
    }

    /// The findings one rule's `check` makes on `HEAD` + `body`.
    pub fn findings(check: fn(&Plan, &mut Vec<Finding>), body: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        check(&plan(body), &mut out);
        out
    }

    /// A `[[task]]` led by `a`, with extra lines.
    pub fn task(id: &str, extra: &str) -> String {
        format!("[[task]]\nid = \"{id}\"\ntitle = \"T\"\nlead = \"a\"\n{extra}\n")
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
}
