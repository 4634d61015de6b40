//! README.md's transcripts are run: every `$ cutover …` line of a
//! ```` ```console ```` block runs the real binary (in a scratch copy of the
//! plans and examples, so `mark` writes nothing here), and the lines shown
//! under it must be what it prints (stdout, then stderr). A line `…` stands
//! for any number of lines; trailing spaces are not compared. A command
//! shown with no output is run and must not fail to run (exit 2).

use crate::test::root;
use std::path::Path;
use std::process::Command;

/// Splits a command line as a shell would for the README's forms: words,
/// and double-quoted strings.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// (command, expected lines) of every console block, in order.
fn transcripts(readme: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut current: Option<(usize, String, Vec<String>)> = None;
    for (n, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            if in_block {
                out.extend(current.take());
            }
            in_block = line == "```console";
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.extend(current.take());
            current = Some((n + 1, cmd.to_string(), Vec::new()));
        } else if let Some((_, _, lines)) = &mut current {
            lines.push(line.to_string());
        }
    }
    out
}

/// Does `got` match `want`, where a `…` line of `want` matches any lines?
fn matches(want: &[String], got: &[&str]) -> bool {
    match want.split_first() {
        None => got.is_empty(),
        Some((w, rest)) if w.trim() == "…" => (0..=got.len()).any(|k| matches(rest, &got[k..])),
        Some((w, rest)) => got.first().is_some_and(|g| g.trim_end() == w.trim_end()) && matches(rest, &got[1..]),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else if p.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn every_transcript_in_the_readme_is_what_the_binary_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let runs = transcripts(&readme);
    assert!(runs.len() >= 10, "README has {} transcripts", runs.len());
    let scratch = tempfile::tempdir().unwrap();
    copy_dir(&root().join("plans"), &scratch.path().join("plans"));
    copy_dir(&root().join("examples"), &scratch.path().join("examples"));
    let mut failures = Vec::new();
    for (line, cmd, want) in &runs {
        let args = words(cmd);
        assert_eq!(args[0], "cutover", "README.md:{line}: a transcript runs cutover");
        let out = Command::new(env!("CARGO_BIN_EXE_cutover"))
            .args(&args[1..])
            .current_dir(scratch.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CUTOVER_LANG")
            .env("USER", "readme")
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let got: Vec<&str> = text.lines().collect();
        // A command shown without its output: only that it ran.
        let shown = want.iter().any(|l| !l.trim().is_empty());
        if !shown {
            if out.status.code() == Some(2) {
                failures.push(format!("README.md:{line}: `{cmd}` could not run:\n{text}"));
            }
            continue;
        }
        let want: Vec<String> = {
            let mut w = want.clone();
            while w.last().is_some_and(|l| l.trim().is_empty()) {
                w.pop();
            }
            w
        };
        if !matches(&want, &got) {
            failures.push(format!("README.md:{line}: `{cmd}` printed:\n{text}\n--- the README shows:\n{}", want.join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_matcher_and_the_splitter() {
    assert_eq!(words(r#"cutover a "b c" d"#), ["cutover", "a", "b c", "d"]);
    let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&w(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&w(&["a", "…", "d"]), &["a", "d"]));
    assert!(!matches(&w(&["a", "…", "d"]), &["a", "b"]));
    assert!(!matches(&w(&["a"]), &["a", "b"]));
}
