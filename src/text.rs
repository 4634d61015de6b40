//! Text helpers: Unicode NFC normalisation and id syntax.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The NFC form of `s`, borrowed when it already is NFC (the common case).
pub fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => {
            let n: String = s.nfc().collect();
            if n == s { Cow::Borrowed(s) } else { Cow::Owned(n) }
        }
    }
}

/// Owned NFC form.
pub fn nfc_string(s: String) -> String {
    match nfc(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(n) => n,
    }
}

/// Task ids: lowercase ASCII letters, digits, `.`, `-`, `_`; starting with a
/// letter or digit; dots group (`qlvb.accounts.leaders`), so no empty group.
pub fn check_task_id(id: &str) -> Result<(), String> {
    check_id(id, false)
}

/// Unit ids are also portal sub-domains: lowercase ASCII letters, digits, `-`.
pub fn check_unit_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("an id cannot be empty".into());
    }
    if let Some(c) = id.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        return Err(format!(
            "`{c}` is not allowed in a unit id: use lowercase ASCII letters, digits and `-` (it is also the portal sub-domain)"
        ));
    }
    if id.starts_with('-') || id.ends_with('-') {
        return Err("a unit id cannot start or end with `-`".into());
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
        return Err("an id cannot be empty".into());
    }
    let ok = |c: char| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_') || (unicode && c.is_alphabetic() && !c.is_uppercase())
    };
    if let Some(c) = id.chars().find(|c| !ok(*c)) {
        let hint = if c.is_uppercase() { " (ids are lowercase)" } else { "" };
        return Err(format!("`{c}` is not allowed in an id{hint}: use lowercase letters, digits, `.`, `-`, `_`"));
    }
    if !id.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return Err("an id must start with a letter or a digit".into());
    }
    if id.ends_with('.') || id.contains("..") {
        return Err("dots separate groups of an id: no empty group".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_of_nfd_vietnamese() {
        let nfd: String = "Cẩm Thành".nfd().collect();
        assert_ne!(nfd, "Cẩm Thành");
        assert_eq!(nfc(&nfd), "Cẩm Thành");
        assert!(matches!(nfc("Cẩm Thành"), Cow::Borrowed(_)));
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
