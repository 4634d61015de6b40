//! `--units FILE.csv`: the `[[unit]]` tables of a commune CSV with the
//! columns of `data/vn-communes-2025.csv` (`province_code`, `code`, `name`,
//! `type`, `slug`, …) or of one province's file (`code`, `name`, `type`,
//! `slug`, `domain`, `former_provinces`, `former_districts`, `legacy_units`),
//! in the format of `plans/units/quang-ngai-2025.toml`
//! (`scripts/units_from_csv.py`).

use super::text::{fold, slug};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::path::Path;

struct Row {
    code: String,
    name: String,
    kind: String,
    slug: String,
    domain: String,
    former_province: String,
    former_districts: Vec<String>,
    legacy: Vec<(String, String)>,
}

use super::write::q;

/// "Name (12345); Name (12346)" → pairs; an item without a code keeps an empty one.
fn legacy(field: &str) -> Vec<(String, String)> {
    field
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s.strip_suffix(')').and_then(|x| x.rsplit_once(" (")) {
            Some((n, c)) if c.chars().all(|c| c.is_ascii_digit()) => (n.trim().to_string(), c.to_string()),
            _ => (s.to_string(), String::new()),
        })
        .collect()
}

/// The province code a `--province CODE|NAME` names, through
/// `vn-provinces-2025.csv` beside the communes file for a name.
fn province_code(csv_path: &Path, want: &str) -> Result<String, String> {
    if want.chars().all(|c| c.is_ascii_digit()) {
        return Ok(format!("{:0>2}", want));
    }
    let list = csv_path.with_file_name("vn-provinces-2025.csv");
    let w = slug(want);
    if let Ok(mut r) = csv::Reader::from_path(&list) {
        let h = r.headers().map_err(|e| e.to_string())?.clone();
        let col = |n: &str| h.iter().position(|x| x == n);
        if let (Some(c), Some(n), Some(s)) = (col("code"), col("name"), col("short_name")) {
            for rec in r.records().flatten() {
                if slug(&rec[n]) == w || slug(&rec[s]) == w {
                    return Ok(rec[c].to_string());
                }
            }
        }
    }
    Err(crate::t!("import.units-province-unknown", province = want, list = list.display().to_string()).into_owned())
}

