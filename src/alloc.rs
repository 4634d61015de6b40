//! The binary's allocator: mimalloc, asked for plain blocks whenever the
//! alignment Rust wants is one mimalloc gives every block anyway.
//!
//! The `mimalloc` crate passes every request to `mi_malloc_aligned`, whose
//! quick path covers only blocks of up to 1 KiB: a larger block whose size
//! is not a power of two (a task list, a file's text, a part's references)
//! went through its generic path and was over-allocated to be aligned to
//! 8 bytes, which every mimalloc block already is (~480 instructions each,
//! 1.5 % of a 5,000-task plan's run). As the standard library's `System`
//! allocator does with `malloc`, requests that need no more than that
//! alignment go to `mi_malloc`, `mi_zalloc` and `mi_realloc`.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc as the global allocator (`#[global_allocator]` in `main.rs`).
pub struct MiMalloc;

/// Whether a plain mimalloc block of `size` bytes is aligned to `align`:
/// every block is aligned to a pointer's size, and one of 16 bytes or more
/// to 16 (`MI_MAX_ALIGN_SIZE`: mimalloc's size classes are multiples of it).
fn plain(align: usize, size: usize) -> bool {
    align <= std::mem::size_of::<usize>() || (align <= 16 && align <= size)
}

// SAFETY: every block comes from mimalloc and goes back to it (`mi_free`
// takes blocks of its plain and aligned entry points alike); a plain block
// is used only where `plain` says its alignment is enough.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: plain FFI calls; `layout.size()` is non-zero (GlobalAlloc's contract).
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` was given by this allocator (GlobalAlloc's contract).
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was given by this allocator for `layout`; the new
        // block keeps `layout.align()` (GlobalAlloc's contract).
        unsafe {
            if plain(layout.align(), new_size) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size and alignment Rust asks for are aligned as asked,
    /// keep their bytes when grown or shrunk, and come back zeroed when asked.
    #[test]
    fn blocks_are_aligned_as_asked() {
        let a = MiMalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 12, 16, 24, 40, 1000, 1025, 4000, 40_000, 443_704, 1 << 20] {
                let l = Layout::from_size_align(size, align).unwrap();
                // SAFETY: non-zero sizes; each block is freed with the layout it was made with.
                unsafe {
                    let p = a.alloc(l);
                    assert!(!p.is_null() && p as usize % align == 0, "{size} bytes aligned to {align}");
                    p.write_bytes(0xab, size);
                    let q = a.realloc(p, l, size * 3 + 1);
                    assert!(!q.is_null() && q as usize % align == 0, "{size} bytes grown, aligned to {align}");
                    assert!(std::slice::from_raw_parts(q, size).iter().all(|&b| b == 0xab));
                    let l3 = Layout::from_size_align(size * 3 + 1, align).unwrap();
                    let r = a.realloc(q, l3, size.div_ceil(2));
                    assert!(!r.is_null() && r as usize % align == 0, "{size} bytes shrunk, aligned to {align}");
                    assert!(std::slice::from_raw_parts(r, size.div_ceil(2)).iter().all(|&b| b == 0xab));
                    a.dealloc(r, Layout::from_size_align(size.div_ceil(2), align).unwrap());
                    let z = a.alloc_zeroed(l);
                    assert!(!z.is_null() && z as usize % align == 0);
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    a.dealloc(z, l);
                }
            }
        }
    }
}
