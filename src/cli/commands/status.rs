//! `cutover status PLAN`: where the plan stands as of `--now`.

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
  cutover status plans/quang-ngai-2025.toml
  cutover status plans/quang-ngai-2025.toml --now \"2025-06-21T08:00\" --format json
  cutover status plans/quang-ngai-2025.toml --lang en

The forecast re-runs the critical path from --now (default: the clock): done
tasks at their actual finish, started ones at their actual start, the rest no
earlier than now.";

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

    /// Redraw every N seconds until interrupted (on a terminal).
    #[arg(long, value_name = "N")]
    pub watch: Option<u64>,

    #[command(flatten)]
    pub load: LoadArgs,
}

pub fn exec(args: StatusArgs, shell: &Shell) -> Result<Outcome> {
    let opts = args.night.open_options(args.load.options(shell.lang()), NightMode::Always);
    let Some(opened) = shell.open_scheduled(&args.plan, &opts)? else { return Ok(Outcome::Findings) };
    let (plan, g) = (opened.plan(), opened.graph());
    let terminal = shell.stdout_is_terminal();
    let watch = args.watch.filter(|_| terminal && args.format == TableFormat::Table);
    let mut fresh: Option<crate::context::Night> = None;
    loop {
        // The first screen uses the night opened with the plan; each redraw
        // reads the log again (its warnings are printed once).
        let night = match &fresh {
            Some(n) => n,
            None => opened.night.as_ref().expect("the night is always read"),
        };
        let summary = crate::night::summarize(plan, g, &night.progress, night.now, night.forecast.as_ref());
        let mut out = shell.out();
        match args.format {
            TableFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &report::status::json(plan, g, &summary))?;
                out.write_all(b"\n")?;
            }
            TableFormat::Table => {
                if watch.is_some() {
                    out.write_all(b"\x1b[2J\x1b[H")?;
                }
                out.write_all(report::status::text(plan, g, &summary, plan.meta.lang, shell.out_color(), 10).as_bytes())?;
            }
        }
        out.flush()?;
        let Some(n) = watch else { break };
        std::thread::sleep(std::time::Duration::from_secs(n.max(1)));
        let again = crate::context::read_night(&args.plan, plan, g, &opts)?.expect("the night is always read");
        shell.log_warnings(&again)?;
        fresh = Some(again);
    }
    Ok(Outcome::Clean)
}
