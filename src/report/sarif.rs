//! SARIF 2.1.0 (`check --format sarif`): the findings for code-scanning
//! dashboards. One run of the tool `cutover`, its rules (every rule of the
//! table, with its doc and default level) and one result per finding, with
//! its region; a waived finding is a result with an in-source suppression
//! that carries the waiver's reason. Written as the plans come, like every
//! format of the findings contract: results are streamed, never collected.

use super::place;
use crate::check::CheckReport;
use crate::diag::{Finding, Severity};
use crate::rule::Rule;
use serde_json::json;
use std::io::Write;

/// The OASIS schema the output follows.
pub const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A file path as a relative URI reference: `/` kept, everything but
/// unreserved ASCII percent-encoded (UTF-8 bytes).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result(r: &CheckReport, f: &Finding) -> serde_json::Value {
    let rule_index = Rule::ALL.iter().position(|x| *x == f.rule).unwrap_or(0);
    let mut text = f.message.clone();
    if let Some(n) = f.units {
        text.push_str(&super::in_each_unit(n));
    }
    let mut v = json!({
        "ruleId": f.rule.name(),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": text },
    });
    if let Some(span) = f.span {
        let files = &r.plan.files;
        let p = place(files, span);
        let end = files.get(span.file).line_col(span.end);
        let (end_line, end_column) =
            if (end.line, end.column) > (p.line, p.column) { (end.line, end.column) } else { (p.line, p.column + 1) };
        v["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&p.file) },
                "region": { "startLine": p.line, "startColumn": p.column, "endLine": end_line, "endColumn": end_column },
            }
        }]);
        if !f.related.is_empty() {
            v["relatedLocations"] = f
                .related
                .iter()
                .enumerate()
                .map(|(i, rel)| {
                    let q = place(files, rel.span);
                    json!({
                        "id": i,
                        "message": { "text": rel.label },
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&q.file) },
                            "region": { "startLine": q.line, "startColumn": q.column },
                        }
                    })
                })
                .collect();
        }
    }
    if let Some(h) = &f.help {
        v["properties"] = json!({ "help": h, "task": f.subject });
    } else if let Some(s) = &f.subject {
        v["properties"] = json!({ "task": s });
    }
    if let Some(reason) = &f.waived {
        v["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
    }
    v
}

/// The SARIF log on `out`.
pub struct Sarif<W: Write> {
    out: W,
    started: bool,
    first: bool,
}

impl<W: Write> Sarif<W> {
    pub fn new(out: W) -> Sarif<W> {
        Sarif { out, started: false, first: true }
    }

    fn start(&mut self) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let rules: Vec<serde_json::Value> = Rule::ALL
            .iter()
            .map(|r| {
                json!({
                    "id": r.name(),
                    "name": r.name(),
                    "shortDescription": { "text": r.doc() },
                    "defaultConfiguration": { "level": level(r.severity()) },
                    "properties": { "blocksSchedule": r.blocks_schedule() },
                })
            })
            .collect();
        let driver = json!({
            "name": "cutover",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        write!(self.out, "{{\"$schema\":{},\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":", serde_json::to_string(SCHEMA)?)?;
        serde_json::to_writer(&mut self.out, &driver)?;
        self.out.write_all(b"},\"columnKind\":\"unicodeCodePoints\",\"results\":[")
    }
}

impl<W: Write> super::FindingsReport for Sarif<W> {
    fn plan(&mut self, r: &CheckReport) -> std::io::Result<()> {
        self.start()?;
        for f in &r.findings {
            if !std::mem::replace(&mut self.first, false) {
                self.out.write_all(b",")?;
            }
            serde_json::to_writer(&mut self.out, &result(r, f))?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &[CheckReport]) -> std::io::Result<()> {
        self.start()?;
        self.out.write_all(b"]}]}\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_are_uri_references() {
        assert_eq!(super::uri("plans/quang-ngai-2025.toml"), "plans/quang-ngai-2025.toml");
        assert_eq!(super::uri("kế hoạch/a b.toml"), "k%E1%BA%BF%20ho%E1%BA%A1ch/a%20b.toml");
    }
}
