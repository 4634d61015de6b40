//! The one place that owns the streams: stdout (buffered) and stderr,
//! colour (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`, terminals), warnings
//! (each printed once), the spinner, opening a plan for a command, and
//! atomic `-o` writes that never replace a file the command read.

use super::args::ColorChoice;
use crate::context::{OpenOptions, Opened};
use anyhow::Result;
use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Should output to a stream be coloured? `--color`, then `NO_COLOR` (any
/// non-empty value turns colour off), then `CLICOLOR_FORCE`, then whether the
/// stream is a terminal.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                return false;
            }
            if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                return true;
            }
            is_terminal
        }
    }
}

pub struct Shell {
    color: ColorChoice,
    lang: Option<crate::time::Lang>,
    warned: RefCell<HashSet<String>>,
}

impl Shell {
    pub fn new(color: ColorChoice, lang: Option<crate::time::Lang>) -> Shell {
        Shell { color, lang, warned: RefCell::new(HashSet::new()) }
    }

    /// The language the user asked for (`--lang`, `CUTOVER_LANG`), if any:
    /// dates and labels then follow it rather than the plan's `lang`.
    pub fn lang(&self) -> Option<crate::time::Lang> {
        self.lang
    }

    /// Colour on stderr (findings, warnings).
    pub fn err_color(&self) -> bool {
        use_color(self.color, std::io::stderr().is_terminal())
    }

    /// Colour on stdout (the status screen).
    pub fn out_color(&self) -> bool {
        use_color(self.color, std::io::stdout().is_terminal())
    }

    pub fn stdout_is_terminal(&self) -> bool {
        std::io::stdout().is_terminal()
    }

    pub fn stderr_is_terminal(&self) -> bool {
        std::io::stderr().is_terminal()
    }

    /// Standard output, buffered: every report is written through it.
    pub fn out(&self) -> std::io::BufWriter<std::io::StdoutLock<'static>> {
        std::io::BufWriter::with_capacity(64 << 10, std::io::stdout().lock())
    }

    /// Standard error (unbuffered: messages appear as they are written).
    pub fn err(&self) -> std::io::StderrLock<'static> {
        std::io::stderr().lock()
    }

    /// Prints `warning: TEXT` on stderr, once per run, made safe for a terminal.
    pub fn warn(&self, text: &str) -> Result<()> {
        if self.warned.borrow_mut().insert(text.to_string()) {
            writeln!(self.err(), "{}: {}", crate::t!("common.warning"), crate::text::visible_line(text))?;
        }
        Ok(())
    }

    /// The width to lay tables out in: the terminal's, when stdout is one.
    pub fn terminal_width(&self) -> Option<u16> {
        if !self.stdout_is_terminal() {
            return None;
        }
        std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).or(Some(120))
    }

    /// Opens a plan for a command (a spinner while it takes long), and
    /// prints the status log's warnings.
    pub fn open(&self, path: &Path, opts: &OpenOptions) -> Result<&'static Opened> {
        let spinner = Spinner::start(true);
        let opened = crate::context::open(path, opts)?;
        drop(spinner);
        self.night_warnings(&opened)?;
        Ok(keep_until_exit(opened))
    }

    /// Opens a plan for a command that needs its schedule. A plan whose
    /// structure is broken (see `Rule::blocks_schedule`) is refused with
    /// its errors on stderr: `None` (the command ends with
    /// `Outcome::Findings`).
    pub fn open_scheduled(&self, path: &Path, opts: &OpenOptions) -> Result<Option<&'static Opened>> {
        let opened = self.open(path, opts)?;
        let r = &opened.report;
        if let Some(findings) = crate::report::human::unschedulable(r, self.err_color()) {
            let mut err = self.err();
            err.write_all(findings.as_bytes())?;
            writeln!(err, "{}: {}", crate::t!("common.error"), crate::t!("err.unschedulable", path = crate::text::visible_line(&r.path)))?;
            return Ok(None);
        }
        Ok(Some(opened))
    }

    /// The status log's warnings (malformed lines, unknown tasks), once.
    pub fn night_warnings(&self, opened: &Opened) -> Result<()> {
        match &opened.night {
            Some(n) => self.log_warnings(n),
            None => Ok(()),
        }
    }

    /// A night's log warnings, once each, after the log's path.
    pub fn log_warnings(&self, n: &crate::context::Night) -> Result<()> {
        let log = crate::source::display_path(&n.log);
        for w in n.progress.warning_lines() {
            self.warn(&format!("{log}: {w}"))?;
        }
        Ok(())
    }

    /// Writes a command's output, as it is rendered, to `-o FILE`
    /// (atomically) or standard output (buffered). `-o` is refused (exit 2,
    /// nothing written) when it names a file the command read — the plan,
    /// an include, the status log — or something other than a regular file.
    pub fn emit(
        &self,
        output: Option<&Path>,
        inputs: &crate::guard::Inputs,
        render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        match output {
            Some(p) => {
                let target = inputs.check_output("-o", p)?;
                crate::output::write_atomic_with(&target, render).map_err(|e| {
                    let (path, reason) = (crate::source::display_path(p), crate::source::io_reason(&e));
                    anyhow::anyhow!("{}", crate::t!("err.cannot-write", path = path, reason = reason))
                })
            }
            None => {
                let mut out = self.out();
                render(&mut out)?;
                out.flush()?;
                Ok(())
            }
        }
    }
}

/// Every file a command read: the plan, its includes, and the status log
/// (the one named, or the plan's own beside it), which no output may replace.
pub fn inputs(opened: &Opened, plan_path: &Path, status: Option<&Path>) -> crate::guard::Inputs {
    let mut inputs = crate::guard::Inputs::default();
    inputs.add_plan(&opened.report.plan);
    let log = status.map(Path::to_path_buf).unwrap_or_else(|| crate::status::default_path(plan_path));
    inputs.add(&log, crate::guard::Role::StatusLog);
    inputs
}

/// Hands `x` to the end of the process: the operating system takes back a
/// million tasks' memory at once, where dropping them one by one costs half
/// a second (measured on the 1M-task plan). Only for what a command keeps to
/// its end; `run` runs once per process.
pub fn keep_until_exit<T>(x: T) -> &'static T {
    Box::leak(Box::new(x))
}

/// A spinner on stderr for long loads and checks: only on a terminal, never
/// in CI, and only once the work has taken half a second.
pub struct Spinner {
    bar: indicatif::ProgressBar,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Spinner {
    pub fn start(enabled: bool) -> Option<Spinner> {
        if !enabled || !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
            return None;
        }
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let files = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        {
            let (bar, files) = (bar.clone(), files.clone());
            crate::progress::set_hook(move |s| match s {
                crate::progress::Step::FileRead(path) => {
                    let n = files.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    bar.set_message(crate::t!("progress.files-read", n = n, path = crate::text::visible_line(path)));
                }
                crate::progress::Step::Chunks { done, total } => bar.set_message(crate::t!("progress.chunks", done = done, total = total)),
                crate::progress::Step::Phase(p) => bar.set_message(p.next_activity()),
            });
        }
        {
            let (bar, done) = (bar.clone(), done.clone());
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(500));
                if !done.load(std::sync::atomic::Ordering::SeqCst) {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                }
            });
        }
        Some(Spinner { bar, done })
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::SeqCst);
        self.bar.finish_and_clear();
    }
}
