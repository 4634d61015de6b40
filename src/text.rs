//! Text helpers: Unicode NFC normalisation, id syntax, and text from a
//! plan made safe for a terminal.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The NFC form of `s`, borrowed when it already is NFC (the common case).
pub fn nfc(s: &str) -> Cow<'_, str> {
    // ASCII is NFC (most ids and every generated title), checked a word at a time.
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    // Vietnamese written precomposed (as the documents are) is letters
    // below U+0300 and in Latin Extended Additional: each is NFC alone and
    // combines with nothing before it, so the text is NFC (a test checks
    // every such character against the Unicode tables).
    if s.chars().all(stays_nfc) {
        return Cow::Borrowed(s);
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => {
            let n: String = s.nfc().collect();
            if n == s { Cow::Borrowed(s) } else { Cow::Owned(n) }
        }
    }
}

/// Is `c` NFC in any text, whatever precedes it: a starter (combining
/// class 0) that NFC keeps as it is, and never the second of a pair NFC
/// composes. True of every character below U+0300 (Latin-1, Latin
/// Extended-A and -B, IPA, spacing modifiers) and of Latin Extended
/// Additional (U+1E00–U+1EFF: ạ, ả, ấ, ầ, ẩ, ẫ, ậ, … ỹ).
fn stays_nfc(c: char) -> bool {
    c < '\u{300}' || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

/// Owned NFC form.
pub fn nfc_string(s: String) -> String {
    match nfc(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(n) => n,
    }
}

/// Is `c` a character that must never reach a terminal as it is: C0
/// controls (except tab and line feed), DEL, C1 controls, and the bidi
/// overrides and isolates that reorder what a reader sees ("Trojan source").
fn is_unsafe(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The visible stand-in of an unsafe character: one character, so columns
/// stay where they were. C0 controls and DEL become their Unicode "control
/// pictures" (ESC prints as `␛`, so `\x1b[2J` shows as `␛[2J`); C1 controls
/// and bidi controls become `�`.
fn stand_in(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Text from a plan (or a status log, or an argument) made safe to print on
/// a terminal: every control character and escape sequence shows as visible
/// text instead of acting (see [`stand_in`]); tab and line feed stay.
/// Borrowed when there is nothing to change (the common case). Every human
/// renderer passes plan text through this.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| if is_unsafe(c) { stand_in(c) } else { c }).collect())
}

/// Like [`visible`], on one line: line breaks and tabs become spaces too
/// (a title in a table row, a checklist line, a message).
pub fn visible_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) || matches!(c, '\n' | '\t' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\t' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
                c if is_unsafe(c) => stand_in(c),
                c => c,
            })
            .collect(),
    )
}

/// Text with every control character removed (tab and line feed kept):
/// for formats whose grammar forbids them (RFC 5545 text).
pub fn without_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|c| !is_unsafe(*c)).collect())
}

/// Text for HTML or XML, in an element or an attribute value, on one
/// line: `&`, `<`, `>`, `"` and `'` become references. Characters XML 1.0
/// forbids (C0 controls other than tab, line feed and carriage return;
/// U+FFFE and U+FFFF) are dropped, so an SVG stays well-formed, and so are
/// carriage returns, DEL, C1 controls and bidi overrides
/// ([`without_controls`]); a line feed becomes a space. The one escape of
/// every HTML and SVG the tool writes (`gantt`, `table`, the server's pages).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in without_controls(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push(' '),
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Task ids: lowercase ASCII letters, digits, `.`, `-`, `_`; starting with a
/// letter or digit; dots group (`qlvb.accounts.leaders`), so no empty group.
pub fn check_task_id(id: &str) -> Result<(), String> {
    check_id(id, false)
}

/// Unit ids are also portal sub-domains: lowercase ASCII letters, digits, `-`.
pub fn check_unit_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err(crate::t!("err.id-empty").into_owned());
    }
    if let Some(c) = id.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        return Err(crate::t!("err.unit-id-char", c = c).into_owned());
    }
    if id.starts_with('-') || id.ends_with('-') {
        return Err(crate::t!("err.unit-id-dash").into_owned());
    }
    Ok(())
}

/// Org, system and source ids: like task ids, but letters may be any
/// lowercase Unicode letters (compared after NFC).
pub fn check_other_id(id: &str) -> Result<(), String> {
    check_id(id, true)
}

fn check_id(id: &str, unicode: bool) -> Result<(), String> {
    if id.is_empty() {
        return Err(crate::t!("err.id-empty").into_owned());
    }
    let ok = |c: char| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_') || (unicode && c.is_alphabetic() && !c.is_uppercase())
    };
    if let Some(c) = id.chars().find(|c| !ok(*c)) {
        let hint = if c.is_uppercase() { crate::t!("err.id-lowercase") } else { "".into() };
        return Err(crate::t!("err.id-char", c = c, hint = hint).into_owned());
    }
    if !id.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return Err(crate::t!("err.id-start").into_owned());
    }
    if id.ends_with('.') || id.as_bytes().windows(2).any(|w| w == b"..") {
        return Err(crate::t!("err.id-dots").into_owned());
    }
    Ok(())
}

