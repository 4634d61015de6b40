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
    let raw = super::text::raw_lines(text);
    let lines: Vec<&str> = raw.iter().map(String::as_str).collect();
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

/// A row of a table whose columns the extraction ran together with spaces
/// (003): `N Task …` lines, then the lead and the deadline on the row's last
/// lines (`Các địa phương 31/12/2025`); groups `Nhóm II - …` above the rows.
#[derive(Debug, Default)]
pub struct SpacedRow {
    pub group: Option<String>,
    pub stt: String,
    pub task: String,
    pub lead: String,
    pub due: String,
}

/// A date at the end of a line: `31/12/2025`.
fn trailing_date(l: &str) -> Option<(&str, &str)> {
    let (head, last) = l.trim_end().rsplit_once(' ').unwrap_or(("", l.trim()));
    let p: Vec<&str> = last.split('/').collect();
    (p.len() == 3 && p.iter().all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))).then_some((head.trim(), last))
}

pub fn spaced_rows(text: &str) -> Vec<SpacedRow> {
    let raw = super::text::raw_lines(text);
    let lines: Vec<&str> = raw.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let header = |l: &str| {
        let f = super::text::fold(l);
        f.starts_with("stt ") && f.contains("chu tri")
    };
    if !lines.iter().any(|l| header(l)) || lines.iter().any(|l| l.contains('\t') && header(l)) {
        return Vec::new();
    }
    let mut out: Vec<SpacedRow> = Vec::new();
    let mut group: Option<String> = None;
    let mut cur: Option<(String, Vec<&str>)> = None;
    let mut next = 1usize;
    let finish = |cur: &mut Option<(String, Vec<&str>)>, out: &mut Vec<SpacedRow>, group: &Option<String>| {
        let Some((stt, body)) = cur.take() else { return };
        // The deadline: the last line that ends with a date.
        let Some(k) = body.iter().rposition(|l| trailing_date(l).is_some()) else { return };
        let (lead_tail, due) = trailing_date(body[k]).expect("a date");
        // The lead: after the task's last sentence (a line ending with `.`).
        let start = body[..k].iter().rposition(|l| l.ends_with('.')).map_or(k, |p| p + 1);
        let mut lead: Vec<&str> = body[start..k].to_vec();
        lead.push(lead_tail);
        out.push(SpacedRow { group: group.clone(), stt, task: join(&body[..start]), lead: join(&lead), due: due.to_string() });
    };
    for l in &lines {
        let f = super::text::fold(l);
        // `Nhóm II - …`: a group (capital N, a roman numeral, a dash).
        if let Some(g) = l.strip_prefix("Nhóm ") {
            let numeral: String = g.split([' ', ':']).next().unwrap_or("").to_string();
            if !numeral.is_empty() && numeral.chars().all(|c| "IVX".contains(c)) {
                finish(&mut cur, &mut out, &group);
                group = Some(numeral);
                continue;
            }
        }
        if header(l) || f.starts_with("hien thoi han") || f.starts_with("evaluation only") {
            continue;
        }
        let (num, rest) = l.split_once(' ').unwrap_or((l, ""));
        if num == next.to_string() && rest.starts_with(char::is_uppercase) {
            finish(&mut cur, &mut out, &group);
            cur = Some((num.to_string(), vec![rest]));
            next += 1;
            continue;
        }
        if let Some((_, body)) = &mut cur {
            body.push(l);
        }
    }
    finish(&mut cur, &mut out, &group);
    out
}
