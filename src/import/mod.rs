//! `cutover import`: a draft plan from a plan document's plain text.
//!
//! One concern per file: [`text`] reads the lines, [`structure`] the parts,
//! sections and items, [`fields`] the fields under an item, [`orgs`] the org
//! table, [`dates`] dues and waves, [`write`] the draft TOML. This file
//! turns the items into tasks.

pub mod dates;
pub mod docx;
pub mod fields;
pub mod orgs;
pub mod sentence;
pub mod structure;
pub mod table;
pub mod text;
pub mod units;
pub mod write;

use orgs::Org;
use text::{fold, join, slug};

/// The largest document read: a plan document is tens of kilobytes.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;

/// What the command gives the importer.
#[derive(Debug, Default)]
pub struct Options {
    /// `--source-id`.
    pub source_id: Option<String>,
    /// The `[[source]]`'s `file`: the document, relative to the draft.
    pub file: Option<String>,
    /// `--units`: the units file's text and its name.
    pub units: Option<(String, String)>,
}

/// A value with the review comment it carries, if it is a guess.
#[derive(Debug, Clone, Default)]
pub struct Guess<T> {
    pub value: T,
    pub review: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Task {
    pub id: String,
    pub title: Guess<String>,
    pub system: Option<String>,
    pub lead: Guess<Vec<String>>,
    pub support: Guess<Vec<String>>,
    pub due: Guess<Option<String>>,
    pub scope_unit: Option<String>,
    pub wave: Option<String>,
    /// A recurring duty's months (`repeat = { from, to }`).
    pub repeat: Guess<Option<(String, String)>>,
    pub source: String,
    pub steps: Vec<String>,
    pub after: Guess<Vec<String>>,
    /// The words that state a dependency (`để phục vụ`, `sau khi`) and what
    /// follows them, folded.
    pub stated: Option<(&'static str, String)>,
}

#[derive(Debug, Clone)]
pub struct System {
    pub id: String,
    pub name: String,
}

/// The draft before it is written.
#[derive(Debug, Default)]
pub struct Draft {
    pub plan_id: String,
    pub title: String,
    pub source_id: String,
    pub source_title: String,
    pub number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub province: String,
    pub start: Guess<String>,
    pub cutover: Guess<String>,
    /// `[plan] groups`: the units' group of the province that issued the
    /// document before the merger (`from-quang-ngai`).
    pub groups: Guess<Vec<String>>,
    pub orgs: Vec<Org>,
    pub systems: Vec<System>,
    pub tasks: Vec<Task>,
}

impl Draft {
    /// Fields read (lead, support, due, source per task) and guesses marked.
    pub fn counts(&self) -> (usize, usize) {
        let mut fields = 0;
        let mut reviews = usize::from(self.start.review.is_some())
            + usize::from(self.cutover.review.is_some())
            + usize::from(self.groups.review.is_some());
        reviews += self.orgs.iter().filter(|o| o.new).count();
        for t in &self.tasks {
            fields += 1 + usize::from(!t.lead.value.is_empty()) + usize::from(!t.support.value.is_empty());
            fields += usize::from(t.due.value.is_some()) + usize::from(t.system.is_some()) + usize::from(t.scope_unit.is_some());
            reviews += [&t.title.review, &t.lead.review, &t.support.review, &t.due.review, &t.after.review, &t.repeat.review]
                .iter()
                .filter(|r| r.is_some())
                .count();
        }
        (fields, reviews)
    }
}

/// The document kinds a title line names.
const KINDS: &[(&str, &str)] = &[
    ("KẾ HOẠCH", "Kế hoạch"),
    ("PHƯƠNG ÁN", "Phương án"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("HƯỚNG DẪN", "Hướng dẫn"),
    ("THÔNG BÁO", "Thông báo"),
    ("CÔNG VĂN", "Công văn"),
];

/// The header: number, date, issuer, province, kind and title.
struct Header {
    number: Option<String>,
    number_kind: Option<String>,
    date: Option<String>,
    year_month: Option<(u32, u32)>,
    issuer: Option<String>,
    province: String,
    kind: String,
    title: String,
}

fn header(lines: &[String]) -> Header {
    let mut h = Header {
        number: None,
        number_kind: None,
        date: None,
        year_month: None,
        issuer: None,
        province: String::new(),
        kind: "Kế hoạch".into(),
        title: String::new(),
    };
    // The head as running text: the same however its lines are broken.
    let head = join(&lines.iter().take(60).collect::<Vec<_>>());
    let words: Vec<&str> = head.split_whitespace().collect();
    let upper = |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    // Issuer: the upper-case words before the national motto.
    let motto = words.iter().position(|w| *w == "CỘNG").unwrap_or(0);
    let issuer: Vec<&str> = words[..motto].iter().copied().take_while(|w| upper(w)).collect();
    if !issuer.is_empty() {
        let s = issuer.join(" ");
        for p in ["TỈNH ", "THÀNH PHỐ "] {
            if let Some(pos) = s.find(p) {
                h.province = title_case(s[pos + p.len()..].trim());
            }
        }
        h.issuer = Some(s);
    }
    // `Số: 123/KH-UBND   Quảng Ngãi, ngày 5 tháng 6 năm 2025`
    if let Some(k) = words.iter().position(|w| *w == "Số:" || *w == "Số") {
        let num: String = words[k + 1..].iter().take_while(|w| w.contains('/') || w.chars().all(|c| c.is_ascii_digit())).copied().collect();
        if let Some((n, kind)) = num.split_once('/') {
            if !n.is_empty() {
                h.number = Some(num.clone());
            }
            h.number_kind = kind.split('-').next().map(|k| k.to_lowercase());
        }
    }
    if let Some(k) = words.windows(2).position(|w| w[0].ends_with(',') && w[1] == "ngày") {
        // The place: the capitalised words before `, ngày`.
        let mut place: Vec<&str> = Vec::new();
        for w in words[..=k].iter().rev() {
            let w = w.trim_end_matches(',');
            if w.chars().next().is_some_and(char::is_uppercase) && !w.contains('/') && place.len() < 4 {
                place.insert(0, w);
            } else {
                break;
            }
        }
        if h.province.is_empty() && !place.is_empty() {
            h.province = place.join(" ");
        }
        let w = &words[k + 1..(k + 12).min(words.len())];
        let after = |key: &str| w.iter().position(|x| *x == key).and_then(|i| w.get(i + 1)).and_then(|x| x.parse::<u32>().ok());
        let (d, m, y) = (after("ngày"), after("tháng"), after("năm"));
        match (d, m, y) {
            (Some(d), Some(m), Some(y)) => h.date = Some(format!("{d}/{m}/{y}")),
            (None, Some(m), Some(y)) => h.date = Some(format!("tháng {m}/{y}")),
            _ => {}
        }
        if let (Some(m), Some(y)) = (m, y) {
            h.year_month = Some((y, m));
        }
    }
    // The kind (`KẾ HOẠCH`) and the title after it.
    for (u, name) in KINDS {
        let kw: Vec<&str> = u.split(' ').collect();
        if let Some(k) = words.windows(kw.len()).position(|w| w == kw.as_slice()) {
            h.kind = (*name).into();
            let mut t = Vec::new();
            for w in &words[k + kw.len()..] {
                // The preamble begins: `Căn cứ`, `Thực hiện`, `Để`, `Nhằm`, `Theo`.
                if t.len() > 3 && ["Căn", "Thực", "Để", "Nhằm", "Theo"].contains(w) {
                    break;
                }
                if *w == "I." || t.len() > 80 {
                    break;
                }
                t.push(*w);
            }
            h.title = t.join(" ");
            break;
        }
    }
    h
}

fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            text::lcfirst(&lower)
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 0 { c.to_uppercase().next().unwrap_or(c) } else { c })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Systems named by section headings, with the ids the shipped plans use.
const SYSTEMS: &[(&str, &str)] = &[
    ("email", "email"),
    ("giai quyet thu tuc hanh chinh", "tthc"),
    ("thong tin bao cao", "report"),
    ("quan ly van ban", "qlvb"),
    ("cong/trang thong tin", "portal"),
    ("cong thong tin", "portal"),
    ("trang thong tin", "portal"),
    ("chu ky so", "cks"),
    ("dich vu cong", "dvc"),
    ("mot cua", "motcua"),
    ("hoi nghi truyen hinh", "vhc"),
    ("co so du lieu", "csdl"),
];

fn system_of(heading: &str, n: usize) -> Option<System> {
    let f = fold(heading);
    // The name: after `hoạt động của`, else the heading.
    let name = heading
        .find("hoạt động của ")
        .map(|p| heading[p + "hoạt động của ".len()..].trim().to_string())
        .unwrap_or_else(|| heading.trim().to_string());
    let name = name.trim_end_matches(['.', ':']).to_string();
    // `(LGSP)`: the abbreviation is the id.
    if let Some(a) = heading.find('(').and_then(|p| heading[p + 1..].split_once(')').map(|(a, _)| a))
        && a.len() >= 2
        && a.len() <= 10
        && a.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Some(System { id: a.to_lowercase(), name });
    }
    for (k, id) in SYSTEMS {
        if f.contains(k) {
            return Some(System { id: (*id).into(), name });
        }
    }
    (f.contains("he thong") || f.contains("nen tang")).then(|| System { id: format!("system-{n}"), name })
}

/// Words that state a dependency in the text.
const AFTER_WORDS: &[&str] = &["sau khi", "tren co so", "de phuc vu", "can cu ket qua"];

/// Reads a document into a draft. Errors are the user's messages.
pub fn import(text: &str, opts: &Options) -> Result<Draft, String> {
    let lines = text::lines(text);
    if lines.is_empty() {
        return Err(crate::t!("import.empty").into_owned());
    }
    let h = header(&lines);
    let doc = structure::read(&lines);
    let mut d = Draft { province: h.province.clone(), ..Draft::default() };
    d.number = h.number.clone();
    d.date = h.date.clone();
    d.issuer = h.issuer.clone();
    d.title = if h.title.is_empty() { crate::t!("import.untitled").into_owned() } else { h.title.clone() };
    d.source_title = if h.title.is_empty() { h.kind.clone() } else { format!("{} {}", h.kind, text::lcfirst(&h.title)) };
    d.source_id = opts.source_id.clone().unwrap_or_else(|| {
        let kind = h.number_kind.clone().unwrap_or_else(|| slug(&h.kind).split('-').map(|w| &w[..1]).collect());
        match h.year_month {
            Some((y, m)) => format!("{}-{y}-{m:02}", slug(&kind)),
            None => slug(&kind),
        }
    });
    d.plan_id = format!("{}-{}", slug(&d.province).replace('-', ""), d.source_id).trim_start_matches('-').to_string();
    let units = opts.units.is_some();
    let mut org_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut add_org = |d: &mut Draft, o: &Org| {
        if org_ids.insert(o.id.clone()) {
            d.orgs.push(o.clone());
        }
    };
    let mut used_wave_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut used_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    for part in &doc.parts {
        // Duties: the part `TỔ CHỨC THỰC HIỆN`, or a letter without parts
        // whose sections are headed by orgs (`1. Sở Khoa học và Công nghệ`).
        let org_headed = part.numeral.is_empty()
            && part.sections.iter().filter(|s| orgs::leading_org(sentence::addressee(&s.heading), &d.province).is_some()).count() * 2
                > part.sections.len();
        let duties = fold(&part.heading).contains("to chuc thuc hien") || org_headed;
        let has_fields = part.sections.iter().any(|s| s.items.iter().any(|i| fields::read(&i.text).lead.is_some()));
        if !duties && !has_fields {
            continue;
        }
        for sec in &part.sections {
            let clause = if part.numeral.is_empty() { sec.number.to_string() } else { format!("{}.{}", part.numeral, sec.number) };
            let system = if duties { None } else { system_of(&sec.heading, sec.number) };
            if let Some(s) = &system
                && !d.systems.iter().any(|x| x.id == s.id)
            {
                d.systems.push(s.clone());
            }
            // A duty section's heading names its org: a known one, or one the
            // document names elsewhere (declared as new).
            let sec_org = if duties {
                orgs::leading_org(sentence::addressee(&sec.heading), &d.province)
                    .or_else(|| {
                        // `Các Sở: Ngoại vụ, Tư pháp, …`: a list of known orgs.
                        let all = orgs::map_list(&sec.heading, &d.province);
                        (all.iter().all(|x| !x.org.new)).then(|| all.into_iter().next()).flatten()
                    })
                    .or_else(|| {
                        let first = sec.heading.split([':', ';']).next().unwrap_or("");
                        let m = orgs::map_list(first, &d.province).into_iter().next()?;
                        d.orgs.iter().any(|o| o.id == m.org.id).then_some(m)
                    })
            } else {
                None
            };
            let prefix = system.as_ref().map(|s| s.id.clone()).unwrap_or_else(|| match part.numeral.as_str() {
                "" => format!("s{}", sec.number),
                n => format!("{}-{}", n.to_lowercase(), sec.number),
            });
            // A section without items is one task (III.3).
            let items: Vec<(String, String)> = if sec.items.is_empty() {
                if !duties {
                    continue;
                }
                // The heading's line unknown (lines moved): the whole text;
                // a heading line whose sentence runs on into the body (`1.
                // Công an tỉnh; các sở, ban, ngành …` / `được giao nghiên
                // cứu …`): the sentence.
                let runs_on = !sec.heading.trim_end().ends_with([':', '.'])
                    && sec.body.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
                let body = if sec.body.is_empty() {
                    sec.heading.clone()
                } else if runs_on {
                    format!("{} {}", sec.heading, sec.body)
                } else {
                    sec.body.clone()
                };
                vec![(String::new(), body)]
            } else {
                sec.items.iter().map(|i| (i.label.clone(), i.text.clone())).collect()
            };
            for (label, body) in items {
                let f = fields::read(&body);
                let mut t = Task { system: system.as_ref().map(|s| s.id.clone()), ..Task::default() };
                t.source = if label.is_empty() {
                    format!("{} {clause}", d.source_id)
                } else if label.starts_with("ý") {
                    format!("{} {clause} {label}", d.source_id)
                } else {
                    format!("{} {clause}.{label}", d.source_id)
                };
                let id_label = if label.is_empty() { "all".to_string() } else { slug(&label.replace('đ', "dd")).replace('-', "") };
                t.id = format!("{prefix}.{id_label}");
                // Title: the first sentence; steps when the body lists several actions.
                let mut body_text = f.body.clone();
                // A duty written `UBND cấp xã: Lập, tổng hợp …`: the org, then the work.
                let mut lead_words = f.lead.clone();
                if duties
                    && lead_words.is_none()
                    && let Some((who, rest)) = body_text.split_once(':')
                {
                    let m = orgs::map_list(who, &d.province);
                    if !m.is_empty() && m.iter().all(|x| !x.org.new) && who.len() < 60 {
                        lead_words = Some(who.to_string());
                        body_text = rest.trim().to_string();
                    }
                }
                // A duty's title: the action its org is given, after the org.
                let action = if duties && f.lead.is_none() { sentence::action(&body_text, &d.province) } else { body_text.clone() };
                t.title.value = text::first_sentence(&action);
                if t.title.value.chars().count() > 200 {
                    t.title.value = t.title.value.chars().take(200).collect::<String>().trim_end().to_string() + "…";
                    t.title.review = Some(crate::t!("import.review.title-cut").into_owned());
                }
                if t.title.value.is_empty() {
                    t.title.value = sec.heading.clone();
                    t.title.review = Some(crate::t!("import.review.title-heading").into_owned());
                }
                let actions: Vec<String> =
                    action.split(';').map(|s| text::first_sentence(s.trim())).filter(|s| s.chars().count() > 3).collect();
                if actions.len() >= 2 {
                    t.steps = actions.iter().map(|s| text::ucfirst(s)).collect();
                }
                // Lead and support.
                let mut reviews: Vec<String> = Vec::new();
                if let Some(l) = &lead_words {
                    for m in orgs::map_list(l, &d.province) {
                        if let Some(r) = m.review() {
                            reviews.push(r);
                        }
                        add_org(&mut d, &m.org);
                        t.lead.value.push(m.org.id);
                    }
                } else if let Some(m) = &sec_org {
                    // Every org the heading names, when it names only known ones.
                    let head = sentence::addressee(&sec.heading).split(" theo chức năng").next().unwrap_or("");
                    let all = orgs::map_list(head, &d.province);
                    let list: Vec<Org> = if all.len() > 1 && all.iter().all(|x| !x.org.new) {
                        all.into_iter().map(|x| x.org).collect()
                    } else {
                        vec![m.org.clone()]
                    };
                    for o in &list {
                        add_org(&mut d, o);
                        t.lead.value.push(o.id.clone());
                    }
                    if sentence::addressee(&sec.heading) != sec.heading {
                        let names: Vec<String> = list.iter().map(|o| o.name.clone()).collect();
                        t.lead.review = Some(crate::t!("import.review.lead-sentence", names = names.join(", ")).into_owned());
                    }
                    // `Phối hợp (với) X …`: X supports.
                    let fb = fold(&body_text);
                    for p in ["chu tri, phoi hop voi ", "phoi hop voi ", "phoi hop "] {
                        if let Some(rest) = fb.strip_prefix(p) {
                            let orig: String = body_text.chars().skip(p.chars().count()).collect();
                            let _ = rest;
                            let upto: String = orig.split([' ']).take(8).collect::<Vec<_>>().join(" ");
                            if let Some(o) = orgs::leading_org(&upto, &d.province)
                                && o.org.id != m.org.id
                            {
                                add_org(&mut d, &o.org);
                                t.support.value.push(o.org.id.clone());
                            }
                            break;
                        }
                    }
                }
                // Leads and supports inside the sentence ("Giao X chủ trì,
                // phối hợp với Y …", "đề nghị Y phối hợp"), marked.
                let said = if label.is_empty() && !sec.body.is_empty() && !body_text.contains(sec.heading.trim()) {
                    format!("{} {}", sec.heading, body_text)
                } else {
                    body_text.clone()
                };
                let (s_leads, s_sups) = sentence::roles(&said, &d.province);
                if t.lead.value.is_empty() && !s_leads.is_empty() {
                    let names: Vec<String> = s_leads.iter().map(|m| m.org.name.clone()).collect();
                    for m in s_leads {
                        add_org(&mut d, &m.org);
                        t.lead.value.push(m.org.id);
                    }
                    t.lead.review = Some(crate::t!("import.review.lead-sentence", names = names.join(", ")).into_owned());
                }
                if f.support.is_none() {
                    let new: Vec<orgs::Mapped> =
                        s_sups.into_iter().filter(|m| !t.lead.value.contains(&m.org.id) && !t.support.value.contains(&m.org.id)).collect();
                    if !new.is_empty() {
                        let names: Vec<String> = new.iter().map(|m| m.org.name.clone()).collect();
                        for m in new {
                            add_org(&mut d, &m.org);
                            t.support.value.push(m.org.id);
                        }
                        t.support.review = Some(crate::t!("import.review.support-sentence", names = names.join(", ")).into_owned());
                    }
                }
                // "Các doanh nghiệp cung cấp dịch vụ CNTT": the enterprises the
                // document names, the groups leading, their branches supporting.
                if t.lead.value.is_empty() && duties && fold(&sec.heading).contains("doanh nghiep") {
                    let firms: Vec<&Org> = d.orgs.iter().filter(|o| o.kind == "doanh nghiệp").collect();
                    for o in &firms {
                        if fold(&o.name).starts_with("tap doan") {
                            t.lead.value.push(o.id.clone());
                        } else {
                            t.support.value.push(o.id.clone());
                        }
                    }
                    if !t.lead.value.is_empty() {
                        t.lead.review = Some(crate::t!("import.review.lead-firms").into_owned());
                    }
                }
                if t.lead.value.is_empty() {
                    // Nobody named: the section's org or the committee; to review.
                    let fallback = orgs::map_list("UBND tỉnh", &d.province).remove(0).org;
                    add_org(&mut d, &fallback);
                    t.lead.value.push(fallback.id);
                    t.lead.review = Some(crate::t!("import.review.lead-none").into_owned());
                }
                if !reviews.is_empty() {
                    t.lead.review = Some(reviews.join("; "));
                }
                if let Some(s) = &f.support {
                    let mut rs = Vec::new();
                    for m in orgs::map_list(s, &d.province) {
                        if let Some(r) = m.review() {
                            rs.push(r);
                        }
                        add_org(&mut d, &m.org);
                        if !t.lead.value.contains(&m.org.id) && !t.support.value.contains(&m.org.id) {
                            t.support.value.push(m.org.id);
                        }
                    }
                    if !rs.is_empty() {
                        t.support.review = Some(rs.join("; "));
                    }
                }
                // Scope: commune-level work.
                // Commune-level: a commune committee leads, the work is done
                // "for the new units" (in the task's own sentence), or its
                // waves are the communes' accounts.
                let fb = fold(&body_text);
                let waves_communal = f.due.as_deref().is_some_and(|v| {
                    let w = dates::read(v);
                    w.len() > 1
                        && w.iter().all(|x| {
                            x.wave.as_deref().is_some_and(|l| {
                                let l = fold(l);
                                l.contains("cap xa") || l.contains(", xa")
                            })
                        })
                });
                let commune = t.lead.value.iter().any(|o| o == "ubnd-xa")
                    || fold(&t.title.value).contains("cho cac don vi hanh chinh moi")
                    || waves_communal;
                if commune {
                    t.scope_unit = Some(if units { String::new() } else { crate::t!("import.review.scope-no-units").into_owned() });
                }
                // Dependencies stated in words: proposals.
                if let Some(w) = AFTER_WORDS.iter().find(|w| fb.contains(**w)) {
                    t.after.review = Some(crate::t!("import.review.after-words", words = *w).into_owned());
                    let at = fb.find(*w).map_or(0, |p| p + w.len());
                    let what: String = fb[at..]
                        .split([',', ';', '.', '(', ')'])
                        .next()
                        .unwrap_or("")
                        .split_whitespace()
                        .take(12)
                        .collect::<Vec<_>>()
                        .join(" ");
                    t.stated = Some((w, what));
                }
                // Due, one task per wave.
                let dues = match &f.due {
                    Some(v) => dates::read(v),
                    // A deadline inside the sentence (`báo cáo … trước ngày
                    // 30/7/2025`): read, marked.
                    None => match dates::in_sentence(&body_text) {
                        Some((e, w)) => {
                            vec![dates::Due { expr: Some(e), wave: None, review: Some("import.review.due-sentence"), words: w }]
                        }
                        None => vec![dates::Due { expr: None, wave: None, review: Some("import.review.due-none"), words: String::new() }],
                    },
                };
                let n = dues.len();
                for (k, due) in dues.into_iter().enumerate() {
                    let mut w = t.clone();
                    w.due.value = due.expr.clone();
                    if let Some(key) = due.review {
                        w.due.review = Some(crate::t!(key, words = due.words).into_owned());
                    }
                    if due.review == Some("import.review.due-sentence") {
                        w.title.value = dates::without_due(&w.title.value, &due.words);
                        for s in &mut w.steps {
                            *s = dates::without_due(s, &due.words);
                        }
                    }
                    if n > 1 {
                        let wid = dates::wave_id(due.wave.as_deref().unwrap_or(""), k + 1);
                        let wid = if used_wave_ids.contains(&format!("{}.{wid}", t.id)) { format!("w{}", k + 1) } else { wid };
                        used_wave_ids.insert(format!("{}.{wid}", t.id));
                        w.id = format!("{}.{wid}", t.id);
                        w.wave = Some(wid);
                        if let Some(label) = &due.wave {
                            w.title.value = format!("{} ({})", t.title.value, label.trim());
                        }
                    }
                    // Ids stay unique (a system heading met again in another part).
                    if !used_ids.insert(w.id.clone()) {
                        let base = w.id.clone();
                        let mut k = 2;
                        while !used_ids.insert(format!("{base}-{k}")) {
                            k += 1;
                        }
                        w.id = format!("{base}-{k}");
                    }
                    d.tasks.push(w);
                }
            }
        }
    }
    // An appendix table: a task per row, `source` "PL STT n".
    for row in table::rows(text) {
        let mut t = Task { id: format!("pl.stt-{}", row.stt), source: format!("{} PL STT {}", d.source_id, row.stt), ..Task::default() };
        t.title.value = text::first_sentence(&row.task);
        if t.title.value.is_empty() {
            continue;
        }
        let mut rs = Vec::new();
        // `X phối hợp với Y` in the lead's cell: Y supports.
        let (lead_cell, support_cell) = match row.lead.split_once(" phối hợp với ").or_else(|| row.lead.split_once(" phối hợp "))
        {
            Some((l, sup)) => (l.to_string(), Some(sup.to_string())),
            None => (row.lead.clone(), None),
        };
        for m in orgs::map_list(support_cell.as_deref().unwrap_or(""), &d.province) {
            if let Some(r) = m.review() {
                rs.push(r);
            }
            add_org(&mut d, &m.org);
            t.support.value.push(m.org.id);
        }
        for m in orgs::map_list(&lead_cell, &d.province) {
            if let Some(r) = m.review() {
                rs.push(r);
            }
            add_org(&mut d, &m.org);
            t.lead.value.push(m.org.id);
        }
        if !rs.is_empty() {
            t.lead.review = Some(rs.join("; "));
        }
        if t.lead.value.is_empty() {
            continue;
        }
        named_supports(&mut d, &mut t, &row.task, &mut add_org);
        let due = dates::read(&row.due).into_iter().next();
        if let Some(due) = due {
            t.due.value = due.expr.clone();
            if let Some(key) = due.review {
                t.due.review = Some(crate::t!(key, words = due.words).into_owned());
            }
        }
        if used_ids.insert(t.id.clone()) {
            d.tasks.push(t);
        }
    }
    // A table whose columns ran together (`N Task …` / `Lead 31/12/2025`).
    for row in table::spaced_rows(text) {
        let clause = match &row.group {
            Some(g) => format!("nhóm {g}, STT {}", row.stt),
            None => format!("STT {}", row.stt),
        };
        let mut t = Task { id: format!("stt-{}", row.stt), source: format!("{} {clause}", d.source_id), ..Task::default() };
        t.title.value = text::first_sentence(&row.task);
        let mut mapped = orgs::map_list(&row.lead, &d.province);
        // A cell no known name is in: one org, named by the whole cell.
        if !row.lead.contains(';') && mapped.iter().all(|m| m.org.new) && !row.lead.trim().is_empty() {
            mapped = vec![orgs::Mapped {
                org: Org {
                    id: slug(&row.lead),
                    name: row.lead.clone(),
                    short: String::new(),
                    kind: String::new(),
                    per_unit: false,
                    new: true,
                },
                guess: true,
                similar: None,
            }];
        }
        for m in mapped {
            if let Some(r) = m.review() {
                t.lead.review = Some(r);
            }
            add_org(&mut d, &m.org);
            t.lead.value.push(m.org.id);
        }
        if t.title.value.is_empty() || t.lead.value.is_empty() {
            continue;
        }
        named_supports(&mut d, &mut t, &row.task, &mut add_org);
        t.due.value = dates::read(&row.due).into_iter().next().and_then(|x| x.expr);
        if used_ids.insert(t.id.clone()) {
            d.tasks.push(t);
        }
    }
    // The closing paragraph, when it sets a duty that recurs each month
    // (`… báo cáo kết quả … về Sở Khoa học và Công nghệ trước ngày 20 hằng
    // tháng`): one task over the document's period, marked.
    if !d.tasks.is_empty()
        && let Some(due) = dates::monthly(&doc.closing)
    {
        let mut t = Task { id: "closing.monthly".into(), source: format!("{} đoạn kết", d.source_id), ..Task::default() };
        // The duty: from the recurring verb (`báo cáo`), without the date.
        let c = &doc.closing;
        let from = c.find("báo cáo").unwrap_or(0);
        let upto = c.to_lowercase().find(&due).filter(|&p| p > from).unwrap_or(c.len());
        t.title.value = text::ucfirst(text::first_sentence(c.get(from..upto).unwrap_or(c)).trim_end_matches([',', ' ']));
        // `Yêu cầu các cơ quan, đơn vị, địa phương`: the letter's addressees
        // (`Kính gửi`), when they are known orgs; else the orgs named.
        let addressed: Vec<orgs::Mapped> = addressees(&doc.preamble, &d.province);
        let named: Vec<orgs::Mapped> = orgs::map_list(
            sentence::addressee(c.split(" khẩn trương").next().unwrap_or("").split(" báo cáo").next().unwrap_or("")),
            &d.province,
        )
        .into_iter()
        .filter(|m| !m.org.new)
        .collect();
        let key = if addressed.is_empty() { "import.review.lead-sentence" } else { "import.review.lead-addressees" };
        let leads = if addressed.is_empty() { named } else { addressed };
        if !leads.is_empty() {
            let names: Vec<String> = leads.iter().map(|m| m.org.name.clone()).collect();
            for m in leads {
                add_org(&mut d, &m.org);
                t.lead.value.push(m.org.id);
            }
            t.lead.review = Some(crate::t!(key, names = names.join(", ")).into_owned());
            // `về Sở Khoa học và Công nghệ`: the org reported to is not a lead.
            t.due.value = Some(due.clone());
            t.due.review = Some(crate::t!("import.review.due-monthly", words = due).into_owned());
            match dates::period(&h.title, text).or_else(|| h.year_month.map(|(y, m)| (format!("tháng {m}/{y}"), format!("tháng 12/{y}"))))
            {
                Some((a, b)) => {
                    t.repeat.review = Some(crate::t!("import.review.repeat", from = a, to = b).into_owned());
                    t.repeat.value = Some((a, b));
                }
                None => {
                    // No period: a recurring due without `repeat` is a bad value.
                    t.due.value = None;
                    t.due.review = Some(crate::t!("import.review.due-monthly-no-period", words = due).into_owned());
                }
            }
            if used_ids.insert(t.id.clone()) {
                d.tasks.push(t);
            }
        }
    }
    if d.tasks.is_empty() {
        return Err(crate::t!("import.no-items").into_owned());
    }
    propose_stated(&mut d);
    propose_backups(&mut d);
    plan_times(&mut d, &h);
    if let Some((_, units_text)) = &opts.units {
        plan_groups(&mut d, &h, units_text);
    }
    Ok(d)
}

/// The day the merged provinces' governments began (Nghị quyết 202/2025/QH15):
/// a document issued before it by a province speaks for that province's
/// communes only, one after it for the merged province's.
const MERGER: (u32, u32, u32) = (2025, 7, 1);

/// `[plan] groups`: when the units are grouped by their former province
/// (`from-quang-ngai`, `from-kon-tum`) and the document was issued by one
/// of those provinces before the merger, the plan concerns that group only.
fn plan_groups(d: &mut Draft, h: &Header, units_text: &str) {
    let Ok(v) = toml::from_str::<toml::Table>(units_text) else { return };
    let mut groups: Vec<String> = Vec::new();
    for u in v.get("unit").and_then(|u| u.as_array()).into_iter().flatten() {
        for g in u.get("groups").and_then(|g| g.as_array()).into_iter().flatten().filter_map(|g| g.as_str()) {
            if g.starts_with("from-") && !groups.iter().any(|x| x == g) {
                groups.push(g.to_string());
            }
        }
    }
    let want = format!("from-{}", slug(&d.province));
    if d.province.is_empty() || !groups.contains(&want) {
        return;
    }
    // The document's day (or month): before the merger, or unknown.
    let day = h.date.as_deref().and_then(|s| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y").ok());
    let (y, m, dd) = MERGER;
    let merger = chrono::NaiveDate::from_ymd_opt(y as i32, m, dd).unwrap_or_default();
    let before = match (day, h.year_month) {
        (Some(day), _) => day < merger,
        (None, Some((yy, mm))) => (yy, mm) < (y, m),
        (None, None) => true,
    };
    if !before {
        return;
    }
    let others: Vec<String> = groups.iter().filter(|g| **g != want).cloned().collect();
    d.groups = Guess {
        review: Some(crate::t!("import.review.groups", province = d.province, group = want, others = others.join(", ")).into_owned()),
        value: vec![want],
    };
}

/// Supports a table row's task names in its text (`Phối hợp với Bộ Công an,
/// Bộ Quốc phòng …`), besides its lead cell's: marked.
fn named_supports(d: &mut Draft, t: &mut Task, text: &str, add_org: &mut impl FnMut(&mut Draft, &Org)) {
    let new: Vec<orgs::Mapped> = sentence::supports_named(text, &d.province)
        .into_iter()
        .filter(|m| !t.lead.value.contains(&m.org.id) && !t.support.value.contains(&m.org.id))
        .collect();
    if new.is_empty() {
        return;
    }
    let names: Vec<String> = new.iter().map(|m| m.org.name.clone()).collect();
    for m in new {
        add_org(d, &m.org);
        t.support.value.push(m.org.id);
    }
    t.support.review = Some(crate::t!("import.review.support-sentence", names = names.join(", ")).into_owned());
}

/// The orgs a letter is addressed to (`Kính gửi: - Các sở, ban, ngành tỉnh;
/// - UBND các xã, phường, đặc khu.`), when every one is a known org.
fn addressees(preamble: &str, province: &str) -> Vec<orgs::Mapped> {
    let Some(p) = preamble.find("Kính gửi") else { return Vec::new() };
    let rest = &preamble[p + "Kính gửi".len()..];
    // The list ends with its first `.`.
    let list = rest.split(". ").next().unwrap_or("");
    let m: Vec<orgs::Mapped> = list
        .split(';')
        .flat_map(|x| orgs::map_list(x.trim_start_matches([':', ' ', '-']).trim().trim_end_matches('.'), province))
        // `Các sở, ban, ngành tỉnh`: a lone word after the name is no org.
        .filter(|x| !x.org.new || x.org.name.contains(' '))
        .collect();
    if m.is_empty() || m.iter().any(|x| x.org.new) {
        return Vec::new();
    }
    let mut out: Vec<orgs::Mapped> = Vec::new();
    for x in m {
        if !out.iter().any(|o| o.org.id == x.org.id) {
            out.push(x);
        }
    }
    out
}

/// The words of `a` found in `b`, as a share of `a`'s words (words of three
/// letters or more).
fn overlap(a: &str, b: &str) -> f64 {
    let bw: std::collections::HashSet<&str> = b.split_whitespace().collect();
    // Words every task uses say nothing of which task is meant.
    const COMMON: &[&str] = &[
        "cac", "va", "cua", "cho", "doi", "voi", "he", "thong", "tinh", "trong", "tren", "de", "duoc", "theo", "thuc", "hien", "cong",
        "tac", "don", "vi", "hanh", "chinh", "moi", "trien", "khai", "tin",
    ];
    let aw: Vec<&str> = a
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.len() >= 2 && !COMMON.contains(w))
        .collect();
    if aw.len() < 3 {
        return 0.0;
    }
    aw.iter().filter(|w| bw.contains(*w)).count() as f64 / aw.len() as f64
}

/// A dependency the text states in words: `để phục vụ X` (a later task of
/// the section that does X waits for this one), `sau khi X` / `trên cơ sở X`
/// (this one waits for the earlier task that does X). Proposals, marked.
fn propose_stated(d: &mut Draft) {
    let titles: Vec<String> = d.tasks.iter().map(|t| fold(&t.title.value)).collect();
    let section = |t: &Task| t.source.rsplit_once('.').map(|x| x.0.to_string()).unwrap_or_default();
    let n = d.tasks.len();
    let mut links: Vec<(usize, usize)> = Vec::new(); // (task, predecessor)
    for i in 0..n {
        let Some((w, what)) = d.tasks[i].stated.clone() else { continue };
        let sec = section(&d.tasks[i]);
        // Only within the section: a plan's sections are its systems.
        let candidates = (0..n).filter(|&j| j != i && section(&d.tasks[j]) == sec);
        let best = candidates
            .filter(|&j| if w == "de phuc vu" { j > i } else { j < i })
            .map(|j| (j, overlap(&what, &titles[j])))
            .filter(|(_, o)| *o >= 0.6)
            .fold(None::<(usize, f64)>, |b, (j, o)| if b.is_none_or(|(_, bo)| o > bo) { Some((j, o)) } else { b });
        if let Some((j, _)) = best {
            if w == "de phuc vu" {
                // Every wave of the task that does X.
                let id = d.tasks[j].source.clone();
                for k in (i + 1)..n {
                    if d.tasks[k].source == id {
                        links.push((k, i));
                    }
                }
            } else {
                links.push((i, j));
            }
        }
    }
    for (t, p) in links {
        let pid = d.tasks[p].id.clone();
        if !d.tasks[t].after.value.contains(&pid) {
            d.tasks[t].after.value.push(pid);
            d.tasks[t].after.review = Some(crate::t!("import.review.after-stated").into_owned());
        }
    }
}

/// Within a system, the packaging task (`đóng gói`) after the backups before
/// it (`sao lưu` without `đóng gói`): proposals.
fn propose_backups(d: &mut Draft) {
    // The backups seen so far, by system: one pass.
    let mut backups: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for t in &mut d.tasks {
        let Some(sys) = t.system.clone() else { continue };
        let title = fold(&t.title.value);
        if title.contains("dong goi") {
            if let Some(b) = backups.get(&sys).filter(|b| !b.is_empty()) {
                t.after.value = b.clone();
                t.after.review = Some(crate::t!("import.review.after-backup").into_owned());
            }
        } else if title.contains("sao luu") {
            backups.entry(sys).or_default().push(t.id.clone());
        }
    }
}

/// `start` and `cutover` of `[plan]`: the document does not name them.
fn plan_times(d: &mut Draft, h: &Header) {
    let tz = crate::time::PlanTz::parse("Asia/Ho_Chi_Minh").expect("built-in zone");
    let mut dated: Vec<(crate::time::Instant, String, Option<chrono::NaiveDate>)> = Vec::new();
    for t in &d.tasks {
        if let Some(e) = &t.due.value
            && let Ok(x) = crate::time::TimeExpr::parse(e)
        {
            dated.push((x.due(&tz), e.clone(), x.start_date()));
        }
    }
    // Cutover: the `24 giờ` instant most tasks share, else the latest due.
    let mut best: Option<(usize, String)> = None;
    for (_, e, _) in &dated {
        if e.contains("giờ") {
            let c = dated.iter().filter(|x| &x.1 == e).count();
            if best.as_ref().is_none_or(|b| c > b.0) {
                best = Some((c, e.clone()));
            }
        }
    }
    d.cutover = match best {
        Some((_, e)) => Guess { value: e, review: Some(crate::t!("import.review.cutover").into_owned()) },
        None => {
            let last = dated.iter().max_by_key(|x| x.0).map(|x| x.1.clone());
            Guess {
                value: last.unwrap_or_else(|| "24 giờ 00 ngày 31/12/2099".into()),
                review: Some(crate::t!("import.review.cutover-latest").into_owned()),
            }
        }
    };
    // Start: the document's date, else three days before the earliest due;
    // a recurring duty's first month is in the plan.
    let first_month = d
        .tasks
        .iter()
        .filter_map(|t| t.repeat.value.as_ref())
        .filter_map(|(from, _)| crate::time::TimeExpr::parse(from).ok().and_then(|x| x.start_date()))
        .min();
    let earliest = dated.iter().filter_map(|x| x.2).chain(first_month.map(|m| m + chrono::Days::new(3))).min();
    let start = match (h.date.as_deref().and_then(|s| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y").ok()), earliest) {
        (Some(doc), Some(e)) if doc <= e => doc,
        (_, Some(e)) => e - chrono::Days::new(3),
        (Some(doc), None) => doc,
        (None, None) => match h.year_month {
            Some((y, m)) => chrono::NaiveDate::from_ymd_opt(y as i32, m, 1).unwrap_or_default(),
            None => chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        },
    };
    d.start = Guess { value: start.format("%Y-%m-%d").to_string(), review: Some(crate::t!("import.review.start").into_owned()) };
}
