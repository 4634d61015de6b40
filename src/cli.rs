//! The command line: arguments (clap) and the commands they run.
//!
//! `main.rs` only parses, calls [`run`] and maps the outcome to the exit
//! status: 0 clean, 1 findings at error level, 2 could not run.

use crate::check::{CheckReport, check_file, expand_paths};
use crate::load::LoadOptions;
use crate::report;
use crate::rules::Rule;
use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  cutover check plans/quang-ngai-2025.toml
  cutover check plans/ --format github
  cutover critical-path plans/quang-ngai-2025.toml
  cutover checklist plans/quang-ngai-2025.toml --unit camthanh
  cutover mark plans/quang-ngai-2025.toml email.list@camthanh --done --at \"2025-06-20T15:00\"
  cutover status plans/quang-ngai-2025.toml --now \"2025-06-21T08:00\"
  cutover next plans/quang-ngai-2025.toml --hours 4 --org skhcn
  cutover gantt plans/quang-ngai-2025.toml -o gantt.html
  cutover graph plans/quang-ngai-2025.toml --format dot | dot -Tsvg > graph.svg
  cutover ics plans/quang-ngai-2025.toml --org skhcn -o skhcn.ics
  cutover rules

Exit status: 0 no error found, 1 errors found, 2 could not run.
Docs: docs/plan-format.md (the plan format), README.md.";

/// Turn a government IT cutover plan into a checked dependency graph.
///
/// Reads plan files (TOML, see docs/plan-format.md) and reports every problem
/// at its file:line:column.
#[derive(Debug, Parser)]
#[command(name = "cutover", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// When to use colours: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plan files: structure, references, deadlines; every problem with its place.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Show the critical path: the chain of tasks that drives the cutover, with slack.
    #[command(name = "critical-path", after_help = CRITICAL_EXAMPLES)]
    CriticalPath(CriticalArgs),
    /// Checklists: what each org, commune, system or day must do, in due order, ready to tick.
    #[command(after_help = CHECKLIST_EXAMPLES)]
    Checklist(ChecklistArgs),
    /// Record progress on the night: start, done, blocked or reopened, in the status log.
    #[command(after_help = MARK_EXAMPLES)]
    Mark(MarkArgs),
    /// Where the plan stands now: progress, overdue, blocked, at risk, and the T-0 forecast.
    #[command(after_help = STATUS_EXAMPLES)]
    Status(StatusArgs),
    /// What is due or may start in the next hours, who leads it, what it still waits for.
    #[command(after_help = NEXT_EXAMPLES)]
    Next(NextArgs),
    /// The dependency graph as Graphviz DOT or Mermaid: clustered by system, the critical path bold.
    #[command(after_help = GRAPH_EXAMPLES)]
    Graph(GraphArgs),
    /// The deadlines as an iCalendar file (RFC 5545) for Google Calendar, Outlook, Thunderbird.
    #[command(after_help = ICS_EXAMPLES)]
    Ics(IcsArgs),
    /// A Gantt chart: one self-contained HTML page (or SVG, or Mermaid) with the T-0 line.
    #[command(after_help = GANTT_EXAMPLES)]
    Gantt(GanttArgs),
    /// List the rules a check applies, with their severity.
    Rules(RulesArgs),
}

const GANTT_EXAMPLES: &str = "\
Examples:
  cutover gantt plans/quang-ngai-2025.toml -o gantt.html
  cutover gantt plans/quang-ngai-2025.toml --unit camthanh -o camthanh.html
  cutover gantt plans/quang-ngai-2025.toml --format svg -o gantt.svg
  cutover gantt plans/quang-ngai-2025.toml --format mermaid

The page works offline (inline SVG and CSS) and prints on A3 landscape. With a
status log, bars are coloured done, late or blocked.";

#[derive(Debug, Args)]
pub struct GanttArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = GanttFormat::Html)]
    pub format: GanttFormat,

    /// Group rows by system (default) or by lead org.
    #[arg(long, value_enum, default_value_t = GanttBy::System)]
    pub by: GanttBy,

    /// One commune's view: its own instances and its committee's plan tasks.
    #[arg(long, value_name = "ID")]
    pub unit: Option<String>,

    /// Language of labels and dates.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub night: NightArgs,

    #[command(flatten)]
    pub load: LoadArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GanttFormat {
    /// One self-contained HTML page.
    Html,
    /// The bare SVG.
    Svg,
    /// A Mermaid `gantt` block.
    Mermaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GanttBy {
    System,
    Org,
}

const ICS_EXAMPLES: &str = "\
Examples:
  cutover ics plans/quang-ngai-2025.toml --org skhcn -o skhcn.ics
  cutover ics plans/quang-ngai-2025.toml --unit camthanh -o camthanh.ics

One event per task at its due (a `ngày D` window is an all-day event); UIDs are
stable, so importing a newer export updates the events. --now fixes DTSTAMP.";

#[derive(Debug, Args)]
pub struct IcsArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Only the tasks this org takes part in.
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,

    /// One unit's instances (and the plan tasks its committee takes part in).
    #[arg(long, value_name = "ID")]
    pub unit: Option<String>,

    /// DTSTAMP of the events (a time expression); default the clock.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    /// Language of the descriptions.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub load: LoadArgs,
}

