//! Every word in two languages: the message catalogues under `locales/`
//! hold each key in Vietnamese and English, the code asks only for keys the
//! catalogues have, and the binary speaks Vietnamese unless told otherwise.

use crate::test::{Test, root};
use std::collections::{BTreeMap, BTreeSet};

/// Every catalogue key with its texts by language, read with an independent
/// TOML parser than `build.rs`'s walk (the layout marked `_version = 2`).
fn catalogue() -> BTreeMap<String, BTreeMap<String, String>> {
    fn walk(prefix: &str, t: &toml::Table, file: &str, out: &mut BTreeMap<String, BTreeMap<String, String>>) {
        let leaf = t.values().any(|v| v.is_str());
        if leaf {
            assert!(
                t.values().all(|v| v.is_str()),
                "{file}: `{prefix}` mixes texts and sub-keys: a key holds only its `vi` and `en` texts"
            );
            let texts: BTreeMap<String, String> = t.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())).collect();
            assert!(out.insert(prefix.to_string(), texts).is_none(), "{file}: `{prefix}` is defined twice");
            return;
        }
        for (k, v) in t {
            let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            match v {
                toml::Value::Table(sub) => walk(&key, sub, file, out),
                toml::Value::Integer(_) if key == "_version" => {}
                other => panic!("{file}: `{key}` is {other:?}, not a table of texts"),
            }
        }
    }
    let mut out = BTreeMap::new();
    let mut files = 0;
    for entry in std::fs::read_dir(root().join("locales")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(table.get("_version").and_then(|v| v.as_integer()), Some(2), "{}: `_version = 2`", path.display());
            walk("", &table, &path.display().to_string(), &mut out);
        }
    }
    assert!(files > 0);
    out
}

fn placeholders(s: &str) -> BTreeSet<String> {
    s.match_indices("%{").map(|(i, _)| s[i + 2..].split('}').next().unwrap_or("").to_string()).collect()
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_placeholders() {
    let cat = catalogue();
    let mut bad = Vec::new();
    for (key, texts) in &cat {
        let langs: BTreeSet<&str> = texts.keys().map(String::as_str).collect();
        if langs != BTreeSet::from(["en", "vi"]) {
            bad.push(format!("`{key}` has {langs:?}, not exactly vi and en"));
            continue;
        }
        for (lang, text) in texts {
            if text.trim().is_empty() {
                bad.push(format!("`{key}` is empty in {lang}"));
            }
        }
        if placeholders(&texts["vi"]) != placeholders(&texts["en"]) {
            bad.push(format!("`{key}`: vi fills {:?}, en fills {:?}", placeholders(&texts["vi"]), placeholders(&texts["en"])));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The keys the code names as literals: `t!("key"…)` and `i18n::text("key")`.
fn keys_in_code() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in ["t!(\"", "i18n::text(\""] {
                for (i, _) in text.match_indices(marker) {
                    // `t!(` itself, not the end of `format!(` or `assert!(`.
                    if text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &text[i + marker.len()..];
                    let key = rest.split('"').next().unwrap();
                    // A key is ASCII words joined by dots; `t!("…")` with a
                    // sentence in it would be a message without a catalogue.
                    let line = text[..i].lines().count() + 1;
                    out.push((format!("{}:{line}", path.strip_prefix(root()).unwrap().display()), key.to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn the_code_names_only_keys_the_catalogues_have() {
    let cat = catalogue();
    let used = keys_in_code();
    assert!(used.len() > 10, "the code uses {} keys", used.len());
    let missing: Vec<String> =
        used.iter().filter(|(_, k)| !cat.contains_key(k)).map(|(at, k)| format!("{at}: `{k}` is in no catalogue")).collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn an_unknown_key_is_reported_in_vietnamese_by_default_and_in_english_on_request() {
    let plan = ["check", "examples/errors/unknown-key.toml"];
    let vi = Test::new().args(plan).env("CUTOVER_LANG", "").status(1).run();
    let vi = vi.stderr;
    assert!(vi.contains("lỗi[unknown-key]: khóa `deu` không có trong nhiệm vụ `qlvb.units`\n"), "{vi}");
    assert!(vi.contains("   = gợi ý: có phải ý bạn là `due`?\n"), "{vi}");
    assert!(vi.ends_with("1 lỗi, 1 cảnh báo trong examples/errors/unknown-key.toml\n"), "{vi}");
    assert!(!vi.contains("unknown key"), "{vi}");

    for en in [Test::new().args(plan).arg("--lang").arg("en"), Test::new().args(plan).env("CUTOVER_LANG", "en")] {
        let en = en.status(1).run().stderr;
        assert!(en.contains("error[unknown-key]: unknown key `deu` in task `qlvb.units`\n"), "{en}");
        assert!(en.ends_with("1 error, 1 warning in examples/errors/unknown-key.toml\n"), "{en}");
    }
    // `--lang vi` wins over the environment.
    let vi2 = Test::new().args(plan).args(["--lang", "vi"]).env("CUTOVER_LANG", "en").status(1).run();
    assert_eq!(vi2.stderr, vi);
}

#[test]
fn json_keys_and_rule_names_are_the_same_in_both_languages() {
    fn shape(v: &serde_json::Value, path: &str, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let p = format!("{path}.{k}");
                    out.insert(p.clone());
                    shape(v, &p, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| shape(v, &format!("{path}[]"), out)),
            _ => {}
        }
    }
    let run = |lang: &str| {
        let out = Test::new().args(["check", "examples/errors/unknown-key.toml", "--format", "json", "--lang", lang]).status(1).run();
        serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()
    };
    let (vi, en) = (run("vi"), run("en"));
    let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
    shape(&vi, "", &mut a);
    shape(&en, "", &mut b);
    assert_eq!(a, b);
    let rules = |v: &serde_json::Value| v["findings"].as_array().unwrap().iter().map(|f| f["rule"].clone()).collect::<Vec<_>>();
    assert_eq!(rules(&vi), rules(&en));
    assert!(rules(&vi).contains(&serde_json::json!("unknown-key")));
    assert_ne!(vi["findings"][0]["message"], en["findings"][0]["message"]);
}
