//! Taking the memory a large plan will need in one burst, before the work.
//!
//! On a virtual machine that hands freed guest memory back to its host
//! (free page reporting: Firecracker, virtio-balloon, most CI runners), the
//! first touch of a page the host has taken back costs a host fault — about
//! a second per GB on this project's machine. A process that touches its
//! memory a little at a time over a second of work races the reporter and
//! loses: the pages it reaches late have been handed back in the meantime.
//! A process that touches all of it at once, at the start, gets the pages
//! the previous process just freed, before they are reported.
//!
//! [`prefault`] does that: it touches a block of the expected size on every
//! core and frees it. It helps only when the allocator keeps freed memory for
//! the process's later allocations instead of returning it to the system;
//! the `cutover` binary's allocator (mimalloc) is told to (`src/main.rs`).
//! Elsewhere it costs the time to zero the block (~30 ms per GB) and nothing
//! else. Measured in `docs/performance.md` ("Two kinds of run on this machine,
//! and why there is now one").

/// A page of the smallest size the system hands out.
const PAGE: usize = 4096;

/// The most [`prefault`] touches, whatever it is asked: a plan larger than
/// this pays for the rest as it goes.
pub const MAX_PREFAULT_BYTES: usize = 4 << 30;

/// Set `CUTOVER_PREFAULT=0` to turn [`prefault`] off (to measure what it does).
fn enabled() -> bool {
    if !cfg!(feature = "prefault") {
        return false;
    }
    std::env::var_os("CUTOVER_PREFAULT").is_none_or(|v| v != "0")
}

/// Touches `bytes` (at most [`MAX_PREFAULT_BYTES`]) of fresh memory, one
/// write per page, split between the cores, then frees it. A failed
/// reservation is not an error: the work then takes its memory as it goes.
pub fn prefault(bytes: usize) {
    let bytes = bytes.min(MAX_PREFAULT_BYTES);
    if bytes < PAGE || !enabled() {
        return;
    }
    let mut block: Vec<u8> = Vec::new();
    if block.try_reserve_exact(bytes).is_err() {
        return;
    }
    let spare = &mut block.spare_capacity_mut()[..bytes];
    let workers = crate::par::cores().clamp(1, 8);
    let per = bytes.div_ceil(workers).next_multiple_of(PAGE);
    std::thread::scope(|scope| {
        for part in spare.chunks_mut(per) {
            scope.spawn(move || {
                for page in part.chunks_mut(PAGE) {
                    page[0].write(0);
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touches_and_frees_without_fuss() {
        // Odd sizes (not a multiple of a page, smaller than a page) and
        // nothing at all.
        prefault(0);
        prefault(100);
        prefault(3 * PAGE + 17);
        prefault(8 << 20);
    }
}
