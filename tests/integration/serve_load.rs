//! `cutover serve` under load, as the night brings it: every commune
//! marking at once through the JSON API, a server killed with SIGKILL in
//! the middle, and clients that connect and say nothing. The scenario is
//! the load-test program's own (`examples/serve_load.rs`, this module's
//! `scenario`), run against the debug binary; it checks what it claims and
//! returns why not.

#[path = "../../examples/serve_load.rs"]
mod scenario;

use crate::test::scratch;
use scenario::{Config, Server};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Communes marking at once in these tests: a quarter of the plan's 56. In a
/// debug build each `cutover token add` and the server's first check of each
/// token (argon2, unoptimised) take about half a second of CPU: all 56 would
/// take two minutes here, where the release build takes seconds
/// (`cargo run --release --example serve_load` runs the 56 × 20).
const CLIENTS: usize = 14;
const MARKS: usize = 20;

fn config(clients: usize, marks: usize, kill_after: Option<usize>) -> Config {
    Config {
        bin: PathBuf::from(env!("CARGO_BIN_EXE_cutover")),
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        clients,
        marks,
        kill_after,
    }
}

#[test]
fn communes_marking_at_once_are_each_logged_exactly_once_and_status_equals_the_api() {
    let r = scenario::run(&config(CLIENTS, MARKS, None)).unwrap_or_else(|e| panic!("{e}"));
    let n = CLIENTS * MARKS;
    assert_eq!((r.requests, r.acked, r.logged, r.failed), (n, n, n, 0), "{r:?}");
    assert!(!r.killed);
}

#[test]
fn a_server_killed_with_sigkill_mid_run_loses_no_acknowledged_mark() {
    let half = CLIENTS * MARKS / 2;
    let r = scenario::run(&config(CLIENTS, MARKS, Some(half))).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.killed, "{r:?}");
    // Killed in the middle: at least what was acknowledged before the kill, not everything.
    assert!(r.acked >= half && r.acked < CLIENTS * MARKS, "{r:?}");
    assert!(r.logged >= r.acked, "{r:?}");
}

/// Reads until the server closes the connection: how long that took, or
/// `None` if it was still open after `limit`.
fn closed_after(stream: &mut std::net::TcpStream, limit: Duration) -> Option<Duration> {
    let t0 = Instant::now();
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Some(t0.elapsed()),
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe) => {
                return Some(t0.elapsed());
            }
            Err(_) => return None,
        }
    }
}

#[test]
fn a_client_that_sends_nothing_or_trickles_its_headers_is_dropped_after_the_header_timeout() {
    let d = scratch(&["plans/quang-ngai-2025.toml", "plans/units/quang-ngai-2025.toml"]);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_cutover"));
    let s = Server::start(&bin, d.path(), &[("CUTOVER_SERVE_HEADER_TIMEOUT", "1"), ("CUTOVER_LANG", "en")]).unwrap();
    let addr = s.base.trim_start_matches("http://").to_string();

    // Connects and says nothing: dropped after about a second, not kept.
    let mut silent = std::net::TcpStream::connect(&addr).unwrap();
    let t = closed_after(&mut silent, Duration::from_secs(10)).expect("a silent client is still connected after 10 s");
    assert!(t >= Duration::from_millis(700) && t < Duration::from_secs(5), "dropped after {t:?}");

    // Sends its headers a byte every 100 ms: still dropped, the timeout is
    // on the whole head, not on each read.
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    let t0 = Instant::now();
    let head = b"GET /api/status HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut cut = false;
    for b in head.iter() {
        if slow.write_all(&[*b]).is_err() {
            cut = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        if t0.elapsed() > Duration::from_secs(10) {
            break;
        }
    }
    let t = if cut {
        t0.elapsed()
    } else {
        t0.elapsed() + closed_after(&mut slow, Duration::from_secs(1)).expect("a trickling client is still connected")
    };
    assert!(t < Duration::from_secs(5), "a trickling client was dropped only after {t:?}");

    // A client that asks in time is answered, also after waiting less than the timeout.
    let mut ok = std::net::TcpStream::connect(&addr).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    ok.write_all(b"GET /api/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    ok.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    ok.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
}
