//! Arbitrary bytes as a plan file: load, check, render every report, and
//! walk the critical path. Any panic, hang, overflow or runaway allocation is
//! a bug. The same sequence runs in `tests/fuzz_regressions.rs` over the
//! saved inputs in `tests/fuzz-regressions/load-*`.
#![no_main]

use cutover::load::{LoadOptions, load_bytes};
use cutover::report::human::HumanOptions;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

mod known;

fuzz_target!(|data: &[u8]| {
    if known::skip_known() && known::plan_hits_known(data) {
        return;
    }
    let path = Path::new("fuzz.toml");
    // A lower instance cap than the default (10,000,000) so one input cannot
    // legitimately take seconds; the cap itself is what `too-large` tests.
    let opts = LoadOptions { max_instances: 100_000, ..LoadOptions::default() };
    let loaded = load_bytes(path, data.to_vec(), &opts);
    let report = cutover::check::check_loaded(path, loaded);
    let _ = cutover::report::human::render(&report, HumanOptions { color: false, quiet: false });
    let _ = cutover::report::human::render(&report, HumanOptions { color: true, quiet: true });
    let _ = cutover::report::json::report(&report).to_string();
    let _ = cutover::report::github::render(&report);
    if let (Some(g), Some(s)) = (&report.graph, &report.schedule) {
        if let Ok(end) = cutover::critical::end_instance(&report.plan, g, s, None) {
            let _ = cutover::critical::critical_path(&report.plan, g, s, end);
        }
        let _ = cutover::critical::all_tasks(&report.plan, g, s);
    }
});
