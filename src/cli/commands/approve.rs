//! `cutover approve PLAN GATE [--org ID] [--no-go REASON]`: record one
//! approver's go/no-go decision on a gate.

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
  cutover approve plans/quang-ngai-2025.toml tthc.gate --org skhcn --at \"22 giờ 00 ngày 30/6/2025\"
  cutover approve plans/quang-ngai-2025.toml tthc.gate --org vpubnd --no-go \"thử nghiệm chưa đạt\"

A gate passes when its quorum of approvers (`approvers`, `quorum` in the plan)
has said go and none has said no-go; a later decision of the same approver
replaces its earlier one. Decisions are appended to <plan>.status.jsonl (or
--status FILE); the plan file is never written. An org that is not an approver
of the gate is refused, and nothing is written.";

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// The gate: `task`, `task@unit` or `task@all`.
    #[arg(value_name = "GATE")]
    pub gate: String,

    /// The approver deciding (an org id); may be left out when the gate has one approver.
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,

    /// Decide no-go, for this reason (default: go).
    #[arg(long = "no-go", value_name = "REASON")]
    pub no_go: Option<String>,

    #[command(flatten)]
    pub record: RecordArgs,

    #[command(flatten)]
    pub load: LoadArgs,
}

pub fn exec(args: ApproveArgs, shell: &Shell) -> Result<Outcome> {
    let load = args.load.options(None);
    let Some(opened) = shell.open_scheduled(&args.plan, &OpenOptions::new(load.clone()))? else { return Ok(Outcome::Findings) };
    let (plan, g) = (opened.plan(), opened.graph());
    let instances = crate::status::targets(plan, g, &args.gate).map_err(anyhow::Error::msg)?;
    let task = plan.task(g.task_of[instances[0] as usize]);
    let Some(gate) = task.gate() else {
        let gates: Vec<&str> = plan.tasks.iter().filter(|t| t.gate().is_some()).map(|t| t.id.as_str()).collect();
        let hint = match crate::diag::did_you_mean(&task.id, gates.iter().copied()) {
            Some(s) => format!("; did you mean `{s}`?"),
            None if gates.is_empty() => "; the plan has no gate (a task with `approvers`)".to_string(),
            None => format!("; its gates are {}", gates.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", ")),
        };
        anyhow::bail!("`{}` is not a go/no-go gate{hint}; nothing was written", task.id);
    };
    let approvers: Vec<&str> = gate.approvers.iter().map(|&o| plan.org(o).id.as_str()).collect();
    let org = match &args.org {
        Some(o) => {
            let ix = crate::status::lookup(&plan.ids.orgs, o, "org").map_err(|e| anyhow::anyhow!("{e}; nothing was written"))?;
            if !gate.approvers.contains(&ix) {
                anyhow::bail!(
                    "`{}` is not an approver of `{}`; its approvers are {}; nothing was written",
                    plan.org(ix).id,
                    task.id,
                    approvers.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                );
            }
            ix
        }
        None if gate.approvers.len() == 1 => gate.approvers[0],
        None => anyhow::bail!(
            "`{}` has {} approvers: say which decides with --org ({}); nothing was written",
            task.id,
            approvers.len(),
            approvers.join(", ")
        ),
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
    let tz = plan.tz();
    let kind = if args.no_go.is_some() { Kind::NoGo } else { Kind::Approve };
    let recs: Vec<Record> = instances
        .iter()
        .map(|&i| Record {
            event: kind,
            task: g.name(plan, i),
            at: tz.rfc3339(rec.at),
            recorded: tz.rfc3339(rec.now),
            by: rec.by.clone(),
            reason: args.no_go.clone(),
            note: args.record.note.clone(),
            until: None,
            org: Some(plan.org(org).id.clone()),
        })
        .collect();
    crate::status::append(&rec.log, &recs)?;
    // The gate as it stands now, with this decision.
    let opts = OpenOptions {
        status: Some(rec.log.clone()),
        night: crate::context::NightMode::Always,
        now: Some(tz.rfc3339(rec.at.max(rec.now))),
        ..OpenOptions::new(args.load.options(None))
    };
    let after = crate::context::read_night(&args.plan, plan, g, &opts)?.expect("the night is always read");
    let lang = plan.meta.lang;
    let what = match kind {
        Kind::NoGo => "no-go",
        _ => "go",
    };
    let first = recs.first().map(|r| r.task.as_str()).unwrap_or("");
    let rest = if recs.len() > 1 { format!(" and {} more", recs.len() - 1) } else { String::new() };
    writeln!(
        shell.err(),
        "recorded {what} by {}: {first}{rest} at {} by {} in {}",
        plan.org(org).id,
        crate::time::fmt_instant(rec.at, tz, lang, false),
        crate::text::visible_line(&rec.by),
        crate::text::visible_line(&crate::source::display_path(&rec.log))
    )?;
    for st in after.progress.gates.iter().filter(|s| instances.contains(&s.instance)).take(5) {
        writeln!(shell.err(), "  {}", crate::text::visible_line(&gate_line(plan, g, st)))?;
    }
    Ok(Outcome::Clean)
}

/// `tthc.gate: passed (2/2)`, `… 1/2 go, still to decide: vpubnd`, or
/// `… refused by vpubnd: reason`.
pub fn gate_line(plan: &crate::model::Plan, g: &crate::graph::InstanceGraph, st: &crate::status::GateStatus) -> String {
    let ids = |os: &mut dyn Iterator<Item = crate::model::OrgIx>| os.map(|o| plan.org(o).id.clone()).collect::<Vec<_>>().join(", ");
    let name = g.name(plan, st.instance);
    if st.passed.is_some() {
        format!("{name}: passed ({}/{} go)", st.go.len(), st.needed)
    } else if let Some((o, _, _, reason)) = st.no_go.first() {
        format!("{name}: refused by {}: {reason}", plan.org(*o).id)
    } else {
        format!("{name}: {}/{} go, still to decide: {}", st.go.len(), st.needed, ids(&mut st.pending.iter().copied()))
    }
}
