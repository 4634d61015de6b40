//! `--help`, `cutover man` and `cutover completions` in the language of the
//! run.
//!
//! The clap definitions (doc comments, each command's `EXAMPLES`) are the
//! English source; the command line the binary parses with is that
//! definition with every text replaced by its catalogue entry
//! (`locales/cli.toml`):
//!
//! - `cli.<command>.about`, `cli.<command>.long-about`,
//!   `cli.<command>.examples` (the root command is `cutover`);
//! - `cli.<command>.arg.<arg>` for an argument's help (`.long` for its long
//!   help), else `cli.arg.<arg>` for an argument many commands share
//!   (`--color`, `--lang`, the argument groups of [`super::args`]);
//! - `cli.help.*` for clap's own words: the usage and section headings, the
//!   `--help` and `--version` flags, the `help` command.
//!
//! A unit test keeps the catalogue's English equal to the definitions.

use crate::time::Lang;
use clap::builder::StyledStr;
use clap::{Arg, Command, CommandFactory};
use std::fmt::Write;

/// The command line with its texts in the current language, built (ready to
/// parse, or to render help, manual pages and completions from).
pub fn command() -> Command {
    localized(crate::i18n::current())
}

/// The command line with its texts in `lang`, built.
pub fn localized(lang: Lang) -> Command {
    finish(texts(lang), lang)
}

/// The definitions with their own texts (about, examples, arguments) in
/// `lang`, not yet built: clap adds `--help`, `--version`, the `help`
/// command and the global arguments when it builds ([`finish`]).
pub fn texts(lang: Lang) -> Command {
    localize(crate::cli::Cli::command(), "cutover", lang)
}

/// Builds `cmd` (and its subcommands) and puts clap's own words in `lang`.
pub fn finish(mut cmd: Command, lang: Lang) -> Command {
    cmd.build();
    // clap takes a heading as `&'static str` (its `string` feature is
    // off): three words per run, kept until the process exits. Where ours
    // equal clap's (English), clap's sections stay as they are.
    let heading = |key: &str, clap: &str| Some(text(lang, key)).filter(|t| t != clap).map(|t| &*Box::leak(t.into_boxed_str()));
    let headings = Headings {
        arguments: heading("cli.help.arguments", "Arguments"),
        options: heading("cli.help.options", "Options"),
        commands: heading("cli.help.commands", "Commands"),
    };
    builtins(cmd, lang, &headings)
}

/// Section headings that differ from clap's.
struct Headings {
    arguments: Option<&'static str>,
    options: Option<&'static str>,
    commands: Option<&'static str>,
}

/// The text of `key`, when the catalogue has it.
fn lookup(lang: Lang, key: &str) -> Option<String> {
    crate::i18n::lookup(lang, key).map(str::to_string)
}

/// The text of `key`; one the catalogue lacks shows as the key (a test forbids it).
fn text(lang: Lang, key: &str) -> String {
    lookup(lang, key).unwrap_or_else(|| key.to_string())
}

/// The catalogue key of an argument of command `key`: its own, else the shared one.
fn arg_text(lang: Lang, command: &str, id: &str, suffix: &str) -> String {
    let id = id.replace('_', "-");
    lookup(lang, &format!("cli.{command}.arg.{id}{suffix}")).unwrap_or_else(|| text(lang, &format!("cli.arg.{id}{suffix}")))
}

fn localize(mut cmd: Command, key: &str, lang: Lang) -> Command {
    if cmd.get_about().is_some() {
        cmd = cmd.about(text(lang, &format!("cli.{key}.about")));
    }
    if cmd.get_long_about().is_some() {
        cmd = cmd.long_about(text(lang, &format!("cli.{key}.long-about")));
    }
    if cmd.get_after_help().is_some() {
        cmd = cmd.after_help(text(lang, &format!("cli.{key}.examples")));
    }
    cmd = cmd.mut_args(|a| localize_arg(a, key, lang));
    cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        localize(sub, &name, lang)
    })
}

