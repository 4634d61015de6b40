//! `cutover mark PLAN ID… --done|--start|--block|--reopen`: record progress.

use crate::cli::Outcome;
use crate::cli::args::{LoadArgs, RecordArgs};
use crate::cli::recording;
use crate::cli::shell::Shell;
use crate::context::OpenOptions;
use crate::night::record::{self, Desk, Request};
use crate::status::Kind;
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
Examples:
  cutover mark plans/quang-ngai-2025.toml email.list@camthanh --done --at \"2025-06-20T15:00\"
  cutover mark plans/quang-ngai-2025.toml portal.domain@all --start --by lan
  cutover mark plans/quang-ngai-2025.toml lgsp.backup --block \"chờ VNPT cấp quyền\" --at \"14h30 ngày 25/6/2025\"
  cutover mark plans/quang-ngai-2025.toml lgsp.backup --reopen --note \"đã có quyền\"

Events are appended to <plan>.status.jsonl (or --status FILE); the plan file is
never written. An id is a task, a task instance (task@unit) or task@all (every
unit). An unknown id writes nothing (exit 2).";

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

    /// With --block: when the block is expected to be resolved (a time expression); the forecast
    /// resumes the work then. Without it the forecast is unknown while the block lasts.
    #[arg(long, value_name = "TIME", requires = "block")]
    pub until: Option<String>,

    /// Open it again (undo done or blocked).
    #[arg(long)]
    pub reopen: bool,

    #[command(flatten)]
    pub record: RecordArgs,

    #[command(flatten)]
    pub load: LoadArgs,
}

pub fn exec(args: MarkArgs, shell: &Shell) -> Result<Outcome> {
    let load = args.load.options(None);
    let Some(opened) = shell.open_scheduled(&args.plan, &OpenOptions::new(load.clone()))? else { return Ok(Outcome::Findings) };
    let (plan, g) = (opened.plan(), opened.graph());
    let desk = Desk { plan, g, path: &args.plan, now: crate::context::clock(), dates: plan.meta.lang };
    // Every id must name something; nothing is written otherwise.
    let instances = record::targets(&desk, &args.ids)?;
    let kind = if args.done {
        Kind::Done
    } else if args.start {
        Kind::Start
    } else if args.block.is_some() {
        Kind::Block
    } else {
        Kind::Reopen
    };
    record::refuse_gate_done(&desk, &instances, kind)?;
    let until = match &args.until {
        Some(t) => Some(crate::context::time_arg(plan, t, "--until", true)?),
        None => None,
    };
    let r = &args.record;
    let rec = recording::prepare(shell, &desk, load, r.status.as_deref(), r.at.as_deref(), r.by.as_deref(), r.force)?;
    for w in record::warnings(&desk, &rec.night, &rec.latest, &instances, kind, rec.at) {
        shell.warn(&w.to_string())?;
    }
    let req = Request {
        event: kind,
        at: rec.at,
        recorded: rec.now,
        by: rec.by.clone(),
        reason: args.block.clone(),
        note: r.note.clone(),
        until,
        org: None,
    };
    let recs = record::records(&desk, &instances, &req);
    crate::status::append(&rec.log, &recs)?;
    let what = match kind {
        Kind::Done => crate::t!("report.event.done"),
        Kind::Start => crate::t!("report.event.start"),
        Kind::Block => crate::t!("report.event.block"),
        Kind::Reopen => crate::t!("report.event.reopen"),
        Kind::Approve => crate::t!("report.event.approve"),
        Kind::NoGo => crate::t!("report.event.no-go"),
    };
    let first = recs.first().map(|r| r.task.as_str()).unwrap_or("");
    let rest = if recs.len() > 1 { crate::t!("report.and-more", n = recs.len() - 1) } else { "".into() };
    let line = crate::t!(
        "report.recorded",
        what = what,
        first = first,
        rest = rest,
        at = crate::time::fmt_instant(rec.at, plan.tz(), plan.meta.lang, false),
        by = crate::text::visible_line(&rec.by),
        log = crate::text::visible_line(&crate::source::display_path(&rec.log))
    );
    writeln!(shell.err(), "{line}")?;
    Ok(Outcome::Clean)
}
