//! Checklists, the appendix table, the Gantt chart, the calendar file and
//! the plan's labels speak Vietnamese by default and English on request,
//! word for word from `locales/tables.toml`.

use crate::test::Test;

const PLAN: &str = "plans/quang-ngai-2025.toml";

/// What `cutover ARGS` prints in Vietnamese (the default) and in English.
fn both(args: &[&str]) -> (String, String) {
    let vi = Test::new().args(args).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    let en = Test::new().args(args).args(["--lang", "en"]).status(0).run().stdout;
    (vi, en)
}

/// An iCalendar file with its folded lines joined again.
fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

#[test]
fn checklists_in_both_languages() {
    let (vi, en) = both(&["checklist", PLAN, "--unit", "camthanh", "--format", "json"]);
    let (vi, en): (serde_json::Value, serde_json::Value) = (serde_json::from_str(&vi).unwrap(), serde_json::from_str(&en).unwrap());
    assert_eq!(vi["groups"][0]["facts"][0], "Tên miền: camthanh.quangngai.gov.vn");
    assert_eq!(en["groups"][0]["facts"][0], "Domain: camthanh.quangngai.gov.vn");
    assert_eq!(vi["groups"][0]["facts"][1], "Mã đơn vị: 21025");
    assert_eq!(en["groups"][0]["facts"][1], "Unit code: 21025");
    // A role is a machine value in JSON, the same in both languages.
    assert_eq!(vi["groups"][0]["items"][0]["role"], en["groups"][0]["items"][0]["role"]);

    // A run sheet's days, and a deadline counted from an event (the plan's labels).
    let (vi, en) = both(&["checklist", PLAN, "--all", "--by", "day", "--format", "json"]);
    assert!(vi.contains("\"title\": \"Thứ Hai, 30/6/2025\""), "{vi}");
    assert!(en.contains("\"title\": \"Monday 2025-06-30\""), "{en}");
    assert!(vi.contains("\"due_display\":\"22/6/2025 hoặc ngay sau khi units.decision\""));
    assert!(en.contains("\"due_display\":\"22/6/2025 or right after units.decision, whichever is later\""));

    let (vi, en) = both(&["checklist", PLAN, "--all", "--format", "markdown", "--org", "skhcn"]);
    assert!(vi.starts_with("# Danh sách việc cần làm — "), "{vi}");
    assert!(en.starts_with("# Checklist — "), "{en}");
    assert!(vi.contains("Quyết định go/no-go: SKHCN, VP UBND tỉnh (tất cả đồng ý)"), "{vi}");
    assert!(en.contains("Go/no-go decision: SKHCN, VP UBND tỉnh (all must say go)"), "{en}");

    let (vi, en) = both(&["checklist", PLAN]);
    assert!(
        vi.contains("\nDanh sách đầy đủ: thêm --all; một danh sách: --org ID, --unit ID hoặc --system ID; theo ngày: --by day.\n"),
        "{vi}"
    );
    assert!(en.contains("\nThe full lists: add --all; one list: --org ID, --unit ID or --system ID; by day: --by day.\n"), "{en}");
}

#[test]
fn the_table_in_both_languages() {
    let (vi, en) = both(&["table", PLAN, "--format", "csv"]);
    assert!(vi.starts_with("Nhóm,STT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời hạn,Nguồn,Kết quả\n"), "{vi}");
    assert!(en.starts_with("Group,No.,Task,Lead,Support,Deadline,Source,Result\n"), "{en}");
    let (vi, en) = both(&["table", PLAN]);
    assert!(vi.contains("\n## Mục II.1 (kh-2025-06)\n"), "{vi}");
    assert!(en.contains("\n## Section II.1 (kh-2025-06)\n"), "{en}");
}

#[test]
fn the_gantt_chart_in_both_languages() {
    let (vi, en) = both(&["gantt", PLAN, "--now", "2025-06-12T08:00", "--format", "svg"]);
    assert!(vi.contains(">Lập lúc 08:00 12/6/2025<"), "{vi}");
    assert!(en.contains(">Generated "), "{en}");
    assert!(vi.contains(">đường găng<") && vi.contains(">cửa sổ quay lui (backout)<"));
    assert!(en.contains(">critical path<") && en.contains(">backout window<"));
    assert!(vi.contains("▼ hạn · — thời gian dự phòng · <tspan fill=\"#e03131\">T-0</tspan> thời điểm chuyển đổi"));
    assert!(en.contains("▼ due · — slack · <tspan fill=\"#e03131\">T-0</tspan> cutover"));
    let (vi, en) = both(&["gantt", PLAN, "--now", "2025-06-12T08:00"]);
    assert!(vi.contains("<html lang=\"vi\">") && en.contains("<html lang=\"en\">"));
}

#[test]
fn the_calendar_file_in_both_languages() {
    let (vi, en) = both(&["ics", PLAN, "--now", "2025-06-12T08:00"]);
    let (vi, en) = (unfold(&vi), unfold(&en));
    assert!(vi.contains("\\nChủ trì: VP UBND tỉnh\\n"), "{vi}");
    assert!(en.contains("\\nLead: VP UBND tỉnh\\n"), "{en}");
    assert!(vi.contains("- Quyết định go/no-go: VP UBND tỉnh\\, SKHCN (tất cả đồng ý)"), "{vi}");
    assert!(en.contains("- Go/no-go decision: VP UBND tỉnh\\, SKHCN (all must say go)"), "{en}");
    let (vi, en) = both(&["ics", "plans/quang-ngai-2026-q2.toml", "--now", "2026-03-12T08:00"]);
    let (vi, en) = (unfold(&vi), unfold(&en));
    assert!(vi.contains("q2.report.monthly: trước ngày 20 hằng tháng (3 tháng từ tháng 4/2026)"), "{vi}");
    assert!(en.contains("q2.report.monthly: trước ngày 20 hằng tháng (3 months from 2026-04)"), "{en}");
}

#[test]
fn the_working_time_line_in_both_languages() {
    let (vi, en) = both(&["critical-path", "plans/quang-ngai-2025-07-followup.toml"]);
    assert!(
        vi.contains(
            "Lịch làm việc: hanh-chinh: 7:30–11:30, 13:30–17:00, T2–T6, nghỉ lễ, tết; 24/7: cả ngày đêm (dự phòng tính theo giờ lịch)"
        ),
        "{vi}"
    );
    assert!(
        en.contains("Working time: hanh-chinh: 7:30–11:30, 13:30–17:00, Mon–Fri, public holidays off; 24/7: around the clock (slack in calendar time)"),
        "{en}"
    );
}
