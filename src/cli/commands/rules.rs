//! `cutover rules`: the rule table. The text lists each rule's severity and
//! doc in the current language; the JSON keeps the rule names and severities
//! (`error`, `warning`) as they are, with the doc in the current language.

use crate::cli::Outcome;
use crate::cli::shell::Shell;
use crate::rule::Rule;
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::io::Write;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(serde::Serialize)]
struct Row {
    rule: &'static str,
    severity: &'static str,
    doc: std::borrow::Cow<'static, str>,
    needs: &'static str,
    blocks_schedule: bool,
}

pub fn exec(args: RulesArgs, shell: &Shell) -> Result<Outcome> {
    let mut out = shell.out();
    match args.format {
        RulesFormat::Text => {
            for r in Rule::ALL {
                writeln!(out, "{:<20} {:<8} {}", r.name(), r.severity().word(), r.doc())?;
            }
        }
        RulesFormat::Json => {
            let rows: Vec<Row> = Rule::ALL
                .iter()
                .map(|r| Row {
                    rule: r.name(),
                    severity: r.severity().as_str(),
                    doc: r.doc(),
                    needs: r.needs().as_str(),
                    blocks_schedule: r.blocks_schedule(),
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}