fn localize_arg(mut a: Arg, command: &str, lang: Lang) -> Arg {
    let id = a.get_id().as_str().to_string();
    if a.get_help().is_some() {
        a = a.help(arg_text(lang, command, &id, ""));
    }
    if a.get_long_help().is_some() {
        a = a.long_help(arg_text(lang, command, &id, ".long"));
    }
    if a.get_possible_values().iter().any(|v| v.get_help().is_some()) {
        a = values(a, command, lang);
    }
    a
}

/// The help of each possible value of an argument (`--format json`: “One
/// JSON object on stdout”): `cli.<command>.value.<arg>.<value>`, else
/// `cli.value.<arg>.<value>`. The values live in the argument's parser, so
/// the parser is rebuilt for the enum it parses (the same values, the same
/// type); an argument whose enum is not listed here keeps its texts, which
/// a test forbids.
fn values(a: Arg, command: &str, lang: Lang) -> Arg {
    use crate::cli::commands as c;
    let a = match enum_values::<c::check::Format>(a, command, lang) {
        Ok(a) | Err(a) => a,
    };
    let a = match enum_values::<crate::cli::args::TableFormat>(a, command, lang) {
        Ok(a) | Err(a) => a,
    };
    let a = match enum_values::<c::checklist::ChecklistFormat>(a, command, lang) {
        Ok(a) | Err(a) => a,
    };
    let a = match enum_values::<c::graph::GraphFormat>(a, command, lang) {
        Ok(a) | Err(a) => a,
    };
    let a = match enum_values::<c::diff::DiffFormat>(a, command, lang) {
        Ok(a) | Err(a) => a,
    };
    match enum_values::<c::gantt::GanttFormat>(a, command, lang) {
        Ok(a) | Err(a) => a,
    }
}

/// `a` with a parser of `E` whose values carry their help in `lang`, if `a`
/// parses an `E` (else `a` as it was, as `Err`).
fn enum_values<E: clap::ValueEnum + Clone + Send + Sync + 'static>(a: Arg, command: &str, lang: Lang) -> Result<Arg, Arg> {
    if a.get_value_parser().type_id() != std::any::TypeId::of::<E>() {
        return Err(a);
    }
    let id = a.get_id().as_str().replace('_', "-");
    let values = E::value_variants().iter().filter_map(E::to_possible_value).map(|v| {
        if v.get_help().is_none() {
            return v;
        }
        let name = v.get_name().to_string();
        let help =
            lookup(lang, &format!("cli.{command}.value.{id}.{name}")).unwrap_or_else(|| text(lang, &format!("cli.value.{id}.{name}")));
        v.help(help)
    });
    use clap::builder::TypedValueParser;
    let parser = clap::builder::PossibleValuesParser::new(values)
        // Only a value of `E` gets past the possible values.
        .map(|s: String| E::from_str(&s, true).expect("a possible value of the enum"));
    Ok(a.value_parser(parser))
}

/// clap's own words, in a built command and its subcommands: `--help`,
/// `--version`, the `help` command, the section headings and the usage
/// heading. In English they stay clap's (the same bytes as before).
fn builtins(mut cmd: Command, lang: Lang, headings: &Headings) -> Command {
    let has_long_help = cmd.get_arguments().any(|a| a.get_id() == "help" && a.get_long_help().is_some());
    cmd = cmd.mut_args(|a| {
        let a = match a.get_id().as_str() {
            "help" if has_long_help => a.help(text(lang, "cli.help.flag-help-short")).long_help(text(lang, "cli.help.flag-help-long")),
            "help" => a.help(text(lang, "cli.help.flag-help")),
            "version" => a.help(text(lang, "cli.help.flag-version")),
            _ => a,
        };
        // A heading of its own only where clap's differs from ours: in
        // English the sections stay clap's.
        match (a.get_help_heading(), a.is_positional()) {
            (Some(_), _) => a,
            // Under a heading of its own clap sorts arguments by display
            // order, then name: positionals keep their order by their index.
            (None, true) => match headings.arguments {
                Some(h) => {
                    let at = a.get_index().unwrap_or(0);
                    a.help_heading(h).display_order(at)
                }
                None => a,
            },
            (None, false) => match headings.options {
                Some(h) => a.help_heading(h),
                None => a,
            },
        }
    });
    if let Some(h) = headings.commands.filter(|_| cmd.has_subcommands()) {
        cmd = cmd.subcommand_help_heading(h);
    }
    let usage = text(lang, "cli.help.usage");
    if usage != "Usage:" {
        let visible = cmd.get_arguments().any(|a| !a.is_hide_set()) || cmd.get_subcommands().any(|s| !s.is_hide_set());
        let style = cmd.get_styles().get_usage();
        let mut t = StyledStr::new();
        let _ = write!(t, "{{before-help}}{{about-with-newline}}\n{}{usage}{} {{usage}}", style.render(), style.render_reset());
        t.push_str(if visible { "\n\n{all-args}{after-help}" } else { "{after-help}" });
        cmd = cmd.help_template(t);
    }
    cmd.mut_subcommands(|sub| {
        let sub = if sub.get_name() == "help" { help_command(sub, lang) } else { sub };
        builtins(sub, lang, headings)
    })
}

