//! `cutover mark PLAN ID… --done|--start|--block|--reopen`: record progress.

use crate::cli::Outcome;
use crate::cli::args::{LoadArgs, RecordArgs};
use crate::cli::recording;
use crate::cli::shell::Shell;
use crate::context::OpenOptions;
use crate::status::{Kind, Record};
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
    // Every id must name something; nothing is written otherwise.
    let mut instances: Vec<u32> = Vec::new();
    for id in &args.ids {
        instances.extend(crate::status::targets(plan, g, id).map_err(anyhow::Error::msg)?);
    }
    let kind = if args.done {
        Kind::Done
    } else if args.start {
        Kind::Start
    } else if args.block.is_some() {
        Kind::Block
    } else {
        Kind::Reopen
    };
    // Only its approvers pass a gate.
    if kind == Kind::Done {
        if let Some(&i) = instances.iter().find(|&&i| plan.task(g.task_of[i as usize]).gate().is_some()) {
            let name = g.name(plan, i);
            let plan_path = crate::source::display_path(&args.plan);
            anyhow::bail!("{}", crate::t!("err.gate-not-marked", name = name, plan = plan_path));
        }
    }
    let until = match &args.until {
        Some(t) => Some(crate::context::time_arg(plan, t, "--until", true)?),
        None => None,
    };
    let rec = recording::prepare(
        shell,
        &args.plan,
        plan,
        g,
        load,
        args.record.status.as_deref(),
        args.record.at.as_deref(),
        args.record.by.as_deref(),
        args.record.force,
    )?;
    let (at, now, log, by) = (rec.at, rec.now, &rec.log, &rec.by);
    let progress = &rec.night.progress;
    let tz = plan.tz();
    let when = |t| crate::time::fmt_instant(t, tz, plan.meta.lang, false);
    // Done before it was started (a start recorded for later than this done): recorded, with a warning.
    if kind == Kind::Done {
        for &i in &instances {
            if let crate::status::State::Started { at: started } = rec.latest.progress.states[i as usize] {
                if at < started {
                    shell.warn(&crate::t!("report.done-before-start", task = g.name(plan, i), at = when(at), started = when(started)))?;
                }
            }
        }
    }
    // Started before its pinned instant allows (a pinned task happens at
    // that instant: it starts its duration before, not earlier).
    if matches!(kind, Kind::Start | Kind::Done) {
        let mut warned = std::collections::HashSet::new();
        for &i in &instances {
            let t = plan.task(g.task_of[i as usize]);
            if let Some(p) = t.pin() {
                let pin = p.expr.due(tz);
                let start = crate::time::Instant(pin.0 - t.duration);
                let started = if kind == Kind::Start { at } else { crate::time::Instant(at.0 - t.duration) };
                if started < start && warned.insert(g.task_of[i as usize]) {
                    shell.warn(&crate::t!(
                        "report.before-pin",
                        task = g.name(plan, i),
                        pin = p.expr.display(plan.meta.lang, tz),
                        start = when(start),
                        started = when(started)
                    ))?;
                }
            }
        }
        // Ahead of a go/no-go gate that has not passed.
        let gates = recording::gates_not_passed(plan, g, &rec.night, &instances);
        if !gates.is_empty() {
            let names: Vec<String> = gates.iter().take(5).map(|&p| g.name(plan, p)).collect();
            let more = if gates.len() > 5 { crate::t!("report.and-more", n = gates.len() - 5) } else { "".into() };
            shell.warn(&crate::t!("report.gate-not-passed", gates = names.join(", "), more = more))?;
        }
    }
    // Done before its predecessors are done: recorded, with a warning.
    if kind == Kind::Done {
        let marked: std::collections::HashSet<u32> = instances.iter().copied().collect();
        for &i in &instances {
            let mut waiting: Vec<u32> = g.preds(i).map(|(p, _)| p).filter(|p| !progress.is_done(*p) && !marked.contains(p)).collect();
            waiting.sort_unstable();
            waiting.dedup();
            let waiting: Vec<String> = waiting.into_iter().map(|p| g.name(plan, p)).collect();
            if !waiting.is_empty() {
                let shown: Vec<&str> = waiting.iter().take(5).map(String::as_str).collect();
                let more = if waiting.len() > 5 { crate::t!("report.and-more", n = waiting.len() - 5) } else { "".into() };
                shell.warn(&crate::t!("report.done-before-preds", task = g.name(plan, i), preds = shown.join(", "), more = more))?;
            }
        }
    }
    let recs: Vec<Record> = instances
        .iter()
        .map(|&i| Record {
            event: kind,
            task: g.name(plan, i),
            at: tz.rfc3339(at),
            recorded: tz.rfc3339(now),
            by: by.clone(),
            reason: args.block.clone(),
            note: args.record.note.clone(),
            until: until.map(|u| tz.rfc3339(u)),
            org: None,
        })
        .collect();
    crate::status::append(log, &recs)?;
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
        at = when(at),
        by = crate::text::visible_line(by),
        log = crate::text::visible_line(&crate::source::display_path(log))
    );
    writeln!(shell.err(), "{line}")?;
    Ok(Outcome::Clean)
}
