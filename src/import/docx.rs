//! A `.docx` read directly: the zip's `word/document.xml`, its paragraphs
//! and table rows turned into lines (a row's cells separated by tabs, as the
//! appendix tables of plain-text extractions are).

use quick_xml::events::Event;
use std::io::Read;

/// Whether the bytes begin as a zip archive does.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The most `word/document.xml` may hold once inflated (a zip bomb is refused).
const MAX_XML: u64 = 64 * 1024 * 1024;

/// The document's text, one line per paragraph or table row; Err is the
/// reason, for a message.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    {
        let f = zip.by_name("word/document.xml").map_err(|e| e.to_string())?;
        let mut limited = f.take(MAX_XML + 1);
        limited.read_to_string(&mut xml).map_err(|e| e.to_string())?;
    }
    if xml.len() as u64 > MAX_XML {
        return Err(crate::t!("import.docx-too-big", max = (MAX_XML / 1024 / 1024).to_string()).into_owned());
    }
    paragraphs(&xml)
}

/// The lines of `word/document.xml`.
pub fn paragraphs(xml: &str) -> Result<String, String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut line = String::new();
    // Depth of tables, and whether a cell already holds a paragraph.
    let mut in_cell = 0usize;
    let mut cell_has = false;
    let mut in_text = false;
    loop {
        match r.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "tc" => {
                    in_cell += 1;
                    cell_has = false;
                }
                "p" if in_cell > 0 => {
                    if cell_has {
                        line.push(' ');
                    }
                    cell_has = true;
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => line.push('\t'),
                "br" | "cr" if in_cell == 0 => {
                    out.push_str(line.trim_end());
                    out.push('\n');
                    line.clear();
                }
                "br" | "cr" => line.push(' '),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" if in_cell == 0 => {
                    out.push_str(line.trim_end());
                    out.push('\n');
                    line.clear();
                }
                "tc" => {
                    in_cell = in_cell.saturating_sub(1);
                    line.push('\t');
                }
                "tr" => {
                    out.push_str(line.trim_end_matches(['\t', ' ']));
                    out.push('\n');
                    line.clear();
                }
                _ => {}
            },
            Event::Text(t) if in_text => line.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_text => {
                if let Ok(Some(c)) = g.resolve_char_ref() {
                    line.push(c);
                } else {
                    line.push(match g.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => ' ',
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !line.trim().is_empty() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn paragraphs_and_table_rows_to_lines() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>a) Sao lưu</w:t></w:r><w:r><w:t xml:space="preserve"> dữ liệu &amp; cấu hình</w:t></w:r></w:p>
<w:p><w:r><w:t>- Đơn vị chủ trì:</w:t><w:tab/><w:t>SKHCN</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Cấp tài</w:t></w:r></w:p><w:p><w:r><w:t>khoản</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Sở Nội vụ</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;
        let t = paragraphs(xml).unwrap();
        assert_eq!(t, "a) Sao lưu dữ liệu & cấu hình\n- Đơn vị chủ trì:\tSKHCN\n1\tCấp tài khoản\tSở Nội vụ\n");
    }
}