/// The `help` command clap adds (and the copies of the commands under it,
/// which carry the abouts already localized).
fn help_command(cmd: Command, lang: Lang) -> Command {
    let cmd = if cmd.get_about().is_some() { cmd.about(text(lang, "cli.help.subcommand")) } else { cmd };
    let cmd = cmd.mut_args(|a| if a.get_id() == "subcommand" { a.help(text(lang, "cli.help.subcommand-arg")) } else { a });
    cmd.mut_subcommands(|s| if s.get_name() == "help" { help_command(s, lang) } else { s })
}

/// Prints the help clap rendered (`--help`, `-h`, `help COMMAND`) with the
/// few words clap writes inside it itself (“[default: …]”, “[possible
/// values: …]”, “[env: …]”, “Possible values:”) in the run's language, in
/// colour where clap would colour it, and exits 0 as clap does.
pub fn print_help(e: &clap::Error) -> ! {
    use std::io::{IsTerminal, Write as _};
    let text = spec_words(&e.render().ansi().to_string());
    let color = crate::cli::use_color(crate::cli::args::ColorChoice::Auto, std::io::stdout().is_terminal());
    let text = if color { text } else { StyledStr::from(text).to_string() };
    let mut out = std::io::stdout().lock();
    // A closed pipe (`cutover --help | head`) is not an error.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    std::process::exit(0)
}

/// The words clap writes inside a help text, from the catalogue.
fn spec_words(help: &str) -> String {
    let lang = crate::i18n::current();
    help.replace("[default: ", &format!("[{}: ", text(lang, "cli.help.default")))
        .replace("[possible values: ", &format!("[{}: ", text(lang, "cli.error.possible-values")))
        .replace("[env: ", &format!("[{}: ", text(lang, "cli.help.env")))
        .replace("Possible values:\n", &format!("{}\n", text(lang, "cli.man.possible-values")))
}

/// clap's error messages (a bad argument, an unknown command) in
/// Vietnamese: the same message as clap's `RichFormatter` writes, from the
/// catalogue (`cli.error.*`). English keeps clap's own formatter.
pub struct Vietnamese;

