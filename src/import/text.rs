//! Reading the text: the lines of a plain-text extraction (PDF or Word),
//! cleaned of what the extraction leaves in the middle of sentences.

use unicode_normalization::UnicodeNormalization;

/// A line with its numbers as `#`: a running header's form on every page.
fn numbers_hidden(line: &str) -> String {
    let mut out = String::new();
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Does the line hold a date or a number with a slash (`31/12/2025`,
/// `215/KH`)? A table's cell (`Các địa phương 31/12/2025`) is no header;
/// `CÔNG BÁO/Số 31/Ngày 15-9-2025` may be.
fn date_like(line: &str) -> bool {
    let b = line.as_bytes();
    (1..b.len().saturating_sub(1)).any(|i| b[i] == b'/' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
}

/// A running header or footer (`Công báo tỉnh Quảng Ngãi Số 12 Trang 5`): a
/// line of two words or more with a number, printed three times or more
/// with only its numbers changed, that is no sentence's end, no field, no
/// date (`31/12/2025`) and no item (`-`, `1.`, `a)`).
fn running_header(line: &str, repeats: usize) -> bool {
    let marker = line.split_whitespace().next().is_some_and(|w| {
        w.starts_with(['-', '+', '*', '•'])
            || (w.ends_with(['.', ')']) && w.len() <= 5 && w[..w.len() - 1].chars().all(|c| c.is_alphanumeric()))
    });
    repeats >= 3
        && line.chars().any(|c| c.is_ascii_digit())
        && line.split_whitespace().count() >= 2
        && !line.contains([':', ';'])
        && !date_like(line)
        && !line.ends_with(['.', ',', ';', ':'])
        && !marker
}

/// The document's lines as printed (tabs kept, for tables), without what
/// [`lines`] drops as no text: page numbers, running headers, running URLs;
/// a form feed at a line's start or end taken off.
pub fn raw_lines(text: &str) -> Vec<String> {
    let kept: std::collections::HashSet<String> = lines(text).into_iter().collect();
    text.lines()
        .map(|l| l.trim_matches('\u{c}'))
        .filter(|l| {
            let norm: String = l.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
            norm.is_empty() || kept.contains(&norm)
        })
        .map(str::to_string)
        .collect()
}

/// The document's non-empty lines, NFC, trimmed; a line that is only a URL
/// printed again (a running footer), only a page number, or a running
/// header, is dropped.
pub fn lines(text: &str) -> Vec<String> {
    let mut seen_urls: std::collections::HashSet<String> = std::collections::HashSet::new();
    let all: Vec<String> = text.lines().map(|raw| raw.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let mut repeats: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for l in all.iter().filter(|l| l.chars().any(|c| c.is_ascii_digit())) {
        *repeats.entry(numbers_hidden(l)).or_default() += 1;
    }
    let mut out = Vec::new();
    for line in all {
        if line.is_empty() || line.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if line.chars().any(|c| c.is_ascii_digit()) && running_header(&line, repeats.get(&numbers_hidden(&line)).copied().unwrap_or(0)) {
            continue;
        }
        if (line.starts_with("http://") || line.starts_with("https://")) && !line.contains(' ') {
            // Printed elsewhere too: a footer, not the text. (A few looked up.)
            if seen_urls.contains(&line) || (seen_urls.len() < 20 && text.matches(line.as_str()).count() > 1) {
                if !seen_urls.contains(&line) {
                    seen_urls.insert(line);
                }
                continue;
            }
        }
        out.push(line);
    }
    out
}

/// Joins broken lines into running text: a word cut by a hyphen at the end
/// of a line (`TTr-` / `SKHCN`) is joined without a space; a syllable cut in
/// two (`ng-` / `hệ`: lower case on both sides, which no Vietnamese word
/// hyphenates) loses its hyphen too.
pub fn join<S: AsRef<str>>(parts: &[S]) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.as_ref().trim();
        if p.is_empty() {
            continue;
        }
        let before = out.chars().rev().nth(1);
        let glue = out.ends_with('-') && before.is_some_and(char::is_alphanumeric);
        if glue && cut_syllable(&out, p) {
            out.pop();
        }
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// Is `out`'s trailing `X-` the first half of a syllable `p` ends? `ng-` /
/// `hệ`, `Đ-` / `ơn` (a word in lower case or capitalised, going on in lower
/// case), `THỰC HI-` / `ỆN` (capitals after a word in capitals, with no number
/// or `/` in it); not a code's hyphen (`215/KH-` / `UBND`, `TTr-` / `SKHCN`,
/// `VNPT-` / `iOffice`).
fn cut_syllable(out: &str, p: &str) -> bool {
    let head = out[..out.len() - 1].rsplit(' ').next().unwrap_or("");
    let mut words = out[..out.len() - 1].rsplit(' ');
    let _ = words.next();
    let prev = words.next().unwrap_or("");
    let Some(next) = p.chars().next() else { return false };
    if head.is_empty() || !head.chars().all(char::is_alphabetic) {
        return false;
    }
    let rest_lower = head.chars().skip(1).all(char::is_lowercase);
    if next.is_lowercase() {
        return rest_lower;
    }
    let caps = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic() && c.is_uppercase());
    let p_word = p.split_whitespace().next().unwrap_or("").trim_end_matches(|c: char| !c.is_alphanumeric());
    next.is_uppercase() && head.chars().all(char::is_uppercase) && caps(prev) && p_word.chars().all(char::is_uppercase)
}

/// Lower-case, without diacritics (`đ` → `d`): the form names are matched in.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// An ASCII slug: `Sở Tài chính` → `so-tai-chinh`.
pub fn slug(s: &str) -> String {
    let f = fold(s);
    let mut out = String::new();
    for c in f.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    out.chars().take(40).collect::<String>().trim_end_matches('-').to_string()
}

/// The first letter in lower case (`Trước ngày` → `trước ngày`).
pub fn lcfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The first sentence of a text: up to `;` or `. ` (a `.` inside a number or
/// an abbreviation is kept; after a number, `. ` ends the sentence when a
/// capital follows: `… trước ngày 5/10/2025. Yêu cầu …`), without the
/// trailing punctuation.
pub fn first_sentence(s: &str) -> String {
    let mut end = s.len();
    let b = s.as_bytes();
    for (i, c) in s.char_indices() {
        let capital_next = c == '.' && s[i + 1..].strip_prefix(' ').and_then(|r| r.chars().next()).is_some_and(char::is_uppercase);
        let after_number = i > 0 && b[i - 1].is_ascii_digit();
        if c == ';' || (c == '.' && (i + 1 >= b.len() || b[i + 1] == b' ') && i > 0 && (!after_number || capital_next)) {
            end = i;
            break;
        }
    }
    s[..end].trim().trim_end_matches([',', ':', '.', ';']).trim().to_string()
}

/// The first letter in upper case.
pub fn ucfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
