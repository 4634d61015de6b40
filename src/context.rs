//! Opening a plan, the same way for every command: load it with the
//! user's load options, run the rules stage by stage (the instance graph and
//! the schedule are built here, once), and — when the command looks at the
//! night — read the status log as of `--now` and compute the forecast once.
//! Every command that reads a plan goes through [`open`].

use crate::check::{CheckReport, apply_levels, apply_waivers, cap_findings, sort_findings};
use crate::diag::Finding;
use crate::graph::InstanceGraph;
use crate::load::{LoadError, LoadOptions, Loaded, load};
use crate::model::Plan;
use crate::progress::{Phase, phase};
use crate::rules::{Inputs, Needs};
use crate::schedule::{Schedule, compute_in_order, compute_with};
use crate::status::{LogError, Progress};
use crate::time::Instant;
use std::path::{Path, PathBuf};

/// When a command reads the status log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NightMode {
    /// Never (`graph`, `ics`).
    Never,
    /// When the log exists, or `--now` or `--status` asks for it
    /// (`critical-path`, `checklist`, `gantt`).
    IfAny,
    /// Always: a missing log is an empty one (`status`, `next`, `mark`).
    Always,
    /// Only with `--now`, to run the night's rules (`check --now`).
    Rules,
}

/// How to open a plan: the load options, and the night's.
#[derive(Clone, Debug)]
pub struct OpenOptions {
    pub load: LoadOptions,
    /// `--now`: a time expression of the plan.
    pub now: Option<String>,
    /// `--status`: the log (default `<plan>.status.jsonl`).
    pub status: Option<PathBuf>,
    pub night: NightMode,
}

impl OpenOptions {
    pub fn new(load: LoadOptions) -> OpenOptions {
        OpenOptions { load, now: None, status: None, night: NightMode::Never }
    }
}

/// The night as of `now`: the log applied, and the forecast.
#[derive(Debug)]
pub struct Night {
    /// The log read (it may not exist: then nothing is done yet).
    pub log: PathBuf,
    pub progress: Progress,
    pub now: Instant,
    /// `now` was given (`--now`), not read from the clock.
    pub now_given: bool,
    /// The schedule from `now`: done work at its actual times, the rest no
    /// earlier than now. Absent when it cannot be computed.
    pub forecast: Option<Schedule>,
}

/// An opened plan: the checked plan, and the night when one was read.
#[derive(Debug)]
pub struct Opened {
    pub report: CheckReport,
    pub night: Option<Night>,
}

impl Opened {
    pub fn plan(&self) -> &Plan {
        &self.report.plan
    }

    /// The instance graph of a plan that can be scheduled (one that
    /// `Shell::open_scheduled` let through has one).
    pub fn graph(&self) -> &InstanceGraph {
        self.report.graph.as_ref().expect("a plan that can be scheduled has an instance graph")
    }

    /// The schedule a command shows: the forecast on the night, else the plan's.
    pub fn schedule(&self) -> Option<&Schedule> {
        self.night.as_ref().and_then(|n| n.forecast.as_ref()).or(self.report.schedule.as_ref())
    }
}

/// The plan could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Log(#[from] LogError),
    #[error("{flag}: {message}")]
    Time { flag: &'static str, message: String },
}

/// Opens the plan at `path`.
pub fn open(path: &Path, opts: &OpenOptions) -> Result<Opened, OpenError> {
    phase(Phase::Start);
    let loaded = load(path, &opts.load)?;
    phase(Phase::Loaded);
    open_loaded(path, loaded, opts)
}

/// Opens a plan whose files are already loaded.
pub fn open_loaded(path: &Path, loaded: Loaded, opts: &OpenOptions) -> Result<Opened, OpenError> {
    let Loaded { plan, mut findings, has_plan_table, dropped_findings, unresolved } = loaded;
    crate::rules::run(Needs::Load, &Inputs { unresolved: &unresolved, ..Inputs::plan(&plan) }, &mut findings);
    let (graph, schedule) = if has_plan_table { analyse(&plan, &mut findings) } else { (None, None) };
    phase(Phase::RulesRun);
    let blocked = findings.iter().any(|f| f.is_error() && f.rule.blocks_schedule());
    let night = match (&graph, blocked) {
        (Some(g), false) => read_night(path, &plan, g, opts)?,
        _ => None,
    };
    if let (Some(n), Some(g)) = (&night, &graph) {
        if opts.night == NightMode::Rules {
            let log = (n.log != crate::status::default_path(path)).then_some(n.log.as_path());
            let inp = Inputs { graph: Some(g), schedule: schedule.as_ref(), night: Some((&n.progress, n.now)), log, ..Inputs::plan(&plan) };
            crate::rules::run(Needs::Progress, &inp, &mut findings);
        }
    }
    apply_levels(&plan, &mut findings);
    apply_waivers(&plan, &mut findings);
    // Rules about the check itself, on every other finding.
    let complete = schedule.is_some() && !findings.iter().any(|f| f.is_error() && f.rule.blocks_schedule());
    let ran_night = night.as_ref().filter(|_| opts.night == NightMode::Rules).map(|n| (&n.progress, n.now));
    let mut about = Vec::new();
    let inp = Inputs { night: ran_night, findings: Some((&findings, complete)), ..Inputs::plan(&plan) };
    crate::rules::run(Needs::Findings, &inp, &mut about);
    apply_levels(&plan, &mut about);
    findings.extend(about);
    sort_findings(&mut findings);
    cap_findings(&mut findings, &dropped_findings);
    let files_read = plan.files.iter().filter_map(|(_, f)| std::fs::canonicalize(&f.path).ok()).collect();
    let report = CheckReport { path: crate::source::display_path(path), plan, findings, files_read, graph, schedule };
    Ok(Opened { report, night })
}

