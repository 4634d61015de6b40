//! The command line: arguments (clap) and the commands they run, one file
//! per command under `commands/`, sharing the argument groups of [`args`]
//! and the streams of [`shell::Shell`].
//!
//! `main.rs` only parses, calls [`run`] and maps the outcome to the exit
//! status: 0 clean, 1 findings at error level, 2 could not run.

pub mod args;
pub mod commands;
pub mod help;
pub mod recording;
pub mod shell;

use anyhow::Result;
use clap::{Parser, Subcommand};
pub use shell::use_color;

const EXAMPLES: &str = "\
Examples:
  cutover check plans/quang-ngai-2025.toml
  cutover check plans/ --format github
  cutover critical-path plans/quang-ngai-2025.toml
  cutover checklist plans/quang-ngai-2025.toml --unit camthanh
  cutover mark plans/quang-ngai-2025.toml email.list@camthanh --done --at \"2025-06-20T15:00\"
  cutover status plans/quang-ngai-2025.toml --now \"2025-06-21T08:00\"
  cutover next plans/quang-ngai-2025.toml --hours 4 --org skhcn
  cutover gantt plans/quang-ngai-2025.toml -o gantt.html
  cutover graph plans/quang-ngai-2025.toml --format dot | dot -Tsvg > graph.svg
  cutover ics plans/quang-ngai-2025.toml --org skhcn -o skhcn.ics
  cutover rules

Exit status: 0 no error found, 1 errors found, 2 could not run.
Docs: docs/plan-format.md (the plan format), README.md.";

/// Turn a government IT cutover plan into a checked dependency graph.
///
/// Reads plan files (TOML, see docs/plan-format.md) and reports every problem
/// at its file:line:column.
#[derive(Debug, Parser)]
// `term_width = 0`: help is printed as written, never wrapped inside an example
// command or a comment that belongs to it (a terminal wraps long lines itself).
#[command(name = "cutover", version, about, long_about = None, after_help = EXAMPLES, term_width = 0)]
pub struct Cli {
    #[command(flatten)]
    pub globals: Globals,

    #[command(subcommand)]
    pub command: Command,
}

/// The arguments every command takes (before or after its name).
#[derive(Debug, clap::Args)]
pub struct Globals {
    /// When to use colours: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = args::ColorChoice::Auto, global = true)]
    pub color: args::ColorChoice,

    /// Language of messages, dates and labels: vi (default) or en. `CUTOVER_LANG` sets the default.
    #[arg(long, global = true, value_name = "vi|en", value_parser = args::parse_lang)]
    pub lang: Option<crate::time::Lang>,
}

