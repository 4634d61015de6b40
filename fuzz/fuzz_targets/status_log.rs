//! Arbitrary bytes as the status log of the night, against a small plan:
//! parsed, applied, its warnings printed, the forecast, the status screen
//! and `next` computed. The sequence is `cutover::fuzzing::status_log`,
//! which `tests/integration/fuzz_regressions.rs` runs over the saved inputs in
//! `tests/fuzz-regressions/status_log-*`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cutover::fuzzing::status_log(data);
});
