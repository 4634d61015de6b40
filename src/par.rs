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
/// between 1 and [`cores`], at most `max`. Work for one thread does not ask
/// how many cores there are (the standard library reads the process's
/// cgroup files to say: ~60 µs, 3 % of a small plan's `check`).
pub fn workers(n: usize, min_each: usize, max: usize) -> usize {
    let wanted = n / min_each.max(1);
    if wanted <= 1 || max <= 1 {
        return 1;
    }
    wanted.min(cores()).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panic on a worker still unwinds — its values dropped, the thread's
    /// scope told — and a backtrace still walks the stack: on Linux with
    /// glibc the unwinder is GCC's, linked in by build.rs instead of loaded
    /// from `libgcc_s.so.1`, and this test program is linked the same way.
    #[test]
    fn a_panic_unwinds_through_the_linked_in_unwinder() {
        struct Dropped<'a>(&'a std::sync::atomic::AtomicBool);
        impl Drop for Dropped<'_> {
            fn drop(&mut self) {
                self.0.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
        let dropped = std::sync::atomic::AtomicBool::new(false);
        let joined = std::thread::scope(|s| {
            s.spawn(|| {
                let _d = Dropped(&dropped);
                panic!("on purpose: this test checks that a panic unwinds");
            })
            .join()
        });
        assert!(joined.is_err());
        assert!(dropped.load(std::sync::atomic::Ordering::SeqCst));
        let trace = std::backtrace::Backtrace::force_capture().to_string();
        assert!(trace.contains("a_panic_unwinds_through_the_linked_in_unwinder"), "{trace}");
    }

    #[test]
    fn small_work_stays_on_one_thread() {
        assert_eq!(workers(0, 8192, 8), 1);
        assert_eq!(workers(5000, 8192, 8), 1);
        assert!(workers(1_000_000, 8192, 8) == cores().min(8));
        assert!(workers(3 * 8192, 8192, 2) <= 2);
    }
}
