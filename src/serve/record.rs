//! Recording an event from the server, as `cutover mark` and `cutover
//! approve` do: every id checked against the plan (with the closest one when
//! it is unknown), the token's rights checked on every instance, and only
//! then one append to the status log, flushed to disk before it is
//! acknowledged. Nothing is written on any refusal.

use super::access::{Rights, may_approve, may_mark};
use super::tokens::Entry;
use crate::night::record::{self, Desk, Request, Via, Warning};
use crate::status::{Kind, Record};
use crate::time::Lang;
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
    /// With `block`: when the block is expected to be resolved (a time
    /// expression of the plan), as `cutover mark --block … --until`.
    #[serde(default)]
    pub until: Option<String>,
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

/// Where and when events are recorded: the plan, the server's present
/// time (the clock, or `--now`) and the request's language (`desk.dates`),
/// and the log.
pub struct Context<'a> {
    pub desk: Desk<'a>,
    pub log: &'a Path,
}

impl Context<'_> {
    /// A refusal of the recording library as an answer: 403 for an org's
    /// token on a gate its org does not approve (not its to decide), else 400.
    fn refused(&self, r: record::Refusal) -> Refusal {
        let m = r.message(self.desk.dates, Via::Server);
        match r {
            record::Refusal::NotApprover { named: false, .. } => Refusal::Forbidden(m),
            _ => Refusal::Bad(m),
        }
    }
}

fn text(field: Option<&String>, lang: Lang, name: &str) -> Result<Option<String>, Refusal> {
    match field.map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(s) if s.chars().count() > MAX_TEXT => {
            Err(Refusal::Bad(crate::t!("serve.text-too-long", locale = lang, field = name, max = MAX_TEXT).into_owned()))
        }
        Some(s) => Ok(Some(s.to_string())),
        None => Ok(None),
    }
}

/// The records of a mark, checked; nothing is written.
pub fn mark_records(cx: &Context, who: &Entry, rights: Rights, body: &MarkBody) -> Result<Vec<Record>, Refusal> {
    let (desk, lang) = (&cx.desk, cx.desk.dates);
    let (plan, g) = (desk.plan, desk.g);
    let l = crate::i18n::code(lang);
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
    let instances = record::targets(desk, &[&body.id]).map_err(|r| cx.refused(r))?;
    let reason = text(body.reason.as_ref(), lang, "reason")?;
    let note = text(body.note.as_ref(), lang, "note")?;
    if kind == Kind::Block && reason.is_none() {
        return Err(Refusal::Bad(crate::t!("serve.block-needs-reason", locale = l).into_owned()));
    }
    if let Some(&i) = instances.iter().find(|&&i| !may_mark(plan, g, rights, i)) {
        return Err(Refusal::Forbidden(
            crate::t!("serve.not-yours", locale = l, id = g.name(plan, i), scope = who.scope.describe()).into_owned(),
        ));
    }
    record::refuse_gate_done(desk, &instances, kind).map_err(|r| cx.refused(r))?;
    let at = record::when(desk, body.at.as_deref(), "at", false).map_err(|r| cx.refused(r))?;
    let until = match body.until.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => Some(crate::context::time_arg(plan, t, "until", true).map_err(|e| cx.refused(record::Refusal::BadTime(e.to_string())))?),
        None => None,
    };
    let req = Request { event: kind, at, recorded: crate::context::clock(), by: who.label.clone(), reason, note, until, org: None };
    Ok(record::records(desk, &instances, &req))
}

/// The records of a go/no-go decision, checked; nothing is written.
pub fn approve_records(cx: &Context, who: &Entry, rights: Rights, body: &ApproveBody) -> Result<Vec<Record>, Refusal> {
    let (desk, lang) = (&cx.desk, cx.desk.dates);
    let plan = desk.plan;
    let l = crate::i18n::code(lang);
    let kind = match body.decision.trim() {
        "go" => Kind::Approve,
        "no-go" => Kind::NoGo,
        other => {
            return Err(Refusal::Bad(
                crate::t!("serve.bad-decision", locale = l, decision = crate::text::visible_line(other).into_owned()).into_owned(),
            ));
        }
    };
    let instances = record::targets(desk, &[&body.gate]).map_err(|r| cx.refused(r))?;
    record::gate(desk, &instances).map_err(|r| cx.refused(r))?;
    let reason = text(body.reason.as_ref(), lang, "reason")?;
    let note = text(body.note.as_ref(), lang, "note")?;
    if kind == Kind::NoGo && reason.is_none() {
        return Err(Refusal::Bad(crate::t!("serve.no-go-needs-reason", locale = l).into_owned()));
    }
    // The approver: named in the body, else the token's org, else the gate's only one.
    let own = match rights {
        Rights::Org(o) => Some(o),
        _ => None,
    };
    let org = record::approver(desk, &instances, body.org.as_deref(), own).map_err(|r| cx.refused(r))?;
    if !may_approve(rights, org) {
        return Err(Refusal::Forbidden(
            crate::t!("serve.not-your-gate", locale = l, org = plan.org(org).id.clone(), scope = who.scope.describe()).into_owned(),
        ));
    }
    let at = record::when(desk, body.at.as_deref(), "at", false).map_err(|r| cx.refused(r))?;
    let req =
        Request { event: kind, at, recorded: crate::context::clock(), by: who.label.clone(), reason, note, until: None, org: Some(org) };
    Ok(record::records(desk, &instances, &req))
}

/// What a start or a done runs ahead of, as the log stands (`night`):
/// predecessors not done yet (with a done; for the first 20 instances),
/// go/no-go gates before it that have not passed. Recorded anyway, as
/// `cutover mark` does.
pub fn warnings(cx: &Context, night: &crate::context::Night, recs: &[Record]) -> Vec<String> {
    let (desk, lang) = (&cx.desk, cx.desk.dates);
    let (plan, g) = (desk.plan, desk.g);
    let Some(first) = recs.first() else { return Vec::new() };
    let at = crate::status::parse_time(&first.at).unwrap_or(desk.now);
    let instances: Vec<u32> = recs.iter().filter_map(|r| crate::status::instance(plan, g, &r.task)).collect();
    let all = record::warnings(desk, night, night, &instances, first.event, at);
    let first20: std::collections::HashSet<&str> = recs.iter().take(20).map(|r| r.task.as_str()).collect();
    // Every warning `cutover mark` gives (done before its start or its
    // predecessors, before a pinned instant, ahead of a gate), the
    // predecessors of the first 20 instances only: an answer stays small.
    all.iter()
        .filter(|w| !matches!(w, Warning::DoneBeforePreds { task, .. } if !first20.contains(task.as_str())))
        .map(|w| w.message(lang, Via::Server))
        .collect()
}

/// Appends records to the log under its lock, and returns once they are on
/// disk (`status::append` syncs the file, and its directory when it created it).
pub fn append(log: &Path, recs: &[Record]) -> Result<(), Refusal> {
    crate::status::append(log, recs).map_err(|e| Refusal::Failed(e.to_string()))
}
