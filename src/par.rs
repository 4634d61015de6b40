//! How many threads a pass over `n` items uses: one per core, but only
//! where each gets enough work to pay for starting it. A thread costs
//! ~0.1 ms to start, and its first allocations take fresh memory the
//! system must zero; a 5,000-task plan's references are resolved in less
//! than that, so a small plan is read, resolved and checked on the threads
//! it already has.

use std::sync::OnceLock;

/// The cores this process may use (read once: the standard library reads
/// the cgroup files on every call).
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Threads for `n` items when each thread should get at least `min_each`:
/// between 1 and [`cores`], at most `max`.
pub fn workers(n: usize, min_each: usize, max: usize) -> usize {
    (n / min_each.max(1)).clamp(1, cores().min(max).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_work_stays_on_one_thread() {
        assert_eq!(workers(0, 8192, 8), 1);
        assert_eq!(workers(5000, 8192, 8), 1);
        assert!(workers(1_000_000, 8192, 8) == cores().min(8));
        assert!(workers(3 * 8192, 8192, 2) <= 2);
    }
}
