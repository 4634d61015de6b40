//! The rules speak Vietnamese by default: `cutover rules` and the findings
//! of `check`, with English on request (`--lang en`). Rule names, JSON keys
//! and severities in JSON stay as they are.

use crate::test::Test;

#[test]
fn the_rule_table_is_vietnamese_by_default_and_english_on_request() {
    let vi = Test::new().args(["rules"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert!(vi.lines().any(|l| l == "missing-deadline     cảnh báo nhiệm vụ không có `due`"), "{vi}");
    assert!(
        vi.lines().any(|l| l == "dependency-cycle     lỗi      các nhiệm vụ chờ lẫn nhau; thông báo liệt kê toàn bộ vòng theo thứ tự"),
        "{vi}"
    );
    assert!(!vi.contains("a task has no `due`"), "{vi}");

    let en = Test::new().args(["rules", "--lang", "en"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert!(en.lines().any(|l| l == "missing-deadline     warning  a task has no `due`"), "{en}");
    assert_eq!(vi.lines().count(), en.lines().count());

    // The JSON keeps names and severities; only the doc follows the language.
    let json = Test::new().args(["rules", "--format", "json"]).env("CUTOVER_LANG", "vi").status(0).run().json();
    let row = json.as_array().unwrap().iter().find(|r| r["rule"] == "missing-deadline").unwrap();
    assert_eq!(row["severity"], "warning");
    assert_eq!(row["doc"], "nhiệm vụ không có `due`");
}

#[test]
fn a_finding_is_vietnamese_by_default() {
    let out = Test::new().args(["check", "examples/errors/missing-deadline.toml"]).env("CUTOVER_LANG", "vi").status(0).run();
    assert!(out.stderr.lines().any(|l| l.ends_with("[missing-deadline]: nhiệm vụ `infra.storage` không có `due`")), "{}", out.stderr);
    assert!(
        out.stderr.contains("thêm hạn theo văn bản nguồn (`due = \"trước ngày …\"`), hoặc miễn trừ cảnh báo này kèm lý do không có hạn")
    );
    assert!(!out.stderr.contains("has no `due`"), "{}", out.stderr);

    let json = |lang: &str| {
        Test::new().args(["check", "examples/errors/due-on-day-off.toml", "--format", "json", "--lang", lang]).status(0).run().json()
    };
    let (vi, en) = (json("vi"), json("en"));
    let (vi, en) = (&vi["findings"][0], &en["findings"][0]);
    assert_eq!(vi["rule"], "due-on-day-off");
    assert_eq!(
        vi["message"],
        "`lgsp.codes.plan` có hạn trước ngày 15/6/2025, nhưng 15/6/2025 là ngày nghỉ (Chủ nhật) theo lịch làm việc `hanh-chinh`: trên thực tế là 17:00 Thứ Sáu ngày 13/6/2025"
    );
    assert_eq!(vi["label"], "ngày nghỉ");
    assert_eq!(vi["help"], "hãy tính hạn thực tế là 17:00 Thứ Sáu ngày 13/6/2025");
    assert_eq!(
        en["message"],
        "`lgsp.codes.plan` is due trước ngày 15/6/2025, and 15/6/2025 is a Sunday of calendar `hanh-chinh`: in practice 17:00 on Friday 13/6/2025"
    );
    assert_eq!(en["help"], "plan for it 17:00 on Friday 13/6/2025");
}

#[test]
fn an_unknown_reference_names_the_entry_in_vietnamese() {
    let out = Test::new()
        .args(["check", "examples/errors/unknown-reference.toml", "--format", "json"])
        .env("CUTOVER_LANG", "vi")
        .status(1)
        .run()
        .json();
    let f = out["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "unknown-reference").unwrap();
    assert_eq!(f["message"], "nhiệm vụ `qlvb.accounts`: `after` trỏ tới `qlvb.unit`, nhưng không có nhiệm vụ nào mang id này");
    assert_eq!(f["label"], "không có nhiệm vụ `qlvb.unit`");
    assert_eq!(f["help"], "có phải ý bạn là `qlvb.units`?");
}