/// The commands: one list, from which clap's derive builds them all (for
/// help and errors) and [`subcommand`] builds the one a command line names.
macro_rules! commands {
    ($($(#[$attr:meta])* $variant:ident($args:ty) = $name:literal,)*) => {
        #[derive(Debug, Subcommand)]
        pub enum Command {
            $($(#[$attr])* #[command(name = $name)] $variant($args),)*
        }

        /// The command `name` alone, as the derive builds it (its texts
        /// aside): what a command line that names it is parsed with.
        fn subcommand(name: &str) -> Option<clap::Command> {
            use clap::Args;
            match name {
                $($name => Some(<$args>::augment_args(clap::Command::new($name))),)*
                _ => None,
            }
        }
    };
}

commands! {
    /// Check plan files: structure, references, deadlines; every problem with its place.
    #[command(after_help = commands::check::EXAMPLES)]
    Check(commands::check::CheckArgs) = "check",
    /// Show the critical path: the chain of tasks that drives the cutover, with slack.
    #[command(after_help = commands::critical_path::EXAMPLES)]
    CriticalPath(commands::critical_path::CriticalArgs) = "critical-path",
    /// Checklists: what each org, commune, system or day must do, in due order, ready to tick.
    #[command(after_help = commands::checklist::EXAMPLES)]
    Checklist(commands::checklist::ChecklistArgs) = "checklist",
    /// Record progress on the night: start, done, blocked or reopened, in the status log.
    #[command(after_help = commands::mark::EXAMPLES)]
    Mark(commands::mark::MarkArgs) = "mark",
    /// Record a go or no-go decision on a gate, by one of its approvers, in the status log.
    #[command(after_help = commands::approve::EXAMPLES)]
    Approve(commands::approve::ApproveArgs) = "approve",
    /// Where the plan stands now: progress, overdue, blocked, at risk, and the T-0 forecast.
    #[command(after_help = commands::status::EXAMPLES)]
    Status(commands::status::StatusArgs) = "status",
    /// What is due or may start in the next hours, who leads it, what it still waits for.
    #[command(after_help = commands::next::EXAMPLES)]
    Next(commands::next::NextArgs) = "next",
    /// The dependency graph as Graphviz DOT or Mermaid: clustered by system, the critical path bold.
    #[command(after_help = commands::graph::EXAMPLES)]
    Graph(commands::graph::GraphArgs) = "graph",
    /// The deadlines as an iCalendar file (RFC 5545) for Google Calendar, Outlook, Thunderbird.
    #[command(after_help = commands::ics::EXAMPLES)]
    Ics(commands::ics::IcsArgs) = "ics",
    /// Why a task is scheduled where it is: the chain that sets its start, what bounds its finish, its slack.
    #[command(after_help = commands::why::EXAMPLES)]
    Why(commands::why::WhyArgs) = "why",
    /// What a change to a plan changes: tasks, findings, the critical path and the margin to T-0.
    #[command(after_help = commands::diff::EXAMPLES)]
    Diff(commands::diff::DiffArgs) = "diff",
    /// The plan as the appendix table offices exchange: Markdown, CSV, HTML or an xlsx workbook.
    #[command(after_help = commands::table::EXAMPLES)]
    Table(commands::table::TableArgs) = "table",
    /// A Gantt chart: one self-contained HTML page (or SVG, or Mermaid) with the T-0 line.
    #[command(after_help = commands::gantt::EXAMPLES)]
    Gantt(commands::gantt::GanttArgs) = "gantt",
    /// Serve the night's live board, each office's checklist and a JSON API to record progress from.
    #[command(after_help = commands::serve::EXAMPLES)]
    Serve(commands::serve::ServeArgs) = "serve",
    /// Access tokens for `cutover serve`: add (printed once), list, revoke.
    #[command(after_help = commands::token::EXAMPLES)]
    Token(commands::token::TokenArgs) = "token",
    /// Draft a plan from a plan document's text: tasks, orgs, dues and clauses, every guess marked for review.
    #[command(after_help = commands::import::EXAMPLES)]
    Import(commands::import::ImportArgs) = "import",
    /// List the rules a check applies, with their severity.
    Rules(commands::rules::RulesArgs) = "rules",
    /// Print the JSON Schema of a plan file, for editors (taplo, Even Better TOML).
    #[command(after_help = commands::schema::EXAMPLES)]
    Schema(commands::schema::SchemaArgs) = "schema",
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    #[command(after_help = commands::completions::EXAMPLES)]
    Completions(commands::completions::CompletionsArgs) = "completions",
    /// Print the manual page (roff), or write one per command into a directory.
    #[command(after_help = commands::man::EXAMPLES)]
    Man(commands::man::ManArgs) = "man",
}

/// What a command ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Ran; no error found.
    Clean,
    /// Ran; found errors (exit 1).
    Findings,
}

/// Runs a parsed command line. Meant to run once per process: the plan a
/// command opens is not freed (the process is about to exit).
pub fn run(cli: Cli) -> Result<Outcome> {
    // `--lang`, else `CUTOVER_LANG` (a value that is not a language is
    // ignored, as a locale variable is): messages, dates and labels.
    let lang = cli.globals.lang.or_else(args::env_lang);
    if let Some(l) = lang {
        crate::i18n::set(l);
    }
    let shell = shell::Shell::new(cli.globals.color, lang);
    match cli.command {
        Command::Check(a) => commands::check::exec(a, &shell),
        Command::CriticalPath(a) => commands::critical_path::exec(a, &shell),
        Command::Checklist(a) => commands::checklist::exec(a, &shell),
        Command::Mark(a) => commands::mark::exec(a, &shell),
        Command::Approve(a) => commands::approve::exec(a, &shell),
        Command::Status(a) => commands::status::exec(a, &shell),
        Command::Next(a) => commands::next::exec(a, &shell),
        Command::Graph(a) => commands::graph::exec(a, &shell),
        Command::Ics(a) => commands::ics::exec(a, &shell),
        Command::Gantt(a) => commands::gantt::exec(a, &shell),
        Command::Why(a) => commands::why::exec(a, &shell),
        Command::Diff(a) => commands::diff::exec(a, &shell),
        Command::Table(a) => commands::table::exec(a, &shell),
        Command::Serve(a) => commands::serve::exec(a, &shell),
        Command::Token(a) => commands::token::exec(a, &shell),
        Command::Import(a) => commands::import::exec(a, &shell),
        Command::Rules(a) => commands::rules::exec(a, &shell),
        Command::Schema(a) => commands::schema::exec(a, &shell),
        Command::Completions(a) => commands::completions::exec(a, &shell),
        Command::Man(a) => commands::man::exec(a, &shell),
    }
}

/// Parses a command line with the help in the current language
/// ([`help::command`]); on a bad argument, `--help` or `--version` prints
/// and exits as [`Parser::parse_from`] does.
pub fn parse_from(argv: Vec<std::ffi::OsString>) -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    // A command line that parses needs none of the help texts: the
    // definitions as they are parse it (the translated command parses the
    // same, a test says so), and translating every text of every command
    // would cost each run about a millisecond. Only help, a version or an
    // error is printed from the translated command.
    // Nor, when the line names its command first, the other commands:
    // built, all twenty cost each run ~0.3 ms (docs/performance.md).
    if let Some(cli) = parse_one(&argv) {
        return cli;
    }
    if let Ok(mut m) = Cli::command().try_get_matches_from(&argv) {
        if let Ok(cli) = Cli::from_arg_matches_mut(&mut m) {
            return cli;
        }
    }
    let mut cmd = help::command();
    let exit = |e: clap::Error| -> ! {
        match crate::i18n::current() {
            crate::time::Lang::Vi if e.kind() == clap::error::ErrorKind::DisplayHelp => help::print_help(&e),
            crate::time::Lang::Vi => e.apply::<help::Vietnamese>().exit(),
            crate::time::Lang::En => e.exit(),
        }
    };
    let mut matches = cmd.try_get_matches_from_mut(argv).unwrap_or_else(|e| exit(e));
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut cmd)).unwrap_or_else(|e| exit(e))
}

