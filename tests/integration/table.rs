//! `cutover table` and `checklist --format xlsx`, read back with an
//! independent reader (calamine).

use crate::test::Test;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

fn book(bytes: Vec<u8>) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an xlsx workbook")
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn document_004s_appendix_reads_back_as_its_twenty_rows() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("q2.xlsx");
    Test::new()
        .env("CUTOVER_LANG", "vi")
        .args(["table", "plans/quang-ngai-2026-q2.toml", "--format", "xlsx", "-o"])
        .arg(&out)
        .status(0)
        .run();
    let mut wb = book(std::fs::read(&out).unwrap());
    let names = wb.sheet_names();
    assert_eq!(names[0], "PL", "the appendix first: {names:?}");
    let pl = wb.worksheet_range("PL").unwrap();
    let rows: Vec<Vec<String>> = pl.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[0], ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Nguồn", "Kết quả"]);
    assert_eq!(rows.len(), 1 + 20, "the appendix's 20 rows");
    for (n, r) in rows[1..].iter().enumerate() {
        assert_eq!(r[0], (n + 1).to_string());
        assert_eq!(r[5], format!("ubnd-kgvx-2026-q2 PL STT {}", n + 1), "in the appendix's order");
        assert!(!r[2].is_empty() && !r[4].is_empty(), "row {}: lead and deadline: {r:?}", n + 1);
    }
    // STT 4: Công an tỉnh, 30/04/2026 — as the appendix prints it.
    assert_eq!((rows[4][2].as_str(), rows[4][4].as_str()), ("CA tỉnh", "30/04/2026"));
    assert!(rows[4][1].starts_with("Chỉ đạo các cơ quan, đơn vị huy động mọi nguồn lực"), "{:?}", rows[4]);
    // The other sections get their own sheets: the monthly report, the letter's points.
    assert!(names.len() > 1, "{names:?}");
}

#[test]
fn the_table_in_markdown_csv_and_html() {
    let md = Test::new().env("CUTOVER_LANG", "vi").args(["table", "plans/quang-ngai-2025.toml", "--org", "skhcn"]).status(0).run().stdout;
    assert!(md.contains("## Mục II.2 (kh-2025-06)\n\n| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn | Nguồn | Kết quả |\n|---|---|---|---|---|---|---|\n"), "{md}");
    assert!(md.contains("| trước ngày 15/6/2025 | kh-2025-06 II.2.a |"), "{md}");
    let csv_text =
        Test::new().env("CUTOVER_LANG", "vi").args(["table", "plans/quang-ngai-2026-q2.toml", "--format", "csv"]).status(0).run().stdout;
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let pl = rdr.records().map(|r| r.unwrap()).filter(|r| &r[0] == "PL").count();
    assert_eq!(pl, 20);
    let html = Test::new()
        .env("CUTOVER_LANG", "vi")
        .args(["table", "plans/quang-ngai-2025.toml", "--unit", "camthanh", "--format", "html"])
        .status(0)
        .run()
        .stdout;
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script") && !html.contains("src="), "self-contained");
    assert!(html.contains("UBND Phường Cẩm Thành"), "the commune's own committee");
}

#[test]
fn a_checklist_workbook_has_a_sheet_per_list_and_real_dates() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("skhcn.xlsx");
    Test::new()
        .env("CUTOVER_LANG", "vi")
        .args(["checklist", "plans/quang-ngai-2025.toml", "--org", "skhcn", "--format", "xlsx", "-o"])
        .arg(&out)
        .status(0)
        .run();
    let mut wb = book(std::fs::read(&out).unwrap());
    let names = wb.sheet_names();
    assert_eq!(names.len(), 1);
    let r = wb.worksheet_range(&names[0]).unwrap();
    let rows: Vec<&[Data]> = r.rows().collect();
    assert_eq!(text(&rows[0][1]), "Thời hạn");
    assert_eq!(rows.len(), 1 + 50, "SKHCN's 50 items");
    // lgsp.codes.plan, due before 15/6/2025 begins: a date cell, 15/6/2025 00:00.
    let codes = rows.iter().find(|r| text(&r[8]) == "lgsp.codes.plan").expect("lgsp.codes.plan");
    match &codes[1] {
        Data::DateTime(dt) => assert_eq!(dt.as_datetime().unwrap().to_string(), "2025-06-15 00:00:00"),
        other => panic!("not a date: {other:?}"),
    }
    assert_eq!(text(&codes[2]), "trước 15/6/2025");
    // Written per commune, a sheet each.
    let out = d.path().join("xa.xlsx");
    Test::new()
        .env("CUTOVER_LANG", "vi")
        .args(["checklist", "plans/quang-ngai-2025.toml", "--org", "ubnd-xa", "--format", "xlsx", "-o"])
        .arg(&out)
        .status(0)
        .run();
    let wb = book(std::fs::read(&out).unwrap());
    assert_eq!(wb.sheet_names().len(), 96);
}
