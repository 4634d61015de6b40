//! Arbitrary text as a time expression, a duration and a time zone. The same
//! calls run in `tests/integration/fuzz_regressions.rs` over the saved inputs in
//! `tests/fuzz-regressions/time-*`.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod known;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    cutover::fuzzing::time_expression(s);
    if known::skip_known() && known::time_hits_known(s) {
        return;
    }
    // A zone that parses is used, too: local times near the ends of its range.
    cutover::fuzzing::time_zone(s);
});
