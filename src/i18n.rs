//! The language of every word the tool prints.
//!
//! Messages live in the catalogues under `locales/` (TOML, each key with its
//! `vi` and `en` text side by side), compiled into the binary by
//! `rust-i18n`, and are looked up with [`t!`](crate::t). The binary chooses
//! the language once, before it prints anything: `--lang`, else
//! `CUTOVER_LANG`, else Vietnamese. The library's own default (unit tests, a
//! library user who never calls [`set`]) is English.
//!
//! Rule names, ids, JSON keys and the plan's own words are never translated.

/// The language of printed labels and dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Sets the language of messages for the rest of the process.
pub fn set(lang: Lang) {
    rust_i18n::set_locale(code(lang));
}

/// The language messages are printed in.
pub fn current() -> Lang {
    if &*rust_i18n::locale() == "vi" { Lang::Vi } else { Lang::En }
}

/// The catalogue's code for a language.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    }
}

/// Reads a language code (`vi`, `en`, also `vi_VN.UTF-8`, `en-US`).
pub fn parse(s: &str) -> Option<Lang> {
    let s = s.trim().to_ascii_lowercase();
    let head = s.split(['_', '-', '.']).next().unwrap_or("");
    match head {
        "vi" => Some(Lang::Vi),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The message for `key` in the current language (for keys chosen at run
/// time: rule docs, phases). A key the catalogue lacks comes back as itself,
/// which a test forbids.
pub fn text(key: &str) -> String {
    crate::t!(key).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(parse("vi"), Some(Lang::Vi));
        assert_eq!(parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(parse("VI-vn"), Some(Lang::Vi));
        assert_eq!(parse("fr"), None);
    }
}
