//! How many threads a pass over `n` items uses, and the threads that do it.
//!
//! One thread per core, but only where each gets enough work to pay for
//! it. A thread costs ~0.1–0.3 ms to start on a small virtual machine, and
//! its first allocations take fresh memory the system must zero; a
//! 5,000-task plan's references are resolved in less than that. So the
//! threads are started once and kept ([`scope`]): the loader's readers,
//! once a large file is read, resolve its references and run its rules
//! beside the loading thread instead of new threads being started for each
//! pass ([`workers_warm`]).

use std::any::Any;
use std::cell::Cell;
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

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

/// Threads for `n` items as [`workers`] counts them, except that threads
/// already started ([`helpers`]) are cheap to use: while there are any, each
/// thread needs only `min_warm` items.
pub fn workers_warm(n: usize, min_each: usize, min_warm: usize, max: usize) -> usize {
    let cold = workers(n, min_each, max);
    let running = helpers();
    if running == 0 {
        return cold;
    }
    // Threads beyond those running (and this one) would have to be started.
    workers(n, min_warm, max).min(running + 1).max(cold)
}

/// A job for a kept thread, its borrows made `'static` by [`Scope::spawn`].
type Job = Box<dyn FnOnce() + Send + 'static>;

/// The kept threads' queue of jobs.
struct Pool {
    /// Jobs not started yet, each with its scope ([`ScopeState::id`]).
    jobs: Mutex<VecDeque<(usize, Job)>>,
    /// Signalled when a job is queued.
    queued: Condvar,
}

static POOL: Pool = Pool { jobs: Mutex::new(VecDeque::new()), queued: Condvar::new() };

/// Kept threads started (never stopped: they wait for jobs until the
/// process ends).
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Held while threads are started (not the queue's lock: a thread already
/// running takes its first job meanwhile).
static STARTING: Mutex<()> = Mutex::new(());

thread_local! {
    /// This thread is one of the kept threads.
    static HELPER: Cell<bool> = const { Cell::new(false) };
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A job's panic is caught before it could poison a lock of the pool.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How many kept threads have been started.
pub fn helpers() -> usize {
    THREADS.load(Ordering::Acquire)
}

/// Starts kept threads until there are `n` (or the system refuses one:
/// jobs then wait for the threads there are, or run on the caller).
pub fn ensure_helpers(n: usize) {
    if helpers() >= n {
        return;
    }
    let _starting = lock(&STARTING);
    while helpers() < n {
        if std::thread::Builder::new().name("cutover-helper".into()).spawn(helper).is_err() {
            break;
        }
        THREADS.fetch_add(1, Ordering::AcqRel);
    }
}

/// Jobs queued and not yet taken, read without the lock by a thread that
/// waits for one by spinning.
static QUEUED: AtomicUsize = AtomicUsize::new(0);

/// Kept threads waiting for a job by spinning rather than sleeping.
static SPINNING: AtomicUsize = AtomicUsize::new(0);

/// How long a kept thread that ran out of jobs looks for the next one
/// before it sleeps: a thread put to sleep and woken again on a virtual
/// machine may take longer than that to start (the 5k DAG 0.95× with a
/// spin of 100 or 250 µs, in noisy quarter hours as in quieter ones; one
/// of 500 µs burned 4 ms of CPU a run for no more).
const SPIN: std::time::Duration = std::time::Duration::from_micros(100);

/// A kept thread: runs queued jobs, one after another, for the process's life.
fn helper() {
    HELPER.set(true);
    loop {
        // One thread at most spins, and only with a core to spare (the
        // caller needs one).
        if SPINNING.fetch_add(1, Ordering::AcqRel) == 0 && cores() > 1 {
            let since = std::time::Instant::now();
            while QUEUED.load(Ordering::Acquire) == 0 && since.elapsed() < SPIN {
                std::hint::spin_loop();
            }
        }
        SPINNING.fetch_sub(1, Ordering::AcqRel);
        let job = {
            let mut jobs = lock(&POOL.jobs);
            loop {
                match jobs.pop_front() {
                    Some((_, job)) => {
                        QUEUED.fetch_sub(1, Ordering::AcqRel);
                        break job;
                    }
                    None => jobs = POOL.queued.wait(jobs).unwrap_or_else(PoisonError::into_inner),
                }
            }
        };
        job();
    }
}

/// Runs `f`, which may hand jobs borrowing from the caller to the kept
/// threads ([`Scope::spawn`]); returns once every job has finished, and
/// panics again with the first job's panic if one panicked. As
/// `std::thread::scope`, on threads that are already running.
pub fn scope<'s, R>(f: impl FnOnce(&Scope<'s>) -> R) -> R {
    let scope = Scope { state: Arc::new(ScopeState::default()), _borrows: PhantomData };
    /// Waits for the scope's jobs when `f` returns, and when it panics:
    /// those no kept thread has started yet are taken back and run here (a
    /// thread woken on a busy core may start late), then those started are
    /// waited for.
    struct Wait<'a>(&'a ScopeState);
    impl Drop for Wait<'_> {
        fn drop(&mut self) {
            let id = self.0.id();
            let mine: Vec<Job> = {
                let mut jobs = lock(&POOL.jobs);
                let (mine, others) = std::mem::take(&mut *jobs).into_iter().partition::<VecDeque<_>, _>(|(s, _)| *s == id);
                *jobs = others;
                QUEUED.fetch_sub(mine.len(), Ordering::AcqRel);
                mine.into_iter().map(|(_, job)| job).collect()
            };
            for job in mine {
                job();
            }
            let n = lock(&self.0.pending);
            drop(self.0.finished.wait_while(n, |n| *n > 0).unwrap_or_else(PoisonError::into_inner));
        }
    }
    let r = {
        let _wait = Wait(&scope.state);
        f(&scope)
    };
    if let Some(p) = lock(&scope.state.panic).take() {
        std::panic::resume_unwind(p);
    }
    r
}

