//! An appendix laid out as a table (`STT`, task, `Cơ quan chủ trì`, …,
//! `Thời hạn`), its cells separated by tabs as Word's extraction leaves them:
//! one row per task, a row's continuation on lines that begin with a tab.

use super::text::join;

/// One row: its number and its cells.
#[derive(Debug, Default)]
pub struct Row {
    pub stt: String,
    pub task: String,
    pub lead: String,
    pub due: String,
}

/// The rows of the first table whose header names `STT`, a lead column and
/// a deadline column; none when the text has no such table.
pub fn rows(text: &str) -> Vec<Row> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(h) = lines.iter().position(|l| {
        let f = super::text::fold(l);
        l.contains('\t')
            && f.trim_start().starts_with("stt")
            && f.contains("chu tri")
            && (f.contains("thoi han") || f.contains("hoan thanh"))
    }) else {
        return Vec::new();
    };
    let head: Vec<String> = lines[h].split('\t').map(super::text::fold).collect();
    let col = |pred: &dyn Fn(&str) -> bool| head.iter().position(|c| pred(c));
    let (Some(c_lead), Some(c_due)) = (col(&|c| c.contains("chu tri")), col(&|c| c.contains("thoi han") || c.contains("hoan thanh")))
    else {
        return Vec::new();
    };
    let c_task = col(&|c| c.contains("nhiem vu") || c.contains("noi dung")).unwrap_or(1);
    let mut cells: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for l in &lines[h + 1..] {
        let parts: Vec<&str> = l.split('\t').collect();
        let first = parts[0].trim().trim_end_matches('.');
        if !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) && parts.len() > 1 {
            cells.push((first.to_string(), vec![Vec::new(); head.len()]));
        } else if !l.starts_with('\t') || cells.is_empty() {
            if !l.trim().is_empty() && !cells.is_empty() && !l.contains('\t') {
                break; // the table ended
            }
            continue;
        }
        let row = &mut cells.last_mut().expect("a row").1;
        for (k, p) in parts.iter().enumerate().skip(1) {
            if let Some(c) = row.get_mut(k)
                && !p.trim().is_empty()
            {
                c.push(p.trim().to_string());
            }
        }
    }
    cells
        .into_iter()
        .map(|(stt, c)| Row { stt, task: join(&c[c_task.min(c.len() - 1)]), lead: join(&c[c_lead]), due: join(&c[c_due]) })
        .collect()
}