const GRAPH_EXAMPLES: &str = "\
Examples:
  cutover graph plans/quang-ngai-2025.toml --format dot | dot -Tsvg > graph.svg
  cutover graph plans/quang-ngai-2025.toml --format mermaid -o graph.mmd

Unit tasks are one node each (×96); the edges of the critical path to the
cutover are bold.";

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub load: LoadArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
}

const NEXT_EXAMPLES: &str = "\
Examples:
  cutover next plans/quang-ngai-2025.toml --now \"ngày 25/6/2025\"
  cutover next plans/quang-ngai-2025.toml --hours 4 --org skhcn
  cutover next plans/quang-ngai-2025.toml --unit camthanh --format json";

#[derive(Debug, Args)]
pub struct NextArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    #[command(flatten)]
    pub night: NightArgs,

    /// How many hours ahead to look.
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub hours: u32,

    /// Only what this org takes part in.
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,

    /// Only this unit's instances.
    #[arg(long, value_name = "ID")]
    pub unit: Option<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,

    /// Language of dates and labels.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    #[command(flatten)]
    pub load: LoadArgs,
}

const MARK_EXAMPLES: &str = "\
Examples:
  cutover mark plans/quang-ngai-2025.toml email.list@camthanh --done --at \"2025-06-20T15:00\"
  cutover mark plans/quang-ngai-2025.toml portal.domain@all --start --by lan
  cutover mark plans/quang-ngai-2025.toml lgsp.backup --block \"chờ VNPT cấp quyền\" --at \"14h30 ngày 25/6/2025\"
  cutover mark plans/quang-ngai-2025.toml lgsp.backup --reopen --note \"đã có quyền\"

Events are appended to <plan>.status.jsonl (or --status FILE); the plan file is
never written. An id is a task, a task instance (task@unit) or task@all (every
unit). An unknown id writes nothing (exit 2).";

const STATUS_EXAMPLES: &str = "\
Examples:
  cutover status plans/quang-ngai-2025.toml
  cutover status plans/quang-ngai-2025.toml --now \"2025-06-21T08:00\" --format json
  cutover status plans/quang-ngai-2025.toml --lang en

The forecast re-runs the critical path from --now (default: the clock): done
tasks at their actual finish, started ones at their actual start, the rest no
earlier than now.";

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("event").required(true).args(["done", "start", "block", "reopen"])))]
pub struct MarkArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Tasks or instances: `task`, `task@unit`, `task@all`.
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,

    /// The work is done.
    #[arg(long)]
    pub done: bool,

    /// The work has started.
    #[arg(long)]
    pub start: bool,

    /// The work is blocked, for this reason.
    #[arg(long, value_name = "REASON")]
    pub block: Option<String>,

    /// Open it again (undo done or blocked).
    #[arg(long)]
    pub reopen: bool,

    /// When it happened: a time expression of the plan (`14h30 ngày 25/6/2025`); default now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// Who records it (default: the user name).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// A note kept with the event.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The status log (default: <plan>.status.jsonl beside the plan).
    #[arg(long, value_name = "FILE")]
    pub status: Option<PathBuf>,

    #[command(flatten)]
    pub load: LoadArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    #[command(flatten)]
    pub night: NightArgs,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,

    /// Language of dates and labels: vi (default, or the plan's `lang`) or en.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// Redraw every N seconds until interrupted (on a terminal).
    #[arg(long, value_name = "N")]
    pub watch: Option<u64>,

    #[command(flatten)]
    pub load: LoadArgs,
}

const CHECKLIST_EXAMPLES: &str = "\
Examples:
  cutover checklist plans/quang-ngai-2025.toml                       # one list per org
  cutover checklist plans/quang-ngai-2025.toml --org skhcn --format json
  cutover checklist plans/quang-ngai-2025.toml --unit camthanh       # Cẩm Thành's own list
  cutover checklist plans/quang-ngai-2025.toml --org ubnd-xa         # every commune's committee, one list each
  cutover checklist plans/quang-ngai-2025.toml --by day --from \"ngày 25/6/2025\" --to \"24:00 30/6/2025\"
  cutover checklist plans/quang-ngai-2025.toml --org vpubnd --format markdown -o vpubnd.md
  cutover checklist plans/quang-ngai-2025.toml --format csv -o checklist.csv

Items run in due order, then by id; undated items come last under their own
heading. --from keeps items due after its start, --to items due by its end;
both take the plan's time expressions. -o writes the file atomically.";

#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Group the items by org (default), unit, system or day.
    #[arg(long, value_enum)]
    pub by: Option<ByArg>,

    /// Only this org's items (a per-unit org, like ubnd-xa, gives one list per unit).
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,

    /// Only this unit's list: its own instances and the plan tasks its committee takes part in.
    #[arg(long, value_name = "ID")]
    pub unit: Option<String>,

    /// Only this system's items.
    #[arg(long, value_name = "ID")]
    pub system: Option<String>,

    /// Only this phase's items.
    #[arg(long, value_name = "PHASE")]
    pub phase: Option<String>,

    /// Only items due after this time expression begins (e.g. "ngày 25/6/2025").
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,

    /// Only items due by this time expression (e.g. "24:00 30/6/2025").
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ChecklistFormat::Text)]
    pub format: ChecklistFormat,

    /// Language of dates and labels: vi (default, or the plan's `lang`) or en.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub load: LoadArgs,

    #[command(flatten)]
    pub night: NightArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Org,
    Unit,
    System,
    Day,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecklistFormat {
    /// Tables for a terminal.
    Text,
    /// GitHub task lists, one section per group.
    Markdown,
    /// One row per item, for spreadsheets.
    Csv,
    /// Groups with their items.
    Json,
}

