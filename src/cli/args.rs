//! Argument groups every command shares, defined once and flattened into
//! each command's arguments.

use crate::context::{NightMode, OpenOptions};
use crate::load::LoadOptions;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// What `mark` and `approve` record with an event: when, by whom, a note,
/// and the log it goes to.
#[derive(Debug, Clone, Args)]
pub struct RecordArgs {
    /// When it happened: a time expression of the plan (`14h30 ngày 25/6/2025`); default now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// Who records it (default: the user name).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// A note kept with the event.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The status log (default: <plan>.status.jsonl beside the plan).
    #[arg(long, value_name = "FILE")]
    pub status: Option<PathBuf>,

    /// Record an `--at` more than an hour after the present time (otherwise refused: a typo, not a plan).
    #[arg(long)]
    pub force: bool,
}

/// How far a plan may be read: the caps of hostile input.
#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Follow includes that lead outside the plan's directory.
    #[arg(long)]
    pub allow_outside_includes: bool,

    /// The most task instances (unit tasks × units) a plan may have.
    #[arg(long, value_name = "N", default_value_t = crate::load::DEFAULT_MAX_INSTANCES)]
    pub max_instances: u64,

    /// The largest plan file (or status log) to read, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = crate::load::DEFAULT_MAX_FILE_BYTES >> 20)]
    pub max_file_size: u64,

    /// Read a plan or include that is a named pipe or a device (e.g. `<(gen-plan)`), up to --max-file-size.
    /// Without it such a file is refused: opening a pipe nobody writes to waits forever.
    #[arg(long)]
    pub allow_special_files: bool,
}

impl LoadArgs {
    /// The load options, with the language of dates and words (`--lang`).
    pub fn options(&self, lang: Option<crate::time::Lang>) -> LoadOptions {
        LoadOptions {
            allow_outside: self.allow_outside_includes,
            max_instances: self.max_instances,
            max_file_bytes: self.max_file_size.saturating_mul(1 << 20),
            allow_special: self.allow_special_files,
            lang,
            ..LoadOptions::default()
        }
    }
}

/// The status log of the night, and the instant to read it at.
#[derive(Debug, Clone, Args)]
pub struct NightArgs {
    /// Read the status log as of this time (a time expression of the plan); default the clock.
    /// With `check`: report what is overdue then (rule `overdue`).
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    /// The status log (default: <plan>.status.jsonl beside the plan).
    #[arg(long, value_name = "FILE")]
    pub status: Option<PathBuf>,
}

impl NightArgs {
    /// How to open a plan with these night options.
    pub fn open_options(&self, load: LoadOptions, mode: NightMode) -> OpenOptions {
        OpenOptions { load, now: self.now.clone(), status: self.status.clone(), night: mode }
    }
}

/// `-o FILE`.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Write to this file (atomically) instead of standard output; never a file the command reads.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A table for people.
    Table,
    /// JSON on stdout.
    Json,
}

/// `--lang` and `CUTOVER_LANG`: `vi` or `en` (also `vi_VN.UTF-8`, `en-US`).
pub fn parse_lang(s: &str) -> Result<crate::time::Lang, String> {
    crate::i18n::parse(s).ok_or_else(|| crate::t!("cli.lang-invalid", value = s).into_owned())
}

/// The language a command line asks for before it is parsed (so that
/// `--help` is printed in it): `--lang X` or `--lang=X`, else `CUTOVER_LANG`,
/// else Vietnamese. A value that is not a language is left to the parser.
pub fn lang_before_parse(args: &[std::ffi::OsString]) -> crate::time::Lang {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = if a == "--lang" { it.next().map(|v| v.into_owned()) } else { a.strip_prefix("--lang=").map(str::to_string) };
        if let Some(l) = value.as_deref().and_then(crate::i18n::parse) {
            return l;
        }
    }
    env_lang().unwrap_or(crate::time::Lang::Vi)
}

/// `CUTOVER_LANG`, when it names a language (an empty or unknown value is
/// ignored, as a locale variable is).
pub fn env_lang() -> Option<crate::time::Lang> {
    std::env::var("CUTOVER_LANG").ok().as_deref().and_then(crate::i18n::parse)
}
