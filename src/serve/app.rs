//! The server's state, who is asking, and the routes.

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
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

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
    no_store(&mut r);
    r
}

/// `{"error": …}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    json(status, &serde_json::json!({ "error": message }))
}

/// Nothing the server answers is kept by a cache: it is all of the moment.
pub fn no_store(r: &mut Response) {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

/// Runs blocking work (plan reading, argon2, the log) off the async workers.
pub async fn blocking(f: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| error(StatusCode::INTERNAL_SERVER_ERROR, &crate::t!("serve.internal-error", reason = e.to_string())))
}

/// Binds, calls `ready` with the address, and serves until the process ends.
pub fn run(opts: Options, ready: impl FnOnce(SocketAddr) -> std::io::Result<()>) -> Result<(), String> {
    let app = Arc::new(App::new(opts)?);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&app.opts.listen).await.map_err(|e| format!("{}: {e}", app.opts.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        ready(addr).map_err(|e| e.to_string())?;
        // The plan is read again when one of its files changes.
        let poll = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
            loop {
                tick.tick().await;
                let a = poll.clone();
                let _ = tokio::task::spawn_blocking(move || a.served.reload_if_changed()).await;
            }
        });
        serve(listener, super::routes::router(app), header_timeout()).await;
        Ok(())
    })
}

/// How long a client has to send a request's headers, on a new connection
/// or an idle kept-alive one, before it is dropped (a slow or silent client
/// holds no connection for longer).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(15);

/// The most connections served at once; more wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 1024;

/// [`HEADER_TIMEOUT`], or `CUTOVER_SERVE_HEADER_TIMEOUT` seconds (for tests).
fn header_timeout() -> Duration {
    std::env::var("CUTOVER_SERVE_HEADER_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(HEADER_TIMEOUT, Duration::from_secs_f64)
}

/// Accepts connections and serves each with hyper's HTTP/1 (what
/// `axum::serve` does, plus a timer for the header timeout and a cap on
/// connections).
async fn serve(listener: tokio::net::TcpListener, router: axum::Router, header_timeout: Duration) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(header_timeout);
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let conn = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
}
