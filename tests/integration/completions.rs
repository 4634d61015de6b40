//! `cutover completions` and `cutover man`: generated from the same clap
//! definitions the parser uses, so they cannot drift from the commands.

use crate::test::Test;

#[test]
fn bash_completion_is_valid_bash_and_knows_every_command() {
    let script = Test::new().args(["completions", "bash"]).status(0).run().stdout;
    assert!(script.contains("_cutover()"), "{script}");
    for cmd in ["check", "critical-path", "checklist", "mark", "approve", "status", "next", "why", "gantt", "ics", "man"] {
        assert!(script.contains(cmd), "no `{cmd}` in the bash completion");
    }
    assert!(script.contains("--lang") && script.contains("--format"), "flags");
    // Parsed by bash itself (`-n`: read, not run).
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("cutover.bash");
    std::fs::write(&path, &script).unwrap();
    let out = std::process::Command::new("bash").arg("-n").arg(&path).output().expect("bash");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let s = Test::new().args(["completions", shell]).status(0).run().stdout;
        assert!(s.contains("critical-path") && s.contains("why"), "{shell}");
    }
    let out = Test::new().args(["completions", "tcsh"]).status(2).run();
    assert!(out.stderr.contains("invalid value 'tcsh'"), "{}", out.stderr);
}

#[test]
fn man_pages_for_the_tool_and_each_command() {
    let page = Test::new().args(["man"]).status(0).run().stdout;
    assert!(page.contains(".TH cutover 1"), "{page}");
    assert!(page.contains("critical\\-path") || page.contains("critical-path"), "the commands are listed");
    let d = tempfile::tempdir().unwrap();
    let out = Test::new().args(["man", "--dir"]).arg(d.path()).status(0).run();
    let mut names: Vec<String> = std::fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    // One page for the tool, one per command (`cutover --help` lists them).
    let help = Test::new().args(["--help"]).status(0).run().stdout;
    let commands = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .count();
    assert!(commands >= 15, "{help}");
    assert_eq!(names.len(), 1 + commands - 1, "a page per command but `help`: {names:?}");
    assert!(out.stderr.starts_with(&format!("wrote {} manual pages to ", names.len())), "{}", out.stderr);
    assert!(names.contains(&"cutover.1".to_string()) && names.contains(&"cutover-why.1".to_string()), "{names:?}");
    let why = std::fs::read_to_string(d.path().join("cutover-why.1")).unwrap();
    assert!(why.contains(".TH cutover\\-why 1") || why.contains(".TH cutover-why 1"), "{why}");
    assert!(why.contains("\\-\\-format") || why.contains("--format"), "{why}");
    // Not a directory: refused, nothing written.
    let f = d.path().join("file");
    std::fs::write(&f, "x").unwrap();
    let out = Test::new().args(["man", "--dir"]).arg(&f).status(2).run();
    assert!(out.stderr.contains("is not a directory"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "x");
}

/// Help prints its examples as written: on a narrow terminal no example
/// command, and no comment after one, is wrapped onto a line of its own.
#[test]
fn help_examples_never_wrap_inside_a_command() {
    use cutover::cli::commands as c;
    let cases: [(&str, &str); 15] = [
        ("check", c::check::EXAMPLES),
        ("critical-path", c::critical_path::EXAMPLES),
        ("checklist", c::checklist::EXAMPLES),
        ("mark", c::mark::EXAMPLES),
        ("approve", c::approve::EXAMPLES),
        ("status", c::status::EXAMPLES),
        ("next", c::next::EXAMPLES),
        ("graph", c::graph::EXAMPLES),
        ("ics", c::ics::EXAMPLES),
        ("why", c::why::EXAMPLES),
        ("diff", c::diff::EXAMPLES),
        ("gantt", c::gantt::EXAMPLES),
        ("schema", c::schema::EXAMPLES),
        ("completions", c::completions::EXAMPLES),
        ("man", c::man::EXAMPLES),
    ];
    for (cmd, examples) in cases {
        let help = Test::new().args([cmd, "--help"]).env("COLUMNS", "40").status(0).run().stdout;
        for line in examples.lines().filter(|l| l.trim_start().starts_with("cutover ")) {
            assert!(help.lines().any(|h| h == line), "`{cmd} --help` at 40 columns breaks:\n{line}\n---\n{help}");
        }
    }
}
