//! The one way these tests run `cutover`: a builder that names the command
//! line, where it runs and what it is given, and what it must print and
//! exit with — in full where the output is stable (just's `tests/test.rs` is
//! the model).
//!
//! ```ignore
//! Test::new()
//!     .args(["check", "examples/minimal.toml"])
//!     .stdout("0 errors, 0 warnings in examples/minimal.toml — 6 tasks, 7 instances\n")
//!     .stderr("")
//!     .status(0)
//!     .run();
//! ```
//!
//! Every run asserts that nothing panicked. Colour variables are cleared, a
//! backtrace is asked for, and `USER` is `tester` (what `mark` records as `by`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository: the shipped plans, examples and data.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory holding copies of these repository files (at the
/// same relative paths), for commands that write beside a plan.
pub fn scratch(files: &[&str]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for rel in files {
        let to = d.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(rel), to).unwrap();
    }
    d
}

/// The shipped plan with its units, and the minimal example.
pub const SHIPPED: &[&str] = &["plans/quang-ngai-2025.toml", "plans/units/quang-ngai-2025.toml", "examples/minimal.toml"];

/// A run of the binary, to be described and then [`Test::run`].
#[must_use]
pub struct Test {
    args: Vec<OsString>,
    dir: PathBuf,
    env: Vec<(String, String)>,
    status: Option<i32>,
    stdout: Option<String>,
    stderr: Option<String>,
    stdout_has: Vec<String>,
    stderr_has: Vec<String>,
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Standard output read as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

impl Default for Test {
    fn default() -> Self {
        Test::new()
    }
}

impl Test {
    /// `cutover` in the repository root.
    pub fn new() -> Test {
        Test {
            args: Vec::new(),
            dir: root(),
            env: Vec::new(),
            status: None,
            stdout: None,
            stderr: None,
            stdout_has: Vec::new(),
            stderr_has: Vec::new(),
        }
    }

    pub fn arg(mut self, a: impl Into<OsString>) -> Test {
        self.args.push(a.into());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: Into<OsString>>(mut self, args: I) -> Test {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Runs in `dir` instead of the repository root.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Test {
        self.dir = dir.as_ref().to_path_buf();
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The exit status it must end with.
    pub fn status(mut self, code: i32) -> Test {
        self.status = Some(code);
        self
    }

    /// Standard output, in full.
    pub fn stdout(mut self, text: &str) -> Test {
        self.stdout = Some(text.into());
        self
    }

    /// Standard error, in full.
    pub fn stderr(mut self, text: &str) -> Test {
        self.stderr = Some(text.into());
        self
    }

    /// A line or phrase standard output must contain.
    pub fn stdout_contains(mut self, text: &str) -> Test {
        self.stdout_has.push(text.into());
        self
    }

    /// A line or phrase standard error must contain.
    pub fn stderr_contains(mut self, text: &str) -> Test {
        self.stderr_has.push(text.into());
        self
    }

    /// Runs it and checks what was asked; returns what it printed.
    #[track_caller]
    pub fn run(self) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cutover"));
        cmd.args(&self.args)
            .current_dir(&self.dir)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("CUTOVER_LANG", "en")
            .env("RUST_BACKTRACE", "1")
            .env("USER", "tester")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run cutover");
        let line = format!("cutover {}", self.args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" "));
        let output = Output {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{line}: stdout is not UTF-8: {e}")),
            stderr: String::from_utf8(out.stderr).unwrap_or_else(|e| panic!("{line}: stderr is not UTF-8: {e}")),
        };
        assert!(!output.stderr.contains("panicked"), "{line} panicked:\n{}", output.stderr);
        if let Some(code) = self.status {
            assert_eq!(output.status, code, "{line}: exit status\n--- stdout\n{}--- stderr\n{}", output.stdout, output.stderr);
        }
        if let Some(want) = &self.stdout {
            same(&line, "stdout", want, &output.stdout);
        }
        if let Some(want) = &self.stderr {
            same(&line, "stderr", want, &output.stderr);
        }
        for s in &self.stdout_has {
            assert!(output.stdout.contains(s.as_str()), "{line}: stdout lacks {s:?}:\n{}", output.stdout);
        }
        for s in &self.stderr_has {
            assert!(output.stderr.contains(s.as_str()), "{line}: stderr lacks {s:?}:\n{}", output.stderr);
        }
        output
    }
}

/// Fails with the first line that differs, then both texts.
#[track_caller]
fn same(line: &str, stream: &str, want: &str, got: &str) {
    if want == got {
        return;
    }
    let first = want.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(want.lines().count().min(got.lines().count()));
    panic!(
        "{line}: {stream} differs from line {}:\n  want: {:?}\n  got:  {:?}\n--- want\n{want}--- got\n{got}",
        first + 1,
        want.lines().nth(first).unwrap_or("<end>"),
        got.lines().nth(first).unwrap_or("<end>"),
    );
}
