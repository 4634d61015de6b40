//! The JSON API: `GET /api/status` and `GET /api/next` (the JSON of
//! `cutover status|next --format json`, from the same functions), `POST
//! /api/mark` and `POST /api/approve` (with `Authorization: Bearer TOKEN`).

use super::app::{App, Viewer, blocking, error, json, lang};
use super::record::{self, ApproveBody, Context, MarkBody, Refusal};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    pub lang: Option<String>,
    pub org: Option<String>,
    pub unit: Option<String>,
    pub hours: Option<u32>,
    pub all: Option<bool>,
}

fn api_lang(q: Option<&str>) -> crate::time::Lang {
    lang(q, crate::i18n::current())
}

/// 401 unless the board may be read by this viewer.
fn readable(app: &App, v: &Viewer, l: crate::time::Lang) -> Result<(), Response> {
    if matches!(v, Viewer::Invalid) || !app.may_read(v) {
        return Err(error(StatusCode::UNAUTHORIZED, &crate::t!("serve.need-token", locale = l)));
    }
    Ok(())
}

pub async fn status(State(app): State<Arc<App>>, headers: HeaderMap, q: Result<Query<LangQuery>, QueryRejection>) -> Response {
    let q = q.map(|q| q.0).unwrap_or_default();
    blocking(move || {
        let l = api_lang(q.lang.as_deref());
        if let Err(r) = readable(&app, &app.viewer(&headers), l) {
            return r;
        }
        let good = app.served.current();
        let night = match app.night(&good) {
            Ok(n) => n,
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &e),
        };
        let (plan, g) = (good.opened.plan(), good.opened.graph());
        let summary = crate::night::summarize(plan, g, &night.progress, night.now, night.forecast.as_ref());
        json(StatusCode::OK, &crate::report::status::json(plan, g, &summary))
    })
    .await
}

pub async fn next(State(app): State<Arc<App>>, headers: HeaderMap, q: Result<Query<NextQuery>, QueryRejection>) -> Response {
    let Ok(Query(q)) = q else {
        return error(StatusCode::BAD_REQUEST, &crate::t!("serve.bad-query", locale = api_lang(None)));
    };
    blocking(move || {
        let l = api_lang(q.lang.as_deref());
        if let Err(r) = readable(&app, &app.viewer(&headers), l) {
            return r;
        }
        let good = app.served.current();
        let (plan, g) = (good.opened.plan(), good.opened.graph());
        let org = match q.org.as_deref().filter(|s| !s.is_empty()).map(|o| crate::status::lookup(&plan.ids.orgs, o, "org")).transpose() {
            Ok(o) => o,
            Err(e) => return error(StatusCode::BAD_REQUEST, &e),
        };
        let unit = match q.unit.as_deref().filter(|s| !s.is_empty()).map(|u| crate::status::lookup(&plan.ids.units, u, "unit")).transpose()
        {
            Ok(u) => u,
            Err(e) => return error(StatusCode::BAD_REQUEST, &e),
        };
        let night = match app.night(&good) {
            Ok(n) => n,
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &e),
        };
        let now = night.now;
        let until = crate::time::Instant(now.0 + q.hours.unwrap_or(12).min(24 * 366) as i64 * 60);
        let rows = crate::night::next(plan, g, &night.progress, now, until, org, unit, night.forecast.as_ref(), q.all.unwrap_or(false));
        json(StatusCode::OK, &crate::report::status::next_json(plan, g, &rows, now, until))
    })
    .await
}

/// The viewer's token entry, or the 401 answer.
fn token(app: &App, headers: &HeaderMap, l: crate::time::Lang) -> Result<super::tokens::Entry, Response> {
    let v = app.viewer(headers);
    match v {
        Viewer::Token(e) => Ok(e),
        Viewer::Invalid => Err(error(StatusCode::UNAUTHORIZED, &crate::t!("serve.bad-token", locale = l))),
        _ => Err(error(StatusCode::UNAUTHORIZED, &crate::t!("serve.need-bearer", locale = l))),
    }
}

/// The answer to a refusal.
pub fn refused(r: Refusal) -> Response {
    match r {
        Refusal::Bad(m) => error(StatusCode::BAD_REQUEST, &m),
        Refusal::Forbidden(m) => error(StatusCode::FORBIDDEN, &m),
        Refusal::Failed(m) => error(StatusCode::INTERNAL_SERVER_ERROR, &m),
    }
}

fn body<T: serde::de::DeserializeOwned>(b: Result<Bytes, BytesRejection>, l: crate::time::Lang) -> Result<T, Response> {
    let b = b.map_err(|e| error(e.status(), &e.body_text()))?;
    serde_json::from_slice(&b).map_err(|e| error(StatusCode::BAD_REQUEST, &crate::t!("serve.bad-body", locale = l, reason = e.to_string())))
}

/// Records checked records and answers 201 with them.
pub fn record(
    app: &App,
    l: crate::time::Lang,
    who: &super::tokens::Entry,
    make: impl FnOnce(&Context, super::access::Rights) -> Result<Vec<crate::status::Record>, Refusal>,
) -> Response {
    app.recording(who, l, |cx, rights, good| {
        let recs = match make(cx, rights) {
            Ok(r) => r,
            Err(r) => return refused(r),
        };
        // What it runs ahead of, as the log stood before it (as `cutover mark` warns).
        let warnings = app.night(good).map(|n| record::warnings(cx, &n, &recs)).unwrap_or_default();
        if let Err(r) = record::append(cx.log, &recs) {
            return refused(r);
        }
        json(StatusCode::CREATED, &serde_json::json!({ "recorded": recs, "warnings": warnings }))
    })
}

/// What a recording request's body becomes: the records, checked, or why not.
pub type Build<B> = fn(&Context, &super::tokens::Entry, super::access::Rights, &B) -> Result<Vec<crate::status::Record>, Refusal>;

/// A recording request: the token, then the body read as `B`, then the
/// records `build` makes from it appended (nothing on any refusal).
async fn post<B: serde::de::DeserializeOwned + Send + 'static>(
    app: Arc<App>,
    headers: HeaderMap,
    q: Result<Query<LangQuery>, QueryRejection>,
    b: Result<Bytes, BytesRejection>,
    build: Build<B>,
) -> Response {
    let q = q.map(|q| q.0).unwrap_or_default();
    blocking(move || {
        let l = api_lang(q.lang.as_deref());
        let who = match token(&app, &headers, l) {
            Ok(e) => e,
            Err(r) => return r,
        };
        let body: B = match body(b, l) {
            Ok(b) => b,
            Err(r) => return r,
        };
        record(&app, l, &who, |cx, rights| build(cx, &who, rights, &body))
    })
    .await
}

/// `POST /api/mark`.
pub async fn mark(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<LangQuery>, QueryRejection>,
    b: Result<Bytes, BytesRejection>,
) -> Response {
    post::<MarkBody>(app, headers, q, b, record::mark_records).await
}

/// `POST /api/approve`.
pub async fn approve(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<LangQuery>, QueryRejection>,
    b: Result<Bytes, BytesRejection>,
) -> Response {
    post::<ApproveBody>(app, headers, q, b, record::approve_records).await
}
