//! The JSON form of a check, as `docs/plan-format.md` fixes it, with a few
//! extra fields: byte offsets, the end of the marked range, the label, the
//! help line, related places, the unit count and the waiver's reason.
//!
//! Written as it is serialised (typed rows, no `serde_json::Value` tree):
//! a report of 100,000 findings streams through a buffered writer.

use super::{FindingsReport, place};
use crate::check::CheckReport;
use crate::diag::Finding;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::io::{self, Write};

#[derive(Serialize)]
struct Row<'a> {
    rule: &'static str,
    severity: &'static str,
    task: Option<&'a str>,
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    waived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    units: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver_reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedRow<'a>>,
}

#[derive(Serialize)]
struct RelatedRow<'a> {
    file: String,
    line: u32,
    column: u32,
    message: &'a str,
}

fn row<'a>(r: &'a CheckReport, f: &'a Finding) -> Row<'a> {
    let files = &r.plan.files;
    let mut row = Row {
        rule: f.rule.name(),
        severity: f.severity.as_str(),
        task: f.subject.as_deref(),
        file: None,
        line: None,
        column: None,
        message: &f.message,
        waived: f.waived.is_some(),
        end_line: None,
        end_column: None,
        byte_offset: None,
        byte_length: None,
        label: f.label.as_deref(),
        help: f.help.as_deref(),
        units: f.units,
        waiver_reason: f.waived.as_deref(),
        related: f
            .related
            .iter()
            .map(|rel| {
                let p = place(files, rel.span);
                RelatedRow { file: p.file, line: p.line, column: p.column, message: &rel.label }
            })
            .collect(),
    };
    if let Some(span) = f.span {
        let p = place(files, span);
        let end = files.get(span.file).line_col(span.end);
        row.file = Some(p.file);
        row.line = Some(p.line);
        row.column = Some(p.column);
        row.end_line = Some(end.line);
        row.end_column = Some(end.column);
        row.byte_offset = Some(span.start);
        row.byte_length = Some(span.end.saturating_sub(span.start));
    }
    row
}

/// One plan's object: `{"plan", "tasks", "instances", "units", "errors",
/// "warnings", "waived", "findings": […]}`, serialised as it is written.
pub struct Plan<'a>(pub &'a CheckReport);

impl Serialize for Plan<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("plan", &r.path)?;
        m.serialize_entry("tasks", &r.plan.tasks.len())?;
        m.serialize_entry("instances", &r.plan.instances())?;
        m.serialize_entry("units", &r.plan.units.len())?;
        m.serialize_entry("errors", &r.errors())?;
        m.serialize_entry("warnings", &r.warnings())?;
        m.serialize_entry("waived", &r.waived())?;
        m.serialize_entry("findings", &Findings(r))?;
        m.end()
    }
}

struct Findings<'a>(&'a CheckReport);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.findings.iter().map(|f| row(self.0, f)))
    }
}

/// Several plans: `{"plans": [...], "errors", "warnings"}`.
struct Plans<'a>(&'a [CheckReport]);

impl Serialize for Plans<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("plans", &self.0.iter().map(Plan).collect::<Vec<_>>())?;
        m.serialize_entry("errors", &self.0.iter().map(|r| r.errors()).sum::<usize>())?;
        m.serialize_entry("warnings", &self.0.iter().map(|r| r.warnings()).sum::<usize>())?;
        m.end()
    }
}

/// One plan's object as a value (for tests and the fuzz targets).
pub fn report(r: &CheckReport) -> serde_json::Value {
    serde_json::to_value(Plan(r)).unwrap_or(serde_json::Value::Null)
}

/// Writes the JSON of every plan to `out` when they are all checked: one
/// plan's object, or for several `{"plans": [...], "errors", "warnings"}`.
pub struct Json<W: Write> {
    out: W,
}

impl<W: Write> Json<W> {
    pub fn new(out: W) -> Json<W> {
        Json { out }
    }
}

impl<W: Write> FindingsReport for Json<W> {
    fn plan(&mut self, _: &CheckReport) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, all: &[CheckReport]) -> io::Result<()> {
        match all {
            [one] => serde_json::to_writer_pretty(&mut self.out, &Plan(one))?,
            _ => serde_json::to_writer_pretty(&mut self.out, &Plans(all))?,
        }
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}
