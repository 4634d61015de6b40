//! `unknown-clause` (error): a task's `source` clause names a part, section
//! or item its document does not have, when the `[[source]]` names the
//! document's `file` (the seeds' plain text).
//!
//! The document is read as a plan document is written: parts in roman
//! numerals (`II.`), numbered sections (`4.`) and lettered items (`a)` …
//! `đ)` …), each at the start of a line. Sections are counted in the order
//! the document gives them, so a number printed twice (002 prints "4."
//! twice) is the next section all the same: its fifth section is `II.5`. A
//! number or a letter out of sequence (a wrapped line that begins with "1."
//! or "a)") is text, not structure. The clause forms checked: `II.5.b`,
//! `II.5`, `III.3` (with parts), `4.a`, `5` and `3 ý 2` (without parts; the
//! `ý` is not counted; nor are numbered sub-sections such as `2.1`). Other forms (`PL STT 9`, `nhóm II, STT 1`, `đoạn
//! kết`) are not checked, and nor is a document that cannot be read.

use crate::diag::Finding;
use crate::model::Plan;
use crate::rules::Rule;

/// Vietnamese item letters in order (`f`, `j`, `w`, `z` appear in some documents).
const LETTERS: &[&str] = &[
    "a", "b", "c", "d", "đ", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
];

