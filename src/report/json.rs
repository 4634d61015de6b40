//! The JSON form of a check, as `docs/plan-format.md` fixes it, with a few
//! extra fields: byte offsets, the end of the marked range, the label, the
//! help line, related places, the unit count and the waiver's reason.

use super::place;
use crate::check::CheckReport;
use serde_json::{Value, json};

/// One plan's object: `{"plan", "tasks", "instances", "errors", "warnings", "findings": […]}`.
pub fn report(r: &CheckReport) -> Value {
    let files = &r.plan.files;
    let findings: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let mut o = json!({
                "rule": f.rule.name(),
                "severity": f.severity.as_str(),
                "task": f.subject,
                "file": Value::Null,
                "line": Value::Null,
                "column": Value::Null,
                "message": f.message,
                "waived": f.waived.is_some(),
            });
            let m = o.as_object_mut().expect("object");
            if let Some(span) = f.span {
                let p = place(files, span);
                let end = files.get(span.file).line_col(span.end);
                m.insert("file".into(), json!(p.file));
                m.insert("line".into(), json!(p.line));
                m.insert("column".into(), json!(p.column));
                m.insert("end_line".into(), json!(end.line));
                m.insert("end_column".into(), json!(end.column));
                m.insert("byte_offset".into(), json!(span.start));
                m.insert("byte_length".into(), json!(span.end.saturating_sub(span.start)));
            }
            if let Some(l) = &f.label {
                m.insert("label".into(), json!(l));
            }
            if let Some(h) = &f.help {
                m.insert("help".into(), json!(h));
            }
            if let Some(n) = f.units {
                m.insert("units".into(), json!(n));
            }
            if let Some(reason) = &f.waived {
                m.insert("waiver_reason".into(), json!(reason));
            }
            if !f.related.is_empty() {
                let rel: Vec<Value> = f
                    .related
                    .iter()
                    .map(|rel| {
                        let p = place(files, rel.span);
                        json!({"file": p.file, "line": p.line, "column": p.column, "message": rel.label})
                    })
                    .collect();
                m.insert("related".into(), json!(rel));
            }
            o
        })
        .collect();
    json!({
        "plan": r.path,
        "tasks": r.plan.tasks.len(),
        "instances": r.plan.instances(),
        "units": r.plan.units.len(),
        "errors": r.errors(),
        "warnings": r.warnings(),
        "waived": r.waived(),
        "findings": findings,
    })
}

/// Several plans: `{"plans": [...], "errors", "warnings"}`; one plan: its object.
pub fn reports(rs: &[CheckReport]) -> Value {
    if rs.len() == 1 {
        return report(&rs[0]);
    }
    json!({
        "plans": rs.iter().map(report).collect::<Vec<_>>(),
        "errors": rs.iter().map(|r| r.errors()).sum::<usize>(),
        "warnings": rs.iter().map(|r| r.warnings()).sum::<usize>(),
    })
}
