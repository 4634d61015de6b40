//! Known, reported, not yet fixed bugs that would otherwise stop every run at
//! once. With `FUZZ_SKIP_KNOWN=1` in the environment (scripts/fuzz.sh passes it
//! through), a target skips the inputs that hit them, so fuzzing can go on
//! past them; without it, nothing is skipped.
//!
//! To add one: a predicate that mirrors the library code it guards, called
//! from `time_hits_known` or `plan_hits_known`, with the regression input in
//! tests/fuzz-regressions/. Delete it once the bug is fixed. Example, from the
//! first one found (an `i32` overflow in `PlanTz::parse` on `--999990` and
//! `+0:-35791395`, fixed in c439115):
//!
//! ```ignore
//! fn tz_offset_overflows(s: &str) -> bool {
//!     let t = s.trim();
//!     let Some(sign) = t.chars().next().filter(|c| *c == '+' || *c == '-') else { return false };
//!     let rest = &t[1..];
//!     let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
//!     match (h.parse::<i32>(), m.parse::<i32>()) {
//!         (Ok(h), Ok(m)) if h <= 14 && m < 60 => h
//!             .checked_mul(3600)
//!             .zip(m.checked_mul(60))
//!             .and_then(|(a, b)| a.checked_add(b))
//!             .and_then(|v| v.checked_mul(if sign == '-' { -1 } else { 1 }))
//!             .is_none(),
//!         _ => false,
//!     }
//! }
//! // and in plan_hits_known, over every quoted piece of the text:
//! // String::from_utf8_lossy(data).split(['"', '\'', '\n']).any(tz_offset_overflows)
//! ```

#![allow(dead_code)] // each target uses only some of these

use std::sync::OnceLock;

/// Is `FUZZ_SKIP_KNOWN=1` set? Read once.
pub fn skip_known() -> bool {
    static SKIP: OnceLock<bool> = OnceLock::new();
    *SKIP.get_or_init(|| std::env::var_os("FUZZ_SKIP_KNOWN").is_some_and(|v| v == "1"))
}

/// Does a text for the `time` target hit a known bug? None is open.
pub fn time_hits_known(_s: &str) -> bool {
    false
}

/// Does a plan for the `load` target hit a known bug? None is open.
pub fn plan_hits_known(_data: &[u8]) -> bool {
    false
}
