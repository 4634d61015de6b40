//! `cutover gantt PLAN`: a self-contained Gantt chart with the T-0 line.

use crate::cli::args::{LoadArgs, NightArgs, OutputArgs};
use crate::cli::shell::{Shell, inputs};
use crate::cli::{Outcome, resolve};
use crate::context::{NightMode, clock};
use crate::report::gantt;
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
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

    #[command(flatten)]
    pub output: OutputArgs,

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

pub fn exec(args: GanttArgs, shell: &Shell) -> Result<Outcome> {
    let opts = args.night.open_options(args.load.options(shell.lang()), NightMode::IfAny);
    let Some(opened) = shell.open_scheduled(&args.plan, &opts)? else { return Ok(Outcome::Findings) };
    let (plan, g) = (opened.plan(), opened.graph());
    let lang = plan.meta.lang;
    let unit = args.unit.as_deref().map(|u| resolve(&plan.ids.units, u, "unit")).transpose()?;
    let s = opened.schedule().ok_or_else(|| anyhow::anyhow!("{}", crate::t!("err.no-forecast")))?;
    let mut critical = std::collections::HashSet::new();
    if let Ok(end) = crate::critical::end_instance(plan, g, s, None) {
        critical.extend(crate::schedule::driving_chain(plan, g, s, end));
    }
    let night = opened.night.as_ref();
    let generated = match night {
        Some(n) if n.now_given => n.now,
        _ => clock(),
    };
    let inp = gantt::Input {
        plan,
        graph: g,
        schedule: s,
        critical,
        night: night.map(|n| (&n.progress, n.now)),
        by: if args.by == GanttBy::Org { gantt::GroupBy::Org } else { gantt::GroupBy::System },
        unit,
    };
    let chart = gantt::chart(&inp);
    let text = match args.format {
        GanttFormat::Html => gantt::html(&inp, &chart, lang, generated),
        GanttFormat::Svg => gantt::svg(&inp, &chart, lang, generated),
        GanttFormat::Mermaid => gantt::mermaid(&inp, &chart),
    };
    shell
        .emit(args.output.output.as_deref(), &inputs(opened, &args.plan, args.night.status.as_deref()), |w| w.write_all(text.as_bytes()))?;
    Ok(Outcome::Clean)
}
