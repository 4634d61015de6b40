//! `cutover next PLAN`: what is due or may start in the next hours.

use crate::cli::args::{LoadArgs, NightArgs, TableFormat};
use crate::cli::shell::Shell;
use crate::cli::{Outcome, resolve};
use crate::context::NightMode;
use crate::report;
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
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

    /// Also list everything that may start now, even with time to spare.
    #[arg(long)]
    pub all: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,

    #[command(flatten)]
    pub load: LoadArgs,
}

pub fn exec(args: NextArgs, shell: &Shell) -> Result<Outcome> {
    let opts = args.night.open_options(args.load.options(shell.lang()), NightMode::Always);
    let Some(opened) = shell.open_scheduled(&args.plan, &opts)? else { return Ok(Outcome::Findings) };
    let (plan, g) = (opened.plan(), opened.graph());
    let night = opened.night.as_ref().expect("the night is always read");
    let org = args.org.as_deref().map(|o| resolve(&plan.ids.orgs, o, "org")).transpose()?;
    let unit = args.unit.as_deref().map(|u| resolve(&plan.ids.units, u, "unit")).transpose()?;
    let now = night.now;
    let until = crate::time::Instant(now.0 + args.hours as i64 * 60);
    let rows = crate::night::next(plan, g, &night.progress, now, until, org, unit, night.forecast.as_ref(), args.all);
    let mut out = shell.out();
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report::status::next_json(plan, g, &rows, now, until))?;
            out.write_all(b"\n")?;
        }
        TableFormat::Table => {
            writeln!(out, "{}", report::status::next_table(plan, g, &rows, plan.meta.lang, shell.terminal_width().or(Some(120))))?
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}