/// `argv` parsed with only the command it names (after any global
/// arguments), or `None` when it names none this way or does not parse
/// (then the whole command line parses it, or reports why not).
fn parse_one(argv: &[std::ffi::OsString]) -> Option<Cli> {
    use clap::{Args, FromArgMatches};
    let mut it = argv.iter().skip(1).map(|a| a.to_str());
    let name = loop {
        match it.next()?? {
            "--color" | "--lang" => {
                it.next()?;
            }
            a if a.starts_with("--color=") || a.starts_with("--lang=") => {}
            a if a.starts_with('-') => return None,
            a => break a,
        }
    };
    let cmd = Globals::augment_args(clap::Command::new("cutover")).subcommand(subcommand(name)?);
    Cli::from_arg_matches_mut(&mut cmd.try_get_matches_from(argv).ok()?).ok()
}

/// Resolves an id the user typed, or fails with the closest one.
pub fn resolve<I: Copy>(map: &crate::model::IdMap<I>, id: &str, what: &str) -> Result<I> {
    crate::status::lookup(map, id, what).map_err(anyhow::Error::msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// A command's arguments, groups, the settings that change parsing and
    /// its subcommands', every property of each argument (by `Debug`).
    fn parsing_of(c: &clap::Command) -> String {
        let mut s = format!(
            "{} aliases {:?} required {} else-help {} negates {} external {}\n",
            c.get_name(),
            c.get_all_aliases().collect::<Vec<_>>(),
            c.is_subcommand_required_set(),
            c.is_arg_required_else_help_set(),
            c.is_subcommand_negates_reqs_set(),
            c.is_allow_external_subcommands_set(),
        );
        for a in c.get_arguments() {
            s += &format!("{a:?}\n");
        }
        for g in c.get_groups() {
            s += &format!("{g:?}\n");
        }
        for sub in c.get_subcommands() {
            s += &parsing_of(sub);
        }
        s
    }

    /// Every command, built alone for a command line that names it, takes
    /// the arguments it takes among all of them.
    #[test]
    fn every_command_alone_has_its_arguments() {
        use clap::Args;
        let mut all = Cli::command();
        all.build();
        let names: Vec<&str> = all.get_subcommands().map(|s| s.get_name()).filter(|n| *n != "help").collect();
        assert_eq!(names.len(), 20, "{names:?}");
        for sub in all.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = sub.get_name();
            let mut one = Globals::augment_args(clap::Command::new("cutover")).subcommand(subcommand(name).unwrap());
            one.build();
            let alone = one.find_subcommand(name).unwrap();
            assert_eq!(parsing_of(alone), parsing_of(sub), "{name}");
        }
        assert!(subcommand("help").is_none() && subcommand("chek").is_none());
    }

    /// A command line parses to the same thing with only its command built
    /// as with all of them; lines that do not name their command first, or
    /// do not parse, are left to the whole command line.
    #[test]
    fn a_command_alone_parses_as_among_all() {
        use clap::FromArgMatches;
        let lines: &[(&[&str], bool)] = &[
            (&["check", "p.toml"], true),
            (&["check", "p.toml", "q.toml", "--format", "json", "--deny", "warnings"], true),
            (&["check", "p.toml", "--lang", "en"], true),
            (&["--lang", "en", "check", "p.toml"], true),
            (&["--lang=en", "--color", "always", "critical-path", "p.toml", "--format", "json"], true),
            (&["--color=never", "status", "p.toml", "--now", "2025-06-30T23:00"], true),
            (&["critical-path", "p.toml", "--all", "--allow-outside-includes", "--max-instances", "5"], true),
            (&["mark", "p.toml", "t@u", "--done", "--at", "2025-06-20T15:00"], true),
            (&["token", "add", "p.toml", "--org", "skhcn", "--label", "x"], true),
            (&["token", "add", "p.toml"], false),
            (&["token", "list", "p.toml", "--format", "json"], true),
            (&["why", "p.toml", "t", "--format", "table"], true),
            (&["diff", "a.toml", "b.toml", "--format", "markdown"], true),
            (&["gantt", "p.toml", "-o", "g.html"], true),
            (&["rules"], true),
            (&["schema"], true),
            (&["completions", "bash"], true),
            (&["check", "p.toml", "--", "--odd.toml"], true),
            (&["check"], false),
            (&["check", "p.toml", "--format", "yaml"], false),
            (&["check", "p.toml", "--help"], false),
            (&["mark", "p.toml", "t", "--done", "--start"], false),
            (&["help", "check"], false),
            (&["--version"], false),
            (&["-q", "check", "p.toml"], false),
            (&["chek", "p.toml"], false),
            (&["--lang"], false),
            (&[], false),
        ];
        for (line, alone) in lines {
            let argv: Vec<std::ffi::OsString> = std::iter::once("cutover").chain(line.iter().copied()).map(Into::into).collect();
            let all = Cli::command().try_get_matches_from(&argv).ok().and_then(|mut m| Cli::from_arg_matches_mut(&mut m).ok());
            let one = parse_one(&argv);
            assert_eq!(one.is_some(), *alone, "{line:?}");
            if let Some(one) = one {
                assert_eq!(format!("{one:?}"), format!("{:?}", all.expect("parses among all")), "{line:?}");
            }
        }
    }
}
