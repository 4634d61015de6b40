//! `cutover check PLAN…`: every problem of every plan, with its place.

use crate::check::{CheckReport, Expanded, expand_paths};
use crate::cli::Outcome;
use crate::cli::args::{LoadArgs, NightArgs};
use crate::cli::shell::{Shell, Spinner, keep_until_exit};
use crate::context::{NightMode, OpenOptions};
use crate::report::FindingsReport;
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
Examples:
  cutover check plans/quang-ngai-2025.toml
  cutover check plans/                      # every plan under plans/ (fragments through their includer)
  cutover check plans/ --format github      # annotations for GitHub Actions
  cutover check plans/ --format sarif > cutover.sarif   # for code-scanning dashboards
  cutover check plan.toml --format json     # one object, as docs/plan-format.md shows
  cutover check plan.toml --deny warnings   # warnings fail the check too

Exit status: 0 no error found (warnings and waived findings do not count unless
--deny warnings), 1 errors found, 2 could not run (no such file, bad arguments).";

/// At most this many findings of one rule in one file are printed for
/// people (`--all` lists every one); JSON and GitHub list every finding.
pub const SHOWN_PER_RULE: usize = 20;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plan files, or directories to search for `*.toml` plans.
    #[arg(required = true, value_name = "PLAN")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Print only errors (and the summary when there are some).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Treat warnings as errors for the exit status.
    #[arg(long, value_name = "KIND", value_enum)]
    pub deny: Option<Deny>,

    /// List every finding (the human report shows at most 20 of one rule per file).
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub load: LoadArgs,

    #[command(flatten)]
    pub night: NightArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics on stderr.
    Human,
    /// One JSON object on stdout.
    Json,
    /// GitHub Actions annotation lines on stdout.
    Github,
    /// SARIF 2.1.0 on stdout, for code-scanning dashboards.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

pub fn exec(args: CheckArgs, shell: &Shell) -> Result<Outcome> {
    let load = args.load.options(shell.lang());
    let opts = args.night.open_options(load.clone(), NightMode::Rules);
    // Each path on its own: a missing or unreadable one is said (at the
    // end, once), and every readable one is still checked and reported.
    let mut unreadable: Vec<anyhow::Error> = Vec::new();
    let (mut plans, mut fragments, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    for p in &args.paths {
        match expand_paths(std::slice::from_ref(p), load.read_limits()) {
            Ok(e) => {
                plans.extend(e.plans);
                fragments.extend(e.fragments);
                skipped.extend(e.skipped);
            }
            Err(e) => unreadable.push(e.into()),
        }
    }
    let Expanded { plans, fragments, skipped } = Expanded { plans, fragments, skipped };
    for (path, kind) in &skipped {
        shell.warn(&crate::t!("report.skipped", path = crate::source::display_path(path), kind = crate::source::kind_text(kind)))?;
    }
    let spinner = Spinner::start(args.format == Format::Human && !args.quiet);
    let mut reports: Vec<CheckReport> = Vec::new();
    for p in &plans {
        match crate::context::open(p, &opts) {
            Ok(opened) => {
                shell.night_warnings(&opened)?;
                reports.push(opened.report);
            }
            Err(e @ crate::context::OpenError::Load(_)) if args.paths.len() > 1 => unreadable.push(e.into()),
            Err(e) => return Err(e.into()),
        }
    }
    // A fragment no plan includes is checked on its own, so it is not skipped silently.
    let read: std::collections::HashSet<PathBuf> = reports.iter().flat_map(|r| r.files_read.iter().cloned()).collect();
    for f in &fragments {
        let canon = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        if !read.contains(&canon) {
            reports.push(crate::context::open(f, &OpenOptions::new(load.clone()))?.report);
        }
    }
    drop(spinner);
    if reports.is_empty() && !unreadable.is_empty() {
        return Err(unreadable.remove(0));
    }
    if reports.is_empty() {
        let paths = args.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        anyhow::bail!("{}", crate::t!("err.no-plan-files", paths = paths));
    }
    let reports = keep_until_exit(reports);
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let failed = reports.iter().any(|r| r.errors() > 0 || (deny_warnings && r.warnings() > 0));
    let mut report: Box<dyn FindingsReport> = match args.format {
        Format::Human => {
            let opts = crate::report::human::HumanOptions {
                color: shell.err_color(),
                quiet: args.quiet,
                deny_warnings: args.deny == Some(Deny::Warnings),
            };
            let per_rule = if args.all { None } else { Some(SHOWN_PER_RULE) };
            Box::new(crate::report::human::Human::new(std::io::BufWriter::new(shell.err()), opts, per_rule))
        }
        Format::Json => Box::new(crate::report::json::Json::new(shell.out())),
        Format::Github => Box::new(crate::report::github::Github::new(shell.out())),
        Format::Sarif => Box::new(crate::report::sarif::Sarif::new(shell.out())),
    };
    for r in reports.iter() {
        report.plan(r)?;
    }
    report.finish(reports)?;
    drop(report);
    // The files that could not be read, after the reports of those that could.
    if let Some(last) = unreadable.pop() {
        for e in &unreadable {
            writeln!(shell.err(), "{}: {e:#}", crate::t!("common.error"))?;
        }
        return Err(last);
    }
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}
