//! The fields under an item: `Đơn vị chủ trì`, `Đơn vị phối hợp`, `Thời
//! gian thực hiện` / `Thời gian hoàn thành`, each a `- ` line in the
//! document, read from the item's running text.

/// The words that begin a field, longest first.
pub const FIELD_WORDS: &[&str] = &[
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện hoàn thành",
    "Thời gian thực hiện",
    "Thời gian hoàn thành",
    "Thời hạn hoàn thành",
    "Thời hạn",
];

#[derive(Debug, Default)]
pub struct Fields {
    /// The item's own text, before its fields.
    pub body: String,
    pub lead: Option<String>,
    pub support: Option<String>,
    pub due: Option<String>,
}

impl Fields {
    pub fn any(&self) -> bool {
        self.lead.is_some() || self.support.is_some() || self.due.is_some()
    }
}

/// Splits an item's text into its body and fields.
pub fn read(text: &str) -> Fields {
    // Every field start, case as printed (the first letter may be lower case).
    let lower = text.to_lowercase();
    // Offsets are shared with `text`: only when lower-casing kept them.
    let lower = if lower.len() == text.len() { lower } else { text.to_string() };
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    let mut from = 0;
    while from < lower.len() {
        let mut best: Option<(usize, &str)> = None;
        for f in FIELD_WORDS {
            let fl = f.to_lowercase();
            if let Some(p) = lower[from..].find(&fl) {
                let at = from + p;
                // Only as a field: followed by `:`.
                let after = lower[at + fl.len()..].trim_start();
                if after.starts_with(':') && best.is_none_or(|(b, bf)| at < b || (at == b && fl.len() > bf.len())) {
                    best = Some((at, f));
                }
            }
        }
        let Some((at, f)) = best else { break };
        let fl = f.to_lowercase();
        let colon = at + fl.len() + lower[at + fl.len()..].find(':').unwrap_or(0) + 1;
        marks.push((at, colon, f));
        from = colon;
    }
    let mut out = Fields::default();
    let body_end = marks.first().map_or(text.len(), |m| m.0);
    out.body = clean(&text[..body_end]);
    for (k, (_, colon, f)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
        // A field is a line or two: a longer value is cut (at a char boundary).
        let mut stop = end.min(colon + 600);
        while !text.is_char_boundary(stop) {
            stop -= 1;
        }
        let value = clean(&text[*colon..stop]);
        let slot = if f.contains("chủ trì") {
            &mut out.lead
        } else if f.contains("phối hợp") {
            &mut out.support
        } else {
            &mut out.due
        };
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value);
        }
    }
    out
}

/// Trims a field's value: spaces, the bullet dash of the next line, and the
/// `;` or `.` that ends it.
fn clean(s: &str) -> String {
    let mut s = s.trim();
    loop {
        let t = s.trim_end_matches(['-', ';', '.', ',', ' ']).trim_start_matches(['-', ' ', ':']);
        if t == s {
            break;
        }
        s = t;
    }
    s.to_string()
}
