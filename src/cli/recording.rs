//! What `mark` and `approve` share: the log they append to (never a file of
//! the plan), when the event happened (never well after the present time
//! without `--force`), who records it, and the night as the log stands.

use crate::cli::shell::Shell;
use crate::context::{Night, NightMode, OpenOptions};
use crate::load::LoadOptions;
use crate::night::record::Desk;
use crate::time::Instant;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Where and when an event is recorded, and the log as it stands.
pub struct Recording {
    pub log: PathBuf,
    /// When it happened (`--at`, default now).
    pub at: Instant,
    /// The present time, when it is recorded.
    pub now: Instant,
    pub by: String,
    /// The log read as of `at`.
    pub night: Night,
    /// The whole log, as of the present time: what was recorded, whenever it happened.
    pub latest: Night,
}

/// Resolves `--status`, `--at`, `--by` and reads the log: refuses a log that
/// is a file of the plan, and an `--at` more than an hour after the present
/// time unless `force` (nothing is written either way).
pub fn prepare(
    shell: &Shell,
    desk: &Desk,
    load: LoadOptions,
    status: Option<&Path>,
    at: Option<&str>,
    by: Option<&str>,
    force: bool,
) -> Result<Recording> {
    let (plan_path, plan, g, now) = (desk.path, desk.plan, desk.g, desk.now);
    let at = crate::night::record::when(desk, at, "--at", force)?;
    let by = by
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "unknown".into());
    let log = status.map(Path::to_path_buf).unwrap_or_else(|| crate::status::default_path(plan_path));
    // The log is never the plan or one of its files, whatever links say:
    // checked before the log is read or written.
    let mut read = crate::guard::Inputs::default();
    read.add_plan(plan);
    if let Some((role, file)) = read.role_of(&log) {
        let what =
            if role == crate::guard::Role::Plan { crate::t!("err.log-is-plan") } else { crate::t!("err.log-is-include", file = file) };
        anyhow::bail!("{}", crate::t!("err.log-not-own", log = crate::source::display_path(&log), what = what));
    }
    // The log as it stood when the event happened: what it follows or runs ahead of.
    let night_opts =
        OpenOptions { status: Some(log.clone()), night: NightMode::Always, now: Some(plan.tz().rfc3339(at)), ..OpenOptions::new(load) };
    let night = crate::context::read_night(plan_path, plan, g, &night_opts)?.expect("the night is always read");
    shell.log_warnings(&night)?;
    let latest_opts = OpenOptions { now: Some(plan.tz().rfc3339(now.max(at))), ..night_opts };
    let latest = crate::context::read_night(plan_path, plan, g, &latest_opts)?.expect("the night is always read");
    Ok(Recording { log, at, now, by, night, latest })
}
