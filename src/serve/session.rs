//! Browser sessions: a token given once on the login form opens a session
//! (a random id in an HttpOnly, SameSite=Strict cookie) with its own CSRF
//! token, which every form carries in a hidden field and every POST must
//! repeat. Sessions live in memory: a restarted server asks to log in again.

use super::tokens::{hex, random_bytes};
use std::collections::HashMap;
use std::sync::Mutex;

pub const COOKIE: &str = "cutover_session";

/// How many sessions are kept (the oldest go first).
const KEPT: usize = 10_000;

#[derive(Clone, Debug)]
pub struct Session {
    /// The token's id (its entry is looked up on each request: a revoked token ends the session).
    pub token: String,
    pub csrf: String,
    serial: u64,
}

#[derive(Default)]
pub struct Sessions {
    map: Mutex<(u64, HashMap<String, Session>)>,
}

impl Sessions {
    /// A new session for a token id: (the cookie's value, the session).
    pub fn open(&self, token: &str) -> std::io::Result<(String, Session)> {
        let id = hex(&random_bytes::<24>()?);
        let csrf = hex(&random_bytes::<24>()?);
        let mut m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        m.0 += 1;
        let serial = m.0;
        if m.1.len() >= KEPT {
            if let Some(oldest) = m.1.iter().min_by_key(|(_, s)| s.serial).map(|(k, _)| k.clone()) {
                m.1.remove(&oldest);
            }
        }
        let s = Session { token: token.to_string(), csrf, serial };
        m.1.insert(id.clone(), s.clone());
        Ok((id, s))
    }

    pub fn get(&self, id: &str) -> Option<Session> {
        self.map.lock().unwrap_or_else(|e| e.into_inner()).1.get(id).cloned()
    }

    pub fn close(&self, id: &str) {
        self.map.lock().unwrap_or_else(|e| e.into_inner()).1.remove(id);
    }
}

/// The session id in a `Cookie` header, if any.
pub fn cookie(header: &str) -> Option<&str> {
    header.split(';').map(str::trim).find_map(|kv| kv.strip_prefix(COOKIE)?.strip_prefix('='))
}

/// Compares two secrets in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn cookies() {
        assert_eq!(super::cookie("a=1; cutover_session=abc; b=2"), Some("abc"));
        assert_eq!(super::cookie("cutover_sessionx=abc"), None);
        assert!(super::same("abc", "abc") && !super::same("abc", "abd") && !super::same("ab", "abc"));
    }
}
