//! `cutover serve PLAN`: the live board, the pages to act from and the JSON
//! API, over the plan and its status log.

use crate::cli::Outcome;
use crate::cli::args::LoadArgs;
use crate::cli::shell::Shell;
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
Examples:
  cutover serve plans/quang-ngai-2025.toml
  cutover serve plans/quang-ngai-2025.toml --listen 0.0.0.0:8080 --public-board
  cutover token add plans/quang-ngai-2025.toml --unit camthanh   # a token for a commune
  curl -H \"Authorization: Bearer $TOKEN\" -d '{\"id\":\"email.list@camthanh\",\"event\":\"done\"}' http://127.0.0.1:8080/api/mark

The board is at /, each office's checklist at /org/<id> and /unit/<id>; the
API at /api/status, /api/next, /api/mark, /api/approve (docs/serve.md). Events
go to the same status log as `cutover mark`, under the same lock.";

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The plan file.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// The status log (default: <plan>.status.jsonl beside the plan).
    #[arg(long, value_name = "FILE")]
    pub status: Option<PathBuf>,

    /// The tokens file (default: <plan>.tokens beside the plan).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,

    /// Let anyone read the board (and the API's status and next) without a token.
    #[arg(long)]
    pub public_board: bool,

    /// A fixed present time (a time expression of the plan), for tests and rehearsals.
    #[arg(long, value_name = "TIME", hide = true)]
    pub now: Option<String>,

    #[command(flatten)]
    pub load: LoadArgs,
}

pub fn exec(args: ServeArgs, shell: &Shell) -> Result<Outcome> {
    let opts = crate::serve::Options {
        status: args.status.clone().unwrap_or_else(|| crate::status::default_path(&args.plan)),
        tokens: args.tokens.clone().unwrap_or_else(|| crate::serve::tokens::default_path(&args.plan)),
        plan: args.plan,
        listen: args.listen,
        public_board: args.public_board,
        now: args.now,
        load: args.load.options(shell.lang()),
    };
    crate::serve::run(opts, |addr| {
        let mut out = shell.out();
        writeln!(out, "{}", crate::t!("serve.listening", url = format!("http://{addr}/")))?;
        out.flush()
    })
    .map_err(anyhow::Error::msg)?;
    Ok(Outcome::Clean)
}