/// Hands jobs to the kept threads; see [`scope`].
pub struct Scope<'s> {
    state: Arc<ScopeState>,
    /// Invariant in `'s`, as `std::thread::Scope`.
    _borrows: PhantomData<&'s mut &'s ()>,
}

#[derive(Default)]
struct ScopeState {
    /// Jobs handed over and not finished.
    pending: Mutex<usize>,
    /// Signalled when `pending` falls to zero.
    finished: Condvar,
    /// The first job's panic.
    panic: Mutex<Option<Box<dyn Any + Send>>>,
}

impl ScopeState {
    /// Tells this scope's jobs from others' in the queue.
    fn id(&self) -> usize {
        self as *const ScopeState as usize
    }
}

impl<'s> Scope<'s> {
    /// Runs `job` on a kept thread; on this thread at once when there is
    /// none, or when this thread is one of them (a job's own jobs: the kept
    /// threads never wait for each other). A job must not wait for another
    /// job, nor for anything only another job does: the jobs of every
    /// scope share the kept threads, in the order they were handed over.
    pub fn spawn(&self, job: impl FnOnce() + Send + 's) {
        if HELPER.get() || helpers() == 0 {
            job();
            return;
        }
        *lock(&self.state.pending) += 1;
        let state = Arc::clone(&self.state);
        let job: Box<dyn FnOnce() + Send + 's> = Box::new(move || {
            // `job` and what it holds are gone (run or dropped while
            // unwinding) before the scope is told it finished.
            if let Err(p) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)) {
                let mut first = lock(&state.panic);
                match *first {
                    None => *first = Some(p),
                    // Not dropped: a payload whose drop panicked would end
                    // this kept thread before the scope is told.
                    Some(_) => std::mem::forget(p),
                }
            }
            let mut n = lock(&state.pending);
            *n -= 1;
            if *n == 0 {
                state.finished.notify_all();
            }
        });
        // SAFETY: only the lifetime changes. The job borrows for `'s`, and
        // `scope` (which `'s` outlives) does not return, nor unwind past
        // those borrows, before `pending` is back to zero — that is, before
        // this job has run and dropped everything it holds.
        let job: Job = unsafe { std::mem::transmute::<Box<dyn FnOnce() + Send + 's>, Job>(job) };
        {
            let mut jobs = lock(&POOL.jobs);
            jobs.push_back((self.state.id(), job));
            QUEUED.fetch_add(1, Ordering::AcqRel);
        }
        POOL.queued.notify_one();
    }
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

    /// Jobs borrow the caller's data, mutably, and have all run when
    /// `scope` returns, whether kept threads ran them or the caller did.
    #[test]
    fn a_scope_returns_once_its_jobs_have_run() {
        ensure_helpers(2);
        for round in 0..50 {
            let mut shares = vec![0u64; 16];
            let seen = std::sync::atomic::AtomicUsize::new(0);
            let total = scope(|s| {
                for (i, x) in shares.iter_mut().enumerate() {
                    let seen = &seen;
                    s.spawn(move || {
                        *x = (i as u64 + 1) * round;
                        seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    });
                }
                7
            });
            assert_eq!(total, 7);
            assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 16);
            assert_eq!(shares, (1..=16).map(|i| i * round).collect::<Vec<u64>>());
        }
    }

    /// A job's panic reaches the caller once every other job has finished,
    /// and the kept threads go on taking jobs.
    #[test]
    fn a_job_that_panics_panics_the_scope() {
        ensure_helpers(2);
        let finished = std::sync::atomic::AtomicUsize::new(0);
        let got = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            scope(|s| {
                s.spawn(|| panic!("on purpose: this test checks that a job's panic reaches its scope"));
                for _ in 0..4 {
                    s.spawn(|| {
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        finished.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    });
                }
            })
        }));
        let msg = got.expect_err("the scope panics").downcast::<&str>().map(|m| m.to_string()).unwrap_or_default();
        assert!(msg.contains("on purpose"), "{msg}");
        assert_eq!(finished.load(std::sync::atomic::Ordering::SeqCst), 4);
        let mut x = 0;
        scope(|s| s.spawn(|| x = 1));
        assert_eq!(x, 1);
    }

    /// A job's own jobs run on the kept thread that runs it: kept threads
    /// never wait for each other, so a scope inside a job cannot deadlock
    /// even with every kept thread busy.
    #[test]
    fn a_scope_inside_a_job_runs_its_jobs_in_place() {
        ensure_helpers(1);
        let mut inner = [0usize; 8];
        scope(|s| {
            for (i, x) in inner.iter_mut().enumerate() {
                s.spawn(move || {
                    let here = std::thread::current().id();
                    let mut ran_on = None;
                    scope(|t| t.spawn(|| ran_on = Some(std::thread::current().id())));
                    *x = if ran_on == Some(here) || !HELPER.get() { i + 1 } else { 0 };
                });
            }
        });
        assert_eq!(inner, [1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn small_work_stays_on_one_thread() {
        assert_eq!(workers(0, 8192, 8), 1);
        assert_eq!(workers(5000, 8192, 8), 1);
        assert!(workers(1_000_000, 8192, 8) == cores().min(8));
        assert!(workers(3 * 8192, 8192, 2) <= 2);
    }
}