impl clap::error::ErrorFormatter for Vietnamese {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        use clap::error::{ContextKind as K, ContextValue as V, ErrorKind as E};
        let styles = clap::builder::Styles::default();
        let (bad, valid, literal) = (styles.get_invalid(), styles.get_valid(), styles.get_literal());
        let (err, tab) = (styles.get_error(), "  ");
        let string = |k: K| match error.get(k) {
            Some(V::String(s)) => Some(s.as_str()),
            _ => None,
        };
        let strings = |k: K| match error.get(k) {
            Some(V::Strings(v)) => v.clone(),
            Some(V::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        };
        let number = |k: K| match error.get(k) {
            Some(V::Number(n)) => Some(*n),
            _ => None,
        };
        let lit = |s: &str| format!("{literal}{s}{literal:#}");
        let arg = string(K::InvalidArg).map(|a| format!("{bad}{a}{bad:#}"));
        let arg_lit = string(K::InvalidArg).map(lit);
        let value = string(K::InvalidValue).map(|v| format!("{bad}{v}{bad:#}"));
        let list = |out: &mut StyledStr, key: &str, values: &[String]| {
            if !values.is_empty() {
                let values: Vec<String> = values.iter().map(|v| format!("{valid}{v}{valid:#}")).collect();
                let _ = write!(out, "\n{tab}[{}: {}]", crate::i18n::text(key), values.join(", "));
            }
        };
        let mut out = StyledStr::new();
        let _ = write!(out, "{err}{}:{err:#} ", crate::i18n::text("common.error"));
        let written = match (error.kind(), arg.as_deref()) {
            (E::ArgumentConflict, Some(a)) => {
                let prior = strings(K::PriorArg);
                let is_sub = error.get(K::InvalidSubcommand).is_some();
                if prior.len() == 1 && string(K::InvalidArg) == Some(prior[0].as_str()) {
                    out.push_str(&crate::t!("cli.error.used-twice", arg = a));
                } else {
                    let key = if is_sub { "cli.error.subcommand-conflict" } else { "cli.error.conflict" };
                    out.push_str(&crate::i18n::text(key).replace("%{arg}", a));
                    match prior.as_slice() {
                        [] => out.push_str(&crate::t!("cli.error.conflict-others")),
                        [one] => {
                            let _ = write!(out, " '{bad}{one}{bad:#}'");
                        }
                        many => {
                            out.push_str(":");
                            for v in many {
                                let _ = write!(out, "\n{tab}{bad}{v}{bad:#}");
                            }
                        }
                    }
                }
                true
            }
            (E::NoEquals, Some(a)) => {
                out.push_str(&crate::t!("cli.error.no-equals", arg = a));
                true
            }
            (E::InvalidValue, _) if arg_lit.is_some() => {
                let a = arg_lit.as_deref().unwrap_or("");
                match string(K::InvalidValue) {
                    Some("") | None => out.push_str(&crate::t!("cli.error.value-required", arg = arg.as_deref().unwrap_or(""))),
                    Some(_) => out.push_str(&crate::t!("cli.error.invalid-value", value = value.as_deref().unwrap_or(""), arg = a)),
                }
                list(&mut out, "cli.error.possible-values", &strings(K::ValidValue));
                true
            }
            (E::InvalidSubcommand, _) if string(K::InvalidSubcommand).is_some() => {
                let name = string(K::InvalidSubcommand).unwrap_or("");
                out.push_str(&crate::t!("cli.error.unknown-subcommand", name = format!("{bad}{name}{bad:#}")));
                true
            }
            (E::MissingRequiredArgument, _) if error.get(K::InvalidArg).is_some() => {
                out.push_str(&crate::t!("cli.error.missing-arguments"));
                for v in strings(K::InvalidArg) {
                    let _ = write!(out, "\n{tab}{valid}{v}{valid:#}");
                }
                true
            }
            (E::MissingSubcommand, _) if string(K::InvalidSubcommand).is_some() => {
                let name = string(K::InvalidSubcommand).unwrap_or("");
                out.push_str(&crate::t!("cli.error.missing-subcommand", name = format!("{bad}{name}{bad:#}")));
                list(&mut out, "cli.error.subcommands", &strings(K::ValidSubcommand));
                true
            }
            (E::TooManyValues, Some(_)) if value.is_some() => {
                let a = arg_lit.as_deref().unwrap_or("");
                out.push_str(&crate::t!("cli.error.too-many-values", value = value.as_deref().unwrap_or(""), arg = a));
                true
            }
            (E::TooFewValues, Some(_)) => {
                let (min, actual) = (number(K::MinValues).unwrap_or(0), number(K::ActualNumValues).unwrap_or(0));
                let a = arg_lit.as_deref().unwrap_or("");
                out.push_str(&crate::t!(
                    "cli.error.too-few-values",
                    min = format!("{valid}{min}{valid:#}"),
                    arg = a,
                    actual = format!("{bad}{actual}{bad:#}")
                ));
                true
            }
            (E::WrongNumberOfValues, Some(_)) => {
                let (n, actual) = (number(K::ExpectedNumValues).unwrap_or(0), number(K::ActualNumValues).unwrap_or(0));
                let a = arg_lit.as_deref().unwrap_or("");
                out.push_str(&crate::t!(
                    "cli.error.wrong-number-of-values",
                    count = format!("{valid}{n}{valid:#}"),
                    arg = a,
                    actual = format!("{bad}{actual}{bad:#}")
                ));
                true
            }
            (E::ValueValidation, Some(_)) if value.is_some() => {
                let a = arg_lit.as_deref().unwrap_or("");
                out.push_str(&crate::t!("cli.error.invalid-value", value = value.as_deref().unwrap_or(""), arg = a));
                if let Some(source) = std::error::Error::source(error) {
                    let _ = write!(out, ": {source}");
                }
                true
            }
            (E::UnknownArgument, Some(a)) => {
                out.push_str(&crate::t!("cli.error.unknown-argument", arg = a));
                true
            }
            _ => false,
        };
        if !written {
            // A message clap wrote itself (or one from this tool), as it is.
            match std::error::Error::source(error) {
                Some(source) => {
                    let _ = write!(out, "{source}");
                }
                None => out.push_str(error.kind().as_str().unwrap_or("unknown cause")),
            }
        }
        let mut suggested = false;
        for (kind, what) in [(K::SuggestedSubcommand, "subcommand"), (K::SuggestedArg, "argument"), (K::SuggestedValue, "value")] {
            let similar = strings(kind);
            if similar.is_empty() {
                continue;
            }
            out.push_str(if suggested { "\n" } else { "\n\n" });
            suggested = true;
            let many = if similar.len() > 1 { "s" } else { "" };
            let similar: Vec<String> = similar.iter().map(|v| format!("'{valid}{v}{valid:#}'")).collect();
            let _ = write!(
                out,
                "{tab}{valid}{}:{valid:#} {}",
                crate::i18n::text("cli.error.tip"),
                crate::i18n::text(&format!("cli.error.similar-{what}{many}")).replace("%{list}", &similar.join(", "))
            );
        }
        if let Some(V::StyledStrs(tips)) = error.get(K::Suggested) {
            if !suggested {
                out.push_str("\n");
            }
            for tip in tips {
                let _ = write!(out, "\n{tab}{valid}{}:{valid:#} ", crate::i18n::text("cli.error.tip"));
                // clap's one tip: “to pass '-x' as a value, use '-- -x'”.
                let plain = tip.to_string();
                let pass = plain
                    .strip_prefix("to pass '")
                    .and_then(|r| r.split_once("' as a value, use '"))
                    .and_then(|(a, u)| Some((a, u.strip_suffix('\'')?)));
                match pass {
                    Some((a, u)) => out.push_str(&crate::t!(
                        "cli.error.pass-as-value",
                        arg = format!("{bad}{a}{bad:#}"),
                        usage = format!("{valid}{u}{valid:#}")
                    )),
                    None => out.push_str(&tip.ansi().to_string()),
                }
            }
        }
        if let Some(V::StyledStr(usage)) = error.get(K::Usage) {
            let usage = usage.ansi().to_string();
            out.push_str("\n\n");
            out.push_str(&usage.replacen("Usage:", &crate::i18n::text("cli.help.usage"), 1));
        }
        let _ = write!(out, "\n\n{}\n", crate::t!("cli.error.try-help", help = lit("--help")));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command of a built command line, by its path of names
    /// (`cutover`, `cutover check`, `cutover help check`, …).
    fn commands(cmd: &Command) -> Vec<(String, Command)> {
        fn walk(c: &Command, path: String, out: &mut Vec<(String, Command)>) {
            out.push((path.clone(), c.clone()));
            for s in c.get_subcommands() {
                walk(s, format!("{path} {}", s.get_name()), out);
            }
        }
        let mut out = Vec::new();
        walk(cmd, cmd.get_name().to_string(), &mut out);
        out
    }

    /// Every text of a command and its arguments, by where it is.
    fn texts_of(c: &Command) -> Vec<(String, String)> {
        let s = |t: Option<&StyledStr>| t.map(|t| t.to_string());
        let mut out = vec![
            ("about".to_string(), s(c.get_about())),
            ("long about".to_string(), s(c.get_long_about())),
            ("examples".to_string(), s(c.get_after_help())),
        ];
        for a in c.get_arguments() {
            out.push((format!("`{}` help", a.get_id()), s(a.get_help())));
            out.push((format!("`{}` long help", a.get_id()), s(a.get_long_help())));
            for v in a.get_possible_values() {
                out.push((format!("`{}` value `{}`", a.get_id(), v.get_name()), s(v.get_help())));
            }
        }
        out.into_iter().filter_map(|(k, v)| Some((k, v?))).collect()
    }

    fn built(mut c: Command) -> Command {
        c.build();
        c
    }

    /// The catalogue's English is the definitions' own text, word for word:
    /// every about, example and argument help, clap's own words, and the
    /// whole rendered `-h` and `--help` of every command.
    #[test]
    fn the_english_catalogue_is_the_definitions_text() {
        let (ours, theirs) = (localized(Lang::En), built(crate::cli::Cli::command()));
        let (ours, theirs) = (commands(&ours), commands(&theirs));
        assert_eq!(ours.len(), theirs.len());
        assert!(ours.len() > 17, "{} commands", ours.len());
        for ((path, mut o), (path2, mut t)) in ours.into_iter().zip(theirs) {
            assert_eq!(path, path2);
            assert_eq!(texts_of(&o), texts_of(&t), "`{path}`");
            assert_eq!(o.render_help().to_string(), t.render_help().to_string(), "`{path} -h`");
            assert_eq!(o.render_long_help().to_string(), t.render_long_help().to_string(), "`{path} --help`");
        }
    }

    /// A text is words (not only code, ids and flags) when something is left
    /// once the code in backticks, flags and placeholders are taken out.
    fn has_words(s: &str) -> bool {
        let mut rest = String::new();
        for (i, part) in s.split('`').enumerate() {
            if i % 2 == 0 {
                rest.push_str(part);
                rest.push(' ');
            }
        }
        rest.split_whitespace()
            .filter(|w| !w.starts_with('-') && !w.starts_with('<'))
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 2)
    }

