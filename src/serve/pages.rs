//! The pages to act from: `/org/<id>` and `/unit/<id>` (an org's or a
//! commune's checklist for the day, with a form per action), the login
//! form, and the form posts (CSRF-checked, then a 303 back to the page).

use super::access::{Rights, may_approve, may_mark};
use super::app::{App, Viewer, blocking, lang};
use super::board::{broken_banner, header};
use super::html::{esc, lang_query, local_path, page, respond, seg};
use super::record::{self, ApproveBody, MarkBody, Refusal};
use crate::model::{OrgIx, UnitIx};
use crate::status::State as St;
use crate::time::{Instant, Lang, fmt_instant};
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

/// How many items a checklist page shows.
const ROWS: usize = 300;

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub lang: Option<String>,
    pub next: Option<String>,
}

fn page_lang(q: &Result<Query<PageQuery>, QueryRejection>) -> Lang {
    lang(q.as_ref().ok().and_then(|q| q.lang.as_deref()), Lang::Vi)
}

/// A page with a message (an error, a refusal).
fn message(app: &App, status: StatusCode, lang: Lang, viewer: &Viewer, text: &str, back: &str) -> Response {
    let good = app.served.current();
    let head = header(app, &good, None, viewer, lang, "/");
    let main = format!(
        "<section class=\"wide\"><p class=\"error\">{}</p><p><a href=\"{}\">{}</a></p></section>",
        esc(text),
        esc(back),
        esc(&crate::t!("serve.back", locale = lang))
    );
    respond(status, page(lang, &good.opened.plan().meta.title, None, &head, &main))
}

/// The login form.
fn login_page(app: &App, status: StatusCode, lang: Lang, next: &str, error: Option<&str>) -> Response {
    let l = crate::i18n::code(lang);
    let good = app.served.current();
    let title = &good.opened.plan().meta.title;
    let err = error.map(|e| format!("<p class=\"error\">{}</p>", esc(e))).unwrap_or_default();
    let main = format!(
        "<div class=\"login\"><h2>{}</h2>{err}<form method=\"post\" action=\"/login{}\"><input type=\"hidden\" name=\"next\" value=\"{}\"><p><label>{}<br><input type=\"password\" name=\"token\" autocomplete=\"off\" required autofocus></label></p><p><button>{}</button></p></form><p class=\"mute\">{}</p></div>",
        esc(&crate::t!("serve.login-title", locale = l)),
        lang_query(lang),
        esc(next),
        esc(&crate::t!("serve.token", locale = l)),
        esc(&crate::t!("serve.login", locale = l)),
        esc(&crate::t!("serve.login-hint", locale = l)),
    );
    let head = format!("<h1>{}</h1>", esc(title));
    respond(status, page(lang, title, None, &head, &main))
}

pub async fn board(State(app): State<Arc<App>>, headers: HeaderMap, q: Result<Query<PageQuery>, QueryRejection>) -> Response {
    let lang = page_lang(&q);
    blocking(move || {
        let v = app.viewer(&headers);
        if !app.may_read(&v) || matches!(v, Viewer::Invalid) {
            return login_page(&app, StatusCode::UNAUTHORIZED, lang, "/", None);
        }
        match super::board::render(&app, &v, lang) {
            Ok(html) => respond(StatusCode::OK, html),
            Err(e) => message(&app, StatusCode::INTERNAL_SERVER_ERROR, lang, &v, &e, "/"),
        }
    })
    .await
}

pub async fn login_form(State(app): State<Arc<App>>, q: Result<Query<PageQuery>, QueryRejection>) -> Response {
    let lang = page_lang(&q);
    let next = local_path(q.as_ref().ok().and_then(|q| q.next.as_deref()));
    blocking(move || login_page(&app, StatusCode::OK, lang, &next, None)).await
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub token: String,
    pub next: Option<String>,
}

fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    super::html::no_store(&mut r);
    r
}