const CRITICAL_EXAMPLES: &str = "\
Examples:
  cutover critical-path plans/quang-ngai-2025.toml
  cutover critical-path plans/quang-ngai-2025.toml --lang en
  cutover critical-path plans/quang-ngai-2025.toml --to qlvb.trial
  cutover critical-path plans/quang-ngai-2025.toml --to portal.domain@camthanh
  cutover critical-path plans/quang-ngai-2025.toml --all          # every task, least slack first
  cutover critical-path plans/quang-ngai-2025.toml --format json

The path ends at the latest-due task of phase `cutover` (or the task due at
plan.cutover) unless --to names a task. Unit tasks whose instances agree are
folded into one row (×96).

Exit status: 0 shown, 1 the plan has errors that prevent a schedule (run
`cutover check`), 2 could not run.";

#[derive(Debug, Args)]
pub struct CriticalArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// End the path at this task (`task` or `task@unit`) instead of the cutover.
    #[arg(long, value_name = "TASK")]
    pub to: Option<String>,

    /// List every task with its slack, least first, instead of one path.
    #[arg(long)]
    pub all: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,

    /// Language of dates and labels: vi (default, or the plan's `lang`) or en.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    #[command(flatten)]
    pub load: LoadArgs,

    #[command(flatten)]
    pub night: NightArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A table for people.
    Table,
    /// JSON on stdout.
    Json,
}

const CHECK_EXAMPLES: &str = "\
Examples:
  cutover check plans/quang-ngai-2025.toml
  cutover check plans/                      # every plan under plans/ (fragments through their includer)
  cutover check plans/ --format github      # annotations for GitHub Actions
  cutover check plan.toml --format json     # one object, as docs/plan-format.md shows
  cutover check plan.toml --deny warnings   # warnings fail the check too

Exit status: 0 no error found (warnings and waived findings do not count unless
--deny warnings), 1 errors found, 2 could not run (no such file, bad arguments).";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plan files, or directories to search for `*.toml` plans.
    #[arg(required = true, value_name = "PLAN")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Print only errors (and the summary when there are some).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Treat warnings as errors for the exit status.
    #[arg(long, value_name = "KIND", value_enum)]
    pub deny: Option<Deny>,

    /// Language of dates and labels: vi (default) or en.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    #[command(flatten)]
    pub load: LoadArgs,

    #[command(flatten)]
    pub night: NightArgs,
}

/// How far a plan may be read: the caps of hostile input.
#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Follow includes that lead outside the plan's directory.
    #[arg(long)]
    pub allow_outside_includes: bool,

    /// The most task instances (unit tasks × units) a plan may have.
    #[arg(long, value_name = "N", default_value_t = crate::load::DEFAULT_MAX_INSTANCES)]
    pub max_instances: u64,

    /// The largest plan file (or status log) to read, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = crate::load::DEFAULT_MAX_FILE_BYTES >> 20)]
    pub max_file_size: u64,

    /// Read a plan or include that is a named pipe or a device (e.g. `<(gen-plan)`), up to --max-file-size.
    /// Without it such a file is refused: opening a pipe nobody writes to waits forever.
    #[arg(long)]
    pub allow_special_files: bool,
}

impl LoadArgs {
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            allow_outside: self.allow_outside_includes,
            max_instances: self.max_instances,
            max_file_bytes: self.max_file_size.saturating_mul(1 << 20),
            allow_special: self.allow_special_files,
            ..LoadOptions::default()
        }
    }
}

/// The status log of the night, and the instant to read it at.
#[derive(Debug, Clone, Args)]
pub struct NightArgs {
    /// Read the status log at this time (a time expression of the plan); default the clock.
    /// With `check`: report what is overdue then (rule `overdue`).
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    /// The status log (default: <plan>.status.jsonl beside the plan).
    #[arg(long, value_name = "FILE")]
    pub status: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics on stderr.
    Human,
    /// One JSON object on stdout.
    Json,
    /// GitHub Actions annotation lines on stdout.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

/// Should output to a stream be coloured? `--color`, then `NO_COLOR` (any
/// non-empty value turns colour off), then `CLICOLOR_FORCE`, then whether the
/// stream is a terminal.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                return false;
            }
            if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                return true;
            }
            is_terminal
        }
    }
}

/// What a command ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Ran; no error found.
    Clean,
    /// Ran; found errors (exit 1).
    Findings,
}

