//! Leads and supports written inside sentences: "Giao Công an tỉnh chủ trì,
//! phối hợp với Sở Khoa học và Công nghệ …", "Sở Nội vụ chủ trì …", "đề
//! nghị X phối hợp". Only names the org table knows are taken (a sentence's
//! words around them are not names); every one is marked for review.

use super::orgs::{self, Mapped};
use super::text::fold;

/// The heading without the verb that addresses it: `Giao Sở Khoa học và Công
/// nghệ:` → `Sở Khoa học và Công nghệ:`; `Đề nghị VNPT …` → `VNPT …`.
pub fn addressee(heading: &str) -> &str {
    let f = fold(heading);
    for p in ["giao ", "de nghi ", "yeu cau "] {
        if f.starts_with(p) {
            let n = p.chars().count();
            return heading.char_indices().nth(n).map_or("", |(i, _)| &heading[i..]);
        }
    }
    heading
}

fn at_word(f: &[char], i: usize) -> bool {
    i == 0 || !f[i - 1].is_alphanumeric()
}

fn find_all(f: &[char], pat: &str) -> Vec<usize> {
    let p: Vec<char> = pat.chars().collect();
    (0..f.len().saturating_sub(p.len() - 1)).filter(|&i| f[i..].starts_with(&p) && at_word(f, i)).collect()
}

fn known(s: &str, province: &str) -> Vec<Mapped> {
    orgs::map_list(s, province).into_iter().filter(|m| !m.org.new).collect()
}

/// The orgs the sentence names as leading (`X chủ trì`) and supporting
/// (`phối hợp (với) Y`, `đề nghị Y phối hợp`).
pub fn roles(text: &str, province: &str) -> (Vec<Mapped>, Vec<Mapped>) {
    let orig: Vec<char> = text.chars().collect();
    let f: Vec<char> = fold(text).chars().collect();
    let n = f.len().min(orig.len());
    let (f, orig) = (&f[..n], &orig[..n]);
    let s = |a: usize, b: usize| orig[a..b].iter().collect::<String>();
    let mut leads = Vec::new();
    let mut supports: Vec<Mapped> = Vec::new();
    // `X chủ trì`: X from the clause's start (or `giao`, `đề nghị`).
    if let Some(&p) = find_all(f, "chu tri").first() {
        let mut a = (0..p).rev().find(|&j| matches!(f[j], '.' | ';' | ':' | '\n')).map_or(0, |j| j + 1);
        let head: String = f[a..p].iter().collect();
        for w in ["giao ", "de nghi ", "yeu cau "] {
            if let Some(k) = head.rfind(w) {
                a += head[..k + w.len()].chars().count();
                break;
            }
        }
        if p > a {
            leads = known(&s(a, p), province);
        }
    }
    // `phối hợp (với) Y …`: Y up to the purpose or the next clause.
    for p in find_all(f, "phoi hop") {
        let mut a = p + "phoi hop".len();
        let rest: String = f[a..].iter().collect();
        if let Some(r) = rest.strip_prefix(" voi ") {
            a += rest.chars().count() - r.chars().count();
        }
        let stops = [" de ", " trong ", " tiep tuc", " ra soat", " thuc hien", " xu ly", " trien khai", " nham "];
        let mut b = (a..n).find(|&j| matches!(f[j], '.' | ';' | ':' | '(')).unwrap_or(n);
        let seg: String = f[a..b].iter().collect();
        if let Some(k) = stops.iter().filter_map(|x| seg.find(x)).min() {
            b = a + seg[..k].chars().count();
        }
        for m in known(&s(a, b), province) {
            if !supports.iter().any(|x| x.org.id == m.org.id) {
                supports.push(m);
            }
        }
    }
    // `đề nghị Y phối hợp`.
    for p in find_all(f, "de nghi ") {
        let a = p + "de nghi ".len();
        let rest: String = f[a..].iter().collect();
        if let Some(k) = rest.find(" phoi hop") {
            let b = a + rest[..k].chars().count();
            if b - a < 120 {
                for m in known(&s(a, b), province) {
                    if !supports.iter().any(|x| x.org.id == m.org.id) {
                        supports.push(m);
                    }
                }
            }
        }
    }
    supports.retain(|m| !leads.iter().any(|l: &Mapped| l.org.id == m.org.id));
    (leads, supports)
}

