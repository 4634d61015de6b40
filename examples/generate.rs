//! Writes generated plans for scale tests and benchmarks.
//!
//!     cargo run --release --example generate -- national OUTDIR
//!     cargo run --release --example generate -- dag N OUTFILE [--seed S]
//!     cargo run --release --example generate -- log PLAN N OUTFILE [--seed S]
//!
//! `national` applies `plans/quang-ngai-2025.toml`'s task set to all 3,321
//! communes of `data/vn-communes-2025.csv` (one included file per province);
//! `dag` writes a layered random DAG of N tasks (deterministic per seed).

use std::path::{Path, PathBuf};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let write = |p: &Path, text: &str| -> Result<(), String> {
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        cutover::output::write_atomic(p, text.as_bytes()).map_err(|e| format!("{}: {e}", p.display()))
    };
    match args.first().map(String::as_str) {
        Some("national") => {
            let out = PathBuf::from(args.get(1).ok_or("usage: generate national OUTDIR")?);
            let files = cutover::generate::national(
                &read(&root.join("plans/quang-ngai-2025.toml"))?,
                &read(&root.join("data/vn-communes-2025.csv"))?,
                &read(&root.join("data/vn-provinces-2025.csv"))?,
            )?;
            for (rel, text) in &files {
                write(&out.join(rel), text)?;
            }
            eprintln!("wrote {} files under {}", files.len(), out.display());
        }
        Some("dag") => {
            let n: usize = args.get(1).and_then(|s| s.replace('_', "").parse().ok()).ok_or("usage: generate dag N OUTFILE [--seed S]")?;
            let out = PathBuf::from(args.get(2).ok_or("usage: generate dag N OUTFILE [--seed S]")?);
            let seed = match args.iter().position(|a| a == "--seed") {
                Some(i) => args.get(i + 1).and_then(|s| s.parse().ok()).ok_or("--seed takes a number")?,
                None => 1,
            };
            write(&out, &cutover::generate::dag(n, seed))?;
            eprintln!("wrote {}", out.display());
        }
        Some("log") => {
            let usage = "usage: generate log PLAN N OUTFILE [--seed S]";
            let plan = PathBuf::from(args.get(1).ok_or(usage)?);
            let n: usize = args.get(2).and_then(|s| s.replace('_', "").parse().ok()).ok_or(usage)?;
            let out = PathBuf::from(args.get(3).ok_or(usage)?);
            let seed = match args.iter().position(|a| a == "--seed") {
                Some(i) => args.get(i + 1).and_then(|s| s.parse().ok()).ok_or("--seed takes a number")?,
                None => 1,
            };
            let r = cutover::context::check_file(&plan, &cutover::load::LoadOptions::default()).map_err(|e| e.to_string())?;
            let g = r.graph.as_ref().ok_or("the plan could not be read")?;
            write(&out, &cutover::generate::status_log(&r.plan, g, n, seed))?;
            eprintln!("wrote {}", out.display());
        }
        _ => {
            return Err(
                "usage: generate national OUTDIR | generate dag N OUTFILE [--seed S] | generate log PLAN N OUTFILE [--seed S]".into()
            );
        }
    }
    Ok(())
}
