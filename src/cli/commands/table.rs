//! `cutover table PLAN`: the plan as the appendix table offices exchange.

use crate::cli::args::{LoadArgs, OutputArgs};
use crate::cli::shell::{Shell, inputs};
use crate::cli::{Outcome, resolve};
use crate::context::OpenOptions;
use crate::report;
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
Examples:
  cutover table plans/quang-ngai-2026-q2.toml --format xlsx -o q2.xlsx   # document 004's appendix, a sheet per section
  cutover table plans/quang-ngai-2025.toml --org skhcn --format markdown
  cutover table plans/quang-ngai-2025.toml --unit camthanh --format html -o camthanh.html
  cutover table plans/quang-ngai-2025.toml --format csv -o plan.csv

Columns: STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Thời hạn (in the
document's words), Nguồn, Kết quả (to fill in). Rows are grouped by the
document's section (the `source` clause: II.3, the appendix PL, point 1),
else by system. xlsx is binary: give -o FILE (or a pipe).";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Markdown,
    Csv,
    Html,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct TableArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Only the tasks this org leads or supports.
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,

    /// Only the tasks that concern this unit (its instances, its committee's tasks).
    #[arg(long, value_name = "ID")]
    pub unit: Option<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Markdown)]
    pub format: TableFormat,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub load: LoadArgs,
}

pub fn exec(args: TableArgs, shell: &Shell) -> Result<Outcome> {
    let opts = OpenOptions::new(args.load.options(shell.lang()));
    let opened = shell.open(&args.plan, &opts)?;
    let plan = opened.plan();
    let lang = plan.meta.lang;
    let org = args.org.as_deref().map(|o| resolve(&plan.ids.orgs, o, "org")).transpose()?;
    let unit = args.unit.as_deref().map(|u| resolve(&plan.ids.units, u, "unit")).transpose()?;
    if args.format == TableFormat::Xlsx && args.output.output.is_none() && shell.stdout_is_terminal() {
        anyhow::bail!("{}", crate::t!("err.xlsx-needs-output"));
    }
    let groups = report::table::groups(plan, org, unit, lang);
    let bytes = match args.format {
        TableFormat::Markdown => report::table::markdown(plan, &groups, unit, lang).into_bytes(),
        TableFormat::Csv => report::table::csv(plan, &groups, unit, lang).into_bytes(),
        TableFormat::Html => report::table::html(plan, &groups, unit, lang).into_bytes(),
        TableFormat::Xlsx => report::xlsx::workbook(&report::table::sheets(plan, &groups, unit, lang))?,
    };
    shell.emit(args.output.output.as_deref(), &inputs(opened, &args.plan, None), |w| w.write_all(&bytes))?;
    Ok(Outcome::Clean)
}