/// A document's structure: its parts (none: one unnamed part), each a list
/// of sections, each its item letters.
#[derive(Debug, Default, PartialEq)]
pub struct Structure {
    /// (roman numeral, sections); one part with an empty numeral when the
    /// document has no parts.
    pub parts: Vec<(String, Vec<Vec<&'static str>>)>,
}

fn roman(n: usize) -> String {
    const R: [(usize, &str); 9] = [(40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"), (0, ""), (0, ""), (0, "")];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in R {
        while v > 0 && n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Reads the structure of a document's text.
pub fn structure(text: &str) -> Structure {
    let mut s = Structure::default();
    let mut letter_at: Option<usize> = None;
    for raw in text.lines() {
        // Markdown headings and bold (`## **2. …**`) are read through.
        let line = raw.trim_start().trim_start_matches(['#', '*', ' ', '\t']);
        // A part: the next roman numeral, then ". ".
        let next_part = roman(s.parts.iter().filter(|p| !p.0.is_empty()).count() + 1);
        if let Some(rest) = line.strip_prefix(next_part.as_str()).and_then(|r| r.strip_prefix('.')) {
            if rest.starts_with(char::is_whitespace) || rest.is_empty() {
                if s.parts.len() == 1 && s.parts[0].0.is_empty() && s.parts[0].1.is_empty() {
                    s.parts.clear();
                }
                s.parts.push((next_part, Vec::new()));
                letter_at = None;
                continue;
            }
        }
        // A section: a number, then "." and a space; the next number, or the
        // same one printed again.
        let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            let rest = &line[digits.len()..];
            if rest.starts_with('.') && rest[1..].starts_with(char::is_whitespace) {
                let n: usize = digits.parse().unwrap_or(0);
                if s.parts.is_empty() {
                    s.parts.push((String::new(), Vec::new()));
                }
                let sections = &mut s.parts.last_mut().unwrap().1;
                let cur = sections.len();
                if n == cur + 1 || (n == cur && cur > 0) {
                    sections.push(Vec::new());
                    letter_at = None;
                }
                continue;
            }
        }
        // An item: the next letter, then ")".
        if let Some(sections) = s.parts.last_mut().map(|p| &mut p.1) {
            if let Some(items) = sections.last_mut() {
                let from = letter_at.map_or(0, |k| k + 1);
                if let Some((k, l)) =
                    LETTERS.iter().enumerate().skip(from).find(|(_, l)| line.strip_prefix(**l).is_some_and(|r| r.starts_with(')')))
                {
                    // Only the letter right after the last one (or `a` first).
                    if k == from || (letter_at.is_some() && *l != "a") {
                        items.push(l);
                        letter_at = Some(k);
                    }
                }
            }
        }
    }
    s
}

/// Does the document have the clause? `None`: a form this rule does not check.
pub fn has_clause(s: &Structure, clause: &str) -> Option<bool> {
    let head = clause.split_whitespace().next()?;
    let pieces: Vec<&str> = head.split('.').collect();
    let with_parts = s.parts.iter().any(|p| !p.0.is_empty());
    let (part, rest) = if pieces[0].chars().all(|c| "IVX".contains(c)) && !pieces[0].is_empty() {
        if !with_parts {
            return Some(false);
        }
        (s.parts.iter().find(|p| p.0 == pieces[0]), &pieces[1..])
    } else if pieces[0].chars().all(|c| c.is_ascii_digit()) && !pieces[0].is_empty() {
        if with_parts {
            return None;
        }
        (s.parts.first(), &pieces[..])
    } else {
        return None;
    };
    let Some((_, sections)) = part else { return Some(false) };
    let Some(n) = rest.first() else { return Some(true) };
    let Ok(n) = n.parse::<usize>() else { return None };
    let Some(items) = n.checked_sub(1).and_then(|i| sections.get(i)) else { return Some(false) };
    match rest.get(1) {
        None => Some(true),
        // `2.1`: a numbered sub-section, which this reading does not count.
        Some(l) if l.chars().all(|c| c.is_ascii_digit()) => None,
        Some(l) if rest.len() == 2 => Some(items.contains(l)),
        Some(_) => None,
    }
}

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let mut docs: Vec<Option<Structure>> = Vec::with_capacity(plan.sources.len());
    for src in &plan.sources {
        let text = src.file.as_ref().and_then(|f| {
            let base = plan.files.get(src.span.file).path.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
            let limits = crate::source::ReadLimits { max_bytes: 16 << 20, special: false };
            crate::source::read_limited(&base.join(f), limits).ok()
        });
        docs.push(text.map(|b| structure(&String::from_utf8_lossy(&b))));
    }
    for (i, t) in plan.tasks.iter().enumerate() {
        let Some((s, clause)) = t.source() else { continue };
        let Some(doc) = &docs[s.ix()] else { continue };
        if has_clause(doc, clause) != Some(false) {
            continue;
        }
        let src = &plan.sources[s.ix()];
        let at = t.more.as_ref().and_then(|m| m.source_span).unwrap_or(t.spans.id_key());
        out.push(
            Finding::new(
                Rule::UnknownClause,
                Some(at),
                crate::t!("rule.unknown-clause.message", task = t.id, source = src.id, clause = clause),
            )
            .task(i as u32, &t.id)
            .label(crate::t!("rule.unknown-clause.label"))
            .help(crate::t!(
                "rule.unknown-clause.help",
                file = src.file.as_ref().map(|f| format!(" ({f})")).unwrap_or_default(),
                outline = outline(doc)
            )),
        );
    }
}

/// `parts I (2 sections), II (7), III (5)` or `sections 1–6`.
fn outline(s: &Structure) -> String {
    if s.parts.iter().any(|p| !p.0.is_empty()) {
        let parts: Vec<String> =
            s.parts.iter().map(|(r, secs)| crate::t!("rule.unknown-clause.part", part = r, count = secs.len()).into_owned()).collect();
        crate::t!("rule.unknown-clause.parts", parts = parts.join(", ")).into_owned()
    } else {
        crate::t!("rule.unknown-clause.sections", count = s.parts.first().map_or(0, |p| p.1.len())).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "I. MỤC ĐÍCH\n1. Mục đích\na) x\nb) y\n2. Yêu cầu\na) z\nII. NHIỆM VỤ\n 1. Email\na) one\nb) two\nc) three\nd) four\n\
        2. LGSP\na) one\n b) two\nđiểm\na) not an item: out of sequence\n3. TTHC\na) x\n4. Báo cáo\na) x\n4. QLVB\na) x\nb) x\nc) x\nd) x\nđ) x\ne) x\n\
        5. Cổng\na) x\nIII. TỔ CHỨC\n1. SKHCN\na) x\n3. out of sequence\n2. VP\n";

    #[test]
    fn the_document_is_read_as_written_and_a_repeated_number_is_the_next_section() {
        let s = structure(DOC);
        let names: Vec<(&str, usize)> = s.parts.iter().map(|(r, secs)| (r.as_str(), secs.len())).collect();
        assert_eq!(names, [("I", 2), ("II", 6), ("III", 2)]);
        assert_eq!(s.parts[1].1[4], ["a", "b", "c", "d", "đ", "e"], "the second 4. is II.5");
        assert_eq!(s.parts[1].1[1], ["a", "b"]);
        for (c, want) in [
            ("II.5.đ", Some(true)),
            ("II.5.g", Some(false)),
            ("II.9.z", Some(false)),
            ("II.6", Some(true)),
            ("III.2", Some(true)),
            ("IV.1", Some(false)),
            ("III.3", Some(false)),
            ("PL STT 9", None),
            ("4.a", None),
        ] {
            assert_eq!(has_clause(&s, c), want, "{c}");
        }
        let flat = structure("Kính gửi\n1. Công an\n2. Các sở\n3. SKHCN:\n- ý\n4. UBND\n");
        assert_eq!(has_clause(&flat, "3 ý 2"), Some(true));
        assert_eq!(has_clause(&flat, "5"), Some(false));
        assert_eq!(has_clause(&flat, "II.1"), Some(false));
        assert_eq!(has_clause(&flat, "2.1 ý 1"), None, "numbered sub-sections are not counted");
    }
}
