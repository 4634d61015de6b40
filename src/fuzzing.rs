//! What the fuzz targets (`fuzz/fuzz_targets/`) do with one input, shared
//! with `tests/fuzz_regressions.rs`, which replays the saved inputs on every
//! `cargo test`. Not part of the tool's interface.

use crate::context::check_loaded;
use crate::load::{LoadOptions, load_bytes};
use crate::report::human::HumanOptions;
use crate::time::{Lang, PlanTz, TimeExpr, parse_duration};
use std::path::Path;

/// Arbitrary bytes as a plan file: load (with a 100,000-instance cap, so one
/// input cannot legitimately take seconds), check, render every report, and
/// walk the critical path and the slack table.
pub fn plan(data: &[u8]) {
    let path = Path::new("fuzz.toml");
    let opts = LoadOptions { max_instances: 100_000, ..LoadOptions::default() };
    let report = check_loaded(path, load_bytes(path, data.to_vec(), &opts));
    let _ = crate::report::human::render(&report, HumanOptions { color: false, quiet: false });
    let _ = crate::report::human::render(&report, HumanOptions { color: true, quiet: true });
    let _ = crate::report::json::report(&report).to_string();
    let _ = crate::report::github::render(&report);
    if let (Some(g), Some(s)) = (&report.graph, &report.schedule) {
        if let Ok(end) = crate::critical::end_instance(&report.plan, g, s, None) {
            let _ = crate::critical::critical_path(&report.plan, g, s, end);
        }
        let _ = crate::critical::all_tasks(&report.plan, g, s);
    }
}

/// Arbitrary text as a time expression (in two zones) and a duration.
pub fn time_expression(s: &str) {
    if let Ok(e) = TimeExpr::parse(s) {
        let zones = [PlanTz::default(), PlanTz::parse("+14:00").expect("+14:00 is an offset")];
        for tz in &zones {
            let _ = e.due(tz);
            let _ = e.not_before(tz);
            let _ = e.window_start(tz);
            let _ = e.display(Lang::Vi, tz);
            let _ = e.display(Lang::En, tz);
        }
    }
    let _ = parse_duration(s);
}

/// Arbitrary text as a time zone; one that parses is used with local times
/// near the ends of its range.
pub fn time_zone(s: &str) {
    if let Ok(tz) = PlanTz::parse(s) {
        let _ = tz.name();
        for text in ["24:00 31/12/9999", "1/1/0", "ngày 30/6/2025", "quý IV/9999"] {
            if let Ok(e) = TimeExpr::parse(text) {
                let _ = e.due(&tz);
                let _ = e.not_before(&tz);
                let _ = e.display(Lang::Vi, &tz);
                let _ = e.display(Lang::En, &tz);
            }
        }
    }
}
