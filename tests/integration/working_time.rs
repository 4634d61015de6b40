//! Working time, through the binary: calendars, durations in working days,
//! deadlines counted from an event, duties that recur, and the promise that
//! a plan without a calendar is scheduled as before.

use crate::test::{Test, root};
use serde_json::Value;

const HEAD: &str =
    "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24 giờ 00 ngày 30/6/2025\"\n[org.so]\nname = \"Sở\"\n";

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    std::fs::write(dir.join(name), text).unwrap();
    name.to_string()
}

/// `critical-path --all --format json` of a plan file in `dir`, by task.
fn all(dir: &std::path::Path, plan: &str) -> std::collections::HashMap<String, Value> {
    let v = Test::new().current_dir(dir).args(["critical-path", plan, "--all", "--format", "json"]).status(0).run().json();
    v["tasks"].as_array().unwrap().iter().map(|t| (t["task"].as_str().unwrap().to_string(), t.clone())).collect()
}

#[test]
fn three_working_days_from_four_pm_on_friday_end_on_wednesday_at_four() {
    let d = tempfile::tempdir().unwrap();
    let plan = write(
        d.path(),
        "p.toml",
        &format!(
            "{HEAD}calendar = \"hanh-chinh\"\n[[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"so\"\n\
             not_before = \"16h00 ngày 13/6/2025\"\nduration = \"3 ngày làm việc\"\ndue = \"trước ngày 21/6/2025\"\n"
        ),
    );
    let t = &all(d.path(), &plan)["a"];
    assert_eq!(t["early_start"], "2025-06-13T16:00:00+07:00");
    assert_eq!(t["early_finish"], "2025-06-18T16:00:00+07:00");
    // Due before Saturday 21/6: in practice 17:00 on Friday 20/6.
    assert_eq!(t["late_finish"], "2025-06-20T17:00:00+07:00");
    assert_eq!(t["calendar"], "hanh-chinh");
    // Wednesday 16:00 → 17:00 (1 h), Thursday and Friday (7.5 h each).
    assert_eq!(t["slack_working_minutes"], 60 + 450 + 450);
    assert_eq!(t["slack_minutes"], 2 * 1440 + 60);
    // The ASCII form reads the same.
    let ascii = std::fs::read_to_string(d.path().join(&plan)).unwrap().replace("3 ngày làm việc", "3wd");
    let plan2 = write(d.path(), "q.toml", &ascii);
    assert_eq!(all(d.path(), &plan2)["a"]["early_finish"], "2025-06-18T16:00:00+07:00");
}

#[test]
fn the_shipped_plan_reports_its_sunday_deadline_and_the_2026_plan_its_holidays() {
    let v = Test::new().args(["check", "plans/quang-ngai-2025.toml", "--format", "json"]).status(0).run().json();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "due-on-day-off" && f["task"] == "lgsp.codes.plan")
        .unwrap_or_else(|| panic!("no due-on-day-off for II.2.a: {:#}", v["findings"]))
        .clone();
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        f["message"],
        "`lgsp.codes.plan` is due trước ngày 15/6/2025, and 15/6/2025 is a Sunday of calendar `hanh-chinh`: in practice 17:00 on Friday 13/6/2025"
    );
    // The holiday's name in the plan's language.
    let v =
        Test::new().args(["check", "plans/quang-ngai-2026-q2.toml", "--format", "json"]).env("CUTOVER_LANG", "vi").status(0).run().json();
    let holidays: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "due-on-day-off" && f["message"].as_str().unwrap().contains("Ngày Chiến thắng (30/4)"))
        .map(|f| f["task"].as_str().unwrap().to_string())
        .collect();
    // The five rows of the appendix due 30/04/2026 (a public holiday; the
    // document has no row dated 1/5).
    assert_eq!(holidays.len(), 5, "{holidays:?}");
    assert!(holidays.contains(&"q2.security.vulnerabilities".to_string()));
}

