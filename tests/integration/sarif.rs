//! `check --format sarif` against the OASIS SARIF 2.1.0 schema
//! (`tests/fixtures/sarif-schema-2.1.0.json`), with an independent validator.

use crate::test::Test;
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(crate::test::root().join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    // The published schema's `language` patterns have a stray `]`
    // (`…{2}]?$`) that a strict validator refuses as a regular expression;
    // `cutover` writes no `language`, so those patterns are mended to what
    // they mean (`en`, `en-US`) and everything else is used as published.
    const BAD: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    fn mend(v: &mut Value) -> usize {
        match v {
            Value::String(s) if s == BAD => {
                *s = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
                1
            }
            Value::Array(a) => a.iter_mut().map(mend).sum(),
            Value::Object(o) => o.values_mut().map(mend).sum(),
            _ => 0,
        }
    }
    assert!(mend(&mut schema) >= 1, "the schema file changed: mend no more");
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn assert_valid(v: &Value) {
    let errors: Vec<String> = validator().iter_errors(v).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "not SARIF 2.1.0:\n{}", errors.join("\n"));
}

#[test]
fn the_shipped_plans_findings_are_valid_sarif_with_waivers_as_suppressions() {
    let out = Test::new().args(["check", "plans/", "--format", "sarif"]).status(0).run();
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_valid(&v);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "cutover");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "due-on-day-off" && r["defaultConfiguration"]["level"] == "warning"));
    let results = run["results"].as_array().unwrap();
    let ii2a = results.iter().find(|r| r["ruleId"] == "due-on-day-off" && r["properties"]["task"] == "lgsp.codes.plan").unwrap();
    assert_eq!(rules[ii2a["ruleIndex"].as_u64().unwrap() as usize]["id"], "due-on-day-off");
    let loc = &ii2a["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "plans/quang-ngai-2025.toml");
    assert!(loc["region"]["startLine"].as_u64().unwrap() > 1);
    // A waived finding is reported, suppressed, with the waiver's reason.
    let waived = results.iter().find(|r| r["ruleId"] == "deadline-order" && r["properties"]["task"] == "lgsp.codes.upload").unwrap();
    assert_eq!(waived["suppressions"][0]["kind"], "inSource");
    assert!(waived["suppressions"][0]["justification"].as_str().unwrap().starts_with("Mâu thuẫn ngay trong văn bản"));
}

#[test]
fn errors_in_sarif_and_a_log_the_validator_rejects() {
    let out = Test::new().args(["check", "examples/errors/unknown-reference.toml", "--format", "sarif"]).status(1).run();
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_valid(&v);
    let r = &v["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "unknown-reference");
    assert_eq!(r["level"], "error");
    assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startLine"], 23);
    assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startColumn"], 10);
    // The validator is not a rubber stamp: a result with a level SARIF does not have fails.
    let mut bad = v.clone();
    bad["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator().is_valid(&bad));
}