/// A spinner on stderr for long loads and checks: only on a terminal, never
/// in CI, and only once the work has taken half a second.
struct Spinner {
    bar: indicatif::ProgressBar,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Spinner {
    fn start(enabled: bool) -> Option<Spinner> {
        if !enabled || !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
            return None;
        }
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let files = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        {
            let (bar, files) = (bar.clone(), files.clone());
            crate::progress::set_hook(move |s| match s {
                crate::progress::Step::FileRead(path) => {
                    let n = files.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    bar.set_message(format!("{n} files read ({})", crate::text::visible_line(path)));
                }
                crate::progress::Step::Chunks { done, total } => bar.set_message(format!("reading: {done}/{total} parts of the plan file")),
                crate::progress::Step::Phase(p) => bar.set_message(crate::progress::next_activity(p)),
            });
        }
        {
            let (bar, done) = (bar.clone(), done.clone());
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(500));
                if !done.load(std::sync::atomic::Ordering::SeqCst) {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                }
            });
        }
        Some(Spinner { bar, done })
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::SeqCst);
        self.bar.finish_and_clear();
    }
}

/// Runs a parsed command line. Meant to run once per process: the plan a
/// command loads is not freed (the process is about to exit).
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Check(args) => run_check(args, cli.color),
        Command::CriticalPath(args) => run_critical(args, cli.color),
        Command::Checklist(args) => run_checklist(args, cli.color),
        Command::Mark(args) => run_mark(args, cli.color),
        Command::Status(args) => run_status(args, cli.color),
        Command::Next(args) => run_next(args, cli.color),
        Command::Graph(args) => run_graph(args, cli.color),
        Command::Ics(args) => run_ics(args, cli.color),
        Command::Gantt(args) => run_gantt(args, cli.color),
        Command::Rules(args) => run_rules(args),
    }
}

fn run_gantt(args: GanttArgs, color: ColorChoice) -> Result<Outcome> {
    use crate::report::gantt;
    let r = match scheduled_plan(&args.plan, &args.load.options(), color)? {
        Ok(r) => r,
        Err(o) => return Ok(o),
    };
    let plan = &r.plan;
    let g = r.graph.as_ref().expect("graph");
    let lang = args.lang.map(LangArg::lang).unwrap_or(plan.meta.lang);
    let unit = args.unit.as_deref().map(|u| resolve(&plan.ids.units, u, "unit")).transpose()?;
    let night = night(&args.plan, plan, g, args.night.now.as_deref(), args.night.status.as_deref(), &args.load.options())?;
    let forecast = match &night {
        Some((p, now)) => Some(crate::schedule::compute_with(plan, g, &crate::status::fixed(p, *now)).map_err(|e| anyhow::anyhow!("{e}"))?),
        None => None,
    };
    let s = forecast.as_ref().unwrap_or_else(|| r.schedule.as_ref().expect("schedule"));
    let mut critical = std::collections::HashSet::new();
    if let Ok(end) = crate::critical::end_instance(plan, g, s, None) {
        critical.extend(crate::schedule::driving_chain(plan, g, s, end));
    }
    let generated = match (&args.night.now, &night) {
        (Some(_), Some((_, now))) => *now,
        _ => clock(),
    };
    let inp = gantt::Input {
        plan,
        graph: g,
        schedule: s,
        critical,
        night: night.as_ref().map(|(p, n)| (p, *n)),
        by: if args.by == GanttBy::Org { gantt::GroupBy::Org } else { gantt::GroupBy::System },
        unit,
    };
    let chart = gantt::chart(&inp);
    let text = match args.format {
        GanttFormat::Html => gantt::html(&inp, &chart, lang, generated),
        GanttFormat::Svg => gantt::svg(&inp, &chart, lang, generated),
        GanttFormat::Mermaid => gantt::mermaid(&inp, &chart),
    };
    emit(args.output.as_deref(), &inputs(plan, &args.plan, args.night.status.as_deref()), |w| w.write_all(text.as_bytes()))?;
    Ok(Outcome::Clean)
}

fn run_ics(args: IcsArgs, color: ColorChoice) -> Result<Outcome> {
    let r = match scheduled_plan(&args.plan, &args.load.options(), color)? {
        Ok(r) => r,
        Err(o) => return Ok(o),
    };
    let plan = &r.plan;
    let org = args.org.as_deref().map(|o| resolve(&plan.ids.orgs, o, "org")).transpose()?;
    let unit = args.unit.as_deref().map(|u| resolve(&plan.ids.units, u, "unit")).transpose()?;
    let now = match &args.now {
        Some(t) => instant_arg(plan, t, "--now")?,
        None => clock(),
    };
    let lang = args.lang.map(LangArg::lang).unwrap_or(plan.meta.lang);
    let text = report::ics::calendar(plan, org, unit, now, lang);
    emit(args.output.as_deref(), &inputs(plan, &args.plan, None), |w| w.write_all(text.as_bytes()))?;
    Ok(Outcome::Clean)
}

fn run_graph(args: GraphArgs, color: ColorChoice) -> Result<Outcome> {
    let r = match scheduled_plan(&args.plan, &args.load.options(), color)? {
        Ok(r) => r,
        Err(o) => return Ok(o),
    };
    let plan = &r.plan;
    let (g, s) = (r.graph.as_ref().expect("graph"), r.schedule.as_ref().expect("schedule"));
    // The critical path's edges, as task pairs.
    let mut critical = std::collections::HashSet::new();
    if let Ok(end) = crate::critical::end_instance(plan, g, s, None) {
        let chain = crate::schedule::driving_chain(plan, g, s, end);
        for w in chain.windows(2) {
            critical.insert((g.task_of[w[0] as usize], g.task_of[w[1] as usize]));
        }
    }
    let text = match args.format {
        GraphFormat::Dot => report::graph::dot(plan, &critical),
        GraphFormat::Mermaid => report::graph::mermaid(plan, &critical),
    };
    emit(args.output.as_deref(), &inputs(plan, &args.plan, None), |w| w.write_all(text.as_bytes()))?;
    Ok(Outcome::Clean)
}

