//! Arbitrary bytes as a plan file: load, check, render every report, and
//! walk the critical path. Any panic, hang, overflow or runaway allocation is
//! a bug. The sequence is `cutover::fuzzing::plan`, which `tests/integration/fuzz_regressions.rs` runs over the
//! saved inputs in `tests/fuzz-regressions/load-*`.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod known;

fuzz_target!(|data: &[u8]| {
    if known::skip_known() && known::plan_hits_known(data) {
        return;
    }
    cutover::fuzzing::plan(data);
});
