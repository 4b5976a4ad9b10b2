//! A counting global allocator for the decode-memory bench and test: bytes in use and their
//! peak, and the same with allocations of one chosen size left out (to see a reader's own memory
//! apart from a copy of the body).

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
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(0, layout.size());
        }
        p
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(layout.size(), new_size - layout.size());
            } else {
                shrank(layout.size(), layout.size() - new_size);
            }
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size(), layout.size());
    }
}

pub fn current() -> usize {
    CURRENT.load(Ordering::Relaxed)
}

pub fn reset_peak() {
    PEAK.store(current(), Ordering::Relaxed);
    let c = CURRENT_IGNORING.load(Ordering::Relaxed);
    PEAK_IGNORING.store(c, Ordering::Relaxed);
}

pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}
