//! `cutover checklist PLAN`: what each org, commune, system or day must do.

use crate::checklist::{By, Filter};
use crate::cli::args::{LoadArgs, NightArgs, OutputArgs};
use crate::cli::shell::{Shell, inputs};
use crate::cli::{Outcome, resolve};
use crate::context::{NightMode, time_arg};
use crate::report;
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
Examples:
  cutover checklist plans/quang-ngai-2025.toml                       # a line per org's list
  cutover checklist plans/quang-ngai-2025.toml --all                 # every org's list in full
  cutover checklist plans/quang-ngai-2025.toml --org skhcn --format json
  cutover checklist plans/quang-ngai-2025.toml --unit camthanh       # Cẩm Thành's own list
  cutover checklist plans/quang-ngai-2025.toml --org ubnd-xa         # every commune's committee, one list each
  cutover checklist plans/quang-ngai-2025.toml --by day --from \"ngày 25/6/2025\" --to \"24:00 30/6/2025\"
  cutover checklist plans/quang-ngai-2025.toml --org vpubnd --format markdown -o vpubnd.md
  cutover checklist plans/quang-ngai-2025.toml --format csv -o checklist.csv
  cutover checklist plans/quang-ngai-2025.toml --org ubnd-xa --format xlsx -o communes.xlsx   # a sheet per commune

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

    /// With no filter, print every list in full (text on a terminal
    /// otherwise shows one line per list).
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub output: OutputArgs,

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
    /// A workbook, one sheet per list, dues as dates (binary: give -o FILE).
    Xlsx,
}

pub fn exec(args: ChecklistArgs, shell: &Shell) -> Result<Outcome> {
    let opts = args.night.open_options(args.load.options(shell.lang()), NightMode::IfAny);
    let Some(opened) = shell.open_scheduled(&args.plan, &opts)? else { return Ok(Outcome::Findings) };
    let r = &opened.report;
    let plan = &r.plan;
    let lang = plan.meta.lang;
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
            anyhow::anyhow!("{}", crate::t!("err.not-a-phase", phase = p, phases = names.join(", ")))
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
    // On the night, the forecast: a deadline counted from an event follows its recorded finish.
    let sched = r.graph.as_ref().zip(opened.schedule());
    let night = opened.night.as_ref().map(|n| (&n.progress, n.now));
    let groups = crate::checklist::build_at(plan, sched, night, by, &f, lang);
    // On a terminal, its width; in a file or pipe, a printable 120 columns.
    let width = if args.output.output.is_none() { shell.terminal_width() } else { None }.or(Some(120));
    // No filter, text, to a terminal or pipe: the lists of a whole plan are
    // thousands of lines; one line each, and the flag for the rest.
    let no_filter = args.org.is_none()
        && args.unit.is_none()
        && args.system.is_none()
        && args.phase.is_none()
        && args.from.is_none()
        && args.to.is_none()
        && args.by.is_none();
    let summary = no_filter && !args.all && args.format == ChecklistFormat::Text && args.output.output.is_none();
    if args.format == ChecklistFormat::Xlsx && args.output.output.is_none() && shell.stdout_is_terminal() {
        anyhow::bail!("{}", crate::t!("err.xlsx-needs-output"));
    }
    let book = match args.format {
        ChecklistFormat::Xlsx => Some(report::xlsx::workbook(&report::checklist::xlsx_sheets(plan, &groups, lang))?),
        _ => None,
    };
    shell.emit(args.output.output.as_deref(), &inputs(opened, &args.plan, args.night.status.as_deref()), |w| match args.format {
        ChecklistFormat::Xlsx => w.write_all(book.as_deref().unwrap_or_default()),
        ChecklistFormat::Text if summary => report::checklist::summary(w, plan, &groups, lang),
        ChecklistFormat::Text => report::checklist::text(w, plan, &groups, by, lang, width),
        ChecklistFormat::Markdown => report::checklist::markdown(w, plan, &groups, by, lang),
        ChecklistFormat::Csv => report::checklist::csv(w, plan, &groups, lang),
        ChecklistFormat::Json => report::checklist::json(w, plan, &groups, by, lang),
    })?;
    Ok(Outcome::Clean)
}