/// The verbs a duty's action begins with, folded: the title starts at the
/// first of them once the org the sentence addresses is named.
const VERBS: &[&str] = &[
    "nghien cuu",
    "tiep tuc",
    "chu dong",
    "ra soat",
    "trien khai",
    "thuc hien",
    "xay dung",
    "to chuc",
    "hoan thien",
    "hoan thanh",
    "bao dam",
    "dam bao",
    "huong dan",
    "tham muu",
    "cap nhat",
    "kiem tra",
    "theo doi",
    "cung cap",
    "tong hop",
    "bao cao",
    "xu ly",
    "su dung",
    "chuan bi",
    "khan truong",
    "don doc",
    "van hanh",
    "ket noi",
    "sao luu",
    "dong goi",
    "tao lap",
    "ban hanh",
    "de xuat",
    "thong ke",
    "giam sat",
    "bo tri",
    "phan cong",
    "lap danh sach",
    "lap ke hoach",
    "kich hoat",
    "cap phat",
    "thuc day",
    "tang cuong",
    "day manh",
    "uu tien",
    "phe duyet",
    "trang bi",
    "tap trung",
    "tuyen truyen",
    "chi dao",
    "quan triet",
];

/// Words after which a verb begins a relative clause of the org's name
/// (`các đơn vị cung cấp dịch vụ`, `cơ quan chủ trì triển khai`), not the
/// action.
const NAME_TAILS: &[&str] = &["don vi", "co quan", "doanh nghiep", "to chuc", "nha mang"];

/// The action a duty's sentence gives its org, as a planner titles it: the
/// text from the first verb after the org named and what frames it
/// (`Giao X chủ trì, phối hợp với Y để rà soát …` → `Rà soát …`; `Công an
/// tỉnh; các sở, ban, ngành theo chức năng, nhiệm vụ được giao nghiên cứu …`
/// → `Nghiên cứu …`; `UBND các xã: Chủ động …` → `Chủ động …`). The text
/// itself when it begins with its verb or names no known org before one.
pub fn action(text: &str, province: &str) -> String {
    let text = text.trim();
    let f: Vec<char> = fold(text).chars().collect();
    let orig: Vec<char> = text.chars().collect();
    let n = f.len().min(orig.len());
    let fs: String = f[..n].iter().collect();
    // Only the first sentence frames the action (a `;` may part the orgs).
    let limit = (0..n).find(|&j| f[j] == '.' && f.get(j + 1).is_none_or(|c| *c == ' ')).unwrap_or(n).min(240);
    // `X: Action …`: the org, then its work.
    if let Some(c) = (0..limit).find(|&j| f[j] == ':') {
        let who: String = orig[..c].iter().collect();
        if orgs::leading_org(addressee(&who), province).is_some() {
            return super::text::ucfirst(orig[c + 1..].iter().collect::<String>().trim());
        }
    }
    let mut depth = 0usize;
    for i in 0..limit {
        match f[i] {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 || !at_word(&f, i) {
            continue;
        }
        let Some(v) = VERBS.iter().find(|v| fs[char_offset(&fs, i)..].starts_with(**v)) else { continue };
        // The verb as the document writes it is lower case (not a name's
        // capital word: `Ban Chỉ đạo`), except at the start.
        if i > 0 && orig[i].is_uppercase() {
            continue;
        }
        if i > 0 && f.get(i + v.chars().count()).is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let before: String = f[..i].iter().collect();
        if NAME_TAILS.iter().any(|t| before.trim_end().ends_with(t)) {
            continue;
        }
        if i == 0 {
            return text.to_string();
        }
        let head: String = orig[..i].iter().collect();
        let fh = fold(&head);
        let framed = fh.trim_start().starts_with("chu tri") || fh.trim_start().starts_with("phoi hop");
        if framed || orgs::leading_org(addressee(&head), province).is_some() {
            return super::text::ucfirst(orig[i..].iter().collect::<String>().trim());
        }
        return text.to_string();
    }
    text.to_string()
}

fn char_offset(s: &str, i: usize) -> usize {
    s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
}

/// The orgs a task's own text says it works with (`Phối hợp với Bộ Công an,
/// Bộ Quốc phòng … trong việc …`, `phối hợp với Ban Cơ yếu Chính phủ cấp
/// …`): the known names that open what follows `phối hợp với`, up to the
/// first word that is not one (an appendix row's task cell, where no column
/// names supports).
pub fn supports_named(text: &str, province: &str) -> Vec<Mapped> {
    let orig: Vec<char> = text.chars().collect();
    let f: Vec<char> = fold(text).chars().collect();
    let n = f.len().min(orig.len());
    let mut out: Vec<Mapped> = Vec::new();
    for pat in ["phoi hop voi ", "phoi hop cung "] {
        for p in find_all(&f[..n], pat) {
            let a = p + pat.chars().count();
            let mut b = (a..n).find(|&j| matches!(f[j], '.' | ';' | ':' | '(')).unwrap_or(n);
            let seg: String = f[a..b].iter().collect();
            let stops = [" de ", " trong ", " nham ", " thuc hien", " trien khai"];
            if let Some(k) = stops.iter().filter_map(|x| seg.find(x)).min() {
                b = a + seg[..k].chars().count();
            }
            let named: String = orig[a..b].iter().collect();
            for m in orgs::map_list(&named, province).into_iter().take_while(|m| !m.org.new) {
                if !out.iter().any(|x| x.org.id == m.org.id) {
                    out.push(m);
                }
            }
        }
    }
    out
}
