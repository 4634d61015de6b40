//! `cutover diff OLD NEW` (or `--git REV PLAN`): what a change to a plan changes.

use crate::cli::Outcome;
use crate::cli::args::LoadArgs;
use crate::cli::shell::Shell;
use crate::context::OpenOptions;
use crate::report;
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const EXAMPLES: &str = "\
Examples:
  cutover diff old/quang-ngai-2025.toml plans/quang-ngai-2025.toml
  cutover diff --git main plans/quang-ngai-2025.toml               # the working tree against main
  cutover diff --git HEAD~1 plans/quang-ngai-2025.toml --format markdown > comment.md
  cutover diff --git origin/main plans/quang-ngai-2025.toml --format json

Tasks added, removed and changed (due, not_before, at, duration, lead,
support, after, scope, … in the plan's own words, old → new), findings
introduced and fixed, and the critical path and the margin to T-0 before and
after. With --git the old plan and everything it includes are read from that
revision of the repository the plan is in.

Exit status: 0 nothing got worse, 1 the change introduces an error, 2 could not run.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Text in the plan's language.
    Human,
    /// A pull-request comment.
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old plan (with --git: the plan, read from the revision and from the working tree).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The new plan.
    #[arg(value_name = "NEW", required_unless_present = "git", conflicts_with = "git")]
    pub new: Option<PathBuf>,

    /// Compare the plan in the working tree with the same file at this git revision.
    #[arg(long, value_name = "REV")]
    pub git: Option<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    #[command(flatten)]
    pub load: LoadArgs,
}

/// The repository's tree at `rev`, extracted into `into`; returns the plan's
/// path inside it.
fn checkout(plan: &Path, rev: &str, into: &Path) -> Result<PathBuf> {
    let abs = plan.canonicalize().with_context(|| crate::t!("err.cannot-read", path = plan.display()))?;
    let dir = abs.parent().unwrap_or(Path::new("."));
    let top = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(dir)
        .output()
        .with_context(|| crate::t!("err.cannot-run", program = "git"))?;
    if !top.status.success() {
        let reason = String::from_utf8_lossy(&top.stderr);
        bail!("{}", crate::t!("err.not-in-git", path = plan.display(), reason = reason.trim()));
    }
    let root = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    let root = root.canonicalize().unwrap_or(root);
    let rel = abs.strip_prefix(&root).with_context(|| crate::t!("err.outside-repo", path = plan.display()))?.to_path_buf();
    let mut git = Command::new("git")
        .args(["archive", "--format=tar", rev])
        .current_dir(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| crate::t!("err.cannot-run", program = "git"))?;
    let out = git.stdout.take().expect("piped");
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(out)
        .output()
        .with_context(|| crate::t!("err.cannot-run", program = "tar"))?;
    let status = git.wait()?;
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = git.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        bail!("{}", crate::t!("err.git-revision", rev = rev, reason = err.trim()));
    }
    if !tar.status.success() {
        let reason = String::from_utf8_lossy(&tar.stderr);
        bail!("{}", crate::t!("err.unpack-revision", rev = rev, reason = reason.trim()));
    }
    let old = into.join(&rel);
    if !old.is_file() {
        bail!("{}", crate::t!("err.not-at-revision", path = rel.display(), rev = rev));
    }
    Ok(old)
}

pub fn exec(args: DiffArgs, shell: &Shell) -> Result<Outcome> {
    let opts = OpenOptions::new(args.load.options(shell.lang()));
    let tmp;
    let (old_path, new_path) = match (&args.git, &args.new) {
        (Some(rev), _) => {
            tmp = tempdir()?;
            (checkout(&args.old, rev, tmp.path())?, args.old.clone())
        }
        (None, Some(new)) => (args.old.clone(), new.clone()),
        (None, None) => bail!("{}", crate::t!("err.diff-needs-new")),
    };
    let old = crate::context::open(&old_path, &opts)?;
    let new = crate::context::open(&new_path, &opts)?;
    let d = crate::diff::diff(&old, &new);
    let lang = new.plan().meta.lang;
    let mut out = shell.out();
    match args.format {
        DiffFormat::Human => out.write_all(report::diff::text(&d, lang).as_bytes())?,
        DiffFormat::Markdown => out.write_all(report::diff::markdown(&d, lang).as_bytes())?,
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report::diff::json(&d))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(if d.worse() { Outcome::Findings } else { Outcome::Clean })
}

/// A directory removed when dropped (the old revision's files).
struct TempDir(PathBuf);

impl TempDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir() -> Result<TempDir> {
    let base = std::env::temp_dir();
    for n in 0..1000u32 {
        let p = base.join(format!("cutover-diff-{}-{n}", std::process::id()));
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(TempDir(p)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| crate::t!("err.tempdir")),
        }
    }
    bail!("{}", crate::t!("err.tempdir-in", dir = base.display()))
}
