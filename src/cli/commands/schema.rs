//! `cutover schema`: the JSON Schema of a plan file, for editors.

use crate::cli::Outcome;
use crate::cli::shell::Shell;
use anyhow::Result;
use clap::Args;
use std::io::Write;

pub const EXAMPLES: &str = "\
Examples:
  cutover schema > plans/plan.schema.json
  # then, first line of a plan, for taplo / Even Better TOML:
  #:schema ./plan.schema.json

The same schema is committed as docs/plan.schema.json. It checks keys,
types and fixed values as you type; references, dates and the schedule
are `cutover check`'s.";

#[derive(Debug, Args)]
pub struct SchemaArgs {}

pub fn exec(_: SchemaArgs, shell: &Shell) -> Result<Outcome> {
    let mut out = shell.out();
    out.write_all(crate::schema::text().as_bytes())?;
    out.flush()?;
    Ok(Outcome::Clean)
}