/// Text for Markdown that can never become markup, on one line: the
/// characters Markdown reads are escaped, a line break becomes a space (it
/// can never start a list item or a heading of its own) and a control
/// character shows as its visible stand-in ([`visible_line`]). Every
/// Markdown report (checklists, `diff`, `table`) goes through it.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in visible_line(s).chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Splits one CSV line (RFC 4180: quoted fields, `""` escapes).
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut in [`nfc`] holds for every character it takes: each is
    /// a starter whose NFC quick check is Yes. Unicode gives every
    /// character that can be the second of a composition the answer
    /// Maybe, so a text of such characters is NFC (UAX #15, "Detecting
    /// Normalization Forms").
    #[test]
    fn the_characters_taken_as_nfc_are() {
        use unicode_normalization::char::canonical_combining_class;
        let taken: Vec<char> = (0..=0x10ffffu32).filter_map(char::from_u32).filter(|c| stays_nfc(*c)).collect();
        assert_eq!(taken.len(), 0x300 + 0x100);
        for c in &taken {
            let one = c.to_string();
            assert_eq!(is_nfc_quick(one.chars()), IsNormalized::Yes, "{:04X}", *c as u32);
            assert_eq!(canonical_combining_class(*c), 0, "{:04X}", *c as u32);
            assert_eq!(one.nfc().collect::<String>(), one, "{:04X}", *c as u32);
        }
        // Not so of the combining marks just above: they are left to the check.
        assert!(!stays_nfc('\u{301}') && !stays_nfc('\u{1f00}'));
        assert_eq!(nfc("Cẩm Thành"), "Cẩm Thành");
        assert!(matches!(nfc("Cẩm Thành"), Cow::Borrowed(_)));
        let nfd: String = "Cẩm Thành".nfd().collect();
        assert!(matches!(nfc(&nfd), Cow::Owned(_)));
    }

    #[test]
    fn nfc_of_nfd_vietnamese() {
        let nfd: String = "Cẩm Thành".nfd().collect();
        assert_ne!(nfd, "Cẩm Thành");
        assert_eq!(nfc(&nfd), "Cẩm Thành");
        assert!(matches!(nfc("Cẩm Thành"), Cow::Borrowed(_)));
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(visible("bell\u{7}\u{9b}31m\u{202e}x"), "bell\u{2407}\u{fffd}31m\u{fffd}x");
        assert!(matches!(visible("Cẩm Thành\tx\ny"), Cow::Borrowed(_)));
        assert_eq!(visible_line("a\nb\r\tc\u{1b}"), "a b  c\u{241b}");
        assert_eq!(without_controls("a\u{1b}]8;;x\u{7}b\u{0}"), "a]8;;xb");
        // One character each: columns do not move.
        let s = "x\u{1b}\u{9b}\u{7f}y";
        assert_eq!(visible(s).chars().count(), s.chars().count());
    }

    #[test]
    fn xml_text_is_well_formed() {
        assert_eq!(xml("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(xml("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        // Characters XML 1.0 forbids are dropped; line breaks are spaces.
        let s = xml("a\u{1b}[2J\u{1b}]8;;http://x\u{7}b\u{0}\u{8}\u{b}\u{c}\u{1f}\u{7f}\u{9b}c\r\nd\te\u{fffe}\u{ffff}\u{202e}f");
        assert_eq!(s, "a[2J]8;;http://xbc d\tef");
        assert!(s.chars().all(|c| c == '\t' || !c.is_control()), "{s:?}");
        // Plain Vietnamese text is as it was.
        assert_eq!(xml("Cẩm Thành"), "Cẩm Thành");
    }

    #[test]
    fn ids() {
        assert!(check_task_id("qlvb.accounts.leaders").is_ok());
        assert!(check_task_id("a_b-1").is_ok());
        assert!(check_task_id("Qlvb").unwrap_err().contains("lowercase"));
        assert!(check_task_id("a..b").is_err());
        assert!(check_task_id(".a").is_err());
        assert!(check_task_id("a@b").is_err());
        assert!(check_task_id("").is_err());
        assert!(check_unit_id("sonha2").is_ok());
        assert!(check_unit_id("sơnhà").is_err());
        assert!(check_unit_id("son.ha").is_err());
        assert!(check_other_id("sở-kh").is_ok());
        assert!(check_other_id("Sở").is_err());
    }
}
