//! `cutover critical-path PLAN`: the chain of tasks that drives the cutover.

use crate::cli::Outcome;
use crate::cli::args::{LoadArgs, NightArgs, TableFormat};
use crate::cli::shell::Shell;
use crate::context::NightMode;
use crate::report;
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
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

    #[command(flatten)]
    pub load: LoadArgs,

    #[command(flatten)]
    pub night: NightArgs,
}

pub fn exec(args: CriticalArgs, shell: &Shell) -> Result<Outcome> {
    let opts = args.night.open_options(args.load.options(shell.lang()), NightMode::IfAny);
    let Some(opened) = shell.open_scheduled(&args.plan, &opts)? else { return Ok(Outcome::Findings) };
    let (plan, g) = (opened.plan(), opened.graph());
    // On the night, the schedule starts from what was done: actual finishes
    // and starts fixed, the rest no earlier than now.
    let s = opened.schedule().ok_or_else(|| anyhow::anyhow!("{}", crate::t!("err.no-forecast")))?;
    let lang = plan.meta.lang;
    let mut out = shell.out();
    if args.all {
        let rows = crate::critical::all_tasks(plan, g, s);
        match args.format {
            TableFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &report::critical::all_json(plan, &rows))?;
                out.write_all(b"\n")?;
            }
            TableFormat::Table => {
                writeln!(out, "{}", report::critical::table(plan, &rows, lang, shell.terminal_width(), shell.out_color()))?
            }
        }
    } else {
        let end = crate::critical::end_instance(plan, g, s, args.to.as_deref())?;
        let path = crate::critical::critical_path(plan, g, s, end);
        match args.format {
            TableFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &report::critical::path_json(plan, &path))?;
                out.write_all(b"\n")?;
            }
            TableFormat::Table => {
                writeln!(out, "{}", report::critical::table(plan, &path.rows, lang, shell.terminal_width(), shell.out_color()))?;
                writeln!(out, "{}", report::critical::footer(plan, &path, lang))?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}
