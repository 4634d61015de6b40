//! Dates and waves: a `Thời gian` field kept in the document's own words (as
//! `crate::time` reads them), and a list of waves (`… lãnh đạo cấp xã: ngày
//! 21/6/2025; … cấp phòng: 22/6/2025`) split into one due per wave.

use super::text::lcfirst;
use crate::time::TimeExpr;

/// One due read from a field.
#[derive(Debug, Clone)]
pub struct Due {
    /// The expression written into the draft; `None`: none could be read.
    pub expr: Option<String>,
    /// The wave's words (`tài khoản … lãnh đạo cấp xã`), for a wave list.
    pub wave: Option<String>,
    /// Why this is a guess (a message key and its value), if it is one.
    pub review: Option<&'static str>,
    /// The document's words, when they are not the expression.
    pub words: String,
}

/// The document's words as an expression: lower case first letter, a leading
/// `Hoàn thành` dropped (`Hoàn thành trước ngày 21/6/2025` → `trước ngày
/// 21/6/2025`).
fn words_to_expr(s: &str) -> String {
    let mut s = s.trim().trim_end_matches(['.', ';', ',']).trim().to_string();
    for pre in ["Hoàn thành ", "hoàn thành ", "Thực hiện ", "thực hiện "] {
        if let Some(r) = s.strip_prefix(pre) {
            s = r.trim().to_string();
        }
    }
    lcfirst(&s)
}

/// Does the format read it?
pub fn valid(expr: &str) -> bool {
    TimeExpr::parse(expr).is_ok()
}

/// Reads a `Thời gian` field: one due, or one per wave.
pub fn read(value: &str) -> Vec<Due> {
    let value = value.trim();
    // A wave list: `label: date; label: date; …`, two waves at least.
    let segs: Vec<&str> = value.split(';').map(str::trim).filter(|s| !s.is_empty()).collect();
    if segs.len() >= 2 && segs.iter().all(|s| s.rsplit_once(':').is_some_and(|(_, d)| valid(&words_to_expr(d)))) {
        return segs
            .iter()
            .map(|s| {
                let (label, d) = s.rsplit_once(':').unwrap();
                Due {
                    expr: Some(words_to_expr(d)),
                    wave: Some(label.trim().to_string()),
                    review: Some("import.review.wave"),
                    words: s.to_string(),
                }
            })
            .collect();
    }
    let e = words_to_expr(value);
    if valid(&e) {
        return vec![Due { expr: Some(e), wave: None, review: None, words: value.into() }];
    }
    // The first readable part (`ngày 22/6/2025 hoặc ngay sau khi …`).
    for cut in [" hoặc ", ";", ",", " (", " để ", " và "] {
        if let Some((head, _)) = e.split_once(cut)
            && valid(head.trim())
        {
            return vec![Due { expr: Some(head.trim().into()), wave: None, review: Some("import.review.due-part"), words: value.into() }];
        }
    }
    vec![Due { expr: None, wave: None, review: Some("import.review.due-unread"), words: value.into() }]
}

/// A short id for a wave from its words: `leaders`, `heads`, `staff`, or
/// `w<n>`.
pub fn wave_id(words: &str, n: usize) -> String {
    let f = super::text::fold(words);
    if f.contains("cap phong") || f.contains("truong phong") {
        "heads".into()
    } else if f.contains("lanh dao") {
        "leaders".into()
    } else if f.contains("can bo") || f.contains("cong chuc") || f.contains("vien chuc") {
        "staff".into()
    } else {
        format!("w{n}")
    }
}
