//! The loader and the readers of plan values speak Vietnamese by default:
//! findings on keys, types and values, the readers' errors (times,
//! durations, calendars) and the refusals to read or write a file.

use crate::test::Test;

fn vi(args: &[&str], status: i32) -> String {
    Test::new().args(args).env("CUTOVER_LANG", "vi").status(status).run().stderr
}

#[test]
fn an_unknown_key_is_reported_in_vietnamese() {
    let e = vi(&["check", "examples/errors/unknown-key.toml"], 1);
    assert!(e.contains("khóa `deu` không có trong nhiệm vụ `qlvb.units`"), "{e}");
    assert!(e.contains("khóa không xác định"), "{e}");
    assert!(e.contains("có phải ý bạn là `due`?"), "{e}");
    assert!(!e.contains("unknown key"), "{e}");
}

#[test]
fn a_missing_key_and_an_impossible_date_are_reported_in_vietnamese() {
    let e = vi(&["check", "examples/errors/missing-key.toml"], 1);
    assert!(e.contains("nhiệm vụ `qlvb.units` thiếu `lead`"), "{e}");
    assert!(e.contains("thêm `lead = \"skhcn\"`"), "{e}");
    let e = vi(&["check", "examples/errors/bad-value.toml"], 1);
    assert!(e.contains("`due`: không có ngày 31 trong tháng 6 năm 2025 (tháng 6 có 30 ngày)"), "{e}");
    assert!(e.contains("không phải biểu thức thời gian hợp lệ"), "{e}");
}

#[test]
fn a_file_that_cannot_be_read_or_included_is_said_in_vietnamese() {
    let e = vi(&["check", "nosuch.toml"], 2);
    assert!(e.contains("không đọc được `nosuch.toml`: không có tệp này"), "{e}");
    assert!(!e.contains("no such file"), "{e}");
    let e = vi(&["check", "examples/errors/include-error.toml"], 1);
    assert!(e.contains("không gộp được `units/no-such-file.toml`: không có tệp này"), "{e}");
}

/// Types, values, calendars, durations: every message of a bad plan in
/// Vietnamese, and the same plan in English word for word as before.
#[test]
fn bad_types_and_values_are_reported_in_vietnamese_and_unchanged_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.toml");
    std::fs::write(
        &plan,
        "[plan]\nid = \"p\"\ntitle = \"P\"\nstart = \"2025-06-16\"\ncutover = \"24 giờ 00 ngày 30/6/2025\"\n\
         backout_warning = \"3x\"\n\
         [calendar.ca]\nhours = [\"9:00-8:00\"]\n\
         [org.skhcn]\nname = \"S\"\n\
         [[task]]\nid = \"a\"\ntitle = \"A\"\nlead = 3\nscope = \"units\"\nduration = \"1wd 2h\"\n\
         waive = [{ rule = \"overdue\" }]\n",
    )
    .unwrap();
    let p = plan.to_str().unwrap();
    let e = vi(&["check", p], 1);
    for m in [
        "`lead` phải là một mã hoặc danh sách mã, không phải số nguyên",
        "nhiệm vụ `a`: `units` không phải là phạm vi",
        "có phải ý bạn là `unit`?",
        "`backout_warning`: `x` không phải đơn vị thời gian; dùng m, h, d hoặc w",
        "nhiệm vụ `a`: miễn trừ cần có lý do",
        "lịch làm việc `ca`: `9:00-8:00`: khoảng giờ phải kết thúc sau khi bắt đầu",
        "nhiệm vụ `a`: `1wd 2h` trộn các đơn vị tính thời gian khác nhau",
    ] {
        assert!(e.contains(m), "{m}\n{e}");
    }
    for english in [" must be ", "a string", "an integer", "is not a scope", "did you mean", "needs a reason", "not a duration"] {
        assert!(!e.contains(english), "{english}\n{e}");
    }
    let e = Test::new().args(["check", p]).env("CUTOVER_LANG", "en").status(1).run().stderr;
    for m in [
        "`lead` must be an id or a list of ids, not an integer",
        "task `a`: `units` is not a scope",
        "did you mean `unit`?",
        "task `a`: a waiver needs a reason",
        "calendar `ca`: `9:00-8:00`: a period must end after it starts",
        "task `a`: `1wd 2h` mixes units that count time differently",
        "`backout_warning`: `x` is not a duration unit; use m, h, d or w",
    ] {
        assert!(e.contains(m), "{m}\n{e}");
    }
}

#[test]
fn an_output_that_is_an_input_is_refused_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(crate::test::root().join("examples/minimal.toml"), dir.path().join("p.toml")).unwrap();
    let e = Test::new().current_dir(dir.path()).args(["ics", "p.toml", "-o", "p.toml"]).env("CUTOVER_LANG", "vi").status(2).run().stderr;
    assert!(e.contains("-o p.toml là kế hoạch đang được đọc; không ghi gì"), "{e}");
}
