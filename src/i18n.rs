//! The language of every word the tool prints.
//!
//! Messages live in the catalogues under `locales/` (TOML, each key with its
//! `vi` and `en` text side by side), compiled into the binary by `build.rs`
//! as one string and a table sorted by key, and are looked up with
//! [`t!`](crate::t): a binary search over static data, nothing built when the
//! process starts. The binary chooses the language once, before it prints
//! anything: `--lang`, else `CUTOVER_LANG`, else Vietnamese. The library's
//! own default (unit tests, a library user who never calls [`set`]) is
//! English.
//!
//! Rule names, ids, JSON keys and the plan's own words are never translated.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// The message `KEY` in the language asked for, with `%{name}` filled in:
/// `t!(KEY)`, `t!(KEY, name = value, …)`, `t!(KEY, locale = lang, …)` (a
/// [`Lang`], or a code as [`code`] gives). A key the catalogues lack comes back as
/// itself, which a test forbids.
#[macro_export]
macro_rules! t {
    ($key:expr $(,)?) => {
        $crate::i18n::message($key, $crate::i18n::current())
    };
    ($key:expr, locale = $locale:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::fill($crate::i18n::message($key, <$crate::i18n::Lang as ::std::convert::From<_>>::from($locale)), &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
    ($key:expr $(, $name:ident = $value:expr)+ $(,)?) => {
        $crate::i18n::fill($crate::i18n::message($key, $crate::i18n::current()), &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

/// The text of `key` in `lang`, when a catalogue has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let at = |a: u32, b: u32| &TEXT[a as usize..b as usize];
    let i = ENTRIES.binary_search_by(|e| at(e[0], e[1]).cmp(key)).ok()?;
    let e = &ENTRIES[i];
    Some(match lang {
        Lang::Vi => at(e[2], e[3]),
        Lang::En => at(e[4], e[5]),
    })
}

/// [`lookup`], or the key itself.
pub fn message(key: &str, lang: Lang) -> Cow<'static, str> {
    match lookup(lang, key) {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(key.to_string()),
    }
}

/// `template` with each `%{name}` of `args` replaced by its value, in one
/// pass (a value is never read for placeholders); a placeholder no argument
/// names is left as written.
pub fn fill(template: Cow<'static, str>, args: &[(&str, &dyn std::fmt::Display)]) -> Cow<'static, str> {
    let t: &str = &template;
    if !t.contains("%{") {
        return template;
    }
    let mut out = String::with_capacity(t.len() + 32);
    let mut rest = t;
    while let Some(i) = rest.find("%{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let value = after.find('}').and_then(|j| args.iter().find(|(n, _)| *n == &after[..j]).map(|(_, v)| (j, v)));
        match value {
            Some((j, v)) => {
                let _ = write!(out, "{v}");
                rest = &after[j + 1..];
            }
            None => {
                out.push_str("%{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The language of a catalogue code (`vi`, else English): `t!(…, locale =
/// …)` takes a [`Lang`] or its code.
impl From<&str> for Lang {
    fn from(code: &str) -> Lang {
        if code == "vi" { Lang::Vi } else { Lang::En }
    }
}

/// Whether messages are in Vietnamese (else English).
static VIETNAMESE: AtomicBool = AtomicBool::new(false);

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
    VIETNAMESE.store(lang == Lang::Vi, Ordering::Relaxed);
}

/// The language messages are printed in.
pub fn current() -> Lang {
    if VIETNAMESE.load(Ordering::Relaxed) { Lang::Vi } else { Lang::En }
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
    fn lookup_and_fill() {
        assert_eq!(lookup(Lang::Vi, "common.error"), Some("lỗi"));
        assert_eq!(lookup(Lang::En, "common.error"), Some("error"));
        assert_eq!(lookup(Lang::En, "common.no-such-key"), None);
        assert_eq!(message("common.no-such-key", Lang::Vi), "common.no-such-key");
        let keys = || ENTRIES.iter().map(|e| &TEXT[e[0] as usize..e[1] as usize]);
        assert!(keys().zip(keys().skip(1)).all(|(a, b)| a < b), "sorted, each once");
        let t = || Cow::Borrowed("a %{x} b %{y} %{x} %{z} %{ 100%");
        assert_eq!(fill(t(), &[("x", &1), ("y", &"%{x}")]), "a 1 b %{x} 1 %{z} %{ 100%");
        assert_eq!(crate::t!("cli.lang-invalid", locale = "en", value = "fr"), "`fr` is not a language: use `vi` or `en`");
        assert_eq!(
            crate::t!("cli.lang-invalid", locale = code(Lang::Vi), value = "fr"),
            "`fr` không phải là ngôn ngữ: dùng `vi` hoặc `en`"
        );
    }

    #[test]
    fn codes() {
        assert_eq!(parse("vi"), Some(Lang::Vi));
        assert_eq!(parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(parse("VI-vn"), Some(Lang::Vi));
        assert_eq!(parse("fr"), None);
    }
}
