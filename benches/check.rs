//! In-process benchmarks of the library (`cargo bench`): loading and
//! checking the real plan and the national plan, the schedule, and the time
//! expression parser. `bench/run.sh` measures the binary end to end, with
//! peak memory and the parse-only floor; docs/performance.md has both.

use cutover::context::check_loaded;
use cutover::load::{LoadOptions, load, load_bytes};
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[divan::bench]
fn check_real_plan() {
    let p = root().join("plans/quang-ngai-2025.toml");
    let l = load(&p, &LoadOptions::default()).expect("load");
    divan::black_box(check_loaded(&p, l));
}

/// The national plan, generated once into a temporary directory.
fn national() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("tempdir");
        let read = |p: &str| std::fs::read_to_string(root().join(p)).expect(p);
        let files = cutover::generate::national(
            &read("plans/quang-ngai-2025.toml"),
            &read("data/vn-communes-2025.csv"),
            &read("data/vn-provinces-2025.csv"),
        )
        .expect("generate");
        for (rel, text) in files {
            let p = d.path().join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        d
    })
    .path()
}

#[divan::bench(sample_count = 20)]
fn check_national_plan() {
    let p = national().join("national.toml");
    let l = load(&p, &LoadOptions::default()).expect("load");
    divan::black_box(check_loaded(&p, l));
}

#[divan::bench(args = [10_000, 100_000], sample_count = 5)]
fn check_random_dag(bencher: divan::Bencher, n: usize) {
    let text = cutover::generate::dag(n, 1);
    bencher.bench(|| {
        let l = load_bytes(Path::new("dag.toml"), text.clone().into_bytes(), &LoadOptions::default());
        divan::black_box(check_loaded(Path::new("dag.toml"), l))
    });
}

#[divan::bench(args = ["trước ngày 21/6/2025", "24 giờ 00 ngày 30/6/2025", "2025-06-25T14:30", "quý II/2026"])]
fn parse_time_expression(s: &str) {
    divan::black_box(cutover::time::TimeExpr::parse(divan::black_box(s)).expect("parses"));
}
