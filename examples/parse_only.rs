//! The floor for benchmarks: read a plan file and every file it includes,
//! and parse each into plain TOML values (`toml::de::DeTable`) — nothing
//! else. By default a large file is cut into chunks at top-level tables and
//! the chunks parsed on every core, as `cutover` itself reads files;
//! `--whole` parses each file as one document (what a naive reader does).
//!
//!     cargo run --release --example parse_only -- PLAN [--whole]

use std::path::PathBuf;
use toml::de::{DeTable, DeValue};

// The same allocator as the `cutover` binary, so the floor is measured like for like.
#[global_allocator]
static ALLOC: cutover::alloc::MiMalloc = cutover::alloc::MiMalloc;

fn main() {
    let Some(plan) = std::env::args().nth(1) else {
        eprintln!("usage: parse_only PLAN [--whole]");
        std::process::exit(2);
    };
    let whole = std::env::args().any(|a| a == "--whole");
    let mut stack = vec![PathBuf::from(plan)];
    let (mut files, mut keys) = (0usize, 0usize);
    while let Some(path) = stack.pop() {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Chunks after the first hold no includes; they are parsed and dropped.
        let chunks = if whole { vec![0..text.len()] } else { cutover::load::split_chunks(&text, 1 << 20) };
        let first = chunks[0].clone();
        let rest = &chunks[1..];
        let next = std::sync::atomic::AtomicUsize::new(0);
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let counted: usize = if rest.is_empty() {
            0
        } else {
            std::thread::scope(|s| {
                let hs: Vec<_> = (0..workers)
                    .map(|_| {
                        s.spawn(|| {
                            let mut n = 0;
                            while let Some(r) = rest.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                                n += DeTable::parse(&text[r.clone()]).expect("chunk parses").get_ref().len();
                            }
                            n
                        })
                    })
                    .collect();
                hs.into_iter().map(|h| h.join().expect("worker")).sum()
            })
        };
        let doc = DeTable::parse(&text[first]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        files += 1;
        keys += doc.get_ref().len() + counted;
        let dir = path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
        let mut includes = Vec::new();
        if let Some(DeValue::Table(p)) = doc.get_ref().get("plan").map(|v| v.get_ref()) {
            includes.extend(p.get("include").cloned());
        }
        includes.extend(doc.get_ref().get("include").cloned());
        for inc in includes {
            if let DeValue::Array(items) = inc.get_ref() {
                for item in items.iter() {
                    if let DeValue::String(s) = item.get_ref() {
                        stack.push(dir.join(s.as_ref()));
                    }
                }
            }
        }
    }
    println!("parsed {files} files, {keys} top-level keys");
}
