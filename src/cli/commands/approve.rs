//! `cutover approve PLAN GATE [--org ID] [--no-go REASON]`: record one
//! approver's go/no-go decision on a gate.

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
    let desk = Desk { plan, g, path: &args.plan, now: crate::context::clock(), dates: plan.meta.lang };
    let instances = record::targets(&desk, &[&args.gate])?;
    let org = record::approver(&desk, &instances, args.org.as_deref(), None)?;
    let r = &args.record;
    let rec = recording::prepare(shell, &desk, load, r.status.as_deref(), r.at.as_deref(), r.by.as_deref(), r.force)?;
    let tz = plan.tz();
    let kind = if args.no_go.is_some() { Kind::NoGo } else { Kind::Approve };
    let req = Request {
        event: kind,
        at: rec.at,
        recorded: rec.now,
        by: rec.by.clone(),
        reason: args.no_go.clone(),
        note: r.note.clone(),
        until: None,
        org: Some(org),
    };
    let recs = record::records(&desk, &instances, &req);
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
        Kind::NoGo => crate::t!("report.event.no-go"),
        _ => crate::t!("report.event.go"),
    };
    let first = recs.first().map(|r| r.task.as_str()).unwrap_or("");
    let rest = if recs.len() > 1 { crate::t!("report.and-more", n = recs.len() - 1) } else { "".into() };
    let line = crate::t!(
        "report.recorded-decision",
        what = what,
        org = plan.org(org).id,
        first = first,
        rest = rest,
        at = crate::time::fmt_instant(rec.at, tz, lang, false),
        by = crate::text::visible_line(&rec.by),
        log = crate::text::visible_line(&crate::source::display_path(&rec.log))
    );
    writeln!(shell.err(), "{line}")?;
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
        crate::t!("report.gate-passed", name = name, go = st.go.len(), needed = st.needed).into_owned()
    } else if let Some((o, _, _, reason)) = st.no_go.first() {
        crate::t!("report.gate-refused", name = name, org = plan.org(*o).id, reason = reason).into_owned()
    } else {
        let pending = ids(&mut st.pending.iter().copied());
        crate::t!("report.gate-pending", name = name, go = st.go.len(), needed = st.needed, pending = pending).into_owned()
    }
}