/// The units TOML text of the CSV at `path`, filtered to `province` when given.
pub fn from_csv(path: &Path, text: &str, province: Option<&str>) -> Result<String, String> {
    let shown = path.display().to_string();
    let bad = |reason: String| crate::t!("import.units-bad-csv", file = shown, reason = reason).into_owned();
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let h = r.headers().map_err(|e| bad(e.to_string()))?.clone();
    let col = |n: &str| h.iter().position(|x| x.trim() == n);
    let (Some(c_code), Some(c_name)) = (col("code"), col("name")) else {
        return Err(bad(crate::t!("import.units-csv-columns").into_owned()));
    };
    let (c_type, c_slug, c_domain) = (col("type"), col("slug"), col("domain"));
    let (c_fp, c_fd, c_leg, c_prov) = (col("former_provinces"), col("former_districts"), col("legacy_units"), col("province_code"));
    let want = match province {
        Some(p) => {
            if c_prov.is_none() {
                return Err(bad(crate::t!("import.units-csv-no-province").into_owned()));
            }
            Some(province_code(path, p)?)
        }
        None => None,
    };
    let mut rows = Vec::new();
    let mut provinces = HashSet::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| bad(e.to_string()))?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(|s| s.trim().to_string()).unwrap_or_default();
        if let Some(p) = c_prov {
            let pc = rec.get(p).unwrap_or("").trim().to_string();
            if want.as_ref().is_some_and(|w| *w != pc) {
                continue;
            }
            provinces.insert(pc);
        }
        let name = get(Some(c_name));
        let s = get(c_slug);
        let s = if s.is_empty() { slug(&name).replace('-', "") } else { s };
        rows.push(Row {
            code: get(Some(c_code)),
            kind: get(c_type),
            slug: s,
            domain: get(c_domain),
            former_province: get(c_fp),
            former_districts: get(c_fd).split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
            legacy: legacy(&get(c_leg)),
            name,
        });
    }
    if provinces.len() > 1 {
        return Err(bad(crate::t!("import.units-csv-many-provinces", n = provinces.len().to_string()).into_owned()));
    }
    if rows.is_empty() {
        return Err(match province {
            Some(p) => bad(crate::t!("import.units-csv-no-rows-for", province = p).into_owned()),
            None => bad(crate::t!("import.units-csv-no-rows").into_owned()),
        });
    }
    // Ids: the slug; a slug several rows share stays with the one holding a
    // former district seat (a "Thị trấn" in its legacy units), else the lowest
    // code; the others get 2, 3, … in code order, and their domain follows.
    let mut ids: Vec<String> = rows.iter().map(|r| r.slug.clone()).collect();
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        groups.entry(r.slug.as_str()).or_default().push(i);
    }
    let mut taken: HashSet<String> = groups.keys().map(|s| s.to_string()).collect();
    let mut notes: HashMap<usize, String> = HashMap::new();
    let mut keys: Vec<&&str> = groups.keys().collect();
    keys.sort();
    for k in keys {
        let mut g = groups[*k].clone();
        if g.len() < 2 {
            continue;
        }
        g.sort_by(|a, b| rows[*a].code.cmp(&rows[*b].code));
        let seats: Vec<usize> =
            g.iter().copied().filter(|i| rows[*i].legacy.iter().any(|(n, _)| fold(n).starts_with("thi tran"))).collect();
        let keeper = if seats.len() == 1 { seats[0] } else { g[0] };
        let mut n = 2;
        for &i in &g {
            if i == keeper {
                continue;
            }
            while taken.contains(&format!("{k}{n}")) {
                n += 1;
            }
            ids[i] = format!("{k}{n}");
            taken.insert(ids[i].clone());
            n += 1;
            notes.insert(
                i,
                crate::t!("import.units-slug-shared", slug = *k, id = ids[i].as_str(), keeper = rows[keeper].name.as_str()).into_owned(),
            );
        }
    }
    let mut o = String::new();
    let _ = writeln!(o, "# {}", crate::t!("import.units-from-csv", file = shown, n = rows.len().to_string()));
    o.push('\n');
    for (i, r) in rows.iter().enumerate() {
        if let Some(n) = notes.get(&i) {
            let _ = writeln!(o, "# {}: {}", crate::t!("import.review-word"), n);
        }
        o.push_str("[[unit]]\n");
        let _ = writeln!(o, "id     = {}", q(&ids[i]));
        let _ = writeln!(o, "name   = {}", q(&r.name));
        if !r.kind.is_empty() {
            let _ = writeln!(o, "kind   = {}", q(&r.kind));
        }
        if !r.code.is_empty() {
            let _ = writeln!(o, "code   = {}", q(&r.code));
        }
        if !r.domain.is_empty() {
            let d = match r.domain.strip_prefix(&format!("{}.", r.slug)) {
                Some(rest) if ids[i] != r.slug => format!("{}.{rest}", ids[i]),
                _ => r.domain.clone(),
            };
            let _ = writeln!(o, "domain = {}", q(&d));
        }
        if !r.former_province.is_empty() {
            let _ = writeln!(o, "former_province  = {}", q(&r.former_province));
        }
        if !r.former_districts.is_empty() {
            let _ = writeln!(o, "former_districts = [{}]", r.former_districts.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "));
        }
        if !r.former_province.is_empty() {
            let _ = writeln!(o, "groups = [{}]", q(&format!("from-{}", slug(&r.former_province))));
        }
        if !r.legacy.is_empty() {
            o.push_str("legacy = [\n");
            for (n, c) in &r.legacy {
                if c.is_empty() {
                    let _ = writeln!(o, "  {{ name = {} }},", q(n));
                } else {
                    let _ = writeln!(o, "  {{ name = {}, code = {} }},", q(n), q(c));
                }
            }
            o.push_str("]\n");
        }
        o.push('\n');
    }
    Ok(o)
}
