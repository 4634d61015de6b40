//! `cutover man`: the manual pages, from clap (roff, for `man`).

use crate::cli::Outcome;
use crate::cli::shell::Shell;
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
Examples:
  cutover man | man -l -                     # read the page now
  cutover man --dir ~/.local/share/man/man1  # cutover.1 and one page per command (cutover-check.1, …)

Each file written is written whole or not at all (a temporary file, then a rename).";

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `cutover.1` and one page per command into this directory
    /// instead of printing `cutover.1`.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

fn page(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    Ok(words(String::from_utf8(buf)?).into_bytes())
}

/// The words `clap_mangen` writes itself, in the language of the run: the
/// section headings, “Possible values:”, “[default: …]” and the line naming
/// an argument's environment variable. In English the page stays as
/// `clap_mangen` wrote it.
fn words(roff: String) -> String {
    if crate::i18n::current() == crate::time::Lang::En {
        return roff;
    }
    let mut out = String::with_capacity(roff.len() + 256);
    for line in roff.split_inclusive('\n') {
        let (body, end) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        let section = body.strip_prefix(".SH ").map(|h| h.trim_matches('"'));
        let key = match section {
            Some("NAME") => Some("cli.man.section.name"),
            Some("SYNOPSIS") => Some("cli.man.section.synopsis"),
            Some("DESCRIPTION") => Some("cli.man.section.description"),
            Some("OPTIONS") => Some("cli.man.section.options"),
            Some("SUBCOMMANDS") => Some("cli.man.section.subcommands"),
            Some("EXTRA") => Some("cli.man.section.extra"),
            Some("VERSION") => Some("cli.man.section.version"),
            Some("AUTHORS") => Some("cli.man.section.authors"),
            _ => None,
        };
        if let Some(key) = key {
            out.push_str(&format!(".SH \"{}\"", crate::i18n::text(key)));
        } else if let Some(heading) = section {
            // A heading of ours (`Lệnh`), in capitals like the others.
            out.push_str(&format!(".SH \"{}\"", heading.to_uppercase()));
        } else if body == "\\fIPossible values:\\fR" {
            out.push_str(&format!("\\fI{}\\fR", crate::t!("cli.man.possible-values")));
        } else if let Some(var) =
            body.strip_prefix("May also be specified with the ").and_then(|r| r.strip_suffix(" environment variable. "))
        {
            out.push_str(&crate::t!("cli.man.env", var = var));
        } else if body.starts_with("\\fB") && body.contains(" [default: ") {
            out.push_str(&body.replacen(" [default: ", &format!(" [{} ", crate::t!("cli.man.default")), 1));
        } else {
            out.push_str(body);
        }
        out.push_str(end);
    }
    out
}

pub fn exec(args: ManArgs, shell: &Shell) -> Result<Outcome> {
    // In the language of the run: the page for the tool, built as the
    // parser is; the page of a command, built on its own as before.
    let lang = crate::i18n::current();
    let Some(dir) = args.dir else {
        let cmd = crate::cli::help::localized(lang);
        let mut out = shell.out();
        out.write_all(&page(cmd)?)?;
        out.flush()?;
        return Ok(Outcome::Clean);
    };
    if !dir.is_dir() {
        anyhow::bail!(crate::t!("cli.man.not-a-directory", dir = dir.display()).into_owned());
    }
    let cmd = crate::cli::help::texts(lang);
    let mut written = vec![("cutover.1".to_string(), page(crate::cli::help::finish(cmd.clone(), lang))?)];
    for sub in cmd.get_subcommands() {
        // clap names are `&'static str` (its `string` feature is off): a
        // dozen short names live until the process exits.
        let name: &'static str = Box::leak(format!("cutover-{}", sub.get_name()).into_boxed_str());
        let sub = sub.clone().name(name).bin_name(format!("cutover {}", sub.get_name()));
        written.push((format!("{name}.1"), page(crate::cli::help::finish(sub, lang))?));
    }
    for (name, bytes) in &written {
        let path = dir.join(name);
        crate::output::write_atomic(&path, bytes).with_context(|| crate::t!("cli.man.cannot-write", path = path.display()).into_owned())?;
    }
    writeln!(shell.err(), "{}", crate::t!("cli.man.wrote", count = written.len(), dir = dir.display()))?;
    Ok(Outcome::Clean)
}