fn run_next(args: NextArgs, color: ColorChoice) -> Result<Outcome> {
    let r = match scheduled_plan(&args.plan, &args.load.options(), color)? {
        Ok(r) => r,
        Err(o) => return Ok(o),
    };
    let plan = &r.plan;
    let g = r.graph.as_ref().expect("graph");
    let lang = args.lang.map(LangArg::lang).unwrap_or(plan.meta.lang);
    let org = args.org.as_deref().map(|o| resolve(&plan.ids.orgs, o, "org")).transpose()?;
    let unit = args.unit.as_deref().map(|u| resolve(&plan.ids.units, u, "unit")).transpose()?;
    let (progress, now) = match night(&args.plan, plan, g, args.night.now.as_deref(), args.night.status.as_deref(), &args.load.options())? {
        Some(n) => n,
        None => (crate::status::apply(plan, g, &[], Vec::new()), clock()),
    };
    let until = crate::time::Instant(now.0 + args.hours as i64 * 60);
    let rows = crate::night::next(plan, g, &progress, now, until, org, unit);
    let mut out = std::io::stdout().lock();
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report::status::next_json(plan, g, &rows, now, until))?;
            out.write_all(b"\n")?;
        }
        TableFormat::Table => writeln!(out, "{}", report::status::next_table(plan, g, &rows, lang, terminal_width().or(Some(120))))?,
    }
    Ok(Outcome::Clean)
}

/// The status log applied to a plan, when there is a night to read: the
/// log exists, or `--now`/`--status` asks for it.
fn night(
    plan_path: &std::path::Path,
    plan: &crate::model::Plan,
    g: &crate::graph::InstanceGraph,
    now: Option<&str>,
    status: Option<&std::path::Path>,
    opts: &LoadOptions,
) -> Result<Option<(crate::status::Progress, crate::time::Instant)>> {
    let log = status.map(|p| p.to_path_buf()).unwrap_or_else(|| crate::status::default_path(plan_path));
    if now.is_none() && status.is_none() && !log.exists() {
        return Ok(None);
    }
    let progress = read_log(plan, g, &log, opts)?;
    let now = match now {
        Some(t) => instant_arg(plan, t, "--now")?,
        None => clock(),
    };
    Ok(Some((progress, now)))
}

/// Reads the status log (within the load options' size cap) and applies it
/// to the plan; its warnings go to stderr, capped and made safe to print.
fn read_log(
    plan: &crate::model::Plan,
    g: &crate::graph::InstanceGraph,
    log: &std::path::Path,
    opts: &LoadOptions,
) -> Result<crate::status::Progress> {
    let (records, warnings) = crate::status::read(log, opts.max_file_bytes)?;
    let progress = crate::status::apply(plan, g, &records, warnings);
    let mut err = std::io::stderr().lock();
    let shown = crate::text::visible_line(&crate::source::display_path(log)).into_owned();
    for w in progress.warning_lines() {
        writeln!(err, "warning: {shown}: {w}")?;
    }
    Ok(progress)
}

/// Every file a command read: the plan, its includes, and the status log
/// (the one named, or the plan's own beside it), which no output may replace.
fn inputs(plan: &crate::model::Plan, plan_path: &std::path::Path, status: Option<&std::path::Path>) -> crate::guard::Inputs {
    let mut inputs = crate::guard::Inputs::default();
    inputs.add_plan(plan);
    inputs.add(&status.map(|p| p.to_path_buf()).unwrap_or_else(|| crate::status::default_path(plan_path)), crate::guard::Role::StatusLog);
    inputs
}

/// The clock, as an instant.
fn clock() -> crate::time::Instant {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    crate::time::Instant(secs.div_euclid(60))
}

/// An instant given as a time expression (its start: `ngày 25/6` is 00:00 that day).
fn instant_arg(plan: &crate::model::Plan, text: &str, flag: &str) -> Result<crate::time::Instant> {
    time_arg(plan, text, flag, false)
}

