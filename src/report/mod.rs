//! Reports: one module per output form of a check.
//!
//! - [`human`]: rustc/cargo-style diagnostics with the source line and a marker.
//! - [`json`]: the object of `docs/plan-format.md`, for machines.
//! - [`github`]: GitHub Actions annotation lines.
//! - [`sarif`]: SARIF 2.1.0, for code-scanning dashboards.

pub mod checklist;
pub mod critical;
pub mod diff;
pub mod gantt;
pub mod github;
pub mod graph;
pub mod human;
pub mod ics;
pub mod json;
pub mod sarif;
pub mod status;
pub mod table;
pub mod why;
pub mod xlsx;

use crate::check::CheckReport;
use crate::source::SourceMap;

/// The findings contract: every format of `cutover check` (human, JSON,
/// GitHub annotations, SARIF) takes the checked plans one
/// by one as they are ready, writes to its stream as it goes, and closes
/// when all are done. None builds the whole report in memory first.
pub trait FindingsReport {
    /// One plan's findings.
    fn plan(&mut self, r: &CheckReport) -> std::io::Result<()>;
    /// After the last plan: totals, closing brackets, a flush.
    fn finish(&mut self, all: &[CheckReport]) -> std::io::Result<()>;
}

/// Where a finding stands, as printed: `file`, 1-based `line` and `column`
/// (Unicode code points).
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

pub fn place(files: &SourceMap, span: crate::source::Span) -> Place {
    let lc = files.line_col(span);
    Place { file: files.get(span.file).display.clone(), line: lc.line, column: lc.column }
}

/// A table in the style every report uses, wrapped to `width` columns when
/// known (a terminal), else as wide as its content.
pub fn new_table(width: Option<u16>) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    match width {
        Some(w) => {
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            t.set_width(w);
        }
        None => {
            t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
        }
    }
    t
}

/// `2 errors, 3 warnings in plans/x.toml (4 waived)` (`2 lỗi, 3 cảnh báo
/// trong plans/x.toml (4 được miễn trừ)`).
pub fn summary(r: &CheckReport) -> String {
    let (e, w, v) = (r.errors(), r.warnings(), r.waived());
    let mut s = crate::t!("report.summary", errors = errors(e), warnings = warnings(w), path = r.path).into_owned();
    if v > 0 {
        s.push_str(&crate::t!("report.summary-waived", n = v));
    }
    s
}

/// `1 error`, `2 errors` (`2 lỗi`).
pub fn errors(n: usize) -> std::borrow::Cow<'static, str> {
    if n == 1 { crate::t!("report.errors-one") } else { crate::t!("report.errors-other", n = n) }
}

/// `1 warning`, `2 warnings` (`2 cảnh báo`).
pub fn warnings(n: usize) -> std::borrow::Cow<'static, str> {
    if n == 1 { crate::t!("report.warnings-one") } else { crate::t!("report.warnings-other", n = n) }
}

/// ` (in each of 3 units)`, after a finding's message.
pub fn in_each_unit(n: impl std::fmt::Display) -> std::borrow::Cow<'static, str> {
    crate::t!("report.in-each-unit", n = n)
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// `2067` → `2,067`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(2067), "2,067");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
    }
}
