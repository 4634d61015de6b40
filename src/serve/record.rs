//! Recording an event from the server, as `cutover mark` and `cutover
//! approve` do: every id checked against the plan (with the closest one when
//! it is unknown), the token's rights checked on every instance, and only
//! then one append to the status log, flushed to disk before it is
//! acknowledged. Nothing is written on any refusal.

use super::access::{Rights, may_approve, may_mark};
use super::tokens::Entry;
use crate::graph::InstanceGraph;
use crate::model::Plan;
use crate::status::{Kind, Record};
use crate::time::{Instant, Lang};
use serde::Deserialize;
use std::path::Path;

/// The longest reason or note accepted, in characters.
pub const MAX_TEXT: usize = 2000;

/// Why an event was not recorded, as an HTTP status.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// 400: a bad request, an unknown id.
    Bad(String),
    /// 403: not this token's to record.
    Forbidden(String),
    /// 500: the log could not be written.
    Failed(String),
}

/// `POST /api/mark`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkBody {
    pub id: String,
    pub event: String,
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/approve`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    pub gate: String,
    pub decision: String,
    #[serde(default)]
    pub reason: Option<String>,
    /// The approver deciding: the token's org for an org's token; the
    /// coordinator names it unless the gate has one approver.
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Where and when events are recorded.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub g: &'a InstanceGraph,
    pub log: &'a Path,
    /// The server's present time (the clock, or `--now`).
    pub now: Instant,
    pub lang: Lang,
}

fn text(field: Option<&String>, lang: Lang, name: &str) -> Result<Option<String>, Refusal> {
    match field.map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(s) if s.chars().count() > MAX_TEXT => {
            Err(Refusal::Bad(crate::t!("serve.text-too-long", locale = crate::i18n::code(lang), field = name, max = MAX_TEXT).into_owned()))
        }
        Some(s) => Ok(Some(s.to_string())),
        None => Ok(None),
    }
}

/// When it happened: `at` (a time expression of the plan, or RFC 3339),
/// never more than an hour after the present time; default now.
fn when(cx: &Context, at: Option<&String>) -> Result<Instant, Refusal> {
    let l = crate::i18n::code(cx.lang);
    let Some(t) = at.map(|s| s.trim()).filter(|s| !s.is_empty()) else { return Ok(cx.now) };
    let at = crate::context::instant(cx.plan, t, "at").map_err(|e| Refusal::Bad(e.to_string()))?;
    if at.0 > cx.now.0 + 60 {
        let fmt = |i| crate::time::fmt_instant(i, cx.plan.tz(), cx.lang, false);
        return Err(Refusal::Bad(crate::t!("serve.at-future", locale = l, at = fmt(at), now = fmt(cx.now)).into_owned()));
    }
    Ok(at)
}

/// The records of a mark, checked; nothing is written.
pub fn mark_records(cx: &Context, who: &Entry, rights: Rights, body: &MarkBody) -> Result<Vec<Record>, Refusal> {
    let (plan, g) = (cx.plan, cx.g);
    let l = crate::i18n::code(cx.lang);
    let kind = match body.event.trim() {
        "start" => Kind::Start,
        "done" => Kind::Done,
        "block" => Kind::Block,
        "reopen" => Kind::Reopen,
        other => {
            return Err(Refusal::Bad(
                crate::t!("serve.bad-event", locale = l, event = crate::text::visible_line(other).into_owned()).into_owned(),
            ));
        }
    };
    let instances = crate::status::targets(plan, g, body.id.trim()).map_err(Refusal::Bad)?;
    let reason = text(body.reason.as_ref(), cx.lang, "reason")?;
    let note = text(body.note.as_ref(), cx.lang, "note")?;
    if kind == Kind::Block && reason.is_none() {
        return Err(Refusal::Bad(crate::t!("serve.block-needs-reason", locale = l).into_owned()));
    }
    if let Some(&i) = instances.iter().find(|&&i| !may_mark(plan, g, rights, i)) {
        return Err(Refusal::Forbidden(
            crate::t!("serve.not-yours", locale = l, id = g.name(plan, i), scope = who.scope.describe()).into_owned(),
        ));
    }
    // Only its approvers pass a gate.
    if kind == Kind::Done {
        if let Some(&i) = instances.iter().find(|&&i| plan.task(g.task_of[i as usize]).gate().is_some()) {
            return Err(Refusal::Bad(crate::t!("serve.gate-not-done", locale = l, id = g.name(plan, i)).into_owned()));
        }
    }
    let at = when(cx, body.at.as_ref())?;
    let tz = plan.tz();
    let recorded = tz.rfc3339(crate::context::clock());
    Ok(instances
        .iter()
        .map(|&i| Record {
            event: kind,
            task: g.name(plan, i),
            at: tz.rfc3339(at),
            recorded: recorded.clone(),
            by: who.label.clone(),
            reason: if kind == Kind::Block { reason.clone() } else { None },
            note: note.clone(),
            until: None,
            org: None,
        })
        .collect())
}

/// The records of a go/no-go decision, checked; nothing is written.
pub fn approve_records(cx: &Context, who: &Entry, rights: Rights, body: &ApproveBody) -> Result<Vec<Record>, Refusal> {
    let (plan, g) = (cx.plan, cx.g);
    let l = crate::i18n::code(cx.lang);
    let kind = match body.decision.trim() {
        "go" => Kind::Approve,
        "no-go" => Kind::NoGo,
        other => {
            return Err(Refusal::Bad(
                crate::t!("serve.bad-decision", locale = l, decision = crate::text::visible_line(other).into_owned()).into_owned(),
            ));
        }
    };
    let instances = crate::status::targets(plan, g, body.gate.trim()).map_err(Refusal::Bad)?;
    let task = plan.task(g.task_of[instances[0] as usize]);
    let Some(gate) = task.gate() else {
        let gates: Vec<&str> = plan.tasks.iter().filter(|t| t.gate().is_some()).map(|t| t.id.as_str()).collect();
        let hint = crate::diag::did_you_mean(&task.id, gates.iter().copied()).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        return Err(Refusal::Bad(crate::t!("serve.not-a-gate", locale = l, id = task.id.clone(), hint = hint).into_owned()));
    };
    let reason = text(body.reason.as_ref(), cx.lang, "reason")?;
    let note = text(body.note.as_ref(), cx.lang, "note")?;
    if kind == Kind::NoGo && reason.is_none() {
        return Err(Refusal::Bad(crate::t!("serve.no-go-needs-reason", locale = l).into_owned()));
    }
    let approvers = || gate.approvers.iter().map(|&o| format!("`{}`", plan.org(o).id)).collect::<Vec<_>>().join(", ");
    // The approver: named in the body, else the token's org, else the gate's only one.
    let (org, named) = match (body.org.as_deref().map(str::trim).filter(|o| !o.is_empty()), rights) {
        (Some(o), _) => (crate::status::lookup(&plan.ids.orgs, o, "org").map_err(Refusal::Bad)?, true),
        (None, Rights::Org(o)) => (o, false),
        (None, _) if gate.approvers.len() == 1 => (gate.approvers[0], false),
        (None, _) => {
            return Err(Refusal::Bad(
                crate::t!("serve.which-approver", locale = l, id = task.id.clone(), approvers = approvers()).into_owned(),
            ));
        }
    };
    if !gate.approvers.contains(&org) {
        let m = crate::t!("serve.not-approver", locale = l, org = plan.org(org).id.clone(), id = task.id.clone(), approvers = approvers())
            .into_owned();
        // An org's token on a gate its org does not approve: not its to decide.
        return Err(if named { Refusal::Bad(m) } else { Refusal::Forbidden(m) });
    }
    if !may_approve(rights, org) {
        return Err(Refusal::Forbidden(
            crate::t!("serve.not-your-gate", locale = l, org = plan.org(org).id.clone(), scope = who.scope.describe()).into_owned(),
        ));
    }
    let at = when(cx, body.at.as_ref())?;
    let tz = plan.tz();
    let recorded = tz.rfc3339(crate::context::clock());
    Ok(instances
        .iter()
        .map(|&i| Record {
            event: kind,
            task: g.name(plan, i),
            at: tz.rfc3339(at),
            recorded: recorded.clone(),
            by: who.label.clone(),
            reason: if kind == Kind::NoGo { reason.clone() } else { None },
            note: note.clone(),
            until: None,
            org: Some(plan.org(org).id.clone()),
        })
        .collect())
}

/// What a start or a done runs ahead of, as the log stands (`night`):
/// predecessors not done yet (with a done), go/no-go gates before it that
/// have not passed. Recorded anyway, as `cutover mark` does.
pub fn warnings(cx: &Context, night: &crate::context::Night, recs: &[Record]) -> Vec<String> {
    let (plan, g) = (cx.plan, cx.g);
    let l = crate::i18n::code(cx.lang);
    let kind = match recs.first() {
        Some(r) if matches!(r.event, Kind::Start | Kind::Done) => r.event,
        _ => return Vec::new(),
    };
    let instances: Vec<u32> = recs.iter().filter_map(|r| crate::status::instance(plan, g, &r.task)).collect();
    let names = |v: &[u32]| {
        let shown: Vec<String> = v.iter().take(5).map(|&p| g.name(plan, p)).collect();
        let more = if v.len() > 5 { format!(" (+{})", v.len() - 5) } else { String::new() };
        format!("{}{more}", shown.join(", "))
    };
    let mut out = Vec::new();
    if kind == Kind::Done {
        let marked: std::collections::HashSet<u32> = instances.iter().copied().collect();
        for &i in instances.iter().take(20) {
            let mut waiting: Vec<u32> = g.preds(i).map(|(p, _)| p).filter(|p| !night.progress.is_done(*p) && !marked.contains(p)).collect();
            waiting.sort_unstable();
            waiting.dedup();
            if !waiting.is_empty() {
                out.push(crate::t!("serve.warn-done-before", locale = l, id = g.name(plan, i), before = names(&waiting)).into_owned());
            }
        }
    }
    let gates = crate::cli::recording::gates_not_passed(plan, g, night, &instances);
    if !gates.is_empty() {
        out.push(crate::t!("serve.warn-gate", locale = l, gates = names(&gates)).into_owned());
    }
    out
}

/// Appends records to the log under its lock, and returns once they are on
/// disk (`status::append` syncs the file, and its directory when it created it).
pub fn append(log: &Path, recs: &[Record]) -> Result<(), Refusal> {
    crate::status::append(log, recs).map_err(|e| Refusal::Failed(e.to_string()))
}