fn run_mark(args: MarkArgs, color: ColorChoice) -> Result<Outcome> {
    use crate::status::{Kind, Record};
    let r = match scheduled_plan(&args.plan, &args.load.options(), color)? {
        Ok(r) => r,
        Err(o) => return Ok(o),
    };
    let plan = &r.plan;
    let g = r.graph.as_ref().expect("graph");
    // Every id must name something; nothing is written otherwise.
    let mut instances: Vec<u32> = Vec::new();
    for id in &args.ids {
        instances.extend(crate::status::targets(plan, g, id).map_err(anyhow::Error::msg)?);
    }
    let kind = if args.done {
        Kind::Done
    } else if args.start {
        Kind::Start
    } else if args.block.is_some() {
        Kind::Block
    } else {
        Kind::Reopen
    };
    let now = clock();
    let at = match &args.at {
        Some(t) => instant_arg(plan, t, "--at")?,
        None => now,
    };
    let by = args
        .by
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "unknown".into());
    let log = args.status.clone().unwrap_or_else(|| crate::status::default_path(&args.plan));
    // The log is never the plan or one of its files, whatever links say.
    let mut read = crate::guard::Inputs::default();
    read.add_plan(plan);
    if let Some((role, file)) = read.role_of(&log) {
        let what = if role == crate::guard::Role::Plan {
            "the plan being read".to_string()
        } else {
            format!("`{file}`, a file the plan includes")
        };
        anyhow::bail!(
            "--status {} is {what}: the status log must be a file of its own; nothing was written",
            crate::source::display_path(&log)
        );
    }
    let tz = plan.tz();
    // Done before its predecessors are done: recorded, with a warning.
    let progress = read_log(plan, g, &log, &args.load.options())?;
    let mut err = std::io::stderr().lock();
    if kind == Kind::Done {
        let marked: std::collections::HashSet<u32> = instances.iter().copied().collect();
        for &i in &instances {
            let mut waiting: Vec<u32> = g.preds(i).map(|(p, _)| p).filter(|p| !progress.is_done(*p) && !marked.contains(p)).collect();
            waiting.sort_unstable();
            waiting.dedup();
            let waiting: Vec<String> = waiting.into_iter().map(|p| g.name(plan, p)).collect();
            if !waiting.is_empty() {
                let shown: Vec<&str> = waiting.iter().take(5).map(String::as_str).collect();
                let more = if waiting.len() > 5 { format!(" and {} more", waiting.len() - 5) } else { String::new() };
                writeln!(err, "warning: {} is marked done before {}{more} (recorded anyway)", g.name(plan, i), shown.join(", "))?;
            }
        }
    }
    let recs: Vec<Record> = instances
        .iter()
        .map(|&i| Record {
            event: kind,
            task: g.name(plan, i),
            at: tz.rfc3339(at),
            recorded: tz.rfc3339(now),
            by: by.clone(),
            reason: args.block.clone(),
            note: args.note.clone(),
        })
        .collect();
    crate::status::append(&log, &recs)?;
    let what = match kind {
        Kind::Done => "done",
        Kind::Start => "start",
        Kind::Block => "block",
        Kind::Reopen => "reopen",
    };
    let first = recs.first().map(|r| r.task.as_str()).unwrap_or("");
    let rest = if recs.len() > 1 { format!(" and {} more", recs.len() - 1) } else { String::new() };
    writeln!(
        err,
        "recorded {what}: {first}{rest} at {} by {} in {}",
        fmt_at(plan, at),
        crate::text::visible_line(&by),
        crate::text::visible_line(&crate::source::display_path(&log))
    )?;
    Ok(Outcome::Clean)
}

fn fmt_at(plan: &crate::model::Plan, at: crate::time::Instant) -> String {
    crate::time::fmt_instant(at, plan.tz(), plan.meta.lang, false)
}

fn run_status(args: StatusArgs, color: ColorChoice) -> Result<Outcome> {
    let r = match scheduled_plan(&args.plan, &args.load.options(), color)? {
        Ok(r) => r,
        Err(o) => return Ok(o),
    };
    let plan = &r.plan;
    let g = r.graph.as_ref().expect("graph");
    let lang = args.lang.map(LangArg::lang).unwrap_or(plan.meta.lang);
    let log = args.night.status.clone().unwrap_or_else(|| crate::status::default_path(&args.plan));
    let fixed_now = match &args.night.now {
        Some(t) => Some(instant_arg(plan, t, "--now")?),
        None => None,
    };
    let terminal = std::io::stdout().is_terminal();
    loop {
        let progress = read_log(plan, g, &log, &args.load.options())?;
        let now = fixed_now.unwrap_or_else(clock);
        let summary = crate::night::summarize(plan, g, &progress, now);
        let mut out = std::io::stdout().lock();
        match args.format {
            TableFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &report::status::json(plan, g, &summary))?;
                out.write_all(b"\n")?;
            }
            TableFormat::Table => {
                if args.watch.is_some() && terminal {
                    out.write_all(b"\x1b[2J\x1b[H")?;
                }
                out.write_all(report::status::text(plan, g, &summary, lang, terminal && use_color(color, true), 10).as_bytes())?;
            }
        }
        out.flush()?;
        match args.watch {
            Some(n) if terminal && args.format == TableFormat::Table => std::thread::sleep(std::time::Duration::from_secs(n.max(1))),
            _ => break,
        }
    }
    Ok(Outcome::Clean)
}

/// Resolves an id the user typed, or fails with the closest one.
fn resolve<I: Copy>(map: &crate::model::IdMap<I>, id: &str, what: &str) -> Result<I> {
    crate::status::lookup(map, id, what).map_err(anyhow::Error::msg)
}

/// Reads `--from`/`--to`: a time expression of the plan's language.
fn time_arg(plan: &crate::model::Plan, text: &str, flag: &str, end: bool) -> Result<crate::time::Instant> {
    let e = crate::time::TimeExpr::parse(text).map_err(|e| anyhow::anyhow!("{flag}: {e}"))?;
    let tz = plan.tz();
    Ok(if end { e.due(tz) } else { e.not_before(tz).unwrap_or_else(|| e.due(tz)) })
}

