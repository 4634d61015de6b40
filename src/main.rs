//! The `cutover` binary: parse arguments, run the library, map the outcome
//! to the exit status (0 clean, 1 errors found, 2 could not run).

use cutover::cli::{Outcome, run};
use std::process::ExitCode;

// A plan of a million tasks is millions of small allocations (docs/performance.md).
#[global_allocator]
static ALLOC: cutover::alloc::MiMalloc = cutover::alloc::MiMalloc;

#[cfg(feature = "prefault")]
/// mimalloc's `mi_option_purge_delay` (v3 `mimalloc.h`; the sys crate names
/// no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Keep freed memory for the process's later allocations rather than
    // handing it back to the system: a run is short, and memory taken in
    // one burst at the start (`cutover::memory`) is then what the work uses.
    // SAFETY: set once, before any other thread exists.
    #[cfg(feature = "prefault")]
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1)
    };
    // Messages (and `--help`) in the language asked for, Vietnamese by default.
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    cutover::i18n::set(cutover::cli::args::lang_before_parse(&argv));
    let cli = cutover::cli::parse_from(argv);
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(e) => {
            // `cutover check … | head` closes the pipe early: not an error.
            let broken_pipe = |c: &(dyn std::error::Error + 'static)| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || c.downcast_ref::<serde_json::Error>().is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            };
            if e.chain().any(broken_pipe) {
                return ExitCode::SUCCESS;
            }
            // Said once: each error's text carries its own reason. Text from
            // a plan or an argument is made safe for the terminal.
            eprintln!("{}: {}", cutover::i18n::text("common.error"), cutover::text::visible(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}
