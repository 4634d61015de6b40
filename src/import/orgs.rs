//! The org table: the usual Vietnamese agency names and abbreviations, each
//! with the org id the shipped plans use; a name it does not know becomes a
//! new org, marked for review.

use super::text::{fold, slug};

pub struct Known {
    pub id: &'static str,
    pub name: &'static str,
    pub short: &'static str,
    pub kind: &'static str,
    pub per_unit: bool,
    /// Folded (lower case, no diacritics) spellings, longest first where one
    /// contains another.
    pub aliases: &'static [&'static str],
}

const fn k(id: &'static str, name: &'static str, short: &'static str, kind: &'static str, aliases: &'static [&'static str]) -> Known {
    Known { id, name, short, kind, per_unit: false, aliases }
}

pub const TABLE: &[Known] = &[
    k("skhcn", "Sở Khoa học và Công nghệ", "SKHCN", "sở", &["so khoa hoc va cong nghe", "so khcn", "skhcn"]),
    k(
        "vpubnd",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "VP UBND tỉnh",
        "văn phòng",
        &["van phong uy ban nhan dan tinh", "van phong ubnd tinh", "van phong ubnd", "vp ubnd tinh", "vpubnd tinh", "vpubnd", "vpub"],
    ),
    k("ubnd-tinh", "Ủy ban nhân dân tỉnh", "UBND tỉnh", "ubnd", &["uy ban nhan dan tinh", "ubnd tinh"]),
    k(
        "ubnd-huyen",
        "Ủy ban nhân dân cấp huyện",
        "UBND cấp huyện",
        "ubnd",
        &[
            "uy ban nhan dan cap huyen",
            "ubnd cap huyen",
            "ubnd cac huyen, thi xa, thanh pho",
            "ubnd cac huyen",
            "ubnd huyen",
            "cap huyen",
            "huyen",
        ],
    ),
    Known {
        id: "ubnd-xa",
        name: "Ủy ban nhân dân cấp xã",
        short: "UBND cấp xã",
        kind: "ubnd",
        per_unit: true,
        aliases: &[
            "uy ban nhan dan cap xa",
            "ubnd cap xa",
            "ubnd cac xa, phuong, dac khu",
            "ubnd xa, phuong, dac khu",
            "ubnd cac xa, phuong, thi tran",
            "ubnd cac xa, phuong",
            "ubnd cac xa",
            "ubnd xa",
            "cap xa",
            // `các sở, ngành, địa phương`: the local tier, after 1/7/2025
            // the communes (`các địa phương` on its own is `dia-phuong`).
            "dia phuong",
            "xa",
        ],
    },
    k(
        "so-nganh",
        "Các sở, ban, ngành",
        "Sở, ban, ngành",
        "sở",
        &["cac so, ban, nganh", "so, ban, nganh", "cac so ban nganh", "so ban nganh", "cac so, nganh", "cac so nganh"],
    ),
    k(
        "don-vi",
        "Các đơn vị, địa phương",
        "Đơn vị, địa phương",
        "",
        &[
            "cac don vi, dia phuong",
            "don vi, dia phuong",
            "cac co quan, don vi, dia phuong",
            "cac don vi co lien quan",
            "cac don vi lien quan",
            "cac don vi",
        ],
    ),
    k("dia-phuong", "Các địa phương", "Địa phương", "", &["cac dia phuong"]),
    k("so-noivu", "Sở Nội vụ", "SNV", "sở", &["so noi vu", "snv"]),
    k("so-taichinh", "Sở Tài chính", "STC", "sở", &["so tai chinh", "stc"]),
    k("so-tttt", "Sở Thông tin và Truyền thông", "STTTT", "sở", &["so thong tin va truyen thong", "sttt", "stttt"]),
    k("so-tuphap", "Sở Tư pháp", "STP", "sở", &["so tu phap"]),
    k("congan-tinh", "Công an tỉnh", "Công an tỉnh", "", &["cong an tinh"]),
    k("bo-congan", "Bộ Công an", "BCA", "bộ", &["bo cong an"]),
    k("bo-quocphong", "Bộ Quốc phòng", "BQP", "bộ", &["bo quoc phong"]),
    k("bo-khcn", "Bộ Khoa học và Công nghệ", "Bộ KH&CN", "bộ", &["bo khoa hoc va cong nghe", "bo khcn"]),
    k("bo-noivu", "Bộ Nội vụ", "BNV", "bộ", &["bo noi vu"]),
    k("bo-taichinh", "Bộ Tài chính", "BTC", "bộ", &["bo tai chinh"]),
    k("so-congthuong", "Sở Công Thương", "SCT", "sở", &["so cong thuong"]),
    k("so-gddt", "Sở Giáo dục và Đào tạo", "SGDĐT", "sở", &["so giao duc va dao tao"]),
    k("so-yte", "Sở Y tế", "SYT", "sở", &["so y te"]),
    k(
        "so-vhttdl",
        "Sở Văn hóa, Thể thao và Du lịch",
        "SVHTTDL",
        "sở",
        &["so van hoa, the thao va du lich", "so van hoa the thao va du lich"],
    ),
    k("so-ngoaivu", "Sở Ngoại vụ", "SNgV", "sở", &["so ngoai vu"]),
    k("so-nnmt", "Sở Nông nghiệp và Môi trường", "SNNMT", "sở", &["so nong nghiep va moi truong"]),
    k("so-xaydung", "Sở Xây dựng", "SXD", "sở", &["so xay dung"]),
    k(
        "truong-dhcd",
        "Các trường đại học, cao đẳng trên địa bàn tỉnh",
        "Trường ĐH, CĐ",
        "",
        &["cac truong dai hoc, cao dang tren dia ban tinh", "truong dai hoc, cao dang tren dia ban tinh", "cac truong dai hoc, cao dang"],
    ),
    k("vp-tinhuy", "Văn phòng Tỉnh ủy", "VP Tỉnh ủy", "văn phòng", &["van phong tinh uy", "vp tinh uy"]),
    k("ban-coyeu", "Ban Cơ yếu Chính phủ", "Ban Cơ yếu", "", &["ban co yeu chinh phu", "ban co yeu"]),
    k("cap-tham-quyen", "Cấp có thẩm quyền", "", "", &["cap co tham quyen"]),
    k(
        "vnpt",
        "Tập đoàn Bưu chính Viễn thông Việt Nam",
        "Tập đoàn VNPT",
        "doanh nghiệp",
        &["tap doan buu chinh vien thong viet nam", "tap doan vnpt"],
    ),
    k(
        "viettel",
        "Tập đoàn Công nghiệp - Viễn thông Quân đội",
        "Tập đoàn Viettel",
        "doanh nghiệp",
        &["tap doan cong nghiep - vien thong quan doi", "tap doan viettel"],
    ),
    k("fpt", "Công ty Cổ phần FPT", "FPT", "doanh nghiệp", &["tap doan fpt", "cong ty fpt"]),
    k("buudien", "Bưu điện tỉnh", "Bưu điện tỉnh", "doanh nghiệp", &["buu dien tinh"]),
];

