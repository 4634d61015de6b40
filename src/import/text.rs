//! Reading the text: the lines of a plain-text extraction (PDF or Word),
//! cleaned of what the extraction leaves in the middle of sentences.

use unicode_normalization::UnicodeNormalization;

/// The document's non-empty lines, NFC, trimmed; a line that is only a URL
/// printed again (a running footer), or only a page number, is dropped.
pub fn lines(text: &str) -> Vec<String> {
    let mut seen_urls: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for raw in text.lines() {
        let line: String = raw.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() || line.chars().all(|c| c.is_ascii_digit()) {
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
/// of a line (`TTr-` / `SKHCN`) is joined without a space.
pub fn join<S: AsRef<str>>(parts: &[S]) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.as_ref().trim();
        if p.is_empty() {
            continue;
        }
        let glue = out.ends_with('-') && out.chars().rev().nth(1).is_some_and(char::is_alphanumeric);
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
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
