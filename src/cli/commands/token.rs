//! `cutover token add|list|revoke PLAN`: the access tokens of `cutover serve`.

use crate::cli::Outcome;
use crate::cli::args::{LoadArgs, TableFormat};
use crate::cli::shell::Shell;
use crate::context::OpenOptions;
use crate::serve::tokens::{self, Entry, Scope};
use anyhow::Result;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "\
Examples:
  cutover token add plans/quang-ngai-2025.toml --unit camthanh --label \"UBND phường Cẩm Thành\"
  cutover token add plans/quang-ngai-2025.toml --org skhcn --label \"SKHCN trực đêm\"
  cutover token add plans/quang-ngai-2025.toml --coordinator --label \"điều phối\"
  cutover token list plans/quang-ngai-2025.toml
  cutover token revoke plans/quang-ngai-2025.toml 3f2a9c0d11e4b7a8

`add` prints the new token once, alone on the last line of standard output;
only its argon2 hash is kept, in <plan>.tokens (or --tokens FILE, mode 0600).";

#[derive(Debug, Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub action: TokenAction,
}

#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Make a token for an org, a commune (unit) or the coordinator; it is printed once.
    Add(AddArgs),
    /// List the tokens (never their secrets).
    List(ListArgs),
    /// Revoke a token by its id: the server refuses it from then on.
    Revoke(RevokeArgs),
}

/// The plan and its tokens file.
#[derive(Debug, Clone, Args)]
pub struct TokensFile {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// The tokens file (default: <plan>.tokens beside the plan).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
}

impl TokensFile {
    /// The tokens file; never a file of the plan (checked when the plan is read).
    pub fn path(&self) -> PathBuf {
        self.tokens.clone().unwrap_or_else(|| tokens::default_path(&self.plan))
    }
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("scope").required(true).args(["org", "unit", "coordinator"])))]
pub struct AddArgs {
    #[command(flatten)]
    pub file: TokensFile,

    /// The token records for this org: the tasks it leads or supports, the gates it approves.
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,

    /// The token records for this commune (unit): its own instances only.
    #[arg(long, value_name = "ID")]
    pub unit: Option<String>,

    /// The token may record anything.
    #[arg(long)]
    pub coordinator: bool,

    /// Who holds it: recorded as `by` with every event it records (default: the scope).
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,

    #[command(flatten)]
    pub load: LoadArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub file: TokensFile,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    #[command(flatten)]
    pub file: TokensFile,

    /// The token's id (the `id` column of `token list`).
    #[arg(value_name = "ID")]
    pub id: String,

    #[command(flatten)]
    pub load: LoadArgs,
}

pub fn exec(args: TokenArgs, shell: &Shell) -> Result<Outcome> {
    match args.action {
        TokenAction::Add(a) => add(a, shell),
        TokenAction::List(a) => list(a, shell),
        TokenAction::Revoke(a) => revoke(a, shell),
    }
}

/// Refuses a tokens file that is the plan or one of its includes.
fn not_a_plan_file(path: &Path, plan: &crate::model::Plan) -> Result<()> {
    let mut read = crate::guard::Inputs::default();
    read.add_plan(plan);
    if read.role_of(path).is_some() {
        anyhow::bail!("{}", crate::t!("serve.tokens-is-plan", path = crate::source::display_path(path)));
    }
    Ok(())
}

fn add(args: AddArgs, shell: &Shell) -> Result<Outcome> {
    let opened = shell.open(&args.file.plan, &OpenOptions::new(args.load.options(shell.lang())))?;
    let plan = opened.plan();
    let path = args.file.path();
    not_a_plan_file(&path, plan)?;
    let scope = if let Some(o) = &args.org {
        let ix = crate::status::lookup(&plan.ids.orgs, o, "org").map_err(anyhow::Error::msg)?;
        Scope::Org(plan.org(ix).id.clone())
    } else if let Some(u) = &args.unit {
        let ix = crate::status::lookup(&plan.ids.units, u, "unit").map_err(anyhow::Error::msg)?;
        Scope::Unit(plan.unit(ix).id.clone())
    } else {
        Scope::Coordinator
    };
    let label = args.label.clone().filter(|l| !l.trim().is_empty()).unwrap_or_else(|| scope.describe());
    let (id, token) = tokens::generate()?;
    let entry = Entry {
        id: id.clone(),
        scope: scope.clone(),
        label: label.clone(),
        created: plan.tz().rfc3339(crate::context::clock()),
        hash: tokens::hash(&token)?,
    };
    tokens::update(&path, |f| {
        f.tokens.push(entry);
        Ok(())
    })
    .map_err(anyhow::Error::msg)?;
    writeln!(
        shell.err(),
        "{}",
        crate::t!(
            "serve.token-added",
            id = id,
            scope = scope.describe(),
            label = crate::text::visible_line(&label),
            path = crate::source::display_path(&path)
        )
    )?;
    let mut out = shell.out();
    writeln!(out, "{token}")?;
    out.flush()?;
    Ok(Outcome::Clean)
}

fn list(args: ListArgs, shell: &Shell) -> Result<Outcome> {
    let path = args.file.path();
    let file =
        tokens::read(&path).map_err(|e| anyhow::anyhow!("`{}`: {}", crate::source::display_path(&path), crate::source::io_reason(&e)))?;
    let mut out = shell.out();
    match args.format {
        TableFormat::Json => {
            let rows: Vec<serde_json::Value> = file
                .tokens
                .iter()
                .map(|e| serde_json::json!({"id": e.id, "scope": e.scope, "label": e.label, "created": e.created}))
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            out.write_all(b"\n")?;
        }
        TableFormat::Table => {
            if file.tokens.is_empty() {
                writeln!(out, "{}", crate::t!("serve.token-none", path = crate::source::display_path(&path)))?;
            }
            for e in &file.tokens {
                writeln!(out, "{}  {:<22}  {}  {}", e.id, e.scope.describe(), e.created, crate::text::visible_line(&e.label))?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

fn revoke(args: RevokeArgs, shell: &Shell) -> Result<Outcome> {
    let opened = shell.open(&args.file.plan, &OpenOptions::new(args.load.options(shell.lang())))?;
    let path = args.file.path();
    not_a_plan_file(&path, opened.plan())?;
    let id = args.id.trim().to_ascii_lowercase();
    let removed = tokens::update(&path, |f| {
        let Some(k) = f.tokens.iter().position(|e| e.id == id) else {
            let ids: Vec<&str> = f.tokens.iter().map(|e| e.id.as_str()).collect();
            let hint = crate::diag::did_you_mean(&id, ids.iter().copied()).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            return Err(crate::t!("serve.token-unknown", id = crate::text::visible_line(&args.id), hint = hint).into_owned());
        };
        Ok(f.tokens.remove(k))
    })
    .map_err(anyhow::Error::msg)?;
    writeln!(
        shell.err(),
        "{}",
        crate::t!(
            "serve.token-revoked",
            id = removed.id,
            scope = removed.scope.describe(),
            label = crate::text::visible_line(&removed.label)
        )
    )?;
    Ok(Outcome::Clean)
}
