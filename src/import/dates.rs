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

/// A deadline written inside a sentence (`báo cáo … trước ngày 30/7/2025`,
/// `hoàn thành trong tháng 7/2025`, `chậm nhất ngày 15/8/2025`), for an item
/// without a `Thời gian` field: the expression and the document's words.
/// Dates that only cite (`Báo cáo số 1453/BC-SKHCN ngày 19/6/2025`, `đến
/// ngày 20/6/2025`) are not deadlines and are not read.
pub fn in_sentence(text: &str) -> Option<(String, String)> {
    let lower = text.to_lowercase();
    let date = |s: &str| -> Option<String> {
        let w = s.split_whitespace().next()?.trim_end_matches(['.', ',', ';', ')', ':']);
        let parts: Vec<&str> = w.split('/').collect();
        (parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))).then(|| w.to_string())
    };
    let mut best: Option<(usize, String, String)> = None;
    for (pre, form) in [
        ("trước ngày ", "trước ngày "),
        ("chậm nhất là ngày ", "ngày "),
        ("chậm nhất ngày ", "ngày "),
        ("trong tháng ", "tháng "),
        ("trước ", "trước ngày "),
    ] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(pre).map(|p| p + from) {
            from = p + pre.len();
            let Some(d) = date(&lower[from..]) else { continue };
            let expr = format!("{form}{d}");
            if !valid(&expr) || best.as_ref().is_some_and(|b| b.0 <= p) {
                continue;
            }
            let words = text.get(p..from + d.len()).unwrap_or(&expr).to_string();
            best = Some((p, expr, words));
        }
    }
    best.map(|(_, e, w)| (e, w))
}

/// A title or step without the deadline read from its sentence: `…, báo cáo
/// UBND tỉnh trước ngày 25/8/2025` → `…, báo cáo UBND tỉnh`; `…, hoàn thành
/// trước ngày 30/8/2025` → `…`.
pub fn without_due(s: &str, words: &str) -> String {
    let Some(p) = s.find(words) else { return s.to_string() };
    let head = s[..p].trim_end();
    let head = head.strip_suffix("hoàn thành").unwrap_or(head);
    let rest = s[p + words.len()..].trim_start_matches([',', ' ']);
    let head = head.trim_end().trim_end_matches(',').trim_end();
    if rest.is_empty() { head.to_string() } else { format!("{head}, {rest}") }
}

/// A duty that recurs each month (`báo cáo … trước ngày 20 hằng tháng`):
/// the due in the document's words, as the format reads it
/// (`trước ngày 20 hằng tháng`, `ngày 5 hàng tháng`).
pub fn monthly(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for each in ["hằng tháng", "hàng tháng"] {
        let Some(p) = lower.find(each) else { continue };
        let words: Vec<&str> = lower[..p].split_whitespace().rev().take(3).collect();
        // `… trước ngày 20 hằng tháng`: the day, `ngày`, perhaps `trước`.
        let day = words.first().and_then(|d| d.parse::<u32>().ok()).filter(|d| (1..=31).contains(d))?;
        if words.get(1) != Some(&"ngày") {
            return None;
        }
        let before = if words.get(2) == Some(&"trước") { "trước " } else { "" };
        return Some(format!("{before}ngày {day} {each}"));
    }
    None
}

/// The months a document's period covers, for a recurring duty's `repeat`:
/// the quarter it names (`quý II năm 2026`, `Quý II/2026` → tháng 4/2026 to
/// tháng 6/2026), else the year (`năm 2026` in its title → tháng 1 to tháng
/// 12), as `tháng M/YYYY` bounds.
pub fn period(title: &str, text: &str) -> Option<(String, String)> {
    for hay in [title, text] {
        let lower = hay.to_lowercase();
        let mut from = 0;
        while let Some(p) = lower[from..].find("quý ").map(|p| p + from) {
            from = p + "quý ".len();
            let rest = &lower[from..];
            let numeral: String = rest.chars().take_while(|c| matches!(c, 'i' | 'v')).collect();
            let q = match numeral.as_str() {
                "i" => 1,
                "ii" => 2,
                "iii" => 3,
                "iv" => 4,
                _ => continue,
            };
            let after = rest[numeral.len()..].trim_start_matches([' ', '/']);
            let after = after.strip_prefix("năm ").unwrap_or(after);
            let year: String = after.chars().take_while(char::is_ascii_digit).collect();
            if year.len() == 4 {
                return Some((format!("tháng {}/{year}", 3 * q - 2), format!("tháng {}/{year}", 3 * q)));
            }
        }
    }
    let lower = title.to_lowercase();
    let p = lower.find("năm ")?;
    let year: String = lower[p + "năm ".len()..].chars().take_while(char::is_ascii_digit).collect();
    (year.len() == 4).then(|| (format!("tháng 1/{year}"), format!("tháng 12/{year}")))
}