pub async fn login(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<PageQuery>, QueryRejection>,
    f: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let lang = page_lang(&q);
    blocking(move || {
        let l = crate::i18n::code(lang);
        let Ok(Form(f)) = f else {
            return login_page(&app, StatusCode::BAD_REQUEST, lang, "/", Some(&crate::t!("serve.bad-form", locale = l)));
        };
        let next = local_path(f.next.as_deref());
        let Some(entry) = app.tokens.check(&f.token) else {
            return login_page(&app, StatusCode::UNAUTHORIZED, lang, &next, Some(&crate::t!("serve.bad-token", locale = l)));
        };
        let Ok((id, _)) = app.sessions.open(&entry.id) else {
            return login_page(&app, StatusCode::INTERNAL_SERVER_ERROR, lang, &next, None);
        };
        let mut r = see_other(&next);
        // Behind a TLS proxy (`X-Forwarded-Proto: https`) the cookie is sent over TLS only.
        let https = headers.get("x-forwarded-proto").is_some_and(|p| p.as_bytes().eq_ignore_ascii_case(b"https"));
        let secure = if https { "; Secure" } else { "" };
        let cookie = format!("{}={id}; Path=/; HttpOnly; SameSite=Strict{secure}", super::session::COOKIE);
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        r
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub async fn logout(State(app): State<Arc<App>>, headers: HeaderMap, f: Result<Form<CsrfForm>, FormRejection>) -> Response {
    blocking(move || {
        if let (Viewer::Session(id, s, _), Ok(Form(f))) = (app.viewer(&headers), f) {
            if super::session::same(&s.csrf, &f.csrf) {
                app.sessions.close(&id);
            }
        }
        let mut r = see_other("/");
        let cookie = format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", super::session::COOKIE);
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        r
    })
    .await
}

/// Whose checklist a page is.
#[derive(Clone, Copy)]
enum Whose {
    Org(OrgIx),
    Unit(UnitIx),
}

pub async fn org_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Response {
    checklist(app, headers, id, false, page_lang(&q)).await
}

pub async fn unit_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Response {
    checklist(app, headers, id, true, page_lang(&q)).await
}

async fn checklist(app: Arc<App>, headers: HeaderMap, id: String, unit: bool, lang: Lang) -> Response {
    blocking(move || {
        let v = app.viewer(&headers);
        let here = format!("/{}/{}", if unit { "unit" } else { "org" }, seg(&id));
        if !app.may_read(&v) || matches!(v, Viewer::Invalid) {
            return login_page(&app, StatusCode::UNAUTHORIZED, lang, &here, None);
        }
        let good = app.served.current();
        let plan = good.opened.plan();
        let whose = if unit {
            crate::status::lookup(&plan.ids.units, &id, "unit").map(Whose::Unit)
        } else {
            crate::status::lookup(&plan.ids.orgs, &id, "org").map(Whose::Org)
        };
        let whose = match whose {
            Ok(w) => w,
            Err(e) => return message(&app, StatusCode::NOT_FOUND, lang, &v, &e, &format!("/{}", lang_query(lang))),
        };
        match render_checklist(&app, &good, &v, whose, lang, &here) {
            Ok(html) => respond(StatusCode::OK, html),
            Err(e) => message(&app, StatusCode::INTERNAL_SERVER_ERROR, lang, &v, &e, "/"),
        }
    })
    .await
}

/// The checklist's own styles: the done button stands out, late due times
/// in red, done rows quieter.
const CHECKLIST_CSS: &str = "button.primary{background:#1a7f37;color:#fff;border:1px solid #14632b;border-radius:3px;font-weight:600;padding:.15em .9em}\
td.late{color:var(--bad);font-weight:600}tr.state-done td{color:#555}tr.state-done td.state-done{color:var(--ok)}\
td.actions{white-space:nowrap}td.actions form{display:inline-block;margin:.1em 0}";

/// The instances a checklist lists: what is due or may start in the next
/// 24 hours (as `cutover next --all` finds it), then what was done in the
/// last 24 hours (to reopen), at most [`ROWS`].
fn items(good: &super::plan::Good, night: &crate::context::Night, whose: Whose) -> (Vec<u32>, usize) {
    let (plan, g) = (good.opened.plan(), good.opened.graph());
    let now = night.now;
    let (org, unit) = match whose {
        Whose::Org(o) => (Some(o), None),
        Whose::Unit(u) => (None, Some(u)),
    };
    let until = Instant(now.0 + 24 * 60);
    let rows = crate::night::next(plan, g, &night.progress, now, until, org, unit, night.forecast.as_ref(), true);
    let mut out: Vec<u32> = Vec::new();
    for r in &rows {
        for &i in &r.instances {
            // A unit's page lists its own instances only.
            if unit.is_none() || g.unit_of(i) == unit {
                out.push(i);
            }
        }
    }
    let mut done: Vec<(Instant, u32)> = Vec::new();
    for (i, st) in night.progress.states.iter().enumerate() {
        let i = i as u32;
        if let St::Done { at, .. } = st {
            let t = plan.task(g.task_of[i as usize]);
            let mine = match whose {
                Whose::Org(o) => t.involves(o),
                Whose::Unit(u) => g.unit_of(i) == Some(u),
            };
            if mine && at.0 >= now.0 - 24 * 60 {
                done.push((*at, i));
            }
        }
    }
    done.sort_by(|a, b| b.cmp(a));
    out.extend(done.into_iter().map(|(_, i)| i));
    let total = out.len();
    out.truncate(ROWS);
    (out, total)
}

fn render_checklist(app: &App, good: &super::plan::Good, v: &Viewer, whose: Whose, lang: Lang, here: &str) -> Result<String, String> {
    let l = crate::i18n::code(lang);
    let night = app.night(good)?;
    let (plan, g) = (good.opened.plan(), good.opened.graph());
    let tz = plan.tz();
    let at = |i: Instant| esc(&fmt_instant(i, tz, lang, false));
    let end = |i: Instant| esc(&fmt_instant(i, tz, lang, true));
    let rights = app.rights(good, v);
    let csrf = match v {
        Viewer::Session(_, s, _) => Some(s.csrf.clone()),
        _ => None,
    };
    let back = format!("{here}{}", lang_query(lang));
    let heading = match whose {
        Whose::Org(o) => format!("{} — {}", plan.org(o).id, plan.org(o).name),
        Whose::Unit(u) => format!("{} — {}", plan.unit(u).id, plan.unit(u).name),
    };
    let (list, total) = items(good, &night, whose);
    let mut m = format!("<style>{CHECKLIST_CSS}</style>");
    m.push_str(&broken_banner(app, lang));
    m.push_str(&format!("<section class=\"wide\"><h2>{}</h2>", esc(&crate::t!("serve.checklist", locale = l, whose = heading))));
    if csrf.is_none() {
        m.push_str(&format!(
            "<p class=\"noprint\"><a href=\"/login{}{}next={}\">{}</a></p>",
            lang_query(lang),
            if lang_query(lang).is_empty() { "?" } else { "&amp;" },
            esc(&seg(&back)),
            esc(&crate::t!("serve.login-to-record", locale = l))
        ));
    }
    if list.is_empty() {
        m.push_str(&format!("<p class=\"mute\">{}</p>", esc(&crate::t!("serve.nothing-today", locale = l))));
    } else {
        m.push_str(&format!(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"noprint\"></th></tr>",
            esc(&crate::t!("serve.task", locale = l)),
            esc(&crate::t!("serve.state", locale = l)),
            esc(&crate::t!("serve.due", locale = l)),
            esc(&crate::t!("serve.may-start", locale = l)),
            esc(&crate::t!("serve.waits-for", locale = l))
        ));
    }
    for &i in &list {
        let t = plan.task(g.task_of[i as usize]);
        let name = g.name(plan, i);
        let (class, state) = match &night.progress.states[i as usize] {
            St::Open => ("", crate::t!("serve.state-open", locale = l).into_owned()),
            St::Started { at: s } => {
                ("state-started", crate::t!("serve.state-started", locale = l, at = fmt_instant(*s, tz, lang, false)).into_owned())
            }
            St::Done { at: d, .. } => {
                ("state-done", crate::t!("serve.state-done", locale = l, at = fmt_instant(*d, tz, lang, false)).into_owned())
            }
            St::Blocked { reason, since, .. } => (
                "state-blocked",
                crate::t!("serve.state-blocked", locale = l, at = fmt_instant(*since, tz, lang, false), reason = reason.clone())
                    .into_owned(),
            ),
        };
        let due =
            night.forecast.as_ref().and_then(|s| if t.due_after().is_some() { s.due_of(plan, t, i) } else { t.at.due() }).or(t.at.due());
        // Due and not done: the due time in red.
        let late = if due.is_some_and(|d| d.0 <= night.now.0) && !matches!(night.progress.states[i as usize], St::Done { .. }) {
            "late"
        } else {
            ""
        };
        let may_start = night.forecast.as_ref().map(|s| s.early_start(i));
        let mut waits: Vec<String> = g.preds(i).map(|(p, _)| p).filter(|&p| !night.progress.is_done(p)).map(|p| g.name(plan, p)).collect();
        waits.sort();
        waits.dedup();
        let shown_waits = if waits.len() > 5 { format!("{} …(+{})", waits[..5].join(", "), waits.len() - 5) } else { waits.join(", ") };
        m.push_str(&format!(
            "<tr class=\"{class}\" id=\"item-{}\"><td><strong>{}</strong><br><span class=\"mute\">{}</span></td><td class=\"{class}\">{}</td><td class=\"{late}\">{}</td><td>{}</td><td>{}</td><td class=\"noprint actions\">",
            esc(&name),
            esc(&name),
            esc(&t.title),
            esc(&state),
            due.map(end).unwrap_or_default(),
            may_start.map(at).unwrap_or_default(),
            esc(&shown_waits)
        ));
        if let Some(csrf) = &csrf {
            m.push_str(&actions(plan, g, rights, i, &night.progress.states[i as usize], csrf, &back, lang));
        }
        m.push_str("</td></tr>");
    }
    if !list.is_empty() {
        m.push_str("</table>");
    }
    if total > list.len() {
        m.push_str(&format!("<p class=\"mute\">{}</p>", esc(&crate::t!("serve.and-more", locale = l, n = total - list.len()))));
    }
    m.push_str("</section>");
    let head = header(app, good, None, v, lang, here);
    Ok(page(lang, &plan.meta.title, Some(60), &head, &m))
}

/// The forms of one item: start, done, reopen, block (with a reason); for
/// a gate, go / no-go (with a reason) as each approver the viewer may speak for.
fn actions(
    plan: &crate::model::Plan,
    g: &crate::graph::InstanceGraph,
    rights: Rights,
    i: u32,
    st: &St,
    csrf: &str,
    back: &str,
    lang: Lang,
) -> String {
    let l = crate::i18n::code(lang);
    let name = esc(&g.name(plan, i));
    let hidden = format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"back\" value=\"{}\">",
        esc(csrf),
        esc(back)
    );
    let q = lang_query(lang);
    let mut out = String::new();
    let gate = plan.task(g.task_of[i as usize]).gate();
    if may_mark(plan, g, rights, i) {
        // The buttons that make sense in the item's state: done work only
        // reopens; open work has nothing to reopen.
        let (is_open, is_started, is_done) = (matches!(st, St::Open), matches!(st, St::Started { .. }), matches!(st, St::Done { .. }));
        let start = if is_open || matches!(st, St::Blocked { .. }) {
            format!("<button name=\"event\" value=\"start\">{}</button>", esc(&crate::t!("serve.do-start", locale = l)))
        } else {
            String::new()
        };
        let done = if gate.is_none() && !is_done {
            format!("<button class=\"primary\" name=\"event\" value=\"done\">{}</button>", esc(&crate::t!("serve.do-done", locale = l)))
        } else {
            String::new()
        };
        let reopen = if !is_open {
            format!("<button name=\"event\" value=\"reopen\">{}</button>", esc(&crate::t!("serve.do-reopen", locale = l)))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<form class=\"inline\" method=\"post\" action=\"/form/mark{q}\">{hidden}<input type=\"hidden\" name=\"id\" value=\"{name}\">{done}{start}{reopen}</form> "
        ));
        if is_open || is_started {
            out.push_str(&format!(
                "<form class=\"inline\" method=\"post\" action=\"/form/mark{q}\">{hidden}<input type=\"hidden\" name=\"id\" value=\"{name}\"><input type=\"hidden\" name=\"event\" value=\"block\"><input type=\"text\" name=\"reason\" required maxlength=\"{}\" placeholder=\"{}\"><button>{}</button></form>",
                record::MAX_TEXT,
                esc(&crate::t!("serve.reason", locale = l)),
                esc(&crate::t!("serve.do-block", locale = l)),
            ));
        }
    }
    if let Some(gate) = gate {
        for &o in gate.approvers.iter().filter(|&&o| may_approve(rights, o)) {
            let org = esc(&plan.org(o).id);
            out.push_str(&format!(
                "<div><form class=\"inline\" method=\"post\" action=\"/form/approve{q}\">{hidden}<input type=\"hidden\" name=\"gate\" value=\"{name}\"><input type=\"hidden\" name=\"org\" value=\"{org}\"><button name=\"decision\" value=\"go\">{} ({org})</button></form> <form class=\"inline\" method=\"post\" action=\"/form/approve{q}\">{hidden}<input type=\"hidden\" name=\"gate\" value=\"{name}\"><input type=\"hidden\" name=\"org\" value=\"{org}\"><input type=\"hidden\" name=\"decision\" value=\"no-go\"><input type=\"text\" name=\"reason\" required maxlength=\"{}\" placeholder=\"{}\"><button>{} ({org})</button></form></div>",
                esc(&crate::t!("serve.do-go", locale = l)),
                record::MAX_TEXT,
                esc(&crate::t!("serve.reason", locale = l)),
                esc(&crate::t!("serve.do-no-go", locale = l)),
            ));
        }
    }
    out
}

#[derive(Debug, Deserialize)]
pub struct MarkForm {
    pub csrf: String,
    pub back: Option<String>,
    pub id: String,
    pub event: String,
    pub reason: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ApproveForm {
    pub csrf: String,
    pub back: Option<String>,
    pub gate: String,
    pub decision: String,
    pub org: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
}

/// A form post: a session whose CSRF token the form repeats, then the
/// event recorded and a 303 back, or a page saying why not (nothing written).
fn post(
    app: &App,
    headers: &HeaderMap,
    lang: Lang,
    csrf: &str,
    back: Option<&str>,
    make: impl FnOnce(&record::Context, &super::tokens::Entry, Rights) -> Result<Vec<crate::status::Record>, Refusal>,
) -> Response {
    let l = crate::i18n::code(lang);
    let back = local_path(back);
    let v = app.viewer(headers);
    let Viewer::Session(_, s, who) = &v else {
        return message(app, StatusCode::UNAUTHORIZED, lang, &v, &crate::t!("serve.need-login", locale = l), &back);
    };
    if !super::session::same(&s.csrf, csrf) {
        return message(app, StatusCode::FORBIDDEN, lang, &v, &crate::t!("serve.bad-csrf", locale = l), &back);
    }
    let result = app.recording(who, lang, |cx, rights, _| make(cx, who, rights).and_then(|recs| record::append(cx.log, &recs)));
    match result {
        Ok(()) => see_other(&back),
        Err(Refusal::Bad(m)) => message(app, StatusCode::BAD_REQUEST, lang, &v, &m, &back),
        Err(Refusal::Forbidden(m)) => message(app, StatusCode::FORBIDDEN, lang, &v, &m, &back),
        Err(Refusal::Failed(m)) => message(app, StatusCode::INTERNAL_SERVER_ERROR, lang, &v, &m, &back),
    }
}

/// A form's CSRF token, where to go back, and the request it makes.
type Parts<F, B> = for<'f> fn(&'f F) -> (&'f str, Option<&'f str>, B);

/// A form post: the form read (a bad one is a 400 page), then [`post`]
/// with the request `parts` makes of it and `build`'s records.
async fn form<F: Send + 'static, B: 'static>(
    app: Arc<App>,
    headers: HeaderMap,
    q: Result<Query<PageQuery>, QueryRejection>,
    f: Result<Form<F>, FormRejection>,
    parts: Parts<F, B>,
    build: super::api::Build<B>,
) -> Response {
    let lang = page_lang(&q);
    blocking(move || {
        let Ok(Form(f)) = f else {
            let v = app.viewer(&headers);
            return message(&app, StatusCode::BAD_REQUEST, lang, &v, &crate::t!("serve.bad-form", locale = lang), "/");
        };
        let (csrf, back, body) = parts(&f);
        post(&app, &headers, lang, csrf, back, |cx, who, r| build(cx, who, r, &body))
    })
    .await
}

/// The checklist's start / done / block / reopen buttons.
pub async fn form_mark(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<PageQuery>, QueryRejection>,
    f: Result<Form<MarkForm>, FormRejection>,
) -> Response {
    let parts: Parts<MarkForm, MarkBody> = |f| {
        let body =
            MarkBody { id: f.id.clone(), event: f.event.clone(), at: None, reason: f.reason.clone(), note: f.note.clone(), until: None };
        (&f.csrf, f.back.as_deref(), body)
    };
    form(app, headers, q, f, parts, record::mark_records).await
}

/// A gate's go / no-go form.
pub async fn form_approve(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<PageQuery>, QueryRejection>,
    f: Result<Form<ApproveForm>, FormRejection>,
) -> Response {
    let parts: Parts<ApproveForm, ApproveBody> = |f| {
        let body = ApproveBody {
            gate: f.gate.clone(),
            decision: f.decision.clone(),
            reason: f.reason.clone(),
            org: f.org.clone(),
            at: None,
            note: f.note.clone(),
        };
        (&f.csrf, f.back.as_deref(), body)
    };
    form(app, headers, q, f, parts, record::approve_records).await
}