/// Writes a command's output, as it is rendered, to `-o FILE` (atomically)
/// or standard output (buffered). `-o` is refused (exit 2, nothing written)
/// when it names a file the command read — the plan, an include, the
/// status log — or something other than a regular file.
fn emit(
    output: Option<&std::path::Path>,
    inputs: &crate::guard::Inputs,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match output {
        Some(p) => {
            let target = inputs.check_output("-o", p)?;
            crate::output::write_atomic_with(&target, render)
                .map_err(|e| anyhow::anyhow!("cannot write `{}`: {}", crate::source::display_path(p), crate::source::io_reason(&e)))
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            render(&mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

fn run_checklist(args: ChecklistArgs, color: ColorChoice) -> Result<Outcome> {
    use crate::checklist::{By, Filter};
    let r = match scheduled_plan(&args.plan, &args.load.options(), color)? {
        Ok(r) => r,
        Err(o) => return Ok(o),
    };
    let plan = &r.plan;
    let lang = args.lang.map(LangArg::lang).unwrap_or(plan.meta.lang);
    let mut f = Filter::default();
    if let Some(o) = &args.org {
        f.org = Some(resolve(&plan.ids.orgs, o, "org")?);
    }
    if let Some(u) = &args.unit {
        f.unit = Some(resolve(&plan.ids.units, u, "unit")?);
    }
    if let Some(s) = &args.system {
        f.system = Some(resolve(&plan.ids.systems, s, "system")?);
    }
    if let Some(p) = &args.phase {
        f.phase = Some(crate::model::Phase::parse(p).ok_or_else(|| {
            let names: Vec<&str> = crate::model::Phase::ALL.iter().map(|(n, _)| *n).collect();
            anyhow::anyhow!("`{p}` is not a phase (one of {})", names.join(", "))
        })?);
    }
    if let Some(t) = &args.from {
        f.from = Some(time_arg(plan, t, "--from", false)?);
    }
    if let Some(t) = &args.to {
        f.to = Some(time_arg(plan, t, "--to", true)?);
    }
    let by = match args.by {
        Some(ByArg::Org) => By::Org,
        Some(ByArg::Unit) => By::Unit,
        Some(ByArg::System) => By::System,
        Some(ByArg::Day) => By::Day,
        None if f.unit.is_some() && f.org.is_none() => By::Unit,
        None => By::Org,
    };
    let sched = r.graph.as_ref().zip(r.schedule.as_ref());
    let night = night(
        &args.plan,
        plan,
        r.graph.as_ref().expect("graph"),
        args.night.now.as_deref(),
        args.night.status.as_deref(),
        &args.load.options(),
    )?;
    let groups = crate::checklist::build_at(plan, sched, night.as_ref().map(|(p, n)| (p, *n)), by, &f, lang);
    // On a terminal, its width; in a file or pipe, a printable 120 columns.
    let width = if args.output.is_none() { terminal_width() } else { None }.or(Some(120));
    emit(args.output.as_deref(), &inputs(plan, &args.plan, args.night.status.as_deref()), |w| match args.format {
        ChecklistFormat::Text => report::checklist::text(w, plan, &groups, by, lang, width),
        ChecklistFormat::Markdown => report::checklist::markdown(w, plan, &groups, by, lang),
        ChecklistFormat::Csv => report::checklist::csv(w, plan, &groups, lang),
        ChecklistFormat::Json => report::checklist::json(w, plan, &groups, by, lang),
    })?;
    Ok(Outcome::Clean)
}

impl LangArg {
    fn lang(self) -> crate::time::Lang {
        match self {
            LangArg::Vi => crate::time::Lang::Vi,
            LangArg::En => crate::time::Lang::En,
        }
    }
}

/// Loads and checks a plan for a command that needs its schedule. A plan
/// whose structure is broken (errors found while loading, or a cycle) is
/// refused with its findings on stderr: `Err(Outcome::Findings)`. The
/// report is kept until the process exits (see [`run`]).
fn scheduled_plan(
    path: &std::path::Path,
    opts: &LoadOptions,
    color: ColorChoice,
) -> Result<std::result::Result<&'static CheckReport, Outcome>> {
    let spinner = Spinner::start(true);
    let r = check_file(path, opts)?;
    drop(spinner);
    let blocking = |f: &crate::diag::Finding| {
        f.is_error()
            && matches!(
                f.rule,
                Rule::TomlSyntax
                    | Rule::UnknownKey
                    | Rule::MissingKey
                    | Rule::BadValue
                    | Rule::DuplicateId
                    | Rule::UnknownReference
                    | Rule::IncludeError
                    | Rule::DependencyCycle
                    | Rule::TooLarge
            )
    };
    if r.findings.iter().any(blocking) || r.schedule.is_none() {
        let color = use_color(color, std::io::stderr().is_terminal());
        let mut err = std::io::stderr().lock();
        err.write_all(report::human::render(&r, report::human::HumanOptions { color, quiet: true }).as_bytes())?;
        writeln!(err, "error: {} cannot be scheduled until these errors are fixed (see `cutover check`)", crate::text::visible_line(&r.path))?;
        return Ok(Err(Outcome::Findings));
    }
    Ok(Ok(keep_until_exit(r)))
}

/// Hands `x` to the end of the process: the operating system takes back a
/// million tasks' memory at once, where dropping them one by one costs half
/// a second (measured on the 1M-task plan). Only for what a command keeps to
/// its end; [`run`] runs once per process.
fn keep_until_exit<T>(x: T) -> &'static T {
    Box::leak(Box::new(x))
}

fn terminal_width() -> Option<u16> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).or(Some(120))
}

