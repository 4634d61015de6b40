//! `cutover graph PLAN`: the dependency graph as DOT or Mermaid.

use crate::cli::Outcome;
use crate::cli::args::{LoadArgs, OutputArgs};
use crate::cli::shell::{Shell, inputs};
use crate::context::OpenOptions;
use crate::report;
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
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

    #[command(flatten)]
    pub output: OutputArgs,

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

pub fn exec(args: GraphArgs, shell: &Shell) -> Result<Outcome> {
    let Some(opened) = shell.open_scheduled(&args.plan, &OpenOptions::new(args.load.options(None)))? else { return Ok(Outcome::Findings) };
    let r = &opened.report;
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
    shell.emit(args.output.output.as_deref(), &inputs(opened, &args.plan, None), |w| w.write_all(text.as_bytes()))?;
    Ok(Outcome::Clean)
}
