//! A counting global allocator for the decode-memory bench and test: bytes in use and their
//! peak, and the same with allocations of one chosen size left out (to see a reader's own memory
//! apart from a copy of the body). The bytes counted are the sizes asked for (`Layout::size`);
//! `USABLE` / `USABLE_PEAK` count what the system allocator actually set aside for the same
//! blocks (glibc's `malloc_usable_size`: its rounding and minimum block size included, its
//! per-block header not), on Linux with glibc only (elsewhere they equal the sizes asked for).

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

/// Declare it with `#[global_allocator] static GLOBAL: counting::Counting = counting::Counting;`.
pub struct Counting;

pub static CURRENT: AtomicUsize = AtomicUsize::new(0);
pub static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Allocations of exactly this size are not counted by `CURRENT_IGNORING` (0: none ignored).
pub static IGNORED_SIZE: AtomicUsize = AtomicUsize::new(0);
/// Signed: a block allocated while its size is ignored and freed later is subtracted once.
pub static CURRENT_IGNORING: AtomicIsize = AtomicIsize::new(0);
pub static PEAK_IGNORING: AtomicIsize = AtomicIsize::new(0);
/// Bytes the system allocator set aside for the blocks in use, and their peak.
pub static USABLE: AtomicUsize = AtomicUsize::new(0);
pub static USABLE_PEAK: AtomicUsize = AtomicUsize::new(0);

#[cfg(all(target_os = "linux", target_env = "gnu"))]
unsafe extern "C" {
    fn malloc_usable_size(ptr: *mut std::ffi::c_void) -> usize;
}

/// What the system allocator set aside for the block at `ptr` (of `size` bytes asked for).
fn usable(ptr: *mut u8, size: usize) -> usize {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let _ = size;
        // SAFETY: `ptr` is a live block from `System`, which is glibc's malloc family here.
        unsafe { malloc_usable_size(ptr.cast()) }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        let _ = ptr;
        size
    }
}

fn usable_grew(by: usize) {
    let now = USABLE.fetch_add(by, Ordering::Relaxed) + by;
    USABLE_PEAK.fetch_max(now, Ordering::Relaxed);
}

pub fn grew(size_before: usize, by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
    let ignored = IGNORED_SIZE.load(Ordering::Relaxed);
    if ignored == 0 || (size_before != ignored && size_before + by != ignored) {
        let by = by as isize;
        let now = CURRENT_IGNORING.fetch_add(by, Ordering::Relaxed) + by;
        PEAK_IGNORING.fetch_max(now, Ordering::Relaxed);
    }
}

pub fn shrank(size_before: usize, by: usize) {
    CURRENT.fetch_sub(by, Ordering::Relaxed);
    let ignored = IGNORED_SIZE.load(Ordering::Relaxed);
    if ignored == 0 || (size_before != ignored && size_before - by != ignored) {
        CURRENT_IGNORING.fetch_sub(by as isize, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(0, layout.size());
            usable_grew(usable(p, layout.size()));
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(0, layout.size());
            usable_grew(usable(p, layout.size()));
        }
        p
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let before = usable(ptr, layout.size());
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(layout.size(), new_size - layout.size());
            } else {
                shrank(layout.size(), layout.size() - new_size);
            }
            let after = usable(p, new_size);
            if after >= before {
                usable_grew(after - before);
            } else {
                USABLE.fetch_sub(before - after, Ordering::Relaxed);
            }
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let size = usable(ptr, layout.size());
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size(), layout.size());
        USABLE.fetch_sub(size, Ordering::Relaxed);
    }
}

pub fn current() -> usize {
    CURRENT.load(Ordering::Relaxed)
}

pub fn reset_peak() {
    PEAK.store(current(), Ordering::Relaxed);
    USABLE_PEAK.store(USABLE.load(Ordering::Relaxed), Ordering::Relaxed);
    let c = CURRENT_IGNORING.load(Ordering::Relaxed);
    PEAK_IGNORING.store(c, Ordering::Relaxed);
}

pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// What the system allocator set aside for the blocks in use ([`USABLE`]), and its peak.
pub fn usable_current() -> usize {
    USABLE.load(Ordering::Relaxed)
}

pub fn usable_peak() -> usize {
    USABLE_PEAK.load(Ordering::Relaxed)
}
