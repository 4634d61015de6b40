//! Arbitrary text as a time expression, a duration and a time zone. The same
//! calls run in `tests/fuzz_regressions.rs` over the saved inputs in
//! `tests/fuzz-regressions/time-*`.
#![no_main]

use cutover::time::{Lang, PlanTz, TimeExpr, parse_duration};
use libfuzzer_sys::fuzz_target;

mod known;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
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
    if known::skip_known() && known::time_hits_known(s) {
        return;
    }
    // A zone that parses is used, too: local times near the ends of its range.
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
});