    /// Every text with words has its own Vietnamese, and no key is missing.
    #[test]
    fn every_command_and_argument_has_its_vietnamese() {
        let (vi, en) = (commands(&localized(Lang::Vi)), commands(&localized(Lang::En)));
        let mut bad = Vec::new();
        for ((path, v), (_, e)) in vi.iter().zip(&en) {
            for ((what, v), (_, e)) in texts_of(v).iter().zip(texts_of(e)) {
                if v.starts_with("cli.") || e.starts_with("cli.") {
                    bad.push(format!("`{path}` {what}: no catalogue entry `{v}`"));
                } else if has_words(&e) && *v == e {
                    bad.push(format!("`{path}` {what} is not translated: {e}"));
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    /// The examples' command lines are the same in both languages, each on
    /// a line of its own.
    #[test]
    fn examples_keep_their_command_lines() {
        for ((path, v), (_, e)) in commands(&localized(Lang::Vi)).iter().zip(commands(&localized(Lang::En))) {
            let (Some(v), Some(e)) = (v.get_after_help(), e.get_after_help()) else { continue };
            let lines = |s: &StyledStr| {
                s.to_string()
                    .lines()
                    .map(|l| l.split("  #").next().unwrap().trim_end().to_string())
                    .filter(|l| l.starts_with("  cutover ") || l.starts_with("  #:"))
                    .collect::<Vec<_>>()
            };
            assert_eq!(lines(v), lines(e), "`{path}`");
            assert!(!lines(e).is_empty() || path == "cutover next", "`{path}`");
        }
    }

    #[test]
    fn vietnamese_help_has_vietnamese_headings_and_flags() {
        let mut root = localized(Lang::Vi);
        let help = root.render_help().to_string();
        assert!(help.contains("\nCách dùng: cutover [OPTIONS] <COMMAND>\n"), "{help}");
        assert!(help.contains("\nLệnh:\n") && help.contains("\nTùy chọn:\n"), "{help}");
        assert!(help.contains("  -h, --help           In hướng dẫn sử dụng\n"), "{help}");
        assert!(help.contains("  -V, --version        In phiên bản\n"), "{help}");
        assert!(help.contains("\nVí dụ:\n  cutover check plans/quang-ngai-2025.toml\n"), "{help}");
        let check = root.find_subcommand_mut("check").unwrap().render_long_help().to_string();
        assert!(check.contains("\nĐối số:\n  <PLAN>...\n          Tệp kế hoạch, hoặc thư mục để tìm các kế hoạch `*.toml`\n"), "{check}");
        assert!(check.contains("In hướng dẫn sử dụng (xem bản tóm tắt với '-h')"), "{check}");
        // Positional arguments keep their order under a heading of their own.
        let mark = root.find_subcommand_mut("mark").unwrap().render_help().to_string();
        assert!(mark.find("<PLAN>").unwrap() < mark.find("<ID>...  ").unwrap(), "{mark}");
    }

    /// The arguments whose values were given a new parser still parse to
    /// what the definitions parse, in both languages.
    #[test]
    fn localized_values_parse_as_before() {
        use clap::FromArgMatches;
        let lines: [&[&str]; 9] = [
            &["check", "p.toml", "--format", "sarif"],
            &["check", "p.toml", "--format", "GitHub"],
            &["status", "p.toml", "--format", "json"],
            &["why", "p.toml", "t", "--format", "table"],
            &["checklist", "p.toml", "--format", "xlsx"],
            &["graph", "p.toml", "--format", "mermaid"],
            &["diff", "a.toml", "--format", "markdown"],
            &["gantt", "p.toml", "--format", "svg"],
            &["gantt", "p.toml"],
        ];
        for lang in [Lang::Vi, Lang::En] {
            for line in lines {
                let argv = std::iter::once("cutover").chain(line.iter().copied());
                let theirs = crate::cli::Cli::command().try_get_matches_from(argv.clone()).map(|m| crate::cli::Cli::from_arg_matches(&m));
                let ours = localized(lang).try_get_matches_from(argv).map(|m| crate::cli::Cli::from_arg_matches(&m));
                let show = |r: Result<Result<crate::cli::Cli, clap::Error>, clap::Error>| match r {
                    Ok(Ok(cli)) => format!("{:?}", cli.command),
                    Ok(Err(e)) | Err(e) => format!("error: {:?}", e.kind()),
                };
                assert_eq!(show(ours), show(theirs), "{line:?}");
            }
        }
        let bad = localized(Lang::Vi).try_get_matches_from(["cutover", "check", "p.toml", "--format", "yaml"]).unwrap_err();
        assert_eq!(bad.kind(), clap::error::ErrorKind::InvalidValue);
    }

    /// With the English catalogue (the library's default language), the
    /// Vietnamese error formatter writes what clap's own writes, byte for
    /// byte: its messages cannot drift from clap's.
    #[test]
    fn the_error_formatter_in_english_is_clap_s() {
        let lines: [&[&str]; 14] = [
            &["frobnicate"],
            &["chek"],
            &["check", "--frob"],
            &["check"],
            &["check", "p.toml", "--format", "yaml"],
            &["check", "p.toml", "--format", "jsn"],
            &["check", "p.toml", "--formt", "json"],
            &["check", "p.toml", "--max-instances", "abc"],
            &["check", "p.toml", "--max-instances"],
            &["check", "p.toml", "--lang", "fr"],
            &["mark", "p.toml", "t", "--done", "--start"],
            &["mark", "p.toml", "t", "--done", "--done"],
            &["mark", "p.toml", "t"],
            &["diff", "a", "b", "c"],
        ];
        for line in lines {
            let argv = || std::iter::once("cutover").chain(line.iter().copied());
            let theirs = localized(Lang::En).try_get_matches_from(argv()).unwrap_err();
            let ours = localized(Lang::En).try_get_matches_from(argv()).unwrap_err().apply::<Vietnamese>();
            assert_eq!(ours.render().to_string(), theirs.render().to_string(), "{line:?}");
            assert_eq!(ours.render().ansi().to_string(), theirs.render().ansi().to_string(), "{line:?}");
        }
    }

    #[test]
    fn the_localized_definitions_are_well_formed() {
        texts(Lang::Vi).debug_assert();
        texts(Lang::En).debug_assert();
    }
}
