//! The server's state and who is asking.

use super::access::{Rights, rights};
use super::auth::Tokens;
use super::night::Cache;
use super::plan::{Good, Served};
use super::session::{Session, Sessions};
use super::tokens::Entry;
use crate::context::Night;
use crate::load::LoadOptions;
use crate::time::{Instant, Lang};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use std::sync::Arc;

/// The largest request body accepted.
pub const MAX_BODY: usize = 16 * 1024;

/// What `cutover serve` was asked.
#[derive(Clone, Debug)]
pub struct Options {
    pub plan: PathBuf,
    pub listen: String,
    pub status: PathBuf,
    pub tokens: PathBuf,
    pub public_board: bool,
    /// A fixed present time (a time expression of the plan), for tests.
    pub now: Option<String>,
    pub load: LoadOptions,
}

pub struct App {
    pub opts: Options,
    pub served: Served,
    pub tokens: Tokens,
    pub sessions: Sessions,
    nights: Cache,
}

/// Who is asking.
#[derive(Clone, Debug)]
pub enum Viewer {
    /// Nobody: no token, no session.
    Anonymous,
    /// A bearer token that is not valid.
    Invalid,
    /// A valid bearer token.
    Token(Entry),
    /// A browser session: its cookie value, the session, its token's entry.
    Session(String, Session, Entry),
}

impl Viewer {
    pub fn entry(&self) -> Option<&Entry> {
        match self {
            Viewer::Token(e) | Viewer::Session(_, _, e) => Some(e),
            _ => None,
        }
    }
}

impl App {
    pub fn new(opts: Options) -> Result<App, String> {
        let served = Served::new(&opts.plan, opts.load.clone())?;
        // The log and the tokens are never a file of the plan.
        let mut read = crate::guard::Inputs::default();
        read.add_plan(served.current().opened.plan());
        for (flag, p) in [("--status", &opts.status), ("--tokens", &opts.tokens)] {
            if read.role_of(p).is_some() {
                return Err(crate::t!("serve.file-of-plan", flag = flag, path = crate::source::display_path(p)).into_owned());
            }
        }
        let tokens = Tokens::new(opts.tokens.clone())?;
        Ok(App { opts, served, tokens, sessions: Sessions::default(), nights: Cache::default() })
    }

    /// Records with the plan as served now: the recording desk over it (in
    /// `lang`), the log, and what `who` may record; `f` gets them with the
    /// plan itself (for the night as the log stands). The API and the forms
    /// both record through this.
    pub fn recording<R>(&self, who: &Entry, lang: Lang, f: impl FnOnce(&super::record::Context, Rights, &Good) -> R) -> R {
        let good = self.served.current();
        let (plan, g) = (good.opened.plan(), good.opened.graph());
        let rights = rights(plan, &who.scope);
        let desk = crate::night::record::Desk { plan, g, path: self.served.path(), now: self.now(&good), dates: lang };
        let cx = super::record::Context { desk, log: &self.opts.status };
        f(&cx, rights, &good)
    }

    /// The present time: `--now`, else the clock.
    pub fn now(&self, good: &Good) -> Instant {
        self.opts
            .now
            .as_deref()
            .and_then(|t| crate::context::instant(good.opened.plan(), t, "--now").ok())
            .unwrap_or_else(crate::context::clock)
    }

    /// The night of the plan as of now.
    pub fn night(&self, good: &Good) -> Result<Arc<Night>, String> {
        self.nights.night(&self.opts.plan, good, &self.opts.status, self.now(good), &self.opts.load)
    }

    /// Who is asking: a bearer token (argon2 on one not seen yet), else a session cookie.
    pub fn viewer(&self, headers: &HeaderMap) -> Viewer {
        if let Some(auth) = headers.get(header::AUTHORIZATION) {
            let t = auth.to_str().ok().and_then(|a| a.strip_prefix("Bearer ").or_else(|| a.strip_prefix("bearer ")));
            return match t.and_then(|t| self.tokens.check(t)) {
                Some(e) => Viewer::Token(e),
                None => Viewer::Invalid,
            };
        }
        let cookie = headers.get_all(header::COOKIE).iter().filter_map(|c| c.to_str().ok()).find_map(super::session::cookie);
        if let Some(id) = cookie {
            if let Some(s) = self.sessions.get(id) {
                if let Some(e) = self.tokens.entry(&s.token) {
                    return Viewer::Session(id.to_string(), s, e);
                }
                self.sessions.close(id);
            }
        }
        Viewer::Anonymous
    }

    /// The rights of a viewer on the plan being served.
    pub fn rights(&self, good: &Good, v: &Viewer) -> Rights {
        v.entry().map_or(Rights::Nothing, |e| rights(good.opened.plan(), &e.scope))
    }

    /// Whether the viewer may read the board.
    pub fn may_read(&self, v: &Viewer) -> bool {
        self.opts.public_board || v.entry().is_some()
    }
}

/// The language a request asks for with `?lang=`, else `default`.
pub fn lang(q: Option<&str>, default: Lang) -> Lang {
    q.and_then(crate::i18n::parse).unwrap_or(default)
}

/// A JSON answer.
pub fn json(status: StatusCode, v: &serde_json::Value) -> Response {
    let mut body = serde_json::to_vec_pretty(v).unwrap_or_default();
    body.push(b'\n');
    let mut r = (status, body).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    super::html::no_store(&mut r);
    r
}

/// `{"error": …}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    json(status, &serde_json::json!({ "error": message }))
}

/// Runs blocking work (plan reading, argon2, the log) off the async workers.
pub async fn blocking(f: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| error(StatusCode::INTERNAL_SERVER_ERROR, &crate::t!("serve.internal-error", reason = e.to_string())))
}
