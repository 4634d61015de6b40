//! The plan schema (`cutover schema`, `docs/plan.schema.json`): committed
//! as printed, and every shipped plan and example validates against it with
//! an independent validator, while a plan with an unknown key does not.

use crate::test::{Test, root};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/plan.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("the plan schema compiles")
}

/// TOML as the JSON an editor's schema sees (a TOML date as its text).
fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}

fn errors(path: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v = to_json(toml::Value::Table(table));
    validator().iter_errors(&v).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

fn tomls(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            tomls(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

#[test]
fn the_committed_schema_is_what_cutover_schema_prints() {
    let printed = Test::new().args(["schema"]).status(0).run().stdout;
    let committed = std::fs::read_to_string(root().join("docs/plan.schema.json")).unwrap();
    assert_eq!(printed, committed, "run `cutover schema > docs/plan.schema.json`");
    let v: Value = serde_json::from_str(&printed).unwrap();
    // Both languages in each description.
    let due = v["properties"]["task"]["items"]["properties"]["due"]["description"].as_str().unwrap();
    assert!(due.contains("Hạn") && due.contains("deadline"), "{due}");
}

#[test]
fn every_shipped_plan_and_example_validates() {
    let mut files = Vec::new();
    tomls(&root().join("plans"), &mut files);
    tomls(&root().join("examples"), &mut files);
    // The examples of structural rules are broken on purpose (and not all are TOML).
    let structural = ["toml-syntax", "unknown-key", "missing-key", "bad-value", "include-error", "too-large", "duplicate-id"];
    files.retain(|p| !structural.iter().any(|s| p.file_stem().is_some_and(|n| n == *s)));
    assert!(files.len() >= 25, "{files:?}");
    for f in &files {
        let e = errors(f);
        assert!(e.is_empty(), "{}:\n{}", f.display(), e.join("\n"));
    }
}

#[test]
fn an_unknown_key_and_a_wrong_value_fail() {
    let e = errors(&root().join("examples/errors/unknown-key.toml"));
    assert!(!e.is_empty(), "unknown-key.toml validates");
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("p.toml");
    std::fs::write(
        &p,
        "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n\
         [[task]]\nid = \"a\"\ntitle = \"A\"\nlead = \"x\"\nscope = \"commune\"\ndepends_on = [\"b\"]\n",
    )
    .unwrap();
    let e = errors(&p);
    assert!(e.iter().any(|m| m.contains("depends_on")), "{e:?}");
    assert!(e.iter().any(|m| m.contains("commune")), "{e:?}");
}
