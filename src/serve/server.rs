//! The runtime: binds the address, re-reads the plan when it changes, and
//! serves the routes over hyper with a header timeout and a cap on
//! connections.

use super::app::{App, Options};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

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
