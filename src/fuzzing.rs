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
    let _ = crate::report::human::render(&report, HumanOptions { color: false, quiet: false, deny_warnings: false });
    let _ = crate::report::human::render(&report, HumanOptions { color: true, quiet: true, deny_warnings: true });
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

/// The plan the night's fuzz targets run against: `examples/minimal.toml`
/// (two units, a unit task and plan tasks), opened once per process. It
/// must load with a graph, two units and a unit task, or the targets would
/// test nothing.
fn night_plan() -> (&'static crate::model::Plan, &'static crate::graph::InstanceGraph) {
    static PLAN: std::sync::OnceLock<crate::check::CheckReport> = std::sync::OnceLock::new();
    let r = PLAN.get_or_init(|| {
        let path = Path::new("minimal.toml");
        let text = include_bytes!("../examples/minimal.toml").to_vec();
        check_loaded(path, load_bytes(path, text, &LoadOptions::default()))
    });
    let g = r.graph.as_ref().expect("examples/minimal.toml has a graph");
    assert!(r.plan.units.len() >= 2, "examples/minimal.toml has units");
    assert!(r.plan.tasks.iter().any(|t| t.is_unit()), "examples/minimal.toml has a unit task");
    (&r.plan, g)
}

/// Arbitrary bytes as a status log: parsed, applied to the plan (all of it,
/// and as of two moments, as the commands read it), its warnings made
/// printable, the forecast and the night's summary computed and rendered.
/// Whatever the input, the warnings stay capped — at most
/// [`SHOWN_WARNINGS`](crate::status::SHOWN_WARNINGS) named of each kind
/// (malformed lines, unknown tasks) and one count of the rest of each — and
/// free of control characters.
pub fn status_log(data: &[u8]) {
    let (plan, g) = night_plan();
    let (records, warnings) = crate::status::parse(data);
    let nows = [crate::time::Instant(0), crate::time::Instant(29_170_000)];
    let progress = crate::status::apply(plan, g, &records, warnings.clone());
    check_warning_lines(&progress);
    for now in nows {
        let as_of = crate::status::apply_as_of(plan, g, &records, warnings.clone(), Some(now));
        check_warning_lines(&as_of);
        for p in [&progress, &as_of] {
            let forecast = crate::schedule::compute_with(plan, g, &crate::status::fixed(p, now)).ok();
            let summary = crate::night::summarize(plan, g, p, now, forecast.as_ref());
            let _ = crate::report::status::text(plan, g, &summary, Lang::Vi, false, 10);
            let _ = crate::report::status::text(plan, g, &summary, Lang::En, true, 10);
            let _ = crate::report::status::json(plan, g, &summary).to_string();
            let until = crate::time::Instant(now.0 + 12 * 60);
            let rows = crate::night::next(plan, g, p, now, until, None, None, forecast.as_ref(), false);
            let _ = crate::report::status::next_table(plan, g, &rows, Lang::En, Some(80));
        }
    }
}

/// The invariants of [`crate::status::Progress::warning_lines`]: at most
/// `2 * SHOWN_WARNINGS + 2` lines, none with a C0 control, DEL or a C1
/// control in it.
fn check_warning_lines(progress: &crate::status::Progress) {
    let lines = progress.warning_lines();
    let cap = 2 * crate::status::SHOWN_WARNINGS + 2;
    assert!(lines.len() <= cap, "{} warning lines, over the cap of {cap}: {lines:#?}", lines.len());
    for l in &lines {
        assert!(!l.chars().any(|c| c < '\u{20}' || ('\u{7f}'..='\u{9f}').contains(&c)), "a control character in the warning line {l:?}");
    }
}

/// Arbitrary text as the ID argument of `cutover mark` (`task`,
/// `task@unit`, `task@all`): what it names is in the plan, once each, and
/// reads back as itself; `task@all` on a unit task names one instance per
/// unit; an id that is refused gets a message.
pub fn mark_id(data: &[u8]) {
    let Ok(id) = std::str::from_utf8(data) else { return };
    let (plan, g) = night_plan();
    match crate::status::targets(plan, g, id) {
        Ok(instances) => {
            assert!(!instances.is_empty(), "{id:?} names nothing");
            assert!(instances.iter().all(|&i| (i as usize) < g.len()), "{id:?} names an instance out of range");
            let mut distinct = instances.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), instances.len(), "{id:?} names an instance twice");
            if id.ends_with("@all") {
                assert_eq!(instances.len() as u64, plan.instance_count(plan.task(g.task_of[instances[0] as usize])), "{id:?}");
            }
            for &i in &instances {
                // The name of what was named reads back as itself.
                assert_eq!(crate::status::instance(plan, g, &g.name(plan, i)), Some(i), "{id:?}");
            }
        }
        Err(message) => assert!(!message.is_empty(), "{id:?} is refused without a message"),
    }
    // Whatever names a unit task, `@all` after it names that task in every
    // unit, in the plan's order of units.
    let tid = crate::status::split_id(plan, id).0;
    if let Ok(t) = crate::status::lookup(&plan.ids.tasks, tid, "task")
        && plan.task(t).is_unit()
    {
        let all = crate::status::targets(plan, g, &format!("{tid}@all")).unwrap_or_else(|e| panic!("{tid:?}@all: {e}"));
        let names: Vec<String> = all.iter().map(|&i| g.name(plan, i)).collect();
        let want: Vec<String> = plan
            .units
            .iter()
            .enumerate()
            .filter(|(k, _)| plan.applies_to(plan.task(t), crate::model::UnitIx(*k as u32)))
            .map(|(_, u)| format!("{}@{}", plan.task(t).id, u.id))
            .collect();
        assert_eq!(names, want, "{tid:?}@all");
    }
}