/// Loads and checks a plan (no night): what `cutover check` does to a file.
pub fn check_file(path: &Path, opts: &LoadOptions) -> Result<CheckReport, LoadError> {
    match open(path, &OpenOptions::new(opts.clone())) {
        Ok(o) => Ok(o.report),
        Err(OpenError::Load(e)) => Err(e),
        Err(e) => unreachable!("no night was asked for: {e}"),
    }
}

/// The tasks a second thread for the plan's rules should have to itself
/// when it must be started: a plan of fewer than twice this many then runs
/// its rules and builds its instance graph one after the other, on the
/// thread that asked.
const PLAN_RULES_MIN_TASKS: usize = 8_192;

/// The same while kept threads are already running (a large file's readers).
const PLAN_RULES_MIN_WARM: usize = 1_024;

/// Checks a loaded plan (no night).
pub fn check_loaded(path: &Path, loaded: Loaded) -> CheckReport {
    match open_loaded(path, loaded, &OpenOptions::new(LoadOptions::default())) {
        Ok(o) => o.report,
        Err(e) => unreachable!("no night was asked for: {e}"),
    }
}

/// The rules over a loaded plan, stage by stage, with the instance graph
/// and the schedule they need, built here. Returns the graph (absent for a
/// plan over the instance cap) and the schedule (when the plan has a start
/// and no cycle).
pub fn analyse(plan: &Plan, out: &mut Vec<Finding>) -> (Option<InstanceGraph>, Option<Schedule>) {
    // The rules over the plan alone run on a second core while the
    // instance graph is built and ordered; then this thread takes its share
    // of the rules left. A small plan's are run on this thread, unless a
    // kept thread is already running (a file read in parts): a new one
    // would cost more to start than it saves.
    let fits = plan.within_instance_cap();
    // A plan over the cap (`too-large`, reported by the loader) gets no graph.
    let build = || {
        fits.then(|| {
            let g = InstanceGraph::build(plan);
            let order = g.topo_order();
            (g, order)
        })
    };
    let shared = crate::par::workers_warm(plan.tasks.len(), PLAN_RULES_MIN_TASKS, PLAN_RULES_MIN_WARM, 2) > 1;
    let graph = if shared {
        crate::rules::run_beside(Needs::Plan, &Inputs::plan(plan), out, build)
    } else {
        crate::rules::run(Needs::Plan, &Inputs::plan(plan), out);
        build()
    };
    phase(Phase::TaskRulesAndGraph);
    let Some((graph, order)) = graph else {
        // Its cycles are looked for over the task graph alone.
        crate::rules::run(Needs::Graph, &Inputs::plan(plan), out);
        return (None, None);
    };
    // The instances have an order exactly when no tasks wait on each other
    // (tasks without instances wait for nothing), so the cycles are only
    // looked for when there is none.
    if order.is_none() {
        crate::rules::run(Needs::Graph, &Inputs { graph: Some(&graph), ..Inputs::plan(plan) }, out);
    }
    phase(Phase::Cycles);
    let schedule = order.and_then(|order| compute_in_order(plan, &graph, order, &[]).ok());
    phase(Phase::Schedule);
    let inp = Inputs { graph: Some(&graph), schedule: schedule.as_ref(), ..Inputs::plan(plan) };
    if shared {
        crate::rules::run_beside(Needs::Schedule, &inp, out, || ());
    } else {
        crate::rules::run(Needs::Schedule, &inp, out);
    }
    (Some(graph), schedule)
}

/// The status log applied as of `now`, and the forecast from then, when the
/// command's night mode asks for it.
pub fn read_night(path: &Path, plan: &Plan, g: &InstanceGraph, opts: &OpenOptions) -> Result<Option<Night>, OpenError> {
    let log = opts.status.clone().unwrap_or_else(|| crate::status::default_path(path));
    let wanted = match opts.night {
        NightMode::Never => false,
        NightMode::Always => true,
        NightMode::IfAny => opts.now.is_some() || opts.status.is_some() || log.exists(),
        NightMode::Rules => opts.now.is_some(),
    };
    if !wanted {
        return Ok(None);
    }
    let now = match &opts.now {
        Some(t) => instant(plan, t, "--now")?,
        None => clock(),
    };
    let (records, warnings) = crate::status::read(&log, opts.load.max_file_bytes)?;
    // As of `now`: what happened later is not known yet.
    let progress = crate::status::apply_as_of(plan, g, &records, warnings, Some(now));
    let forecast = compute_with(plan, g, &crate::status::fixed(&progress, now)).ok();
    phase(Phase::Night);
    Ok(Some(Night { log, progress, now, now_given: opts.now.is_some(), forecast }))
}

/// The clock, as an instant (whole minutes).
pub fn clock() -> Instant {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    Instant(secs.div_euclid(60))
}

/// An instant given as a time expression of the plan: its start (`ngày
/// 25/6` is 00:00 that day), or with `end` its end (`--to`).
pub fn time_arg(plan: &Plan, text: &str, flag: &'static str, end: bool) -> Result<Instant, OpenError> {
    let e = crate::time::TimeExpr::parse(text).map_err(|e| OpenError::Time { flag, message: e.to_string() })?;
    let tz = plan.tz();
    Ok(if end { e.due(tz) } else { e.not_before(tz).unwrap_or_else(|| e.due(tz)) })
}

/// An instant given as a time expression (its start).
pub fn instant(plan: &Plan, text: &str, flag: &'static str) -> Result<Instant, OpenError> {
    time_arg(plan, text, flag, false)
}
