//! `cutover why PLAN TASK[@UNIT]`: why a task is scheduled where it is.

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
  cutover why plans/quang-ngai-2025.toml qlvb.golive
  cutover why plans/quang-ngai-2025.toml email.list@camthanh --lang en
  cutover why plans/quang-ngai-2025.toml lgsp.codes.plan --format json

A unit task named without a unit is explained for its instance with the
least slack. With --status and --now, the schedule is the night's forecast.

Exit status: 0 shown, 1 the plan has errors that prevent a schedule (run
`cutover check`), 2 could not run (an unknown task, with the closest id).";

#[derive(Debug, Args)]
pub struct WhyArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// The task (`task` or `task@unit`).
    #[arg(value_name = "TASK")]
    pub task: String,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,

    #[command(flatten)]
    pub load: LoadArgs,

    #[command(flatten)]
    pub night: NightArgs,
}

pub fn exec(args: WhyArgs, shell: &Shell) -> Result<Outcome> {
    let opts = args.night.open_options(args.load.options(shell.lang()), NightMode::IfAny);
    let Some(opened) = shell.open_scheduled(&args.plan, &opts)? else { return Ok(Outcome::Findings) };
    let (plan, g) = (opened.plan(), opened.graph());
    let s = opened.schedule().ok_or_else(|| anyhow::anyhow!("{}", crate::t!("err.no-forecast")))?;
    let v = crate::critical::end_instance(plan, g, s, Some(&args.task))?;
    let why = crate::why::explain(plan, g, s, v);
    let mut out = shell.out();
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report::why::json(plan, g, &why))?;
            out.write_all(b"\n")?;
        }
        TableFormat::Table => out.write_all(report::why::text(plan, g, &why, plan.meta.lang).as_bytes())?,
    }
    out.flush()?;
    Ok(Outcome::Clean)
}