fn run_critical(args: CriticalArgs, color: ColorChoice) -> Result<Outcome> {
    let r = match scheduled_plan(&args.plan, &args.load.options(), color)? {
        Ok(r) => r,
        Err(o) => return Ok(o),
    };
    let plan = &r.plan;
    let g = r.graph.as_ref().expect("graph");
    // On the night, the schedule starts from what was done: actual finishes
    // and starts fixed, the rest no earlier than now.
    let forecast = match night(&args.plan, plan, g, args.night.now.as_deref(), args.night.status.as_deref(), &args.load.options())? {
        Some((progress, now)) => {
            Some(crate::schedule::compute_with(plan, g, &crate::status::fixed(&progress, now)).map_err(|e| anyhow::anyhow!("{e}"))?)
        }
        None => None,
    };
    let s = forecast.as_ref().unwrap_or_else(|| r.schedule.as_ref().expect("schedule"));
    let lang = args.lang.map(LangArg::lang).unwrap_or(plan.meta.lang);
    let mut out = std::io::stdout().lock();
    if args.all {
        let rows = crate::critical::all_tasks(plan, g, s);
        match args.format {
            TableFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &report::critical::all_json(plan, &rows))?;
                out.write_all(b"\n")?;
            }
            TableFormat::Table => writeln!(out, "{}", report::critical::table(plan, &rows, lang, terminal_width()))?,
        }
        return Ok(Outcome::Clean);
    }
    let end = crate::critical::end_instance(plan, g, s, args.to.as_deref())?;
    let path = crate::critical::critical_path(plan, g, s, end);
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report::critical::path_json(plan, &path))?;
            out.write_all(b"\n")?;
        }
        TableFormat::Table => {
            writeln!(out, "{}", report::critical::table(plan, &path.rows, lang, terminal_width()))?;
            writeln!(out, "{}", report::critical::footer(plan, &path, lang))?;
        }
    }
    Ok(Outcome::Clean)
}

fn run_check(args: CheckArgs, color: ColorChoice) -> Result<Outcome> {
    let opts = args.load.options();
    let crate::check::Expanded { plans, fragments, skipped } = expand_paths(&args.paths, opts.read_limits())?;
    for (path, kind) in &skipped {
        eprintln!("warning: skipped `{}`: {kind}, not a plan file", crate::text::visible_line(&crate::source::display_path(path)));
    }
    let spinner = Spinner::start(args.format == Format::Human && !args.quiet);
    let mut reports: Vec<CheckReport> = Vec::new();
    for p in &plans {
        let mut r = check_file(p, &opts)?;
        if let (Some(now), Some(g)) = (&args.night.now, r.graph.as_ref()) {
            let now = instant_arg(&r.plan, now, "--now")?;
            let log = args.night.status.clone().unwrap_or_else(|| crate::status::default_path(p));
            let progress = read_log(&r.plan, g, &log, &opts)?;
            crate::rules::overdue::check(&r.plan, g, &progress, now, &mut r.findings);
            crate::check::apply_waivers(&r.plan, &mut r.findings);
            crate::check::sort_findings(&mut r.findings);
        }
        reports.push(r);
    }
    // A fragment no plan includes is checked on its own, so it is not skipped silently.
    let read: std::collections::HashSet<PathBuf> = reports.iter().flat_map(|r| r.files_read.iter().cloned()).collect();
    for f in &fragments {
        let canon = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        if !read.contains(&canon) {
            reports.push(check_file(f, &opts)?);
        }
    }
    drop(spinner);
    if reports.is_empty() {
        anyhow::bail!(
            "no plan files (*.toml) found in {}",
            args.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let reports = keep_until_exit(reports);
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let failed = reports.iter().any(|r| r.errors() > 0 || (deny_warnings && r.warnings() > 0));
    match args.format {
        Format::Human => {
            let color = use_color(color, std::io::stderr().is_terminal());
            let mut err = std::io::stderr().lock();
            for r in reports {
                err.write_all(report::human::render(r, report::human::HumanOptions { color, quiet: args.quiet }).as_bytes())?;
            }
            if reports.len() > 1 && !args.quiet {
                let e: usize = reports.iter().map(|r| r.errors()).sum();
                let w: usize = reports.iter().map(|r| r.warnings()).sum();
                writeln!(err, "total: {}, {} in {} plans", report::plural(e, "error"), report::plural(w, "warning"), reports.len())?;
            }
        }
        Format::Json => {
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &report::json::reports(&reports))?;
            out.write_all(b"\n")?;
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for r in reports {
                out.write_all(report::github::render(r).as_bytes())?;
            }
        }
    }
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}

fn run_rules(args: RulesArgs) -> Result<Outcome> {
    let mut out = std::io::stdout().lock();
    match args.format {
        RulesFormat::Text => {
            for r in Rule::ALL {
                writeln!(out, "{:<20} {:<8} {}", r.name(), r.severity().as_str(), r.doc())?;
            }
        }
        RulesFormat::Json => {
            let v: Vec<_> = Rule::ALL
                .iter()
                .map(|r| serde_json::json!({"rule": r.name(), "severity": r.severity().as_str(), "doc": r.doc()}))
                .collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