#[test]
fn the_monthly_report_is_one_task_and_one_recurring_event() {
    let plan = std::fs::read_to_string(root().join("plans/quang-ngai-2026-q2.toml")).unwrap();
    assert_eq!(plan.matches("id     = \"q2.report.monthly").count(), 1, "one recurring task");
    // The holiday's name in the plan's language.
    let v =
        Test::new().args(["check", "plans/quang-ngai-2026-q2.toml", "--format", "json"]).env("CUTOVER_LANG", "vi").status(0).run().json();
    let report: Vec<&Value> = v["findings"].as_array().unwrap().iter().filter(|f| f["task"] == "q2.report.monthly@2026-04").collect();
    assert!(report.iter().any(|f| f["rule"] == "due-before-issued"), "April's report fell due before the letter: {report:?}");
    let ics = Test::new().args(["ics", "plans/quang-ngai-2026-q2.toml", "--now", "2026-05-01T00:00"]).status(0).run().stdout;
    let ev: Vec<&str> = ics.split("BEGIN:VEVENT").filter(|e| e.contains("UID:q2.report.monthly")).collect();
    assert_eq!(ev.len(), 1, "one event for the three months");
    assert!(ev[0].contains("UID:q2.report.monthly@qng-2026-q2.cutover\r\n"), "{}", ev[0]);
    assert!(ev[0].contains("RRULE:FREQ=MONTHLY;COUNT=3\r\n"), "{}", ev[0]);
    // Before the 20th of April begins, in the plan's zone (UTC+7).
    assert!(ev[0].contains("DTSTART:20260419T170000Z\r\n"), "{}", ev[0]);
}

#[test]
fn an_occurrence_is_marked_and_watched_like_any_task() {
    let d = crate::test::scratch(&["plans/quang-ngai-2026-q2.toml"]);
    let log = d.path().join("q2.jsonl");
    let log_s = log.to_str().unwrap();
    Test::new()
        .current_dir(d.path())
        .args([
            "mark",
            "plans/quang-ngai-2026-q2.toml",
            "q2.report.monthly@2026-05",
            "--done",
            "--at",
            "2026-05-18T10:00",
            "--status",
            log_s,
        ])
        .status(0)
        .run();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("\"task\":\"q2.report.monthly@2026-05\""), "{text}");
    let out = Test::new()
        .current_dir(d.path())
        .args(["mark", "plans/quang-ngai-2026-q2.toml", "q2.report.monthly@2026-5", "--done", "--status", log_s])
        .status(2)
        .run();
    assert!(out.stderr.contains("did you mean `q2.report.monthly@2026-05`?"), "{}", out.stderr);
    let v = Test::new()
        .current_dir(d.path())
        .args(["status", "plans/quang-ngai-2026-q2.toml", "--now", "2026-06-21T08:00", "--status", log_s, "--format", "json"])
        .status(0)
        .run()
        .json();
    let overdue: Vec<&str> = v["overdue"].as_array().unwrap().iter().map(|o| o["task"].as_str().unwrap()).collect();
    assert!(overdue.contains(&"q2.report.monthly@2026-06"), "{overdue:?}");
    assert!(!overdue.contains(&"q2.report.monthly@2026-05"), "done: {overdue:?}");
}

