//! Spreadsheets (rust_xlsxwriter): one sheet per group, the header bold and
//! frozen, a filter on it, columns as wide as their Vietnamese text (up to a
//! limit, then wrapped), dates as real dates a coordinator can sort and
//! filter by.

use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// A cell.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    /// A local date and time, shown `dd/mm/yyyy hh:mm`.
    Date(NaiveDateTime),
    Number(f64),
    Empty,
}

/// One sheet: its name (made valid and unique when written), header and rows.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters, unique.
fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name.chars().map(|c| if "[]:*?/\\".contains(c) || c.is_control() { ' ' } else { c }).collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    // A sheet with no name takes the word for one, in the messages' language.
    let base: String = if clean.is_empty() { crate::t!("table.sheet").into_owned() } else { clean.chars().take(31).collect() };
    let mut n = 1;
    let mut candidate = base.clone();
    while taken.iter().any(|t| t.to_lowercase() == candidate.to_lowercase()) {
        n += 1;
        let suffix = format!(" ({n})");
        candidate = base.chars().take(31 - suffix.chars().count()).collect::<String>() + &suffix;
    }
    taken.push(candidate.clone());
    candidate
}

fn excel_date(d: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year().clamp(1900, 9999) as u16, d.month() as u8, d.day() as u8)?.and_hms(
        d.hour() as u16,
        d.minute() as u8,
        0,
    )
}

/// The workbook's bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let mut taken = Vec::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&s.name, &mut taken))?;
        let cols = s.header.len().max(1) as u16;
        // Widths: the longest text of the column, in characters, within 8–60.
        let mut width: Vec<usize> = s.header.iter().map(|h| h.chars().count()).collect();
        for row in &s.rows {
            for (c, cell) in row.iter().enumerate().take(cols as usize) {
                let n = match cell {
                    Cell::Text(t) => t.chars().count(),
                    Cell::Date(_) => 16,
                    Cell::Number(_) => 4,
                    Cell::Empty => 0,
                };
                if c < width.len() {
                    width[c] = width[c].max(n);
                }
            }
        }
        for (c, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
            ws.set_column_width(c as u16, (width[c].clamp(6, 60) + 2) as f64)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate().take(cols as usize) {
                let c16 = c as u16;
                match cell {
                    Cell::Text(t) if width[c] > 60 => {
                        ws.write_string_with_format(r, c16, t, &wrap)?;
                    }
                    Cell::Text(t) => {
                        ws.write_string(r, c16, t)?;
                    }
                    Cell::Date(d) => {
                        ws.write_datetime_with_format(r, c16, excel_date(*d)?, &date)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c16, *n)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        if !s.rows.is_empty() {
            ws.autofilter(0, 0, s.rows.len() as u32, cols - 1)?;
        }
    }
    if sheets.is_empty() {
        wb.add_worksheet();
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(super::sheet_name("PL", &mut taken), "PL");
        assert_eq!(super::sheet_name("pl", &mut taken), "pl (2)");
        assert_eq!(super::sheet_name("a/b:c", &mut taken), "a b c");
        let long = "Ủy ban nhân dân cấp xã Phường Cẩm Thành và các đơn vị";
        let n = super::sheet_name(long, &mut taken);
        assert_eq!(n.chars().count(), 31);
        assert_eq!(super::sheet_name("", &mut taken), "Sheet");
    }
}
