//! `cutover completions SHELL`: the shell's completion script, from clap.

use crate::cli::Outcome;
use crate::cli::shell::Shell;
use anyhow::Result;
use clap::Args;
use std::io::Write;

pub const EXAMPLES: &str = "\
Examples:
  cutover completions bash > ~/.local/share/bash-completion/completions/cutover
  cutover completions zsh  > ~/.zfunc/_cutover      # with fpath+=(~/.zfunc) before compinit
  cutover completions fish > ~/.config/fish/completions/cutover.fish
  cutover completions powershell >> $PROFILE

The script completes commands, flags and their values (formats, languages);
plan files complete as files.";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn exec(args: CompletionsArgs, shell: &Shell) -> Result<Outcome> {
    let mut out = shell.out();
    // The descriptions of commands and flags in the language of the run.
    clap_complete::generate(args.shell, &mut crate::cli::help::command(), "cutover", &mut out);
    out.flush()?;
    Ok(Outcome::Clean)
}
