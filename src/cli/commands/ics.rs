//! `cutover ics PLAN`: the deadlines as an iCalendar file.

use crate::cli::args::{LoadArgs, OutputArgs};
use crate::cli::shell::{Shell, inputs};
use crate::cli::{Outcome, resolve};
use crate::context::{NightMode, OpenOptions, clock, instant};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
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

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub load: LoadArgs,
}

pub fn exec(args: IcsArgs, shell: &Shell) -> Result<Outcome> {
    let opts = OpenOptions { night: NightMode::Never, ..OpenOptions::new(args.load.options(shell.lang())) };
    let Some(opened) = shell.open_scheduled(&args.plan, &opts)? else { return Ok(Outcome::Findings) };
    let plan = &opened.report.plan;
    let org = args.org.as_deref().map(|o| resolve(&plan.ids.orgs, o, "org")).transpose()?;
    let unit = args.unit.as_deref().map(|u| resolve(&plan.ids.units, u, "unit")).transpose()?;
    let now = match &args.now {
        Some(t) => instant(plan, t, "--now")?,
        None => clock(),
    };
    let sched = opened.report.schedule.as_ref().map(|s| (opened.graph(), s));
    let text = crate::report::ics::calendar(plan, sched, org, unit, now, plan.meta.lang);
    shell.emit(args.output.output.as_deref(), &inputs(opened, &args.plan, None), |w| w.write_all(text.as_bytes()))?;
    Ok(Outcome::Clean)
}
