//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! finding, so a pull request shows each one on its line.
//! `::error file=plans/x.toml,line=12,col=1,title=deadline-order::message`

use super::place;
use crate::check::CheckReport;
use crate::diag::Severity;
use std::io::Write;

/// Escapes a property value (`file`, `title`).
fn prop(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A").replace(':', "%3A").replace(',', "%2C")
}

/// Escapes the message.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Annotation lines on `out` (stdout), plan by plan.
pub struct Github<W: Write> {
    out: W,
}

impl<W: Write> Github<W> {
    pub fn new(out: W) -> Github<W> {
        Github { out }
    }
}

impl<W: Write> super::FindingsReport for Github<W> {
    fn plan(&mut self, r: &CheckReport) -> std::io::Result<()> {
        self.out.write_all(render(r).as_bytes())
    }

    fn finish(&mut self, _: &[CheckReport]) -> std::io::Result<()> {
        self.out.flush()
    }
}

pub fn render(r: &CheckReport) -> String {
    let mut out = String::new();
    for f in &r.findings {
        let kind = match (f.severity, f.waived.is_some()) {
            (_, true) => "notice",
            (Severity::Error, _) => "error",
            (Severity::Warning, _) => "warning",
        };
        let mut msg = f.message.clone();
        if let Some(n) = f.units {
            msg.push_str(&super::in_each_unit(n));
        }
        if let Some(h) = &f.help {
            msg.push('\n');
            msg.push_str(&crate::t!("report.help-line", text = h));
        }
        if let Some(w) = &f.waived {
            msg.push('\n');
            msg.push_str(&crate::t!("report.waived-note", reason = w));
        }
        let loc = match f.span {
            Some(span) => {
                let p = place(&r.plan.files, span);
                format!("file={},line={},col={},", prop(&p.file), p.line, p.column)
            }
            None => format!("file={},", prop(&r.path)),
        };
        out.push_str(&format!("::{kind} {loc}title={}::{}\n", prop(f.rule.name()), data(&msg)));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(super::prop("a,b:c"), "a%2Cb%3Ac");
        assert_eq!(super::data("50%\nx"), "50%25%0Ax");
    }
}
