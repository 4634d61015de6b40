//! The structure: parts (`II.`), numbered sections (`4.`, counted in order,
//! so a number printed twice is the next section) and lettered items (`a)` …
//! `đ)`, the letters Vietnamese skips allowed), or bullets (`- …`, read as
//! `ý 1`, `ý 2`) in a section without letters. Markers are found in the
//! running text, not only at the start of a line, so that a document whose
//! lines are broken elsewhere reads the same: a marker is the next one in
//! sequence, followed by a word that begins with a capital letter.

use super::text::join;

/// Item letters in order, as `crate::rules::unknown_clause` reads them.
const LETTERS: &[&str] = &[
    "a", "b", "c", "d", "đ", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
];

#[derive(Debug, Default)]
pub struct Item {
    /// `b`, `đ`, or `ý 2` for a bullet.
    pub label: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Section {
    pub number: usize,
    pub heading: String,
    /// The section's own text when it has no items (after its first line).
    pub body: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Default)]
pub struct Part {
    pub numeral: String,
    pub heading: String,
    pub sections: Vec<Section>,
}

/// The document's body: the text before the first part, and the parts.
#[derive(Debug, Default)]
pub struct Doc {
    pub preamble: String,
    pub parts: Vec<Part>,
    /// The closing paragraph (`Yêu cầu các cơ quan, đơn vị, địa phương …
    /// báo cáo … trước ngày 20 hằng tháng./.`), taken off the last item.
    pub closing: String,
}

fn roman(n: usize) -> &'static str {
    ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"].get(n).copied().unwrap_or("")
}