/// An org as the draft declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub short: String,
    pub kind: String,
    pub per_unit: bool,
    /// Not in the table: declared from the document's words.
    pub new: bool,
}

/// The abbreviation of a province's name the plans use in ids: each word's
/// initial consonants (`Quảng Ngãi` → `qng`, `Kon Tum` → `kt`).
pub fn province_abbrev(name: &str) -> String {
    let mut out = String::new();
    for w in fold(name).split_whitespace() {
        let w = w.strip_prefix("qu").map(|r| format!("q{r}")).unwrap_or_else(|| w.to_string());
        let cons: String = w.chars().take_while(|c| c.is_ascii_alphabetic() && !"aeiouy".contains(*c)).collect();
        out.push_str(if cons.is_empty() { &w[..1.min(w.len())] } else { &cons });
    }
    out
}

/// One name mapped: the org, and whether the mapping is a guess.
pub struct Mapped {
    pub org: Org,
    pub guess: bool,
    /// The document's words, when the org was mapped to a known one by
    /// similarity (a typo, no diacritics, an abbreviation, another word order).
    pub similar: Option<String>,
}

impl Mapped {
    /// The review comment this mapping carries, if it is a guess.
    pub fn review(&self) -> Option<String> {
        match &self.similar {
            Some(w) => Some(crate::t!("import.review.org-similar", name = self.org.name, words = w).into_owned()),
            None if self.guess => Some(crate::t!("import.review.org-new", name = self.org.name).into_owned()),
            None => None,
        }
    }
}

