//! Arbitrary text as the ID argument of `cutover mark` (`task`, `task@unit`,
//! `task@all`). The sequence is `cutover::fuzzing::mark_id`, which
//! `tests/integration/fuzz_regressions.rs` runs over the saved inputs in
//! `tests/fuzz-regressions/mark_id-*`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cutover::fuzzing::mark_id(data);
});