fn capital(w: Option<&&str>) -> bool {
    w.and_then(|w| w.trim_start_matches(['(', '"', '“']).chars().next()).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Where the text of the document ends: the recipients' list or the
/// signature.
fn is_end(words: &[&str], i: usize) -> bool {
    words[i] == "Nơi" && words.get(i + 1).is_some_and(|w| w.starts_with("nhận"))
}

enum Target {
    Pre,
    PartHead,
    SecHead,
    Item,
}

/// Reads the parts, sections and items of the lines.
pub fn read(lines: &[String]) -> Doc {
    // Words, each with whether it begins a line.
    let mut words: Vec<&str> = Vec::new();
    let mut line_start: Vec<bool> = Vec::new();
    for l in lines {
        // Markdown emphasis and headings (`## **2. Sở Tài chính**`) read through.
        let mut k = 0;
        for w in l.split_whitespace() {
            let w = w.trim_matches('*');
            if w.is_empty() || w.bytes().all(|b| b == b'#') {
                continue;
            }
            words.push(w);
            line_start.push(k == 0);
            k += 1;
        }
    }
    let mut doc = Doc::default();
    let mut buf: Vec<&str> = Vec::new();
    let mut target = Target::Pre;
    let mut letter_at: Option<usize> = None;
    let mut bullets = 0usize;
    let flush = |doc: &mut Doc, target: &Target, buf: &mut Vec<&str>| {
        let s = join(buf);
        buf.clear();
        match target {
            Target::Pre => doc.preamble = s,
            Target::PartHead => {
                if let Some(p) = doc.parts.last_mut() {
                    p.heading = s
                }
            }
            Target::SecHead => {
                if let Some(sec) = doc.parts.last_mut().and_then(|p| p.sections.last_mut()) {
                    sec.heading = s
                }
            }
            Target::Item => {
                if let Some(it) = doc.parts.last_mut().and_then(|p| p.sections.last_mut()).and_then(|s| s.items.last_mut()) {
                    it.text = s
                }
            }
        }
    };
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let next = words.get(i + 1);
        if is_end(&words, i) {
            break;
        }
        // A part.
        let numeral = roman(doc.parts.len() + 1);
        if w.strip_suffix('.') == Some(numeral) && capital(next) {
            flush(&mut doc, &target, &mut buf);
            doc.parts.push(Part { numeral: numeral.into(), ..Part::default() });
            target = Target::PartHead;
            letter_at = None;
            i += 1;
            continue;
        }
        // A document without parts: its first section `1.` at the start of a
        // line opens one unnamed part.
        if doc.parts.is_empty() && w == "1." && line_start[i] && capital(next) {
            flush(&mut doc, &target, &mut buf);
            doc.parts.push(Part::default());
            target = Target::PartHead;
        }
        // A section: the next number or the same again.
        let cur = doc.parts.last().map(|p| p.sections.len());
        if let Some(cur) = cur
            && let Some(n) = w.strip_suffix('.').filter(|d| !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
        {
            let n: usize = n.parse().unwrap_or(0);
            // A number printed again must begin a line or a sentence.
            let prev_ok = n == cur + 1 || i == 0 || line_start[i] || words[i - 1].ends_with(['.', ';', ':']);
            if (n == cur + 1 || (n == cur && cur > 0)) && capital(next) && prev_ok {
                flush(&mut doc, &target, &mut buf);
                if let Some(part) = doc.parts.last_mut() {
                    part.sections.push(Section { number: cur + 1, ..Section::default() });
                }
                target = Target::SecHead;
                letter_at = None;
                bullets = 0;
                i += 1;
                continue;
            }
        }
        if cur.is_some_and(|c| c > 0) {
            // An item: the next letter (or a later one, once lettering began).
            if let Some(l) = w.strip_suffix(')') {
                let from = letter_at.map_or(0, |k| k + 1);
                if let Some(k) = LETTERS.iter().skip(from).position(|x| *x == l).map(|p| p + from)
                    && (k == from || (letter_at.is_some() && l != "a"))
                    && capital(next)
                    && bullets == 0
                {
                    flush(&mut doc, &target, &mut buf);
                    push_item(&mut doc, l.to_string());
                    target = Target::Item;
                    letter_at = Some(k);
                    i += 1;
                    continue;
                }
            }
            // A bullet item in a section without letters (not a field line).
            if w == "-" && letter_at.is_none() && capital(next) && !is_field(&words[i + 1..]) {
                let starts = line_start[i] || words[i - 1].ends_with(['.', ';', ':']) || matches!(target, Target::SecHead);
                if starts && (bullets > 0 || matches!(target, Target::SecHead)) {
                    flush(&mut doc, &target, &mut buf);
                    bullets += 1;
                    push_item(&mut doc, format!("ý {bullets}"));
                    target = Target::Item;
                    i += 1;
                    continue;
                }
            }
        }
        buf.push(w);
        i += 1;
    }
    // The closing paragraph: the last sentence that begins `Yêu cầu` or `Đề
    // nghị` after the last item's own text, up to the recipients.
    if !matches!(target, Target::Pre) {
        let k = (1..buf.len().saturating_sub(1))
            .rev()
            .find(|&k| matches!((buf[k], buf[k + 1]), ("Yêu", "cầu") | ("Đề", "nghị")) && buf[k - 1].ends_with(['.', ':']));
        if let Some(k) = k
            && buf.last().is_some_and(|w| w.ends_with('.'))
        {
            doc.closing = join(&buf[k..]);
            buf.truncate(k);
        }
    }
    flush(&mut doc, &target, &mut buf);
    // A section without items: its heading is its first line, the rest its body.
    // The lines as the words were read: without Markdown marks.
    let clean: Vec<String> = if doc.parts.iter().any(|p| p.sections.iter().any(|s| s.items.is_empty())) {
        lines
            .iter()
            .map(|l| {
                l.split_whitespace()
                    .map(|w| w.trim_matches('*'))
                    .filter(|w| !w.is_empty() && !w.bytes().all(|b| b == b'#'))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    } else {
        Vec::new()
    };
    let lines = &clean;
    for p in &mut doc.parts {
        for s in &mut p.sections {
            if s.items.is_empty() {
                let (h, b) = split_heading(&s.heading, lines);
                s.heading = h;
                s.body = b;
            }
        }
    }
    doc
}

fn push_item(doc: &mut Doc, label: String) {
    if let Some(sec) = doc.parts.last_mut().and_then(|p| p.sections.last_mut()) {
        sec.items.push(Item { label, text: String::new() });
    }
}

/// Does a field line (`Đơn vị chủ trì:` …) begin here?
fn is_field(words: &[&str]) -> bool {
    let s = words.iter().take(4).copied().collect::<Vec<_>>().join(" ");
    super::fields::FIELD_WORDS.iter().any(|f| s.starts_with(f))
}

/// Splits a section's text at the end of the line its heading is printed on.
fn split_heading(text: &str, lines: &[String]) -> (String, String) {
    // The line that holds the start of the text (after its number): the
    // longest such, since a shorter one may be another line that begins
    // the same way (`- Công an tỉnh;` among the addressees).
    let mut best: Option<&str> = None;
    for l in lines {
        if let Some(pos) = l.find(' ') {
            let rest = &l[pos + 1..];
            if !rest.is_empty() && text.starts_with(rest) && rest.len() < text.len() && best.is_none_or(|b| rest.len() > b.len()) {
                best = Some(rest);
            }
        }
    }
    match best {
        Some(rest) => (rest.trim().to_string(), text[rest.len()..].trim().to_string()),
        None => (text.to_string(), String::new()),
    }
}