/// The words of a folded name, `&` read as `và`, punctuation dropped.
fn words(f: &str) -> Vec<String> {
    f.replace('&', " va ").split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The initials of a name's syllables, `và` left out: `Sở Khoa học và Công
/// nghệ` → `skhcn`.
fn initials(ws: &[String]) -> String {
    ws.iter().filter(|w| *w != "va").filter_map(|w| w.chars().next()).collect()
}

/// The known org a name not in the table is close to: a typo or a missing
/// word (normalised edit distance ≥ 0.85 against a name or spelling of at
/// least two words), the same words in another order, or the name written
/// with abbreviated words (`Sở KH&CN`: `S` + `KH` + `CN` are the initials of
/// `Sở Khoa học và Công nghệ`). None when two orgs are equally close.
pub fn similar(name: &str) -> Option<&'static Known> {
    let f = fold(name);
    let ws = words(&f);
    if ws.len() < 2 || f.chars().count() < 6 {
        return None;
    }
    let joined = ws.join(" ");
    let mut sorted = ws.clone();
    sorted.sort();
    let sorted = sorted.join(" ");
    // Abbreviated words: written in capitals in the document (`KH&CN`).
    let abbreviated = name.split(|c: char| c.is_whitespace()).any(|w| {
        let l: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        l.len() >= 2 && l.iter().all(|c| c.is_uppercase())
    });
    let ini = if abbreviated {
        // Each capitalised word gives its letters, the others their initial.
        let mut o = String::new();
        for w in name.split(|c: char| c.is_whitespace() || c == '&') {
            let l: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            if l.len() >= 2 && l.iter().all(|c| c.is_uppercase()) {
                o.push_str(&fold(&l.iter().collect::<String>()));
            } else if let Some(c) = l.first() {
                o.push_str(&fold(&c.to_string()));
            }
        }
        Some(o)
    } else {
        None
    };
    let mut best: Option<(&'static Known, f64)> = None;
    let mut tie = false;
    for k in TABLE {
        let kn = fold(k.name);
        let mut score: f64 = 0.0;
        for c in std::iter::once(kn.as_str()).chain(k.aliases.iter().copied()) {
            let cw = words(c);
            if cw.len() < 2 {
                continue;
            }
            let cj = cw.join(" ");
            let mut cs = cw.clone();
            cs.sort();
            let cs = cs.join(" ");
            let mut sc = strsim::normalized_levenshtein(&joined, &cj);
            if sorted == cs {
                sc = sc.max(0.95);
            }
            if let Some(i) = &ini
                && i.chars().count() >= 3
                && *i == initials(&cw)
            {
                sc = sc.max(0.9);
            }
            score = score.max(sc);
        }
        if score < 0.85 {
            continue;
        }
        match best {
            Some((_, b)) if (score - b).abs() < 1e-9 => tie = true,
            Some((_, b)) if score < b => {}
            _ => {
                best = Some((k, score));
                tie = false;
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(k, _)| k)
}

fn from_known(k: &Known) -> Org {
    Org { id: k.id.into(), name: k.name.into(), short: k.short.into(), kind: k.kind.into(), per_unit: k.per_unit, new: false }
}

/// Maps the value of a `chủ trì` / `phối hợp` field to orgs, in order,
/// without repeats. `province` names the document's province (for `VNPT
/// Quảng Ngãi`).
pub fn map_list(value: &str, province: &str) -> Vec<Mapped> {
    let f = fold(value);
    // Original characters at the folded offsets: fold keeps one char per
    // char, so indices by char line up.
    let orig: Vec<char> = value.chars().collect();
    let fc: Vec<char> = f.chars().collect();
    let n = fc.len().min(orig.len());
    let mut out: Vec<Mapped> = Vec::new();
    let pf = fold(province);
    let mut list_of: Option<&str> = None;
    let mut i = 0;
    let at_word = |i: usize| i == 0 || !fc[i - 1].is_alphanumeric();
    while i < n {
        // Separators and joining words.
        if matches!(fc[i], ',' | ';' | ' ' | '.' | '(' | ')' | '-' | ':') {
            i += 1;
            continue;
        }
        let rest: String = fc[i..n.min(i + 96)].iter().collect();
        for w in ["va ", "cac ", "voi "] {
            if rest.starts_with(w) && !TABLE.iter().any(|k| k.aliases.iter().any(|a| rest.starts_with(a))) {
                i += w.chars().count();
            }
        }
        let rest: String = fc[i..n.min(i + 96)].iter().collect();
        // `Các Sở: Ngoại vụ, Tư pháp, …`: each name is a `Sở` of the list.
        if rest.starts_with("so:") || rest.starts_with("cac so:") {
            list_of = Some("so ");
            i += rest.find(':').map_or(1, |p| rest[..=p].chars().count());
            continue;
        }
        // A known name (in a list of `Sở`, with `Sở` understood).
        let find = |rest: &str| {
            TABLE
                .iter()
                .flat_map(|k| k.aliases.iter().map(move |a| (k, *a)))
                .filter(|(_, a)| rest.starts_with(a) && rest[a.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
                .max_by_key(|(_, a)| a.len())
        };
        let hit = find(&rest).map(|(k, a)| (k, a.chars().count())).or_else(|| {
            let p = list_of?;
            find(&format!("{p}{rest}")).map(|(k, a)| (k, a.chars().count() - p.chars().count()))
        });
        if let (Some((k, len)), true) = (hit, at_word(i)) {
            push(&mut out, Mapped { org: from_known(k), guess: false, similar: no_diacritics(&orig[i..(i + len).min(n)], k) });
            i += len;
            continue;
        }
        // `VNPT <province>`, `Viettel <province>`, `Viễn thông <province>`.
        let mut tel = None;
        for (pre, id, name) in [("vnpt ", "vnpt", "VNPT"), ("vien thong ", "vnpt", "VNPT"), ("viettel ", "viettel", "Viettel")] {
            if !pf.is_empty() && rest.starts_with(&format!("{pre}{pf}")) {
                tel = Some((pre.len() + pf.len(), id, name));
            }
        }
        if let Some((len, id, name)) = tel {
            let ab = province_abbrev(province);
            push(
                &mut out,
                Mapped {
                    org: Org {
                        id: format!("{id}-{ab}"),
                        name: format!("{name} {province}"),
                        short: format!("{name} {province}"),
                        kind: "doanh nghiệp".into(),
                        per_unit: false,
                        new: false,
                    },
                    guess: false,
                    similar: None,
                },
            );
            i += rest[..len].chars().count();
            continue;
        }
        // Unknown: up to the next `,` or `;`.
        let end = (i..n).find(|&j| fc[j] == ',' || fc[j] == ';').unwrap_or(n);
        let name: String = orig[i..end].iter().collect::<String>().trim().trim_end_matches('.').trim().to_string();
        if let Some(k) = (!name.is_empty()).then(|| similar(&name)).flatten() {
            push(&mut out, Mapped { org: from_known(k), guess: true, similar: Some(name) });
            i = end + 1;
            continue;
        }
        if !name.is_empty() {
            let id = slug(&name);
            if !id.is_empty() {
                push(
                    &mut out,
                    Mapped {
                        org: Org { id, name: name.clone(), short: String::new(), kind: String::new(), per_unit: false, new: true },
                        guess: true,
                        similar: None,
                    },
                );
            }
        }
        i = end + 1;
    }
    out
}

/// The document's words when they are a known name written without its
/// diacritics (`So Noi vu` for `Sở Nội vụ`): a mapping to review.
/// Also a full name with some diacritics missing or wrong (`Sở Nôi vụ`),
/// `oà`/`òa` and `uỷ`/`ủy` aside.
fn no_diacritics(span: &[char], k: &Known) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let w: String = span.iter().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    let name_has = fold(k.name) != k.name.to_lowercase();
    if !name_has || !w.contains(' ') {
        return None;
    }
    let lower_word = w.split_whitespace().any(|x| x.chars().count() >= 2 && x.chars().all(|c| c.is_ascii_lowercase()));
    if w.is_ascii() && lower_word {
        return Some(w);
    }
    // Tone marks only, so that `hoá`/`hóa` and `uỷ`/`ủy` compare equal.
    let marks = |s: &str| -> String {
        let mut m: Vec<char> =
            s.to_lowercase().nfd().filter(|c| !c.is_alphanumeric() && !c.is_whitespace() && !c.is_ascii_punctuation()).collect();
        m.sort();
        m.into_iter().collect()
    };
    (fold(&w) == fold(k.name) && marks(&w) != marks(k.name)).then_some(w)
}

fn push(out: &mut Vec<Mapped>, m: Mapped) {
    if !out.iter().any(|o| o.org.id == m.org.id) {
        out.push(m);
    }
}

/// The org a heading of section III names, if it begins with one
/// (`Sở Khoa học và Công nghệ`, `Văn phòng UBND tỉnh`).
pub fn leading_org(text: &str, province: &str) -> Option<Mapped> {
    let first: String = text.split([':', ';']).next()?.to_string();
    let mut m = map_list(&first, province);
    if m.is_empty() {
        return None;
    }
    let first = m.remove(0);
    (!first.org.new).then_some(first)
}