#[test]
fn a_deadline_counted_from_an_event_follows_the_event() {
    let d = tempfile::tempdir().unwrap();
    let plan = write(
        d.path(),
        "p.toml",
        &format!(
            "{HEAD}calendar = \"hanh-chinh\"\n\
             [[task]]\nid = \"decision\"\ntitle = \"Quyết định\"\nlead = \"so\"\nwaive = [{{ rule = \"missing-deadline\", reason = \"an event\" }}]\n\
             [[task]]\nid = \"info\"\ntitle = \"Cung cấp thông tin\"\nlead = \"so\"\nduration = \"2wh\"\n\
             due = {{ after = \"decision\", within = \"1 ngày làm việc\", or = \"22/6/2025\" }}\n"
        ),
    );
    // Decided at once: the date holds (by the end of 22/6).
    assert_eq!(all(d.path(), &plan)["info"]["due"], "2025-06-23T00:00:00+07:00");
    let log = d.path().join("s.jsonl");
    Test::new()
        .current_dir(d.path())
        .args(["mark", &plan, "decision", "--done", "--at", "2025-06-24T15:00", "--status", log.to_str().unwrap()])
        .status(0)
        .run();
    // Decided late, at 15:00 on Tuesday 24/6: one working day later is 15:00 on Wednesday 25/6.
    let v = Test::new()
        .current_dir(d.path())
        .args(["status", &plan, "--now", "2025-06-25T16:00", "--status", log.to_str().unwrap(), "--format", "json"])
        .status(0)
        .run()
        .json();
    let overdue: Vec<(&str, &str)> =
        v["overdue"].as_array().unwrap().iter().map(|o| (o["task"].as_str().unwrap(), o["due"].as_str().unwrap())).collect();
    assert_eq!(overdue, [("info", "2025-06-25T15:00:00+07:00")]);
    // The checklist says it in the plan's words, with the instant.
    let md = Test::new()
        .current_dir(d.path())
        .args(["checklist", &plan, "--status", log.to_str().unwrap(), "--now", "2025-06-25T16:00", "--format", "markdown", "--lang", "vi"])
        .run()
        .stdout;
    assert!(md.contains("**22/6/2025 hoặc ngay sau khi decision (15:00 25/6/2025)**"), "{md}");
}

/// Every shipped plan with its calendars taken out, against the same plan
/// with one calendar where every minute counts: the same schedule, to the
/// minute (the working-time passes reduce to calendar time).
#[test]
fn without_a_calendar_the_shipped_plans_schedule_as_in_calendar_time() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("units")).unwrap();
    std::fs::copy(root().join("plans/units/quang-ngai-2025.toml"), d.path().join("units/quang-ngai-2025.toml")).unwrap();
    let mut compared = 0;
    for e in std::fs::read_dir(root().join("plans")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains("calendar = \"hanh-chinh\""), "{} declares its calendar", p.display());
        // Without calendars: no `calendar` key, no `[calendar.*]` table,
        // durations in calendar time.
        let mut plain = String::new();
        let mut skip = false;
        for line in text.lines() {
            if line.starts_with("[calendar.") {
                skip = true;
                continue;
            }
            if skip && (line.starts_with('[') || line.is_empty()) {
                skip = false;
            }
            if skip || line.starts_with("calendar ") || line.starts_with("calendar=") {
                continue;
            }
            // A deadline counted from an event is scheduled in working time.
            if line.starts_with("due") && (line.contains("= {") || line.contains("\"ngay sau khi")) {
                continue;
            }
            plain.push_str(&line.replace("\"1 ngày làm việc\"", "\"8h\""));
            plain.push('\n');
        }
        assert!(!plain.contains("làm việc\""), "{}: a working-time value left", p.display());
        let all_hours = plain.replacen("[plan]\n", "[plan]\ncalendar = \"every-minute\"\n", 1)
            + "\n[calendar.every-minute]\nname = \"every minute\"\nhours = \"24/7\"\n";
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        let a = write(d.path(), &format!("plain-{name}"), &plain);
        let b = write(d.path(), &format!("cal-{name}"), &all_hours);
        let json = |f: &str| {
            let out = Test::new().current_dir(d.path()).args(["critical-path", f, "--all", "--format", "json"]).run();
            assert_eq!(out.status, 0, "{f}: {}", out.stderr);
            let mut v = out.json();
            v["tasks"].as_array_mut().unwrap().sort_by(|x, y| x["task"].as_str().cmp(&y["task"].as_str()));
            v["tasks"].clone()
        };
        let (x, y) = (json(&a), json(&b));
        assert!(!x.as_array().unwrap().is_empty());
        for (t, u) in x.as_array().unwrap().iter().zip(y.as_array().unwrap()) {
            assert_eq!(t, u, "{name}: a calendar of every minute changes the schedule");
        }
        assert_eq!(x, y, "{name}");
        compared += 1;
    }
    assert_eq!(compared, 5);
}
